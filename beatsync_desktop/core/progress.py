"""Progress reporting and cooperative cancellation, with no GUI dependency.

The engine calls `Progress.update(stage, fraction)` from its loops; the caller's callback
receives overall progress. Cancellation is a flag the loops check: a running thread cannot
be killed safely, so every long loop asks `cancel.check()` instead.
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


class Progress:
    """Maps stage-local progress to overall progress and throttles callbacks (~20/s)."""

    def __init__(self, callback: Optional[ProgressCallback] = None,
                 cancel: Optional[CancelToken] = None,
                 stages: tuple[tuple[str, str, float], ...] = STAGES,
                 min_interval: float = 0.05) -> None:
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
