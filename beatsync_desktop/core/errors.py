"""Errors the engine raises on purpose.

Each carries a one-line message meant for a person and an exit code for the CLI, so no
caller ever has to show a traceback. Anything else that escapes the engine is a bug.
The message is a `messages.Message` (raise `XError(msg("id", name=…))`): English for the CLI
and the log, its `message_id` and `values` for the window, which says it in its language.
"""

from __future__ import annotations

from typing import Any

from .messages import as_message, message_id, msg


class BeatSyncError(Exception):
    """Base of every expected failure: `message` is for people, `detail` for the log."""

    exit_code = 1
    kind = "error"

    def __init_subclass__(cls, kind: str = "", exit_code: int = 0, **kwargs) -> None:
        """`class XError(BeatSyncError, kind="x", exit_code=9)`: its kind and CLI exit code."""
        super().__init_subclass__(**kwargs)
        cls.kind, cls.exit_code = kind or cls.kind, exit_code or cls.exit_code

    def __init__(self, message: str, detail: str = ""):
        message = as_message(message)   # a catalogue sentence given as plain text gets its id
        super().__init__(message)
        self.message = message
        self.detail = detail

    @property
    def message_id(self) -> str:
        """The catalogue id of `message` (core/messages.py); '' for a plain sentence."""
        return message_id(self.message)

    @property
    def values(self) -> dict[str, Any]:
        """The values the sentence was made with (file name, seconds, codec …)."""
        return dict(getattr(self.message, "values", {}))

    def to_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "detail": self.detail,
                "exit_code": self.exit_code}


class UsageError(BeatSyncError, kind="usage", exit_code=2):
    """Arguments that cannot work together (e.g. output path equal to an input)."""


class InputFileError(BeatSyncError, kind="input", exit_code=3):
    """A missing, unreadable, non-media or damaged input file."""


class MissingStreamError(InputFileError, kind="missing-stream", exit_code=4):
    """The file is media, but lacks the stream we need (no audio, or no video in DANCE)."""


class NoMusicError(BeatSyncError, kind="no-music", exit_code=5):
    """The dance video's sound has no music in it (silence, or too quiet to use)."""


class NoMatchError(BeatSyncError, kind="no-match", exit_code=6):
    """The reference song was not found in the dance video's sound."""


class OutputError(BeatSyncError, kind="output", exit_code=7):
    """The result could not be written (folder not writable, disk full…)."""


class Cancelled(BeatSyncError, kind="cancelled", exit_code=130):
    """The user cancelled; nothing was written."""

    def __init__(self, message: str = "", detail: str = ""):
        super().__init__(message or msg("cancelled"), detail)
