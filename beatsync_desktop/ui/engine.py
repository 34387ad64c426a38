"""The window's only door to the engine.

Everything here imports ``beatsync_desktop.core`` lazily (it pulls in numpy and PyAV), so
building the window stays fast; the first probe or job pays the import, on a worker thread.
Tests inject a fake with the same three methods instead of `Engine`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

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
    info: Any                       # core.MediaInfo
    suggested_output: Optional[Path] = None
    thumbnail: Any = None           # QImage or None (QImage is safe to build off the GUI thread)


@dataclass(frozen=True)
class Failure:
    """A failed probe or job, as plain strings — never an exception object across threads."""
    message: str
    detail: str = ""
    kind: str = "error"
    unexpected: bool = False


class Engine:
    """Real engine: `beatsync_desktop.core`, imported on first use."""

    def __init__(self) -> None:
        self._core = None

    @property
    def core(self):
        if self._core is None:
            import beatsync_desktop.core as core   # heavy: numpy, av
            self._core = core
        return self._core

    # -- called on worker threads -------------------------------------------------
    def probe(self, path: Path, *, want_output: bool, thumb_size: int = 0) -> ProbeReport:
        info = self.core.probe_media(path)
        output = self.suggested_output(path, info) if want_output and info.has_video else None
        thumb = None
        if thumb_size and info.has_video:
            try:
                thumb = video_thumbnail(path, thumb_size)
            except Exception:   # a thumbnail is a nicety; never refuse a file for it
                log.warning("No thumbnail for %s", path, exc_info=True)
        return ProbeReport(Path(path), info, output, thumb)

    def suggested_output(self, path: Path, info) -> Path:
        """The default output beside the video, in a format that can hold its picture
        untouched (.mp4, else .mov or .mkv); a picture no format can hold is refused here,
        when the file is dropped, not after the analysis."""
        from beatsync_desktop.core.output_format import choose_output
        core = self.core
        default = core.default_output_path(path)
        choice = choose_output(path, info.video_codec, default, False,
                               lambda suffix: core.default_output_path(path, suffix))
        return choice.path

    def new_cancel_token(self):
        return self.core.CancelToken()

    def make_options(self, **values):
        return self.core.SyncOptions(**values)

    def sync(self, dance: Path, reference: Path, output: Optional[Path], options: Any,
             on_progress: Callable, cancel: Any):
        return self.core.sync_video(dance, reference, output, options=options,
                                    on_progress=on_progress, cancel=cancel)

    def stage_names(self) -> list[tuple[str, str]]:
        return [(name, label) for name, label, _ in self.core.STAGES]

    def is_cancelled_error(self, exc: BaseException) -> bool:
        return isinstance(exc, self.core.Cancelled)

    def is_expected_error(self, exc: BaseException) -> bool:
        return isinstance(exc, self.core.BeatSyncError)


def failure_from_exception(exc: BaseException, expected: bool) -> Failure:
    """Plain-data failure; expected engine errors carry their own human message."""
    if expected:
        return Failure(getattr(exc, "message", str(exc)), getattr(exc, "detail", "") or "",
                       getattr(exc, "kind", "error"))
    import traceback
    detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return Failure("", detail, "bug", unexpected=True)


def video_thumbnail(path: Path, size: int):
    """Decode one frame (about 1 s in, past fade-ins) with PyAV into a QImage, turned
    the way a player shows it, scaled to fit `size`×`size`."""
    import av   # lazy: only on the probe worker thread
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QTransform

    with av.open(str(path), metadata_errors="replace") as container:
        from beatsync_desktop.core.probe import real_video_streams
        streams = real_video_streams(container)
        if not streams or streams[0].codec_context is None:   # no decoder for this picture
            return None
        stream = streams[0]
        stream.thread_type = "AUTO"
        rotation = 0
        frame = _first_frame(container, stream, seek=bool(container.duration
                                                          and container.duration > 2_000_000))
        if frame is None:
            return None
        rotation = int(getattr(frame, "rotation", 0) or 0)
        # Scale in FFmpeg first (cheap), keeping the aspect ratio.
        w, h = frame.width, frame.height
        scale = min(1.0, (size * 2) / max(w, h))
        rgb = frame.reformat(width=max(2, int(w * scale) // 2 * 2),
                             height=max(2, int(h * scale) // 2 * 2), format="rgb24")
        plane = rgb.planes[0]
        image = QImage(bytes(plane), rgb.width, rgb.height, plane.line_size,
                       QImage.Format.Format_RGB888).copy()
    if rotation:
        # FFmpeg's display matrix angle is counter-clockwise; QTransform.rotate turns
        # clockwise on screen (y points down), hence the minus.
        image = image.transformed(QTransform().rotate(-rotation))
    return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation)


def _first_frame(container, stream, seek: bool):
    """The first frame that decodes about 1 s in (past fade-ins); from the start if seeking
    or decoding there fails (a damaged or unseekable file); None if nothing decodes.

    PyAV raises av.error.FFmpegError and its subclasses (there is no av.AVError any more).
    """
    import av

    if seek:
        try:
            container.seek(1_000_000, any_frame=False, backward=True)   # 1 s, in µs
            for frame in container.decode(stream):
                return frame
        except av.error.FFmpegError:
            log.info("Thumbnail: no frame at 1 s; trying the start", exc_info=True)
        try:
            container.seek(0)
        except av.error.FFmpegError:
            pass
    try:
        for frame in container.decode(stream):
            return frame
    except av.error.FFmpegError:
        log.info("Thumbnail: no frame decodes", exc_info=True)
    return None
