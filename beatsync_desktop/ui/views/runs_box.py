"""The runs of the song on the result page (issue 12): one row per run with a tick, where it
plays on both clocks, its tempo and how sure the match is, and buttons to listen to it; below,
one file or one per run, and "Write again". Layout only: `ui/runs.RunsControl` fills it and
acts on its signals."""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QFrame, QGridLayout, QLabel,
                               QPushButton, QRadioButton, QToolButton, QVBoxLayout)

from .panels import clear_layout, row


@dataclass(frozen=True)
class RunRow:
    """One run as shown: its number, and the texts of its columns."""
    number: int
    video: str            # '0:04 – 0:14'
    song: str
    tempo: str            # '' at the song's own tempo
    confidence: str
    ticked: bool
    in_output: bool       # the written file holds it (its video can be played)


@dataclass(frozen=True)
class RunsTexts:
    title: str
    headers: tuple[str, str, str, str]     # video, song, tempo, confidence
    run: str                               # 'Run {0}'
    play_video: str
    play_video_tip: str
    play_song: str
    play_song_tip: str
    not_written_tip: str
    one_file: str
    one_file_tip: str
    per_run: str
    per_run_tip: str
    write_again: str
    write_again_tip: str


class RunsBox(QFrame):
    ticked = Signal(int, bool)        # run number (from 1), ticked or not
    play_video = Signal(int)          # play the written file from this run's start
    play_song = Signal(int)           # play the clean song from this run's place in it

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("runsBox")
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(2)
        self.one_file = QRadioButton()
        self.per_run = QRadioButton()
        self.mode = QButtonGroup(self)
        self.mode.addButton(self.one_file)
        self.mode.addButton(self.per_run)
        self.write_again = QPushButton()
        self.write_again.setObjectName("writeAgain")
        self.note = QLabel()
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.note.setWordWrap(True)
        self._shown = None              # what the grid shows, less the ticks
        self.checks: dict[int, QCheckBox] = {}
        self.video_buttons: dict[int, QToolButton] = {}
        self.song_buttons: dict[int, QToolButton] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 4)
        lay.setSpacing(4)
        top = row(self.title, self.note, self.one_file, self.per_run, self.write_again)
        top.setStretch(0, 1)
        top.setSpacing(10)
        lay.addLayout(top)
        lay.addLayout(self.grid)

    def set_runs(self, rows: list[RunRow], texts: RunsTexts) -> None:
        """Draw the runs; the grid is made again only when more than a tick changed (a new
        result, a language switch), so a tick keeps the keyboard focus where it is."""
        shown = ([replace(r, ticked=False) for r in rows], texts)
        if shown == self._shown:
            for run in rows:
                check = self.checks[run.number]
                check.blockSignals(True)
                check.setChecked(run.ticked)
                check.blockSignals(False)
            return
        self._shown = shown
        clear_layout(self.grid)
        self.checks, self.video_buttons, self.song_buttons = {}, {}, {}
        self.title.setText(texts.title)
        for col, header in enumerate(texts.headers, start=1):
            label = QLabel(header)
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            self.grid.addWidget(label, 0, col)
        for r, run in enumerate(rows, start=1):
            check = QCheckBox(texts.run.format(run.number))
            check.setObjectName(f"run{run.number}")
            check.setChecked(run.ticked)
            check.toggled.connect(lambda on, n=run.number: self.ticked.emit(n, on))
            self.checks[run.number] = check
            self.grid.addWidget(check, r, 0)
            for col, value in enumerate((run.video, run.song, run.tempo or "—",
                                         run.confidence), start=1):
                label = QLabel(value)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                label.setWordWrap(col >= 3)      # tempo and confidence wrap in a narrow window
                self.grid.addWidget(label, r, col)
            video = QToolButton()
            video.setAutoRaise(True)
            video.setText(texts.play_video)
            video.setEnabled(run.in_output)
            video.setToolTip(texts.play_video_tip if run.in_output else texts.not_written_tip)
            video.clicked.connect(lambda _=False, n=run.number: self.play_video.emit(n))
            song = QToolButton()
            song.setAutoRaise(True)
            song.setText(texts.play_song)
            song.setToolTip(texts.play_song_tip)
            song.clicked.connect(lambda _=False, n=run.number: self.play_song.emit(n))
            self.video_buttons[run.number], self.song_buttons[run.number] = video, song
            self.grid.addWidget(video, r, 5)
            self.grid.addWidget(song, r, 6)
        self.grid.setColumnStretch(4, 1)
        self.one_file.setText(texts.one_file)
        self.one_file.setToolTip(texts.one_file_tip)
        self.per_run.setText(texts.per_run)
        self.per_run.setToolTip(texts.per_run_tip)
        self.write_again.setText(texts.write_again)
        self.write_again.setToolTip(texts.write_again_tip)

    def set_state(self, split: bool, can_write: bool, note: str) -> None:
        for button, on in ((self.per_run, split), (self.one_file, not split)):
            if button.isChecked() != on:
                button.blockSignals(True)
                button.setChecked(on)
                button.blockSignals(False)
        self.write_again.setEnabled(can_write)
        self.note.setText(note)
        self.note.setVisible(bool(note))
