"""Shared fixtures: real songs, and phone-style recordings made from them once per run."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # GUI tests run headless

import atexit
import shutil
import tempfile

# The job history (and anything else under the user data folder) goes to a throw-away
# folder: tests, and the CLI and app processes they start, never touch the real one.
_DATA_DIR = tempfile.mkdtemp(prefix="beatsync-test-data-")
os.environ["BEATSYNC_DATA_DIR"] = _DATA_DIR
atexit.register(shutil.rmtree, _DATA_DIR, True)

from pathlib import Path

import numpy as np
import pytest

from tests.support.assets import media_dir, music_files
from tests.support.studio import load_audio

SONG_A = "song_a_sectoid_metal_madness.opus"   # rock, 55 s
SONG_B = "song_b_muldjord_mutilated_mime.opus"  # metal, 50 s
SONG_C = "song_c_torus_trooper_tt4.opus"        # techno, 56 s, a 10 s phrase repeats at 32.5 s


@pytest.fixture(scope="session")
def songs() -> dict[str, Path]:
    found = {p.name: p for p in music_files()}
    for name in (SONG_A, SONG_B, SONG_C):
        assert name in found, f"test song {name} missing from {media_dir()}"
    return found


@pytest.fixture(scope="session")
def clean_audio(songs):
    """Decoded clean songs at 48 kHz (channels, n), keyed by file name."""
    cache: dict[str, np.ndarray] = {}

    def get(name: str) -> np.ndarray:
        if name not in cache:
            cache[name] = load_audio(songs[name], sr=48000)[0]
        return cache[name]
    return get


@pytest.fixture(scope="session")
def media_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def fuzz_seeds() -> dict[str, Path]:
    """Short phone-style media of many codecs and containers (made once, cached in the
    system's temp folder by tests/fuzz.py), keyed by file name."""
    from tests.fuzz import build_seeds, default_seed_dir
    return {s.name: s.path for s in build_seeds(default_seed_dir())}


@pytest.fixture(scope="session")
def song_tracks():
    """Analysis tracks of the stress songs (tests/media/songs) by file name, made once."""
    from beatsync_desktop.core.align import make_track
    from beatsync_desktop.core.decode import analysis_copy
    from tests.support.songs import SR, by_name, load
    cache = {}

    def get(name: str):
        if name not in cache:
            cache[name] = make_track(analysis_copy(load(by_name(name)), SR), start=0.0)
        return cache[name]
    return get
