"""A small typed wrapper over QSettings.

INI files (the default on Linux, and what we use everywhere for one format) give values
back as strings: "true", "0.3". Every getter here coerces, so callers get real types.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from PySide6.QtCore import QByteArray, QSettings

from ..core.models import OPTION_SPECS, SyncOptions

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

    def _get_option(self, field: str) -> float:
        """A numeric job option: default and the window's range from `OPTION_SPECS`."""
        spec = OPTION_SPECS[field]
        lo, hi = spec.window_range()
        return min(hi, max(lo, to_float(self._q.value(f"options/{field}"), spec.default)))

    def _get_str(self, key: str, default: str = "") -> str:
        value = self._q.value(key)
        return default if value is None else str(value)

    def _get_dir(self, key: str) -> str:
        value = self._get_str(key)
        return value if value and Path(value).is_dir() else ""

    # -- options ----------------------------------------------------------------
    @property
    def trim_to_music(self) -> bool:
        return self._get_bool("options/trim_to_music", not SyncOptions().keep_full)

    @trim_to_music.setter
    def trim_to_music(self, value: bool) -> None:
        self._q.setValue("options/trim_to_music", bool(value))

    @property
    def fade(self) -> float:
        return self._get_option("fade")

    @fade.setter
    def fade(self, value: float) -> None:
        self._q.setValue("options/fade", float(value))

    @property
    def margin(self) -> float:
        return self._get_option("margin")

    @margin.setter
    def margin(self, value: float) -> None:
        self._q.setValue("options/margin", float(value))

    @property
    def speaker_distance(self) -> float:
        return self._get_option("speaker_distance")

    @speaker_distance.setter
    def speaker_distance(self, value: float) -> None:
        self._q.setValue("options/speaker_distance", float(value))

    # -- folders ----------------------------------------------------------------
    @property
    def video_dir(self) -> str:
        return self._get_dir("folders/video")

    @video_dir.setter
    def video_dir(self, value: str) -> None:
        self._q.setValue("folders/video", str(value))

    @property
    def song_dir(self) -> str:
        return self._get_dir("folders/song") or self.video_dir

    @song_dir.setter
    def song_dir(self, value: str) -> None:
        self._q.setValue("folders/song", str(value))

    @property
    def output_dir(self) -> str:
        return self._get_dir("folders/output")

    @output_dir.setter
    def output_dir(self, value: str) -> None:
        self._q.setValue("folders/output", str(value))

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
