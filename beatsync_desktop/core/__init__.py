"""The sync engine: probe → decode → align → plan the cut → render.

Pure Python over numpy and PyAV; it must never import Qt (a test enforces this), so the
CLI, the window and the tests all drive the very same code.

The package imports lazily: `from beatsync_desktop.core import SyncOptions` loads only
`core.models`, and `core.errors`, `core.models`, `core.progress` and `core.messages` never
load numpy or PyAV (tests/test_engine_wall.py), so the window can use the engine's types
at start-up and pay for the heavy modules on the first probe, on a worker thread.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# name -> submodule that defines it
_EXPORTS = {
    "BeatSyncError": "errors", "Cancelled": "errors", "InputFileError": "errors",
    "MissingStreamError": "errors", "NoMatchError": "errors", "NoMusicError": "errors",
    "OutputError": "errors", "UsageError": "errors",
    "Alignment": "models", "Candidate": "models", "CutPlan": "models", "MediaInfo": "models",
    "Segment": "models", "SyncOptions": "models", "SyncResult": "models", "Trim": "models",
    "format_duration": "models",
    "STAGES": "progress", "CancelToken": "progress", "ProgressEvent": "progress",
    "analyze": "pipeline", "default_output_path": "pipeline", "sync_video": "pipeline",
    "probe_media": "probe",
}

__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:   # for type checkers and editors; at run time __getattr__ below
    from .errors import (BeatSyncError, Cancelled, InputFileError, MissingStreamError,
                         NoMatchError, NoMusicError, OutputError, UsageError)
    from .models import (Alignment, Candidate, CutPlan, MediaInfo, Segment, SyncOptions,
                         SyncResult, Trim, format_duration)
    from .pipeline import analyze, default_output_path, sync_video
    from .probe import probe_media
    from .progress import STAGES, CancelToken, ProgressEvent


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value      # next time without this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
