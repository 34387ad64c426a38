"""What to do with a finished video: play it in the window, open it in the system player,
show it in the file manager; and the Help menu's log folder and About box."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, QProcess, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget


class ResultActions(QObject):
    def __init__(self, window: QWidget, log_dir: Optional[Path] = None) -> None:
        super().__init__(window)
        self.window, self.log_dir = window, log_dir
        self.player = None
        self.player_factory: Optional[Callable[[], QWidget]] = None   # tests: a fake player

    def player_shown(self, panel) -> bool:
        return self.player is not None and panel.player_host.currentIndex() == 1

    def toggle_player(self, panel, path: Optional[Path]) -> Optional[bool]:
        """Play `path` in the result panel, or go back to the match picture if it plays.
        True: now playing; False: back to the picture; None: nothing to play."""
        if path is None:
            return None
        if self.player_shown(panel):
            self.close_player(panel)
            return False
        self.play(panel, path)
        return True

    def play(self, panel, path: Path, start: float = 0.0) -> None:
        """Play `path` in the result panel from `start` seconds (a run's start)."""
        if self.player is None:
            from .player import PlayerWidget   # Qt Multimedia loads on first use only
            self.player = (self.player_factory or PlayerWidget)()
            panel.player_host.addWidget(self.player)
        panel.player_host.setCurrentWidget(self.player)
        self.player.play_file(path, max(0.0, start))
        panel.play.setText(self.tr("Show match picture"))

    def close_player(self, panel) -> None:
        if self.player is not None:
            self.player.stop()
            panel.player_host.setCurrentIndex(0)
            panel.play.setText(self.tr("▶ Play here"))

    def stop_player(self) -> None:
        if self.player is not None:
            self.player.stop()

    def open_external(self, path: Optional[Path]) -> None:
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def reveal(self, path: Optional[Path]) -> None:
        if path is not None:
            reveal_in_file_manager(path)

    def open_log_folder(self) -> None:
        if self.log_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))

    def about(self) -> None:
        from .. import __version__
        QMessageBox.about(self.window, self.tr("About BeatSync"), self.tr(
            "<b>BeatSync {0}</b><p>Puts the clean song under a dance-class video, exactly "
            "aligned, and trims it to the dance.</p>").format(__version__))


def reveal_in_file_manager(path: Path) -> None:
    path = Path(path)
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", ["/select,", str(path)])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    else:
        uri = QUrl.fromLocalFile(str(path)).toString()
        ok = QProcess.startDetached("dbus-send", [
            "--session", "--print-reply", "--dest=org.freedesktop.FileManager1",
            "--type=method_call", "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1.ShowItems", f"array:string:{uri}", "string:"])
        if not (ok[0] if isinstance(ok, tuple) else ok):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
