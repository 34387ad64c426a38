"""The main window's layout. It owns widgets and actions; `MainController` gives them life."""

from __future__ import annotations

from enum import IntEnum
from typing import Callable, Optional

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QMainWindow, QPushButton, QSizePolicy,
                               QStackedWidget, QVBoxLayout, QWidget)

from ...core.models import GAP_AUDIO, OPTION_SPECS
from .drop_zone import DropZone, local_paths
from .panels import STRETCH, BatchTable, HintPanel, ProgressPanel, row
from .result_panel import ErrorPanel, ResultPanel

LANGUAGES = (("", None), ("en", "English"), ("zh_CN", "简体中文"))


class Page(IntEnum):
    """The lower half's pages, in their order in `MainWindow.pages`."""
    HINT = 0
    PROGRESS = 1
    RESULT = 2
    ERROR = 3


def option_spin_box(field: str) -> QDoubleSpinBox:
    """A spin box for one job option: range, step and decimals from `OPTION_SPECS`."""
    spec = OPTION_SPECS[field]
    box = QDoubleSpinBox()
    box.setRange(*spec.window_range())
    box.setSingleStep(spec.step)
    box.setDecimals(spec.decimals)
    return box


class MainWindow(QMainWindow):
    files_dropped = Signal(list)           # dropped on the window, outside the zones
    shown = Signal()                       # first time on screen (startup measurement)
    retranslated = Signal()                # after a language switch re-labelled the widgets

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BeatSyncMainWindow")
        self.setAcceptDrops(True)
        self.setMinimumSize(760, 640)
        self.resize(980, 820)
        self.close_guard: Optional[Callable[[QCloseEvent], None]] = None
        self._shown_once = False

        self.video_zone = DropZone("video")
        self.song_zone = DropZone("song")
        zones = QHBoxLayout()
        zones.setSpacing(14)
        zones.addWidget(self.video_zone, 1)
        zones.addWidget(self.song_zone, 1)

        self.batch = BatchTable()
        self.batch.hide()

        # Output
        self.output_label = QLabel()
        self.output_edit = QLineEdit()
        self.output_edit.setClearButtonEnabled(False)
        self.output_label.setBuddy(self.output_edit)
        self.output_browse = QPushButton()
        out_row = QHBoxLayout()
        out_row.addWidget(self.output_label)
        out_row.addWidget(self.output_edit, 1)
        out_row.addWidget(self.output_browse)

        # Options the engine offers
        self.trim = QCheckBox()
        self.margin_label, self.margin = QLabel(), option_spin_box("margin")
        self.fade_label, self.fade = QLabel(), option_spin_box("fade")
        self.distance_label, self.distance = QLabel(), option_spin_box("speaker_distance")
        for label, box in ((self.margin_label, self.margin), (self.fade_label, self.fade),
                           (self.distance_label, self.distance)):
            label.setBuddy(box)
        opt_row = QHBoxLayout()
        opt_row.setSpacing(8)
        opt_row.addWidget(self.trim)
        opt_row.addSpacing(12)
        for label, box in ((self.margin_label, self.margin), (self.fade_label, self.fade),
                           (self.distance_label, self.distance)):
            opt_row.addWidget(label)
            opt_row.addWidget(box)
            opt_row.addSpacing(10)
        opt_row.addStretch(1)
        # The song plays several times (issue 12): one file or one per run; between runs.
        self.runs_label, self.runs_mode = QLabel(), QComboBox()     # [0] one file, [1] per run
        self.runs_mode.addItems(["", ""])
        self.gap_label, self.gap_audio = QLabel(), QComboBox()      # items: GAP_AUDIO's order
        self.gap_audio.addItems(["" for _ in GAP_AUDIO])
        self.runs_label.setBuddy(self.runs_mode)
        self.gap_label.setBuddy(self.gap_audio)
        runs_row = row(self.runs_label, self.runs_mode, self.gap_label, self.gap_audio, STRETCH)
        runs_row.setSpacing(8)

        # Actions row
        self.start_button = QPushButton()
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.start_button.setMinimumWidth(150)
        self.start_button.setMinimumHeight(36)
        f = self.start_button.font()
        f.setBold(True)
        self.start_button.setFont(f)
        self.cancel_button = QPushButton()
        self.cancel_button.setMinimumHeight(36)
        self.cancel_button.setEnabled(False)
        self.history_button = QPushButton()
        self.history_button.setObjectName("historyButton")
        self.history_button.setMinimumHeight(36)
        act_row = row(self.history_button, STRETCH, self.cancel_button, self.start_button)

        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)

        self.hint_panel = HintPanel()
        self.progress_panel = ProgressPanel()
        self.result_panel = ResultPanel()
        self.error_panel = ErrorPanel()
        self.pages = QStackedWidget()
        for page in (self.hint_panel, self.progress_panel, self.result_panel, self.error_panel):
            self.pages.addWidget(page)
        self.pages.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(18, 14, 18, 12)
        lay.setSpacing(10)
        lay.addLayout(zones)
        lay.addWidget(self.batch)
        lay.addLayout(out_row)
        lay.addLayout(opt_row)
        lay.addLayout(runs_row)
        lay.addLayout(act_row)
        lay.addWidget(line)
        lay.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        # A note about the job history itself (a damaged file moved aside…), kept in the
        # status bar (temporary messages cover it for their few seconds).
        self.history_notice = QLabel()
        self.history_notice.setObjectName("historyNotice")
        self.history_notice.setWordWrap(True)
        self.statusBar().addWidget(self.history_notice, 1)
        self.history_notice.hide()

        self._build_actions()
        self.retranslate()

    # -- menus & shortcuts -----------------------------------------------------------
    def _build_actions(self) -> None:
        self.act_open_video = QAction(self)
        self.act_open_video.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.act_open_song = QAction(self)
        self.act_open_song.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.act_start = QAction(self)
        self.act_start.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.act_cancel = QAction(self)
        self.act_cancel.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.act_cancel.setEnabled(False)
        self.act_play = QAction(self)
        self.act_play.setShortcut(QKeySequence("Ctrl+P"))
        self.act_play.setEnabled(False)
        self.act_quit = QAction(self)
        self.act_quit.setShortcut(QKeySequence(QKeySequence.StandardKey.Quit))
        self.act_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.act_history = QAction(self)
        self.act_history.setShortcut(QKeySequence("Ctrl+H"))
        self.act_retry = QAction(self)          # the batch table's context menu
        self.act_retry.setShortcut(QKeySequence("Ctrl+R"))
        self.batch.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.batch.addAction(self.act_retry)
        self.act_log = QAction(self)
        self.act_about = QAction(self)
        self.act_about.setMenuRole(QAction.MenuRole.AboutRole)

        self.lang_group = QActionGroup(self)
        self.lang_actions: dict[str, QAction] = {}
        for code, _name in LANGUAGES:
            a = QAction(self)
            a.setCheckable(True)
            a.setData(code)
            self.lang_group.addAction(a)
            self.lang_actions[code] = a

        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        for a in (self.act_open_video, self.act_open_song, None, self.act_start,
                  self.act_cancel, self.act_play, self.act_retry, None, self.act_history, None,
                  self.act_quit):
            self.menu_file.addSeparator() if a is None else self.menu_file.addAction(a)
        self.menu_lang = mb.addMenu("")
        for a in self.lang_actions.values():
            self.menu_lang.addAction(a)
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_log)
        self.menu_help.addAction(self.act_about)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("BeatSync"))
        self.output_label.setText(self.tr("&Save as:"))
        self.output_browse.setText(self.tr("Change…"))
        self.output_edit.setPlaceholderText(self.tr("Next to the class video"))
        self.trim.setText(self.tr("&Trim to the music"))
        self.trim.setToolTip(self.tr("Cut the lead-in and the tail where the song is not "
                                     "playing. Off: keep the whole video."))
        for label, box, text, suffix, tip in (
                (self.margin_label, self.margin, self.tr("&Margin"), self.tr(" s"),
                 self.tr("Seconds kept before the music starts and after it ends")),
                (self.fade_label, self.fade, self.tr("&Fade"), self.tr(" s"),
                 self.tr("Length of the audio fade-in and fade-out at the cuts")),
                (self.distance_label, self.distance, self.tr("Speaker &distance"), self.tr(" m"),
                 self.tr("How far the phone was from the loudspeaker. Sound arrives ~3 ms late "
                         "per metre; this moves the music back in step with the picture."))):
            label.setText(text)
            box.setSuffix(suffix)
            box.setToolTip(tip)
        self.runs_label.setText(self.tr("When the song plays several times, &write:"))
        self.runs_mode.setItemText(0, self.tr("one file, first run to last"))
        self.runs_mode.setItemText(1, self.tr("one file per run"))
        self.runs_mode.setToolTip(self.tr("A restart, a pause, the song twice: one video from "
                                          "the first run to the last, or a video for each run "
                                          "(…_run1.mp4, …_run2.mp4)"))
        self.gap_label.setText(self.tr("&Between runs:"))
        for i, text in enumerate((self.tr("the room's sound"), self.tr("silence"))):
            self.gap_audio.setItemText(i, text)      # GAP_AUDIO: ("room", "silence")
        self.gap_audio.setToolTip(self.tr("What the one file plays between two runs of the "
                                          "song: the class's own sound (the teacher's words), "
                                          "or silence"))
        self.start_button.setText(self.tr("Start"))
        self.start_button.setToolTip(self.tr("Sync the video (Ctrl+Enter)"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop; nothing is written (Esc)"))
        self.act_open_video.setText(self.tr("Open &class video…"))
        self.act_open_song.setText(self.tr("Open &song…"))
        self.act_start.setText(self.tr("&Start"))
        self.act_cancel.setText(self.tr("&Cancel"))
        self.act_play.setText(self.tr("&Play result"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_log.setText(self.tr("Open &log folder"))
        self.act_history.setText(self.tr("&History…"))
        self.act_retry.setText(self.tr("&Retry this video"))
        self.history_button.setText(self.tr("History…"))
        self.history_button.setToolTip(self.tr("Past jobs: open, re-run, retry (Ctrl+H)"))
        self.error_panel.retry.setText(self.tr("Retry"))
        self.error_panel.retry.setToolTip(self.tr("Run this video again, with the settings "
                                                  "it ran with (Ctrl+R)"))
        self.act_about.setText(self.tr("&About BeatSync"))
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_lang.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        for code, name in LANGUAGES:
            self.lang_actions[code].setText(name or self.tr("System default"))
        self.video_zone.retranslate()
        self.song_zone.retranslate()
        self.batch.set_headers([self.tr("Class video"), self.tr("Status"), self.tr("Result")])
        self.result_panel.play.setText(self.tr("▶ Play here"))
        self.result_panel.open_external.setText(self.tr("Open in player"))
        self.result_panel.reveal.setText(self.tr("Show in folder"))
        self.result_panel.picture.set_texts(song=self.tr("Song"),
                                            clean=self.tr("Clean song, aligned"),
                                            live=self.tr("Class recording"))
        self.error_panel.toggle.setText(self.tr("Details"))
        self.error_panel.open_log.setText(self.tr("Open log folder"))

    def set_history_notice(self, text: str) -> None:
        self.history_notice.setText(text)
        self.history_notice.setToolTip(text)
        self.history_notice.setVisible(bool(text))

    def show_page(self, page: Page) -> None:
        self.pages.setCurrentIndex(int(page))

    # -- events ---------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.retranslated.emit()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.shown.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.close_guard is not None:
            self.close_guard(event)
        else:
            event.accept()

    def dragEnterEvent(self, event) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
