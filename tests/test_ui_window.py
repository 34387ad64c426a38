"""Window behaviour against a fake engine (fast, no media decoding)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QCloseEvent

from beatsync_desktop.ui.settings import Settings, to_bool
from tests.ui_fixtures import FakeEngine, drop_files, make_window, mime_for, touch


@pytest.fixture
def win(qtbot, tmp_path):
    window, controller = make_window(tmp_path)
    qtbot.addWidget(window)
    window.show()
    return window, controller


def test_drop_video_and_song_on_window_fills_right_zones(win, tmp_path):
    window, c = win
    video, song = touch(tmp_path, "class.mp4", "song.mp3")
    assert drop_files(window, [song, video])        # order must not matter
    assert [i.path for i in c.items] == [video]
    assert c.song.path == song
    assert window.video_zone.name.text() == "class.mp4"
    assert window.song_zone.name.text() == "song.mp3"
    assert "H.264 1080×1920" in window.video_zone.details.text()
    assert window.output_edit.text() == str(tmp_path / "class_beatsync.mp4")
    assert window.start_button.isEnabled()


def test_drop_on_each_zone(win, tmp_path):
    window, c = win
    video, song = touch(tmp_path, "a.mov", "music.mp4")   # a song can be a video file
    assert drop_files(window.song_zone, [song])
    assert drop_files(window.video_zone, [video])
    assert c.song.path == song and c.items[0].path == video


def test_two_videos_on_window_asks_which_is_the_song(win, tmp_path):
    window, c = win
    v1, v2 = touch(tmp_path, "group1.mp4", "track.mp4")
    asked = []
    c.ask_song_choice = lambda names: asked.append(names) or 1
    drop_files(window, [v1, v2])
    assert asked == [["group1.mp4", "track.mp4"]]
    assert c.song.path == v2 and [i.path for i in c.items] == [v1]


def test_two_videos_answer_none_makes_a_batch(win, tmp_path):
    window, c = win
    v1, v2 = touch(tmp_path, "g1.mp4", "g2.mp4")
    c.ask_song_choice = lambda names: -1
    drop_files(window, [v1, v2])
    assert c.song is None and len(c.items) == 2
    assert window.batch.isVisible() and window.batch.rowCount() == 2


def test_unsupported_and_unreadable_files_are_refused_with_a_message(win, tmp_path):
    window, c = win
    notes, broken = touch(tmp_path, "notes.txt", "broken.mp4")
    drop_files(window.video_zone, [notes])
    assert not c.items
    assert "notes.txt" in window.video_zone.message.text()
    assert "not a video or audio file" in window.video_zone.message.text()
    drop_files(window.video_zone, [broken])
    assert not c.items
    assert "FFmpeg can read" in window.video_zone.message.text()
    assert window.video_zone.message.isVisible()


def test_video_without_sound_is_refused(win, tmp_path):
    window, c = win
    (silent,) = touch(tmp_path, "silent.mp4")
    drop_files(window.video_zone, [silent])
    assert not c.items and "no sound" in window.video_zone.message.text()


def test_full_run_shows_result_in_plain_words(win, tmp_path):
    window, c = win
    video, song = touch(tmp_path, "class.mp4", "song.mp3")
    drop_files(window, [video, song])
    window.start_button.click()
    item = c.items[0]
    assert item.state == "done"
    assert window.pages.currentWidget() is window.result_panel
    rp = window.result_panel
    assert "class_beatsync.mp4" in rp.headline.text()
    texts = [rp.facts.itemAt(i).widget().text() for i in range(rp.facts.count())]
    assert any("at 0:03 of the video, at 0:16 of the song" in t for t in texts)
    assert any(t.startswith("High (90 %)") for t in texts)
    assert not rp.warning.isVisible()
    assert rp.picture._pic is not None
    assert (tmp_path / "class_beatsync.mp4").exists()


def test_low_confidence_warns_and_runner_up_reruns_with_forced_offset(qtbot, tmp_path):
    engine = FakeEngine(confidence=0.2)
    window, c = make_window(tmp_path, engine)
    qtbot.addWidget(window)
    window.show()
    video, song = touch(tmp_path, "class.mp4", "song.mp3")
    drop_files(window, [video, song])
    c.start()
    rp = window.result_panel
    assert rp.warning.isVisible()
    buttons = [rp.runner_ups.itemAt(i).widget() for i in range(rp.runner_ups.count())
               if rp.runner_ups.itemAt(i).widget()]
    assert buttons and "47.2" in buttons[0].text() or "47.3" in buttons[0].text()
    buttons[0].click()
    assert engine.calls[-1]["options"].force_offset == pytest.approx(47.25)
    assert c.items[0].result.alignment.offset == pytest.approx(47.25)


def test_failure_shows_engine_message_not_traceback(win, tmp_path):
    window, c = win
    video, song = touch(tmp_path, "fail.mp4", "song.mp3")
    drop_files(window, [video, song])
    c.start()
    ep = window.error_panel
    assert window.pages.currentWidget() is ep
    assert ep.message.text() == "The song was not found in the video's sound."
    assert "Traceback" not in ep.message.text()
    assert not ep.details.isVisible()
    ep.toggle.click()
    assert ep.details.isVisible() and "best score" in ep.details.toPlainText()


def test_batch_keeps_going_after_a_failure(win, tmp_path):
    window, c = win
    files = touch(tmp_path, "g1.mp4", "g2_fail.mp4", "g3.mp4", "song.mp3")
    drop_files(window, files)
    assert len(c.items) == 3 and c.song.path.name == "song.mp3"
    c.start()
    assert [i.state for i in c.items] == ["done", "failed", "done"]
    statuses = [window.batch.item(r, 1).text() for r in range(3)]
    assert statuses == ["Done", "Failed", "Done"]
    assert "not found" in window.batch.item(1, 2).text()
    window.batch.selectRow(1)
    assert window.pages.currentWidget() is window.error_panel
    window.batch.selectRow(0)
    assert window.pages.currentWidget() is window.result_panel


def test_cancel_on_a_thread_stops_and_writes_nothing(qtbot, tmp_path):
    engine = FakeEngine(step_delay=0.05)
    window, c = make_window(tmp_path, engine, sync=False)
    qtbot.addWidget(window)
    window.show()
    video, song = touch(tmp_path, "class.mp4", "song.mp3")
    with qtbot.waitSignal(c.files_ready, timeout=5000):
        drop_files(window, [video, song])
    with qtbot.waitSignal(c.all_finished, timeout=5000):
        c.start()
        assert window.cancel_button.isEnabled() and not window.start_button.isEnabled()
        qtbot.wait(200)
        window.cancel_button.click()
    assert c.items[0].state == "cancelled"
    assert not (tmp_path / "class_beatsync.mp4").exists()
    assert "Cancelled" in window.hint_panel.label.text()
    assert window.start_button.isEnabled()


def test_files_that_come_during_a_job_are_added_when_it_ends(qtbot, tmp_path):
    """A second launch or a drop while a job runs: kept, not lost."""
    engine = FakeEngine(step_delay=0.05)
    window, c = make_window(tmp_path, engine, sync=False)
    qtbot.addWidget(window)
    window.show()
    video, song, later = touch(tmp_path, "class.mp4", "song.mp3", "second_class.mp4")
    with qtbot.waitSignal(c.files_ready, timeout=5000):
        drop_files(window, [video, song])
    c.start()
    qtbot.waitUntil(lambda: c.running, timeout=5000)
    c.add_files([later], None)
    assert "current job ends" in window.statusBar().currentMessage()
    assert [i.path for i in c.items] == [video]          # not yet: the job is running
    # …then as if dropped after it: one video on screen, so the new one takes its place
    qtbot.waitUntil(lambda: [i.path for i in c.items] == [later], timeout=10000)
    assert (tmp_path / "class_beatsync.mp4").exists()    # the running job was not disturbed
    assert c.song is not None and c.song.path == song


def test_closing_while_running_asks_then_cancels(qtbot, tmp_path):
    engine = FakeEngine(step_delay=0.05)
    window, c = make_window(tmp_path, engine, sync=False)
    qtbot.addWidget(window)
    window.show()
    video, song = touch(tmp_path, "class.mp4", "song.mp3")
    with qtbot.waitSignal(c.files_ready, timeout=5000):
        drop_files(window, [video, song])
    asked = []
    c.confirm_close = lambda: asked.append(True) or True
    c.start()
    qtbot.wait(100)
    window.close()
    assert asked and window.isVisible()            # waits for the job to stop
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert c.items[0].state == "cancelled"
    assert not (tmp_path / "class_beatsync.mp4").exists()


def test_settings_are_typed_and_remembered(qtbot, tmp_path):
    ini = tmp_path / "settings.ini"
    raw = QSettings(str(ini), QSettings.Format.IniFormat)
    raw.setValue("options/trim_to_music", "false")     # what an INI file gives back
    raw.setValue("options/fade", "1.5")
    raw.sync()
    s = Settings(ini)
    assert s.trim_to_music is False and s.fade == 1.5
    assert to_bool("true") and not to_bool("0") and to_bool(None, True)
    window, c = make_window(tmp_path)
    qtbot.addWidget(window)
    assert not window.trim.isChecked() and window.fade.value() == 1.5
    window.fade.setValue(0.7)
    window.resize(900, 700)
    window.close()
    s2 = Settings(ini)
    assert s2.fade == pytest.approx(0.7) and not s2.geometry.isEmpty()


def test_language_switch_to_chinese_and_back(win):
    window, c = win
    window.lang_actions["zh_CN"].trigger()
    assert window.start_button.text() == "开始"
    assert "拖" in window.video_zone.name.text()
    assert window.menu_file.title().startswith("文件")
    window.lang_actions["en"].trigger()
    assert window.start_button.text() == "Start"


def test_keyboard_shortcuts_exist(win):
    window, _ = win
    assert window.act_open_video.shortcut().toString() == "Ctrl+O"
    assert window.act_open_song.shortcut().toString() == "Ctrl+Shift+O"
    assert window.act_start.shortcut().toString() == "Ctrl+Return"
    assert window.act_cancel.shortcut().toString() == "Esc"


def test_file_paths_from_command_line_prefill(qtbot, tmp_path):
    window, c = make_window(tmp_path)
    qtbot.addWidget(window)
    video, song = touch(tmp_path, "class.mp4", "song.m4a")
    c.add_files([str(video), str(song)], None)
    assert c.items[0].path == video and c.song.path == song


def test_drag_without_files_is_refused(win):
    from PySide6.QtCore import QMimeData, QPoint, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication
    window, _ = win
    mime = QMimeData()
    mime.setText("hello")
    ev = QDragEnterEvent(QPoint(5, 5), Qt.DropAction.CopyAction, mime,
                         Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window.video_zone, ev)
    assert not ev.isAccepted()
