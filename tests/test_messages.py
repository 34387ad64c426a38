"""The engine's sentences (core/messages.py): each is used, each has a Chinese translation
in the window's catalogue with the same {fields}, and the window says them in Chinese."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import string
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from beatsync_desktop.core.errors import NoMusicError, UsageError
from beatsync_desktop.core.messages import MESSAGES, TERMS, Message, fields_of, msg
from beatsync_desktop.core.models import SyncOptions

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "beatsync_desktop" / "ui" / "i18n" / "beatsync_zh_CN.ts"


def catalogue(context: str) -> dict[str, str]:
    out = {}
    for ctx in ET.parse(TS).iter("context"):
        if ctx.findtext("name") == context:
            for m in ctx.iter("message"):
                tr = m.find("translation")
                if tr is not None and tr.get("type") is None and tr.text:
                    out[m.findtext("source")] = tr.text
    return out


def specs(template: str) -> list[tuple]:
    """The fields with their conversions and format specs ({x:.1f}, {v!r})."""
    return sorted((n, s, c) for _, n, s, c in string.Formatter().parse(template) if n)


@pytest.mark.parametrize("msg_id", sorted(MESSAGES))
def test_every_sentence_has_a_chinese_translation_with_the_same_fields(msg_id):
    english = MESSAGES[msg_id]
    chinese = catalogue("Engine").get(english)
    assert chinese, f"{msg_id}: no finished translation in {TS.name}"
    assert specs(chinese) == specs(english), msg_id
    values = {name: 1.5 for name in fields_of(english)}
    assert chinese.format(**values)             # fills like the English


def test_every_term_has_a_translation():
    assert set(TERMS.values()) <= set(catalogue("EngineTerm"))


def test_every_sentence_is_used_by_the_engine():
    source = "\n".join(p.read_text(encoding="utf-8")
                       for p in (ROOT / "beatsync_desktop" / "core").glob("*.py")
                       if p.name != "messages.py")
    unused = [msg_id for msg_id, english in MESSAGES.items()
              if f'"{msg_id}"' not in source and english not in source]
    assert unused == []


def test_a_message_is_its_english_sentence_and_keeps_its_values():
    text = msg("input-empty", name="class.mp4")
    assert text == "class.mp4 is empty (0 bytes)." and isinstance(text, str)
    assert (text.id, text.values) == ("input-empty", {"name": "class.mp4"})
    with pytest.raises(UsageError) as err:
        SyncOptions(margin=-1.0)
    assert err.value.message_id == "option-range" and err.value.values["value"] == -1.0
    assert "must be a number" in err.value.message
    # a value-less sentence given as plain text (align.py) gets its id
    assert NoMusicError(MESSAGES["no-music"]).message_id == "no-music"
    assert isinstance(NoMusicError(MESSAGES["no-music"]).message, Message)


def test_the_chinese_window_says_the_engine_sentence_in_chinese(qapp):
    from beatsync_desktop.ui.engine import Failure
    from beatsync_desktop.ui.engine_text import failure_sentence, note_sentence
    from beatsync_desktop.ui.i18n import Translations
    translations = Translations()
    try:
        translations.apply("zh_CN")
        error = UsageError(msg("option-range", name="margin", unit="seconds", low=0, high=3600,
                               value=-1.0))
        text = failure_sentence(Failure.from_exception(error))
        assert "余量" in text and "3600" in text and "-1.0" in text
        assert not re.search(r"[A-Za-z]{4,}", text), text      # no English left in it
        warning = msg("warn-sound-cut-off", what="reference", seconds=12.25)
        assert note_sentence(warning) == "参考歌曲的声音提前结束了（在 12.2 秒处损坏或中断）；使用了能读取的部分。"
        translations.apply("en")
        assert failure_sentence(Failure.from_exception(error)) == error.message
    finally:
        translations.apply("en")
