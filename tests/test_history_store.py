"""The job history database: lifecycle, migrations, damage, killed writers, two processes,
moved files, and retry after a failure on the real engine with the demo media.

Every store here lives in a tmp folder (conftest also points BEATSYNC_DATA_DIR at a
temporary folder, so nothing touches the real user data folder).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from beatsync_desktop.cli import demo_inputs
from beatsync_desktop.history import (DONE, FAILED, INTERRUPTED, QUEUED, RUNNING,
                                      FileRef, HistoryError, HistoryStore, content_hash,
                                      data_dir, new_batch_id)
from beatsync_desktop.history.schema import LATEST
from tests.support.walls import qt_imports

ROOT = Path(__file__).resolve().parents[1]
HISTORY = ROOT / "beatsync_desktop" / "history"


def run_script(code: str, *args, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, **kw)


def filled_store(folder: Path, jobs: int = 3) -> list[int]:
    """A history with `jobs` finished jobs (failed ones: no media needed)."""
    with HistoryStore.open(folder) as store:
        ids = []
        for i in range(jobs):
            job = store.enqueue("b1", folder / f"clip{i}.mp4", folder / "song.mp3",
                                {"margin": 0.5})
            store.mark_running(job)
            store.mark_failed(job, "input", f"clip{i}.mp4 was not found." + " " * 100)
            ids.append(job)
        return ids


# --- the wall ----------------------------------------------------------------------------------

def test_no_qt_import_in_history_source():
    assert qt_imports(HISTORY) == []


def test_using_the_history_loads_no_qt_and_no_engine(tmp_path):
    code = """
        import sys
        from beatsync_desktop.history import HistoryStore
        from beatsync_desktop.history.cli import run_history, add_history_parser
        store = HistoryStore.open(sys.argv[1])
        job = store.enqueue("b", sys.argv[1] + "/v.mp4", sys.argv[1] + "/s.mp3", {"fade": 0.3})
        store.mark_running(job); store.mark_done(job, {"ok": True, "output": None})
        store.recent(5, "v"); store.unfinished(); store.close()
        loaded = sorted(m for m in sys.modules if m.split('.')[0] in
                        ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'numpy', 'av'))
        print('LOADED:', loaded)
    """
    proc = run_script(code, tmp_path)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "LOADED: []" in out      # `beatsync history` starts without Qt, numpy or PyAV


# --- opening ----------------------------------------------------------------------------------

def test_new_store_is_wal_at_the_latest_schema(tmp_path):
    with HistoryStore.open(tmp_path / "data") as store:
        assert store.notice is None and store.persistent
        assert store.path == tmp_path / "data" / "history.sqlite3"
        assert store.schema_version() == LATEST
    conn = sqlite3.connect(tmp_path / "data" / "history.sqlite3")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, LATEST + 1))


def test_data_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("BEATSYNC_DATA_DIR", str(tmp_path / "elsewhere"))
    assert data_dir() == tmp_path / "elsewhere"
    with HistoryStore.open() as store:
        assert store.path == tmp_path / "elsewhere" / "history.sqlite3"
    monkeypatch.delenv("BEATSYNC_DATA_DIR")
    assert data_dir().name == "BeatSync"        # platformdirs' user data folder


V1_SCHEMA = """
CREATE TABLE schema_version (version INTEGER PRIMARY KEY, writable_by INTEGER NOT NULL,
                             applied_at TEXT NOT NULL, summary TEXT NOT NULL DEFAULT '');
INSERT INTO schema_version VALUES (1, 1, '2025-01-01T10:00:00.000+00:00', 'jobs');
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, batch_id TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, video_path TEXT NOT NULL,
    song_path TEXT NOT NULL, options_json TEXT NOT NULL DEFAULT '{}', output_path TEXT,
    result_json TEXT, error_kind TEXT, error_message TEXT);
CREATE INDEX jobs_created ON jobs (created_at);
CREATE INDEX jobs_status ON jobs (status);
INSERT INTO jobs (batch_id, status, created_at, started_at, finished_at, video_path, song_path,
                  options_json, output_path, result_json)
    VALUES ('old', 'done', '2025-01-01T10:00:00.000+00:00', '2025-01-01T10:00:01.000+00:00',
            '2025-01-01T10:00:05.000+00:00', '/gone/class.mp4', '/gone/song.mp3',
            '{"margin": 1.0, "fade": 0.3}', '/gone/class_beatsync.mp4',
            '{"output": "/gone/class_beatsync.mp4", "alignment": {"offset": -1.0, "confidence": 0.9}}');
INSERT INTO jobs (batch_id, status, created_at, started_at, video_path, song_path)
    VALUES ('old', 'running', '2025-01-01T10:01:00.000+00:00', '2025-01-01T10:01:01.000+00:00',
            '/gone/class2.mp4', '/gone/song.mp3');
"""


def test_a_version_1_file_is_migrated_and_keeps_its_jobs(tmp_path):
    conn = sqlite3.connect(tmp_path / "history.sqlite3")
    conn.executescript(V1_SCHEMA)
    conn.close()
    with HistoryStore.open(tmp_path) as store:
        assert store.notice is None and store.schema_version() == LATEST
        old, running = sorted(store.recent(None), key=lambda j: j.id)
        assert old.status == DONE and old.offset == -1.0 and old.confidence == 0.9
        assert old.options == {"margin": 1.0, "fade": 0.3}
        assert old.sync_options().margin == 1.0
        assert old.attempts == 1 and old.origin == "window"
        assert old.video.hash is None and old.video.status() == "missing"
        assert not old.output_exists()
        # The v1 job that was running when its app stopped is offered for resume.
        assert [j.id for j in store.unfinished()] == [running.id]
        # and the new columns work
        job = store.enqueue("new", tmp_path / "a.mp4", tmp_path / "b.mp3", {})
        assert store.job(job).status == QUEUED


def test_a_file_from_a_newer_version_is_left_alone(tmp_path):
    filled_store(tmp_path)
    db = tmp_path / "history.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_version VALUES (?, ?, 'x', 'future')", (LATEST + 1, LATEST + 1))
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with HistoryStore.open(tmp_path) as store:
        assert store.notice.kind == "newer" and not store.persistent
        job = store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")   # still usable
        assert store.job(job).status == QUEUED
    assert db.read_bytes() == before


def test_a_newer_but_compatible_file_is_used(tmp_path):
    filled_store(tmp_path)
    conn = sqlite3.connect(tmp_path / "history.sqlite3")
    conn.execute("ALTER TABLE jobs ADD COLUMN future_thing TEXT DEFAULT 'x'")
    conn.execute("INSERT INTO schema_version VALUES (?, ?, 'x', 'additive')", (LATEST + 1, LATEST))
    conn.commit()
    conn.close()
    with HistoryStore.open(tmp_path) as store:
        assert store.notice is None and store.persistent
        assert store.count() == 3
        store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")
        assert store.count() == 4


def _garbage(db: Path) -> None:
    db.write_bytes(os.urandom(64 * 1024))


def _truncated_header(db: Path) -> None:
    db.write_bytes(db.read_bytes()[:50])


def _truncated_half(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[:len(data) // 2])


def _overwritten_middle(db: Path) -> None:
    data = db.read_bytes()
    db.write_bytes(data[:8192] + os.urandom(8192) + data[16384:])


def _foreign(db: Path) -> None:
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE photos (id INTEGER, name TEXT)")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("damage", [_garbage, _truncated_header, _truncated_half,
                                    _overwritten_middle, _foreign])
def test_a_damaged_file_is_moved_aside_and_a_new_one_started(tmp_path, damage):
    filled_store(tmp_path, jobs=120)            # several pages, so damage lands in the data
    db = tmp_path / "history.sqlite3"
    damage(db)
    damaged_bytes = db.read_bytes()
    with HistoryStore.open(tmp_path) as store:
        notice = store.notice
        assert notice is not None and notice.kind == "damaged", notice
        assert notice.moved_to.parent == tmp_path
        assert notice.moved_to.name.startswith("history.damaged-")
        assert notice.moved_to.name.endswith(".sqlite3")
        assert str(notice.moved_to) in notice.message
        assert notice.moved_to.read_bytes() == damaged_bytes     # kept for whoever wants it
        assert store.persistent and store.count() == 0
        job = store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")
        store.mark_running(job)
    with HistoryStore.open(tmp_path) as again:                  # the new file is healthy
        assert again.notice is None
        assert [j.status for j in again.recent()] == [RUNNING]


def test_two_openings_of_a_damaged_file_move_it_once(tmp_path):
    filled_store(tmp_path, jobs=50)
    _garbage(tmp_path / "history.sqlite3")
    procs = [run_script("""
        import sys
        from beatsync_desktop.history import HistoryStore
        s = HistoryStore.open(sys.argv[1])
        s.enqueue('b', sys.argv[1] + '/v.mp4', sys.argv[1] + '/s.mp3')
        print('NOTICE', s.notice.kind if s.notice else None)
    """, tmp_path) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    assert len(list(tmp_path.glob("history.damaged-*.sqlite3"))) == 1
    with HistoryStore.open(tmp_path) as store:
        assert store.notice is None and store.count() == 2    # both wrote to the same new file


def test_a_locked_file_is_not_taken_for_damaged(tmp_path):
    filled_store(tmp_path)
    db = tmp_path / "history.sqlite3"
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA locking_mode=EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        t0 = time.monotonic()
        store = HistoryStore.open(tmp_path, busy_timeout=0.3)
        assert time.monotonic() - t0 < 10
        assert store.notice.kind == "unavailable" and not store.persistent
        assert "locked" in store.notice.message
        store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")   # in memory, still works
        store.close()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert not list(tmp_path.glob("history.damaged-*"))
    with HistoryStore.open(tmp_path) as store:
        assert store.notice is None and store.count() == 3


def test_a_folder_that_cannot_be_made_gives_a_history_in_memory(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    store = HistoryStore.open(blocker / "data")
    assert store.notice.kind == "unavailable" and not store.persistent
    assert str(blocker / "data") in store.notice.message
    job = store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")
    assert store.mark_running(job) and [j.id for j in store.recent()] == [job]
    store.close()


def test_writes_after_the_disk_refuses_raise_history_error(tmp_path):
    store = HistoryStore.open(tmp_path)
    job = store.enqueue("b", tmp_path / "a.mp4", tmp_path / "b.mp3")
    store._conn.execute("PRAGMA query_only = ON")     # every write now fails inside SQLite
    with pytest.raises(HistoryError, match="could not be saved"):
        store.mark_running(job)
    store._conn.execute("PRAGMA query_only = OFF")
    assert store.job(job).status == QUEUED            # nothing half-written
    store.close()
    with pytest.raises(HistoryError):
        store.recent()


# --- the job lifecycle ---------------------------------------------------------------------------

def test_lifecycle_search_and_removal(tmp_path):
    with HistoryStore.open(tmp_path) as store:
        batch = new_batch_id()
        a = store.enqueue(batch, tmp_path / "Monday class.mp4", tmp_path / "song.mp3",
                          {"margin": 0.5}, output=tmp_path / "out.mp4")
        b = store.enqueue(batch, tmp_path / "tuesday_50%.mp4", tmp_path / "song.mp3", {})
        c = store.enqueue(new_batch_id(), tmp_path / "wednesday.mp4", tmp_path / "other.mp3", {})
        assert [j.status for j in store.batch(batch)] == [QUEUED, QUEUED]
        assert store.job(a).output == tmp_path / "out.mp4"
        assert store.mark_running(a) and not store.mark_running(a)   # only from queued
        assert store.job(a).started_at and store.job(a).attempts == 1
        assert store.mark_failed(a, "no-match", "The song was not found.", "detail for the log")
        assert not store.mark_done(a, {"output": "x"})              # final states stay final
        store.mark_running(b)
        assert store.mark_cancelled(b)
        assert store.job(b).error_message == "Cancelled: nothing was written."
        # newest first, n, search by file name (case-insensitive, % and _ taken literally)
        assert [j.id for j in store.recent()] == [c, b, a]
        assert [j.id for j in store.recent(2)] == [c, b]
        assert [j.id for j in store.recent(10, "monday")] == [a]
        assert [j.id for j in store.recent(10, "50%")] == [b]
        assert [j.id for j in store.recent(10, "day_")] == [b]
        assert [j.id for j in store.recent(10, "wednes_ay")] == []      # not a wildcard
        assert [j.id for j in store.recent(10, "other.mp3")] == [c]
        assert [j.id for j in store.recent(10, "song wed")] == []
        assert [j.id for j in store.recent(10, statuses=[FAILED])] == [a]
        failed = store.job(a)
        assert failed.error_kind == "no-match" and failed.error_detail == "detail for the log"
        assert failed.can_retry and not failed.is_unfinished
        # times are UTC ISO
        assert failed.when().utcoffset().total_seconds() == 0
        # remove: forgotten, files untouched; a live queued job is not removed
        assert not store.remove(c)
        assert store.remove(a) and store.job(a) is None
        assert not store.remove(a)


def test_options_from_a_frozen_dataclass_round_trip(tmp_path):
    from beatsync_desktop.core.models import SyncOptions
    Frozen = dataclasses.make_dataclass(
        "FrozenOptions", [(f.name, f.type, dataclasses.field(default=f.default))
                          for f in dataclasses.fields(SyncOptions)], frozen=True)
    options = Frozen(margin=1.25, keep_full=True, force_offset=-2.5)
    with HistoryStore.open(tmp_path) as store:
        job = store.enqueue("b", tmp_path / "v.mp4", tmp_path / "s.mp3", options)
        again = store.job(job).sync_options()
        assert again == SyncOptions(margin=1.25, keep_full=True, force_offset=-2.5)
        # a field written by a newer version is dropped, not an error
        store._conn.execute("UPDATE jobs SET options_json=? WHERE id=?",
                            (json.dumps({"margin": 2.0, "new_knob": 1}), job))
        assert store.job(job).sync_options().margin == 2.0


@pytest.fixture(scope="module")
def real_result(tmp_path_factory):
    """One real sync of the demo media (about 2 s)."""
    from beatsync_desktop.core import sync_video
    out = tmp_path_factory.mktemp("real") / "demo_out.mp4"
    video, song = demo_inputs()
    return sync_video(video, song, out)


def test_a_real_result_is_kept_without_bulk(tmp_path, real_result):
    video, song = demo_inputs()
    with HistoryStore.open(tmp_path) as store:
        job = store.enqueue("b", video, song, {})
        store.mark_running(job)
        assert store.mark_done(job, real_result)          # the object or its to_dict()
        rec = store.job(job)
    assert rec.status == DONE and rec.output == real_result.output
    assert rec.offset == pytest.approx(-1.0, abs=0.005)
    assert rec.confidence == pytest.approx(real_result.alignment.confidence, abs=1e-3)
    assert rec.result["alignment"]["segments"]              # the runs of music
    assert rec.trims == [dataclasses.asdict(t) for t in real_result.plan.trims]
    assert set(rec.timings) == {"probe", "decode", "align", "plan", "render"}
    assert rec.result["dance"]["duration"] > 20
    assert "ok" not in rec.result and "notes" not in rec.result["plan"]
    assert "envelope" not in json.dumps(rec.result)
    assert len(json.dumps(rec.result)) < 6000
    assert rec.output_exists() and not rec.inputs_changed()
    assert rec.input_status() == {"video": "same", "song": "same"}


def test_output_moved_away_is_marked_not_hidden(tmp_path, real_result):
    video, song = demo_inputs()
    out = tmp_path / "kept.mp4"
    shutil.copy(real_result.output, out)
    result = real_result.to_dict()
    result["output"] = str(out)
    with HistoryStore.open(tmp_path) as store:
        job = store.enqueue("b", video, song, {})
        store.mark_running(job)
        store.mark_done(job, result)
        assert store.job(job).output_exists()
        out.unlink()
        rec = store.recent()[0]
        assert rec.id == job and not rec.output_exists() and rec.output == out


# --- the queue that survives ---------------------------------------------------------------------

def test_jobs_of_a_closed_process_are_offered_and_taken_over(tmp_path):
    first = HistoryStore.open(tmp_path)
    second = HistoryStore.open(tmp_path)
    batch = new_batch_id()
    jobs = [first.enqueue(batch, tmp_path / f"c{i}.mp4", tmp_path / "s.mp3") for i in range(3)]
    first.mark_running(jobs[0])
    first.mark_done(jobs[0], {"output": str(tmp_path / "c0_beatsync.mp4")})
    first.mark_running(jobs[1])
    # While `first` lives, its queue is its own.
    assert second.unfinished() == []
    assert [j.id for j in second.unfinished(include_live=True)] == jobs[1:]
    assert second.resume() == [] and not second.remove(jobs[2])
    first.close()                                   # the window closed mid-batch
    offered = second.unfinished()
    assert [(j.id, j.status) for j in offered] == [(jobs[1], RUNNING), (jobs[2], QUEUED)]
    taken = second.resume([jobs[1]])
    assert [(j.id, j.status, j.attempts) for j in taken] == [(jobs[1], QUEUED, 1)]
    assert second.abandon() == 1                    # declined: the other one
    assert second.job(jobs[2]).status == INTERRUPTED and second.job(jobs[2]).can_retry
    third = HistoryStore.open(tmp_path)
    assert third.unfinished() == []                 # jobs[1] is second's now, and it lives
    second.close()
    assert [j.id for j in third.unfinished()] == [jobs[1]]
    third.close()


WRITER_KILLED_MID_TRANSACTION = """
    import sys, time
    from beatsync_desktop.history import HistoryStore
    store = HistoryStore.open(sys.argv[1])
    job = store.enqueue('batch', sys.argv[1] + '/class.mp4', sys.argv[1] + '/song.mp3', {})
    store.mark_running(job)
    conn = store._conn
    conn.execute('BEGIN IMMEDIATE')
    for i in range(2000):
        conn.execute("INSERT INTO jobs (batch_id, status, created_at, video_path, song_path) "
                     "VALUES ('junk', 'done', 'x', ?, 'y')", ('v' * 500,))
    conn.execute("UPDATE jobs SET status='done' WHERE id=?", (job,))
    print('IN-TRANSACTION', job, flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_writer_killed_mid_transaction_leaves_a_database_that_opens(tmp_path):
    proc = run_script(WRITER_KILLED_MID_TRANSACTION, tmp_path)
    line = proc.stdout.readline()
    assert line.startswith("IN-TRANSACTION"), proc.stderr.read()
    job = int(line.split()[1])
    assert (tmp_path / "history.sqlite3-wal").exists()
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    with HistoryStore.open(tmp_path) as store:
        assert store.notice is None
        assert store.count() == 1                     # the half-done transaction is gone
        offered = store.unfinished()
        assert [(j.id, j.status) for j in offered] == [(job, RUNNING)]
        assert [j.id for j in store.resume()] == [job]
        assert store.mark_running(job) and store.job(job).attempts == 2
    assert sqlite3.connect(tmp_path / "history.sqlite3").execute(
        "PRAGMA integrity_check").fetchone()[0] == "ok"


TWO_WRITERS = """
    import sys, time
    from beatsync_desktop.history import HistoryStore
    folder, name, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    store = HistoryStore.open(folder, origin=name)
    while time.time() < start:
        time.sleep(0.005)
    for i in range(40):
        job = store.enqueue(name, f'{folder}/{name}-{i}.mp4', f'{folder}/song.mp3', {'i': i})
        store.mark_running(job)
        store.recent(5)
        store.mark_done(job, {'output': f'{folder}/{name}-{i}_beatsync.mp4',
                              'alignment': {'offset': i}})
    print('LIVE-OTHERS', len(store.unfinished()))
    store.close()
"""


def test_two_processes_write_at_once(tmp_path):
    HistoryStore.open(tmp_path).close()             # created up front; both migrate-check it
    start = time.time() + 1.5
    procs = [run_script(TWO_WRITERS, tmp_path, name, start) for name in ("one", "two")]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "LIVE-OTHERS 0" in out             # never offered the other's running jobs
    with HistoryStore.open(tmp_path) as store:
        jobs = store.recent(None)
        assert len(jobs) == 80 and {j.status for j in jobs} == {DONE}
        for name in ("one", "two"):
            mine = sorted((j for j in jobs if j.batch_id == name), key=lambda j: j.id)
            assert [j.options["i"] for j in mine] == list(range(40))
            assert {j.origin for j in mine} == {name}
            assert [j.offset for j in mine] == list(range(40))


# --- moved and changed files ---------------------------------------------------------------------

def test_content_hash_reads_the_ends_only(tmp_path):
    big = tmp_path / "big.bin"
    data = bytearray(os.urandom(5 * 1024 * 1024))
    big.write_bytes(data)
    h = content_hash(big)
    assert len(h) == 32 and h == content_hash(big)
    data[2 * 1024 * 1024] ^= 0xFF            # the middle is not read
    big.write_bytes(data)
    assert content_hash(big) == h
    data[-1] ^= 0xFF                          # the end is
    big.write_bytes(data)
    assert content_hash(big) != h
    small = tmp_path / "small.bin"
    small.write_bytes(b"abc")
    assert content_hash(small) != content_hash(tmp_path / "big.bin")


class _StillWaiting(Exception):
    """Raised by `_fails_rather_than_waits` (not an OSError: FileRef would swallow that)."""


@contextlib.contextmanager
def _fails_rather_than_waits(seconds: float):
    """A call blocked in open() or read() raises instead of hanging the test run."""
    def ring(_signum, _frame):
        raise _StillWaiting(f"still waiting after {seconds} s")
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and SIGALRM: POSIX")
def test_a_pipe_a_socket_or_a_folder_is_never_read(tmp_path):
    """Opening a pipe for reading waits for a writer: `beatsync sync PIPE song` hung in
    the history's content hash, before the engine could refuse the pipe in words. Such
    an input is recorded by its path only, and a recorded file that has become a pipe
    since is not read either."""
    pipe = tmp_path / "class.mp4"
    os.mkfifo(pipe)
    folder = tmp_path / "folder.mp4"
    folder.mkdir()
    odd = [pipe, folder]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.bind(str(tmp_path / "song.mp3"))
        odd.append(tmp_path / "song.mp3")
    except OSError:          # a path too long for a socket: the pipe and the folder still
        pass
    try:
        with _fails_rather_than_waits(10):
            for path in odd:
                with pytest.raises(OSError):
                    content_hash(path)
                assert FileRef.of(path).hash is None
            with HistoryStore.open(tmp_path / "data") as store:
                job = store.enqueue("b", pipe, odd[-1], {})
                record = store.job(job)
                assert record.video.hash is None and record.song.hash is None
                assert set(record.input_status().values()) <= {"same", "unknown"}
                # An empty file when queued, a pipe now (same size 0, another mtime).
                clip = tmp_path / "clip.mp4"
                clip.write_bytes(b"")
                ref = store.job(store.enqueue("b", clip, folder, {})).video
                assert ref.hash is not None
                clip.unlink()
                os.mkfifo(clip)
                os.utime(clip, (1_000_000_000, 1_000_000_000))
                assert not ref.matches(clip)
                assert ref.status() == "missing"
                assert store.locate(ref) is None
                assert store.identify(clip).hash is None
    finally:
        sock.close()


def test_a_moved_or_renamed_input_is_recognised(tmp_path):
    video, song = demo_inputs()
    (tmp_path / "monday").mkdir()
    (tmp_path / "archive").mkdir()
    clip = tmp_path / "monday" / "class.mp4"
    clip.write_bytes(video.read_bytes() + os.urandom(16))    # not the demo file's content
    with HistoryStore.open(tmp_path / "data") as store:
        job = store.enqueue("b", clip, song, {})
        ref = store.job(job).video
        assert ref.size == clip.stat().st_size and ref.hash == content_hash(clip)
        # renamed in place
        renamed = clip.with_name("class (final).mp4")
        clip.rename(renamed)
        assert store.job(job).input_status()["video"] == "missing"
        assert store.job(job).inputs_changed()
        assert store.locate(ref) == renamed
        # moved to a folder the user points at
        moved = tmp_path / "archive" / "2025-01-31.mp4"
        renamed.rename(moved)
        assert store.locate(ref) is None
        assert store.locate(ref, extra_dirs=[tmp_path / "archive"]) == moved
        # dropped again from its new place: history knows it
        assert [j.id for j in store.jobs_for_file(moved)] == [job]
        assert FileRef.of(moved).hash == ref.hash and ref.matches(moved)


def test_input_status_same_changed_missing(tmp_path):
    video, song = demo_inputs()
    clip = tmp_path / "clip.mp4"
    shutil.copy(video, clip)
    with HistoryStore.open(tmp_path / "data") as store:
        job = store.enqueue("b", clip, song, {})
        assert store.job(job).input_status() == {"video": "same", "song": "same"}
        os.utime(clip, (1_000_000_000, 1_000_000_000))    # touched, same content
        assert store.job(job).input_status()["video"] == "same"
        with open(clip, "ab") as f:
            f.write(b"\0")
        assert store.job(job).input_status()["video"] == "changed"
        clip.unlink()
        assert store.job(job).input_status()["video"] == "missing"


# --- retry in place on the real engine -----------------------------------------------------------

def test_retry_after_a_failure_succeeds_once_the_input_is_fixed(tmp_path):
    from beatsync_desktop.core import BeatSyncError, sync_video
    video, song = demo_inputs()
    clip = tmp_path / "class.mp4"
    clip.write_text("not a video yet\n" * 100)          # e.g. a copy that had not finished
    out = tmp_path / "class_beatsync.mp4"
    with HistoryStore.open(tmp_path / "data") as store:
        job = store.enqueue(new_batch_id(), clip, song, {"margin": 0.5}, output=out)

        def run(job_id):
            rec = store.job(job_id)
            store.mark_running(job_id)
            try:
                result = sync_video(rec.video.path, rec.song.path, rec.output, rec.sync_options())
            except BeatSyncError as exc:
                store.mark_failed(job_id, exc.kind, exc.message, exc.detail)
                return
            store.mark_done(job_id, result)

        run(job)
        failed = store.job(job)
        assert failed.status == FAILED and failed.error_kind == "input"
        assert "class.mp4" in failed.error_message and not out.exists()
        assert store.retry(job) is not None and store.job(job).status == QUEUED
        run(job)                                        # still broken: fails again
        assert store.job(job).status == FAILED and store.job(job).attempts == 2
        shutil.copy(video, clip)                        # the input is fixed
        retried = store.retry(job)
        assert retried.id == job and retried.status == QUEUED
        assert retried.error_kind is None and retried.video.hash == content_hash(clip)
        run(job)
        done = store.job(job)
        assert done.status == DONE and done.attempts == 3 and done.output == out
        assert done.output_exists() and done.offset == pytest.approx(-1.0, abs=0.005)
        assert [j.id for j in store.recent()] == [job]  # in place: still one row
        assert store.retry(job) is None                 # a done job is re-run, not retried
        again = store.rerun(job, {"margin": 1.0})
        assert store.job(again).rerun_of == job and store.job(again).options == {"margin": 1.0}
        assert store.job(again).status == QUEUED
