"""The output file, written atomically: a hidden partial file beside the target, renamed
into place only when it is complete and on disk; removed on any failure or cancel.

    with AtomicOutput(output) as tmp:     # tmp: the hidden partial file to write to
        write(tmp)
    # here `output` exists, complete; on an exception it was never touched

Partial files are named `.<name>.<host>-<pid>.<random>.beatsync-partial`. A job killed
outright (kill -9, a power cut, a crash) cannot remove its own, so every job first removes
the stale ones in the folder it writes to: ours by name, whose writing process is gone (or
that have not been touched for a day). The partial file's path never appears in a message:
it means nothing to anyone, and the user never asked for it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import socket
import stat
import tempfile
import time
from pathlib import Path
from typing import Iterable, Optional

from .errors import OutputError, UsageError
from .messages import msg

SUFFIX = ".beatsync-partial"
STALE_AFTER = 24 * 3600      # seconds untouched after which any partial file of ours is stale
OUTPUT_SUFFIXES = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".mkv": "matroska"}
_NAME = re.compile(r"^\..*\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)\.[^.]+" + re.escape(SUFFIX) + "$")


def _host_tag() -> str:
    """Six hex digits naming this computer (a folder may be shared over the network)."""
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def _pid_alive(pid: int) -> bool:
    """True if a process with this id runs on this computer (or we cannot tell)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        import ctypes
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)   # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel32.GetLastError() == 5              # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259                          # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:       # EPERM: someone else's process
        return True
    return True


def is_stale(path: Path, now: Optional[float] = None) -> bool:
    """A partial file of ours that no running job is writing."""
    m = _NAME.match(path.name)
    if m is None:
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    if not stat.S_ISREG(st.st_mode):
        return False
    age = (now or time.time()) - st.st_mtime
    if age > STALE_AFTER:
        return True
    if m.group("host") != _host_tag():      # another computer's job: only the age tells
        return False
    pid = int(m.group("pid"))
    return pid != os.getpid() and not _pid_alive(pid)


def remove_stale_partials(folder: Path) -> list[Path]:
    """Remove the partial files that killed jobs left in `folder`; returns what was removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        if not name.endswith(SUFFIX):
            continue
        path = Path(folder) / name
        if is_stale(path):
            try:
                path.unlink()
                removed.append(path)
            except OSError:   # still open elsewhere (Windows), or not ours to remove
                pass
    return removed


def _umask() -> int:
    try:   # Linux tells it without changing it (os.umask would, for every thread)
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def temp_path(output: Path) -> Path:
    """Create the hidden partial file beside `output` (ordinary permissions) and return it."""
    stem = output.stem[:80]
    fd, name = tempfile.mkstemp(prefix=f".{stem}.{_host_tag()}-{os.getpid()}.",
                                suffix=SUFFIX, dir=output.parent)
    os.close(fd)
    # mkstemp makes the file private (0600); the result should look like any new file.
    if os.name == "posix":
        os.chmod(name, 0o666 & ~_umask())
    return Path(name)


def write_error(exc: BaseException, output: Path, temp: Optional[Path] = None) -> OutputError:
    """An OS or FFmpeg error met while writing `output`, as a sentence (no temp path)."""
    code = getattr(exc, "errno", None)
    code = abs(code) if isinstance(code, int) else None
    text = str(exc)
    detail = f"{type(exc).__name__}: {text}"
    if temp is not None:
        detail = detail.replace(str(temp), str(output))
    name, folder = output.name, output.parent
    if code == errno.ENOSPC or "No space" in text:
        text = msg("output-disk-full", name=name)
    elif code in (getattr(errno, "EDQUOT", -1),):
        text = msg("output-quota", name=name)
    elif code == errno.EFBIG:
        text = msg("output-too-large", name=name)
    elif code in (errno.EACCES, errno.EPERM):
        text = msg("output-no-permission", name=name, folder=folder)
    elif code == errno.EROFS:
        text = msg("output-read-only", name=name, folder=folder)
    elif code in (errno.ENOENT, errno.ENOTDIR):
        text = msg("output-folder-gone", name=name, folder=folder)
    elif code == errno.ENAMETOOLONG:
        text = msg("output-name-too-long", name=name)
    elif code == errno.EIO:
        text = msg("output-disk-failed", name=name)
    else:
        text = msg("output-failed", name=name, folder=folder)
    return OutputError(text, detail)


def check_output_path(output: Path, inputs: Iterable[Path]) -> None:
    """Refuse, before any work, an output that cannot work: wrong extension, an input's
    own name, a folder, a link loop, a missing or read-only folder."""
    output = Path(output)
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UsageError(msg("output-extension", suffix=output.suffix) if output.suffix
                         else msg("output-no-extension"))
    try:
        resolved = output.resolve()
    except (OSError, RuntimeError) as exc:     # a link loop (RuntimeError before 3.13)
        raise UsageError(msg("output-link-loop", name=output.name), str(exc)) from None
    if output.is_symlink() and not output.exists():
        raise UsageError(msg("output-dead-link", name=output.name))
    for path in inputs:
        try:
            same = resolved == Path(path).resolve() or (
                output.exists() and os.path.samefile(output, path))
        except (OSError, RuntimeError):
            same = False
        if same:
            raise UsageError(msg("output-is-input"))
    if output.is_dir():
        raise UsageError(msg("output-is-folder", name=output.name))
    if output.exists() and not output.is_file():
        raise UsageError(msg("output-not-a-file", name=output.name))
    folder = output.parent
    if not folder.is_dir():
        raise OutputError(msg("output-folder-missing", folder=folder))
    if not os.access(folder, os.W_OK):
        raise OutputError(msg("output-folder-no-permission", folder=folder))


class AtomicOutput:
    """Context manager: yields the partial file's path; on a clean exit, fsync and rename it
    over `output`; on any exception (cancel included), remove it. OS errors while creating,
    syncing or renaming become OutputError sentences."""

    def __init__(self, output: Path):
        self.output = Path(output)
        self.temp: Optional[Path] = None

    def __enter__(self) -> Path:
        remove_stale_partials(self.output.parent)
        try:
            self.temp = temp_path(self.output)
        except OSError as exc:
            raise write_error(exc, self.output) from None
        return self.temp

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                try:
                    with open(self.temp, "rb+") as fh:   # data on disk before the name
                        os.fsync(fh.fileno())
                    os.replace(self.temp, self.output)
                except OSError as err:
                    raise write_error(err, self.output, self.temp) from None
        finally:
            self.discard()
        return False

    def discard(self) -> None:
        if self.temp is not None and os.path.lexists(self.temp):
            try:
                os.unlink(self.temp)
            except OSError:
                pass
