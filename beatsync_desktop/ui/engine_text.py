"""The engine's sentences in the window's language.

The engine says everything through its catalogue (core/messages.py): an error or a warning
is an English sentence that keeps its message id and values. Here the English template is
looked up in the Qt catalogue (context "Engine", the English template as source text, the
same `.ts` as the rest of the window) and filled with the same values; words among the
values ("sound", "picture") are looked up too (context "EngineTerm"). A sentence without an
id, or a translation that does not fit its values, is shown as the engine said it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication

from ..core.messages import MESSAGES, TERMS, format_message, message_id
from .engine import Failure

log = logging.getLogger(__name__)


def engine_sentence(english: str, msg_id: str = "", values: dict[str, Any] | None = None) -> str:
    """The sentence `msg_id` with `values`, translated; `english` when it cannot be."""
    template = MESSAGES.get(msg_id)
    if template is None:
        return english
    translated = QCoreApplication.translate("Engine", template)
    if translated == template:
        return english
    words = {k: (QCoreApplication.translate("EngineTerm", v) if isinstance(v, str) and v in TERMS
                 else v) for k, v in (values or {}).items()}
    try:
        return format_message(translated, words)
    except (KeyError, IndexError, ValueError):   # a translation that lost a {field}
        log.warning("Translation of %r does not fit its values", msg_id)
        return english


def note_sentence(note: str) -> str:
    """A warning from a `SyncResult` (a `core.messages.Message`, or plain English)."""
    return engine_sentence(str(note), message_id(note), getattr(note, "values", None))


def failure_sentence(failure: Failure) -> str:
    """What went wrong, in the window's language (the engine's own words, translated)."""
    return engine_sentence(failure.message, failure.message_id, failure.values)
