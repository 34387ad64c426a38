"""Which file format the result is written in, settled in the probe stage.

The picture is copied packet for packet, so the output container must be able to hold the
dance video's codec: MP4 cannot hold Theora, ProRes, VP8, FLV1 or H.263; MOV cannot hold
VP9, AV1 or Theora; MKV holds most. We find out the way the muxer would — by writing the
output's header into memory with the real picture stream — before any analysis, so a job
never fails after the user waited for it.

- The output name was chosen by us (the default beside the video): when MP4 cannot hold the
  picture, write MOV or MKV instead, under that extension, and say so in a warning.
- The user named the output: if that format cannot hold the picture, refuse up front in one
  sentence that names the extension that would work.
- No format can hold it untouched: refuse up front in one sentence.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .errors import InputFileError, UsageError
from .messages import Message, msg
from .output_file import OUTPUT_SUFFIXES
from .probe import open_container, real_video_streams

# Tried in this order when the requested format cannot hold the picture.
FALLBACKS = (("mov", ".mov"), ("matroska", ".mkv"))
FORMAT_NAMES = {"mp4": "MP4", "mov": "MOV", "matroska": "MKV"}


@dataclass(frozen=True)
class OutputChoice:
    path: Path
    format: str                    # FFmpeg muxer name: "mp4", "mov" or "matroska"
    warning: Optional[Message] = None  # set when the format (and extension) was changed for the user


def format_for(path: Path) -> str:
    return OUTPUT_SUFFIXES.get(Path(path).suffix.lower(), "mp4")


def header_problem(stream, fmt: str) -> Optional[str]:
    """None if a `fmt` file can carry a copy of `stream` (plus our AAC sound), else why not:
    "codec" (the format says it has no place for this codec), "invalid" (the muxer refused
    the stream's parameters: a codec it cannot hold, or damaged ones) or "other"."""
    import av

    buffer = io.BytesIO()
    try:
        dst = av.open(buffer, mode="w", format=fmt)
    except (av.error.FFmpegError, ValueError, OSError):
        return "other"
    try:
        dst.add_stream_from_template(stream, opaque=True)
        dst.add_stream("aac", rate=48000, layout="stereo")
        dst.start_encoding()          # writes the header: where the muxer checks the codec
    except ValueError as exc:
        if "does not support" in str(exc):
            return "codec"
        return "invalid" if isinstance(exc, av.error.ArgumentError) else "other"
    except av.error.PatchWelcomeError:
        return "codec"
    except (av.error.FFmpegError, OSError, TypeError, RuntimeError):
        return "other"
    finally:
        try:
            dst.close()
        except Exception:   # a container that never wrote its header may complain: no matter
            pass
    return None


def choose_output(dance_path: Path, video_codec: str, output: Path, explicit: bool,
                  free_name: Callable[[str], Path]) -> OutputChoice:
    """Settle the output's format (and, if the name was ours, its extension).

    `free_name(suffix)` gives the default output name with another extension (numbered if
    taken). Raises UsageError (a named output that cannot work) or InputFileError (a picture
    no format can hold untouched).
    """
    dance_path, output = Path(dance_path), Path(output)
    wanted = format_for(output)
    with open_container(dance_path) as container:
        streams = real_video_streams(container)
        if not streams:
            return OutputChoice(output, wanted)
        stream = streams[0]
        problems = {wanted: header_problem(stream, wanted)}
        if problems[wanted] is None:
            return OutputChoice(output, wanted)
        for fmt, _ in FALLBACKS:
            if fmt not in problems:
                problems[fmt] = header_problem(stream, fmt)
    codec = (video_codec or "unknown").upper()
    works = [(fmt, suffix) for fmt, suffix in FALLBACKS if problems.get(fmt) is None]
    if not works:
        if all(p == "codec" for p in problems.values()):
            raise InputFileError(msg("picture-no-container", name=dance_path.name, codec=codec))
        raise InputFileError(msg("picture-description-damaged", name=dance_path.name))
    fmt, suffix = works[0]
    if explicit:
        names = " or ".join(s for _, s in works)
        raise UsageError(msg("output-format-cannot-hold", format=FORMAT_NAMES.get(wanted, wanted),
                             codec=codec, name=dance_path.name, suffixes=names,
                             example=output.with_suffix(suffix).name))
    path = free_name(suffix)
    return OutputChoice(path, fmt, msg("output-format-changed",
                                       format=FORMAT_NAMES.get(wanted, wanted), codec=codec,
                                       name=dance_path.name, new_format=FORMAT_NAMES[fmt],
                                       output=path.name))
