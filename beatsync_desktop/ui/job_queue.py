"""The window's job queue: class videos synced one after another against one song.

`JobQueue` owns the running job (`RunningJob`: its item, cancel token, signals, start time)
and walks the queue; one failure does not stop the others, a cancel stops the rest. It
knows nothing of widgets: the controller listens to its signals.

Seams for the job history (issue 10, phase 2): every step calls the `JobListener`s added
with `add_listener` — `queued` before the first job starts (the store's `enqueue`, which
sets `item.job_id`), then `started` / `done` / `failed` / `cancelled` (`mark_running`,
`mark_done`, `mark_failed`, `mark_cancelled`). A resumed or retried job is a `QueueItem`
with its `job_id` already set, run again with `run([item], …)`.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Optional, Protocol

from PySide6.QtCore import QObject, Signal

from ..core.models import MediaInfo, SyncOptions, SyncResult
from ..core.progress import CancelToken, ProgressEvent
from .engine import EngineInterface, Failure
from .workers import run_task

log = logging.getLogger(__name__)


class ItemState(str, Enum):
    """A class video's state in the queue (a str: `item.state == "done"` reads as before)."""
    WAITING = "waiting"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    def __str__(self) -> str:
        return self.value


@dataclass(eq=False)
class QueueItem:
    """One class video: what was dropped, and how its job went."""
    path: Path
    info: Optional[MediaInfo] = None
    thumbnail: Any = None                 # QImage or None
    output: Optional[Path] = None         # suggested by the engine, or chosen by the user
    state: ItemState = ItemState.WAITING
    fraction: float = 0.0
    result: Optional[SyncResult] = None
    failure: Optional[Failure] = None
    force_offset: Optional[float] = None  # set when re-running with a runner-up
    job_id: Optional[int] = None          # its row in the job history, once it has one
    song: Optional[Path] = None           # its own song (a resumed or history job), else the run's
    options: Optional[SyncOptions] = None  # its own options (resumed, retried), else the window's

    def reset(self, force_offset: Optional[float] = None, new_job: bool = False) -> None:
        """Back to waiting, for another run; `new_job`: as a new job (a new history row,
        the window's options), not this job again (resume, retry)."""
        self.state, self.result, self.failure, self.fraction = ItemState.WAITING, None, None, 0.0
        self.force_offset = force_offset
        if new_job:
            self.job_id, self.options = None, None


@dataclass
class RunningJob:
    item: QueueItem
    token: CancelToken
    signals: Any                          # workers.TaskSignals, owned by the queue
    started: float = field(default_factory=time.monotonic)
    eta: Optional[float] = None           # smoothed seconds left, for the progress panel


class JobListener(Protocol):
    """Told about each step of the queue (the job history will be one)."""

    def queued(self, items: list[QueueItem], song: Path) -> None: ...
    def started(self, item: QueueItem) -> None: ...
    def done(self, item: QueueItem) -> None: ...
    def failed(self, item: QueueItem) -> None: ...
    def cancelled(self, item: QueueItem) -> None: ...


class JobQueue(QObject):
    started = Signal(object)              # QueueItem, its job just started
    progress = Signal(object, object)     # QueueItem, core.ProgressEvent
    item_finished = Signal(object)        # QueueItem: done, failed or cancelled
    finished = Signal()                   # nothing left to run

    def __init__(self, engine: EngineInterface, pool, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.engine, self.pool = engine, pool
        self.job: Optional[RunningJob] = None
        self.stop_after_current = False   # closing the window: the rest is cancelled
        self._queue: list[QueueItem] = []
        self._song: Optional[Path] = None
        self._options: Callable[[QueueItem], SyncOptions] = lambda item: SyncOptions()
        self._output: Callable[[QueueItem], Optional[Path]] = lambda item: item.output
        self._listeners: list[JobListener] = []

    @property
    def running(self) -> bool:
        return self.job is not None

    def add_listener(self, listener: JobListener) -> None:
        self._listeners.append(listener)

    def _tell(self, step: str, *args) -> None:
        for listener in self._listeners:
            try:
                getattr(listener, step)(*args)
            except Exception:   # a listener (the history) must never stop the queue
                log.exception("Job listener failed at %s", step)

    def run(self, items: list[QueueItem], song: Optional[Path],
            options: Callable[[QueueItem], SyncOptions],
            output: Callable[[QueueItem], Optional[Path]]) -> None:
        """Queue `items` (reset to waiting by the caller) and start the first; an item's
        own `song` wins over `song`."""
        if self.running:
            return
        self._queue, self._song, self._options, self._output = list(items), song, options, output
        self.stop_after_current = False
        self._tell("queued", list(items), song)
        self._next()

    def cancel(self) -> bool:
        """Ask the running job to stop (it reports back as cancelled); False if none runs."""
        if self.job is None:
            return False
        log.info("Cancel requested")
        self.job.token.cancel()
        return True

    def _next(self) -> None:
        item = next((i for i in self._queue if i.state is ItemState.WAITING), None)
        if item is None:
            self._queue = []
            self.finished.emit()
            return
        try:
            options = item.options or self._options(item)
        except Exception as exc:   # options no job can use: a bug, reported like one
            log.exception("Could not make the job's options")
            item.state, item.failure = ItemState.FAILED, Failure.from_exception(exc)
            self._queue = []
            self.item_finished.emit(item)
            self.finished.emit()
            return
        token, out = CancelToken(), self._output(item)
        item.state, item.fraction = ItemState.RUNNING, 0.0
        song = item.song or self._song
        log.info("Starting job: %s + %s -> %s", item.path, song, out)

        def work(on_progress):
            return self.engine.sync(item.path, song, out, options, on_progress, token)

        job = self.job = RunningJob(item, token, None)
        self._tell("started", item)
        self.started.emit(item)
        job.signals = run_task(       # (a synchronous test pool has finished it on return)
            self.pool, self, work, what=f"sync {item.path.name}",
            progress=lambda event: self._progress(item, event),
            done=lambda result: self._finish(item, ItemState.DONE, result=result),
            failed=lambda failure: self._finish(item, ItemState.FAILED, failure=failure),
            cancelled=lambda: self._finish(item, ItemState.CANCELLED))

    def _progress(self, item: QueueItem, event: ProgressEvent) -> None:
        if self.job is None or self.job.item is not item:
            return
        item.fraction = event.fraction
        self.progress.emit(item, event)

    def _finish(self, item: QueueItem, state: ItemState, result: Optional[SyncResult] = None,
                failure: Optional[Failure] = None) -> None:
        if self.job is None or self.job.item is not item:
            return
        item.state = state
        if state is ItemState.DONE:
            item.result, item.fraction = result, 1.0
        elif state is ItemState.FAILED:
            item.failure = failure
        self.job = None
        # Closing the window is not the user's Cancel: the history keeps such jobs
        # unfinished (to offer them again at the next start), so listeners are not told.
        if not (self.stop_after_current and state is ItemState.CANCELLED):
            self._tell(state.value, item)
        if state is ItemState.CANCELLED or self.stop_after_current:
            for waiting in self._queue:
                if waiting.state is ItemState.WAITING:
                    waiting.state = ItemState.CANCELLED
                    if not self.stop_after_current:
                        self._tell("cancelled", waiting)
        self.item_finished.emit(item)
        self._next()

