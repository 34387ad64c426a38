"""Where dropped files go: which one is the song, which are class videos (no Qt).

`place_drop` is a pure function of what was dropped, where, and what the window already
holds; the controller shows its `Placement` (tests/test_ui_placement.py tests it without a
window). Notes say why a file was left out, as a `NoteKind` and the file's name; the window
words them in its language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

from .engine import NOT_MEDIA_EXTENSIONS, Failure, ProbeReport


class Zone(str, Enum):
    VIDEO = "video"
    SONG = "song"


class NoteKind(Enum):
    MISSING = "missing"                     # refused before reading: no such file
    FOLDER = "folder"                       # … a folder
    NOT_MEDIA = "not-media"                 # … an extension no media file has
    UNREADABLE = "unreadable"               # the probe failed (`failure` says why)
    ONE_SONG_ONLY = "one-song-only"         # a second song was left out
    TAKEN_AS_SONG = "taken-as-song"         # dropped on the video zone, but has no picture
    SONG_WITHOUT_SOUND = "song-without-sound"
    VIDEO_WITHOUT_SOUND = "video-without-sound"


@dataclass(frozen=True)
class Note:
    zone: Zone
    kind: NoteKind
    name: str
    failure: Optional[Failure] = None


@dataclass
class Placement:
    song: Optional[ProbeReport] = None          # the new song (None: keep the current one)
    videos: list[ProbeReport] = field(default_factory=list)   # usable class videos
    notes: list[Note] = field(default_factory=list)
    asked_and_dismissed: bool = False           # the user closed the "which is the song?" question


# Asked when two or more videos are dropped on the window and there is no song yet:
# the index of the song among the names, -1 for "none, they are all class videos",
# None when the question was dismissed.
SongChoice = Callable[[list[str]], Optional[int]]


def screen(paths: list, zone: Zone) -> tuple[list[Path], list[Note]]:
    """The dropped paths worth reading, and notes for those refused without reading."""
    usable: list[Path] = []
    notes: list[Note] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            notes.append(Note(zone, NoteKind.MISSING, p.name))
        elif p.is_dir():
            notes.append(Note(zone, NoteKind.FOLDER, p.name))
        elif p.suffix.lower() in NOT_MEDIA_EXTENSIONS:
            notes.append(Note(zone, NoteKind.NOT_MEDIA, p.name))
        else:
            usable.append(p)
    return usable, notes


def place_drop(target: Optional[Zone], paths: list[Path], reports: dict[Path, ProbeReport],
               failures: dict[Path, Failure], current_song: Optional[Path],
               choose_song: SongChoice) -> Placement:
    """Decide what a drop of `paths` on `target` (None: the window) becomes."""
    zone = target or Zone.VIDEO
    out = Placement(notes=[Note(zone, NoteKind.UNREADABLE, p.name, f)
                           for p, f in failures.items()])
    probed = [reports[p] for p in paths if p in reports]
    audio_only = [r for r in probed if not r.info.has_video]
    videos = [r for r in probed if r.info.has_video]
    song: Optional[ProbeReport] = None
    class_videos: list[ProbeReport] = []

    if target is Zone.SONG:
        candidates = audio_only + videos
        song = candidates[0] if candidates else None
        out.notes += [Note(Zone.SONG, NoteKind.ONE_SONG_ONLY, r.path.name)
                      for r in candidates[1:]]
    elif target is Zone.VIDEO:
        class_videos = videos
        if audio_only:
            song = audio_only[0]
            out.notes.append(Note(Zone.SONG, NoteKind.TAKEN_AS_SONG, song.path.name))
    else:
        class_videos = videos
        if audio_only:
            song = audio_only[0]
        elif len(videos) >= 2 and current_song is None:
            choice = choose_song([r.path.name for r in videos])
            if choice is None:
                return Placement(asked_and_dismissed=True)
            if 0 <= choice < len(videos):
                song = videos[choice]
                class_videos = [r for i, r in enumerate(videos) if i != choice]
        out.notes += [Note(Zone.SONG, NoteKind.ONE_SONG_ONLY, r.path.name)
                      for r in audio_only[1:]]

    if song is not None:
        if song.info.has_audio:
            out.song, current_song = song, song.path
        else:
            out.notes.append(Note(Zone.SONG, NoteKind.SONG_WITHOUT_SOUND, song.path.name))
    for r in class_videos:
        if not r.info.has_audio:
            out.notes.append(Note(Zone.VIDEO, NoteKind.VIDEO_WITHOUT_SOUND, r.path.name))
        elif r.path != current_song:
            out.videos.append(r)
    return out
