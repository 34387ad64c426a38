"""The window's file pickers (Browse…, Change…, File ▸ Open): a chosen file goes where a
dropped one would (`MainController.add_files`), and its folder is remembered."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from . import dialogs

if TYPE_CHECKING:
    from .controller import MainController


class Pickers(QObject):
    def __init__(self, controller: "MainController") -> None:
        super().__init__(controller)
        self.c = controller

    def browse_video(self) -> None:
        files = dialogs.choose_videos(self.c.w, self.c.settings.video_dir)
        if files:
            self.c.add_files(files, "video")

    def browse_song(self) -> None:
        file = dialogs.choose_song(self.c.w, self.c.settings.song_dir)
        if file:
            self.c.add_files([file], "song")

    def browse_output(self) -> None:
        c = self.c
        file = dialogs.choose_output(c.w, c.w.output_edit.text() or (c.settings.output_dir or ""))
        if file:
            c.custom_output = Path(file)
            c.settings.output_dir = str(Path(file).parent)
            c.refresh()

    def output_edited(self, value: str) -> None:
        """The output field typed into (one video): that file, or the default when empty."""
        self.c.custom_output = Path(value) if value.strip() else None
