"""The test music, with its hold-out split.

* **tune** — songs the engine's thresholds were chosen on: the three original clips, the
  demo song, and the songs tests/media/songs/manifest.json marks "tune".
* **holdout** — songs the engine is only judged on (manifest "holdout"). Nobody looks at
  per-song results of these while tuning; the stress run reports them separately.

Licences and credits: tests/media/ATTRIBUTION.md, tests/media/songs/ATTRIBUTION.md,
resources/ATTRIBUTION.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .assets import media_dir
from .studio import load_audio

ROOT = Path(__file__).resolve().parents[2]
SR = 48000


@dataclass(frozen=True)
class Song:
    name: str
    path: Path
    split: str                      # "tune" or "holdout"
    genre: str = ""
    properties: tuple[str, ...] = ()
    duration: float = 0.0


_ORIGINALS = (
    ("song_a_sectoid_metal_madness.opus", "rock", ("rock", "loud-master")),
    ("song_b_muldjord_mutilated_mime.opus", "metal", ("rock", "loud-master")),
    ("song_c_torus_trooper_tt4.opus", "electronic", ("loop-based", "repeated-sections")),
)


@lru_cache(maxsize=1)
def all_songs() -> tuple[Song, ...]:
    songs = [Song(name, media_dir() / name, "tune", genre, props)
             for name, genre, props in _ORIGINALS]
    songs.append(Song("demo_song.mp3", ROOT / "resources" / "demo" / "demo_song.mp3", "tune",
                      "pop", ("demo",)))
    manifest = media_dir() / "songs" / "manifest.json"
    if manifest.exists():
        for item in json.loads(manifest.read_text(encoding="utf-8")):
            songs.append(Song(item["file"], manifest.parent / item["file"], item["split"],
                              item.get("genre", ""), tuple(item.get("properties", ())),
                              float(item.get("duration_s", 0.0))))
    missing = [s.path for s in songs if not s.path.exists()]
    if missing:
        raise FileNotFoundError(f"test music missing: {missing}")
    return tuple(songs)


def songs(split: str | None = None) -> list[Song]:
    return [s for s in all_songs() if split is None or s.split == split]


def by_name(name: str) -> Song:
    for s in all_songs():
        if s.name == name:
            return s
    raise KeyError(name)


@lru_cache(maxsize=None)      # the whole pool is about 1 GB at 48 kHz stereo
def _load(path: Path) -> np.ndarray:
    audio, _ = load_audio(path, sr=SR)
    if audio.shape[0] == 1:
        audio = np.repeat(audio, 2, axis=0)
    return audio[:2]


def load(song: Song) -> np.ndarray:
    """The song at 48 kHz, stereo float32 (channels, n). Read-only: do not modify."""
    audio = _load(song.path)
    audio.setflags(write=False)
    return audio
