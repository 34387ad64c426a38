"""Where dropped files go (ui/placement.py): a pure function, tested without a window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from beatsync_desktop.core.models import MediaInfo
from beatsync_desktop.ui.engine import Failure, ProbeReport
from beatsync_desktop.ui.placement import NoteKind, Zone, place_drop, screen

ROOT = Path(__file__).resolve().parents[1]


def report(name: str, video: bool, audio: bool = True) -> ProbeReport:
    path = Path("/class") / name
    return ProbeReport(path, MediaInfo(path, "mov,mp4", 62.0, has_video=video, has_audio=audio))


def test_placement_loads_no_qt():
    code = ("import sys, beatsync_desktop.ui.placement\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'numpy', 'av'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def place(target, *reports, failures=None, song=None, answer=None):
    asked = []

    def choose(names):
        asked.append(names)
        return answer
    paths = [r.path for r in reports] + list(failures or {})
    placed = place_drop(target, paths, {r.path: r for r in reports}, failures or {},
                        song, choose)
    return placed, asked


def test_a_song_and_a_video_on_the_window_go_to_their_zones_in_any_order():
    song, video = report("song.mp3", False), report("class.mp4", True)
    placed, asked = place(None, song, video)
    assert placed.song is song and placed.videos == [video] and not asked
    assert placed.notes == []


def test_two_videos_and_no_song_ask_which_is_the_song():
    a, b = report("group1.mp4", True), report("track.mp4", True)
    placed, asked = place(None, a, b, answer=1)
    assert asked == [["group1.mp4", "track.mp4"]]
    assert placed.song is b and placed.videos == [a]
    placed, _ = place(None, a, b, answer=-1)                 # none: a batch
    assert placed.song is None and placed.videos == [a, b]
    placed, _ = place(None, a, b, answer=None)               # the question was closed
    assert placed.asked_and_dismissed and placed.videos == []


def test_with_a_song_already_there_two_videos_are_a_batch_without_asking():
    a, b = report("g1.mp4", True), report("g2.mp4", True)
    placed, asked = place(None, a, b, song=Path("/class/song.mp3"))
    assert not asked and placed.videos == [a, b] and placed.song is None


def test_the_song_zone_takes_one_song_and_notes_the_rest():
    first, second = report("a.mp3", False), report("b.mp3", False)
    placed, _ = place(Zone.SONG, first, second)
    assert placed.song is first
    assert [(n.zone, n.kind, n.name) for n in placed.notes] == [
        (Zone.SONG, NoteKind.ONE_SONG_ONLY, "b.mp3")]


def test_a_sound_file_on_the_video_zone_is_taken_as_the_song():
    song, video = report("song.wav", False), report("class.mov", True)
    placed, _ = place(Zone.VIDEO, video, song)
    assert placed.song is song and placed.videos == [video]
    assert [n.kind for n in placed.notes] == [NoteKind.TAKEN_AS_SONG]


def test_files_without_sound_are_refused_with_a_note_each():
    mute_song, mute_video = report("mute.mp3", False, audio=False), report("v.mp4", True, False)
    placed, _ = place(Zone.SONG, mute_song)
    assert placed.song is None and placed.notes[0].kind is NoteKind.SONG_WITHOUT_SOUND
    placed, _ = place(Zone.VIDEO, mute_video)
    assert placed.videos == [] and placed.notes[0].kind is NoteKind.VIDEO_WITHOUT_SOUND


def test_the_song_is_not_also_a_class_video_and_failures_are_noted_where_dropped():
    song = report("track.mp4", True)
    broken = Path("/class/broken.mp4")
    failure = Failure("broken.mp4 is damaged.", kind="input")
    placed, _ = place(Zone.VIDEO, song, failures={broken: failure}, song=song.path)
    assert placed.videos == []
    assert placed.notes[0].kind is NoteKind.UNREADABLE and placed.notes[0].failure is failure


def test_screen_refuses_missing_folders_and_documents_before_reading(tmp_path):
    video = tmp_path / "class.mp4"
    video.write_bytes(b"x")
    notes_txt = tmp_path / "notes.txt"
    notes_txt.write_text("hello")
    usable, notes = screen([video, tmp_path, notes_txt, tmp_path / "gone.mp4"], Zone.VIDEO)
    assert usable == [video]
    assert [n.kind for n in notes] == [NoteKind.FOLDER, NoteKind.NOT_MEDIA, NoteKind.MISSING]
