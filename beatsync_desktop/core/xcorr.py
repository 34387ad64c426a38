"""Coarse search: normalised correlation of feature blocks against the whole reference.

The score at a lag is the Pearson correlation of the live block with the reference part it
would line up with, over all feature rows at once. It lies in [−1, 1] by construction:

* each side's mean is taken out over the overlap, so a constant stretch (silence, which
  the features floor to a flat line) adds nothing;
* each side's energy over the overlap is floored at a tenth of what that side typically
  has, so a silent or faded stretch cannot divide round-off by almost nothing (FFT
  round-off is relative to the *whole* signal, and numpy ≥ 2 keeps float32 through FFTs);
* the result is clipped, which only ever touches round-off.

Precision is chosen per step: products of spectra in float32 (their error is far below the
floors above), running sums of energies in float64 (a float32 cumulative sum over an hour of
frames would lose the small differences we take from it).

Lag k means live frame t lines up with reference frame t + k.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

FLOOR_FRACTION = 0.1     # energy floor, relative to the side's typical energy
BLOCK_FFT = 1 << 14      # reference processed in blocks: memory stays flat for long songs
STAT_SAMPLES = 4096      # lags per window kept to measure its noise (median, spread)
TOP_PEAKS = 4            # best lags kept per window


def fast_len(n: int) -> int:
    """Smallest 2^a·3^b·5^c ≥ n: sizes that numpy's FFT handles fast."""
    best = 1 << max(0, int(n - 1).bit_length())
    f5 = 1
    while f5 < best:
        f35 = f5
        while f35 < best:
            f = f35
            while f < n:
                f *= 2
            best = min(best, f)
            f35 *= 3
        f5 *= 5
    return best


def _prefix(x: np.ndarray) -> np.ndarray:
    """Cumulative sums along frames with a leading zero, in float64."""
    out = np.zeros((x.shape[0], x.shape[1] + 1), np.float64)
    np.cumsum(x, axis=1, dtype=np.float64, out=out[:, 1:])
    return out


def robust_z(values: np.ndarray, best: float) -> tuple[float, float, float]:
    """(z of `best`, median, spread) against the bulk of `values` (median and MAD)."""
    values = values[np.isfinite(values)]
    if values.size < 16:
        return 0.0, 0.0, 0.0
    med = float(np.median(values))
    spread = float(np.median(np.abs(values - med))) * 1.4826
    return ((best - med) / spread if spread > 1e-12 else 0.0), med, spread


@dataclass(frozen=True)
class WholeCorrelation:
    lags: np.ndarray        # (n,) int
    scores: np.ndarray      # (n,) float32 in [−1, 1]; 0 where the overlap is too short

    def at(self, lag: int) -> float:
        i = int(lag - self.lags[0])
        return float(self.scores[i]) if 0 <= i < self.scores.size else 0.0


def whole_correlation(live: np.ndarray, ref: np.ndarray, min_overlap: int) -> WholeCorrelation:
    """Score of every lag for the whole recording against the whole reference.

    Partial overlaps count (a video that starts before the song, or holds all of a short
    song), as long as at least `min_overlap` frames overlap.
    """
    rows, n_live = live.shape
    n_ref = ref.shape[1]
    lags = np.arange(-(n_live - 1), n_ref)
    n = fast_len(n_live + n_ref)
    # Overlap of lag k: live frames [max(0,-k), min(L, N-k)), reference frames + k.
    l0 = np.clip(-lags, 0, n_live)
    l1 = np.clip(n_ref - lags, 0, n_live)
    count = (l1 - l0).astype(np.float64)
    cov = np.zeros(lags.size, np.float64)
    var_l = np.zeros(lags.size, np.float64)
    var_r = np.zeros(lags.size, np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        inv = np.where(count > 0, 1.0 / np.maximum(count, 1), 0.0)
    for row in range(rows):     # one row at a time: memory of one spectrum pair
        a, b = live[row], ref[row]
        raw = np.fft.irfft(np.conj(np.fft.rfft(a, n)) * np.fft.rfft(b, n), n)
        cross = np.concatenate([raw[n - (n_live - 1):], raw[:n_ref]]).astype(np.float64)
        pa, pa2 = _prefix(a[None])[0], _prefix((a.astype(np.float64) ** 2)[None])[0]
        pb, pb2 = _prefix(b[None])[0], _prefix((b.astype(np.float64) ** 2)[None])[0]
        sa, sa2 = pa[l1] - pa[l0], pa2[l1] - pa2[l0]
        sb, sb2 = pb[l1 + lags] - pb[l0 + lags], pb2[l1 + lags] - pb2[l0 + lags]
        cov += cross - sa * sb * inv
        var_l += sa2 - sa * sa * inv
        var_r += sb2 - sb * sb * inv
    ok = count >= min_overlap
    scores = np.zeros(lags.size, np.float32)
    if ok.any():
        # Typical energy per overlapping frame, measured where the overlap is long.
        floor_l = FLOOR_FRACTION * np.median(var_l[ok] / count[ok])
        floor_r = FLOOR_FRACTION * np.median(var_r[ok] / count[ok])
        den = np.sqrt(np.maximum(var_l, floor_l * count) * np.maximum(var_r, floor_r * count))
        with np.errstate(invalid="ignore", divide="ignore"):
            s = np.where(ok & (den > 0), cov / np.where(den > 0, den, 1.0), 0.0)
        scores = np.clip(s, -1.0, 1.0).astype(np.float32)
    return WholeCorrelation(lags=lags, scores=scores)


@dataclass(frozen=True)
class WindowMatch:
    """What one live window found when it searched the whole reference on its own."""
    start: int                   # first live frame of the window
    lags: tuple[int, ...]        # best recording-level lags (ref frame − live frame), best first
    scores: tuple[float, ...]
    z: tuple[float, ...]         # robust z of each against this window's own noise


def window_search(live: np.ndarray, ref: np.ndarray, width: int, starts: list[int],
                  check: Callable[[float], None] = lambda f: None,
                  spacing: int = 12) -> list[WindowMatch]:
    """Each window of `width` live frames at `starts`, scored against every reference lag
    where it fits whole. Blocks of the reference are processed in turn, so an hour-long
    reference costs time in proportion, not memory."""
    rows, n_ref = ref.shape
    if n_ref < width or not starts:
        return []
    n_lags = n_ref - width + 1
    m = BLOCK_FFT if BLOCK_FFT > 2 * width else fast_len(4 * width)
    stride = m - width + 1
    # Reference energy of every full-width stretch, per row, with the row means removed.
    p1, p2 = _prefix(ref), _prefix(ref.astype(np.float64) ** 2)
    var_r = ((p2[:, width:] - p2[:, :-width])
             - (p1[:, width:] - p1[:, :-width]) ** 2 / width).sum(axis=0)
    del p1, p2
    floor_r = FLOOR_FRACTION * float(np.median(var_r)) if var_r.size else 0.0
    ref_scale = 1.0 / np.sqrt(np.maximum(var_r, floor_r if floor_r > 0 else 1e-12))
    blocks = []
    for r0 in range(0, n_lags, stride):
        seg = np.zeros((rows, m), np.float32)
        piece = ref[:, r0:r0 + m]
        seg[:, :piece.shape[1]] = piece
        # (frequency, row): the sum over rows below becomes one batched matrix product.
        blocks.append((r0, np.ascontiguousarray(np.fft.rfft(seg, axis=1).T, np.complex64)))

    windows = np.stack([live[:, a:a + width] for a in starts]).astype(np.float32)
    windows -= windows.mean(axis=2, keepdims=True)
    var_l = (windows.astype(np.float64) ** 2).sum(axis=(1, 2))
    floor_l = FLOOR_FRACTION * float(np.median(var_l))
    live_scale = 1.0 / np.sqrt(np.maximum(var_l, floor_l if floor_l > 0 else 1e-12))
    stat_step = max(1, n_lags // STAT_SAMPLES)

    results: list[WindowMatch] = []
    batch = 32
    for i in range(0, len(starts), batch):
        group = windows[i:i + batch]
        spectra = np.fft.rfft(group, n=m, axis=2).astype(np.complex64)
        np.conj(spectra, out=spectra)
        spectra = np.ascontiguousarray(spectra.transpose(2, 0, 1))     # (frequency, w, row)
        best: list[list[tuple[float, int]]] = [[] for _ in group]
        stats: list[list[np.ndarray]] = [[] for _ in group]
        for r0, ref_spec in blocks:
            acc = np.matmul(spectra, ref_spec[:, :, None])[..., 0]        # (frequency, w)
            raw = np.fft.irfft(acc, n=m, axis=0).T
            valid = min(stride, n_lags - r0)
            scores = raw[:, :valid] * ref_scale[r0:r0 + valid]
            scores *= live_scale[i:i + len(group), None]
            np.clip(scores, -1.0, 1.0, out=scores)
            offset = (-r0) % stat_step
            for w in range(len(group)):
                stats[w].append(scores[w, offset::stat_step])
                top = np.argpartition(scores[w], -TOP_PEAKS * 8)[-TOP_PEAKS * 8:] \
                    if valid > TOP_PEAKS * 8 else np.arange(valid)
                best[w].extend((float(scores[w, j]), r0 + int(j)) for j in top)
        for w, a in enumerate(starts[i:i + batch]):
            chosen: list[tuple[float, int]] = []
            for value, lag in sorted(best[w], reverse=True):
                if all(abs(lag - c) > spacing for _, c in chosen):
                    chosen.append((value, lag))
                    if len(chosen) == TOP_PEAKS:
                        break
            noise = np.concatenate(stats[w])
            zs = tuple(robust_z(noise, v)[0] for v, _ in chosen)
            # The window's lag is relative to its own first frame; the recording's is not.
            results.append(WindowMatch(start=a, lags=tuple(lag - a for _, lag in chosen),
                                       scores=tuple(v for v, _ in chosen), z=zs))
        check(min(1.0, (i + batch) / len(starts)))
    return results
