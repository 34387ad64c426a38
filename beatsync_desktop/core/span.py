"""Where the music plays in the recording, once the mapping to the song is known.

The span follows the evidence, not a loudness threshold: it starts from the fine windows
that confirmed the match, grows outwards while windows at the exact lag still match (a
soft passage matches as well as a loud one if it is audible at all), and each edge is then
sharpened to ~0.25 s. Last, where the song itself is soft at the edge (a quiet intro or a
fade-out that the room drowned), the span reaches to the song's own start or end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .features import ANALYSIS_RATE, FRAME_RATE
from .whitening import WhitenedCorrelator, quality_at

GROW_S = 2.0            # windows that grow the span
GROW_MISSES = 4         # this many misses in a row end the growth
SHARP_S = 1.0           # windows that sharpen an edge…
SHARP_STEP_S = 0.25     # …moved in these steps
SHARP_RUN = 3           # good windows in a row that mark the music
GOOD = 4.0              # quality at the exact lag; unrelated sound stays near 1-2
REACH = 12              # ±samples (0.75 ms) around the mapped lag: a drift the line misses
SNAP_NEAR_S = 2.0       # within this of the song's own start/end: it was played from there
SNAP_SOFT_S = 15.0      # …or within this, if the song is soft in between
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
    """Quality of windows of the recording at exactly the mapped lag."""

    def __init__(self, live, ref, mapping, width_s: float):
        self.live, self.ref, self.mapping = live, ref, mapping
        self.n = int(width_s * ANALYSIS_RATE)
        self.m = int(0.05 * ANALYSIS_RATE)
        self.kernel = WhitenedCorrelator(self.n, self.m)

    def __call__(self, starts) -> np.ndarray:
        out = np.zeros(len(starts))
        xs, ys, where = [], [], []
        for i, s in enumerate(starts):
            s = int(s)
            centre = s + self.n / 2
            base = int(round(self.mapping.ref_sample(centre) - centre))
            x, y = self.live.window(s, self.n), self.ref.window(s + base - self.m,
                                                              self.n + 2 * self.m)
            if x is not None and y is not None:
                xs.append(x)
                ys.append(y)
                where.append(i)
        if where:
            r = self.kernel.correlate(self.kernel.x_spectra(np.stack(xs)), np.stack(ys))
            out[where] = quality_at(r, self.m, REACH)
        return out


def _grow(match: _ExactMatch, edge: int, direction: int, limit: int) -> int:
    """Move an edge outwards while windows keep matching; returns the last matching edge."""
    step = int(GROW_S * ANALYSIS_RATE / 2)
    n = match.n
    misses, best = 0, edge
    pos = edge
    while misses < GROW_MISSES:
        pos += direction * step
        s = pos if direction > 0 else pos - n
        if (direction < 0 and s < limit) or (direction > 0 and s + n > limit):
            break
        if match([s if direction < 0 else pos - n])[0] >= GOOD:
            best, misses = pos, 0
        else:
            misses += 1
    return best


def _sharpen(match: _ExactMatch, edge: int, direction: int, reach: int, lo: int, hi: int) -> int:
    """The first run of good windows met coming from outside the music towards it."""
    step = int(SHARP_STEP_S * ANALYSIS_RATE)
    n = match.n
    # A confirming window may hold only half a second of music: look that far inside too.
    inside = reach + int(2.0 * ANALYSIS_RATE)
    if direction < 0:       # start edge: scan forwards from `reach` before it
        starts = np.arange(max(lo, edge - reach), min(hi - n, edge + inside) + 1, step)
    else:                   # end edge: scan backwards from `reach` after it
        starts = np.arange(min(hi - n, edge + reach - n), max(lo, edge - inside - n) - 1, -step)
    if starts.size == 0:
        return edge
    good = match(starts) >= GOOD
    for i in range(starts.size - SHARP_RUN + 1):
        if good[i:i + SHARP_RUN].all():
            # A window matches once part of it holds music: the edge is inside it.
            return int(starts[i] + n / 2)
    return edge


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


def music_span(live, ref, mapping, best, starts: np.ndarray,
               report: Callable[[float], None] = lambda f: None) -> Span:
    rate = 1.0 + mapping.b
    total = live.audio.size
    n_evidence = int(2.0 * ANALYSIS_RATE)
    # The recording can hold the song only where the song exists.
    ref_lo = int(np.ceil((0 - mapping.a) / rate))
    ref_hi = int(np.floor((ref.audio.size - mapping.a) / rate))
    lo_limit, hi_limit = max(0, ref_lo), min(total, ref_hi)
    if best.confirmed.any():
        first = int(starts[best.confirmed].min())
        last = int(starts[best.confirmed].max()) + n_evidence
        grow = _ExactMatch(live, ref, mapping, GROW_S)
        first = _grow(grow, first, -1, lo_limit)
        report(0.3)
        last = _grow(grow, last, +1, hi_limit)
        report(0.6)
        sharp = _ExactMatch(live, ref, mapping, SHARP_S)
        reach = int(2.0 * ANALYSIS_RATE)
        first = _sharpen(sharp, first, -1, reach, lo_limit, hi_limit)
        last = _sharpen(sharp, last, +1, reach, lo_limit, hi_limit)
        report(0.9)
    else:                       # a forced offset nothing confirms: all that overlaps
        first, last = lo_limit, hi_limit
    first, last = max(first, lo_limit), min(max(last, first), hi_limit)

    def song_time(s: float) -> float:
        return ref.start + mapping.ref_sample(s) / ANALYSIS_RATE

    song_first, song_last, typical, loud = _song_edges(ref)

    def soft(t0: float, t1: float) -> bool:
        i0, i1 = int(max(0.0, t0) * FRAME_RATE), int(max(0.0, t1) * FRAME_RATE)
        part = loud[i0:i1]
        return part.size == 0 or float(np.percentile(part, 90)) < typical - SOFT_DB

    # Snap to the song's own start and end where the recording evidently plays from/to it.
    gap = song_time(first) - ref.start - song_first
    if 0 < gap < SNAP_SOFT_S and (gap < SNAP_NEAR_S or soft(song_first, song_first + gap)):
        first = max(lo_limit, int(round(first - gap / rate * ANALYSIS_RATE)))
    gap = song_last - (song_time(last) - ref.start)
    if 0 < gap < SNAP_SOFT_S and (gap < SNAP_NEAR_S or soft(song_last - gap, song_last)):
        last = min(hi_limit, int(round(last + gap / rate * ANALYSIS_RATE)))
    # The music cannot go on past the end of the song.
    end_of_song = first + (song_last - (song_time(first) - ref.start)) / rate * ANALYSIS_RATE
    last = int(min(last, max(first, end_of_song)))
    report(1.0)
    start_t = live.start + first / ANALYSIS_RATE
    return Span(start=start_t, end=live.start + last / ANALYSIS_RATE,
                ref_start=song_time(first), first_sample=first, last_sample=last)
