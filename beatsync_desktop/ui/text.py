"""Plain-words formatting of engine results for the window (translatable)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.models import CutPlan, MediaInfo, format_duration


def seconds(value: float) -> str:
    """12.3 s, or 1:02.3 past a minute."""
    value = float(value)
    sign = "−" if value < 0 else ""
    value = abs(value)
    if value < 60:
        return QCoreApplication.translate("Text", "{0} s").format(f"{sign}{value:.1f}")
    m, s = divmod(value, 60)
    return f"{sign}{int(m)}:{s:04.1f}"


def clock(value: float) -> str:
    """1:02, or 1:02:03 past an hour (the engine's format)."""
    return format_duration(float(value))


def size(num_bytes: int) -> str:
    if num_bytes >= 1_000_000_000:
        return QCoreApplication.translate("Text", "{0} GB").format(f"{num_bytes / 1e9:.1f}")
    if num_bytes >= 1_000_000:
        return QCoreApplication.translate("Text", "{0} MB").format(f"{num_bytes / 1e6:.1f}")
    return QCoreApplication.translate("Text", "{0} kB").format(f"{max(1, num_bytes // 1000)}")


_CODEC_NAMES = {"mp3float": "MP3", "mp3": "MP3", "aac": "AAC", "opus": "Opus", "libopus": "Opus",
                "vorbis": "Vorbis", "flac": "FLAC", "alac": "ALAC", "h264": "H.264",
                "hevc": "HEVC", "vp9": "VP9", "av1": "AV1", "mpeg4": "MPEG-4"}


def codec(name: str) -> str:
    if name.startswith("pcm_"):
        return "PCM"
    return _CODEC_NAMES.get(name.lower(), name.upper())


def media_details(info: MediaInfo) -> str:
    """'MP4 · H.264 1080×1920 · 1:02 · AAC 48 kHz · 14.2 MB' — from MediaInfo fields."""
    parts = info.summary(codec, QCoreApplication.translate("Text", "no sound"))
    ext = info.path.suffix.lstrip(".").upper()
    if ext:
        parts.insert(0, ext)
    if info.size_bytes:
        parts.append(size(info.size_bytes))
    return " · ".join(parts)


def offset_sentence(music_start: float, song_time: float) -> str:
    """Where the music is, in both clocks: what a teacher can check by ear."""
    return QCoreApplication.translate(
        "Text", "The music starts at {0} of the video, at {1} of the song.").format(
        clock(music_start), clock(song_time))


def trim_sentence(trim) -> str:
    """A `core.Trim` in the UI language (literal translate() calls, so lupdate finds them)."""
    key = (trim.reason, trim.edge)
    if key == ("no-music", "start"):
        text = QCoreApplication.translate("Text", "Trimmed {0} before the music.")
    elif key == ("no-music", "end"):
        text = QCoreApplication.translate("Text", "Trimmed {0} after the music.")
    elif key == ("black", "start"):
        text = QCoreApplication.translate("Text", "Cut {0} of black picture at the start.")
    elif key == ("black", "end"):
        text = QCoreApplication.translate("Text", "Cut {0} of black picture at the end.")
    elif key == ("frozen", "start"):
        text = QCoreApplication.translate("Text", "Cut {0} of frozen picture at the start.")
    else:
        text = QCoreApplication.translate("Text", "Cut {0} of frozen picture at the end.")
    return text.format(seconds(trim.seconds))


def plan_notes(plan: CutPlan) -> list[str]:
    """Why the result is shorter than the video, translated (the engine's `plan.notes`)."""
    notes = [QCoreApplication.translate("Text", "Kept the whole video, as asked.")] \
        if plan.keep_full else []
    return notes + [trim_sentence(t) for t in plan.trims]


def confidence_sentence(label: str, confidence: float) -> str:
    pct = int(round(confidence * 100))
    if label == "high":
        return QCoreApplication.translate("Text", "High ({0} %) — a clear match").format(pct)
    if label == "medium":
        return QCoreApplication.translate("Text", "Medium ({0} %) — probably right; check by listening").format(pct)
    return QCoreApplication.translate("Text", "Low ({0} %) — the match is doubtful").format(pct)


def kept_sentence(start: float, end: float) -> str:
    return QCoreApplication.translate("Text", "{0} – {1} of the video ({2})").format(clock(start), clock(end),
                                                   seconds(end - start))


def eta_sentence(remaining: float) -> str:
    if remaining < 1.5:
        return QCoreApplication.translate("Text", "Almost done")
    if remaining < 60:
        return QCoreApplication.translate("Text", "About {0} s left").format(int(round(remaining)))
    return QCoreApplication.translate("Text", "About {0} min left").format(int(round(remaining / 60)))


def stage_label(name: str, fallback: str = "") -> str:
    """The engine's stage names, translated (its own labels are English)."""
    if name == "probe":
        return QCoreApplication.translate("Text", "Reading files")
    if name == "decode":
        return QCoreApplication.translate("Text", "Decoding sound")
    if name == "align":
        return QCoreApplication.translate("Text", "Finding the song")
    if name == "plan":
        return QCoreApplication.translate("Text", "Planning the cut")
    if name == "render":
        return QCoreApplication.translate("Text", "Writing the video")
    return fallback or name


# The gist of each engine failure, marked for lupdate and translated when shown.
_FAILURE_SUMMARIES = {
    "no-match": QT_TRANSLATE_NOOP("Text", "The song was not found in the video's sound."),
    "no-music": QT_TRANSLATE_NOOP("Text", "There is no music in the video's sound."),
    "input": QT_TRANSLATE_NOOP("Text", "A file could not be read."),
    "missing-stream": QT_TRANSLATE_NOOP("Text",
                                        "A file lacks the picture or the sound that is needed."),
    "output": QT_TRANSLATE_NOOP("Text", "The result could not be saved."),
    "usage": QT_TRANSLATE_NOOP("Text", "These settings cannot work together."),
}


def failure_summary(kind: str) -> str:
    """The engine's message is English; in another UI language say the gist in it.

    Returns "" in English (the engine's own sentence is more precise there)."""
    english = _FAILURE_SUMMARIES.get(kind, "")
    text = QCoreApplication.translate("Text", english) if english else ""
    return "" if text == english else text


def failure_hint(kind: str) -> str:
    if kind == "no-match":
        return QCoreApplication.translate("Text", "Check that this is the song the class danced to, and that the video's "
                  "sound has the music in it.")
    if kind == "no-music":
        return QCoreApplication.translate("Text", "The video's sound is silent or too quiet. Was the phone's microphone covered?")
    if kind in ("input", "missing-stream"):
        return QCoreApplication.translate("Text", "Check that the file plays in a media player and is not still being copied.")
    if kind == "output":
        return QCoreApplication.translate("Text", "Choose another place to save the result, or free some disk space.")
    return ""


def span(start: float, end: float) -> str:
    """'0:04 – 0:14': where a run plays on one clock."""
    return QCoreApplication.translate("Text", "{0} – {1}").format(clock(start), clock(end))


def tempo_words(rate: float, tempo: str) -> str:
    """A run played at another tempo: '0.75×, pitch kept' / '1.10×, pitch moved'; '' at
    the song's own tempo (a clock drift of a few hundred ppm is not a tempo)."""
    if not tempo:
        return ""
    if tempo == "pitch-kept":
        return QCoreApplication.translate("Text", "{0}×, pitch kept").format(f"{rate:.2f}")
    return QCoreApplication.translate("Text", "{0}×, pitch moved").format(f"{rate:.2f}")


def runs_sentence(count: int, kept: int) -> str:
    """How often the song plays, and how many of the runs the output holds."""
    if kept == count:
        return QCoreApplication.translate(
            "Text", "The song plays {0} times in the video; the output holds every run.").format(
            count)
    return QCoreApplication.translate(
        "Text", "The song plays {0} times in the video; the output holds {1} of the runs.").format(
        count, kept)
