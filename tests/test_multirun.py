"""Class videos in which the song plays more than once: every run is found, each on its own
line, and music that is not the reference is not a run.

Real songs through the simulated studio (tests/support/multirun.py builds the programme:
restarts, a pause and resume, false starts, the song twice, another song between).
"""

from __future__ import annotations

import numpy as np
import pytest

from beatsync_desktop.core.align import align, make_track
from beatsync_desktop.core.decode import analysis_copy
from tests.support.multirun import Gap, Other, Play, record
from tests.support.songs import SR, by_name, load
from tests.support.studio import EASY

ROCK = "13_sectoid_escape_from_chaosland.opus"      # hold-out songs
TAIKO = "22_0ad_taiko_2.opus"
CELTICA = "05_0ad_celtica.opus"
DAVID = "15_ufoai_david01.opus"
LOOPS = "12_mucade_mcd1.opus"                      # loop-based: sections repeat exactly
NEBULA = "24_singularity_nebula.opus"
ROOMY = dict(EASY, rt60=0.8, snr_db=8.0, agc=True, drift_ppm=-180.0)

CASES = {
    # name: (song, programme, studio, seed)
    "restart-from-earlier": (ROCK, [Play(10, 20), Gap(4), Play(5, 30)], EASY, 1),
    "pause-and-resume": (TAIKO, [Play(3, 18), Gap(6), Play(21, 25)], EASY, 2),
    "two-false-starts": (CELTICA, [Play(0, 7), Gap(5), Play(0, 7), Gap(4), Play(0, 40)],
                         EASY, 3),
    "song-twice": (DAVID, [Play(0, 25), Gap(20), Play(0, 25)], EASY, 4),
    "other-song-between": (ROCK, [Play(20, 15), Gap(3), Other(TAIKO, 10, 20), Gap(3),
                                  Play(40, 20)], EASY, 5),
    "resume-without-talk": (TAIKO, [Play(30, 12), Gap(8, talk=False), Play(40, 15)], EASY, 6),
    "restart-loud-room": (NEBULA, [Play(5, 25), Gap(5), Play(0, 40)], ROOMY, 7),
    "other-song-after": (CELTICA, [Play(10, 30), Gap(4), Other(DAVID, 0, 25)], ROOMY, 8),
}


def errors_ms(segment, run, count=9) -> np.ndarray:
    """The engine's mapping minus the truth at times spread over the run, in ms."""
    times = np.linspace(run.start + 0.5, run.end - 0.5, count)
    return np.array([(segment.ref_time(t) - float(run.ref_time(t))) * 1000 for t in times])


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_run_is_found_on_its_own_line(name, song_tracks):
    song, parts, studio, seed = CASES[name]
    parts = [Other(load(by_name(p.song)), p.song_from, p.seconds)
             if isinstance(p, Other) else p for p in parts]
    rec = record(load(by_name(song)), SR, parts, studio=studio, seed=seed)
    found = align(make_track(analysis_copy(rec.audio, rec.sr)), song_tracks(song))
    got = [(round(s.dance_start, 2), round(s.dance_end, 2), round(s.offset, 3))
           for s in found.segments]
    truth = [(round(r.start, 2), round(r.end, 2), round(r.offset, 3)) for r in rec.runs]
    assert len(found.segments) == len(rec.runs), (got, truth)
    for seg, run in zip(found.segments, rec.runs):
        err = np.abs(errors_ms(seg, run))
        assert np.median(err) <= 5.0 and err.max() <= 20.0, (name, got, truth, err)
        assert abs(seg.dance_start - run.start) <= 1.0, (got, truth)
        assert abs(seg.dance_end - run.end) <= 1.0, (got, truth)
        assert seg.confidence is not None and seg.confidence >= 0.35, (got, seg.confidence)
    # Another song is not a run: no segment reaches more than a second into it.
    for a, b in rec.others:
        for seg in found.segments:
            assert min(b, seg.dance_end) - max(a, seg.dance_start) <= 1.0, (got, (a, b))
    assert found.music_start == found.segments[0].dance_start
    assert found.music_end == found.segments[-1].dance_end
    assert found.confidence == min(s.confidence for s in found.segments)


def test_a_run_in_looped_music_is_right_or_left_out(song_tracks):
    # In a loop-based song a short run fits several places almost alike: a run is reported
    # only where its place is clearly the best (a wrong place is worse than none).
    song = LOOPS
    for parts, studio, seed in (([Play(5, 25), Gap(5), Play(0, 40)], ROOMY, 7),
                                ([Play(0, 7), Gap(4), Play(0, 8), Gap(3), Play(0, 40)],
                                 dict(ROOMY, drift_ppm=0.0, agc=False, snr_db=11.0), 0)):
        rec = record(load(by_name(song)), SR, parts, studio=studio, seed=seed)
        found = align(make_track(analysis_copy(rec.audio, rec.sr)), song_tracks(song))
        assert any(abs(s.offset - rec.runs[-1].offset) < 0.002 for s in found.segments)
        for seg in found.segments:
            truth = [r for r in rec.runs if abs(seg.offset - r.offset) < 0.002]
            assert truth, ([(s.dance_start, s.offset) for s in found.segments],
                           [(r.start, r.offset) for r in rec.runs])


def test_the_song_twice_with_three_minutes_of_talk_between(song_tracks):
    song = "04_0ad_tavern_in_the_mist.opus"       # hold-out, 60 s
    rec = record(load(by_name(song)), SR, [Play(0, 58), Gap(180), Play(0, 58)], lead_in=20,
                 tail=10, seed=12)
    found = align(make_track(analysis_copy(rec.audio, rec.sr)), song_tracks(song))
    assert len(found.segments) == 2 and all(s.tempo == "" for s in found.segments)
    for seg, run in zip(found.segments, rec.runs):
        err = np.abs(errors_ms(seg, run))
        assert np.median(err) <= 5.0 and err.max() <= 20.0, err
        assert abs(seg.dance_start - run.start) <= 1.0 and abs(seg.dance_end - run.end) <= 1.0
