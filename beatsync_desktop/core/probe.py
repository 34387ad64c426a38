"""Probe: what is in a media file, read with PyAV without decoding more than one frame."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import InputFileError
from .media_errors import input_error
from .messages import msg
from .models import MediaInfo


def check_input_file(path: Path) -> None:
    """Refuse, in words, what is not an ordinary readable file with something in it.

    Checked before FFmpeg sees the path: a pipe would make it wait forever, a link loop or a
    folder would come back as an error number.
    """
    path = Path(path)
    try:
        st = os.stat(path)               # follows links
    except (OSError, ValueError) as exc:
        if isinstance(exc, ValueError):  # e.g. a NUL character in the name
            raise InputFileError(msg("input-bad-name", path=repr(path)),
                                 str(exc)) from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise InputFileError(msg("input-dead-link", name=path.name), str(exc)) from None
        raise input_error(exc, path) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputFileError(msg("input-folder", path=path))
    if not stat.S_ISREG(st.st_mode):
        raise InputFileError(msg("input-not-a-file", name=path.name))
    if not os.access(path, os.R_OK):
        raise InputFileError(msg("input-no-permission", name=path.name))
    if st.st_size == 0:
        raise InputFileError(msg("input-empty", name=path.name))
    if _mostly_empty(path, st):
        raise InputFileError(msg("input-only-zeros", name=path.name))


HEAD_ZEROS = 1 << 20   # no media file starts with a whole MiB of zero bytes


def _mostly_empty(path: Path, st: os.stat_result) -> bool:
    """A file that is mostly holes (a sparse file: a copy or a download that never got its
    data), or that starts with a MiB of zeros (space reserved by a recorder that crashed).

    FFmpeg would read gigabytes of nothing looking for a format, or for packets.
    """
    blocks = getattr(st, "st_blocks", None)
    if blocks is not None and st.st_size > (16 << 20) and blocks * 512 < st.st_size // 4:
        return True
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_ZEROS)
    except OSError:
        return False
    return len(head) == HEAD_ZEROS and not any(head)


def open_container(path: Path):
    """Open a media file for reading, turning every failure into a human message."""
    import av

    path = Path(path)
    check_input_file(path)
    try:
        return av.open(str(path), mode="r", metadata_errors="replace")
    except av.error.InvalidDataError as exc:
        if looks_cut_off(path):
            raise InputFileError(msg("input-index-cut-off", name=path.name),
                                 str(exc)) from None
        raise InputFileError(msg("input-not-media", name=path.name), str(exc)) from None
    except (av.error.FFmpegError, OSError, UnicodeError, MemoryError) as exc:
        raise input_error(exc, path) from None


def demux(container, stream):
    """`container.demux(stream)`, with PyAV's IndexError for a stream that appears in the
    middle of a file (PyAV issue #692; a damaged FLV does it) raised as what it means: the
    file is damaged there (OSError EINVAL, which the callers already handle as such)."""
    packets = container.demux(stream)
    while True:
        try:
            packet = next(packets)
        except StopIteration:
            return
        except IndexError as exc:
            raise OSError(errno.EINVAL, f"damaged stream layout ({exc})") from None
        yield packet


def real_video_streams(container):
    """Video streams that are the picture, not an embedded cover image of a song file."""
    import av

    attached = av.stream.Disposition.attached_pic
    return [s for s in container.streams.video if not (s.disposition & attached)]


def looks_cut_off(path: Path) -> bool:
    """True if the file's own structure says it is longer than it is on disk.

    An interrupted phone recording (battery, crash) still plays up to where it stops;
    FFmpeg reads it quietly, so we look at the container's sizes: MP4/MOV top-level boxes,
    or the Matroska segment size.
    """
    size = path.stat().st_size
    try:
        with open(path, "rb") as fh:
            head = fh.read(12)
            if head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
                pos = 0
                while pos + 8 <= size:
                    fh.seek(pos)
                    header = fh.read(16)
                    box = int.from_bytes(header[:4], "big")
                    if box == 1 and len(header) >= 16:
                        box = int.from_bytes(header[8:16], "big")
                    elif box == 0:      # "to the end of the file"
                        return False
                    if box < 8:
                        return True
                    pos += box
                return pos > size
            if head[:4] == b"\x1a\x45\xdf\xa3":   # EBML: find the Segment's declared size
                fh.seek(0)
                data = fh.read(4096)
                at = data.find(b"\x18\x53\x80\x67")
                if at < 0 or at + 5 > len(data):
                    return False
                first = data[at + 4]
                length = 8 - first.bit_length() + 1
                value = first & ((1 << (8 - length)) - 1)
                for byte in data[at + 5:at + 4 + length]:
                    value = (value << 8) | byte
                if value == (1 << (7 * length)) - 1:   # "unknown size": a live stream
                    return False
                return at + 4 + length + value > size
    except OSError:
        return False
    return False


def _codec_name(cc) -> str:
    """The format's name ('mp3'), not the decoder's ('mp3float'); 'unknown' when FFmpeg has
    no decoder for the stream (damaged or exotic data: the stream has no codec context)."""
    if cc is None:
        return "unknown"
    codec = getattr(cc, "codec", None)
    return (getattr(codec, "canonical_name", None) or cc.name or "unknown").lower()


def _seconds(value, time_base) -> float:
    if value is None or not time_base:
        return 0.0
    seconds = float(value * time_base)
    return seconds if abs(seconds) < 1e7 else 0.0   # a damaged header's nonsense


def _first_frame_rotation(container, stream) -> int:
    """Clockwise display rotation (the classic 'rotate' tag: 90 for a portrait phone clip).

    PyAV exposes the display matrix on decoded frames, counter-clockwise.
    """
    try:
        container.seek(0)
        for frame in container.decode(stream):
            return int(round(-(getattr(frame, "rotation", 0) or 0))) % 360
    except Exception:   # a damaged first GOP must not make the file unreadable
        pass
    return 0


def probe_media(path) -> MediaInfo:
    """Read streams, duration, rotation, frame rate and start times of a media file."""
    path = Path(path)
    with open_container(path) as container:
        videos = real_video_streams(container)
        audios = list(container.streams.audio)
        if not videos and not audios:
            raise InputFileError(msg("input-no-streams", name=path.name))
        duration = container.duration / 1_000_000 if container.duration else 0.0
        if not 0.0 <= duration < 1e7:    # a damaged header: no length rather than nonsense
            duration = 0.0
        info = dict(path=path, container=container.format.name, duration=duration,
                    has_video=bool(videos), has_audio=bool(audios),
                    size_bytes=path.stat().st_size, cut_off=looks_cut_off(path))
        if audios:
            a = audios[0]
            cc = a.codec_context
            info.update(audio_codec=_codec_name(cc),
                        sample_rate=int(getattr(cc, "sample_rate", 0) or 0),
                        channels=int(getattr(cc, "channels", 0) or 0),
                        audio_start=_seconds(a.start_time, a.time_base))
            if not duration and a.duration:
                info["duration"] = _seconds(a.duration, a.time_base)
        if videos:
            v = videos[0]
            cc = v.codec_context
            rate = v.average_rate or v.guessed_rate or 0
            info.update(video_codec=_codec_name(cc), width=int(getattr(cc, "width", 0) or 0),
                        height=int(getattr(cc, "height", 0) or 0), frame_rate=float(rate),
                        video_start=_seconds(v.start_time, v.time_base))
            if not info["duration"] and v.duration:
                info["duration"] = _seconds(v.duration, v.time_base)
            info["rotation"] = _first_frame_rotation(container, v)
    return MediaInfo(**info)
