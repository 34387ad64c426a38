"""What survives a speaker, a room and a phone: band-wise energy rises and levels.

Reverb smears decays and the phone's AGC rides the level, but the *rises* of energy in each
frequency band (drum hits, note onsets) stay where they were, and a band's level against its
own recent average survives crowd noise. Both are taken in the log domain, so a quiet master,
a phone at −40 dBFS and a soft intro look the same as a loud one.

Levels are relative to the recording itself, never absolute: each band is floored a fixed
distance below its own loud level, so digital silence, dithering and codec noise in a
reference become a flat line that carries no evidence (and cannot divide anything by zero
later on).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ANALYSIS_RATE = 16_000          # Hz; the phone's useful band, cheap to process
HOP = 320                       # samples → 50 feature frames per second
FRAME_RATE = ANALYSIS_RATE / HOP
N_FFT = 1024                    # 64 ms: enough frequency resolution for the 150–250 Hz band
BAND_EDGES_HZ = (150, 250, 400, 630, 1000, 1600, 2500, 4000, 6300)   # 8 bands, 1/1.6 octave
BANDS = len(BAND_EDGES_HZ) - 1
FLOOR_DB = 60.0                 # a band is floored this far below its own loud level
ACTIVE_DB = 10.0                # above floor + this, a frame counts as "playing" in that band
RISE_CAP_DB = 20.0              # one onset may not outweigh the rest (music after silence)
_CHUNK_FRAMES = 2048            # STFT in chunks: a 60-minute reference stays small in memory

_DB = 10.0 / np.log(10.0)       # natural log of power → dB


def _band_matrix() -> np.ndarray:
    freqs = np.fft.rfftfreq(N_FFT, 1.0 / ANALYSIS_RATE)
    bands = np.zeros((BANDS, freqs.size), np.float32)
    for i, (lo, hi) in enumerate(zip(BAND_EDGES_HZ[:-1], BAND_EDGES_HZ[1:])):
        bands[i, (freqs >= lo) & (freqs < hi)] = 1.0
    return bands


class BandEnergyStream:
    """Band powers per frame of a signal that arrives in pieces of any size.

    Frame i is centred on sample i * HOP (the signal is padded with N_FFT/2 zeros at both
    ends), so the result depends only on the samples, never on how they were chunked: the
    decoder's packet sizes cannot change an analysis.
    """

    def __init__(self) -> None:
        self._pending = np.zeros(N_FFT // 2, np.float32)     # the leading pad
        self._pieces: list[np.ndarray] = []
        self._window = np.hanning(N_FFT).astype(np.float32)
        self._bands = _band_matrix()
        self._finished = False

    def feed(self, samples: np.ndarray) -> None:
        buf = np.concatenate([self._pending, np.asarray(samples, np.float32)])
        n_frames = (buf.size - N_FFT) // HOP + 1 if buf.size >= N_FFT else 0
        if n_frames > 0:
            frames = np.lib.stride_tricks.sliding_window_view(buf, N_FFT)[::HOP][:n_frames]
            for i in range(0, n_frames, _CHUNK_FRAMES):
                block = frames[i:i + _CHUNK_FRAMES] * self._window
                power = np.abs(np.fft.rfft(block, axis=1)) ** 2
                self._pieces.append((power @ self._bands.T).T.astype(np.float32))
        self._pending = buf[n_frames * HOP:]

    def finish(self, total_samples: int) -> np.ndarray:
        """Power per band and frame, shape (BANDS, frames): 1 + total_samples // HOP frames."""
        if not self._finished:
            self.feed(np.zeros(N_FFT // 2, np.float32))         # the trailing pad
            self._finished = True
        power = (np.concatenate(self._pieces, axis=1) if self._pieces
                 else np.zeros((BANDS, 0), np.float32))
        return power[:, :1 + total_samples // HOP]


def band_powers(x: np.ndarray) -> np.ndarray:
    """`BandEnergyStream` on a whole signal at once."""
    stream = BandEnergyStream()
    stream.feed(x)
    return stream.finish(np.asarray(x).size)


@dataclass(frozen=True)
class Features:
    """Everything the coarse search needs of one sound track, at FRAME_RATE."""
    values: np.ndarray        # (2 * BANDS, frames) float32: onsets then levels, unit scale
    loudness: np.ndarray      # (frames,) dB of the floored total band power
    active: np.ndarray        # (frames,) bool: some band plays above its floor

    @property
    def frames(self) -> int:
        return self.values.shape[1]


def floored_log_power(power: np.ndarray) -> np.ndarray:
    """Natural log of band power, each band floored FLOOR_DB below its own loud level.

    "Loud level" is the band's 99th percentile: relative to the recording, so a phone at
    −40 dBFS and a master at −8 dBFS are treated alike; only all-zero input (digital
    silence) reaches the absolute floor of 1e-20.
    """
    power = power.astype(np.float64, copy=False)
    if power.shape[1] == 0:
        return power.copy()
    loud = np.percentile(power, 99, axis=1, keepdims=True)
    floor = np.maximum(loud * 10 ** (-FLOOR_DB / 10), 1e-20)
    return np.log(np.maximum(power, floor))


def _unit_scale(x: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Scale each row to unit spread over the frames where the band plays."""
    out = np.empty_like(x, dtype=np.float32)
    for i, (row, on) in enumerate(zip(x, active)):
        part = row[on] if on.sum() >= 10 else row
        std = float(part.std()) if part.size else 0.0
        out[i] = row / std if std > 1e-9 else 0.0
    return out


def compute_features(power: np.ndarray) -> Features:
    """Onset and level features from band powers (see the module docstring)."""
    log_p = floored_log_power(power)
    # The first and last frames see the zero padding: the same artificial rise at the start
    # of every file would line any recording up with the start of any song.
    edge = N_FFT // (2 * HOP) + 1
    if log_p.shape[1] > 2 * edge:
        log_p[:, :edge] = log_p[:, edge:edge + 1]
        log_p[:, -edge:] = log_p[:, -edge - 1:-edge]
    floor = log_p.min(axis=1, keepdims=True) if log_p.shape[1] else log_p
    band_active = log_p > floor + ACTIVE_DB / _DB

    rise = np.diff(log_p, axis=1, prepend=log_p[:, :1])
    np.clip(rise, 0.0, RISE_CAP_DB / _DB, out=rise)

    k = int(FRAME_RATE)                                   # 1-second moving average
    padded = np.pad(log_p, ((0, 0), (k, k)), mode="edge")
    csum = np.cumsum(padded, axis=1)
    moving = (csum[:, 2 * k:] - csum[:, :-2 * k]) / (2 * k)
    level = log_p - moving[:, :log_p.shape[1]]

    values = np.vstack([_unit_scale(rise, band_active), _unit_scale(level, band_active)])
    # Loudness from the powers as they are: the floors above would make digital silence
    # look like sound 35 dB under the music.
    total = power.astype(np.float64).sum(axis=0) if power.shape[1] else np.zeros(0)
    loudness = (_DB * np.log(total + 1e-30)).astype(np.float32)
    return Features(values=values, loudness=loudness, active=band_active.any(axis=0))
