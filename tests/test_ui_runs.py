"""The runs of the song in the window (issue 12), against the fake engine built from the real
dataclasses: every run on both clocks with its tempo and confidence, unticking and writing
again (`SyncOptions.runs`, `split_runs`), listening from a run, the batch, the settings and
Chinese. The real engine on a real two-run clip: tests/test_ui_real_engine.py."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QWidget

from beatsync_desktop.ui.settings import Settings
from tests.ui_fixtures import FakeEngine, make_window, touch


class FakePlayer(QWidget):
    """Stands in for Qt Multimedia: remembers what it was asked to play, and from where."""

    def __init__(self):
        super().__init__()
        self.played: list[tuple] = []

    def play_file(self, path, start=0.0):
        self.played.append((path, start))

    def stop(self):
        pass


def run_window(qtbot, tmp_path, runs=3, lang="en", names=("class.mp4",)):
    engine = FakeEngine(runs=runs)
    window, c = make_window(tmp_path, engine, lang=lang)
    qtbot.addWidget(window)
    window.show()
    c.actions.player_factory = FakePlayer
    files = touch(tmp_path, *names, "song.mp3")
    c.add_files(files)
    return window, c, engine


def row_texts(box, number: int) -> list[str]:
    """The texts of one run's row (its tick's label, then video, song, tempo, confidence)."""
    r = sorted(box.checks).index(number) + 1
    return [box.grid.itemAtPosition(r, col).widget().text() for col in range(5)]


def test_every_run_is_listed_on_both_clocks_with_tempo_and_confidence(qtbot, tmp_path):
    window, c, _ = run_window(qtbot, tmp_path)
    c.start()
    box = window.result_panel.runs
    assert box.isVisible() and sorted(box.checks) == [1, 2, 3]
    assert row_texts(box, 1) == ["Run 1", "0:03 – 0:18", "0:10 – 0:21", "0.75×, pitch kept",
                                 "High (90 %) — a clear match"]
    assert row_texts(box, 2) == ["Run 2", "0:22 – 0:38", "0:05 – 0:21", "—",
                                 "Medium (45 %) — probably right; check by listening"]
    assert row_texts(box, 3)[1:3] == ["0:41 – 1:00", "0:00 – 0:19"]
    assert all(check.isChecked() for check in box.checks.values())
    assert "plays 3 times" in box.title.text() and "every run" in box.title.text()
    marks = window.result_panel.picture._pic.runs
    assert [(m.number, m.dance, m.kept) for m in marks] == [
        (1, (3.0, 18.0), True), (2, (22.0, 38.0), True), (3, (41.0, 60.0), True)]


def test_one_run_shows_no_runs_list_and_its_tempo_only_when_not_the_songs_own(qtbot, tmp_path):
    window, c, _ = run_window(qtbot, tmp_path, runs=1)
    c.start()
    assert not window.result_panel.runs.isVisible()
    labels = [window.result_panel.facts.itemAt(i).widget().text()
              for i in range(window.result_panel.facts.count())]
    assert "Tempo" not in labels and "Where" in labels


def test_untick_and_write_again_passes_the_ticked_runs(qtbot, tmp_path):
    window, c, engine = run_window(qtbot, tmp_path)
    c.start()
    box = window.result_panel.runs
    assert engine.calls[-1]["options"].runs == () and not engine.calls[-1]["options"].split_runs
    assert not box.write_again.isEnabled()                  # nothing to change yet
    assert box.note.text() == "The file already holds these runs."
    box.checks[2].setChecked(False)
    assert box.write_again.isEnabled() and not box.note.isVisible()
    assert [m.kept for m in window.result_panel.picture._pic.runs] == [True, False, True]
    for n in (1, 3):
        box.checks[n].setChecked(False)
    assert not box.write_again.isEnabled() and box.note.text() == "Tick at least one run."
    box.checks[1].setChecked(True)
    box.checks[3].setChecked(True)
    box.write_again.click()
    options = engine.calls[-1]["options"]
    assert len(engine.calls) == 2 and options.runs == (1, 3) and not options.split_runs
    # The new result: three runs found, run 2 not in the file (its video cannot be played).
    box = window.result_panel.runs
    assert [box.checks[n].isChecked() for n in (1, 2, 3)] == [True, False, True]
    assert not box.video_buttons[2].isEnabled() and box.song_buttons[2].isEnabled()
    assert "holds 2 of the runs" in box.title.text()
    assert not box.write_again.isEnabled()
    # …and all three again: no `runs` (every run), as a first write.
    box.checks[2].setChecked(True)
    box.write_again.click()
    assert engine.calls[-1]["options"].runs == ()


def test_one_file_per_run_from_the_result_page(qtbot, tmp_path):
    window, c, engine = run_window(qtbot, tmp_path)
    c.start()
    box = window.result_panel.runs
    box.checks[1].setChecked(False)
    box.per_run.click()
    assert window.runs_mode.currentIndex() == 1             # the options row follows
    assert not window.gap_audio.isEnabled()                 # no gaps in a file per run
    assert box.write_again.isEnabled()
    box.write_again.click()
    options = engine.calls[-1]["options"]
    assert options.split_runs and options.runs == (2, 3)
    names = [p.name for p in c.view.item.result.outputs]
    assert names == ["class_beatsync_run2.mp4", "class_beatsync_run3.mp4"]
    assert all((tmp_path / n).exists() for n in names)
    assert window.result_panel.headline.text() == "✓ Done: 2 files, one per run"
    assert Settings(tmp_path / "settings.ini").split_runs is True


def test_buttons_are_off_while_a_job_runs(qtbot, tmp_path):
    window, c, _ = run_window(qtbot, tmp_path)
    c.start()
    box = window.result_panel.runs
    box.checks[2].setChecked(False)
    assert box.write_again.isEnabled()
    c.queue.job = object()          # a job running (the queue's own flag)
    try:
        c.refresh()
        assert not box.write_again.isEnabled()
        assert not window.runs_mode.isEnabled() and not window.gap_audio.isEnabled()
        box.write_again.click()
    finally:
        c.queue.job = None
    c.refresh()
    assert box.write_again.isEnabled() and window.runs_mode.isEnabled()


def test_listen_from_a_runs_start_in_the_video_or_in_the_song(qtbot, tmp_path):
    window, c, _ = run_window(qtbot, tmp_path)
    c.start()
    result, box = c.view.item.result, window.result_panel.runs
    box.video_buttons[3].click()
    player = c.actions.player
    assert player.played[-1] == (result.output, pytest.approx(41.0 - result.plan.video_start
                                                                - 1.0))
    assert window.result_panel.player_host.currentWidget() is player
    box.song_buttons[1].click()
    assert player.played[-1] == (result.reference.path, pytest.approx(10.0 - 1.0))
    # one file per run: the run's own file, from its start (it begins 0.6 s before the run)
    box.checks[1].setChecked(False)
    box.per_run.click()
    box.write_again.click()
    result = c.view.item.result
    window.result_panel.runs.video_buttons[3].click()
    assert result.plans[1].video_start == pytest.approx(41.0 - 0.6)
    assert c.actions.player.played[-1] == (result.outputs[1], 0.0)


def test_the_run_choices_go_to_every_job_and_are_remembered(qtbot, tmp_path):
    window, c, engine = run_window(qtbot, tmp_path, names=("a.mp4", "b.mp4"))
    assert c.batch_mode
    window.runs_mode.setCurrentIndex(1)
    window.runs_mode.setCurrentIndex(0)
    window.gap_audio.setCurrentIndex(1)
    c.start()
    assert [call["options"].gap_audio for call in engine.calls] == ["silence", "silence"]
    assert [call["options"].split_runs for call in engine.calls] == [False, False]
    details = [window.batch.item(r, 2).text() for r in range(2)]
    assert all(d.startswith("3 runs · ") for d in details), details
    # one row's runs, written again: only that row, and the table says so
    window.batch.selectRow(0)
    box = window.result_panel.runs
    assert box.isVisible() and sorted(box.checks) == [1, 2, 3]
    box.checks[3].setChecked(False)
    box.write_again.click()
    assert len(engine.calls) == 3 and engine.calls[-1]["dance"].name == "a.mp4"
    assert engine.calls[-1]["options"].runs == (1, 2)
    assert window.batch.item(0, 2).text().startswith("2 of 3 runs · ")
    window.close()
    again, c2 = make_window(tmp_path, FakeEngine())
    qtbot.addWidget(again)
    assert again.gap_audio.currentIndex() == 1 and c2.options().gap_audio == "silence"
    assert again.runs_mode.currentIndex() == 0 and not c2.options().split_runs


def test_the_runs_speak_chinese(qtbot, tmp_path):
    window, c, _ = run_window(qtbot, tmp_path, lang="zh_CN")
    try:
        c.start()
        box = window.result_panel.runs
        assert row_texts(box, 1)[0] == "第 1 遍"
        assert row_texts(box, 1)[3] == "0.75×，音调不变"
        assert box.write_again.text() == "重新写入" and box.per_run.text() == "每一遍一个文件"
        assert box.video_buttons[1].text() == "▶ 视频" and "3 遍" in box.title.text()
        assert window.runs_mode.itemText(1) == "每一遍一个文件"
        assert window.gap_audio.itemText(0) == "现场原声"
        assert box.grid.itemAtPosition(0, 3).widget().text() == "速度"
    finally:
        c.translations.apply("en")
