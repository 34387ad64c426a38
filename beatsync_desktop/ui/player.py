"""Plays the result inside the window with Qt Multimedia (imported on first use only)."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QToolButton, QVBoxLayout, QWidget

log = logging.getLogger(__name__)


def _clock(ms: int) -> str:
    s = max(0, ms // 1000)
    return f"{s // 60}:{s % 60:02d}"


class PlayerWidget(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.video = QVideoWidget()
        self.video.setMinimumHeight(180)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.player.setVideoOutput(self.video)
        self.toggle = QToolButton()
        self.toggle.setText("❚❚")
        self.toggle.clicked.connect(self._toggle)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.sliderMoved.connect(self.player.setPosition)
        self.time = QLabel("0:00 / 0:00")
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        self.player.durationChanged.connect(lambda d: self.slider.setRange(0, d))
        self.player.positionChanged.connect(self._position)
        self.player.playbackStateChanged.connect(self._state)
        self.player.errorOccurred.connect(self._error)
        self._start_ms = 0
        self.player.mediaStatusChanged.connect(self._status)
        controls = QHBoxLayout()
        controls.addWidget(self.toggle)
        controls.addWidget(self.slider, 1)
        controls.addWidget(self.time)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.video, 1)
        lay.addWidget(self.error)
        lay.addLayout(controls)

    def play_file(self, path: Path, start: float = 0.0) -> None:
        """Play `path` from `start` seconds (the position is set once the media is loaded)."""
        self.error.hide()
        self._start_ms = int(start * 1000)
        self.player.setSource(QUrl.fromLocalFile(str(path)))
        if self._start_ms:
            self.player.setPosition(self._start_ms)
        self.player.play()

    def _status(self, status) -> None:
        from PySide6.QtMultimedia import QMediaPlayer
        if self._start_ms and status in (QMediaPlayer.MediaStatus.LoadedMedia,
                                         QMediaPlayer.MediaStatus.BufferedMedia):
            start, self._start_ms = self._start_ms, 0
            if abs(self.player.position() - start) > 250:
                self.player.setPosition(start)

    def stop(self) -> None:
        self.player.stop()

    def _toggle(self) -> None:
        from PySide6.QtMultimedia import QMediaPlayer
        if self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState:
            self.player.pause()
        else:
            self.player.play()

    def _state(self, state) -> None:
        from PySide6.QtMultimedia import QMediaPlayer
        playing = state == QMediaPlayer.PlaybackState.PlayingState
        self.toggle.setText("❚❚" if playing else "▶")

    def _position(self, pos: int) -> None:
        if not self.slider.isSliderDown():
            self.slider.setValue(pos)
        self.time.setText(f"{_clock(pos)} / {_clock(self.player.duration())}")

    def _error(self, _error, message: str) -> None:
        log.warning("Player error: %s", message)
        self.error.setText(self.tr("Cannot play here: {0}. Use “Open in player”.").format(message))
        self.error.show()
