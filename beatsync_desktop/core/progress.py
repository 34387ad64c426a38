"""Progress reporting and cooperative cancellation, with no GUI dependency.

The pipeline makes one `Progress` per job (the caller's callback, its `CancelToken`) and
gives each stage a `StageProgress` handle: `report(fraction)` says how far the stage is
(and checks for a cancel), `check()` only checks. A part of a stage gets `handle.part(lo,
hi)`. Cancellation is a flag the loops check: a running thread cannot be killed safely, so
every long loop asks `check()` (or reports) instead. Callbacks are throttled here, in one
place, to ~10 a second (each stage's start and end always go through): the CLI's line and
the window's progress panel get what they show.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable, Optional

from .errors import Cancelled

# Stage order and rough share of the total work, used to turn per-stage fractions
# into one overall bar that does not jump backwards.
STAGES: tuple[tuple[str, str, float], ...] = (
    ("probe", "Reading files", 0.03),
    ("decode", "Decoding sound", 0.22),
    ("align", "Finding the song", 0.15),
    ("plan", "Planning the cut", 0.05),
    ("render", "Writing the video", 0.55),
)
STAGE_LABELS = {name: label for name, label, _ in STAGES}


class CancelToken:
    """Thread-safe cancel flag shared by the caller and the engine."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise `Cancelled` if cancellation was requested."""
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class ProgressEvent:
    stage: str            # one of STAGES' names
    label: str            # human name of the stage
    stage_fraction: float  # 0..1 inside the stage
    fraction: float       # 0..1 overall
    message: str = ""


ProgressCallback = Callable[[ProgressEvent], None]

MIN_INTERVAL = 0.1   # seconds between two progress callbacks (stage starts and ends aside)


class Progress:
    """Maps stage-local progress to overall progress and throttles callbacks (~10/s)."""

    def __init__(self, callback: Optional[ProgressCallback] = None,
                 cancel: Optional[CancelToken] = None,
                 stages: tuple[tuple[str, str, float], ...] = STAGES,
                 min_interval: float = MIN_INTERVAL) -> None:
        self._callback = callback
        self.cancel = cancel or CancelToken()
        total = sum(w for _, _, w in stages)
        self._start: dict[str, float] = {}
        self._weight: dict[str, float] = {}
        acc = 0.0
        for name, _, w in stages:
            self._start[name] = acc / total
            self._weight[name] = w / total
            acc += w
        self._min_interval = min_interval
        self._last_emit = 0.0
        self._last_fraction = 0.0
        self._lock = threading.Lock()

    def update(self, stage: str, stage_fraction: float, message: str = "",
               force: bool = False) -> None:
        """Report progress inside `stage`; also the place where cancellation is noticed."""
        self.cancel.check()
        if self._callback is None:
            return
        stage_fraction = min(max(stage_fraction, 0.0), 1.0)
        overall = self._start[stage] + self._weight[stage] * stage_fraction
        now = time.monotonic()
        with self._lock:
            overall = max(overall, self._last_fraction)   # never move backwards
            if not force and now - self._last_emit < self._min_interval:
                return
            self._last_emit = now
            self._last_fraction = overall
        self._callback(ProgressEvent(stage, STAGE_LABELS.get(stage, stage),
                                     stage_fraction, overall, message))

    def begin(self, stage: str, message: str = "") -> None:
        self.update(stage, 0.0, message, force=True)

    def end(self, stage: str, message: str = "") -> None:
        self.update(stage, 1.0, message, force=True)

    def stage(self, stage: str) -> "StageProgress":
        """The handle a stage's functions get: report(fraction) and check()."""
        return StageProgress(self, stage)


class StageProgress:
    """One stage's (or part of a stage's) progress: `report(fraction)` with 0..1 inside it,
    which also notices a cancel, and `check()`, which only does that.

    Calling the handle is `report` (so it can be passed where a plain fraction callback is
    expected)."""

    def __init__(self, progress: Optional[Progress], stage: str,
                 lo: float = 0.0, hi: float = 1.0) -> None:
        self._progress, self._stage, self._lo, self._hi = progress, stage, lo, hi

    def report(self, fraction: float) -> None:
        if self._progress is not None:
            self._progress.update(self._stage, self._lo + (self._hi - self._lo) * fraction)

    __call__ = report

    def check(self) -> None:
        """Raise `Cancelled` if cancellation was requested."""
        if self._progress is not None:
            self._progress.cancel.check()

    def part(self, lo: float, hi: float) -> "StageProgress":
        """The handle for the share [lo, hi] of this one."""
        span = self._hi - self._lo
        return StageProgress(self._progress, self._stage, self._lo + span * lo,
                             self._lo + span * hi)


NO_PROGRESS = StageProgress(None, "")   # reports nowhere, never cancelled
