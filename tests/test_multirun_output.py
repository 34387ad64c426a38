"""The output of a class video with several runs of the song, through the `beatsync` command:
one file from the first run to the last (the clean song under each run, the room's own sound
between them), one file per run, or the longest run alone; `analyze --json` lists the runs.
Judged on the written files at picture times (tests/timing.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.support import media_factory as mf
from tests.support.multirun import Gap, Play, record
from tests.support.songs import SR, by_name, load
from tests.test_cli import assert_no_traceback, beatsync
from tests.timing import residual_ms

SONG = "13_sectoid_escape_from_chaosland.opus"     # hold-out, 70 s
PARTS = [Play(10, 20), Gap(6), Play(5, 30)]         # stopped, "again from earlier"
MARGIN = 0.5


@pytest.fixture(scope="module")
def class_video(tmp_path_factory):
    folder = tmp_path_factory.mktemp("multirun")
    rec = record(load(by_name(SONG)), SR, PARTS, lead_in=4.0, tail=3.0, seed=11,
                 studio=None)
    made = mf.make_video(folder / "class.mp4", rec.audio, rec.sr, size=(160, 96), fps=10,
                         seed=11)
    return folder, rec, made


def picture_residuals(made, rec, output, run, lo, hi) -> np.ndarray:
    """Residuals (ms) of the written sound at picture times inside `run` (video lo…hi)."""
    ids = {int(f): float(t) for f, t in zip(made.frame_ids, made.frame_times) if f >= 0}
    pairs = [(t_out, ids[f]) for t_out, f in mf.frame_counters(output) if f in ids]
    inside = [(to, tv) for to, tv in pairs if max(run.start, lo) + 1.5 <= tv
              <= min(run.end, hi) - 1.5]
    picks = [inside[i] for i in np.unique(np.linspace(0, len(inside) - 1, 7).astype(int))]
    audio = mf.decode_audio(output, SR, channels=2)
    clean = np.ascontiguousarray(load(by_name(SONG)))
    return np.array([residual_ms(audio, clean, SR, to, float(run.ref_time(tv)), rate=run.rate)
                     for to, tv in picks])


def level(audio: np.ndarray, t0: float, t1: float) -> float:
    part = audio[..., int(t0 * SR):int(t1 * SR)].astype(np.float64)
    return float(np.sqrt(np.mean(part ** 2))) if part.size else 0.0


def test_analyze_lists_every_run(class_video):
    folder, rec, _ = class_video
    proc = beatsync("analyze", folder / "class.mp4", by_name(SONG).path, "--json")
    assert proc.returncode == 0, proc.stderr
    runs = json.loads(proc.stdout)["alignment"]["runs"]
    assert [r["run"] for r in runs] == [1, 2]
    for got, truth in zip(runs, rec.runs):
        assert got["offset"] == pytest.approx(truth.offset, abs=0.002)
        assert got["video_start"] == pytest.approx(truth.start, abs=1.0)
        assert got["video_end"] == pytest.approx(truth.end, abs=1.0)
        assert got["confidence_label"] in ("high", "medium")
    text = beatsync("analyze", folder / "class.mp4", by_name(SONG).path, "-q").stdout
    assert "The song plays 2 times" in text and "run 2: video" in text


@pytest.mark.parametrize("gap_audio", ["room", "silence"])
def test_one_file_from_the_first_run_to_the_last(class_video, tmp_path, gap_audio):
    folder, rec, made = class_video
    out = tmp_path / "out.mp4"
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o", out, "--json",
                    "--gap-audio", gap_audio)
    assert proc.returncode == 0, proc.stderr
    assert_no_traceback(proc)
    report = json.loads(proc.stdout)
    plan, runs = report["plan"], report["alignment"]["runs"]
    assert report["outputs"] == [str(out)]
    assert plan["start"] == pytest.approx(runs[0]["video_start"] - MARGIN, abs=0.01)
    assert plan["end"] == pytest.approx(runs[1]["video_end"] + MARGIN, abs=0.01)
    for run in rec.runs:
        res = np.abs(picture_residuals(made, rec, out, run, plan["start"], plan["end"]))
        assert res.size >= 5 and np.median(res) <= 5.0 and res.max() <= 20.0, res
    # Between the runs: the room (the teacher's words), or silence, as asked.
    audio = mf.decode_audio(out, SR, channels=2)
    gap = (rec.runs[0].end + 1.0 - plan["video_start"], rec.runs[1].start - 1.0
           - plan["video_start"])
    music = level(audio, rec.runs[1].start + 2 - plan["video_start"],
                  rec.runs[1].start + 10 - plan["video_start"])
    if gap_audio == "room":
        assert level(audio, *gap) > music * 10 ** (-20 / 20), (level(audio, *gap), music)
        # …and it is the video's own sound, in its place.
        own = mf.decode_audio(folder / "class.mp4", SR)
        a = audio[0, int(gap[0] * SR):int(gap[1] * SR)]
        b = own[int((gap[0] + plan["video_start"]) * SR):][:a.size]
        assert np.corrcoef(a, b)[0, 1] > 0.9
    else:
        assert level(audio, *gap) < music * 1e-3


def test_one_file_per_run(class_video, tmp_path):
    folder, rec, made = class_video
    out = tmp_path / "lesson.mp4"
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o", out, "--json",
                    "--split-runs")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    paths = [tmp_path / "lesson_run1.mp4", tmp_path / "lesson_run2.mp4"]
    assert report["outputs"] == [str(p) for p in paths] and not out.exists()
    for path, run, plan in zip(paths, rec.runs, report["plans"]):
        assert plan["start"] == pytest.approx(run.start - MARGIN, abs=1.0)
        assert plan["end"] == pytest.approx(run.end + MARGIN, abs=1.0)
        res = np.abs(picture_residuals(made, rec, path, run, plan["start"], plan["end"]))
        assert res.size >= 5 and np.median(res) <= 5.0 and res.max() <= 20.0, res


def test_the_longest_run_alone(class_video, tmp_path):
    folder, rec, made = class_video
    out = tmp_path / "final.mp4"
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o", out, "--json",
                    "--longest-run")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    longest = rec.runs[1]
    assert len(report["alignment"]["runs"]) == 1
    assert report["plan"]["start"] == pytest.approx(longest.start - MARGIN, abs=1.0)
    assert report["plan"]["end"] == pytest.approx(longest.end + MARGIN, abs=1.0)
    res = np.abs(picture_residuals(made, rec, out, longest, report["plan"]["start"],
                                   report["plan"]["end"]))
    assert res.size >= 5 and np.median(res) <= 5.0 and res.max() <= 20.0, res


def test_split_and_longest_together_are_refused(class_video, tmp_path):
    folder, _, _ = class_video
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o",
                    tmp_path / "x.mp4", "--split-runs", "--longest-run")
    assert proc.returncode == 2 and not (tmp_path / "x.mp4").exists()
    assert_no_traceback(proc)


def test_the_run_options_are_checked_when_made():
    from beatsync_desktop.core.errors import UsageError
    from beatsync_desktop.core.models import SyncOptions

    assert SyncOptions().gap_audio == "room"
    with pytest.raises(UsageError) as err:
        SyncOptions(gap_audio="music")
    assert err.value.message_id == "option-gap-audio" and "'music'" in err.value.message
    with pytest.raises(UsageError) as err:
        SyncOptions(split_runs=True, longest_run=True)
    assert err.value.message_id == "option-split-and-longest"


def test_only_the_runs_asked_for(class_video, tmp_path):
    """`--runs 2`: the file holds the second run alone; the report still lists both."""
    folder, rec, made = class_video
    out = tmp_path / "second.mp4"
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o", out, "--json",
                    "--runs", "2")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    second = rec.runs[1]
    assert report["kept_runs"] == [2] and len(report["all_runs"]) == 2
    assert len(report["alignment"]["runs"]) == 1
    assert report["plan"]["start"] == pytest.approx(second.start - MARGIN, abs=1.0)
    from beatsync_desktop.core.probe import probe_media
    assert probe_media(out).duration == pytest.approx(report["plan"]["end"]
                                                      - report["plan"]["video_start"], abs=0.3)
    res = np.abs(picture_residuals(made, rec, out, second, report["plan"]["start"],
                                   report["plan"]["end"]))
    assert res.size >= 5 and np.median(res) <= 5.0 and res.max() <= 20.0, res


def test_a_run_that_is_not_there_is_refused_in_words(class_video, tmp_path):
    folder, _, _ = class_video
    out = tmp_path / "x.mp4"
    proc = beatsync("sync", folder / "class.mp4", by_name(SONG).path, "-o", out,
                    "--runs", "1,3")
    assert proc.returncode == 2 and not out.exists()
    assert_no_traceback(proc)
    assert "There is no run 3: the song plays 2 times in this video" in proc.stderr
