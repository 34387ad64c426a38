"""Which process owns a queued or running job, and whether that process still lives.

Each process that queues jobs holds an OS lock on its own small file in `<data>/owners/`
for as long as it runs. The operating system drops the lock when the process ends in any
way (closed, killed with SIGKILL, crashed), so "the lock can be taken" means "the owner is
gone" — no process ids that can be reused, no heartbeats to keep writing.
POSIX: `flock`; Windows: `msvcrt.locking` on the first byte.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Optional

if os.name == "nt":   # pragma: no cover - exercised on Windows CI only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


class OwnerLock:
    """This process's claim on the jobs it queues: a token and a held lock file."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.token = uuid.uuid4().hex
        self._fd: Optional[int] = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Create and lock `owners/<token>.lock`; False if the folder cannot be written
        (the jobs are still recorded; they would be offered for resume while we run)."""
        if self._fd is not None:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / f"{self.token}.lock",
                         os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        except OSError:
            return False
        if not _try_lock(fd):
            os.close(fd)
            return False
        try:
            os.write(fd, f"{os.getpid()}\n".encode())   # for people looking at the folder
        except OSError:
            pass
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _unlock(fd)
        os.close(fd)
        try:
            (self.folder / f"{self.token}.lock").unlink()
        except OSError:
            pass


def owner_alive(folder: Path, token: Optional[str]) -> bool:
    """Is the process that holds `token` still running? A missing lock file means no.

    A lock file whose lock can be taken belonged to a process that ended; it is removed.
    When the file exists but cannot be opened, the answer is yes (do not offer to resume a
    job that may still be running).
    """
    if not token or not all(c in "0123456789abcdef" for c in token):
        return False
    path = Path(folder) / f"{token}.lock"
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return False
    except OSError:
        return True
    try:
        if not _try_lock(fd):
            return True
        _unlock(fd)
    finally:
        os.close(fd)
    try:
        path.unlink()
    except OSError:
        pass
    return False
