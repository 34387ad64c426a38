"""FFmpeg's and the system's errors as sentences a person can act on.

FFmpeg reports a damaged file as "[Errno 541478725] End of file", "[Errno 5] Input/output
error" (a file cut inside its header), "[Errno 12] Cannot allocate memory" (a header whose
sizes make no sense) or "Not yet implemented in FFmpeg, patches welcome". None of that means
anything to a dance teacher. Each function here names the file at fault and says what to do;
the original error goes to `detail` (the log, `--json`), never into the message.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Optional

from .errors import InputFileError
from .messages import msg

# FFmpeg's own error codes (negated in FFmpeg, positive in PyAV's errno).
AVERROR_EOF = 0x20464F45                  # FFERRTAG('E','O','F',' ') = 541478725
AVERROR_INVALIDDATA = 0x41444E49          # FFERRTAG('I','N','D','A') = 1094995529
AVERROR_PATCHWELCOME = 0x45424150         # FFERRTAG('P','A','W','E') = 1163346256
AVERROR_DECODER_NOT_FOUND = 0x434544F8    # FFERRTAG(0xF8,'D','E','C')
AVERROR_DEMUXER_NOT_FOUND = 0x4D4544F8
AVERROR_BUG = 0x21475542
AVERROR_UNKNOWN = 0x4E4B4E55


def error_number(exc: BaseException) -> Optional[int]:
    code = getattr(exc, "errno", None)
    return abs(code) if isinstance(code, int) else None


def kind_of(exc: BaseException) -> str:
    """What went wrong, in one word: eof, damaged, memory, unsupported, missing, permission,
    loop, name, folder, disk, io or other."""
    try:
        import av
        ff = av.error
    except ImportError:   # pragma: no cover - the engine always has PyAV
        ff = None
    code = error_number(exc)
    if ff is not None:
        if isinstance(exc, ff.EOFError) or code == AVERROR_EOF:
            return "eof"
        if isinstance(exc, (ff.PatchWelcomeError, ff.NotImplementedError)) \
                or code in (AVERROR_PATCHWELCOME, errno.ENOSYS):
            return "unsupported"
        if isinstance(exc, (ff.DecoderNotFoundError, ff.DemuxerNotFoundError)) \
                or code in (AVERROR_DECODER_NOT_FOUND, AVERROR_DEMUXER_NOT_FOUND):
            return "unsupported"
        if isinstance(exc, ff.InvalidDataError) or code == AVERROR_INVALIDDATA:
            return "damaged"
    if isinstance(exc, MemoryError) or code == errno.ENOMEM:
        return "memory"
    if isinstance(exc, UnicodeError):
        return "damaged"
    if code == errno.ENOENT:
        return "missing"
    if code == errno.EPERM and ff is not None and isinstance(exc, ff.FFmpegError):
        return "damaged"    # FFmpeg's "Operation not permitted": an operation the data refused
    if code in (errno.EACCES, errno.EPERM):
        return "permission"
    if code == errno.ELOOP or (isinstance(exc, RuntimeError) and "loop" in str(exc).lower()):
        return "loop"
    if code == errno.ENAMETOOLONG:
        return "name"
    if code in (errno.EISDIR, errno.ENOTDIR):
        return "folder"
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        return "disk"
    if code == errno.EIO:
        return "io"
    if code in (errno.EINVAL, errno.ERANGE, errno.EOVERFLOW, errno.EDOM):
        return "damaged"
    return "other"


# kind_of(exc) -> the sentence about the whole file; "input-part-…" says which part
_INPUT_MESSAGES = {
    "eof": "input-incomplete", "damaged": "input-damaged", "io": "input-damaged",
    "memory": "input-header-sizes", "unsupported": "input-unsupported",
    "missing": "input-missing", "permission": "input-no-permission", "loop": "input-link-loop",
    "name": "input-name-too-long", "folder": "input-folder", "disk": "input-disk",
}
_PART_MESSAGES = {"input-damaged": "input-part-damaged", "input-format": "input-part-format",
                  "input-unsupported": "input-part-unsupported",
                  "input-unreadable": "input-part-unreadable"}


def input_error(exc: BaseException, path: Path, what: str = "") -> InputFileError:
    """An exception raised while reading `path`, as an InputFileError naming the file.

    `what` is the part being read when it is not the whole file, e.g. "sound" or "picture".
    """
    path = Path(path)
    codec = getattr(exc, "codec_name", None)     # FFmpeg said which format, or None
    msg_id = _INPUT_MESSAGES.get(kind_of(exc), "input-unreadable")
    if msg_id == "input-unsupported" and codec:
        msg_id = "input-format"
    if what:
        msg_id = _PART_MESSAGES.get(msg_id, msg_id)
    text = msg(msg_id, name=path.name, path=path, what=what, format=codec)
    return InputFileError(text, f"{type(exc).__name__}: {exc}")


def unsupported(path: Path, what: str, format_name: str) -> InputFileError:
    """The file is readable, but `what` ('sound', 'picture') is in a format we cannot use
    (`format_name` 'unknown': FFmpeg does not even know which, or the header is damaged)."""
    name = Path(path).name
    if format_name == "unknown":
        return InputFileError(msg("input-part-format-unknown", what=what, name=name))
    return InputFileError(msg("input-part-format", what=what, name=name, format=format_name))
