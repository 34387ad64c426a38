"""One way to run work off the GUI thread: `run_task(pool, parent, work, …)`.

Rules learned from Picard/TagStudio and their bug trackers:
- the signals `QObject` is created and owned by the GUI side (`parent`), never by the
  auto-deleted runnable (no "Internal C++ object already deleted"), and deleted once the
  task has reported;
- only plain data crosses threads (a result dataclass, a `Failure`), never exceptions;
- a started runnable cannot be stopped: cancel is cooperative, via the engine's CancelToken
  (the engine throttles progress to ~10/s itself: core/progress.py).

The probe of a dropped file and the sync job both run through `run_task`; each outcome is
routed to one callback: `done(result)`, `failed(Failure)` or `cancelled()`.
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..core.errors import BeatSyncError, Cancelled
from ..core.progress import ProgressCallback, ProgressEvent
from .engine import Failure

log = logging.getLogger(__name__)

Work = Callable[[ProgressCallback], Any]


class TaskSignals(QObject):
    progress = Signal(object)        # core.ProgressEvent (frozen dataclass)
    done = Signal(object)            # the work's result (plain data)
    failed = Signal(object)          # Failure
    cancelled = Signal()


class _Task(QRunnable):
    def __init__(self, work: Work, signals: TaskSignals, what: str) -> None:
        super().__init__()
        self.work, self.signals, self.what = work, signals, what

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Cancelled:
            log.info("Cancelled: %s", self.what)
            self.signals.cancelled.emit()
        except BaseException as exc:   # noqa: BLE001 - everything becomes a Failure
            if isinstance(exc, BeatSyncError):
                log.warning("Failed: %s: %s", self.what, exc.message)
            else:
                log.exception("Unexpected error: %s", self.what)
            self.signals.failed.emit(Failure.from_exception(exc))
        else:
            log.info("Done: %s", self.what)
            self.signals.done.emit(result)


def run_task(pool, parent: QObject, work: Work, *, done: Callable[[Any], None],
             failed: Callable[[Failure], None],
             cancelled: Optional[Callable[[], None]] = None,
             progress: Optional[Callable[[ProgressEvent], None]] = None,
             what: str = "") -> TaskSignals:
    """Run `work(on_progress)` on `pool`; its outcome arrives on the GUI thread."""
    signals = TaskSignals(parent)
    if progress is not None:
        signals.progress.connect(progress)
    signals.done.connect(done)
    signals.failed.connect(failed)
    if cancelled is not None:
        signals.cancelled.connect(cancelled)
    for outcome in (signals.done, signals.failed, signals.cancelled):
        outcome.connect(signals.deleteLater)
    pool.start(_Task(work, signals, what))
    return signals


def make_pool(parent: QObject, threads: int) -> QThreadPool:
    """A thread pool owned by `parent`, running at most `threads` tasks at once."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(threads)
    return pool
