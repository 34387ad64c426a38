"""A small typed wrapper over QSettings.

INI files (the default on Linux, and what we use everywhere for one format) give values
back as strings: "true", "0.3". Every getter here coerces, so callers get real types.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QByteArray, QSettings

from ..core.models import GAP_AUDIO, OPTION_SPECS, SyncOptions

ORG = "BeatSync"
APP = "BeatSync Desktop"


def to_bool(value, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value).strip().lower()
    if text in {"true", "1", "yes", "on"}:
        return True
    if text in {"false", "0", "no", "off", ""}:
        return False
    return default


def to_float(value, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


class _OptionSetting:
    """A numeric job option, `options/<field>`: default and the window's range from
    `OPTION_SPECS` (so the settings, the spin boxes and the engine agree)."""

    def __init__(self, field: str) -> None:
        self.field, self.key = field, f"options/{field}"

    def __get__(self, settings: "Settings", owner=None) -> float:
        spec = OPTION_SPECS[self.field]
        lo, hi = spec.window_range()
        return min(hi, max(lo, to_float(settings._q.value(self.key), spec.default)))

    def __set__(self, settings: "Settings", value: float) -> None:
        settings._q.setValue(self.key, float(value))


class _FolderSetting:
    """A remembered folder ('' when it is gone), with another one as its fallback."""

    def __init__(self, key: str, fallback: str = "") -> None:
        self.key, self.fallback = key, fallback

    def __get__(self, settings: "Settings", owner=None) -> str:
        value = settings._get_str(self.key)
        if value and Path(value).is_dir():
            return value
        return getattr(settings, self.fallback) if self.fallback else ""

    def __set__(self, settings: "Settings", value: str) -> None:
        settings._q.setValue(self.key, str(value))


class Settings:
    def __init__(self, path: Optional[Path] = None) -> None:
        if path is not None:
            self._q = QSettings(str(path), QSettings.Format.IniFormat)
        else:
            self._q = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)

    @property
    def file_name(self) -> str:
        return self._q.fileName()

    def sync(self) -> None:
        self._q.sync()

    # -- helpers ----------------------------------------------------------------
    def _get_bool(self, key: str, default: bool) -> bool:
        return to_bool(self._q.value(key), default)

    def _get_str(self, key: str, default: str = "") -> str:
        value = self._q.value(key)
        return default if value is None else str(value)

    # -- options and folders ------------------------------------------------------
    trim_to_music = property(
        lambda self: self._get_bool("options/trim_to_music", not SyncOptions().keep_full),
        lambda self, value: self._q.setValue("options/trim_to_music", bool(value)))
    fade = _OptionSetting("fade")
    margin = _OptionSetting("margin")
    speaker_distance = _OptionSetting("speaker_distance")
    # the song plays several times (issue 12): one file per run, what plays between runs
    split_runs = property(
        lambda self: self._get_bool("options/split_runs", SyncOptions().split_runs),
        lambda self, value: self._q.setValue("options/split_runs", bool(value)))

    @property
    def gap_audio(self) -> str:
        value = self._get_str("options/gap_audio", SyncOptions().gap_audio)
        return value if value in GAP_AUDIO else SyncOptions().gap_audio

    @gap_audio.setter
    def gap_audio(self, value: str) -> None:
        self._q.setValue("options/gap_audio", value if value in GAP_AUDIO else
                         SyncOptions().gap_audio)

    video_dir = _FolderSetting("folders/video")
    song_dir = _FolderSetting("folders/song", fallback="video_dir")   # the videos' by default
    output_dir = _FolderSetting("folders/output")

    # -- UI ---------------------------------------------------------------------
    @property
    def language(self) -> str:
        """'' follows the system; otherwise 'en' or 'zh_CN'."""
        return self._get_str("ui/language", "")

    @language.setter
    def language(self, value: str) -> None:
        self._q.setValue("ui/language", value or "")

    @property
    def geometry(self) -> QByteArray:
        value = self._q.value("ui/geometry")
        return value if isinstance(value, QByteArray) else QByteArray()

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._q.setValue("ui/geometry", value)
