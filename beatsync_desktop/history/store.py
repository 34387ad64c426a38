"""The job history and the queue that survives a restart: one SQLite file.

    store = HistoryStore.open()                  # BEATSYNC_DATA_DIR, else the user data folder
    if store.notice: show(store.notice.message)  # damaged file moved aside, history in memory…
    job = store.enqueue(batch, video, song, options)     # in the database before it starts
    store.mark_running(job); …; store.mark_done(job, result.to_dict())

Where: `<data>/history.sqlite3` (WAL mode), `<data>/owners/` (one locked file per process
that queues jobs, see owner.py). `<data>` is `$BEATSYNC_DATA_DIR` if set, else platformdirs'
user data folder for BeatSync (Linux `~/.local/share/BeatSync`, macOS
`~/Library/Application Support/BeatSync`, Windows `%LOCALAPPDATA%\\BeatSync\\BeatSync`).

Promises:
- `open()` never raises for a bad file or folder. A file SQLite cannot read (not a database,
  malformed, truncated) is moved aside to `history.damaged-<UTC time>.sqlite3` and a new one
  started; a folder or file that cannot be used (read-only, locked by another program, a file
  where the folder should be) or a file from a newer BeatSync that this one must not write
  gives a history kept in memory for this session. Either way `store.notice` says so in one
  sentence. Outputs and inputs are never touched by any of this.
- After `open()`, a read or write that fails (disk full, the file deleted underneath us)
  raises `HistoryError` with a sentence; callers decide (the CLI warns and carries on).
- Safe across processes (the window and `beatsync sync` at once): every write is one short
  `BEGIN IMMEDIATE` transaction, and a busy database is waited for (10 s) instead of failing.
  Safe across threads: one connection behind a lock.
- Times are UTC ISO-8601 strings with milliseconds ("2025-01-31T18:04:05.123+00:00").
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import threading
import time
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Optional, Sequence

from .owner import OwnerLock, owner_alive
from .records import (CANCELLED, DONE, FAILED, INTERRUPTED, QUEUED, RETRYABLE, RUNNING,
                      UNFINISHED, FileRef, JobRecord, Notice, content_hash)
from .schema import LATEST, MIGRATIONS, VERSION_TABLE

ENV_DATA_DIR = "BEATSYNC_DATA_DIR"
DB_NAME = "history.sqlite3"
BUSY_TIMEOUT_S = 10.0

INTERRUPTED_MESSAGE = "BeatSync stopped before this job finished (closed, killed or crashed)."
CANCELLED_MESSAGE = "Cancelled: nothing was written."


class HistoryError(Exception):
    """A history read or write failed; `str()` is a sentence. The job itself is unaffected."""


class _Damaged(Exception):
    pass


class _Newer(Exception):
    pass


def data_dir() -> Path:
    """Folder of the history: `$BEATSYNC_DATA_DIR`, else the platformdirs user data folder."""
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir
    return Path(user_data_dir("BeatSync", "BeatSync"))


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def new_batch_id() -> str:
    return uuid.uuid4().hex


def options_dict(options: Any) -> dict:
    """SyncOptions (frozen or not), a mapping, or None → a plain JSON-ready dict."""
    if options is None:
        return {}
    if dataclasses.is_dataclass(options) and not isinstance(options, type):
        return dataclasses.asdict(options)
    if isinstance(options, Mapping):
        return dict(options)
    raise TypeError(f"options must be a SyncOptions or a dict, not {type(options).__name__}")


_RESULT_KEYS = ("output", "alignment", "plan", "warnings", "timings")
_MEDIA_KEYS = ("duration", "size_bytes", "container", "video_codec", "audio_codec")


def compact_result(result: Any) -> dict:
    """What the history keeps of a `SyncResult` (or its `to_dict()`): output, alignment
    (offset, confidence, runs of music = segments, runner-ups), the cut plan with its trims,
    warnings, timings, and each input's duration. Not kept: the report's envelope (`ok`),
    the plan's English notes (rebuilt from the trims), anything named *envelope*."""
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    if not isinstance(result, Mapping):
        raise TypeError("result must be a SyncResult or its to_dict()")
    out: dict = {k: result[k] for k in _RESULT_KEYS if k in result}
    if isinstance(out.get("plan"), Mapping):
        out["plan"] = {k: v for k, v in out["plan"].items() if k != "notes"}
    for role in ("dance", "reference"):
        media = result.get(role)
        if isinstance(media, Mapping):
            out[role] = {k: media[k] for k in _MEDIA_KEYS if k in media}
    return _without_envelopes(out)


def _without_envelopes(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_envelopes(v) for k, v in value.items() if "envelope" not in str(k)}
    if isinstance(value, (list, tuple)):
        return [_without_envelopes(v) for v in value]
    return value


def _sentence(what: str, exc: BaseException) -> str:
    return f"{what}: {exc}."


# --- opening ---------------------------------------------------------------------------------

def _connect(target: str, busy_timeout: float) -> sqlite3.Connection:
    conn = sqlite3.connect(target, timeout=busy_timeout, isolation_level=None,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def _check_and_migrate(conn: sqlite3.Connection, in_memory: bool, upto: int = LATEST) -> None:
    """Health check, WAL, then the migrations this file lacks. Raises _Damaged (SQLite cannot
    read the file, or it is not a BeatSync history), _Newer, or sqlite3.OperationalError
    (locked, read-only, cannot open: not the file's fault)."""
    try:   # read-only checks first: a file that is not ours is moved aside as it was
        problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:      # "file is not a database", "malformed"
        raise _Damaged(str(exc)) from exc
    if problems != ["ok"]:
        raise _Damaged("; ".join(problems[:3]))
    if tables - {"sqlite_sequence"} and "schema_version" not in tables:
        raise _Damaged("it is not a BeatSync history (no schema version)")
    try:
        if not in_memory:   # stays 'delete' on file systems without shared memory
            conn.execute("PRAGMA journal_mode=WAL").fetchone()
        conn.execute("PRAGMA synchronous=FULL")
        _migrate(conn, upto)
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise _Damaged(str(exc)) from exc


def _current_version(conn: sqlite3.Connection) -> tuple[int, int]:
    row = conn.execute("SELECT version, writable_by FROM schema_version "
                       "ORDER BY version DESC LIMIT 1").fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def _migrate(conn: sqlite3.Connection, upto: int = LATEST) -> None:
    """Apply the missing migrations in order, each in its own write transaction. Two
    processes opening the same new file at once: the second waits and finds it done."""
    has_table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' "
                             "AND name='schema_version'").fetchone()
    if has_table:
        version, writable_by = _current_version(conn)
        if version > LATEST:
            if writable_by > LATEST:
                raise _Newer(f"schema {version}, writable by {writable_by}+")
            return
        if version >= upto:
            return
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute(VERSION_TABLE)
            version, writable_by = _current_version(conn)
            if version >= upto or version > LATEST:
                conn.execute("COMMIT")
                if version > LATEST and writable_by > LATEST:
                    raise _Newer(f"schema {version}, writable by {writable_by}+")
                return
            if version == 0:
                others = {r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'").fetchall()}
                if others - {"schema_version", "sqlite_sequence"}:
                    raise _Damaged("it is not a BeatSync history (tables without a version)")
            step = MIGRATIONS[version]          # migration number version+1
            for statement in step.statements:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version, writable_by, applied_at, summary) "
                         "VALUES (?, ?, ?, ?)",
                         (step.version, step.writable_by, utc_now(), step.summary))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


@contextmanager
def _folder_lock(path: Path, timeout: float = 15.0) -> Iterator[None]:
    """An exclusive OS lock on `path` (created), so two processes never repair at once."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    try:
        deadline = time.monotonic() + timeout
        if os.name == "nt":   # pragma: no cover
            import msvcrt
            while True:
                try:
                    msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break      # go on without it rather than hang the app
                    time.sleep(0.05)
        else:
            import fcntl
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        break
                    time.sleep(0.05)
        yield
    finally:
        os.close(fd)       # drops the lock


def _move_aside(path: Path) -> Path:
    """Rename a damaged database (and its WAL) to history.damaged-<UTC time>.sqlite3."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
        n += 1
    # Side files first, the database last: once the name is free another process may create
    # a new history there at once, and its own -wal/-shm must not be moved or deleted.
    for suffix in ("-wal", "-journal"):
        side = Path(str(path) + suffix)
        if side.exists():
            try:
                os.replace(side, Path(str(target) + suffix))
            except OSError:
                pass
    try:
        Path(str(path) + "-shm").unlink()
    except OSError:
        pass
    os.replace(path, target)
    return target


# --- the store -------------------------------------------------------------------------------

_COLUMNS = ("id, batch_id, status, created_at, started_at, finished_at, video_path, song_path, "
            "options_json, output_path, result_json, error_kind, error_message, video_size, "
            "video_mtime, video_hash, song_size, song_mtime, song_hash, origin, owner, attempts, "
            "rerun_of, error_detail")


class HistoryStore:
    """The history database of one process. Build it with `HistoryStore.open()`."""

    def __init__(self, conn: sqlite3.Connection, path: Optional[Path], folder: Optional[Path],
                 *, origin: str = "window", notice: Optional[Notice] = None):
        self._conn = conn
        self.path = path              # None: kept in memory for this session
        self.folder = folder
        self.origin = origin
        self.notice = notice
        self._lock = threading.RLock()
        self._owner = OwnerLock(folder / "owners") if (folder and path) else None
        self.owner_token = self._owner.token if self._owner else uuid.uuid4().hex
        self._identities: dict[tuple, FileRef] = {}
        self._closed = False

    # --- opening and closing ---------------------------------------------------------------
    @classmethod
    def open(cls, folder: Optional[os.PathLike | str] = None, *, origin: str = "window",
             busy_timeout: float = BUSY_TIMEOUT_S) -> "HistoryStore":
        """Open or create `<folder>/history.sqlite3` (folder: see `data_dir()`). Never raises
        for a bad file or folder: see the module's promises and `notice`."""
        folder = Path(folder) if folder is not None else data_dir()
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return cls.in_memory(origin=origin, notice=Notice(
                "unavailable", f"The job history folder {folder} cannot be used ({exc}).",
                path=path))
        notice: Optional[Notice] = None
        for attempt in range(2):
            conn = None
            try:
                conn = _connect(str(path), busy_timeout)
                _check_and_migrate(conn, in_memory=False)
                return cls(conn, path, folder, origin=origin, notice=notice)
            except _Damaged as exc:
                if conn is not None:
                    conn.close()
                if attempt:
                    break
                try:
                    with _folder_lock(folder / "history.repair.lock"):
                        if _still_damaged(path, busy_timeout):   # another process may have repaired it
                            moved = _move_aside(path)
                            notice = Notice(
                                "damaged", f"The job history could not be read ({exc}); it was "
                                f"moved to {moved} and a new history was started. Your videos "
                                f"are not affected.", path=path, moved_to=moved)
                except OSError as move_exc:
                    return cls.in_memory(origin=origin, notice=Notice(
                        "unavailable", f"The job history {path} is damaged ({exc}) and could "
                        f"not be moved aside ({move_exc}).", path=path))
            except _Newer as exc:
                if conn is not None:
                    conn.close()
                return cls.in_memory(origin=origin, notice=Notice(
                    "newer", f"The job history {path} was written by a newer BeatSync ({exc}) "
                    f"and is left as it is.", path=path))
            except (sqlite3.Error, OSError) as exc:   # locked, read-only, cannot open
                if conn is not None:
                    conn.close()
                return cls.in_memory(origin=origin, notice=Notice(
                    "unavailable", f"The job history {path} cannot be used ({exc}).",
                    path=path))
        return cls.in_memory(origin=origin, notice=Notice(   # damaged again right after a repair
            "unavailable", f"The job history {path} cannot be used (it is damaged again as "
            f"soon as it is made).", path=path))

    @classmethod
    def in_memory(cls, *, origin: str = "window", notice: Optional[Notice] = None) -> "HistoryStore":
        """A history that lives as long as this object (the fallback, and handy in tests)."""
        conn = _connect(":memory:", BUSY_TIMEOUT_S)
        _check_and_migrate(conn, in_memory=True)
        return cls(conn, None, None, origin=origin, notice=notice)

    @property
    def persistent(self) -> bool:
        return self.path is not None

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            try:
                self._conn.close()
            except sqlite3.Error:
                pass
            if self._owner is not None:
                self._owner.release()

    def __enter__(self) -> "HistoryStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def schema_version(self) -> int:
        with self._read() as c:
            return _current_version(c)[0]

    def data_version(self) -> int:
        """Changes whenever another process commits (PRAGMA data_version): poll it to refresh
        a view when `beatsync sync` records a job while the window is open."""
        with self._read() as c:
            return int(c.execute("PRAGMA data_version").fetchone()[0])

    # --- files -----------------------------------------------------------------------------
    def identify(self, path: os.PathLike | str) -> FileRef:
        """Path, size, mtime and content hash of a file now (cached per size and mtime: the
        song of a 50-clip batch is read once). Reads up to 2 MiB; call it off the GUI thread
        and hand the result to `enqueue(video_ref=…)` when that matters."""
        p = Path(os.path.abspath(path))
        try:
            st = p.stat()
        except OSError:
            return FileRef(p)
        key = (str(p), st.st_size, st.st_mtime_ns)
        ref = self._identities.get(key)
        if ref is None:
            try:
                ref = FileRef(p, st.st_size, st.st_mtime, content_hash(p, st.st_size))
            except OSError:
                return FileRef(p, st.st_size, st.st_mtime)
            if len(self._identities) > 1024:
                self._identities.clear()
            self._identities[key] = ref
        return ref

    # --- the job lifecycle -----------------------------------------------------------------
    def enqueue(self, batch_id: str, video: os.PathLike | str, song: os.PathLike | str,
                options: Any = None, *, output: Optional[os.PathLike | str] = None,
                video_ref: Optional[FileRef] = None, song_ref: Optional[FileRef] = None,
                rerun_of: Optional[int] = None) -> int:
        """Record a job as queued, before it starts; returns its id. `output`: the requested
        output file, if one was named (the engine picks the default name otherwise)."""
        vref = video_ref or self.identify(video)
        sref = song_ref or self.identify(song)
        opts = json.dumps(options_dict(options), default=str)
        self._claim_owner()
        with self._write() as c:
            cur = c.execute(
                "INSERT INTO jobs (batch_id, status, created_at, video_path, song_path, "
                "options_json, output_path, video_size, video_mtime, video_hash, song_size, "
                "song_mtime, song_hash, origin, owner, attempts, rerun_of) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                (batch_id, QUEUED, utc_now(), str(vref.path), str(sref.path), opts,
                 _str(output), vref.size, vref.mtime, vref.hash, sref.size, sref.mtime,
                 sref.hash, self.origin, self.owner_token, rerun_of))
            return int(cur.lastrowid)

    def mark_running(self, job_id: int, *, output: Optional[os.PathLike | str] = None) -> bool:
        """Queued → running (one more attempt). False if the job is gone or not queued."""
        self._claim_owner()
        with self._write() as c:
            return c.execute(
                "UPDATE jobs SET status=?, started_at=?, attempts=attempts+1, owner=?, "
                "output_path=COALESCE(?, output_path) WHERE id=? AND status=?",
                (RUNNING, utc_now(), self.owner_token, _str(output), job_id, QUEUED)
            ).rowcount > 0

    def mark_done(self, job_id: int, result: Any) -> bool:
        """Record the outcome (a SyncResult or its to_dict(), kept via `compact_result`)."""
        kept = compact_result(result)
        with self._write() as c:
            return c.execute(
                "UPDATE jobs SET status=?, finished_at=?, output_path=COALESCE(?, output_path), "
                "result_json=?, error_kind=NULL, error_message=NULL, error_detail=NULL "
                "WHERE id=? AND status IN (?, ?)",
                (DONE, utc_now(), _str(kept.get("output")), json.dumps(kept, default=str),
                 job_id, *UNFINISHED)).rowcount > 0

    def mark_failed(self, job_id: int, kind: str, message: str, detail: str = "") -> bool:
        """Record a failure: the error's `kind` (BeatSyncError.kind, or 'internal') and its
        sentence for people; `detail` is for the log."""
        return self._finish(job_id, FAILED, kind, message, detail)

    def mark_cancelled(self, job_id: int, message: str = CANCELLED_MESSAGE) -> bool:
        return self._finish(job_id, CANCELLED, "cancelled", message, "")

    def _finish(self, job_id: int, status: str, kind: str, message: str, detail: str) -> bool:
        with self._write() as c:
            return c.execute(
                "UPDATE jobs SET status=?, finished_at=?, error_kind=?, error_message=?, "
                "error_detail=?, result_json=NULL WHERE id=? AND status IN (?, ?)",
                (status, utc_now(), kind, message, detail or None, job_id, *UNFINISHED)
            ).rowcount > 0

    # --- the queue that survives -----------------------------------------------------------
    def unfinished(self, *, include_live: bool = False,
                   origin: Optional[str] = None) -> list[JobRecord]:
        """Queued or running jobs whose process has ended (closed, killed, crashed), oldest
        first: what the next start offers to resume. `include_live`: also those of running
        processes (this one, a `beatsync sync` in a terminal)."""
        sql = f"SELECT {_COLUMNS} FROM jobs WHERE status IN (?, ?)"
        params: list = [*UNFINISHED]
        if origin:
            sql += " AND origin=?"
            params.append(origin)
        with self._read() as c:
            rows = c.execute(sql + " ORDER BY id", params).fetchall()
        jobs = [_record(r) for r in rows]
        if include_live:
            return jobs
        return [j for j in jobs if not self._owner_alive(j.owner)]

    def resume(self, job_ids: Optional[Iterable[int]] = None) -> list[JobRecord]:
        """Take over unfinished jobs of ended processes (all of them, or `job_ids`): they
        become queued jobs of this process, in their old order. Returns those taken; a job
        another process took first, or that finished meanwhile, is left out."""
        wanted = None if job_ids is None else set(int(i) for i in job_ids)
        self._claim_owner()
        taken: list[int] = []
        with self._write() as c:
            rows = c.execute("SELECT id, owner FROM jobs WHERE status IN (?, ?) ORDER BY id",
                             UNFINISHED).fetchall()
            for row in rows:
                if wanted is not None and row["id"] not in wanted:
                    continue
                if self._owner_alive(row["owner"]):
                    continue
                c.execute("UPDATE jobs SET status=?, owner=?, started_at=NULL WHERE id=?",
                          (QUEUED, self.owner_token, row["id"]))
                taken.append(row["id"])
        return [j for j in (self.job(i) for i in taken) if j is not None]

    def abandon(self, job_ids: Optional[Iterable[int]] = None,
                message: str = INTERRUPTED_MESSAGE) -> int:
        """The user declined to resume: unfinished jobs of ended processes become
        'interrupted' (kept in the history, retryable). Returns how many."""
        wanted = None if job_ids is None else set(int(i) for i in job_ids)
        count = 0
        with self._write() as c:
            rows = c.execute("SELECT id, owner FROM jobs WHERE status IN (?, ?)",
                             UNFINISHED).fetchall()
            for row in rows:
                if (wanted is not None and row["id"] not in wanted) \
                        or self._owner_alive(row["owner"]):
                    continue
                c.execute("UPDATE jobs SET status=?, finished_at=?, error_kind='interrupted', "
                          "error_message=? WHERE id=?",
                          (INTERRUPTED, utc_now(), message, row["id"]))
                count += 1
        return count

    def retry(self, job_id: int, options: Any = None, *,
              video: Optional[os.PathLike | str] = None,
              song: Optional[os.PathLike | str] = None) -> Optional[JobRecord]:
        """Queue a failed, cancelled or interrupted job again in place (same id, same row,
        attempts kept), with new options or inputs if given. The inputs are identified anew
        (the file may have been fixed). None if the job is not retryable."""
        current = self.job(job_id)
        if current is None or not current.can_retry:
            return None
        vref = self.identify(video if video is not None else current.video.path)
        sref = self.identify(song if song is not None else current.song.path)
        opts = json.dumps(options_dict(options) if options is not None else current.options,
                          default=str)
        self._claim_owner()
        with self._write() as c:
            n = c.execute(
                "UPDATE jobs SET status=?, owner=?, started_at=NULL, finished_at=NULL, "
                "result_json=NULL, error_kind=NULL, error_message=NULL, error_detail=NULL, "
                "options_json=?, video_path=?, video_size=?, video_mtime=?, video_hash=?, "
                "song_path=?, song_size=?, song_mtime=?, song_hash=? "
                "WHERE id=? AND status IN (?, ?, ?)",
                (QUEUED, self.owner_token, opts, str(vref.path), vref.size, vref.mtime,
                 vref.hash, str(sref.path), sref.size, sref.mtime, sref.hash, job_id,
                 *RETRYABLE)).rowcount
        return self.job(job_id) if n else None

    def rerun(self, job_id: int, options: Any = None, *, batch_id: Optional[str] = None,
              video: Optional[os.PathLike | str] = None,
              song: Optional[os.PathLike | str] = None,
              output: Optional[os.PathLike | str] = None) -> Optional[int]:
        """A new job with the same inputs and settings as `job_id` (or those given); the
        old row stays as it was. Returns the new id, None if `job_id` is unknown."""
        old = self.job(job_id)
        if old is None:
            return None
        return self.enqueue(batch_id or new_batch_id(),
                            video if video is not None else old.video.path,
                            song if song is not None else old.song.path,
                            options if options is not None else old.options,
                            output=output, rerun_of=job_id)

    # --- reading ---------------------------------------------------------------------------
    def job(self, job_id: int) -> Optional[JobRecord]:
        with self._read() as c:
            row = c.execute(f"SELECT {_COLUMNS} FROM jobs WHERE id=?", (job_id,)).fetchone()
        return _record(row) if row else None

    def batch(self, batch_id: str) -> list[JobRecord]:
        with self._read() as c:
            rows = c.execute(f"SELECT {_COLUMNS} FROM jobs WHERE batch_id=? ORDER BY id",
                             (batch_id,)).fetchall()
        return [_record(r) for r in rows]

    def recent(self, n: Optional[int] = 50, search: Optional[str] = None, *,
               statuses: Optional[Sequence[str]] = None) -> list[JobRecord]:
        """Newest first. `search`: words that must all appear in the video's, the song's or
        the output's path (case-insensitive for Latin letters). `n` None or < 1: all."""
        sql = f"SELECT {_COLUMNS} FROM jobs"
        where, params = [], []
        for word in (search or "").split():
            like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            where.append("(video_path LIKE ? ESCAPE '\\' OR song_path LIKE ? ESCAPE '\\' "
                         "OR IFNULL(output_path, '') LIKE ? ESCAPE '\\')")
            params += [like, like, like]
        if statuses:
            where.append(f"status IN ({', '.join('?' * len(statuses))})")
            params += list(statuses)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY created_at DESC, id DESC"
        if n is not None and n > 0:
            sql += " LIMIT ?"
            params.append(int(n))
        with self._read() as c:
            rows = c.execute(sql, params).fetchall()
        return [_record(r) for r in rows]

    def count(self) -> int:
        with self._read() as c:
            return int(c.execute("SELECT COUNT(*) FROM jobs").fetchone()[0])

    def remove(self, job_id: int) -> bool:
        """Forget a job (its files stay). A job still queued or running in a live process
        is not removed (False)."""
        job = self.job(job_id)
        if job is None or (job.is_unfinished and self._owner_alive(job.owner)):
            return False
        with self._write() as c:
            return c.execute("DELETE FROM jobs WHERE id=? AND status=?",
                             (job_id, job.status)).rowcount > 0

    # --- moved files -----------------------------------------------------------------------
    def jobs_for_file(self, path: os.PathLike | str) -> list[JobRecord]:
        """Jobs that used this file as video or song — found by content (size and hash)
        wherever the file lived then, or by its path. Newest first."""
        ref = self.identify(path)
        where, params = ["video_path=?", "song_path=?"], [str(ref.path), str(ref.path)]
        if ref.hash is not None:
            where += ["(video_size=? AND video_hash=?)", "(song_size=? AND song_hash=?)"]
            params += [ref.size, ref.hash, ref.size, ref.hash]
        with self._read() as c:
            rows = c.execute(f"SELECT {_COLUMNS} FROM jobs WHERE {' OR '.join(where)} "
                             "ORDER BY created_at DESC, id DESC", params).fetchall()
        return [_record(r) for r in rows]

    def locate(self, ref: FileRef, extra_dirs: Iterable[os.PathLike | str] = (),
               max_dirs: int = 64) -> Optional[Path]:
        """Where is this input now? Its recorded path if the content is still there; else a
        file with the same size and content hash in `extra_dirs` (e.g. the folder the user
        points at) or in the folders of the last jobs' inputs and outputs (a clip moved to
        a sibling folder, or renamed in place). Not recursive. None if not found."""
        if ref.size is None or ref.hash is None:
            return ref.path if ref.exists() else None
        if ref.path.is_file() and ref.matches(ref.path):
            return ref.path
        folders = [Path(d) for d in extra_dirs] + [ref.path.parent]
        with self._read() as c:
            rows = c.execute("SELECT video_path, song_path, output_path FROM jobs "
                             "ORDER BY id DESC LIMIT 500").fetchall()
        for row in rows:
            folders += [Path(p).parent for p in row if p]
        seen: set[str] = set()
        for folder in folders:
            key = os.path.normcase(str(folder))
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > max_dirs:
                break
            found = _find_in(folder, ref)
            if found is not None:
                return found
        return None

    # --- internals -------------------------------------------------------------------------
    def _claim_owner(self) -> None:
        if self._owner is not None and not self._owner.held:
            self._owner.acquire()

    def _owner_alive(self, token: Optional[str]) -> bool:
        if token == self.owner_token:
            return not self._closed
        if self._owner is None:     # in memory: only this process's jobs exist
            return False
        return owner_alive(self._owner.folder, token)

    def _check_open(self) -> None:
        if self._closed:
            raise HistoryError("The job history is closed.")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise HistoryError(_sentence("The job history could not be read", exc)) from exc

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._check_open()
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    yield self._conn
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
                self._conn.execute("COMMIT")
            except sqlite3.Error as exc:
                try:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
                raise HistoryError(_sentence("The job history could not be saved", exc)) from exc


def _still_damaged(path: Path, busy_timeout: float) -> bool:
    """Checked again under the repair lock: another process may have moved it aside and
    started a new file meanwhile. Anything but damage is for the next attempt to report."""
    if not path.exists():
        return False
    conn = None
    try:
        conn = _connect(str(path), busy_timeout)
        _check_and_migrate(conn, in_memory=False)
        return False
    except _Damaged:
        return True
    except Exception:
        return False
    finally:
        if conn is not None:
            conn.close()


def _find_in(folder: Path, ref: FileRef) -> Optional[Path]:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return None
    for entry in entries:
        try:
            if entry.is_file() and entry.stat().st_size == ref.size \
                    and content_hash(entry.path, ref.size) == ref.hash:
                return Path(entry.path)
        except OSError:
            continue
    return None


def _str(value: Optional[os.PathLike | str]) -> Optional[str]:
    return None if value is None else str(value)


def _record(row: sqlite3.Row) -> JobRecord:
    def loads(text: Optional[str], fallback):
        if not text:
            return fallback
        try:
            return json.loads(text)
        except ValueError:
            return fallback
    return JobRecord(
        id=int(row["id"]), batch_id=row["batch_id"], status=row["status"],
        created_at=row["created_at"],
        video=FileRef(Path(row["video_path"]), row["video_size"], row["video_mtime"],
                      row["video_hash"]),
        song=FileRef(Path(row["song_path"]), row["song_size"], row["song_mtime"],
                     row["song_hash"]),
        options=loads(row["options_json"], {}), origin=row["origin"] or "window",
        started_at=row["started_at"], finished_at=row["finished_at"],
        output=Path(row["output_path"]) if row["output_path"] else None,
        result=loads(row["result_json"], None), error_kind=row["error_kind"],
        error_message=row["error_message"], error_detail=row["error_detail"],
        attempts=int(row["attempts"] or 0), rerun_of=row["rerun_of"], owner=row["owner"])
