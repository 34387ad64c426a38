"""The window's job history over the real engine and the demo media (resources/demo), with
real processes: a batch interrupted by closing the window resumes at the next start and
finishes; a window process killed mid-batch (SIGKILL) leaves a database that opens and a
resume offer; retry after a failure once the input is back; two app processes (the second
hands its file to the first and exits); the CLI and the window see the same history.

Each test has its own history folder (BEATSYNC_DATA_DIR or an explicit store).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from beatsync_desktop.history import DONE, FAILED, QUEUED, RUNNING, HistoryStore
from beatsync_desktop.paths import demo_inputs
from beatsync_desktop.ui.engine import Engine
from beatsync_desktop.ui.history_link import RESUME
from tests.ui_fixtures import drop_files

ROOT = Path(__file__).resolve().parents[1]
DEMO_OFFSET = -1.0          # where the demo class video sits in the demo song


@pytest.fixture
def demo(tmp_path) -> dict:
    video, song = demo_inputs()
    clips = tmp_path / "clips"
    clips.mkdir()
    out = {"song": Path(shutil.copy2(song, clips / "song.mp3"))}
    for name in ("group1", "group2"):
        out[name] = Path(shutil.copy2(video, clips / f"{name}.mp4"))
    return out


def real_window(qtbot, tmp_path, data: Path, name: str):
    from beatsync_desktop.ui.app import create_window
    window, c = create_window(str(tmp_path / f"{name}.ini"), engine=Engine(), lang="en",
                              history=HistoryStore.open(data))
    c.confirm_close = lambda: True
    c.ask_song_choice = lambda names: -1
    qtbot.addWidget(window)
    window.show()
    return window, c


def stop_workers(c) -> None:
    c.cancel()
    c.job_pool.waitForDone(10000)
    c.probe_pool.waitForDone(5000)


def load(qtbot, window, c, paths) -> None:
    with qtbot.waitSignal(c.files_ready, timeout=20000):
        assert drop_files(window, paths)


def partials(folder: Path) -> list[Path]:
    return list(folder.glob(".*beatsync-partial*"))


def test_a_batch_closed_mid_way_resumes_at_the_next_start_and_finishes(qtbot, tmp_path, demo):
    data = tmp_path / "data"
    window, c = real_window(qtbot, tmp_path, data, "first")
    load(qtbot, window, c, [demo["group1"], demo["group2"], demo["song"]])
    assert len(c.items) == 2
    progress = []
    c.queue.progress.connect(lambda item, event: progress.append(event.fraction))
    c.start()
    qtbot.waitUntil(lambda: bool(progress) and progress[-1] > 0.05, timeout=30000)
    window.close()                           # asks (yes), stops the job, then closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    stop_workers(c)
    ids = [i.job_id for i in c.items]
    with HistoryStore.open(data) as look:    # nothing was marked: both left unfinished
        assert [look.job(i).status for i in ids] == [RUNNING, QUEUED]
    assert not (demo["group1"].parent / "group1_beatsync.mp4").exists()

    # The next start: offered, resumed through the queue, finished.
    window2, c2 = real_window(qtbot, tmp_path, data, "second")
    offered = []
    c2.history_window.ask = lambda jobs: offered.extend(j.id for j in jobs) or RESUME
    try:
        with qtbot.waitSignal(c2.all_finished, timeout=60000):
            assert c2.history_window.offer()
        assert offered == ids
        assert [i.state for i in c2.items] == ["done", "done"], [i.failure for i in c2.items]
        for job_id in ids:
            job = c2.history.store.job(job_id)
            assert job.status == DONE and job.output_exists()
            assert job.offset == pytest.approx(DEMO_OFFSET, abs=0.01)
        assert c2.history.store.job(ids[0]).attempts == 2      # started twice, one row
        assert c2.history.store.count() == 2
        assert partials(demo["song"].parent) == []
    finally:
        stop_workers(c2)


# A window in its own process that runs a batch and says when the first job started.
BATCH_PROCESS = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from beatsync_desktop.ui.app import create_window
    window, c = create_window(sys.argv[1], lang="en")
    c.ask_song_choice = lambda names: -1
    def started(item):
        print("STARTED", item.job_id, flush=True)
    c.queue.started.connect(started)
    c.files_ready.connect(c.start)
    window.show()
    c.add_files(sys.argv[2:], None)
    app.exec()
""")


def test_a_killed_window_leaves_a_history_that_opens_and_offers_its_jobs(qtbot, tmp_path,
                                                                         demo):
    data = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(ROOT), BEATSYNC_DATA_DIR=str(data),
               BEATSYNC_LOG_DIR=str(tmp_path / "log"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-c", BATCH_PROCESS, str(tmp_path / "k.ini"),
                             str(demo["group1"]), str(demo["group2"]), str(demo["song"])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        assert line.startswith("STARTED "), proc.stderr.read() if proc.poll() else line
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    store = HistoryStore.open(data)
    assert store.notice is None                              # opens cleanly
    offer = store.unfinished()
    assert [j.video.name for j in offer] == ["group1.mp4", "group2.mp4"]
    assert int(line.split()[1]) == offer[0].id
    window, c = real_window(qtbot, tmp_path, data, "after")
    store.close()
    c.history_window.ask = lambda jobs: RESUME
    try:
        with qtbot.waitSignal(c.all_finished, timeout=60000):
            assert c.history_window.offer()
        assert [c.history.store.job(j.id).status for j in offer] == [DONE, DONE]
        assert (demo["group1"].parent / "group1_beatsync.mp4").exists()
        assert partials(demo["song"].parent) == []   # the killed job's partial file is gone
    finally:
        stop_workers(c)


def test_retry_after_a_failure_succeeds_once_the_video_is_back(qtbot, tmp_path, demo):
    window, c = real_window(qtbot, tmp_path, tmp_path / "data", "retry")
    try:
        load(qtbot, window, c, [demo["group1"], demo["group2"], demo["song"]])
        hidden = demo["group2"].rename(tmp_path / "elsewhere.mp4")   # moved away before its turn
        with qtbot.waitSignal(c.all_finished, timeout=60000):
            c.start()
        assert [i.state for i in c.items] == ["done", "failed"]
        job_id = c.items[1].job_id
        failed = c.history.store.job(job_id)
        assert failed.status == FAILED and "group2.mp4" in failed.error_message
        hidden.rename(demo["group2"])                                 # back where it was
        window.batch.selectRow(1)
        assert window.error_panel.retry.isEnabled()
        with qtbot.waitSignal(c.all_finished, timeout=60000):
            window.error_panel.retry.click()
        assert c.items[1].state == "done" and c.items[1].job_id == job_id
        job = c.history.store.job(job_id)
        assert job.status == DONE and job.attempts == 2 and job.output_exists()
        assert job.offset == pytest.approx(DEMO_OFFSET, abs=0.01)
        assert c.history.store.count() == 2
    finally:
        stop_workers(c)


def test_the_cli_and_the_window_share_one_history(qtbot, tmp_path, demo):
    data = tmp_path / "data"
    env = dict(os.environ, PYTHONPATH=str(ROOT), BEATSYNC_DATA_DIR=str(data))
    window, c = real_window(qtbot, tmp_path, data, "shared")
    try:
        dialog = c.history_window.show()
        assert dialog.table.model().rowCount() == 0 and dialog.empty.isVisible()
        out = tmp_path / "from_cli.mp4"
        cli = subprocess.run([sys.executable, "-m", "beatsync_desktop", "--cli", "sync",
                              str(demo["group1"]), str(demo["song"]), "-o", str(out)],
                             capture_output=True, text=True, env=env, timeout=120)
        assert cli.returncode == 0, cli.stderr
        # the open History view sees the terminal's job without being asked
        qtbot.waitUntil(lambda: dialog.table.model().rowCount() == 1, timeout=5000)
        row = dialog.table.model().record(0)
        assert row.origin == "cli" and row.status == DONE and row.output == out
        assert dialog.table.model().index(0, 0).data() == "Done"
        # a job of the window, then `beatsync history --json` lists both
        load(qtbot, window, c, [demo["group2"], demo["song"]])
        with qtbot.waitSignal(c.all_finished, timeout=60000):
            c.start()
        assert dialog.table.model().rowCount() == 2
        listed = subprocess.run([sys.executable, "-m", "beatsync_desktop", "--cli", "history",
                                 "--json"], capture_output=True, text=True, env=env, timeout=60)
        assert listed.returncode == 0, listed.stderr
        report = json.loads(listed.stdout)
        jobs = report["jobs"] if isinstance(report, dict) else report
        assert [(j["origin"], Path(j["video"]["path"]).name, j["status"]) for j in jobs] == [
            ("window", "group2.mp4", "done"), ("cli", "group1.mp4", "done")]
    finally:
        stop_workers(c)


def read_log(folder: Path) -> str:
    log = folder / "beatsync.log"
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def test_a_second_launch_hands_its_file_to_the_running_window_and_exits(qtbot, tmp_path, demo):
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               BEATSYNC_DATA_DIR=str(tmp_path / "data"))
    first_log, second_log = tmp_path / "log1", tmp_path / "log2"
    first = subprocess.Popen([sys.executable, "-m", "beatsync_desktop", "--settings",
                              str(tmp_path / "a.ini")], env=dict(env, BEATSYNC_LOG_DIR=str(
                                  first_log)), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        qtbot.waitUntil(lambda: "Single instance: listening" in read_log(first_log)
                        or first.poll() is not None, timeout=20000)
        assert first.poll() is None, first.stderr.read()
        t0 = time.monotonic()
        second = subprocess.run([sys.executable, "-m", "beatsync_desktop", "--settings",
                                 str(tmp_path / "b.ini"), "group1.mp4"],
                                cwd=demo["group1"].parent, capture_output=True, text=True,
                                timeout=30, env=dict(env, BEATSYNC_LOG_DIR=str(second_log)))
        assert second.returncode == 0, second.stderr
        assert time.monotonic() - t0 < 15
        assert "Handed 1 file(s) to the BeatSync already running" in read_log(second_log)
        assert "Starting BeatSync" in read_log(second_log)
        # the first window got the file (made absolute by the second launch) as a drop
        qtbot.waitUntil(lambda: "Files handed over" in read_log(first_log), timeout=10000)
        handed = [line for line in read_log(first_log).splitlines()
                  if "Files handed over" in line]
        assert handed and str(demo["group1"]) in handed[0]
        assert first.poll() is None                             # still running
    finally:
        first.terminate()
        try:
            first.wait(timeout=10)
        except subprocess.TimeoutExpired:
            first.kill()
            first.wait()
        first.stderr.close()
