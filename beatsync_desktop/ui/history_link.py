"""The job history behind the window's job queue (issue 10, phase 2).

`HistoryLink` is the queue's `JobListener`: every job of a run is in the database before
the first one starts (`queued` → `store.enqueue`, which gives `item.job_id`), then
`started` / `done` / `failed` / `cancelled` → `mark_running` / `mark_done` / `mark_failed` /
`mark_cancelled`. A job cancelled because the window closes is not reported by the queue,
so its row stays unfinished and the next start offers it (`offer`).

A history problem never stops a job: `HistoryError` is logged and said once in the status
bar (`notice_changed`); the job runs as it would have. The store's own notice at opening
(a damaged file moved aside, a newer or unusable history) is translated by its kind here.

History rows become queue items again with `item_for` (resume, retry, re-run: each keeps
its row's song and options).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, Signal

from ..core.models import SyncOptions
from ..history import HistoryError, HistoryStore, JobRecord, Notice, new_batch_id
from .job_queue import QueueItem

log = logging.getLogger(__name__)

# The user's answer to the resume offer.
RESUME, LATER, DISCARD = "resume", "later", "discard"


class HistoryLink(QObject):
    notice_changed = Signal(str)     # a sentence about the history itself ('' = nothing to say)
    changed = Signal()               # this window wrote to the history (views refresh)

    def __init__(self, store: Optional[HistoryStore],
                 options_for: Callable[[QueueItem], SyncOptions],
                 output_for: Callable[[QueueItem], Optional[Path]],
                 parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.store = store if store is not None else HistoryStore.in_memory()
        self.options_for, self.output_for = options_for, output_for
        self.problem: Optional[str] = None      # the last HistoryError, in English (log)
        if self.store.notice is not None:
            log.warning("Job history: %s", self.store.notice.message)

    # ------------------------------------------------------------------ what to tell the user
    def notice_text(self) -> str:
        """The store's notice, or the last failed write, in the window's language."""
        if self.problem is not None:
            return self.tr("The job history could not be saved, so this job may be missing "
                           "from it. Syncing is not affected.")
        return self.notice_sentence(self.store.notice) if self.store.notice else ""

    def notice_sentence(self, notice: Notice) -> str:
        if notice.kind == "damaged":
            return self.tr("The job history could not be read. It was moved to “{0}” and a "
                           "new one was started. Your videos are not affected.").format(
                notice.moved_to.name if notice.moved_to else "")
        if notice.kind == "newer":
            return self.tr("The job history was written by a newer BeatSync and is left as "
                           "it is; this session's jobs are remembered until BeatSync closes.")
        return self.tr("The job history cannot be used ({0}); this session's jobs are "
                       "remembered until BeatSync closes.").format(
            str(notice.path.parent) if notice.path else "")

    def call(self, what: str, fn, *args, **kwargs):
        """Run one store call; a HistoryError is logged and said, never raised."""
        try:
            return fn(*args, **kwargs)
        except HistoryError as exc:
            log.warning("Job history: %s failed: %s", what, exc)
            first = self.problem is None
            self.problem = str(exc)
            if first:
                self.notice_changed.emit(self.notice_text())
            return None

    # ------------------------------------------------------------------ JobListener
    def queued(self, items: list[QueueItem], song: Optional[Path]) -> None:
        batch = new_batch_id()
        for item in items:
            if item.job_id is not None:         # resumed or retried: its row is queued already
                continue
            item.job_id = self.call("enqueue", self.store.enqueue, batch, item.path,
                                     item.song or song, item.options or self.options_for(item),
                                     output=self.output_for(item))
        self.changed.emit()

    def started(self, item: QueueItem) -> None:
        if item.job_id is not None:
            self.call("mark_running", self.store.mark_running, item.job_id,
                       output=self.output_for(item))

    def done(self, item: QueueItem) -> None:
        if item.job_id is not None:
            self.call("mark_done", self.store.mark_done, item.job_id, item.result)
        self.changed.emit()

    def failed(self, item: QueueItem) -> None:
        if item.job_id is not None:
            f = item.failure
            kind = "internal" if f is None or f.unexpected else f.kind
            message = (f.message if f is not None and f.message
                       else "An unexpected error stopped the job (a bug); see the log.")
            self.call("mark_failed", self.store.mark_failed, item.job_id, kind,
                       str(message), f.detail if f is not None else "")
        self.changed.emit()

    def cancelled(self, item: QueueItem) -> None:
        if item.job_id is not None:
            self.call("mark_cancelled", self.store.mark_cancelled, item.job_id)
        self.changed.emit()

    # ------------------------------------------------------------------ rows as queue items
    @staticmethod
    def item_for(record: JobRecord) -> QueueItem:
        """A queue item that runs this row again: same id, its song, its options."""
        try:
            options = record.sync_options()
        except Exception:   # options this version refuses: the window's own are used
            log.warning("Job %s: its options cannot be used", record.id, exc_info=True)
            options = None
        return QueueItem(record.video.path, output=record.output, job_id=record.id,
                         song=record.song.path, options=options)

    def offer(self, ask: Callable[[list[JobRecord]], str]) -> list[QueueItem]:
        """At start-up: the unfinished jobs of ended processes, offered through `ask`
        (→ RESUME / LATER / DISCARD). Returns the items to run (resumed jobs)."""
        jobs = self.call("unfinished", self.store.unfinished) or []
        if not jobs:
            return []
        answer = ask(jobs)
        ids = [j.id for j in jobs]
        if answer == RESUME:
            taken = self.call("resume", self.store.resume, ids) or []
            self.changed.emit()
            return [self.item_for(j) for j in taken]
        if answer == DISCARD:
            self.call("abandon", self.store.abandon, ids)
            self.changed.emit()
        return []

    def retry_item(self, item: QueueItem) -> None:
        """A failed or cancelled item back to queued in place (same row, the options it
        ran with); an item the history does not know gets a new row when it runs."""
        record = (self.call("retry", self.store.retry, item.job_id)
                  if item.job_id is not None else None)
        if record is None:
            item.job_id = None
        else:
            item.options = self.item_for(record).options

    def retry(self, job_id: int, options: Optional[SyncOptions] = None) -> Optional[QueueItem]:
        record = self.call("retry", self.store.retry, job_id, options)
        return self.item_for(record) if record is not None else None

    def rerun(self, job_id: int, options: Optional[SyncOptions] = None) -> Optional[QueueItem]:
        """A new job with the row's files and settings (or `options`); the engine names
        the output (numbered beside the video if the old one is still there)."""
        new_id = self.call("rerun", self.store.rerun, job_id, options)
        record = self.call("job", self.store.job, new_id) if new_id is not None else None
        return self.item_for(record) if record is not None else None

    def warm(self, path: os.PathLike | str) -> None:
        """Identify a dropped file on the probe worker (reads ≤ 2 MiB), so that queuing
        it later does not read files on the GUI thread."""
        try:
            self.store.identify(path)
        except Exception:   # a nicety only
            log.debug("Could not identify %s", path, exc_info=True)

    def close(self) -> None:
        self.store.close()
