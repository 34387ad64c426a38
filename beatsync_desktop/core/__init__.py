"""The sync engine: probe → decode → align → plan the cut → render.

Pure Python over numpy and PyAV; it must never import Qt (a test enforces this), so the
CLI, the window and the tests all drive the very same code.
"""

from .errors import (BeatSyncError, Cancelled, InputFileError, MissingStreamError,
                     NoMatchError, NoMusicError, OutputError, UsageError)
from .models import (Alignment, Candidate, CutPlan, MediaInfo, Segment, SyncOptions,
                     SyncResult, Trim, format_duration)
from .progress import STAGES, CancelToken, ProgressEvent
from .pipeline import analyze, default_output_path, sync_video
from .probe import probe_media

__all__ = [
    "Alignment", "BeatSyncError", "Cancelled", "CancelToken", "Candidate", "CutPlan",
    "InputFileError", "MediaInfo", "MissingStreamError", "NoMatchError", "NoMusicError",
    "OutputError", "ProgressEvent", "STAGES", "Segment", "SyncOptions", "SyncResult",
    "Trim", "UsageError", "analyze", "default_output_path", "format_duration", "probe_media",
    "sync_video",
]
