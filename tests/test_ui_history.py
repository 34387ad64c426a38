"""The window's job history over a fake engine (fast): every job is in the database before
it starts, history failures never stop a job, the History view (model without pixels, the
dialog's actions), the resume offer, retry in place, a damaged database's notice.

Each test has its own history folder (tmp_path), opened like the app opens the user's.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import pytest

from beatsync_desktop.core.errors import InputFileError
from beatsync_desktop.history import (CANCELLED, DONE, FAILED, INTERRUPTED, QUEUED, RUNNING,
                                      HistoryStore, new_batch_id)
from beatsync_desktop.ui.history_link import DISCARD, LATER, RESUME
from beatsync_desktop.ui.history_model import HistoryModel, row_texts
from tests.ui_fixtures import FakeEngine, SyncPool, drop_files, fake_result, touch


class FixableEngine(FakeEngine):
    """A fake engine that refuses a class video that is not on disk (like the real one)."""

    def sync(self, dance, reference, output, options, on_progress, cancel):
        if not Path(dance).exists():
            raise InputFileError(f"File not found: {dance}")
        return super().sync(dance, reference, output, options, on_progress, cancel)


def window_on(qtbot, tmp_path, store=None, engine=None, name="w1"):
    from beatsync_desktop.ui.app import create_window
    store = store if store is not None else HistoryStore.open(tmp_path / "data")
    window, c = create_window(str(tmp_path / f"{name}.ini"), engine=engine or FakeEngine(),
                              lang="en", history=store)
    c.job_pool, c.probe_pool = SyncPool(), SyncPool()
    c.confirm_close = lambda: True
    qtbot.addWidget(window)
    window.show()
    return window, c


def batch(window, c, folder: Path, *names: str) -> list[Path]:
    files = touch(folder, *names, "song.mp3")
    c.ask_song_choice = lambda names: -1
    assert drop_files(window, files)
    return files


# --- the queue writes the history --------------------------------------------------------------

def test_every_job_is_in_the_history_before_the_first_starts(qtbot, tmp_path):
    window, c = window_on(qtbot, tmp_path)
    batch(window, c, tmp_path, "g1.mp4", "g2_fail.mp4", "g3.mp4")
    seen = []

    def at_start(item):
        seen.append({j.video.name: j.status for j in c.history.store.recent(10)})
    c.queue.started.connect(at_start)
    c.start()
    # when the first job started, all three were in the database already
    assert seen[0] == {"g1.mp4": RUNNING, "g2_fail.mp4": QUEUED, "g3.mp4": QUEUED}
    jobs = {j.video.name: j for j in c.history.store.recent(10)}
    assert [i.job_id for i in c.items] == [jobs[n].id for n in ("g1.mp4", "g2_fail.mp4",
                                                               "g3.mp4")]
    assert len({j.batch_id for j in jobs.values()}) == 1
    assert jobs["g1.mp4"].status == DONE and jobs["g1.mp4"].offset == pytest.approx(12.5)
    assert jobs["g1.mp4"].output == tmp_path / "g1_beatsync.mp4"
    assert jobs["g2_fail.mp4"].status == FAILED
    assert jobs["g2_fail.mp4"].error_kind == "no-match"
    assert jobs["g2_fail.mp4"].error_message == "The song was not found in the video's sound."
    assert jobs["g1.mp4"].options["margin"] == window.margin.value()
    assert jobs["g1.mp4"].origin == "window" and jobs["g1.mp4"].attempts == 1


def test_the_users_cancel_is_recorded(qtbot, tmp_path):
    window, c = window_on(qtbot, tmp_path)
    batch(window, c, tmp_path, "a.mp4", "b.mp4")
    c.queue.started.connect(lambda item: c.cancel())    # the user's Cancel, at once
    c.start()
    assert {j.status for j in c.history.store.recent(10)} == {CANCELLED}


def test_a_failing_history_never_stops_a_job(qtbot, tmp_path):
    store = HistoryStore.open(tmp_path / "data")
    window, c = window_on(qtbot, tmp_path, store)
    batch(window, c, tmp_path, "a.mp4", "b.mp4")
    store.close()                      # every write now raises HistoryError
    c.start()
    assert [i.state for i in c.items] == ["done", "done"]
    assert (tmp_path / "a_beatsync.mp4").exists() and (tmp_path / "b_beatsync.mp4").exists()
    assert window.history_notice.isVisible()
    assert "could not be saved" in window.history_notice.text()
    assert "Syncing is not affected" in window.history_notice.text()


def test_a_damaged_database_is_moved_aside_and_the_window_says_so(qtbot, tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"this is not a database" * 200)
    window, c = window_on(qtbot, tmp_path, HistoryStore.open(data))
    moved = list(data.glob("history.damaged-*.sqlite3"))
    assert len(moved) == 1 and moved[0].read_bytes().startswith(b"this is not a database")
    assert window.history_notice.isVisible()
    assert moved[0].name in window.history_notice.text()
    assert "Your videos are not affected" in window.history_notice.text()
    batch(window, c, tmp_path, "a.mp4")          # the new history works
    c.start()
    assert [j.status for j in HistoryStore.open(data).recent(5)] == [DONE]


def test_the_notice_is_said_in_chinese(qtbot, tmp_path):
    from beatsync_desktop.ui.app import create_window
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"garbage" * 100)
    window, c = create_window(str(tmp_path / "s.ini"), engine=FakeEngine(), lang="zh_CN",
                              history=HistoryStore.open(data))
    qtbot.addWidget(window)
    try:
        assert "历史" in window.history_notice.text()
        assert "history.damaged-" in window.history_notice.text()
    finally:
        c.translations.apply("en")


# --- the History view ------------------------------------------------------------------------

def finished_jobs(store: HistoryStore, folder: Path) -> dict[str, int]:
    """A done job (output there), a done job whose output was deleted, a failed one."""
    b = new_batch_id()
    ids = {}
    for name in ("kept", "gone", "bad"):
        video = touch(folder, f"{name}.mp4")[0]
        ids[name] = store.enqueue(b, video, folder / "song.mp3", {"margin": 0.5},
                                  output=folder / f"{name}_beatsync.mp4")
        store.mark_running(ids[name])
        if name == "bad":
            store.mark_failed(ids[name], "no_match", "The song was not found in the video's "
                                                     "sound.")
        else:
            out = folder / f"{name}_beatsync.mp4"
            out.write_bytes(b"x")
            store.mark_done(ids[name], fake_result(video, folder / "song.mp3", out))
    (folder / "gone_beatsync.mp4").unlink()
    return ids


def test_the_model_marks_a_missing_output_and_says_why_a_job_failed(qapp, tmp_path):
    store = HistoryStore.in_memory()
    ids = finished_jobs(store, tmp_path)
    model = HistoryModel()
    model.set_records(store.recent(10))
    assert model.rowCount() == 3 and model.columnCount() == 5
    rows = {model.record(r).id: [model.index(r, c).data() for c in range(5)]
            for r in range(3)}
    assert rows[ids["kept"]][0] == "Done"
    assert rows[ids["kept"]][4] == "offset 12.5 s · confidence high (90 %) · kept_beatsync.mp4"
    assert rows[ids["gone"]][0] == "Done · output missing"      # marked, not hidden
    assert "“gone_beatsync.mp4” was moved or deleted" in rows[ids["gone"]][4]
    assert rows[ids["bad"]][0] == "Failed"
    assert rows[ids["bad"]][4] == "The song was not found in the video's sound."
    assert rows[ids["bad"]][2:4] == ["bad.mp4", "song.mp3"]
    store.abandon([store.enqueue("b", tmp_path / "x.mp4", tmp_path / "song.mp3")])
    assert row_texts(store.recent(1)[0])[0] == "Waiting"      # this process still owns it


def test_in_chinese_a_stored_failure_with_a_file_name_starts_with_its_gist(qapp, tmp_path):
    from beatsync_desktop.ui.i18n import Translations
    store = HistoryStore.in_memory()
    job = store.enqueue("b", tmp_path / "lost.mp4", tmp_path / "song.mp3")
    store.mark_running(job)
    store.mark_failed(job, "input", f"File not found: {tmp_path / 'lost.mp4'}")
    record = store.recent(1)[0]
    translations = Translations()
    try:
        assert translations.apply("zh_CN") == "zh_CN"
        text = row_texts(record)[4]
        assert text.startswith("有文件无法读取。") and text.endswith("File not found: "
                                                       f"{tmp_path / 'lost.mp4'}"), text
    finally:
        translations.apply("en")
    assert row_texts(record)[4] == f"File not found: {tmp_path / 'lost.mp4'}"   # English: as is


def test_history_dialog_search_remove_and_retry(qtbot, tmp_path):
    store = HistoryStore.open(tmp_path / "data")
    ids = finished_jobs(store, tmp_path)
    window, c = window_on(qtbot, tmp_path, store)
    window.history_button.click()
    d = c.history_window.dialog
    assert d.isVisible() and d.table.model().rowCount() == 3
    # newest first
    assert [d.table.model().record(r).id for r in range(3)] == sorted(ids.values(),
                                                                      reverse=True)
    d.search.setText("gone")
    assert d.table.model().rowCount() == 1
    d.table.selectRow(0)
    assert not d.open_result.isEnabled() and d.rerun.isEnabled() and not d.retry.isEnabled()
    d.remove.click()                                   # forgotten; its files stay
    assert store.job(ids["gone"]) is None and (tmp_path / "gone.mp4").exists()
    d.search.setText("")
    assert d.table.model().rowCount() == 2 and d.empty.isHidden()
    row = d.table.model().row_of(ids["bad"])
    d.table.selectRow(row)
    assert d.retry.isEnabled() and not d.open_result.isEnabled()
    assert "Song: " in d.details.text()
    with qtbot.waitSignal(c.all_finished, timeout=5000):
        d.retry.click()                                 # same row, the job's own options
    job = store.job(ids["bad"])
    assert job.status == DONE and job.attempts == 2 and job.options["margin"] == 0.5
    assert c.items[0].job_id == ids["bad"] and c.song.path == tmp_path / "song.mp3"
    assert window.pages.currentWidget() is window.result_panel
    assert d.table.model().record(d.table.model().row_of(ids["bad"])).status == DONE


def test_rerun_makes_a_new_job_with_the_current_settings_if_asked(qtbot, tmp_path):
    store = HistoryStore.open(tmp_path / "data")
    ids = finished_jobs(store, tmp_path)
    window, c = window_on(qtbot, tmp_path, store)
    window.margin.setValue(2.0)
    d = c.history_window.show()
    d.table.selectRow(d.table.model().row_of(ids["kept"]))
    d.use_current.setChecked(True)
    d.rerun.click()
    new = store.recent(1)[0]
    assert new.id not in ids.values() and new.rerun_of == ids["kept"]
    assert new.status == DONE and new.options["margin"] == 2.0
    assert new.output == tmp_path / "kept_beatsync_2.mp4" and new.output.exists()
    assert store.job(ids["kept"]).status == DONE       # the old row is as it was
    assert d.table.model().rowCount() == 4


# --- the resume offer ------------------------------------------------------------------------

def left_unfinished(folder: Path, tmp_path: Path, n: int = 2) -> list[int]:
    """Jobs queued by a process that has gone (its store closed without finishing them)."""
    videos = touch(tmp_path, *[f"left{i}.mp4" for i in range(n)], "song.mp3")
    with HistoryStore.open(folder) as other:
        b = new_batch_id()
        ids = [other.enqueue(b, v, videos[-1], {"margin": 1.5},
                             output=tmp_path / f"{v.stem}_beatsync.mp4") for v in videos[:-1]]
        other.mark_running(ids[0])
    return ids


@pytest.mark.parametrize("answer", [RESUME, LATER, DISCARD])
def test_the_resume_offer(qtbot, tmp_path, answer):
    data = tmp_path / "data"
    ids = left_unfinished(data, tmp_path)
    window, c = window_on(qtbot, tmp_path, HistoryStore.open(data))
    asked = []
    c.history_window.ask = lambda jobs: asked.append([j.id for j in jobs]) or answer
    c.history_window.offer()
    assert asked == [ids]
    store = c.history.store
    statuses = [store.job(i).status for i in ids]
    if answer == RESUME:
        assert statuses == [DONE, DONE]
        assert [i.job_id for i in c.items] == ids
        assert all(call["options"].margin == 1.5 for call in c.engine.calls)
        assert (tmp_path / "left0_beatsync.mp4").exists()
    elif answer == LATER:
        assert statuses == [RUNNING, QUEUED] and not c.items
    else:
        assert statuses == [INTERRUPTED, INTERRUPTED]
        assert all(store.job(i).can_retry for i in ids)
    asked.clear()
    c.history_window.offer()                  # nothing of a dead process is left to offer…
    assert asked == ([ids] if answer == LATER else [])   # …unless the user said "not now"


def test_the_resume_dialog_offers_three_answers(qtbot, tmp_path):
    from beatsync_desktop.ui.views.history_view import ResumeDialog
    dialog = ResumeDialog(["a.mp4  (song: s.mp3)", "b.mp4  (song: s.mp3)"])
    qtbot.addWidget(dialog)
    assert dialog.jobs.count() == 2 and "2" in dialog.heading.text()
    dialog.show()
    dialog.discard.click()
    assert dialog.choice == DISCARD and not dialog.isVisible()


# --- retry in place --------------------------------------------------------------------------

def test_a_failed_clip_is_retried_in_place_once_its_file_is_back(qtbot, tmp_path):
    window, c = window_on(qtbot, tmp_path, engine=FixableEngine())
    files = batch(window, c, tmp_path, "a.mp4", "b.mp4")
    saved = files[1].read_bytes()
    files[1].unlink()                                   # gone before its turn
    c.start()
    assert [i.state for i in c.items] == ["done", "failed"]
    job_id = c.items[1].job_id
    assert c.history.store.job(job_id).status == FAILED
    window.batch.selectRow(1)
    assert window.pages.currentWidget() is window.error_panel
    assert window.error_panel.retry.isEnabled() and window.act_retry.isEnabled()
    files[1].write_bytes(saved)                         # the file is back
    window.error_panel.retry.click()
    assert [i.state for i in c.items] == ["done", "done"]
    assert c.items[1].job_id == job_id                  # the same row, not a new one
    job = c.history.store.job(job_id)
    assert job.status == DONE and job.attempts == 2
    assert c.history.store.count() == 2
    assert not window.act_retry.isEnabled()
