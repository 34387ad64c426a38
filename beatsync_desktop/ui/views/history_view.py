"""The History window and the resume offer: layout only (`history_window.HistoryWindow`
gives them life, `history_model.HistoryModel` fills the table)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QDialogButtonBox,
                               QHeaderView, QLabel, QLineEdit, QListWidget, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from .panels import STRETCH, column, row


class HistoryDialog(QDialog):
    """Past jobs, newest first: a filter box, the table, what the selected job says, and
    what can be done with it."""
    retranslated = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.resize(980, 560)
        self.notice = QLabel()
        self.notice.setObjectName("historyNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.table = QTableView()
        self.table.setObjectName("historyTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(44)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.use_current = QCheckBox()
        self.open_result = QPushButton()
        self.reveal = QPushButton()
        self.rerun = QPushButton()
        self.retry = QPushButton()
        self.remove = QPushButton()
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.close)
        self.remove_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete),
                                         self.table)
        column(self, self.notice, row(self.search_label, self.search), (self.table, 1),
               self.empty, self.details, self.use_current,
               row(self.open_result, self.reveal, STRETCH, self.rerun, self.retry,
                   self.remove, self.close_button), spacing=8)
        self.retranslate()

    def set_model(self, model) -> None:
        self.table.setModel(model)
        h = self.table.horizontalHeader()
        for c, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,) * 4
                                 + (QHeaderView.ResizeMode.Stretch,)):
            h.setSectionResizeMode(c, mode)

    def set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.notice.setStyleSheet("#historyNotice { background:#fff4d6; color:#6b4e00; "
                                  "border-radius:6px; padding:6px; }" if text else "")

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("History"))
        self.search_label.setText(self.tr("&Find:"))
        self.search.setPlaceholderText(self.tr("Part of a file name (video, song or output)"))
        self.empty.setText(self.tr("No jobs yet. Synced videos are listed here."))
        self.use_current.setText(self.tr("Re-run and retry with the window's current "
                                         "settings (instead of the job's own)"))
        self.open_result.setText(self.tr("&Open result"))
        self.reveal.setText(self.tr("Show in &folder"))
        self.rerun.setText(self.tr("&Re-run"))
        self.rerun.setToolTip(self.tr("Sync the same files again as a new job"))
        self.retry.setText(self.tr("Re&try"))
        self.retry.setToolTip(self.tr("Run a failed, cancelled or interrupted job again"))
        self.remove.setText(self.tr("Remove from history"))
        self.remove.setToolTip(self.tr("Forget this job; its files stay where they are"))
        self.close_button.setText(self.tr("Close"))
        self.retranslated.emit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ResumeDialog(QDialog):
    """At start-up: jobs BeatSync did not finish last time (closed, killed, crashed)."""

    def __init__(self, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumeDialog")
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.choice = "later"
        self.setMinimumWidth(520)
        self.heading = QLabel()
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.heading.setFont(f)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.jobs = QListWidget()
        self.jobs.addItems(names)
        self.jobs.setMaximumHeight(160)
        self.buttons = QDialogButtonBox()
        self.resume = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.later = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.discard = self.buttons.addButton("", QDialogButtonBox.ButtonRole.DestructiveRole)
        for button, choice in ((self.resume, "resume"), (self.later, "later"),
                               (self.discard, "discard")):
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        lay = QVBoxLayout(self)
        for widget in (self.heading, self.text, self.jobs, self.buttons):
            lay.addWidget(widget)
        self.setWindowTitle(self.tr("Unfinished jobs"))
        self.heading.setText(self.tr("Jobs that did not finish last time: {0}").format(
            len(names)))
        self.text.setText(self.tr("BeatSync was closed or stopped while these videos were "
                                  "waiting or being synced. Resume them now? “Not now” asks "
                                  "again next time; “Discard” keeps them in the History as "
                                  "interrupted, to retry later."))
        self.resume.setText(self.tr("&Resume"))
        self.later.setText(self.tr("&Not now"))
        self.discard.setText(self.tr("&Discard"))
        self.resume.setDefault(True)
        self.resume.setFocus()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.done(QDialog.DialogCode.Accepted if choice == "resume"
                  else QDialog.DialogCode.Rejected)
