"""Background work as `QRunnable`s whose signals update the window.

Rules learned from Picard/TagStudio and their bug trackers:
- the signals `QObject` is created and owned by the GUI side, never by the auto-deleted
  runnable (no "Internal C++ object already deleted");
- only plain data crosses threads (a result dataclass, a `Failure`), never exceptions;
- progress is throttled to ~10 updates/s (stage changes and the end always go through);
- a started runnable cannot be stopped: cancel is cooperative, via the engine's CancelToken.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any, Optional

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from .engine import failure_from_exception

log = logging.getLogger(__name__)


class ProbeSignals(QObject):
    probed = Signal(int, object)     # request id, ProbeReport
    failed = Signal(int, object)     # request id, Failure


class ProbeTask(QRunnable):
    """Reads one file's streams (and a thumbnail for videos) off the GUI thread."""

    def __init__(self, engine, request_id: int, path: Path, signals: ProbeSignals,
                 thumb_size: int = 160) -> None:
        super().__init__()
        self.engine, self.request_id, self.path = engine, request_id, Path(path)
        self.signals, self.thumb_size = signals, thumb_size

    def run(self) -> None:
        try:
            report = self.engine.probe(self.path, want_output=True, thumb_size=self.thumb_size)
        except BaseException as exc:   # noqa: BLE001 - everything becomes a Failure
            expected = _expected(self.engine, exc)
            if not expected:
                log.exception("Unexpected error while reading %s", self.path)
            self.signals.failed.emit(self.request_id, failure_from_exception(exc, expected))
        else:
            self.signals.probed.emit(self.request_id, report)


class JobSignals(QObject):
    progress = Signal(object)        # core.ProgressEvent (frozen dataclass)
    finished = Signal(object)        # core.SyncResult
    failed = Signal(object)          # Failure
    cancelled = Signal()


class SyncTask(QRunnable):
    """Runs one `sync_video` call; reports through `JobSignals`."""

    def __init__(self, engine, dance: Path, reference: Path, output: Optional[Path],
                 options: Any, cancel: Any, signals: JobSignals,
                 min_interval: float = 0.1) -> None:
        super().__init__()
        self.engine, self.dance, self.reference, self.output = engine, dance, reference, output
        self.options, self.cancel, self.signals = options, cancel, signals
        self._min_interval = min_interval
        self._last_emit = 0.0
        self._last_stage = None

    def _on_progress(self, event) -> None:
        now = time.monotonic()
        if (event.stage != self._last_stage or event.fraction >= 1.0
                or now - self._last_emit >= self._min_interval):
            self._last_emit, self._last_stage = now, event.stage
            self.signals.progress.emit(event)

    def run(self) -> None:
        try:
            result = self.engine.sync(self.dance, self.reference, self.output, self.options,
                                      self._on_progress, self.cancel)
        except BaseException as exc:   # noqa: BLE001
            if self.engine.is_cancelled_error(exc):
                log.info("Job cancelled: %s", self.dance)
                self.signals.cancelled.emit()
                return
            expected = _expected(self.engine, exc)
            if expected:
                log.warning("Job failed for %s: %s", self.dance, getattr(exc, "message", exc))
            else:
                log.exception("Unexpected error while syncing %s", self.dance)
            self.signals.failed.emit(failure_from_exception(exc, expected))
        else:
            log.info("Job done: %s -> %s", self.dance, getattr(result, "output", None))
            self.signals.finished.emit(result)


def _expected(engine, exc: BaseException) -> bool:
    try:
        return engine.is_expected_error(exc)
    except Exception:   # the engine itself failed to import
        return False


def make_pools() -> tuple[QThreadPool, QThreadPool]:
    """One pool for jobs (one at a time: they use all cores) and one for probing."""
    jobs = QThreadPool()
    jobs.setMaxThreadCount(1)
    probes = QThreadPool()
    probes.setMaxThreadCount(2)
    return jobs, probes
