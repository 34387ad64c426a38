"""`SyncOptions.runs` (the runs a person keeps, issue 12): refused in words when no job can
use it, `Alignment.keep`, and `beatsync sync --runs` on the command line (no media needed:
the numbers are refused before any file is read). The real two-run clip is written with
`--runs` in tests/test_multirun_output.py."""

from __future__ import annotations

import pytest

from beatsync_desktop.core.errors import UsageError
from beatsync_desktop.core.models import Alignment, Segment, SyncOptions
from tests.test_cli import assert_no_traceback, beatsync


def alignment(n: int) -> Alignment:
    segs = tuple(Segment(dance_start=10.0 + 30 * k, dance_end=30.0 + 30 * k, ref_start=5.0,
                         confidence=0.9 - 0.2 * k) for k in range(n))
    return Alignment(segments=segs, confidence=min(s.confidence for s in segs), candidates=(),
                     music_start=segs[0].dance_start, music_end=segs[-1].dance_end)


@pytest.mark.parametrize("runs", [(0,), (-1,), (1, 0), ("1",), (True,), (1.0,), "1,2", None])
def test_run_numbers_no_job_can_use_are_refused(runs):
    with pytest.raises(UsageError) as err:
        SyncOptions(runs=runs)
    assert err.value.message_id == "option-runs"
    assert "numbered from 1" in err.value.message


def test_a_run_asked_for_twice_is_refused():
    with pytest.raises(UsageError) as err:
        SyncOptions(runs=(2, 1, 2))
    assert err.value.message_id == "option-runs-twice" and "Run 2" in err.value.message


def test_runs_from_the_history_json_are_a_tuple_and_empty_means_all():
    assert SyncOptions(runs=[3, 1]).runs == (3, 1)
    assert SyncOptions().runs == () and SyncOptions().run_indices(3) == [0, 1, 2]
    assert SyncOptions(runs=(3, 1)).run_indices(3) == [0, 2]


def test_a_run_that_does_not_exist_is_a_clear_refusal():
    with pytest.raises(UsageError) as err:
        SyncOptions(runs=(1, 9)).run_indices(2)
    assert err.value.message_id == "runs-missing"
    assert err.value.message == ("There is no run 9: the song plays 2 times in this video "
                                 "(runs 1 to 2).")
    with pytest.raises(UsageError) as err:
        SyncOptions(runs=(2,)).run_indices(1)
    assert err.value.message_id == "runs-missing-one"


def test_keep_leaves_the_other_runs_out():
    a = alignment(3)
    kept = a.keep([2, 0])
    assert kept.segments == (a.segments[0], a.segments[2])
    assert kept.music_start == a.segments[0].dance_start
    assert kept.music_end == a.segments[2].dance_end
    assert kept.confidence == pytest.approx(0.5)         # the least sure run kept
    one = a.keep([1])
    assert one.segments == (a.segments[1],) and one.confidence == pytest.approx(0.7)
    assert a.keep([0, 1, 2]) is a


@pytest.mark.parametrize("value, words", [
    ("0", "not 0"), ("x", "not 'x'"), ("", "not ''"), ("1,,3", "not '1,,3'"),
    ("2,2", "Run 2 is asked for twice"), ("1.5", "not '1.5'"), ("-1", "not -1")])
def test_the_runs_flag_refuses_bad_values_in_words(tmp_path, value, words):
    out = tmp_path / "x.mp4"
    proc = beatsync("sync", tmp_path / "class.mp4", tmp_path / "song.mp3", "--runs", value,
                    "-o", out)
    assert proc.returncode == 2, proc.stderr
    assert_no_traceback(proc)
    assert words in proc.stderr and not out.exists()
