"""The output file: written to a hidden partial file and renamed only when complete; a
failure, a cancel or a stop signal leaves nothing; a job killed outright leaves a partial
file that the next job into that folder removes; no message ever shows the partial file."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beatsync_desktop.core import OutputError, sync_video
from beatsync_desktop.core import output_file
from beatsync_desktop.core.output_file import (SUFFIX, is_stale, remove_stale_partials,
                                               temp_path)

ROOT = Path(__file__).resolve().parents[1]
POSIX = os.name == "posix"


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def partial_name(stem: str, host: str, pid: int) -> str:
    return f".{stem}.{host}-{pid}.abcd1234{SUFFIX}"


def test_partial_file_is_hidden_named_for_its_writer_and_ordinary(tmp_path):
    tmp = temp_path(tmp_path / "class final.mp4")
    try:
        assert tmp.parent == tmp_path and tmp.name.startswith(".class final.")
        assert tmp.name.endswith(SUFFIX) and f"-{os.getpid()}." in tmp.name
        assert not is_stale(tmp)                       # ours, and we are alive
        if POSIX:
            umask = os.umask(0o022)
            os.umask(umask)
            assert tmp.stat().st_mode & 0o777 == 0o666 & ~umask
    finally:
        tmp.unlink()


def test_only_stale_partials_of_ours_are_removed(tmp_path):
    host = output_file._host_tag()
    other_host = "000000" if host != "000000" else "111111"
    files = {
        "dead": partial_name("a", host, dead_pid()),
        "alive_self": partial_name("b", host, os.getpid()),
        "alive_parent": partial_name("c", host, os.getppid()),
        "other_host_fresh": partial_name("d", other_host, 12345),
        "other_host_old": partial_name("e", other_host, 12345),
        "not_our_pattern": ".f.beatsync-partial",
        "users_video": "g.mp4",
    }
    for key, name in files.items():
        (tmp_path / name).write_bytes(b"x")
    old = time.time() - 2 * 24 * 3600
    os.utime(tmp_path / files["other_host_old"], (old, old))
    removed = {p.name for p in remove_stale_partials(tmp_path)}
    assert removed == {files["dead"], files["other_host_old"]}
    left = {p.name for p in tmp_path.iterdir()}
    assert left == set(files.values()) - removed


@pytest.mark.skipif(not POSIX, reason="symlinks")
def test_a_link_named_like_a_partial_file_is_left_alone(tmp_path):
    target = tmp_path / "precious.mp4"
    target.write_bytes(b"keep me")
    link = tmp_path / partial_name("x", output_file._host_tag(), dead_pid())
    os.symlink(target.name, link)
    assert remove_stale_partials(tmp_path) == []
    assert link.is_symlink() and target.read_bytes() == b"keep me"


def cli(*args, cwd=None) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "beatsync_desktop.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env, cwd=cwd)


def wait_for_partial(folder: Path, proc: subprocess.Popen, timeout: float = 60.0) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [p for p in folder.iterdir() if p.name.endswith(SUFFIX)]
        if found:
            return found[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.005)
    raise AssertionError("no partial file appeared")


def long_job():
    """The demo: a 26 s class video, so the render takes a moment."""
    from beatsync_desktop.cli import demo_inputs
    return demo_inputs()


STOPS = [("SIGTERM", 143), ("SIGINT", 130)] + ([("SIGHUP", 129)] if hasattr(signal, "SIGHUP") else [])


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
@pytest.mark.parametrize("name, code", STOPS)
def test_a_stop_signal_while_writing_cancels_like_ctrl_c(name, code, tmp_path):
    video, song = long_job()
    out = tmp_path / "out"
    out.mkdir()
    proc = cli("sync", video, song, "-o", out / "result.mp4", "--json")
    wait_for_partial(out, proc)
    proc.send_signal(getattr(signal, name))
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == code, stderr
    assert stderr.strip().splitlines() == ["beatsync: Cancelled: nothing was written."]
    assert json.loads(stdout)["error"]["exit_code"] == code
    assert list(out.iterdir()) == []


@pytest.mark.skipif(not POSIX, reason="POSIX signals")
def test_a_job_killed_outright_is_cleaned_up_by_the_next_one(tmp_path):
    video, song = long_job()
    out = tmp_path / "out"
    out.mkdir()
    proc = cli("sync", video, song, "-o", out / "result.mp4", "-q")
    leftover = wait_for_partial(out, proc)
    proc.kill()                                   # kill -9: no handler runs
    proc.wait()
    assert leftover.exists()                      # what a crash or power cut leaves
    result = sync_video(video, song, out / "second.mp4")
    assert result.output.exists()
    assert sorted(p.name for p in out.iterdir()) == ["second.mp4"]


def test_write_errors_name_the_output_never_the_partial_file(tmp_path, monkeypatch):
    from beatsync_desktop.cli import demo_inputs
    video, song = demo_inputs()
    seen = {}
    real_replace = os.replace

    def failing_replace(src, dst):
        seen["tmp"] = str(src)
        raise OSError(errno.EIO, "Input/output error", str(src))
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OutputError) as err:
        sync_video(video, song, tmp_path / "out.mp4")
    monkeypatch.setattr(os, "replace", real_replace)
    message = err.value.message
    assert "out.mp4" in message and "unplugged" in message
    assert SUFFIX not in message and "Errno" not in message and "Input/output" not in message
    assert seen["tmp"] not in err.value.detail
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "disk is full"), (errno.EFBIG, "larger than this disk allows"),
    (errno.EROFS, "read-only"), (errno.EACCES, "No permission"),
    (errno.EINVAL, "Could not write"),
])
def test_write_error_sentences(code, words, tmp_path):
    out = tmp_path / "out.mp4"
    tmp = tmp_path / ".out.x.beatsync-partial"
    err = output_file.write_error(OSError(code, os.strerror(code), str(tmp)), out, tmp)
    assert words in err.message and "out.mp4" in err.message
    assert str(tmp) not in err.message + err.detail and "Errno" not in err.message


def test_a_cancel_after_the_output_is_in_place_does_not_call_it_unwritten(tmp_path,
                                                                         monkeypatch):
    """A stop that lands once the output has been renamed into place (the fuzzer's SIGINT
    at the very end) used to report "Cancelled: nothing was written" beside a finished
    file. The job is done then: it returns its result."""
    from beatsync_desktop.cli import demo_inputs
    from beatsync_desktop.core import CancelToken
    video, song = demo_inputs()
    cancel = CancelToken()
    real_replace = os.replace

    def replace_then_stop(src, dst):        # the signal arrives right after the rename
        real_replace(src, dst)
        cancel.cancel()
    monkeypatch.setattr(os, "replace", replace_then_stop)
    result = sync_video(video, song, tmp_path / "out.mp4", cancel=cancel)
    assert cancel.cancelled and result.output == tmp_path / "out.mp4"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.mp4"]
