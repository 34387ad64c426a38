"""The window's dialogs: file pickers and the two questions it asks."""

from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

MEDIA_FILTER_VIDEO = "*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.3gp *.mts *.m2ts *.wmv"
MEDIA_FILTER_AUDIO = "*.mp3 *.m4a *.aac *.wav *.flac *.ogg *.opus *.wma *.aif *.aiff"


def choose_videos(parent: QWidget, folder: str) -> list[str]:
    files, _ = QFileDialog.getOpenFileNames(
        parent, QCoreApplication.translate("Dialogs", "Choose the class video"), folder,
        QCoreApplication.translate("Dialogs", "Videos ({0});;All files (*)").format(
            MEDIA_FILTER_VIDEO))
    return files


def choose_song(parent: QWidget, folder: str) -> str:
    file, _ = QFileDialog.getOpenFileName(
        parent, QCoreApplication.translate("Dialogs", "Choose the song"), folder,
        QCoreApplication.translate("Dialogs", "Audio and video ({0} {1});;All files (*)").format(
            MEDIA_FILTER_AUDIO, MEDIA_FILTER_VIDEO))
    return file


def choose_output(parent: QWidget, current: str) -> str:
    file, _ = QFileDialog.getSaveFileName(
        parent, QCoreApplication.translate("Dialogs", "Save the synced video as"), current,
        QCoreApplication.translate("Dialogs", "MP4 video (*.mp4);;QuickTime movie (*.mov)"))
    return file


def ask_song_choice(parent: QWidget, names: list[str]) -> Optional[int]:
    """Two or more videos dropped and no song yet: which one is the song? The index among
    `names`, -1 for none (a batch), None if the question was dismissed."""
    none = QCoreApplication.translate("Dialogs", "None — they are all class videos (batch)")
    item, ok = QInputDialog.getItem(
        parent, QCoreApplication.translate("Dialogs", "Which file is the song?"),
        QCoreApplication.translate("Dialogs", "You dropped several videos. Which one holds "
                                              "the clean song?"),
        names + [none], 0, False)
    if not ok:
        return None
    return -1 if item == none else names.index(item)


def confirm_close(parent: QWidget) -> bool:
    answer = QMessageBox.question(
        parent, QCoreApplication.translate("Dialogs", "Stop syncing?"),
        QCoreApplication.translate("Dialogs", "A video is being synced. Stop it and close "
                                              "BeatSync? Nothing will be written."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes
