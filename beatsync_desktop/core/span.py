"""Where the music plays in the recording, once the mapping to the song is known.

The span follows the evidence, not a loudness threshold. Short windows of the recording are
compared with the song at exactly the mapped lag; each gives how much better the exact lag
matches than the lags around it (zero, give or take, where the song is not playing). From
the stretch the fine stage confirmed, each edge moves outwards as far as that evidence keeps
adding up (a running sum, less a small margin per window): a soft passage adds a little per
window and is kept, a phrase the room drowned is bridged when clear music follows it, talk
and crowd take away and end the span. Last, where the song itself is soft at an edge (a
quiet intro or a fade-out), or the music is heard to within a second of the song's end, the
span reaches towards the song's own start or end for as long as the recording is loud
enough there to have hidden it (talk, crowd); a quiet room means it was not playing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .features import ANALYSIS_RATE, FRAME_RATE, HOP
from .whitening import WhitenedCorrelator

WINDOW_S = 1.0          # windows that judge the edges…
STEP_S = 0.25           # …moved in these steps
LOOK_S = 30.0           # how far past the confirmed stretch an edge is looked for
REACH = 12              # ±samples (0.75 ms) around the mapped lag: a drift the line misses
NULL_BLOCK = 2 * REACH + 1
# Wrong lags that show what "no music here" looks like. (Six lags, 0.3–1.2 s, raised the
# margin by about 0.5 and lost the soft start of a resampled practice by 1.1 s, test_tempo.)
NULL_SHIFTS_S = (0.31, -0.47)
SNAP_SOFT_S = 15.0      # within this of the song's own start/end, if the song is soft
                        # in between: it was played from there, the room drowned it
SNAP_NEAR_S = WINDOW_S  # the evidence still adds up this close to the song's own end, loud
                        # or not: players stop there, and the last window that fits the song
                        # cannot judge its last second (the final pose, which costs the dance
                        # more than a second of song over the room's talk). A clear stop
                        # further from the end is a stop. (Not at the start: DJs fade in
                        # within the intro, and the intro is not danced.)
HOLD_SPREADS = 2.0      # an edge's last windows must add this many null spreads to count
INSIDE_WINDOWS = 12     # "inside the music" at an edge: the last 3 s of windows
HIDDEN_DB = 6.0         # a snap needs the recording there no more than this under the song's
                        # level as it comes out of this room: quieter, and it was not played
UNPLAYED_DB = 20.0      # an edge whose recording is this far under the song's level as this
                        # room renders it was not playing: the evidence crept into a quiet
                        # lead-in (s13-0071: 2.6 s at 32-42 dB under). A DJ's fade-in is
                        # heard over the room only where it is less than the SNR (≤ 20 dB)
                        # down, and a soft passage of the song is soft in both.
AUDIBLE_DB = 35.0       # the song is "audible" within this of its typical level
SOFT_DB = 10.0          # "soft": this far under its typical level


@dataclass(frozen=True)
class Span:
    start: float          # dance-video time the music starts
    end: float
    ref_start: float      # song time at `start`
    first_sample: int     # live samples of start and end
    last_sample: int


class _ExactMatch:
    """Evidence of windows of the recording for the song at exactly the mapped lag."""

    def __init__(self, live, ref, mapping, width_s: float = WINDOW_S):
        self.live, self.ref, self.mapping = live, ref, mapping
        self.n = int(width_s * ANALYSIS_RATE)
        self.m = int(0.05 * ANALYSIS_RATE)
        self.kernel = WhitenedCorrelator(self.n, self.m)

    def moved(self, samples: float) -> "_ExactMatch":
        """The same windows on the line `samples` later in the song."""
        return _ExactMatch(self.live, self.ref, self.mapping.shifted(samples))

    def __call__(self, starts) -> np.ndarray:
        """Per window: its peak at the lag (±REACH) over the typical peak of as many lags
        elsewhere within ±50 ms, in units of the curve's RMS. 0 where it does not fit."""
        out = np.zeros(len(starts))
        xs, ys, where = [], [], []
        for i, s in enumerate(starts):
            s = int(s)
            centre = s + self.n / 2
            base = int(round(self.mapping.ref_sample(centre) - centre))
            x, y = self.live.window(s, self.n), self.ref.window(s + base - self.m,
                                                              self.n + 2 * self.m)
            if x is not None and y is not None and x.any() and y.any():
                xs.append(x)
                ys.append(y)
                where.append(i)
        if where:
            r = self.kernel.correlate(self.kernel.x_spectra(np.stack(xs)), np.stack(ys))
            rms = np.sqrt(np.mean(r.astype(np.float64) ** 2, axis=1))
            rms[rms == 0] = 1.0
            r = r / rms[:, None]
            at = r[:, self.m - REACH:self.m + REACH + 1].max(axis=1)
            blocks = (2 * self.m + 1) // NULL_BLOCK
            others = r[:, :blocks * NULL_BLOCK].reshape(len(where), blocks, NULL_BLOCK)
            out[where] = at - np.median(others.max(axis=2), axis=1)
        return out


def _null(match: _ExactMatch, starts: np.ndarray) -> tuple[float, float]:
    """The evidence this recording gives for lags that are wrong (0.31 s and 0.47 s off):
    what 'no music here' looks like, room, reverb and loops included. Returns the margin a
    window must clear (the null's median plus twice its spread) and the spread."""
    values = []
    for shift in NULL_SHIFTS_S:
        wrong = match.moved(shift * ANALYSIS_RATE)
        values.append(wrong(starts))
    values = np.concatenate(values)
    values = values[values != 0]
    if values.size < 8:
        return 1.5, 0.5
    med = float(np.median(values))
    spread = float(np.median(np.abs(values - med))) * 1.4826
    return med + max(2 * spread, 0.5), spread


def _edge(match: _ExactMatch, inner: int, direction: int, limit: int) -> tuple[int, int]:
    """Move an edge from `inner` (inside the music) outwards as far as the evidence adds up.

    Windows are taken from inside out; the edge goes where the running sum of
    (evidence − margin) is largest, then back to where the evidence is still a third of
    what it is inside the music: about where half a window holds music, however loud the
    song is (a window's evidence falls faster than its share of music: reverb and the
    whitening's spread). Returns (edge, reach): `reach` is the running sum's own end, the
    last window the music still clearly adds to.
    """
    n, step = match.n, int(STEP_S * ANALYSIS_RATE)
    look = int(LOOK_S * ANALYSIS_RATE)
    margin = spread = None
    while True:
        if direction < 0:
            starts = np.arange(inner - n, max(limit, inner - look) - 1, -step)
        else:
            starts = np.arange(inner, min(limit - n, inner + look) + 1, step)
        if starts.size == 0:
            return inner, inner
        evidence = match(starts)
        if margin is None:
            margin, spread = _null(match, starts)
        gain = np.cumsum(evidence - margin)
        k = int(np.argmax(gain))
        if gain[k] <= 0:
            return inner, inner
        if k == starts.size - 1 and starts.size * step >= look:
            inner = int(starts[k] + n / 2)     # still rising at the end: look further
            continue
        reach = int(starts[k] + n / 2)
        # Windows overlap, so the room's noise wanders in runs: a few windows just over the
        # margin add up by chance (a near-silent lead-in gained 0.7 over 2.5 s). The last
        # windows count only if together they add more than the null's wander.
        k = int(np.argmax(gain >= gain[k] - HOLD_SPREADS * spread))
        # Back to where the evidence is still a third of what the music just inside shows
        # (a loud song's last window may hold only a little of it). "Inside": the upper
        # part of the last 3 s, as the running sum may have crept a few windows past the
        # music on the room's small positive noise; where the edge is close to `inner`,
        # those 3 s reach back inside it (else the room's noise would be all there is).
        back = max(0, INSIDE_WINDOWS - 1 - k)
        inward = match(starts[0] - direction * step * np.arange(back, 0, -1)) if back else []
        recent = np.concatenate([inward, evidence[max(0, k + 1 - INSIDE_WINDOWS):k + 1]])
        inside = float(np.percentile(recent, 75))
        j = k
        while j > 0 and evidence[j] < max(margin, inside / 3):
            j -= 1
        return int(starts[j] + n / 2), reach


def _song_edges(ref) -> tuple[float, float, float, np.ndarray]:
    """Song time of the first and last audible frames, typical level, loudness per frame."""
    loud = ref.features.loudness
    active = ref.features.active
    if not active.any():
        return 0.0, ref.duration, 0.0, loud
    typical = float(np.median(loud[active]))
    audible = np.nonzero(loud > typical - AUDIBLE_DB)[0]
    first = audible[0] / FRAME_RATE if audible.size else 0.0
    last = (audible[-1] + 1) / FRAME_RATE if audible.size else ref.duration
    return first, min(last, ref.duration), typical, loud


def _leading(mask: np.ndarray) -> int:
    """How many of `mask`'s first entries are all true."""
    return mask.size if mask.all() else int(np.argmin(mask))


class _Loudness:
    """The recording's level against the song's own, as this room and phone render it: a
    stretch the song may be said to play in unheard must be at least as loud as the song
    would be there (drowned by talk or noise), not quieter (the room alone: not played)."""

    def __init__(self, live, ref, mapping, first: int, last: int):
        self.live_loud, self.ref_loud, self.mapping = live.features.loudness, \
            ref.features.loudness, mapping
        frames = np.arange(first // HOP, max(first // HOP + 1, last // HOP))
        live_db, song_db = self._pair(frames)
        loud = song_db > np.median(song_db) - SOFT_DB if song_db.size else song_db
        self.gain = float(np.median(live_db[loud] - song_db[loud])) if loud.any() else None

    def _pair(self, frames: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ref_frames = np.round(self.mapping.ref_sample(frames * HOP) / HOP).astype(np.int64)
        ok = (frames >= 0) & (frames < self.live_loud.size) & (ref_frames >= 0) \
            & (ref_frames < self.ref_loud.size)
        return self.live_loud[frames[ok]].astype(np.float64), \
            self.ref_loud[ref_frames[ok]].astype(np.float64)

    def _under(self, frames: np.ndarray, block: int) -> np.ndarray:
        """dB under the song's level as this room renders it, per `block` of `frames`."""
        live_db, song_db = self._pair(frames)
        n = live_db.size // block
        return np.median((live_db[:n * block] - song_db[:n * block] - self.gain)
                         .reshape(n, block), axis=1)

    def unplayed(self, edge: int, inner: int) -> int:
        """`edge` moved towards `inner` past quarter-seconds where the recording is
        UNPLAYED_DB or more under the song: the song was not playing there."""
        if self.gain is None or inner == edge:
            return edge
        block, direction = int(FRAME_RATE / 4), (1 if inner > edge else -1)
        under = self._under(np.arange(edge // HOP, inner // HOP, direction), block)
        return edge + direction * _leading(under < -UNPLAYED_DB) * block * HOP

    def hidden_reach(self, edge: int, direction: int, reach: int) -> int:
        """How far (samples, up to `reach`) from `edge` in `direction` the song may have
        played unheard: half-second blocks outwards while the recording is loud enough to
        hide it. A quiet room before a DJ's fade-in stops it there."""
        if self.gain is None:
            return reach        # nothing to judge by: no objection
        block = int(FRAME_RATE / 2)
        under = self._under(np.arange(edge // HOP, (edge + direction * reach) // HOP,
                                      direction), block)
        hidden = _leading(under >= -HIDDEN_DB)
        # All of it (or nothing to judge by, outside the recording): no objection.
        return reach if hidden == under.size else hidden * block * HOP


def music_span(live, ref, mapping, best, starts: np.ndarray,
               report: Callable[[float], None] = lambda f: None,
               limits: Optional[tuple[int, int]] = None, matcher=None) -> Span:
    """`limits` (live samples): where other runs of the song play, this one cannot.
    `matcher(live, ref, mapping)` judges the edges' windows (`_ExactMatch`, sample by
    sample, unless given: a stretched run is judged on its onsets)."""
    rate = 1.0 + mapping.b
    total = live.audio.size
    n_evidence = int(2.0 * ANALYSIS_RATE)
    # The recording can hold the song only where the song exists.
    ref_lo = int(np.ceil((0 - mapping.a) / rate))
    ref_hi = int(np.floor((ref.audio.size - mapping.a) / rate))
    lo_limit, hi_limit = max(0, ref_lo), min(total, ref_hi)
    if limits is not None:
        lo_limit, hi_limit = max(lo_limit, limits[0]), min(hi_limit, limits[1])
    if best.confirmed.any():
        confirmed = starts[best.confirmed]
        # Start from inside the confirmed stretch: a confirming window at its edge may hold
        # only half a second of music.
        first = int(confirmed.min() + n_evidence)
        last = int(confirmed.max())
        if last < first:
            first = last = (first + last) // 2
        first, last = max(lo_limit, first), min(hi_limit, last)
        match = (matcher or _ExactMatch)(live, ref, mapping)
        inner_first, inner_last = first, max(last, first)
        first, _ = _edge(match, first, -1, lo_limit)
        report(0.5)
        last, clear_end = _edge(match, max(last, first), +1, hi_limit)
        report(0.9)
    else:                       # a forced offset nothing confirms: all that overlaps
        first, last = lo_limit, hi_limit
        clear_end = last
    first, last = max(first, lo_limit), min(max(last, first), hi_limit)

    def song_time(s: float) -> float:
        return ref.start + mapping.ref_sample(s) / ANALYSIS_RATE

    song_first, song_last, typical, loud = _song_edges(ref)

    def soft(t0: float, t1: float) -> bool:
        i0, i1 = int(max(0.0, t0) * FRAME_RATE), int(max(0.0, t1) * FRAME_RATE)
        part = loud[i0:i1]
        return part.size == 0 or float(np.percentile(part, 90)) < typical - SOFT_DB

    # Snap to the song's own start and end where the recording evidently plays from/to it.
    # (A loud stretch that did not match was not played: only a soft one can hide.)
    level = _Loudness(live, ref, mapping, first, last)
    if best.confirmed.any():    # never past where the edges were looked for from
        first = level.unplayed(first, max(first, inner_first))
        last = level.unplayed(last, min(last, inner_last))
    gap = song_time(first) - ref.start - song_first
    reach = int(round(gap / rate * ANALYSIS_RATE))
    if 0 < gap < SNAP_SOFT_S and soft(song_first, song_first + gap):
        first = max(lo_limit, first - level.hidden_reach(first, -1, reach))
    gap = song_last - (song_time(last) - ref.start)
    reach = int(round(gap / rate * ANALYSIS_RATE))
    near = song_last - (song_time(max(last, clear_end)) - ref.start) <= SNAP_NEAR_S
    if 0 < gap < SNAP_SOFT_S and (near or soft(song_last - gap, song_last)):
        last = min(hi_limit, last + level.hidden_reach(last, +1, reach))
    # The music cannot go on past the end of the song.
    end_of_song = first + (song_last - (song_time(first) - ref.start)) / rate * ANALYSIS_RATE
    last = int(min(last, max(first, end_of_song)))
    report(1.0)
    return make_span(live, ref, mapping, first, last)


def make_span(live, ref, mapping, first: int, last: int) -> Span:
    """The span from live sample `first` to `last` on `mapping`'s line."""
    return Span(start=live.start + first / ANALYSIS_RATE, end=live.start + last / ANALYSIS_RATE,
                ref_start=ref.start + mapping.ref_sample(first) / ANALYSIS_RATE,
                first_sample=first, last_sample=last)
