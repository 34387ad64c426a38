"""The fine kernel: whitened cross-correlation of raw sound (β-PHAT), shared by every stage
that needs the exact lag — weighing candidates, fitting the offset line, finding where the
music plays.

Whitening divides each frequency bin of the cross-spectrum by (most of) its magnitude, so
every band votes on the lag equally and the direct sound's sharp peak stands out of a
room's reverberant smear. β < 1 keeps a little of the level, which tames bins that hold
only noise. The floor under the division is relative to the window's own cross-spectrum:
a quiet phone and a loud one are whitened alike, and bins at round-off level are not
inflated into random phase.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import ANALYSIS_RATE
from .xcorr import fast_len

BETA = 0.8
BAND_HZ = (120.0, 6000.0)
RELATIVE_FLOOR = 1e-5    # bins this far below the window's strongest are left unwhitened


class WhitenedCorrelator:
    """r[j] = whitened correlation of x with y[j : j + len(x)], j = 0 … 2·max_lag, for many
    (x, y) pairs at once. The middle index (max_lag) is "exactly the expected lag"."""

    def __init__(self, width: int, max_lag: int, rate: int = ANALYSIS_RATE):
        self.width, self.max_lag = width, max_lag
        self.n = fast_len(width + 2 * max_lag)     # lags 0…2m never wrap around
        freqs = np.fft.rfftfreq(self.n, 1.0 / rate)
        self.mask = ((freqs >= BAND_HZ[0]) & (freqs <= BAND_HZ[1])).astype(np.float32)

    def x_spectra(self, xs: np.ndarray) -> np.ndarray:
        """Spectra of the live windows, reusable against several candidate lags."""
        return np.conj(np.fft.rfft(np.asarray(xs, np.float32), self.n, axis=-1))

    def correlate(self, x_spec: np.ndarray, ys: np.ndarray) -> np.ndarray:
        cross = np.fft.rfft(np.asarray(ys, np.float32), self.n, axis=-1) * x_spec
        mag = np.abs(cross) ** BETA
        floor = (RELATIVE_FLOOR ** BETA) * mag.max(axis=-1, keepdims=True) + 1e-30
        cross *= self.mask / (mag + floor)
        return np.fft.irfft(cross, self.n, axis=-1)[..., :2 * self.max_lag + 1]


@dataclass(frozen=True)
class Peak:
    lag: float        # samples, relative to the expected lag (sub-sample)
    quality: float    # peak height over the curve's RMS: ~3–4 for unrelated sound


def peaks(r: np.ndarray, max_lag: int) -> list[Peak]:
    """The highest point of each correlation curve, refined to a fraction of a sample."""
    out = []
    for curve in np.atleast_2d(r):
        j = int(np.argmax(curve))
        top = float(curve[j])
        frac = 0.0
        if 0 < j < curve.size - 1:    # parabola through the peak and its neighbours
            a, c = float(curve[j - 1]), float(curve[j + 1])
            den = a - 2 * top + c
            frac = 0.5 * (a - c) / den if den < 0 else 0.0
        rms = float(np.sqrt(np.mean(curve.astype(np.float64) ** 2)))
        out.append(Peak(lag=j + frac - max_lag, quality=top / rms if rms > 0 else 0.0))
    return out


def quality_at(r: np.ndarray, max_lag: int, reach: int = 2) -> np.ndarray:
    """How clearly each curve peaks at the expected lag (±reach samples), in RMS units."""
    r = np.atleast_2d(r)
    at = r[:, max_lag - reach:max_lag + reach + 1].max(axis=1)
    rms = np.sqrt(np.mean(r.astype(np.float64) ** 2, axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(rms > 0, at / np.where(rms > 0, rms, 1.0), 0.0)


def search_whole(xs: np.ndarray, ref: np.ndarray, top: int = 3,
                 block: int = 1 << 19) -> list[list[Peak]]:
    """Each window in `xs` (k, n) searched against the whole reference sound, whitened.

    Peaks are lags into `ref` (where window[0] lines up); quality is against the RMS of
    the window's correlation over every lag. The reference is processed in blocks, so an
    hour of it costs time, not memory. Used where the band features are too weak to
    propose the lag (a few seconds of music in a loud, echoing room).
    """
    xs = np.atleast_2d(np.asarray(xs, np.float32))
    k, n = xs.shape
    size = fast_len(max(block, 4 * n))
    stride = size - n + 1
    total = ref.size - n + 1
    freqs = np.fft.rfftfreq(size, 1.0 / ANALYSIS_RATE)
    mask = ((freqs >= BAND_HZ[0]) & (freqs <= BAND_HZ[1])).astype(np.float32)
    x_spec = np.conj(np.fft.rfft(xs, size, axis=1))
    best: list[list[tuple[float, int]]] = [[] for _ in range(k)]
    energy = np.zeros(k)
    count = 0
    for r0 in range(0, max(0, total), stride):
        seg = ref[r0:r0 + size].astype(np.float32)
        cross = np.fft.rfft(seg, size)[None, :] * x_spec
        mag = np.abs(cross) ** BETA
        cross *= mask / (mag + (RELATIVE_FLOOR ** BETA) * mag.max(axis=1, keepdims=True) + 1e-30)
        r = np.fft.irfft(cross, size, axis=1)[:, :min(stride, total - r0)]
        energy += (r.astype(np.float64) ** 2).sum(axis=1)
        count += r.shape[1]
        for w in range(k):
            for j in np.argpartition(r[w], -top * 4)[-top * 4:] if r.shape[1] > top * 4 \
                    else range(r.shape[1]):
                best[w].append((float(r[w, j]), r0 + int(j)))
    out = []
    for w in range(k):
        rms = float(np.sqrt(energy[w] / max(1, count)))
        chosen: list[tuple[float, int]] = []
        for value, lag in sorted(best[w], reverse=True):
            if all(abs(lag - c) > n // 4 for _, c in chosen):
                chosen.append((value, lag))
                if len(chosen) == top:
                    break
        out.append([Peak(lag=float(lag), quality=value / rms if rms > 0 else 0.0)
                    for value, lag in chosen])
    return out
