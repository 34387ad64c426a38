"""Align: find where the live recording sits in the clean song.

`align` reads as its stages:

1. `find_candidates` — coarse, on band features (50 frames/s): the whole recording is
   correlated with the whole reference at every lag, and windows of the recording search
   the reference on their own. Their best lags become candidates (a handful).
2. `weigh_candidates` — fine, on the raw 16 kHz sound: at each candidate, short windows
   spread over the recording are correlated with the reference (whitened, ±100 ms). A
   window *confirms* the candidate when its peak is clear and lands within 1.5 ms of the
   line the other confirming windows draw. A different song, or the wrong copy of a
   repeated chorus, scatters the windows that are not shared.
3. `choose` and `believe` — the candidate that the most windows confirm wins (ties go to
   the whole-recording score); it is refused unless enough windows confirm it.
4. `fit_mapping` — denser fine windows across the confirmed stretch give the offset to a
   fraction of a sample and the clock drift (a robust straight line).
5. `music_span` (span.py) — where the music plays: the confirmed windows, then the edges
   sharpened, then snapped to the song's own start or end where the song is soft there.
6. `rate_confidence` — how much of the evidence only the winner explains.
7. `find_more_runs` and `settle_runs` — a class plays the song more than once (a restart, a
   pause and resume, a false start, the song twice): what the first run leaves unexplained
   is searched again as a recording of its own, by the same stages and the same bar; every
   run gets its span (never into another run's confirmed stretch) and its own confidence.
   With one run, everything is exactly as stages 1–6 give it.
8. `find_tempo_run` — where no run at the song's tempo explains the recording (or a long
   stretch of it): a practice at 0.5–1.5×, resampled (confirmed sample by sample on the
   recording resampled back) or pitch-kept (a time stretch: placed on its onsets,
   `find_pitch_kept_run` and onsets.py).

Conventions: live sample s (analysis rate) hears reference sample s + a + b·s. Lags on the
feature clock are in frames; the fine stages work in samples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

import numpy as np

from .decode import AudioData
from .errors import NoMatchError, NoMusicError
from .features import ANALYSIS_RATE, FRAME_RATE, HOP, Features, band_powers, compute_features
from .models import Alignment, Candidate, Segment
from .whitening import WhitenedCorrelator, peaks, search_whole
from .xcorr import WholeCorrelation, robust_z, whole_correlation, window_search

# Coarse stage
WINDOW_S = (4.0, 8.0)          # window length range; shorter for short recordings
WINDOW_HOPS = 4                # windows overlap: four starts per window length
AGREE_FRAMES = 4               # ±80 ms is the same lag on the feature clock
DISTINCT_S = 0.25              # candidates closer than this are one
GLOBAL_PEAKS = 4
VOTE_Z = 3.5                   # a window's top lags this clear are proposed…
VOTE_CLUSTERS = 6              # …the most agreed-on of them
MAX_CANDIDATES = 10            # the fine stage checks each: cheap, and it decides
RAW_WINDOWS = 5                # windows that search the raw sound when features are weak
RAW_MARGIN = 2.0               # a raw search peak must clear the null's maximum by this
# Fine stage
EVIDENCE_S = 2.0               # fine window length
EVIDENCE_HOP_S = 1.0           # at most this dense…
MAX_EVIDENCE = 40              # …and at most this many windows per candidate
SEARCH_S = 0.25                # ± around a candidate's lag (the features' peak can sit
                               # 0.2 s off on a short, faded clip under talk)…
FORCED_SEARCH_S = 0.10         # …and around an offset the user typed (theirs to within this)
CLEAR_PEAK = 5.0               # peak over RMS: unrelated sound stays under ~4
FAIR_PEAK = 2.5                # …enough where the peak also lands on the expected line
AGREE_S = 0.0015               # confirming windows lie within this of the line
MIN_CONFIRMED = 3              # fewer confirming windows: not believed
FIT_S = 3.0                    # windows of the final fit
FIT_SEARCH_S = 0.02            # ± around the evidence's line: as wide as the evidence's
                               # first tolerances. Four sparse windows that agree on a wrong
                               # peak (SNR -3.8 dB) gave a line 9-11 ms off, 79 ppm steep; at
                               # ±5 ms the dense windows could not see the true line
                               # (s2036-0008); at ±10-30 ms 9-16 of them agree on it.
MAX_FIT = 48
DRIFT_MIN_SPAN_S = 4.0         # a slope is measured only across this much music
MAX_DRIFT = 2e-3               # two clocks differ by a few hundred ppm, not more
DIGITAL_SILENCE = 10 ** (-80 / 20)   # RMS; the only absolute level in the engine
ENVELOPE_RATE = 10.0           # Hz, for the picture of the match


@dataclass
class Track:
    """One side of the comparison: its sound at the analysis rate and its features."""
    audio: np.ndarray          # mono, float16 or float32, ANALYSIS_RATE
    start: float               # clock time of audio[0] (video clock, or song time)
    features: Features

    @property
    def duration(self) -> float:
        return self.audio.size / ANALYSIS_RATE

    def window(self, s: int, n: int) -> Optional[np.ndarray]:
        """audio[s:s+n] as float32, or None where it does not fit."""
        if s < 0 or s + n > self.audio.size:
            return None
        return self.audio[s:s + n].astype(np.float32)


def make_track(data: AudioData, start: Optional[float] = None) -> Track:
    """The analysis copy of a decoded sound track (see decode.decode_for_analysis);
    `start` overrides the clock of its first sample (0 for a song's own clock)."""
    mono = data.samples[0]
    power = data.band_power if data.band_power is not None else band_powers(
        mono.astype(np.float32))
    return Track(audio=mono, start=data.start if start is None else start,
                 features=compute_features(power))


def track_from_samples(samples: np.ndarray, start: float = 0.0) -> Track:
    samples = np.asarray(samples, np.float32)
    return Track(audio=samples, start=start, features=compute_features(band_powers(samples)))


# --------------------------------------------------------------------------- 1. candidates

@dataclass
class Coarse:
    """A lag the coarse search proposes (reference frame − live frame)."""
    lag: int
    whole_score: float
    whole_z: float
    votes: int = 0
    forced: bool = False


def _window_layout(frames: int) -> tuple[int, list[int]]:
    lo, hi = (int(s * FRAME_RATE) for s in WINDOW_S)
    width = int(np.clip(frames // 2, lo, hi))
    width = min(width, frames)
    hop = max(1, width // WINDOW_HOPS)
    starts = list(range(0, max(1, frames - width + 1), hop))
    if starts[-1] != frames - width and frames > width:
        starts.append(frames - width)
    return width, starts


def find_candidates(live: Track, ref: Track, report: Callable[[float], None]
                    ) -> tuple[list[Coarse], WholeCorrelation, int]:
    lf, rf = live.features.values, ref.features.values
    min_overlap = int(min(lf.shape[1], rf.shape[1], 60 * FRAME_RATE) * 0.5)
    whole = whole_correlation(lf, rf, max(min_overlap, int(2 * FRAME_RATE)))
    report(0.15)
    spacing = int(DISTINCT_S * FRAME_RATE)
    candidates: list[Coarse] = []

    def add(lag: int, votes: int = 0) -> None:
        for c in candidates:
            if abs(c.lag - lag) <= spacing:
                c.votes = max(c.votes, votes)
                return
        score = whole.at(lag)
        candidates.append(Coarse(lag, score, robust_z(whole.scores, score)[0], votes))

    order = np.argsort(whole.scores)[::-1]
    picked: list[int] = []
    for i in order[:4000]:
        lag = int(whole.lags[i])
        if all(abs(lag - p) > 2 * spacing for p in picked):
            picked.append(lag)
            if len(picked) == GLOBAL_PEAKS:
                break
    for lag in picked:
        add(lag)

    width, starts = _window_layout(lf.shape[1])
    matches = window_search(lf, rf, width, starts,
                            check=lambda f: report(0.15 + 0.45 * f))
    # Every window proposes its clear top lags; lags that several windows agree on first.
    tops = sorted(lag for m in matches for lag, z in zip(m.lags[:2], m.z[:2]) if z >= VOTE_Z)
    clusters: list[list[int]] = []
    for lag in tops:
        if clusters and lag - clusters[-1][-1] <= AGREE_FRAMES:
            clusters[-1].append(lag)
        else:
            clusters.append([lag])
    clusters.sort(key=len, reverse=True)
    for group in clusters[:VOTE_CLUSTERS]:
        add(int(np.median(group)), votes=len(group))
    candidates.sort(key=lambda c: (c.votes, c.whole_score), reverse=True)
    return candidates[:MAX_CANDIDATES], whole, len(matches)


def raw_candidates(live: Track, ref: Track, whole: WholeCorrelation) -> list[Coarse]:
    """Candidates from the raw sound: a few windows search the whole song, whitened.

    Slower than the features (every sample of the song, not 50 frames a second), so it runs
    only when the features proposed nothing the fine stage could confirm.
    """
    n = int(EVIDENCE_S * ANALYSIS_RATE)
    if live.audio.size < n or ref.audio.size < n:
        return []
    lo, hi = 0, live.audio.size - n
    positions = np.linspace(lo, hi, RAW_WINDOWS + 2)[1:-1].astype(int) if hi > lo \
        else np.array([0])
    xs = np.stack([live.audio[s:s + n].astype(np.float32) for s in positions])
    found = search_whole(xs, ref.audio)
    null_max = np.sqrt(2 * np.log(max(2, ref.audio.size)))
    out: list[Coarse] = []
    for s, window_peaks in zip(positions, found):
        for p in window_peaks:
            if p.quality >= null_max + RAW_MARGIN:
                lag = int(round((p.lag - s) / HOP))
                if all(abs(c.lag - lag) > DISTINCT_S * FRAME_RATE for c in out):
                    out.append(Coarse(lag, whole.at(lag), robust_z(whole.scores,
                                                                   whole.at(lag))[0]))
    return out


# --------------------------------------------------------------------------- 2. evidence

@dataclass
class Evidence:
    """How the fine windows judge one candidate."""
    coarse: Coarse
    a: float                    # line: reference sample = s + a + b·s
    b: float
    confirmed: np.ndarray       # bool per evidence window
    quality: np.ndarray         # peak quality per evidence window (0 where it did not fit)
    offsets: np.ndarray = field(repr=False, default=None)

    @property
    def count(self) -> int:
        return int(self.confirmed.sum())

    @property
    def strength(self) -> float:
        """Sum of the confirming windows' peak qualities: how well, not just how often."""
        return float(self.quality[self.confirmed].sum())


def _evidence_starts(live: Track) -> np.ndarray:
    n = int(EVIDENCE_S * ANALYSIS_RATE)
    last = live.audio.size - n
    if last < 0:
        return np.zeros(0, int)
    count = int(min(MAX_EVIDENCE, last // int(EVIDENCE_HOP_S * ANALYSIS_RATE) + 1))
    return np.linspace(0, last, max(1, count)).astype(int)


def fit_line(times: np.ndarray, offsets: np.ndarray, weights: np.ndarray,
             tolerances: tuple[float, ...], slope: float = 0.0
             ) -> tuple[float, float, np.ndarray]:
    """Robust straight line offset = a + b·time through the points that agree.

    Starts from the offset most points share (within the first tolerance, along `slope`),
    then narrows the tolerance step by step; a slope is fitted across DRIFT_MIN_SPAN_S,
    otherwise `slope` (known from elsewhere) is kept.
    """
    keep = np.zeros(times.size, bool)
    if times.size == 0:
        return 0.0, slope, keep
    level = offsets - slope * times
    near = np.abs(level[:, None] - level[None, :]) <= tolerances[0]
    seed = int(np.argmax((near * weights[None, :]).sum(axis=1)))
    a, b = float(level[seed]), slope
    for tol in tolerances:
        keep = np.abs(offsets - (a + b * times)) <= tol
        if keep.sum() == 0:
            break
        t, o, w = times[keep], offsets[keep], weights[keep]
        if keep.sum() >= 4 and np.ptp(t) >= DRIFT_MIN_SPAN_S * ANALYSIS_RATE:
            b, a = (float(v) for v in np.polyfit(t, o, 1, w=np.sqrt(w)))
            if abs(b) > MAX_DRIFT:
                b = slope
                a = float(np.average(o - b * t, weights=w))
        else:
            a = float(np.average(o - b * t, weights=w))
    keep = np.abs(offsets - (a + b * times)) <= tolerances[-1]
    return a, b, keep


def weigh_candidates(live: Track, ref: Track, candidates: list[Coarse],
                     report: Callable[[float], None]) -> tuple[list[Evidence], np.ndarray]:
    n = int(EVIDENCE_S * ANALYSIS_RATE)
    m = int(SEARCH_S * ANALYSIS_RATE)
    starts = _evidence_starts(live)
    centres = (starts + n / 2).astype(np.float64)
    kernel = WhitenedCorrelator(n, m)
    x_spec = kernel.x_spectra(np.stack([live.audio[s:s + n].astype(np.float32)
                                        for s in starts])) if starts.size else None
    results = []
    tolerances = tuple(x * ANALYSIS_RATE for x in (0.02, 0.02, 0.005, AGREE_S))
    for k, cand in enumerate(candidates):
        lag = cand.lag * HOP
        quality = np.zeros(starts.size)
        offsets = np.zeros(starts.size)
        fits = np.zeros(starts.size, bool)
        ys = []
        for i, s in enumerate(starts):
            y = ref.window(s + lag - m, n + 2 * m)
            if y is not None:
                fits[i] = True
                ys.append(y)
        if fits.any():
            r = kernel.correlate(x_spec[fits], np.stack(ys))
            reach = int(FORCED_SEARCH_S * ANALYSIS_RATE) if cand.forced else m
            r = r[:, m - reach:m + reach + 1]
            for i, p in zip(np.nonzero(fits)[0], peaks(r, reach)):
                quality[i], offsets[i] = p.quality, lag + p.lag
        clear = quality >= CLEAR_PEAK
        a, b, keep = fit_line(centres[clear], offsets[clear], quality[clear], tolerances)
        confirmed = np.zeros(starts.size, bool)
        confirmed[np.nonzero(clear)[0][keep]] = True
        if not confirmed.any():
            a, b = float(lag), 0.0
        results.append(Evidence(cand, a, b, confirmed, quality, offsets))
        report((k + 1) / len(candidates))
    return results, starts


# --------------------------------------------------------------------------- 3. choice

def choose(evidence: list[Evidence]) -> tuple[Evidence, Optional[Evidence]]:
    """The candidate the windows confirm most strongly (a forced one regardless); the
    runner-up: the strongest of the others."""
    forced = [e for e in evidence if e.coarse.forced]
    ranked = sorted(evidence, key=lambda e: (e.strength, e.coarse.whole_score), reverse=True)
    best = forced[0] if forced else ranked[0]
    others = [e for e in ranked if e is not best]
    return best, (others[0] if others else None)


def believe(best: Evidence, runner: Optional[Evidence], windows: int) -> None:
    if best.coarse.forced:
        return
    if best.count < MIN_CONFIRMED:
        raise NoMatchError(
            "The song was not found in the dance video's sound. Check that the reference "
            "is the same recording of the song, and that the music is audible in the video.",
            f"best candidate confirmed by {best.count} of {windows} fine windows "
            f"(whole-recording z {best.coarse.whole_z:.1f}, {best.coarse.votes} votes)")


# --------------------------------------------------------------------------- 4. fit

@dataclass(frozen=True)
class Mapping:
    a: float          # samples
    b: float          # drift: reference runs 1 + b times as fast as the recording
    spread_ms: float
    fitted: int       # windows in the fit

    def ref_sample(self, s: float) -> float:
        return s + self.a + self.b * s

    def shifted(self, samples: float) -> "Mapping":
        """The same line, `samples` later in the song (a deliberately wrong lag)."""
        return Mapping(self.a + samples, self.b, self.spread_ms, self.fitted)


def fit_mapping(live: Track, ref: Track, best: Evidence, starts: np.ndarray,
                report: Callable[[float], None]) -> Mapping:
    """Offset and drift to a fraction of a sample, from dense windows across the
    stretch that the evidence confirmed."""
    m = int(FIT_SEARCH_S * ANALYSIS_RATE)
    rough = Mapping(best.a, best.b, 0.0, best.count)
    if not best.confirmed.any():
        return rough
    span_lo = int(starts[best.confirmed].min())
    span_hi = int(starts[best.confirmed].max() + EVIDENCE_S * ANALYSIS_RATE)
    # Enough windows for a slope even across a few seconds (a phone's clock drifts 2 ms
    # in 8 s at 250 ppm): shorter ones on a short stretch, half overlapping.
    n = int(np.clip((span_hi - span_lo) / 4, 1.0 * ANALYSIS_RATE, FIT_S * ANALYSIS_RATE))
    span_hi -= n
    count = int(np.clip(2 * (span_hi - span_lo) // n + 1, 1, MAX_FIT))
    fit_starts = np.linspace(span_lo, max(span_lo, span_hi), count).astype(int)
    kernel = WhitenedCorrelator(n, m)
    xs, ys, used = [], [], []
    for s in fit_starts:
        base = int(round(rough.ref_sample(s + n / 2) - (s + n / 2)))
        x, y = live.window(s, n), ref.window(s + base - m, n + 2 * m)
        if x is not None and y is not None:
            xs.append(x)
            ys.append(y)
            used.append((s, base))
    report(0.5)
    if not used:
        return rough
    r = kernel.correlate(kernel.x_spectra(np.stack(xs)), np.stack(ys))
    found = peaks(r, m)
    times = np.array([s + n / 2 for s, _ in used], np.float64)
    offsets = np.array([base + p.lag for (_, base), p in zip(used, found)])
    quality = np.array([p.quality for p in found])
    # A window counts if its peak is clear, or if it is fair and lands where the evidence
    # says (soft pads peak weakly but in a perfect line: that agreement is the evidence).
    near = np.abs(offsets - (rough.a + rough.b * times)) <= 0.002 * ANALYSIS_RATE
    usable = (quality >= CLEAR_PEAK) | ((quality >= FAIR_PEAK) & near)
    if usable.sum() < 2:
        return rough
    tol = tuple(x * ANALYSIS_RATE for x in (0.002, 0.001, 0.0005))
    a, b, keep = fit_line(times[usable], offsets[usable], quality[usable] ** 2, tol,
                          slope=rough.b)
    t, o = times[usable][keep], offsets[usable][keep]
    if keep.sum() < 2:
        return rough
    spread = float(np.std(o - (a + b * t)) / ANALYSIS_RATE * 1000)
    report(1.0)
    return Mapping(a, b, spread, int(keep.sum()))


# --------------------------------------------------------------------------- 6. confidence

TIE = 0.03   # peak qualities closer than this (relative) are a tie


def rate_confidence(best: Evidence, runner: Optional[Evidence], in_span: int) -> float:
    """0…1: how much of the evidence favours the winner over the runner-up, times how much
    of the music the winner explains.

    Each window votes for the candidate it matches better (clearer peak), or for neither
    when both match alike: the two copies of a repeated chorus, sample for sample. With
    nothing but ties the answer is a coin toss: confidence 0.
    """
    mine = best.confirmed
    coverage = float(np.clip(mine.sum() / max(1, in_span), 0, 1))
    if runner is None:
        wins, losses = int(mine.sum()), 0
    else:
        theirs = runner.confirmed
        q_b, q_r = best.quality, runner.quality
        either = mine | theirs
        better = either & (~theirs | (mine & (q_b > q_r * (1 + TIE))))
        worse = either & (~mine | (theirs & (q_r > q_b * (1 + TIE))))
        wins, losses = int(better.sum()), int(worse.sum())
    decisive = (wins + 0.5) / (wins + losses + 1.0)      # ties tell nothing either way
    separation = float(np.clip(2 * decisive - 1, 0, 1))
    return separation * (0.5 + 0.5 * coverage)


# --------------------------------------------------------------------------- 5. one run

def _envelope(loudness: np.ndarray, step: int) -> np.ndarray:
    n = loudness.size // step
    if n == 0:
        return np.zeros(0, np.float32)
    env = loudness[:n * step].reshape(n, step).max(axis=1)
    lo, hi = np.percentile(env, 5), np.percentile(env, 99.5)
    return np.clip((env - lo) / max(hi - lo, 1e-6), 0, 1).astype(np.float32)


def _forced_candidate(force_offset: float, live: Track, ref: Track,
                      whole: WholeCorrelation) -> Coarse:
    lag = int(round((force_offset + live.start - ref.start) * FRAME_RATE))
    return Coarse(lag=lag, whole_score=whole.at(lag), whole_z=0.0, forced=True)


def check_not_silent(live: Track) -> None:
    x = live.audio.astype(np.float32)
    if x.size == 0 or float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) < DIGITAL_SILENCE:
        raise NoMusicError("The dance video is silent: there is no music in it to match.")


@dataclass
class Run:
    """One run of the song in the recording, before its span is settled."""
    best: Evidence
    runner: Optional[Evidence]
    evidence: list[Evidence]
    starts: np.ndarray          # evidence windows, live samples of the whole recording
    mapping: Mapping            # whole-recording samples
    # Played at another tempo: everything above is on `track`, the recording brought back
    # to the song's tempo, whose sample u is live sample s0 + u / rate.
    track: Optional[Track] = None
    s0: int = 0
    rate: float = 1.0
    kind: str = ""

    def to_live(self, u: float) -> float:
        return u if self.track is None else self.s0 + u / self.rate

    def to_track(self, s: float) -> float:
        return s if self.track is None else (s - self.s0) * self.rate

    @property
    def live_core(self) -> tuple[int, int]:
        lo, hi = self.core
        return int(self.to_live(lo)), int(np.ceil(self.to_live(hi)))

    @property
    def live_mapping(self) -> Mapping:
        """The mapping on the recording's own samples (a rate far from 1 for a tempo run)."""
        m = self.mapping
        if self.track is None:
            return m
        scale = self.rate * (1 + m.b)
        return Mapping(m.a - self.s0 * scale, scale - 1, m.spread_ms, m.fitted)

    @property
    def core(self) -> tuple[int, int]:
        """Live samples of the largest group of confirming windows (none more than CORE_GAP_S
        from the next): a lone window elsewhere is a repeated section of the song heard in
        another run, not this run. Nor is a window that another line explains CLAIMED times
        as clearly (at the song's tempo, where the peaks are sample by sample)."""
        mine = self.best.confirmed
        if self.track is None:
            for other in self.evidence:
                if other is not self.best:
                    mine = mine & ~(other.confirmed
                                    & (other.quality > CLAIMED * self.best.quality))
        confirmed = np.sort(self.starts[mine])
        if confirmed.size == 0:
            return 0, 0
        # (a long recording's windows are sparse: then a gap of a few of them)
        spacing = float(self.starts[1] - self.starts[0]) if self.starts.size > 1 else 0.0
        gap = max(CORE_GAP_S * ANALYSIS_RATE, 2.5 * spacing)
        breaks = np.nonzero(np.diff(confirmed) > gap)[0] + 1
        group = max(np.split(confirmed, breaks), key=len)
        return int(group[0]), int(group[-1] + EVIDENCE_S * ANALYSIS_RATE)


def find_run(live: Track, ref: Track, force_offset: Optional[float] = None,
             on_fraction: Callable[[float], None] = lambda f: None,
             raw_fallback: bool = True) -> Run:
    """Stages 1–4 on one recording: the best-confirmed line and its mapping, or
    NoMatchError when nothing is believable."""
    candidates, whole, n_windows = find_candidates(
        live, ref, lambda f: on_fraction(0.02 + 0.5 * f))
    if force_offset is not None:
        forced = _forced_candidate(force_offset, live, ref, whole)
        candidates = [forced] + [c for c in candidates
                                 if abs(c.lag - forced.lag) > DISTINCT_S * FRAME_RATE]
    evidence, starts = weigh_candidates(live, ref, candidates,
                                        lambda f: on_fraction(0.32 + 0.3 * f))
    if raw_fallback and max((e.count for e in evidence), default=0) < MIN_CONFIRMED:
        extra = [c for c in raw_candidates(live, ref, whole)
                 if all(abs(c.lag - k.lag) > DISTINCT_S * FRAME_RATE for k in candidates)]
        if extra:
            more, _ = weigh_candidates(live, ref, extra, lambda f: on_fraction(0.62 + 0.05 * f))
            evidence += more
    if not evidence:
        raise NoMatchError("The song was not found in the dance video's sound.",
                           "no candidate to weigh")
    best, runner = choose(evidence)
    believe(best, runner, starts.size)
    mapping = fit_mapping(live, ref, best, starts, lambda f: on_fraction(0.67 + 0.1 * f))
    return Run(best, runner, evidence, starts, mapping)


# --------------------------------------------------------------------------- 7. more runs

CORE_GAP_S = 8.0        # confirming windows further apart than this are separate groups
MIN_REGION_S = 6.0      # unexplained stretches shorter than this are not searched
MIN_RUN_S = 5.0         # a further run must play at least this long (the issue's ~6 s)
SAME_LINE_S = 0.05      # a line this close to a known run's is that run, continued
DISTINCT_RUN = 1.2      # …and its stretch clearly better than any other place of the song
TAKE_OVER = 1.5         # a new line must explain its stretch this much better than a known one
KNOWN_PLACE_S = 3.0     # in looped music: the place overlapping the known runs' song by this
                        # much more than any other that fits alike is where a run replays
CLAIMED = 1.5           # a window another line explains this much more clearly is that line's
                        # run: a false start 2.3 s before the run, from the same place of a
                        # song with repeated sections, confirmed the run's line in 4 windows
                        # at peak quality 7-10 where its own line had 31-32, and the run's
                        # span bridged the talk between them (r2059-0016, confidently wrong)
MAX_RUNS = 12
MAX_SEARCHES = 24


def _sub_track(live: Track, lo: int, hi: int) -> tuple[Track, int]:
    """live[lo:hi] as a recording of its own (lo rounded down to a feature frame)."""
    f0, f1 = lo // HOP, hi // HOP
    s0 = f0 * HOP
    feats = live.features
    sub = Features(values=feats.values[:, f0:f1], loudness=feats.loudness[f0:f1],
                   active=feats.active[f0:f1])
    return Track(audio=live.audio[s0:f1 * HOP], start=live.start + s0 / ANALYSIS_RATE,
                 features=sub), s0


def _to_whole(run: Run, s0: int) -> Run:
    """A run found in a stretch starting at live sample s0, on the whole recording's clock."""
    m = run.mapping
    mapping = Mapping(m.a - s0 * (1 + m.b), m.b, m.spread_ms, m.fitted)
    moved = [Evidence(e.coarse, e.a - s0 * (1 + e.b), e.b, e.confirmed, e.quality,
                      e.offsets) for e in run.evidence]
    index = {id(e): k for k, e in enumerate(run.evidence)}
    best = moved[index[id(run.best)]]
    runner = moved[index[id(run.runner)]] if run.runner is not None else None
    return Run(best, runner, moved, run.starts + s0, mapping)


def _regions(total: int, masked: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Stretches nothing masks, long enough to hold a run."""
    out, at = [], 0
    for lo, hi in sorted(masked) + [(total, total)]:
        if lo - at >= MIN_REGION_S * ANALYSIS_RATE:
            out.append((at, lo))
        at = max(at, hi)
    return out


def _line_evidence(live: Track, ref: Track, mapping: Mapping, lo: int, hi: int) -> float:
    """How well a line explains live[lo:hi]: summed exact-lag evidence of 1-s windows."""
    from .span import _ExactMatch

    step = int(0.5 * ANALYSIS_RATE)
    starts = np.arange(lo, max(lo + 1, hi - ANALYSIS_RATE), step)
    return float(np.clip(_ExactMatch(live, ref, mapping)(starts), 0, None).sum())


def _distinct(run: Run, lo: int, hi: int) -> bool:
    """Whether the run's line explains its core clearly better than any other line the
    search weighed: a short run in looped material fits several places of the song almost
    alike, and a wrong place reported as a run is worse than a run left out."""
    inside = (run.starts >= lo) & (run.starts < hi)
    strengths = sorted((float(e.quality[e.confirmed & inside].sum()) for e in run.evidence),
                       reverse=True)
    return len(strengths) < 2 or strengths[0] >= DISTINCT_RUN * strengths[1]


def _song_span(run: Run) -> tuple[float, float]:
    """The song samples a run's core plays (whole recording's clock)."""
    lo, hi = run.live_core
    m = run.live_mapping
    return m.ref_sample(lo), m.ref_sample(hi)


def _known_place(live: Track, ref: Track, found: Run, runs: list[Run], lo: int, hi: int
                 ) -> Optional[Run]:
    """A further run in looped music fits several places of the song alike. The class
    replays what it played (the song twice, a false start, a restart from an earlier point),
    so among the places that fit almost alike, the one that overlaps the song the known runs
    play clearly most is taken (its confidence will say how alike the others fitted); no
    such place: left out."""
    inside = (found.starts >= lo) & (found.starts < hi)
    strength = {id(e): float(e.quality[e.confirmed & inside].sum()) for e in found.evidence}
    top = max(strength.values())
    known = [_song_span(r) for r in runs]
    width = hi - lo

    def overlap(e: Evidence) -> float:
        a, b = lo + e.a + e.b * lo, hi + e.a + e.b * hi
        return max(max(0.0, min(b, k_hi) - max(a, k_lo)) for k_lo, k_hi in known)

    near = sorted((e for e in found.evidence
                   if e.count >= MIN_CONFIRMED and strength[id(e)] * DISTINCT_RUN >= top),
                  key=overlap, reverse=True)
    if not near or overlap(near[0]) < 0.5 * width:
        return None
    if len(near) > 1 and overlap(near[0]) - overlap(near[1]) < KNOWN_PLACE_S * ANALYSIS_RATE:
        return None                  # two places overlap alike (a loop of a bar or two)
    chosen = near[0]
    mapping = fit_mapping(live, ref, chosen, found.starts, lambda f: None)
    runner = found.best if chosen is not found.best else found.runner
    return Run(chosen, runner, found.evidence, found.starts, mapping)


def _same_line(a: Mapping, b: Mapping, at: float) -> bool:
    return abs(a.ref_sample(at) - b.ref_sample(at)) <= SAME_LINE_S * ANALYSIS_RATE


def find_more_runs(live: Track, ref: Track, first: Run
                   ) -> tuple[list[Run], list[tuple[int, int]]]:
    """Further runs of the song in what the first run leaves unexplained: a restart, a pause
    and resume, a false start, the song twice. Each stretch is searched as a recording of its
    own, with the same stages and the same bar (`believe`), the raw-sound search included
    where the features propose nothing the fine stage confirms (a first run at 0 dB SNR in a
    1-s reverb, hold-out seed 2053: every feature candidate wrong, the raw search's confirmed
    by 14 windows; nothing extra in the other runs of that seed). A line already known is
    that run continued; a new line must explain its stretch clearly better than every known
    line (a repeated section of the song heard again is not a new run). Also returns the
    stretches searched in vain (where a run at another tempo may play)."""
    empty: list[tuple[int, int]] = []
    runs, masked = [first], [first.live_core]
    for _ in range(MAX_SEARCHES):
        regions = _regions(live.audio.size, masked)
        if not regions or len(runs) >= MAX_RUNS:
            break
        lo, hi = regions[0]
        sub, s0 = _sub_track(live, lo, hi)
        try:
            found = _to_whole(find_run(sub, ref), s0)
        except NoMatchError:
            masked.append((lo, hi))          # searched: nothing believable there
            empty.append((lo, hi))
            continue
        c_lo, c_hi = found.core
        masked.append((c_lo, c_hi))
        centre = (c_lo + c_hi) / 2
        if any(_same_line(r.live_mapping, found.mapping, centre) for r in runs):
            continue
        if not _distinct(found, c_lo, c_hi):
            found = _known_place(live, ref, found, runs, c_lo, c_hi)
            if found is None:
                continue
        mine = _line_evidence(live, ref, found.mapping, c_lo, c_hi)
        theirs = max(_line_evidence(live, ref, r.live_mapping, c_lo, c_hi) for r in runs)
        if mine > TAKE_OVER * theirs:
            runs.append(found)
    return runs, empty


def _run_confidence(run: Run, span) -> float:
    """`rate_confidence` on the windows inside this run's span only (the other runs'
    windows are no evidence against it)."""
    n = EVIDENCE_S * ANALYSIS_RATE
    inside = ((run.starts >= span.first_sample - n / 2)
              & (run.starts + n <= span.last_sample + n / 2))

    def within(e: Evidence) -> Evidence:
        return Evidence(e.coarse, e.a, e.b, e.confirmed & inside,
                        np.where(inside, e.quality, 0.0), e.offsets)

    others = [within(e) for e in run.evidence if e is not run.best]
    runner = max(others, key=lambda e: (e.strength, e.coarse.whole_score), default=None)
    return rate_confidence(within(run.best), runner, int(inside.sum()))


def settle_runs(live: Track, ref: Track, runs: list[Run]) -> list[tuple[Run, object, float]]:
    """Each run's span (no further than its neighbours' confirmed stretches, meeting halfway
    where two overlap) and confidence, in video order; further runs shorter than MIN_RUN_S
    are dropped (the first run never is). Spans are on the recording's clock."""
    from .onsets import OnsetMatch
    from .span import make_span, music_span

    order = sorted(runs, key=lambda r: r.live_core[0])
    cores = [r.live_core for r in order]
    spans, confidences = [], []
    for k, run in enumerate(order):
        lo = cores[k - 1][1] if k else 0
        hi = cores[k + 1][0] if k + 1 < len(order) else live.audio.size
        # The edges grow from the core: a lone confirming window elsewhere (a repeated
        # section heard in another run) is not where this run plays.
        c_lo, c_hi = run.core
        b = run.best
        core = Evidence(b.coarse, b.a, b.b, b.confirmed & (run.starts >= c_lo)
                        & (run.starts < c_hi), b.quality, b.offsets)
        track = run.track or live
        limits = (max(0, int(run.to_track(lo))),
                  min(track.audio.size, int(run.to_track(max(lo, hi)))))
        span = music_span(track, ref, run.mapping, core, run.starts,
                          limits=(limits[0], max(limits)), matcher=(
                              OnsetMatch if run.kind == "pitch-kept" else None))
        confidences.append(_run_confidence(run, span))
        spans.append(make_span(live, ref, run.live_mapping, int(run.to_live(span.first_sample)),
                               int(run.to_live(span.last_sample))))
    for k in range(len(spans) - 1):
        a, b = spans[k], spans[k + 1]
        if a.last_sample > b.first_sample:
            mid = (a.last_sample + b.first_sample) // 2
            spans[k] = make_span(live, ref, order[k].live_mapping, a.first_sample, mid)
            spans[k + 1] = make_span(live, ref, order[k + 1].live_mapping, mid, b.last_sample)
    return [(run, span, c) for run, span, c in zip(order, spans, confidences)
            if run is runs[0] or span.end - span.start >= MIN_RUN_S]


# --------------------------------------------------------------------------- the whole

def align(live: Track, ref: Track, force_offset: Optional[float] = None,
          on_fraction: Callable[[float], None] = lambda f: None) -> Alignment:
    """Find the mapping from dance-video time to song time: one segment per run of the song
    (video order; one run unless the song was restarted, paused, or played again).

    Raises NoMusicError (digital silence) or NoMatchError (the song is not there).
    """
    from .span import music_span

    check_not_silent(live)
    on_fraction(0.02)
    try:
        first = find_run(live, ref, force_offset, on_fraction)
    except NoMatchError:
        # Not at the song's own tempo: perhaps all of it at another (a practice at 0.75×).
        first = None if force_offset is not None else find_tempo_run(live, ref, 0,
                                                                     live.audio.size)
        if first is None:
            raise
    if first.track is not None:
        runs, empty = find_more_runs(live, ref, first)
        return _assemble(live, ref, first, settle_runs(live, ref, runs), on_fraction)
    best, runner, starts, mapping = first.best, first.runner, first.starts, first.mapping
    span = music_span(live, ref, mapping, best, starts,
                      lambda f: on_fraction(0.77 + 0.2 * f))
    # A forced offset is the user's word for one run: nothing more is looked for.
    runs, empty = ([first], []) if force_offset is not None else find_more_runs(live, ref,
                                                                                first)
    # Where no run at the song's tempo was found, a long stretch: a run at another tempo?
    # (Only a long one: the scan costs seconds, and lead-ins and tails are talk.)
    for lo, hi in empty:
        if hi - lo < MIN_TEMPO_REGION_S * ANALYSIS_RATE:
            continue
        found = find_tempo_run(live, ref, lo, hi)
        if found is not None:
            runs.append(found)
    if len(runs) == 1:
        n = EVIDENCE_S * ANALYSIS_RATE
        in_span = int(np.sum((starts >= span.first_sample - n / 2)
                             & (starts + n <= span.last_sample + n / 2)))
        # A forced offset that nothing confirms is the user's word, not a measurement.
        confidence = (0.0 if best.coarse.forced and best.count < MIN_CONFIRMED
                      else rate_confidence(best, runner, in_span))
        settled = [(first, span, confidence)]
    else:
        settled = settle_runs(live, ref, runs)
    return _assemble(live, ref, first, settled, on_fraction)


def _assemble(live: Track, ref: Track, first: Run, settled: list, on_fraction) -> Alignment:
    """The alignment: a segment per settled run (video order), the first run's runners-up,
    the picture of the match."""
    best, starts, mapping = first.best, first.starts, first.mapping
    segments = tuple(Segment(dance_start=s.start, dance_end=s.end, ref_start=s.ref_start,
                             rate=1.0 + r.live_mapping.b, confidence=round(float(c), 4),
                             tempo=r.kind)
                     for r, s, c in settled)
    segment = next(seg for seg, (r, _, _) in zip(segments, settled) if r is first)
    span = next(s for r, s, _ in settled if r is first)
    confidence = min(c for _, _, c in settled)
    per_window = max(1, starts.size)

    def offset_of(e: Evidence) -> float:
        s = first.to_track((span.start - live.start) * ANALYSIS_RATE)
        return ref.start + (s + e.a + e.b * s) / ANALYSIS_RATE - span.start

    ranked = [best] + sorted((e for e in first.evidence if e is not best),
                             key=lambda e: (e.strength, e.coarse.whole_score), reverse=True)
    candidates_out = tuple(
        Candidate(offset=segment.offset if e is best else offset_of(e),
                  score=round(e.count / per_window, 4), windows=e.count)
        for e in ranked[:4] if e is best or e.count > 0)

    step = int(FRAME_RATE / ENVELOPE_RATE)
    live_loud, ref_loud = live.features.loudness, ref.features.loudness
    shifted = np.full(live_loud.shape, float(ref_loud.min()) if ref_loud.size else 0.0,
                      np.float32)
    if len(settled) == 1 and first.track is None:
        # The song under the recording on the first run's line.
        idx = np.arange(live_loud.size) + int(round(mapping.a / HOP))
        ok = (idx >= 0) & (idx < ref_loud.size)
        shifted[ok] = ref_loud[idx[ok]]
    else:       # each run's own line within its span (at its own tempo)
        for r, s, _ in settled:
            m = r.live_mapping
            frames = np.arange(int(s.first_sample // HOP),
                               min(int(s.last_sample // HOP) + 1, live_loud.size))
            idx = np.round((frames * HOP + m.a + m.b * frames * HOP) / HOP).astype(int)
            ok = (idx >= 0) & (idx < ref_loud.size)
            shifted[frames[ok]] = ref_loud[idx[ok]]
    on_fraction(1.0)
    return Alignment(
        segments=segments, confidence=round(float(confidence), 4),
        candidates=candidates_out, music_start=segments[0].dance_start,
        music_end=segments[-1].dance_end,
        drift_ppm=(0.0 if first.track is not None else mapping.b * 1e6),
        fine_spread_ms=mapping.spread_ms,
        envelope_rate=FRAME_RATE / step,
        dance_envelope=tuple(float(v) for v in _envelope(live_loud, step)),
        reference_envelope=tuple(float(v) for v in _envelope(shifted, step)))


# --------------------------------------------------------------------------- 8. tempo

TEMPO_ANCHORS = tuple(round(0.5 + 0.05 * k, 2) for k in range(21))  # 0.5 … 1.5
# Rates tried around each anchor (on its features time-scaled), every TEMPO_STEP so that
# together they cover 0.5…1.5 without a gap: the peak in rate of a 24-s stretch is only
# ±0.005 wide at half height (a 0.75× practice scored 0.44 at 0.750 and 0.14 at 0.740),
# and a grid of 0.01 steps around anchors 0.1 apart never tried 0.75, 0.85, … 1.25 at all
# (a 0.75× practice was scanned as 1.5×, its double tempo).
TEMPO_STEP = 0.005
TEMPO_STEPS = range(-5, 5)  # anchor − 0.025 … anchor + 0.02: every grid rate once
TEMPO_FINE = 0.002         # …then the best, refined on the sound itself in these steps
TEMPO_SCAN_S = 24.0        # the rate is scanned on this much of a stretch (its middle)
MIN_TEMPO_S = 8.0          # a recording shorter than this is not searched for another tempo
MIN_TEMPO_REGION_S = 20.0  # …nor a stretch beside a run at the song's tempo
TEMPO_CONFIRMED = 2 * MIN_CONFIRMED   # a higher bar: many rates tried, more chances to err
MAX_TEMPO_REF_S = 15 * 60  # the scan correlates with the whole song once per rate
# The scan places a resampled practice's rate only to a few tenths of a percent (a feature
# frame is 20 ms: 0.07 % of a 30-s stretch), but the fine stage's 2-s windows lose their
# peak about 0.1 % off the rate (a 0.75× practice undone at 0.751: 4 of 23 windows
# confirmed; at 0.7505: 19; the scan said 0.751, 0.754, 1.099 for 0.75, 0.75, 1.1). So the
# rate is tried on the sound itself, in steps of RATE_TRY_STEP across ±RATE_TRY of the
# scan's, and the one the fine windows confirm most strongly is taken (the rest, ≤ 0.05 %,
# is the fit's drift).
RATE_TRY = 0.006
RATE_TRY_STEP = 0.001
RATE_TRY_CANDIDATES = 3
# Both kinds are searched. Resampled playback is confirmed sample by sample, as at the
# song's tempo, on the recording resampled back. A pitch-kept one (a time stretch) is not:
# whatever undoes a stretch (atempo, a phase vocoder) rebuilds the waveform, and the fine
# stage's sample-level windows confirm nothing for a phase-vocoder practice copy and an
# atempo one only with 3-14 ms of bias. It is placed on its onsets instead (onsets.py):
# windows of the recording's onset envelope against the song's read along the candidate
# line at the run's rate, a robust line through their peaks (rate and offset).
SEARCHED_KINDS = ("resampled", "pitch-kept")
ONSET_WINDOW_S = 3.0       # onset windows of a stretched run…
ONSET_HOP_S = 1.0          # …this dense
ONSET_REACH_S = 0.25       # ± around a coarse candidate (recording seconds)
ONSET_PASSES = 1
ONSET_AGREE_S = 0.004      # confirming windows lie within this of the line (song seconds)
ONSET_MIN_R = 0.1          # a window's onset correlation must reach this to count
ONSET_SHARE = 0.3          # …and this share of the windows that fit must confirm
# Onsets alone match any sound with a pulse near the tempo: another song at 0.96× (z 5.9,
# 2 votes) and a class with no music at all (z 8.9, no votes) were taken for stretched runs
# at confidence 0.61 and 0.76. Nor do they tell the places of the song apart: with a steady
# beat the onset windows confirm a line at almost every candidate (28 of 31 at the right
# place, 27 at the next, r2031-0001), and the strongest on onsets was a wrong place in
# r2031-0028, -0030, -0038. So the place is the features': the candidate the most coarse
# windows voted for on their own, PITCH_KEPT_VOTES of them and PLACE_MARGIN times as many
# as for any other place, at robust z ≥ PITCH_KEPT_Z over all lags; the onsets then give
# its line. Measured (seeds 2029, 2031): real stretched runs 6–19 votes, 1.6–19 times the
# next place's, z 5.9–51 (a slow practice beside a full run, with talk in its stretch:
# z 5.9–7.6); the other song 4 votes (z 6.9), the class with no music none. A wrong song
# of a hold-out run (s2037-0052) then had 5 votes, 1.7 times the next place's, z 5.5,
# and was taken at 0.73× (confidence 0.06): 6 votes, as the fewest real runs had.
PITCH_KEPT_Z = 5.0
PITCH_KEPT_VOTES = 6
PLACE_MARGIN = 1.5


def _scaled(values: np.ndarray, factor: float) -> np.ndarray:
    """Feature frames read `factor` times as fast (frame j ← frame j·factor)."""
    n = int(values.shape[1] / factor)
    pos = np.arange(n) * factor
    grid = np.arange(values.shape[1])
    return np.stack([np.interp(pos, grid, row) for row in values]).astype(np.float32)


def _peak_score(values: np.ndarray, ref: Track) -> float:
    whole = whole_correlation(values, ref.features.values,
                              max(int(values.shape[1] * 0.5), int(2 * FRAME_RATE)))
    return float(np.max(whole.scores)) if whole.scores.size else 0.0


def scan_tempo(audio: np.ndarray, ref: Track, kind: str = "resampled",
               features: Optional[np.ndarray] = None) -> tuple[str, float, float]:
    """(kind, rate, score): the playback rate at which `audio` (a stretch of the recording,
    analysis rate) best matches the song over 0.5…1.5, played the way of `kind`.

    Resampled: the recording is resampled back at each anchor rate (its bands move with
    the pitch). Pitch kept: the band energies are the song's own, only the time axis is
    scaled, so the recording's own features (`features`, of `audio`) are read at each rate:
    no sound is processed."""
    from . import tempo

    n = int(TEMPO_SCAN_S * ANALYSIS_RATE)
    mid = max(0, (audio.size - n) // 2)
    part = audio[mid:mid + n].astype(np.float32)
    if kind == "pitch-kept":
        f0 = mid // HOP
        part_values = features[:, f0:f0 + n // HOP]
    best = ("", 1.0, -1.0)
    for anchor in TEMPO_ANCHORS:
        base = (part_values if kind == "pitch-kept" else
                track_from_samples(tempo.undo(part, ANALYSIS_RATE, anchor, kind)[0])
                .features.values)
        for k in TEMPO_STEPS:
            rate = round(anchor + k * TEMPO_STEP, 4)
            if abs(rate - 1.0) < 0.005 or not TEMPO_ANCHORS[0] <= rate <= TEMPO_ANCHORS[-1]:
                continue           # rate 1 was searched already, with every stage
            factor = 1.0 / rate if kind == "pitch-kept" else anchor / rate
            score = _peak_score(_scaled(base, factor), ref)
            if score > best[2]:
                best = (kind, rate, score)
    kind, rate, _ = best
    if not kind:
        return best
    # Refined on all of the stretch: the longer the stretch, the sharper the peak in rate
    # (the fine stage then measures what is left, up to MAX_DRIFT).
    whole = audio.astype(np.float32)
    for step in (TEMPO_FINE, TEMPO_FINE / 4):
        fine = [rate + k * step for k in range(-4, 5)]
        if kind == "pitch-kept":
            scores = [_peak_score(_scaled(features, 1.0 / r), ref) for r in fine]
        else:
            scores = [_peak_score(track_from_samples(tempo.undo(whole, ANALYSIS_RATE, r,
                                                                kind)[0]).features.values,
                                  ref) for r in fine]
        k = int(np.argmax(scores))
        rate = float(fine[k])
    return kind, rate, float(scores[k])


def find_pitch_kept_run(sub: Track, ref: Track, rate: float) -> Optional[Run]:
    """The song time-stretched to `rate` in `sub` (a stretch of the recording), placed on
    its onsets, or None. Candidates come from the features read at the rate; each is weighed
    by onset windows along its line (the lag of each window's best onset correlation); the
    place is the one the features single out (PITCH_KEPT_Z, PITCH_KEPT_VOTES, PLACE_MARGIN),
    and its line needs TEMPO_CONFIRMED windows and ONSET_SHARE of those that fit."""
    from .onsets import envelope, OnsetLine

    scaled = Track(audio=np.zeros(0, np.float32), start=0.0,
                   features=Features(values=_scaled(sub.features.values, 1.0 / rate),
                                     loudness=np.zeros(0), active=np.zeros(0, bool)))
    candidates, _, _ = find_candidates(scaled, ref, lambda f: None)
    if not candidates:
        return None
    # The place: the one the coarse windows single out (candidates come most-voted first).
    place = candidates[0]
    if place.votes < PITCH_KEPT_VOTES or place.whole_z < PITCH_KEPT_Z or any(
            c.votes * PLACE_MARGIN > place.votes for c in candidates[1:]):
        return None
    live_env, ref_env = envelope(sub.audio), envelope(ref.audio)
    n = int(ONSET_WINDOW_S * ANALYSIS_RATE)
    last = sub.audio.size - n
    if last < 0:
        return None
    starts = np.arange(0, last + 1, int(ONSET_HOP_S * ANALYSIS_RATE))
    centres = (starts + n / 2).astype(np.float64)
    tolerances = tuple(x * ANALYSIS_RATE for x in (0.02, 0.01, ONSET_AGREE_S))
    evidence = []
    for cand in candidates:
        a0, slope = float(cand.lag * HOP), rate
        # A second pass along the line the first fitted would catch more windows where the
        # scan's rate is off by 1e-3 (30 ms across 30 s), but it also lifts the wrong copies
        # of a repeated section (measured: the runner-up of a loop-based song came within
        # DISTINCT_RUN of the right place): one pass.
        for _ in range(ONSET_PASSES):
            line = OnsetLine(live_env, ref_env, a0, slope, ONSET_REACH_S)   # song = a0 + slope·s
            lags, r = line.windows(starts, n)
            offsets = slope * lags              # song samples off that line
            clear = r >= ONSET_MIN_R
            a, b, keep = fit_line(centres[clear], offsets[clear], r[clear], tolerances)
            confirmed = np.zeros(starts.size, bool)
            confirmed[np.nonzero(clear)[0][keep]] = True
            a0, slope = a0 + a, slope + b
            offsets = offsets - (a + b * centres)           # off the fitted line
            if confirmed.sum() < MIN_CONFIRMED:
                break
        # Evidence's line, as at the song's tempo: song sample = s + a + b·s.
        evidence.append(Evidence(cand, a0, slope - 1.0, confirmed,
                                 np.where(r > 0, r, 0.0), offsets))
    best = evidence[0]                   # the features' place (see PLACE_MARGIN)
    runner = max(evidence[1:], key=lambda e: (e.strength, e.coarse.whole_score),
                 default=None)
    fits = int(np.sum(best.quality > 0))
    if best.count < TEMPO_CONFIRMED or best.count < ONSET_SHARE * max(1, fits):
        return None
    spread = float(np.std(best.offsets[best.confirmed]) / ANALYSIS_RATE * 1000)
    mapping = Mapping(best.a, best.b, spread, best.count)
    # No onset test of distinctness (`_distinct`): onsets confirm other places of a song
    # with a steady beat almost as well, so it refused runs the features single out.
    return Run(best, runner, evidence, starts, mapping, track=sub, s0=0, rate=1.0,
               kind="pitch-kept")


def refine_resampled_rate(audio: np.ndarray, ref: Track, rate: float, start: float
                          ) -> float:
    """The rate near the scan's `rate` at which the fine windows confirm a resampled
    practice in `audio` most strongly (see RATE_TRY)."""
    from . import tempo

    track = track_from_samples(tempo.undo(audio, ANALYSIS_RATE, rate, tempo.RESAMPLED)[0],
                               start)
    candidates, _, _ = find_candidates(track, ref, lambda f: None)
    if not candidates:
        return rate
    # A candidate's lag holds at the stretch's start whatever the rate; at its end a rate
    # RATE_TRY off moves it by less than the fine stage's ±SEARCH_S on a stretch of 40 s.
    candidates = candidates[:RATE_TRY_CANDIDATES]
    steps = int(round(RATE_TRY / RATE_TRY_STEP))
    best = (0.0, 0, rate)          # (strength, closeness to the scan's rate, rate)
    for k in range(-steps, steps + 1):
        trial = rate * (1 + k * RATE_TRY_STEP)
        undone = Track(tempo.undo(audio, ANALYSIS_RATE, trial, tempo.RESAMPLED)[0], start,
                       track.features)            # the fine stage reads only the sound
        evidence, _ = weigh_candidates(undone, ref, candidates, lambda f: None)
        best = max(best, (max(e.strength for e in evidence), -abs(k), trial))
    return best[2]                 # nothing confirmed anywhere: the scan's own rate


def find_tempo_run(live: Track, ref: Track, lo: int, hi: int) -> Optional[Run]:
    """The song played at another tempo in live[lo:hi], or None. Resampled playback is
    scanned for and confirmed sample by sample first; where it is not confirmed, a time
    stretch (pitch kept) is scanned for and placed on its onsets, and taken only if the
    features also say the pitch was kept (they fit better read at the rate as they are
    than resampled back). The bar is higher than at the song's own tempo: many rates were
    tried."""
    from . import tempo

    if ref.duration > MAX_TEMPO_REF_S or hi - lo < MIN_TEMPO_S * ANALYSIS_RATE:
        return None
    audio = live.audio[lo:hi].astype(np.float32)
    kind, rate, moved_score = scan_tempo(audio, ref, "resampled")
    start = live.start + lo / ANALYSIS_RATE
    if kind:
        rate = refine_resampled_rate(audio, ref, rate, start)
        track = track_from_samples(tempo.undo(audio, ANALYSIS_RATE, rate, kind)[0], start)
        try:
            run = find_run(track, ref, raw_fallback=False)
        except NoMatchError:
            run = None
        if run is not None:
            run.track, run.s0, run.rate, run.kind = track, lo, rate, kind
            c_lo, c_hi = run.core
            if run.best.count >= TEMPO_CONFIRMED and _distinct(run, c_lo, c_hi):
                return run
    sub, s0 = _sub_track(live, lo, hi)
    kind, rate, kept_score = scan_tempo(sub.audio, ref, "pitch-kept", sub.features.values)
    if not kind or kept_score <= moved_score:
        return None          # the pitch moved (or nothing fits): not a stretch
    run = find_pitch_kept_run(sub, ref, rate)
    if run is not None:
        run.s0 = s0
    return run
