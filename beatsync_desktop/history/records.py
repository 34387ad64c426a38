"""Plain data for the job history: what one row says, and checks against the disk today.

No Qt and no engine import at module level: the window, the CLI and the tests read these
as they are. Times are UTC ISO-8601 strings as stored (`created_at` …); `when()` gives a
timezone-aware datetime.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Optional

# Job states. A job is in the database before it starts (queued); the process that runs it
# marks it running, then exactly one of the final states.
QUEUED = "queued"
RUNNING = "running"
DONE = "done"
FAILED = "failed"
CANCELLED = "cancelled"
INTERRUPTED = "interrupted"   # its process died (close, kill, crash) and the user declined to resume
UNFINISHED = (QUEUED, RUNNING)
FINAL = (DONE, FAILED, CANCELLED, INTERRUPTED)
RETRYABLE = (FAILED, CANCELLED, INTERRUPTED)

# The short content hash reads this much from each end of the file.
HASH_EDGE_BYTES = 1 << 20


def content_hash(path: os.PathLike | str, size: Optional[int] = None) -> str:
    """SHA-256 of the size and the first and last MiB, as 32 hex digits.

    Enough to recognise the same recording after a move or a rename (phone videos differ
    in their first and last megabyte: container header, timestamps, the index at the end),
    and cheap: at most 2 MiB read, whatever the file's length. Raises OSError, also for
    what is not an ordinary file (see `_open_ordinary`).
    """
    h = hashlib.sha256()
    with _open_ordinary(path) as f:
        if size is None:
            size = os.fstat(f.fileno()).st_size
        h.update(size.to_bytes(8, "little"))
        h.update(f.read(HASH_EDGE_BYTES))
        if size > 2 * HASH_EDGE_BYTES:
            f.seek(size - HASH_EDGE_BYTES)
            h.update(f.read(HASH_EDGE_BYTES))
        elif size > HASH_EDGE_BYTES:
            h.update(f.read())
    return h.hexdigest()[:32]


def _open_ordinary(path: os.PathLike | str):
    """`path` opened for reading if it is an ordinary file; OSError at once otherwise.

    A pipe, a terminal or another device is never read: opening a pipe for reading waits
    for a writer, reading a terminal waits for a keypress (`beatsync sync` hung on a pipe
    given as the video, before the engine could refuse it in words). Checked by name
    first, so nothing but an ordinary file is even opened, and again on the open file,
    opened without waiting, in case the name changed in between.
    """
    def refuse(mode: int) -> OSError:
        code = errno.EISDIR if stat.S_ISDIR(mode) else errno.EINVAL
        return OSError(code, "Not an ordinary file", os.fspath(path))

    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise refuse(mode)
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_BINARY", 0)
                 | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise refuse(mode)
        if nonblock:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass(frozen=True)
class FileRef:
    """An input as it was when the job was queued: path, size, mtime and content hash.

    `size`, `mtime` and `hash` are None when the file could not be read then (it was
    already missing) or the row predates schema 2.
    """
    path: Path
    size: Optional[int] = None
    mtime: Optional[float] = None
    hash: Optional[str] = None

    @classmethod
    def of(cls, path: os.PathLike | str) -> "FileRef":
        """Identify a file as it is now; a missing or unreadable file gets only its path."""
        p = Path(os.path.abspath(path))   # not resolve(): keep the path the user knows
        try:
            st = p.stat()
            return cls(p, st.st_size, st.st_mtime, content_hash(p, st.st_size))
        except OSError:
            return cls(p)

    @property
    def name(self) -> str:
        return self.path.name

    def exists(self) -> bool:
        try:
            return self.path.is_file()
        except OSError:
            return False

    def matches(self, path: os.PathLike | str) -> bool:
        """True if the file at `path` has this content (same size and content hash)."""
        if self.size is None or self.hash is None:
            return False
        try:
            size = os.stat(path).st_size
            return size == self.size and content_hash(path, size) == self.hash
        except OSError:
            return False

    def status(self) -> str:
        """'same', 'changed', 'missing', or 'unknown' (nothing was recorded to compare with)."""
        try:
            st = self.path.stat()
        except OSError:
            return "missing"
        if self.size is None:
            return "unknown"
        if st.st_size != self.size:
            return "changed"
        if self.mtime is not None and st.st_mtime == self.mtime:
            return "same"             # untouched: no need to read it
        if self.hash is None:
            return "unknown"
        try:
            return "same" if content_hash(self.path, st.st_size) == self.hash else "changed"
        except OSError:
            return "missing"

    def to_dict(self) -> dict:
        return {"path": str(self.path), "size": self.size, "mtime": self.mtime,
                "hash": self.hash}


@dataclass(frozen=True)
class Notice:
    """Something the user should hear about the history itself (not about a job).

    kind: 'damaged'    the file could not be read; it was moved to `moved_to`, a new one started
          'newer'      written by a newer BeatSync that this one cannot safely write to;
                       history is kept in memory for this session, the file is untouched
          'unavailable' the folder or file cannot be used (read-only, locked, not a folder);
                       history is kept in memory for this session
    `message` is an English sentence on what happened; each face adds what it means for
    it (`in_memory`: the window remembers this session's jobs until it closes; the CLI does
    not record the job). The window translates by `kind` with `path`/`moved_to`.
    """
    kind: str
    message: str
    path: Optional[Path] = None
    moved_to: Optional[Path] = None

    @property
    def in_memory(self) -> bool:
        """True when the history is not written to disk this session."""
        return self.kind in ("newer", "unavailable")

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message,
                "path": str(self.path) if self.path else None,
                "moved_to": str(self.moved_to) if self.moved_to else None}


@dataclass(frozen=True)
class JobRecord:
    """One row of the history: one class video synced (or queued, or failed) against one song."""
    id: int
    batch_id: str
    status: str
    created_at: str
    video: FileRef
    song: FileRef
    options: dict = field(default_factory=dict)      # SyncOptions as a dict (dataclasses.asdict)
    origin: str = "window"                            # 'window' or 'cli'
    started_at: Optional[str] = None
    finished_at: Optional[str] = None
    output: Optional[Path] = None     # requested output while queued; the written file when done
    result: Optional[dict] = None     # trimmed SyncResult.to_dict() (see store.compact_result)
    error_kind: Optional[str] = None
    error_message: Optional[str] = None
    error_detail: Optional[str] = None
    attempts: int = 0                 # how many times it was started
    rerun_of: Optional[int] = None    # the job this one repeats (History view: re-run)
    owner: Optional[str] = None       # the process that queued or runs it (see store)

    # --- state -----------------------------------------------------------------------------
    @property
    def is_unfinished(self) -> bool:
        return self.status in UNFINISHED

    @property
    def can_retry(self) -> bool:
        return self.status in RETRYABLE

    def when(self) -> datetime:
        """`created_at` as an aware UTC datetime (`.astimezone()` for local time)."""
        return datetime.fromisoformat(self.created_at)

    # --- outcome ---------------------------------------------------------------------------
    @property
    def offset(self) -> Optional[float]:
        return _get(self.result, "alignment", "offset")

    @property
    def confidence(self) -> Optional[float]:
        return _get(self.result, "alignment", "confidence")

    @property
    def confidence_label(self) -> Optional[str]:
        return _get(self.result, "alignment", "confidence_label")

    @property
    def trims(self) -> list[dict]:
        return list(_get(self.result, "plan", "trims") or [])

    @property
    def timings(self) -> dict:
        return dict((self.result or {}).get("timings") or {})

    def output_exists(self) -> bool:
        """The written file is still where it was written (False before the job is done)."""
        if self.status != DONE or self.output is None:
            return False
        try:
            return self.output.is_file()
        except OSError:
            return False

    # --- inputs ----------------------------------------------------------------------------
    def input_status(self) -> dict[str, str]:
        """{'video': …, 'song': …} each 'same', 'changed', 'missing' or 'unknown'."""
        return {"video": self.video.status(), "song": self.song.status()}

    def inputs_changed(self) -> bool:
        """True if an input is gone from its path or is no longer the same content."""
        return any(s in ("changed", "missing") for s in self.input_status().values())

    def sync_options(self):
        """The options as a `SyncOptions` again (fields this version does not know are dropped)."""
        import dataclasses
        from ..core.models import SyncOptions   # imported here: `beatsync history` stays light
        known = {f.name for f in dataclasses.fields(SyncOptions)}
        return SyncOptions(**{k: v for k, v in self.options.items() if k in known})

    def to_dict(self) -> dict:
        """JSON-ready (the CLI's `history --json`)."""
        return {
            "id": self.id, "batch_id": self.batch_id, "status": self.status,
            "origin": self.origin, "created_at": self.created_at,
            "started_at": self.started_at, "finished_at": self.finished_at,
            "video": self.video.to_dict(), "song": self.song.to_dict(),
            "options": dict(self.options),
            "output": str(self.output) if self.output else None,
            "output_exists": self.output_exists(),
            "result": self.result,
            "error": ({"kind": self.error_kind, "message": self.error_message}
                      if self.status in (FAILED, CANCELLED, INTERRUPTED) and self.error_kind
                      else None),
            "attempts": self.attempts, "rerun_of": self.rerun_of,
        }


def _get(d: Optional[dict], *keys: str) -> Any:
    for k in keys:
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d
