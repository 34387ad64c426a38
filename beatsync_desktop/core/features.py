"""Band-wise onset features: what survives a speaker, a room and a phone.

Reverb smears decays and the phone's AGC rides the level, but the *rises* of energy in each
frequency band (drum hits, note onsets) stay where they were. So the coarse search compares
positive log-energy differences per band, each band normalised on its own.
"""

from __future__ import annotations

import numpy as np

ANALYSIS_RATE = 16_000          # Hz; enough for the phone's useful band, cheap to process
HOP = 160                       # samples → 100 feature frames per second
FRAME_RATE = ANALYSIS_RATE / HOP
N_FFT = 512
BAND_EDGES_HZ = (150, 250, 400, 630, 1000, 1600, 2500, 4000, 6300)   # 8 bands, 1/1.6 octave
_CHUNK_FRAMES = 4096            # STFT in chunks so a 20-minute video stays small in memory


def _band_matrix(rate: int, n_fft: int) -> np.ndarray:
    freqs = np.fft.rfftfreq(n_fft, 1.0 / rate)
    bands = np.zeros((len(BAND_EDGES_HZ) - 1, freqs.size), np.float32)
    for i, (lo, hi) in enumerate(zip(BAND_EDGES_HZ[:-1], BAND_EDGES_HZ[1:])):
        bands[i, (freqs >= lo) & (freqs < hi)] = 1.0
    return bands


def band_energies(x: np.ndarray, rate: int = ANALYSIS_RATE, hop: int = HOP,
                  n_fft: int = N_FFT) -> np.ndarray:
    """Log energy per band and frame, shape (bands, frames); frame i centred at i*hop."""
    x = np.asarray(x, np.float32)
    pad = n_fft // 2
    x = np.concatenate([np.zeros(pad, np.float32), x, np.zeros(pad, np.float32)])
    n_frames = max(0, 1 + (x.size - n_fft) // hop)
    window = np.hanning(n_fft).astype(np.float32)
    bands = _band_matrix(rate, n_fft)
    out = np.empty((bands.shape[0], n_frames), np.float32)
    frames_view = np.lib.stride_tricks.sliding_window_view(x, n_fft)[::hop]
    for i in range(0, n_frames, _CHUNK_FRAMES):
        block = frames_view[i:i + _CHUNK_FRAMES] * window
        power = np.abs(np.fft.rfft(block, axis=1)) ** 2
        out[:, i:i + block.shape[0]] = (power @ bands.T).T
    return np.log(out + 1e-10, dtype=np.float32)


def onset_features(log_energy: np.ndarray) -> np.ndarray:
    """Positive energy rises per band, each band scaled to unit variance, zero mean."""
    rise = np.diff(log_energy, axis=1, prepend=log_energy[:, :1])
    np.maximum(rise, 0.0, out=rise)
    rise -= rise.mean(axis=1, keepdims=True)
    std = rise.std(axis=1, keepdims=True)
    rise /= np.where(std > 1e-6, std, 1.0)
    return rise.astype(np.float32, copy=False)


def level_features(log_energy: np.ndarray, frame_rate: float = FRAME_RATE) -> np.ndarray:
    """Log energy per band minus its 1-second moving average, scaled to unit variance.

    Slower than onsets (reverb delays it by a few frames, which the fine stage removes) but
    it keeps matching where crowd noise buries the onsets.
    """
    k = int(frame_rate)
    padded = np.pad(log_energy.astype(np.float64), ((0, 0), (k, k)), mode="edge")
    csum = np.cumsum(padded, axis=1)
    moving = (csum[:, 2 * k:] - csum[:, :-2 * k]) / (2 * k)
    level = log_energy - moving[:, :log_energy.shape[1]]
    level -= level.mean(axis=1, keepdims=True)
    std = level.std(axis=1, keepdims=True)
    level /= np.where(std > 1e-6, std, 1.0)
    return level.astype(np.float32)


def loudness_envelope(log_energy: np.ndarray) -> np.ndarray:
    """Overall loudness per frame in dB-like units, for silence checks and drawing."""
    total = np.log(np.exp(log_energy.astype(np.float64)).sum(axis=0) + 1e-10)
    return (10.0 / np.log(10.0) * total).astype(np.float32)
