"""Where the shipped data files are, in a checkout, an installed package or a frozen app."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Folder holding demo/, icons/ … (the repo's top-level resources/ folder)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:   # PyInstaller bundle
        return Path(frozen_root) / "beatsync_desktop" / "resources"
    try:
        import beatsync_desktop.resources as pkg   # installed: mapped from resources/
        return Path(pkg.__file__).resolve().parent
    except ImportError:
        return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_inputs() -> tuple[Path, Path]:
    """The bundled sample: a generated phone-style class video and the clean demo song
    (`beatsync demo`, the self-test, the screenshots)."""
    return resource("demo", "demo_class.mp4"), resource("demo", "demo_song.mp3")
