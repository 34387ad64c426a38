"""One running app: two real processes, a crashed first instance, junk on the socket, and
macOS file-open events (offscreen)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtNetwork import QLocalSocket
from PySide6.QtWidgets import QApplication

from beatsync_desktop.ui.single_instance import FileOpenFilter, SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[1]

# What the app's main() will do, reduced to the hand-over (a QCoreApplication is enough).
INSTANCE = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QCoreApplication, QTimer
    from beatsync_desktop.ui.single_instance import SingleInstance
    app = QCoreApplication([])
    instance = SingleInstance()
    if instance.claim(sys.argv[1]):
        print("PRIMARY", flush=True)
        def got(files):
            print("FILES " + json.dumps(files), flush=True)
            if not os.environ.get("STAY"):
                QTimer.singleShot(0, app.quit)
        instance.filesReceived.connect(got)
        instance.activationRequested.connect(lambda: print("ACTIVATE", flush=True))
        sys.exit(app.exec())
    ok = instance.send_to_running(sys.argv[2:])
    print("HANDED OVER" if ok else "NOT HANDED OVER", flush=True)
    sys.exit(0 if ok else 1)
""")


_USED_IDS: list[str] = []


def app_id() -> str:
    aid = f"BeatSyncTest-{uuid.uuid4().hex[:10]}"
    _USED_IDS.append(aid)
    return aid


@pytest.fixture(autouse=True)
def _no_leftovers_in_the_temp_folder():
    """Killed instances leave their socket (that is the point of some tests): clean up."""
    yield
    while _USED_IDS:
        name = server_name(_USED_IDS.pop())
        for leftover in (Path(QDir.tempPath()) / name, Path(QDir.tempPath()) / f"{name}.lock"):
            try:
                leftover.unlink()
            except OSError:
                pass


def start(*args, cwd=None, stay=False) -> subprocess.Popen:
    """The instance script; a first instance quits after its first files unless `stay`."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               STAY="1" if stay else "")
    return subprocess.Popen([sys.executable, "-c", INSTANCE, *map(str, args)], cwd=cwd,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def first_line(proc: subprocess.Popen) -> str:
    line = proc.stdout.readline().strip()
    assert line, proc.stderr.read() if proc.poll() is not None else "no output"
    return line


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


# --- two real processes ------------------------------------------------------------------------

def test_a_second_launch_hands_its_files_to_the_first_and_exits(tmp_path):
    aid = app_id()
    primary = start(aid)
    try:
        assert first_line(primary) == "PRIMARY"
        (tmp_path / "clips").mkdir()
        t0 = time.monotonic()
        second = start(aid, "class 1.mp4", str(tmp_path / "song.mp3"), cwd=tmp_path / "clips")
        out, err = second.communicate(timeout=30)
        assert second.returncode == 0, err
        assert out.strip() == "HANDED OVER"
        assert time.monotonic() - t0 < 15
        line = first_line(primary)
        assert line.startswith("FILES ")
        # relative to the second launch's folder, made absolute before handing over
        assert json.loads(line[6:]) == [str(tmp_path / "clips" / "class 1.mp4"),
                                        str(tmp_path / "song.mp3")]
        primary.wait(timeout=10)
    finally:
        stop(primary)


def test_a_launch_without_files_brings_the_first_forward(tmp_path):
    aid = app_id()
    primary = start(aid, stay=True)
    try:
        assert first_line(primary) == "PRIMARY"
        second = start(aid)
        assert second.communicate(timeout=30)[0].strip() == "HANDED OVER"
        assert first_line(primary) == "ACTIVATE"
    finally:
        stop(primary)


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL; Windows pipes vanish with the process")
def test_after_the_first_instance_is_killed_the_next_launch_takes_over(tmp_path):
    aid = app_id()
    crashed = start(aid, stay=True)
    assert first_line(crashed) == "PRIMARY"
    crashed.send_signal(signal.SIGKILL)
    crashed.wait(timeout=10)
    socket_file = Path(QDir.tempPath()) / server_name(aid)
    assert socket_file.exists()                   # left behind by the crash
    successor = start(aid)
    try:
        assert first_line(successor) == "PRIMARY"
        third = start(aid, str(tmp_path / "x.mp4"))
        assert third.communicate(timeout=30)[0].strip() == "HANDED OVER"
        assert json.loads(first_line(successor)[6:]) == [str(tmp_path / "x.mp4")]
    finally:
        stop(successor)


def test_two_launches_at_the_same_moment_make_one_first(tmp_path):
    aid = app_id()
    procs = [start(aid, stay=True) for _ in range(2)]
    try:
        lines = sorted(first_line(p) for p in procs)
        # one listens; the other found it and asked it to come forward
        assert lines == ["HANDED OVER", "PRIMARY"]
    finally:
        for p in procs:
            stop(p)


def test_with_nobody_running_the_hand_over_fails_quickly():
    instance = SingleInstance()
    t0 = time.monotonic()
    assert not instance.send_to_running(["/x.mp4"], app_id=app_id(), timeout_ms=500)
    assert time.monotonic() - t0 < 3


# --- in one process --------------------------------------------------------------------------------

def _send_in_thread(aid: str, files: list[str], results: list) -> threading.Thread:
    t = threading.Thread(target=lambda: results.append(
        SingleInstance().send_to_running(files, app_id=aid)))
    t.start()
    return t


def test_in_process_claim_and_receive(qtbot):
    aid = app_id()
    first = SingleInstance()
    assert first.claim(aid) and first.listening
    assert not SingleInstance().claim(aid)        # the same name is taken while it listens
    results: list = []
    with qtbot.waitSignal(first.filesReceived, timeout=10_000) as got:
        thread = _send_in_thread(aid, ["/videos/a.mp4", "/songs/b.mp3"], results)
    thread.join(10)
    assert got.args == [["/videos/a.mp4", "/songs/b.mp3"]] and results == [True]
    first.release()
    assert not first.listening
    assert SingleInstance().claim(aid)             # free again once released


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or os.name == "nt", reason="Unix sockets")
def test_a_stale_socket_file_is_removed_by_claim(qtbot):
    aid = app_id()
    path = Path(QDir.tempPath()) / server_name(aid)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))                          # bound but never listening: nobody answers
    stale.close()
    assert path.exists()
    instance = SingleInstance()
    assert instance.claim(aid) and instance.listening
    instance.release()


def test_junk_on_the_socket_is_dropped_and_the_server_keeps_working(qtbot):
    aid = app_id()
    first = SingleInstance()
    assert first.claim(aid)
    received: list = []
    first.filesReceived.connect(received.append)
    for junk in (b"\xff\xfe not json\n", b'{"files": "not a list"}\n', b'[1, 2]\n'):
        results: list = []

        def send_junk():
            sock = QLocalSocket()
            sock.connectToServer(server_name(aid))
            assert sock.waitForConnected(3000)
            sock.write(junk)
            sock.flush()
            reply, deadline = b"", time.monotonic() + 5
            while b"\n" not in reply and time.monotonic() < deadline:
                sock.waitForReadyRead(50)      # short: PySide holds the GIL while waiting
                reply += bytes(sock.readAll().data())
            results.append(reply)
        t = threading.Thread(target=send_junk)
        t.start()
        qtbot.waitUntil(lambda: not t.is_alive(), timeout=10_000)
        assert results == [b"error\n"]
    assert received == []
    ok: list = []
    with qtbot.waitSignal(first.filesReceived, timeout=10_000):
        t = _send_in_thread(aid, ["/ok.mp4"], ok)
    t.join(10)
    assert ok == [True] and received == [["/ok.mp4"]]
    first.release()


# --- macOS file-open events ------------------------------------------------------------------------

def test_file_open_events_are_held_until_ready_then_batched(qtbot):
    app = QApplication.instance()
    opener = FileOpenFilter(batch_ms=50).install(app)
    try:
        received: list = []
        opener.filesReceived.connect(received.append)
        # At launch, before the window exists: kept.
        QApplication.sendEvent(app, QFileOpenEvent("/Users/me/class.mov"))
        qtbot.wait(120)
        assert received == []
        opener.set_ready()
        qtbot.waitUntil(lambda: received == [["/Users/me/class.mov"]], timeout=3000)
        # A drop of two files on the Dock icon: two events, one list.
        QApplication.sendEvent(app, QFileOpenEvent("/Users/me/a.mov"))
        QApplication.sendEvent(app, QFileOpenEvent("/Users/me/song.m4a"))
        qtbot.waitUntil(lambda: len(received) == 2, timeout=3000)
        assert received[1] == ["/Users/me/a.mov", "/Users/me/song.m4a"]
    finally:
        app.removeEventFilter(opener)


def test_a_silent_connection_is_dropped(qtbot):
    aid = app_id()
    first = SingleInstance()
    first.idle_timeout_ms = 200
    assert first.claim(aid)
    states: list = []

    def sit_silent():
        sock = QLocalSocket()
        sock.connectToServer(server_name(aid))
        assert sock.waitForConnected(3000)
        deadline = time.monotonic() + 5
        while sock.state() == QLocalSocket.LocalSocketState.ConnectedState \
                and time.monotonic() < deadline:
            sock.waitForReadyRead(50)
        states.append(sock.state())
    t = threading.Thread(target=sit_silent)
    t.start()
    qtbot.waitUntil(lambda: not t.is_alive(), timeout=10_000)
    assert states == [QLocalSocket.LocalSocketState.UnconnectedState]
    first.release()


def test_closing_right_after_a_hand_over_does_not_crash(tmp_path):
    """PySide 6.11 crashed ("shared QObject was deleted directly") when the instance went
    away with a served socket still waiting for its deleteLater (seen with lambda slots)."""
    code = textwrap.dedent("""
        import sys, threading, time
        from PySide6.QtCore import QCoreApplication
        from beatsync_desktop.ui.single_instance import SingleInstance
        app = QCoreApplication([])
        aid = sys.argv[1]
        first = SingleInstance()
        assert first.claim(aid)
        got = []
        first.filesReceived.connect(got.append)
        t = threading.Thread(target=lambda: SingleInstance().send_to_running(["/a.mp4"],
                                                                             app_id=aid))
        t.start()
        deadline = time.monotonic() + 10
        while not got and time.monotonic() < deadline:
            app.processEvents(); time.sleep(0.005)
        t.join()
        del first                       # the app quits at once
        for _ in range(20):
            app.processEvents(); time.sleep(0.01)
        print("ALIVE", got, flush=True)
    """)
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", code, app_id()], capture_output=True,
                          text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "ALIVE [['/a.mp4']]" in proc.stdout
