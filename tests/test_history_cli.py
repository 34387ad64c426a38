"""`beatsync history`, and `beatsync sync` recording its job: real syncs of the demo media in
subprocesses, each with its own BEATSYNC_DATA_DIR."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beatsync_desktop.cli import demo_inputs
from beatsync_desktop.history import (CANCELLED, DONE, FAILED, RUNNING, HistoryStore,
                                      new_batch_id)
from beatsync_desktop.history.cli import SyncRecord

ROOT = Path(__file__).resolve().parents[1]


def env_for(data: Path) -> dict:
    return dict(os.environ, PYTHONPATH=str(ROOT), BEATSYNC_DATA_DIR=str(data))


def beatsync(data: Path, *args, cwd=None):
    return subprocess.run([sys.executable, "-m", "beatsync_desktop.cli", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, env=env_for(data),
                          timeout=300)


def start_beatsync(data: Path, *args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "beatsync_desktop.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env_for(data))


def history_json(data: Path, *args) -> dict:
    proc = beatsync(data, "history", "--json", *args)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def wait_for_status(data: Path, status: str, timeout: float = 30) -> int:
    """Poll the database (as the window would) until a job has `status`; its id."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (data / "history.sqlite3").exists():
            with HistoryStore.open(data) as store:
                jobs = store.recent(1, statuses=[status])
            if jobs:
                return jobs[0].id
        time.sleep(0.02)
    raise AssertionError(f"no job became {status}")


def test_sync_records_its_job_and_history_lists_it(tmp_path):
    data = tmp_path / "data"
    video, song = demo_inputs()
    out = tmp_path / "class_synced.mp4"
    proc = beatsync(data, "sync", video, song, "-o", out, "--json")
    assert proc.returncode == 0, proc.stderr
    assert "warning" not in proc.stderr
    report = json.loads(proc.stdout)          # the sync's report is unchanged
    assert report["ok"] is True and report["output"] == str(out)

    listing = history_json(data)
    assert listing["ok"] and listing["database"] == str(data / "history.sqlite3")
    [job] = listing["jobs"]
    assert job["status"] == DONE and job["origin"] == "cli"
    assert job["video"]["path"] == str(video) and job["video"]["hash"]
    assert job["song"]["path"] == str(song) and job["song"]["size"] == song.stat().st_size
    assert job["output"] == str(out) and job["output_exists"] is True
    assert job["result"]["alignment"]["offset"] == pytest.approx(report["alignment"]["offset"])
    assert job["result"]["plan"]["trims"] == report["plan"]["trims"]
    assert job["result"]["timings"] == report["timings"]
    assert job["options"]["margin"] == 0.5 and job["options"]["audio_bitrate"] == 192000
    assert job["attempts"] == 1 and job["resumable"] is False

    table = beatsync(data, "history")
    assert table.returncode == 0, table.stderr
    header, row = table.stdout.splitlines()
    assert header.split()[:6] == ["ID", "WHEN", "STATUS", "VIDEO", "SONG", "RESULT"]
    assert "done" in row and "demo_class.mp4" in row and "demo_song.mp3" in row
    assert "offset -1.000 s" in row and "class_synced.mp4" in row
    out.unlink()                               # moved or deleted since: marked, not hidden
    assert "(moved or deleted)" in beatsync(data, "history").stdout


def test_a_failed_sync_is_recorded_with_its_kind_and_sentence(tmp_path):
    data = tmp_path / "data"
    video, song = demo_inputs()
    missing = tmp_path / "not here.mp4"
    proc = beatsync(data, "sync", missing, song, "-q")
    assert proc.returncode == 3
    [job] = history_json(data)["jobs"]
    assert job["status"] == FAILED and job["error"]["kind"] == "input"
    assert job["error"]["message"] in proc.stderr       # the very sentence the user saw
    assert job["video"]["path"] == str(missing) and job["video"]["hash"] is None
    assert "not here.mp4" in beatsync(data, "history").stdout


def test_no_history_records_nothing(tmp_path):
    data = tmp_path / "data"
    video, song = demo_inputs()
    proc = beatsync(data, "sync", video, song, "-o", tmp_path / "o.mp4", "-q", "--no-history")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "o.mp4").exists()
    assert history_json(data)["jobs"] == []
    assert "No jobs in the history yet" in beatsync(data, "history").stdout


def test_a_history_that_cannot_be_written_does_not_fail_the_sync(tmp_path):
    blocker = tmp_path / "a file"
    blocker.write_text("the data folder should be here")
    data = blocker / "data"                      # cannot be created
    video, song = demo_inputs()
    out = tmp_path / "o.mp4"
    proc = beatsync(data, "sync", video, song, "-o", out, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ok"] is True and out.exists()
    warnings = [l for l in proc.stderr.splitlines() if "warning" in l]
    assert len(warnings) == 1 and "history" in warnings[0] and str(data) in warnings[0]
    assert "Traceback" not in proc.stderr
    listing = beatsync(data, "history")          # and `history` says why, in words
    assert listing.returncode == 1 and "cannot be used" in listing.stderr
    assert "Traceback" not in listing.stderr


def _as_a_user_bound_by_permissions() -> list[str] | None:
    """Command prefix under which a read-only folder is read-only: nothing for a normal user;
    for root, setpriv without CAP_DAC_OVERRIDE; None where neither works."""
    if os.name == "nt":
        return None
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    return [setpriv, "--bounding-set=-dac_override"] if setpriv else None


def test_a_read_only_history_folder_does_not_fail_the_sync(tmp_path):
    prefix = _as_a_user_bound_by_permissions()
    if prefix is None:
        pytest.skip("no way to make a folder read-only for this user here")
    data = tmp_path / "data"
    with HistoryStore.open(data) as store:
        store.enqueue(new_batch_id(), tmp_path / "earlier.mp4", tmp_path / "song.mp3")
    assert not list(data.glob("history.sqlite3-*"))     # closed: WAL checkpointed, removed
    (data / "history.sqlite3").chmod(0o400)
    data.chmod(0o500)
    try:
        video, song = demo_inputs()
        out = tmp_path / "o.mp4"
        proc = subprocess.run([*prefix, sys.executable, "-m", "beatsync_desktop.cli", "sync",
                               str(video), str(song), "-o", str(out), "--json"],
                              capture_output=True, text=True, env=env_for(data), timeout=300)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["ok"] is True and out.exists()
        warnings = [l for l in proc.stderr.splitlines() if "warning" in l]
        assert len(warnings) == 1 and "history" in warnings[0], proc.stderr
        assert "Traceback" not in proc.stderr
    finally:
        data.chmod(0o700)
        (data / "history.sqlite3").chmod(0o600)
    with HistoryStore.open(data) as store:       # untouched: still the one earlier job
        assert [j.video.name for j in store.recent()] == ["earlier.mp4"]


def test_a_failure_while_recording_only_warns(tmp_path):
    """The store opens, then every write fails inside SQLite (as on a full disk)."""
    warnings: list[str] = []
    record = SyncRecord(tmp_path / "v.mp4", tmp_path / "s.mp3", None, {}, warn=warnings.append,
                        folder=tmp_path / "data")
    with record as job:
        assert record.job_id is not None
        record.store._conn.execute("PRAGMA query_only = ON")
        assert job.finished("the result") == "the result"
    assert len(warnings) == 1 and "not recorded" in warnings[0]

    warnings.clear()
    with pytest.raises(ZeroDivisionError):       # the sync's own error passes through
        with SyncRecord(tmp_path / "v.mp4", tmp_path / "s.mp3", None, {},
                        warn=warnings.append, folder=tmp_path / "data") as job:
            job.store._conn.execute("PRAGMA query_only = ON")
            1 / 0
    assert len(warnings) == 1


def test_a_damaged_history_is_moved_aside_and_the_sync_recorded_anew(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(os.urandom(32768))
    video, song = demo_inputs()
    proc = beatsync(data, "sync", video, song, "-o", tmp_path / "o.mp4", "-q")
    assert proc.returncode == 0, proc.stderr
    assert "moved to" in proc.stderr and "history.damaged-" in proc.stderr
    assert len(list(data.glob("history.damaged-*.sqlite3"))) == 1
    [job] = history_json(data)["jobs"]
    assert job["status"] == DONE


def test_count_and_search(tmp_path):
    data = tmp_path / "data"
    with HistoryStore.open(data, origin="window") as store:   # what the window will write
        for name in ("monday.mp4", "tuesday.mp4", "wednesday.mp4"):
            store.enqueue(new_batch_id(), tmp_path / name, tmp_path / "song.mp3", {})
    assert [j["video"]["path"] for j in history_json(data, "-n", "2")["jobs"]] == \
        [str(tmp_path / "wednesday.mp4"), str(tmp_path / "tuesday.mp4")]
    assert len(history_json(data, "-n", "0")["jobs"]) == 3
    found = history_json(data, "--search", "TUES")["jobs"]
    assert [j["video"]["path"] for j in found] == [str(tmp_path / "tuesday.mp4")]
    assert found[0]["origin"] == "window"
    assert "No job matches 'friday'." in beatsync(data, "history", "--search", "friday").stdout


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL")
def test_a_killed_sync_leaves_a_database_that_opens_and_a_resume_offer(tmp_path):
    data = tmp_path / "data"
    video, song = demo_inputs()
    out = tmp_path / "o.mp4"
    proc = start_beatsync(data, "sync", video, song, "-o", out, "-q")
    try:
        job = wait_for_status(data, RUNNING)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    with HistoryStore.open(data) as store:
        assert store.notice is None
        [offered] = store.unfinished()
        assert offered.id == job and offered.status == RUNNING and offered.origin == "cli"
        assert offered.output == out and offered.sync_options().margin == 0.5
    listing = history_json(data)
    assert listing["jobs"][0]["resumable"] is True
    table = beatsync(data, "history").stdout
    assert "running*" in table and "offers to resume" in table


@pytest.mark.skipif(os.name == "nt", reason="SIGINT to a child")
def test_ctrl_c_is_recorded_as_cancelled(tmp_path):
    data = tmp_path / "data"
    video, song = demo_inputs()
    proc = start_beatsync(data, "sync", video, song, "-o", tmp_path / "o.mp4", "-q")
    wait_for_status(data, RUNNING)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the job finished before the signal arrived")
    assert proc.returncode == 130
    [job] = history_json(data)["jobs"]
    assert job["status"] == CANCELLED and job["error"]["kind"] == "cancelled"
    assert job["resumable"] is False
