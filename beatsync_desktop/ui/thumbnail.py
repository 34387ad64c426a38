"""A video's thumbnail for its drop zone, decoded with PyAV on the probe worker."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def video_thumbnail(path: Path, size: int):
    """Decode one frame (about 1 s in, past fade-ins) with PyAV into a QImage, turned
    the way a player shows it, scaled to fit `size`×`size`.

    Opened like every input (core.probe.open_container): a pipe or a device is refused
    (InputFileError) before it is opened, never waited on."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QTransform

    from beatsync_desktop.core.probe import open_container, real_video_streams

    with open_container(path) as container:     # lazy: PyAV only on the probe worker thread
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
