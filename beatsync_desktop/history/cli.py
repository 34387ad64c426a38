"""The history's part of the `beatsync` command: `beatsync history`, and recording `sync`.

    beatsync history [-n N] [--search TEXT] [--json]   recent jobs, the window's and the CLI's
    beatsync sync … [--no-history]                     the job is recorded unless asked not to

beatsync_desktop/cli.py only registers the subcommand (`add_history_parser`), dispatches to
`run_history`, and wraps its engine call in `record_sync`. Recording never changes how a
sync ends: any history problem is one warning line on stderr, and the sync's own output,
report and exit code stay what they would have been.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, Optional

from .records import DONE, UNFINISHED, JobRecord

# The CLI waits less than the window for a busy database: a terminal should not hang.
CLI_BUSY_TIMEOUT_S = 5.0


def add_history_parser(subparsers, sync_parser: Optional[argparse.ArgumentParser] = None):
    """Add `history` to the `beatsync` subcommands, and `--no-history` to `sync_parser`."""
    h = subparsers.add_parser(
        "history", help="list recent jobs (the window's and the command line's)",
        description="List recent jobs, newest first: when, the files, and what came of them. "
                    "The window and 'beatsync sync' share this history.")
    h.add_argument("-n", type=int, default=20, metavar="N",
                   help="how many jobs to list (20); 0 lists all")
    h.add_argument("--search", metavar="TEXT", default=None,
                   help="only jobs whose video, song or output path contains every word")
    h.add_argument("--json", action="store_true", help="print a JSON report on stdout")
    if sync_parser is not None:
        sync_parser.add_argument("--no-history", action="store_true",
                                 help="do not record this job in the history")
    return h


def _line(text: str) -> str:
    """One terminal line: control characters in file names shown escaped."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in text)


def _say(text: str) -> None:
    if sys.stderr is not None:
        print(f"beatsync: {_line(text)}", file=sys.stderr)


# --- beatsync history --------------------------------------------------------------------------

def run_history(args: argparse.Namespace) -> int:
    from .store import HistoryError, HistoryStore

    store = HistoryStore.open(origin="cli", busy_timeout=CLI_BUSY_TIMEOUT_S)
    try:
        if store.notice is not None:
            _say(store.notice.message)
            if not store.persistent:          # nothing to list: the file cannot be read
                if args.json:
                    print(json.dumps({"ok": False, "database": None,
                                      "notice": store.notice.to_dict(), "jobs": []},
                                     ensure_ascii=False))
                return 1
        try:
            jobs = store.recent(args.n if args.n and args.n > 0 else None, args.search)
            resumable = {j.id for j in store.unfinished()}
        except HistoryError as exc:
            _say(str(exc))
            return 1
    finally:
        store.close()
    if args.json:
        report = {"ok": True, "database": str(store.path),
                  "notice": store.notice.to_dict() if store.notice else None,
                  "jobs": [dict(j.to_dict(), resumable=j.id in resumable) for j in jobs]}
        text = json.dumps(report, ensure_ascii=False, indent=2)
    elif not jobs:
        text = (f"No job matches '{args.search}'." if args.search
                else f"No jobs in the history yet ({store.path}).")
    else:
        text = format_table(jobs, resumable)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:     # `beatsync history | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _short(name: str, width: int) -> str:
    name = _line(name)
    return name if len(name) <= width else name[:width - 1] + "…"


def describe_outcome(job: JobRecord, resumable: bool = False) -> str:
    """One line on what came of a job, for the table."""
    if job.status == DONE:
        parts = []
        if job.offset is not None:
            parts.append(f"offset {job.offset:+.3f} s")
        if job.confidence is not None:
            parts.append(f"{job.confidence:.0%} {job.confidence_label or ''}".rstrip())
        out = job.output.name if job.output else "?"
        missing = "" if job.output_exists() else " (moved or deleted)"
        return f"{', '.join(parts)} → {out}{missing}" if parts else f"→ {out}{missing}"
    if job.status in UNFINISHED:
        return ("stopped before it finished; the window offers to resume it" if resumable
                else "in progress in another BeatSync")
    return job.error_message or job.error_kind or ""


def format_table(jobs: list[JobRecord], resumable: frozenset | set = frozenset()) -> str:
    rows = [("ID", "WHEN", "STATUS", "VIDEO", "SONG", "RESULT")]
    for j in jobs:
        when = j.when().astimezone().strftime("%Y-%m-%d %H:%M")
        status = j.status + ("*" if j.id in resumable else "")
        rows.append((str(j.id), when, status, _short(j.video.name, 28), _short(j.song.name, 24),
                     _line(describe_outcome(j, j.id in resumable))))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r[:5], widths)) + "  " + r[5] for r in rows]
    if resumable:
        lines.append("* its BeatSync stopped (closed, killed or crashed) before it finished.")
    return "\n".join(line.rstrip() for line in lines)


# --- beatsync sync -----------------------------------------------------------------------------

class SyncRecord:
    """Records one `beatsync sync` job around the engine call:

        with record_sync(args, options) as job:
            result = job.finished(sync_video(...))

    Queued and running before the engine starts (so a killed process leaves a job the window
    offers to resume), then done, failed (the error's kind and sentence) or cancelled.
    Every history problem is caught here and becomes one warning line; the exception of the
    sync itself always passes through untouched.
    """

    def __init__(self, dance: Any, reference: Any, output: Any, options: Any,
                 enabled: bool = True, warn: Callable[[str], None] = _say,
                 folder: Optional[os.PathLike | str] = None):
        self.dance, self.reference, self.output, self.options = dance, reference, output, options
        self.enabled = enabled
        self.warn = warn
        self.folder = folder
        self.store = None
        self.job_id: Optional[int] = None

    def __enter__(self) -> "SyncRecord":
        if not self.enabled:
            return self
        try:
            from .store import HistoryStore, new_batch_id
            self.store = HistoryStore.open(self.folder, origin="cli",
                                           busy_timeout=CLI_BUSY_TIMEOUT_S)
            notice = self.store.notice
            if notice is not None:
                if not self.store.persistent:   # a memory-only record would help nobody
                    self.warn(f"warning: {notice.message} This job is not recorded in the "
                              f"history.")
                    self._close()
                    return self
                self.warn(f"warning: {notice.message}")
            self.job_id = self.store.enqueue(new_batch_id(), self.dance, self.reference,
                                             self.options, output=self.output)
            self.store.mark_running(self.job_id)
        except Exception as exc:
            self._failed(exc)
        return self

    def finished(self, result: Any) -> Any:
        """Record the result of the engine; returns it unchanged."""
        if self.store is not None and self.job_id is not None:
            try:
                self.store.mark_done(self.job_id, result)
            except Exception as exc:
                self._failed(exc)
        return result

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and self.store is not None and self.job_id is not None:
            try:
                kind = getattr(exc, "kind", None)
                message = getattr(exc, "message", None)
                if kind == "cancelled" or isinstance(exc, KeyboardInterrupt):
                    self.store.mark_cancelled(self.job_id)
                elif isinstance(kind, str) and isinstance(message, str):
                    self.store.mark_failed(self.job_id, kind, message,
                                           getattr(exc, "detail", "") or "")
                else:
                    self.store.mark_failed(
                        self.job_id, "internal", f"Unexpected internal error: {exc!r}",
                        "".join(traceback.format_exception(exc_type, exc, tb)))
            except Exception as history_exc:
                self._failed(history_exc)
        self._close()
        return False        # the sync's own exception, if any, goes on to the CLI

    def _failed(self, exc: BaseException) -> None:
        reason = _line(str(exc)).rstrip(".")
        self.warn(f"warning: this job is not recorded in the history ({reason}).")
        self._close()

    def _close(self) -> None:
        store, self.store = self.store, None
        if store is not None:
            try:
                store.close()
            except Exception:
                pass


def record_sync(args: argparse.Namespace, options: Any) -> SyncRecord:
    """The `SyncRecord` for a parsed `beatsync sync` command line."""
    output = getattr(args, "output", None)
    return SyncRecord(args.dance, args.reference,
                      Path(os.path.abspath(output)) if output is not None else None,
                      options, enabled=not getattr(args, "no_history", False))
