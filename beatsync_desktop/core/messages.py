"""Every sentence the engine says to a person, in one catalogue (English; no Qt).

An error or a warning is made with `msg(id, **values)`: a `Message`, which *is* its English
sentence (a `str`, so the CLI, `--json`, the history and every test read it as before) and
also remembers its `id` and `values`. The window translates it instead of showing the
English: it looks the English template up in its Qt catalogue (context "Engine", the
English template as source text, see `beatsync_desktop/ui/engine_text.py`) and fills in
the same values, so nothing reaches a user half-translated. Values that are words from
`TERMS` ("sound", "picture" …) are translated too.

Adding a sentence: add it here (an id, a template with named `{fields}`), use
`msg("the-id", field=…)` where it is raised, run `python -m beatsync_desktop.ui.i18n`
and translate it in `ui/i18n/beatsync_zh_CN.ts`; tests/test_messages.py checks that every
id is used, has a translation and that the translation keeps the same `{fields}`.

`QT_TRANSLATE_NOOP` below is a plain function of the same name as Qt's marker, so that
pyside6-lupdate finds the templates; the engine never imports Qt.
"""

from __future__ import annotations

import string
from typing import Any


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:   # noqa: N802 - lupdate's marker
    return text


# Repeated advice, kept whole inside each sentence (a translator sees sentences, not bits).
MESSAGES: dict[str, str] = {
    # -- options (core/models.py) ------------------------------------------------------
    "option-range": QT_TRANSLATE_NOOP(
        "Engine", "The {name} must be a number of {unit} between {low:g} and {high:g}, "
        "not {value!r}."),
    "option-gap-audio": QT_TRANSLATE_NOOP(
        "Engine", "Between two runs of the song the output can hold the video's own sound or "
        "silence ({choices}), not {value!r}."),
    "option-split-and-longest": QT_TRANSLATE_NOOP(
        "Engine", "Choose one: a file for every run of the song, or only the longest run."),
    "option-runs": QT_TRANSLATE_NOOP(
        "Engine", "Runs of the song are numbered from 1 and separated by commas (for example "
        "1,3), not {value!r}."),
    "option-runs-twice": QT_TRANSLATE_NOOP("Engine", "Run {run} is asked for twice."),
    "runs-missing": QT_TRANSLATE_NOOP(
        "Engine", "There is no run {run}: the song plays {count} times in this video (runs 1 "
        "to {count})."),
    "runs-missing-one": QT_TRANSLATE_NOOP(
        "Engine", "There is no run {run}: the song plays once in this video."),
    "cancelled": QT_TRANSLATE_NOOP("Engine", "Cancelled: nothing was written."),

    # -- reading a file (core/probe.py, core/media_errors.py) -------------------------------
    "input-bad-name": QT_TRANSLATE_NOOP("Engine", "That file name cannot be used: {path}"),
    "input-dead-link": QT_TRANSLATE_NOOP(
        "Engine", "{name} is a link to a file that no longer exists: choose the file itself."),
    "input-folder": QT_TRANSLATE_NOOP("Engine", "That is a folder, not a media file: {path}"),
    "input-not-a-file": QT_TRANSLATE_NOOP(
        "Engine", "{name} is not an ordinary file (it is a pipe, device or socket); save the "
        "video or song as a file and choose that."),
    "input-no-permission": QT_TRANSLATE_NOOP("Engine", "No permission to read {name}."),
    "input-empty": QT_TRANSLATE_NOOP("Engine", "{name} is empty (0 bytes)."),
    "input-only-zeros": QT_TRANSLATE_NOOP(
        "Engine", "{name} holds no media data, only empty space: it was never completely "
        "written, or the copy failed. Copy it again."),
    "input-index-cut-off": QT_TRANSLATE_NOOP(
        "Engine", "{name} is damaged or incomplete — was the recording interrupted? Its "
        "index cannot be read, so it cannot be used as it is; if the phone still has it, "
        "copy it again."),
    "input-not-media": QT_TRANSLATE_NOOP(
        "Engine", "{name} is not a video or audio file that can be read (or it is damaged "
        "beyond reading)."),
    "input-no-streams": QT_TRANSLATE_NOOP("Engine", "{name} has neither sound nor picture."),
    "input-incomplete": QT_TRANSLATE_NOOP(
        "Engine", "{name} is incomplete: it ends before its own description of it does — was "
        "the recording or the copy interrupted? If it plays in other apps, copy it from the "
        "phone again, or export it again."),
    "input-damaged": QT_TRANSLATE_NOOP(
        "Engine", "{name} is damaged or incomplete — was the recording or the copy "
        "interrupted? If it plays in other apps, copy it from the phone again, or export it "
        "again."),
    "input-part-damaged": QT_TRANSLATE_NOOP(
        "Engine", "The {what} in {name} is damaged or incomplete — was the recording or the "
        "copy interrupted? If it plays in other apps, copy it from the phone again, or export "
        "it again."),
    "input-header-sizes": QT_TRANSLATE_NOOP(
        "Engine", "{name} is damaged: its header describes parts far larger than the file. "
        "If it plays in other apps, copy it from the phone again, or export it again."),
    "input-unsupported": QT_TRANSLATE_NOOP(
        "Engine", "{name} uses a format that is not supported. Convert it to a common format "
        "(MP4 for a video, MP3 or M4A for a song) and try again."),
    "input-format": QT_TRANSLATE_NOOP(
        "Engine", "{name} uses a format that is not supported: {format}. Convert it to a "
        "common format (MP4 for a video, MP3 or M4A for a song) and try again."),
    "input-part-unsupported": QT_TRANSLATE_NOOP(
        "Engine", "The {what} in {name} uses a format that is not supported. Convert it to a "
        "common format (MP4 for a video, MP3 or M4A for a song) and try again."),
    "input-part-format": QT_TRANSLATE_NOOP(
        "Engine", "The {what} in {name} uses a format that is not supported: {format}. Convert "
        "it to a common format (MP4 for a video, MP3 or M4A for a song) and try again."),
    "input-part-format-unknown": QT_TRANSLATE_NOOP(
        "Engine", "The {what} in {name} is in a format that is not supported, or its "
        "description is damaged. Convert it to a common format (MP4 for a video, MP3 or M4A "
        "for a song) and try again."),
    "input-missing": QT_TRANSLATE_NOOP("Engine", "File not found: {path}"),
    "input-link-loop": QT_TRANSLATE_NOOP(
        "Engine", "{name} is a link that points to itself; choose the file it should lead to."),
    "input-name-too-long": QT_TRANSLATE_NOOP(
        "Engine", "The name or folder path of {name} is too long for this system; rename it."),
    "input-disk": QT_TRANSLATE_NOOP(
        "Engine", "{name} could not be read from its disk. If it plays in other apps, copy it "
        "from the phone again, or export it again."),
    "input-unreadable": QT_TRANSLATE_NOOP(
        "Engine", "{name} could not be read: it is damaged or in a format that is not "
        "supported."),
    "input-part-unreadable": QT_TRANSLATE_NOOP(
        "Engine", "The {what} in {name} could not be read: it is damaged or in a format that "
        "is not supported."),

    # -- streams (core/pipeline.py, core/decode.py) ---------------------------------------
    "dance-no-picture": QT_TRANSLATE_NOOP(
        "Engine", "{name} has no picture: choose the dance video as the first file."),
    "dance-no-sound": QT_TRANSLATE_NOOP(
        "Engine", "{name} has no sound track, so there is nothing to match the song against."),
    "song-no-sound": QT_TRANSLATE_NOOP(
        "Engine", "{name} has no sound track: choose the song file (or a video that carries "
        "the song)."),
    "no-sound-track": QT_TRANSLATE_NOOP("Engine", "{name} has no sound track."),
    "sound-track-empty": QT_TRANSLATE_NOOP("Engine", "The sound track of {name} is empty."),

    # -- the match (core/align.py, core/plan.py) -------------------------------------------
    "no-match": QT_TRANSLATE_NOOP(
        "Engine", "The song was not found in the dance video's sound. Check that the reference "
        "is the same recording of the song, and that the music is audible in the video."),
    "no-music": QT_TRANSLATE_NOOP(
        "Engine", "The dance video is silent: there is no music in it to match."),
    "no-overlap": QT_TRANSLATE_NOOP(
        "Engine", "The song and the video do not overlap at the place the match found, so "
        "there is nothing to put under the picture."),
    "offset-no-overlap": QT_TRANSLATE_NOOP(
        "Engine", "With the offset {offset:+.3f} s the song and the video do not overlap (the "
        "video is {video:.1f} s long, the song {song:.1f} s): choose an offset between "
        "{low:+.1f} and {high:+.1f} s."),
    "offset-no-overlap-open": QT_TRANSLATE_NOOP(
        "Engine", "With the offset {offset:+.3f} s the song and the video do not overlap (the "
        "video is {video:.1f} s long): choose an offset above {low:+.1f} s."),
    "nothing-left": QT_TRANSLATE_NOOP(
        "Engine", "Nothing is left to keep: the picture is black or frozen while the music "
        "plays. Turn off the picture trim and try again."),

    # -- the picture and the output format (core/output_format.py, core/render.py) ----------
    "picture-no-container": QT_TRANSLATE_NOOP(
        "Engine", "The picture of {name} is {codec}, which cannot be copied untouched into an "
        "MP4, MOV or MKV file. Convert the video to MP4 (H.264) first, e.g. with HandBrake or "
        "Shotcut."),
    "picture-description-damaged": QT_TRANSLATE_NOOP(
        "Engine", "The picture of {name} is damaged: its description cannot be read well "
        "enough to copy it. If it plays in other apps, export it again from the phone or "
        "editor."),
    "output-format-cannot-hold": QT_TRANSLATE_NOOP(
        "Engine", "{format} files cannot hold the {codec} picture of {name} untouched: name "
        "the output {suffixes} instead (e.g. {example})."),
    "output-format-changed": QT_TRANSLATE_NOOP(
        "Engine", "{format} files cannot hold the {codec} picture of {name} untouched, so the "
        "result is {new_format}: {output}."),
    "picture-damaged-at": QT_TRANSLATE_NOOP(
        "Engine", "The picture in {name} is damaged at {seconds:.1f} s and cannot be copied. "
        "If the video plays in other apps, export it again from the phone or editor."),
    "picture-unreadable-span": QT_TRANSLATE_NOOP(
        "Engine", "The picture in {name} could not be read between {start:.1f} s and "
        "{end:.1f} s: the video is damaged there."),

    # -- the output file (core/output_file.py) -------------------------------------------
    "output-extension": QT_TRANSLATE_NOOP(
        "Engine", "The output must be an .mp4, .mov or .mkv file, not '{suffix}'."),
    "output-no-extension": QT_TRANSLATE_NOOP(
        "Engine", "The output must be an .mp4, .mov or .mkv file, not a name without an "
        "extension."),
    "output-link-loop": QT_TRANSLATE_NOOP(
        "Engine", "The output name {name} is a link that leads nowhere (it points to itself); "
        "choose another name."),
    "output-dead-link": QT_TRANSLATE_NOOP(
        "Engine", "The output name {name} is a link to a place that does not exist; choose "
        "another name."),
    "output-is-input": QT_TRANSLATE_NOOP(
        "Engine", "The output would overwrite an input file; choose another name."),
    "output-is-folder": QT_TRANSLATE_NOOP(
        "Engine", "The output {name} is a folder: give a file name, e.g. {name}/result.mp4."),
    "output-not-a-file": QT_TRANSLATE_NOOP(
        "Engine", "The output {name} exists and is not an ordinary file; choose another name."),
    "output-folder-missing": QT_TRANSLATE_NOOP(
        "Engine", "The output folder does not exist: {folder}"),
    "output-folder-no-permission": QT_TRANSLATE_NOOP(
        "Engine", "No permission to write in {folder}."),
    "output-disk-full": QT_TRANSLATE_NOOP(
        "Engine", "The disk is full: could not write {name}. Free some space or choose "
        "another folder."),
    "output-quota": QT_TRANSLATE_NOOP(
        "Engine", "Your disk quota is used up: could not write {name}."),
    "output-too-large": QT_TRANSLATE_NOOP(
        "Engine", "{name} would be larger than this disk allows for one file (a FAT32 memory "
        "stick?): choose another disk."),
    "output-no-permission": QT_TRANSLATE_NOOP(
        "Engine", "No permission to write {name} in {folder}."),
    "output-read-only": QT_TRANSLATE_NOOP(
        "Engine", "Could not write {name}: {folder} is on a read-only disk; choose another "
        "folder."),
    "output-folder-gone": QT_TRANSLATE_NOOP(
        "Engine", "Could not write {name}: its folder is gone ({folder})."),
    "output-name-too-long": QT_TRANSLATE_NOOP(
        "Engine", "The output name is too long for this disk: choose a shorter name than "
        "{name}."),
    "output-disk-failed": QT_TRANSLATE_NOOP(
        "Engine", "The disk failed while {name} was written (was it unplugged?): try again, or "
        "choose another folder."),
    "output-failed": QT_TRANSLATE_NOOP(
        "Engine", "Could not write {name} in {folder}: choose another folder and try again."),

    # -- warnings beside a result (core/pipeline.py) ---------------------------------------
    "warn-file-cut-off": QT_TRANSLATE_NOOP(
        "Engine", "{name} ends early (an interrupted recording?): used the {seconds:.1f} s "
        "that could be read."),
    "warn-sound-cut-off": QT_TRANSLATE_NOOP(
        "Engine", "The {what}'s sound ends early (damaged or cut off at {seconds:.1f} s); used "
        "what could be read."),
    "warn-sound-gaps": QT_TRANSLATE_NOOP(
        "Engine", "The dance video's sound has gaps ({seconds:.2f} s in all); they were kept "
        "as silence so the timing stays right."),
    "warn-uncertain": QT_TRANSLATE_NOOP(
        "Engine", "The match is uncertain: check the result, or try the runner-up."),
}

# Words that stand in a sentence as a value; the window translates them too.
TERMS: dict[str, str] = {
    "sound": QT_TRANSLATE_NOOP("EngineTerm", "sound"),
    "picture": QT_TRANSLATE_NOOP("EngineTerm", "picture"),
    "dance video": QT_TRANSLATE_NOOP("EngineTerm", "dance video"),
    "reference": QT_TRANSLATE_NOOP("EngineTerm", "reference"),
    "margin": QT_TRANSLATE_NOOP("EngineTerm", "margin"),
    "fade": QT_TRANSLATE_NOOP("EngineTerm", "fade"),
    "speaker distance": QT_TRANSLATE_NOOP("EngineTerm", "speaker distance"),
    "offset": QT_TRANSLATE_NOOP("EngineTerm", "offset"),
    "bit rate": QT_TRANSLATE_NOOP("EngineTerm", "bit rate"),
    "seconds": QT_TRANSLATE_NOOP("EngineTerm", "seconds"),
    "metres": QT_TRANSLATE_NOOP("EngineTerm", "metres"),
    "kbit/s": QT_TRANSLATE_NOOP("EngineTerm", "kbit/s"),
}


class Message(str):
    """An English sentence from `MESSAGES` that remembers its id and values."""

    id: str
    values: dict[str, Any]

    def __new__(cls, msg_id: str, values: dict[str, Any]) -> "Message":
        text = format_message(MESSAGES[msg_id], values)
        self = super().__new__(cls, text)
        self.id, self.values = msg_id, dict(values)
        return self

    def __reduce__(self):    # pickles (and copies) with its id and values
        return (Message, (self.id, self.values))


def msg(msg_id: str, **values: Any) -> Message:
    """The catalogue's sentence `msg_id` with `values` filled in (English). Values the
    sentence does not use are dropped; paths are kept as text."""
    used = fields_of(MESSAGES[msg_id])
    return Message(msg_id, {k: (str(v) if hasattr(v, "__fspath__") else v)
                            for k, v in values.items() if k in used})


def format_message(template: str, values: dict[str, Any]) -> str:
    """Fill a template (English or translated) with the values."""
    return template.format(**values)


def fields_of(template: str) -> set[str]:
    """The `{field}` names a template uses (what a translation must keep)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


_FIXED = {template: msg_id for msg_id, template in MESSAGES.items() if not fields_of(template)}


def as_message(text: Any) -> Any:
    """`text` as a `Message` when it is, word for word, a catalogue sentence without values
    (align.py raises NoMatchError/NoMusicError with their English sentence); else unchanged."""
    if isinstance(text, Message) or not isinstance(text, str):
        return text
    msg_id = _FIXED.get(text)
    return Message(msg_id, {}) if msg_id else text


def message_id(text: Any) -> str:
    """The catalogue id of a sentence, '' for a plain string."""
    return getattr(text, "id", "") if isinstance(text, Message) else ""
