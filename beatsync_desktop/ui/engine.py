"""The window's door to the engine: a small typed interface, `probe` and `sync`.

The window imports the engine's plain types (`core.models`, `core.errors`, `core.progress`)
directly: they load no numpy or PyAV. `Engine` imports the heavy part (`core.pipeline`,
`core.probe`) on first use, on a worker thread, so building the window stays fast. Tests
pass another `EngineInterface` (tests/ui_fixtures.py `FakeEngine`, built from the real
dataclasses).
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Protocol

from ..core.errors import BeatSyncError
from ..core.models import MediaInfo, SyncOptions, SyncResult
from ..core.progress import CancelToken, ProgressCallback

log = logging.getLogger(__name__)

# Extensions we know are not media: refused at the drop without probing.
NOT_MEDIA_EXTENSIONS = frozenset({
    ".txt", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar",
    ".7z", ".gz", ".tar", ".exe", ".dmg", ".app", ".py", ".json", ".xml", ".html", ".htm",
    ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".heic", ".svg", ".psd", ".md",
    ".csv", ".ini", ".lnk", ".ico", ".srt", ".ass", ".vtt", ".lrc",
})


@dataclass(frozen=True)
class ProbeReport:
    """What the window needs to show about a dropped file (plain data, crosses threads)."""
    path: Path
    info: MediaInfo
    suggested_output: Optional[Path] = None
    thumbnail: Any = None           # QImage or None (QImage is safe to build off the GUI thread)


@dataclass(frozen=True)
class Failure:
    """A failed probe or job as plain data — never an exception object across threads.

    `message` is the engine's English sentence; `message_id` and `values` let the window say
    it in its own language (ui/engine_text.py)."""
    message: str
    detail: str = ""
    kind: str = "error"
    unexpected: bool = False
    message_id: str = ""
    values: dict = field(default_factory=dict)

    @classmethod
    def from_exception(cls, exc: BaseException) -> "Failure":
        """An engine error keeps its sentence, kind and values; anything else is a bug."""
        if isinstance(exc, BeatSyncError):
            return cls(str(exc.message), exc.detail or "", exc.kind,
                       message_id=exc.message_id, values=exc.values)
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls("", detail, "bug", unexpected=True)


class EngineInterface(Protocol):
    """What the window asks of the engine; both run on worker threads."""

    def probe(self, path: Path, *, want_output: bool, thumb_size: int = 0) -> ProbeReport: ...

    def sync(self, dance: Path, reference: Path, output: Optional[Path],
             options: SyncOptions, on_progress: ProgressCallback,
             cancel: CancelToken) -> SyncResult: ...


class Engine:
    """The real engine (`beatsync_desktop.core`), its heavy modules imported on first use."""

    def probe(self, path: Path, *, want_output: bool, thumb_size: int = 0) -> ProbeReport:
        from ..core.probe import probe_media
        info = probe_media(path)
        output = suggested_output(path, info) if want_output and info.has_video else None
        thumb = None
        if thumb_size and info.has_video:
            try:
                from .thumbnail import video_thumbnail
                thumb = video_thumbnail(path, thumb_size)
            except Exception:   # a thumbnail is a nicety; never refuse a file for it
                log.warning("No thumbnail for %s", path, exc_info=True)
        return ProbeReport(Path(path), info, output, thumb)

    def sync(self, dance: Path, reference: Path, output: Optional[Path],
             options: SyncOptions, on_progress: ProgressCallback,
             cancel: CancelToken) -> SyncResult:
        from ..core.pipeline import sync_video
        return sync_video(dance, reference, output, options=options, on_progress=on_progress,
                          cancel=cancel)


def suggested_output(path: Path, info: MediaInfo) -> Path:
    """The default output beside the video, in a format that can hold its picture
    untouched (.mp4, else .mov or .mkv); a picture no format can hold is refused here,
    when the file is dropped, not after the analysis."""
    from ..core.output_format import choose_output
    from ..core.pipeline import default_output_path
    choice = choose_output(path, info.video_codec, default_output_path(path), False,
                           lambda suffix: default_output_path(path, suffix))
    return choice.path
