"""The runs of the song in the window over the real engine: a real class video in which the
song plays twice (stopped, then again from earlier), real worker threads, real files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from beatsync_desktop.core.probe import probe_media
from beatsync_desktop.ui.engine import Engine
from tests.support import media_factory as mf
from tests.support.multirun import Gap, Play, record
from tests.support.songs import SR, by_name, load
from tests.ui_fixtures import drop_files, make_window

SONG = "13_sectoid_escape_from_chaosland.opus"     # hold-out, 70 s (as test_multirun_output)
PARTS = [Play(10, 20), Gap(6), Play(5, 30)]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ui_runs")
    rec = record(load(by_name(SONG)), SR, PARTS, lead_in=4.0, tail=3.0, seed=11, studio=None)
    mf.make_video(folder / "class.mp4", rec.audio, rec.sr, size=(160, 96), fps=10, seed=11)
    return folder / "class.mp4", by_name(SONG).path, rec


def test_the_window_lists_two_runs_and_writes_the_one_left_ticked(qtbot, tmp_path, two_runs):
    video, song, rec = two_runs
    window, c = make_window(tmp_path, Engine(), sync=False)
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(c.files_ready, timeout=30000):
            assert drop_files(window, [video, song])
        c.custom_output = tmp_path / "lesson.mp4"
        with qtbot.waitSignal(c.all_finished, timeout=180000):
            c.start()
        box = window.result_panel.runs
        assert box.isVisible() and sorted(box.checks) == [1, 2]
        for n, truth in zip((1, 2), rec.runs):
            seg = c.view.item.result.alignment.segments[n - 1]
            assert seg.dance_start == pytest.approx(truth.start, abs=1.0)
        first = probe_media(tmp_path / "lesson.mp4").duration
        box.checks[1].setChecked(False)
        assert box.write_again.isEnabled()
        with qtbot.waitSignal(c.all_finished, timeout=180000):
            box.write_again.click()
        result = c.view.item.result
        assert result.kept_runs == (2,) and len(result.all_runs) == 2
        assert len(result.alignment.segments) == 1
        second = rec.runs[1]
        assert result.plan.start == pytest.approx(second.start - 0.5, abs=1.0)
        written = probe_media(tmp_path / "lesson.mp4").duration
        assert written == pytest.approx(result.plan.end - result.plan.video_start, abs=0.3)
        assert written < first - 10          # run 1 and the gap are gone
        box = window.result_panel.runs
        assert [box.checks[n].isChecked() for n in (1, 2)] == [False, True]
        assert not box.video_buttons[1].isEnabled()
    finally:
        c.cancel()
        c.job_pool.waitForDone(10000)
        c.probe_pool.waitForDone(5000)
