"""Locate the shared test media in ``tests/media`` (provided by the media helper).

Set ``BEATSYNC_TEST_MEDIA`` to another folder to override (e.g. while developing).
Missing media is an error, not a skip: tests must not silently pass without data.
"""

from __future__ import annotations

import os
from pathlib import Path

MEDIA_DIR = Path(__file__).resolve().parents[1] / "media"
_AUDIO_SUFFIXES = (".opus", ".mp3", ".ogg", ".flac", ".wav", ".m4a")


def media_dir() -> Path:
    return Path(os.environ.get("BEATSYNC_TEST_MEDIA") or MEDIA_DIR)


def music_files() -> list[Path]:
    """All music clips in the media folder (every audio file not named ``talk.*``)."""
    d = media_dir()
    found = sorted(p for p in d.glob("*") if p.suffix.lower() in _AUDIO_SUFFIXES and p.stem.lower() != "talk")
    if not found:
        raise FileNotFoundError(
            f"no music clips (*.opus/*.mp3/...) in {d}: the shared test media is missing; "
            "it is provided by the tests/media helper (or set BEATSYNC_TEST_MEDIA)")
    return found


def music_file() -> Path:
    """The first music clip, for tests that need just one."""
    return music_files()[0]


def talk_file() -> Path:
    """The speech clip ``talk.*`` used for teacher talk and crowd babble."""
    d = media_dir()
    found = sorted(p for p in d.glob("talk.*") if p.suffix.lower() in _AUDIO_SUFFIXES)
    if not found:
        raise FileNotFoundError(
            f"no speech clip talk.* in {d}: the shared test media is missing; "
            "it is provided by the tests/media helper (or set BEATSYNC_TEST_MEDIA)")
    return found[0]
