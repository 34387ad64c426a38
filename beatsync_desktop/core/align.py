"""Align: find where the live recording sits in the clean song.

1. Coarse (10 ms): band onset features of the whole live sound are cross-correlated with the
   whole reference (one FFT per band, every lag at once). The best few lags become candidates.
2. Verify: the live sound is cut into overlapping windows, each searched against the whole
   reference on its own. A candidate's support is the number of windows whose own best match
   agrees with it. A repeated chorus wins a few windows at most; a different song wins none.
3. Fine (sub-sample): around the chosen lag, GCC-PHAT on the raw 16 kHz sound in short
   windows across the music. Whitening makes the direct sound's sharp peak stand out of the
   room's reverb. A straight-line fit through the window offsets gives the clock drift.
4. Span: a sliding match score at the chosen lag says where the music plays in the video.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .errors import NoMatchError, NoMusicError
from .features import (ANALYSIS_RATE, FRAME_RATE, band_energies, level_features,
                       loudness_envelope, onset_features)
from .models import Alignment, Candidate, Segment

WINDOW_S = 8.0            # verification window
WINDOW_HOP_S = 3.0
MIN_WINDOW_Z = 4.0        # a window's best lag must stand out this much to count as a vote
AGREE_FRAMES = 8          # ±80 ms is the same offset at the coarse level (the fine
                          # stage searches ±100 ms; reverb biases band levels by a few frames)
DISTINCT_FRAMES = 25      # candidates closer than 0.25 s are one candidate
MIN_SUPPORT = 2           # windows that must agree before we believe a candidate
MIN_GLOBAL_Z = 4.0        # the whole-recording peak must stand this far out of the noise
MIN_CONFIDENCE = 0.12
FINE_WINDOW_S = 3.0
FINE_SEARCH_S = 0.10      # ± around the coarse lag
MAX_FINE_WINDOWS = 48
SILENCE_DB = 18.0         # loudness (see features) below which a frame counts as silent
ENVELOPE_RATE = 10.0      # Hz, for the picture of the match


@dataclass
class _Prepared:
    features: np.ndarray      # (bands, frames)
    loudness: np.ndarray      # (frames,)
    start: float              # presentation time of frame 0


def prepare(mono: np.ndarray, start: float) -> _Prepared:
    log_e = band_energies(mono)
    # Onsets are sharp in time; band levels survive noise better. Both vote.
    features = np.vstack([onset_features(log_e), level_features(log_e)])
    loudness = loudness_envelope(log_e)
    features[:, loudness < SILENCE_DB] = 0.0   # digital silence carries no evidence
    return _Prepared(features, loudness, start)


def _next_pow2(n: int) -> int:
    return 1 << max(1, int(n - 1).bit_length())


def _peaks(curve: np.ndarray, count: int, spacing: int) -> list[int]:
    """Indices of the `count` highest values at least `spacing` apart."""
    order = np.argsort(curve)[::-1]
    chosen: list[int] = []
    for idx in order:
        if all(abs(int(idx) - c) > spacing for c in chosen):
            chosen.append(int(idx))
            if len(chosen) == count:
                break
    return chosen


def _robust_z(curve: np.ndarray, value: float) -> float:
    curve = curve[np.abs(curve) > 1e-6]   # zeroed lags (no overlap, silence) are not data
    if curve.size < 10:
        return 0.0
    med = float(np.median(curve))
    mad = float(np.median(np.abs(curve - med))) * 1.4826
    return (value - med) / mad if mad > 1e-9 else 0.0


class _Correlator:
    """Cross-correlation of feature blocks against the whole reference, all lags at once.

    Lag k means live frame t lines up with reference frame t + k; k may be negative (the
    video starts before the song) down to -(block length).
    """

    def __init__(self, ref: np.ndarray, max_block: int):
        self.ref_frames = ref.shape[1]
        self.n = _next_pow2(self.ref_frames + max_block + 1)
        self.ref_spec = np.fft.rfft(ref, n=self.n, axis=1)
        energy = np.concatenate([[0.0], np.cumsum((ref.astype(np.float64) ** 2).sum(axis=0))])
        self._ref_energy_cum = energy

    def correlate(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Normalised correlation for lags -(len-1) .. ref_frames-1, and those lags."""
        return next(iter(self.correlate_many(block[None])))

    def correlate_many(self, blocks: np.ndarray):
        """`correlate` for a stack of equally long blocks (n, bands, length), batched."""
        spectra = np.fft.rfft(blocks, n=self.n, axis=2)
        raws = np.fft.irfft((np.conj(spectra) * self.ref_spec).sum(axis=1), n=self.n, axis=1)
        for block, raw in zip(blocks, raws):
            yield self._normalise(block, raw)

    def _normalise(self, block: np.ndarray, raw: np.ndarray):
        length = block.shape[1]
        lags = np.arange(-(length - 1), self.ref_frames)
        values = np.concatenate([raw[self.n - (length - 1):], raw[:self.ref_frames]])
        # Normalise by the energy of the overlapping part of both sides so that loud
        # passages of the reference do not win just by being loud.
        lo = np.clip(lags, 0, self.ref_frames)
        hi = np.clip(lags + length, 0, self.ref_frames)
        ref_e = self._ref_energy_cum[hi] - self._ref_energy_cum[lo]
        blk_e = float((block.astype(np.float64) ** 2).sum())
        overlap = (hi - lo) / min(length, self.ref_frames)   # a long video may hold a short song
        with np.errstate(invalid="ignore", divide="ignore"):
            norm = values / np.sqrt(ref_e * blk_e + 1e-9)
        # Down-weight lags where only a sliver overlaps: they are noisy.
        norm = np.where(overlap >= 0.5, norm * np.sqrt(overlap), 0.0)
        return norm.astype(np.float32), lags


def _window_votes(live: np.ndarray, ref: np.ndarray, win: int, hop: int,
                  check: Callable[[float], None]) -> list[tuple[int, int, float]]:
    """For each window: (start frame, best lag for the whole recording, robust z of it).

    Windows are correlated in batches against a reference spectrum sized for one window,
    so a 20-minute video costs seconds, not minutes.
    """
    # Votes need ±40 ms, not 10 ms: pairs of frames are pooled, halving the work.
    def pool(x: np.ndarray) -> np.ndarray:
        n = x.shape[1] // 2 * 2
        return (x[:, 0:n:2] + x[:, 1:n:2]) * 0.5

    live2, ref2, win2 = pool(live), pool(ref), win // 2
    corr = _Correlator(ref2, win2)
    starts = [a for a in range(0, max(1, live.shape[1] - win + 1), hop)
              if np.any(live[:, a:a + win])]
    votes = []
    batch = 24
    for i in range(0, len(starts), batch):
        group = starts[i:i + batch]
        blocks = np.stack([live2[:, a // 2:a // 2 + win2] for a in group])   # (n, bands, win)
        for a, (values, lags) in zip(group, corr.correlate_many(blocks)):
            best = int(np.argmax(values))
            # The block's own lag is relative to its first frame; the recording's is not.
            votes.append((a, 2 * int(lags[best]) - a + (a % 2),
                          _robust_z(values, float(values[best]))))
        check(0.2 + 0.5 * min(1.0, (i + batch) / max(1, len(starts))))
    return votes


def _gcc_phat_offsets(live: np.ndarray, ref: np.ndarray, lag_samples: float,
                      t0: int, t1: int, check: Callable[[float], None]):
    """Sub-sample offsets (ref index − live index) in windows between live samples t0..t1."""
    n = int(FINE_WINDOW_S * ANALYSIS_RATE)
    m = int(FINE_SEARCH_S * ANALYSIS_RATE)
    nfft = _next_pow2(n + 2 * m)      # lags 0..2m never wrap around at this size
    freqs = np.fft.rfftfreq(nfft, 1.0 / ANALYSIS_RATE)
    band = ((freqs >= 120) & (freqs <= 6000)).astype(np.float32)
    t1 = min(t1, live.size - n)
    if t1 <= t0:
        return np.empty(0), np.empty(0), np.empty(0)
    count = min(MAX_FINE_WINDOWS, max(1, (t1 - t0) // n))
    starts = np.linspace(t0, t1, count).astype(int)
    times, offsets, quality = [], [], []
    base = int(round(lag_samples))
    for i, s in enumerate(starts):
        r0 = s + base - m
        if r0 < 0 or r0 + n + 2 * m > ref.size:
            continue
        x = live[s:s + n]
        y = ref[r0:r0 + n + 2 * m]
        if not x.any() or not y.any():
            continue
        cross = np.fft.rfft(y, nfft) * np.conj(np.fft.rfft(x, nfft))
        cross *= band / (np.abs(cross) ** 0.8 + 1e-12)   # β-PHAT: whiten, keep a little level
        r = np.fft.irfft(cross, nfft)[:2 * m + 1]
        j = int(np.argmax(r))
        peak = float(r[j])
        if 0 < j < 2 * m:     # parabolic interpolation for a sub-sample peak
            a, b, c = float(r[j - 1]), peak, float(r[j + 1])
            den = a - 2 * b + c
            frac = 0.5 * (a - c) / den if den < 0 else 0.0
        else:
            frac = 0.0
        floor = float(np.sqrt(np.mean(r ** 2))) + 1e-12
        times.append(s + n / 2)
        offsets.append(r0 + j + frac - s)
        quality.append(peak / floor)
        check(0.75 + 0.2 * (i + 1) / len(starts))
    return np.array(times), np.array(offsets), np.array(quality)


def _match_quality(live: np.ndarray, ref: np.ndarray, s: int, n: int, offset: float) -> float:
    """How clearly live[s:s+n] is the reference at exactly `offset` samples later.

    The whitened cross-correlation at that lag, in units of its spread over ±50 ms: music
    that plays there scores well above 5, talk and noise stay around 0–3.
    """
    m = int(0.05 * ANALYSIS_RATE)
    r0 = s + int(round(offset)) - m
    if s < 0 or s + n > live.size or r0 < 0 or r0 + n + 2 * m > ref.size:
        return 0.0
    x, y = live[s:s + n], ref[r0:r0 + n + 2 * m]
    if not x.any() or not y.any():
        return 0.0
    nfft = _next_pow2(n + 2 * m)      # lags 0..2m never wrap around at this size
    cross = np.fft.rfft(y, nfft) * np.conj(np.fft.rfft(x, nfft))
    freqs = np.fft.rfftfreq(nfft, 1.0 / ANALYSIS_RATE)
    cross *= ((freqs >= 120) & (freqs <= 6000)) / (np.abs(cross) ** 0.8 + 1e-12)
    r = np.fft.irfft(cross, nfft)[:2 * m + 1]
    at = r[m - 2:m + 3].max()          # ±2 samples around the expected lag
    return float(at / (np.sqrt(np.mean(r ** 2)) + 1e-12))


def _refine_edges(live: np.ndarray, ref: np.ndarray, offset_at: Callable[[float], float],
                  start: float, end: float, step: float = 0.25, width: float = 1.0,
                  reach: float = 3.0, inward: float = 15.0,
                  good: float = 5.0) -> tuple[float, float]:
    """Sharpen the music's start and end (live sample positions, in seconds) to ~0.25 s.

    Slides a short window across each edge at the exact offset: the music is where three
    windows in a row match clearly. Used only where it finds such a run.
    """
    n = int(width * ANALYSIS_RATE)

    def q(t: float) -> float:
        s = int(t * ANALYSIS_RATE)
        return _match_quality(live, ref, s, n, offset_at(s))

    def first_run(times, quality_at) -> Optional[float]:
        streak = 0
        for i, t in enumerate(times):
            streak = streak + 1 if quality_at(t) >= good else 0
            if streak == 3:
                return float(times[i - 2])
        return None

    # A window already matches when a fraction of it holds music, so the edge lies inside
    # the first good window, not at its outer side: take its middle.
    inward = min(inward, max(0.0, (end - start) / 2))
    found = first_run(np.arange(start - reach, start + inward + step / 2, step), q)
    new_start = max(0.0, found + width / 2) if found is not None else start
    found = first_run(np.arange(end + reach, end - inward - step / 2, -step),
                      lambda t: q(t - width))        # window [t - width, t]
    new_end = found - width / 2 if found is not None else end
    return new_start, new_end


def _fit_line(times: np.ndarray, offsets: np.ndarray, weights: np.ndarray):
    """Robust weighted line through (time, offset); returns (intercept, slope, inliers)."""
    keep = np.ones(times.size, bool)
    a, b = float(np.median(offsets)), 0.0
    for _ in range(4):
        if keep.sum() < 2:
            break
        resid = offsets - (a + b * times)
        mad = float(np.median(np.abs(resid[keep] - np.median(resid[keep])))) * 1.4826
        keep = np.abs(resid) <= max(3 * mad, 0.5 * ANALYSIS_RATE / 1000)   # ≥ 0.5 ms
        if keep.sum() >= 4 and np.ptp(times[keep]) > 20 * ANALYSIS_RATE:
            w = weights[keep]
            b, a = np.polyfit(times[keep], offsets[keep], 1, w=np.sqrt(w))
            b, a = float(b), float(a)
        elif keep.any():
            a, b = float(np.median(offsets[keep])), 0.0
    return a, b, keep


def _match_curve(live: np.ndarray, ref: np.ndarray, lag: int, half: int) -> np.ndarray:
    """Per live frame: normalised correlation in a ±half window at a fixed lag."""
    t = np.arange(live.shape[1])
    r_idx = t + lag
    valid = (r_idx >= 0) & (r_idx < ref.shape[1])
    shifted = np.zeros_like(live)
    shifted[:, valid] = ref[:, r_idx[valid]]
    prod = (live * shifted).sum(axis=0)
    el = (live ** 2).sum(axis=0)
    er = (shifted ** 2).sum(axis=0)

    def box(v):
        c = np.concatenate([[0.0], np.cumsum(v, dtype=np.float64)])
        lo = np.clip(t - half, 0, t.size)
        hi = np.clip(t + half + 1, 0, t.size)
        return c[hi] - c[lo]

    return (box(prod) / np.sqrt(box(el) * box(er) + 1e-9)).astype(np.float32)


def _music_span(curve: np.ndarray, agreed: list[int], win: int,
                min_run: int) -> Optional[tuple[int, int]]:
    """First and last frame of the music, from the match curve at the chosen lag.

    `agreed` are the start frames of windows that found this lag on their own: there the
    music certainly plays, and the curve's level there says what "matching" looks like in
    this recording (0.5 in a quiet room, 0.15 at 0 dB SNR in a hall).
    """
    if not agreed:
        return None
    inside = np.concatenate([curve[a:a + win] for a in agreed])
    threshold = max(0.04, 0.3 * float(np.median(inside)))
    on = curve > threshold
    runs, start = [], None
    for i, flag in enumerate(np.append(on, False)):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            if runs and start - runs[-1][1] <= min_run:     # bridge short dips
                runs[-1] = (runs[-1][0], i - 1)
            else:
                runs.append((start, i - 1))
            start = None
    centres = [a + win // 2 for a in agreed]
    # A stretch counts if it is long or holds a window that found the lag by itself; short
    # flickers in talk or at the recording's edges do not.
    kept = [(r0, r1) for r0, r1 in runs
            if r1 - r0 >= 3 * min_run or any(r0 <= c <= r1 for c in centres)]
    if not kept:   # too noisy for the curve: the agreeing windows still say where
        return min(agreed) + win // 4, max(agreed) + 3 * win // 4
    return kept[0][0], kept[-1][1]



def _resample_envelope(loud: np.ndarray, step: int) -> np.ndarray:
    n = loud.size // step
    if n == 0:
        return np.zeros(0, np.float32)
    env = loud[:n * step].reshape(n, step).max(axis=1)
    lo, hi = np.percentile(env, 5), np.percentile(env, 99.5)
    return np.clip((env - lo) / max(hi - lo, 1e-6), 0, 1).astype(np.float32)


def align(live_audio: np.ndarray, live_start: float, ref_audio: np.ndarray, ref_start: float,
          force_offset: Optional[float] = None,
          on_fraction: Callable[[float], None] = lambda f: None) -> Alignment:
    """Find the mapping from dance-video time to reference time.

    live_audio / ref_audio: mono float32 at ANALYSIS_RATE; *_start: presentation time of
    their first sample. Raises NoMusicError / NoMatchError when there is nothing to align.
    """
    live = prepare(live_audio, live_start)
    on_fraction(0.1)
    ref = prepare(ref_audio, ref_start)
    on_fraction(0.2)

    if float(np.percentile(live.loudness, 95)) < SILENCE_DB:
        raise NoMusicError("The dance video is silent: there is no music in it to match.")

    lf, rf = live.features, ref.features
    # Start-time difference expressed in frames: offset = lag/FR + (ref.start - live.start)
    start_shift = ref.start - live.start

    win = int(min(WINDOW_S * FRAME_RATE, max(2 * FRAME_RATE, lf.shape[1] // 2)))
    hop = int(max(1, min(WINDOW_HOP_S * FRAME_RATE, win // 2)))
    # 1. Whole-recording correlation: the candidates.
    values, lags = _Correlator(rf, lf.shape[1]).correlate(lf)
    cand_idx = _peaks(values, 5, int(0.5 * FRAME_RATE))
    on_fraction(0.25)

    # 2. Window votes: support for each candidate.
    votes = _window_votes(lf, rf, win, hop, on_fraction)
    strong = [(a, lag, z) for a, lag, z in votes if z >= MIN_WINDOW_Z]
    vote_lags = np.array([lag for _, lag, _ in strong]) if strong else np.zeros(0, int)

    def support(lag: int) -> int:
        return int(np.sum(np.abs(vote_lags - lag) <= AGREE_FRAMES))

    # Windows that vote strongly but for a lag not among the global peaks can still
    # reveal the true offset (e.g. a short dance inside a long recording).
    cand_lags = [int(lags[i]) for i in cand_idx]
    for lag in vote_lags:
        if all(abs(int(lag) - c) > DISTINCT_FRAMES for c in cand_lags):
            cand_lags.append(int(lag))
    scored = sorted(((support(l), float(values[l - int(lags[0])]), l) for l in cand_lags),
                    key=lambda s: (s[0], s[1]), reverse=True)

    if force_offset is not None:
        forced = int(round((force_offset - start_shift) * FRAME_RATE))
        scored = [(support(forced), float(values[np.clip(forced - int(lags[0]), 0, values.size - 1)]),
                   forced)] + [s for s in scored if abs(s[2] - forced) > DISTINCT_FRAMES]

    best_support, _, best_lag = scored[0]
    windows_total = max(1, len(votes))
    global_z = _robust_z(values, float(values[np.clip(best_lag - int(lags[0]), 0, values.size - 1)]))

    # 4 (before 3: the fine search needs to know where the music is). Span at that lag.
    half = int(1.5 * FRAME_RATE)
    curve = _match_curve(lf, rf, best_lag, half)
    agreed = [a for a, lag, z in strong if abs(lag - best_lag) <= AGREE_FRAMES]
    span = _music_span(curve, agreed, win, min_run=int(1.5 * FRAME_RATE))

    # The whole recording must peak at this lag, and windows must find it on their own:
    # a different song reaches z≈4 and 1–3 (overlapping) windows at most.
    believable = best_support >= MIN_SUPPORT and global_z >= MIN_GLOBAL_Z and (
        best_support >= 4 or global_z >= 8.0)
    if force_offset is None and (not believable or span is None):
        raise NoMatchError(
            "The song was not found in the dance video's sound. Check that the reference "
            "is the same recording of the song, and that the music is audible in the video.",
            f"best support {best_support} of {windows_total} windows, global z {global_z:.1f}")
    if span is None:
        span = (0, lf.shape[1] - 1)

    # Windows inside the music span that could have agreed.
    in_span = [v for v in votes if span[0] - win // 2 <= v[0] <= span[1] - win // 2]
    agree_fraction = best_support / max(1, len(in_span))
    runner = scored[1][0] if len(scored) > 1 else 0
    separation = 1.0 - runner / max(best_support, 1)
    coarse_confidence = float(np.clip(agree_fraction, 0, 1) * np.clip(separation, 0, 1))

    # 3. Fine alignment on raw samples inside the music span.
    hop_samples = ANALYSIS_RATE / FRAME_RATE
    lag_samples = best_lag * hop_samples
    times, offs, quality = _gcc_phat_offsets(
        live_audio, ref_audio, lag_samples, int(span[0] * hop_samples),
        int(span[1] * hop_samples), on_fraction)
    good = quality >= 4.0
    drift = 0.0
    spread_ms = 0.0
    if good.sum() >= 3:
        a, b, keep = _fit_line(times[good], offs[good], quality[good])
        inl_t, inl_o = times[good][keep], offs[good][keep]
        spread_ms = float(np.std(inl_o - (a + b * inl_t)) / ANALYSIS_RATE * 1000)
        effect_ms = abs(b) * float(np.ptp(inl_t)) / ANALYSIS_RATE * 1000 if inl_t.size else 0.0
        # Follow the drift only where it adds up to a millisecond or more and is plausible
        # for two clocks (a few hundred ppm); otherwise one offset fits better.
        if effect_ms < 1.0 or abs(b) > 2e-3:
            a, b = float(np.median(inl_o)), 0.0
        drift = b
    else:   # too little clean signal for the fine stage: keep the coarse lag
        a, b, keep = lag_samples, 0.0, np.zeros(0, bool)
    # Fine windows that agree to the millisecond are independent evidence: a wrong song
    # scatters them.
    fine_fraction = float(keep.sum()) / max(1, times.size)
    confidence = float(np.sqrt(coarse_confidence * fine_fraction))
    if force_offset is None and (confidence < MIN_CONFIDENCE or keep.sum() < 3):
        raise NoMatchError(
            "The song could not be matched reliably to the dance video's sound. Check that "
            "the reference is the same recording of the song.",
            f"confidence {confidence:.2f}, support {best_support}/{len(in_span)}, "
            f"fine {int(keep.sum())}/{times.size}")

    edge_start, edge_end = _refine_edges(
        live_audio, ref_audio, lambda sample: a + b * sample,
        span[0] / FRAME_RATE, (span[1] + 1) / FRAME_RATE)
    music_start = live.start + edge_start
    music_end = live.start + min(edge_end, lf.shape[1] / FRAME_RATE)
    # offset(t_live_sample) = a + b * t  (in samples, live index → ref index)
    def ref_time_at(dance_time: float) -> float:
        s = (dance_time - live.start) * ANALYSIS_RATE
        return ref.start + (s + a + b * s) / ANALYSIS_RATE

    # The song's own start and end are sharper than the match curve: snap to them when
    # the recording evidently plays the song from its start or to its end.
    # Only a *quiet* stretch of the song (a soft intro or fade-out) can hide from the match
    # curve; a loud one that did not match was not played.
    ref_loud = ref.loudness
    typical = float(np.median(ref_loud[ref_loud > SILENCE_DB])) if (ref_loud > SILENCE_DB).any() \
        else SILENCE_DB
    audible = np.nonzero(ref_loud > max(SILENCE_DB, typical - 30))[0]
    rate = 1.0 + b

    def quiet(ref_t0: float, ref_t1: float) -> bool:
        i0 = int(max(0.0, ref_t0 - ref.start) * FRAME_RATE)
        i1 = int(max(0.0, ref_t1 - ref.start) * FRAME_RATE)
        part = ref_loud[i0:i1]
        return part.size == 0 or float(np.percentile(part, 90)) < typical - 10

    if audible.size:
        first_ref = ref.start + audible[0] / FRAME_RATE
        last_ref = ref.start + (audible[-1] + 1) / FRAME_RATE
        start_ref = ref_time_at(music_start)
        # Within 2 s of the song's start, the song was played from its start.
        if 0 < start_ref - first_ref < 15.0 and (start_ref - first_ref < 2.0
                                                 or quiet(first_ref, start_ref)):
            music_start = max(live.start, music_start - (start_ref - first_ref) / rate)
        end_ref = ref_time_at(music_end)
        live_end = live.start + lf.shape[1] / FRAME_RATE
        if 0 < last_ref - end_ref < 15.0 and (last_ref - end_ref < 2.0
                                              or quiet(end_ref, last_ref)):
            music_end = min(live_end, music_end + (last_ref - end_ref) / rate)
        # The music cannot go on past the end of the song.
        music_end = min(music_end, music_start + (last_ref - ref_time_at(music_start)) / rate)

    segment = Segment(dance_start=music_start, dance_end=music_end,
                      ref_start=ref_time_at(music_start), rate=rate)

    offset_of = lambda lag: lag / FRAME_RATE + start_shift   # noqa: E731
    candidates = [Candidate(offset=segment.offset if i == 0 else offset_of(lag),
                            score=round(min(1.0, sup / max(1, len(in_span))), 4), windows=sup)
                  for i, (sup, _, lag) in enumerate(scored[:4]) if i == 0 or sup > 0]

    step = int(FRAME_RATE / ENVELOPE_RATE)
    live_env = _resample_envelope(live.loudness, step)
    ref_on_live = np.full(live.loudness.shape, float(np.min(ref.loudness)), np.float32)
    idx = np.arange(live.loudness.size) + best_lag
    ok = (idx >= 0) & (idx < ref.loudness.size)
    ref_on_live[ok] = ref.loudness[idx[ok]]
    ref_env = _resample_envelope(ref_on_live, step)
    on_fraction(1.0)
    return Alignment(
        segments=(segment,), confidence=round(confidence, 4), candidates=tuple(candidates),
        music_start=music_start, music_end=music_end, drift_ppm=drift * 1e6,
        fine_spread_ms=spread_ms, envelope_rate=FRAME_RATE / step,
        dance_envelope=tuple(float(v) for v in live_env),
        reference_envelope=tuple(float(v) for v in ref_env))
