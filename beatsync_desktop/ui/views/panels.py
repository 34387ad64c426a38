"""The lower half of the window: hint, progress, result, error — one shown at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QGridLayout, QHBoxLayout,
                               QHeaderView, QLabel, QPlainTextEdit, QProgressBar, QPushButton,
                               QSizePolicy, QStackedWidget, QTableWidget, QTableWidgetItem,
                               QToolButton, QVBoxLayout, QWidget)

from .alignment_view import AlignmentView


def _scaled(label: QLabel, factor: float, bold: bool = False) -> QLabel:
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * factor)
    f.setBold(bold)
    label.setFont(f)
    return label


def _is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


class HintPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        _scaled(self.label, 1.1)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.label)
        lay.addStretch(2)


class ProgressPanel(QWidget):
    """Named stages as a row of steps, a bar with a percentage, and a time estimate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.heading = _scaled(QLabel(), 1.25, bold=True)
        self.item_label = QLabel()
        self.item_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.steps_row = QHBoxLayout()
        self.steps_row.setSpacing(6)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(True)
        self.bar.setFormat("%p %")
        self.bar.setMinimumHeight(22)
        self.stage = QLabel()
        self.eta = QLabel()
        self.eta.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        info = QHBoxLayout()
        info.addWidget(self.stage, 1)
        info.addWidget(self.eta)
        lay = QVBoxLayout(self)
        lay.setSpacing(10)
        lay.addWidget(self.heading)
        lay.addWidget(self.item_label)
        lay.addLayout(self.steps_row)
        lay.addWidget(self.bar)
        lay.addLayout(info)
        lay.addStretch(1)
        self._steps: list[tuple[str, QLabel]] = []

    def set_steps(self, steps: list[tuple[str, str]]) -> None:
        """steps: (stage name, translated label), in order."""
        while self.steps_row.count():
            item = self.steps_row.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self._steps = []
        for i, (name, label) in enumerate(steps):
            if i:
                arrow = QLabel("›")
                arrow.setForegroundRole(QPalette.ColorRole.PlaceholderText)
                self.steps_row.addWidget(arrow)
            chip = QLabel(label)
            chip.setObjectName(f"step_{name}")
            chip.setMargin(4)
            self.steps_row.addWidget(chip)
            self._steps.append((name, chip))
        self.steps_row.addStretch(1)

    def set_current(self, stage: str) -> None:
        names = [n for n, _ in self._steps]
        current = names.index(stage) if stage in names else -1
        pal = self.palette()
        accent = pal.color(QPalette.ColorRole.Highlight).name()
        on_accent = pal.color(QPalette.ColorRole.HighlightedText).name()
        muted = pal.color(QPalette.ColorRole.PlaceholderText).name()
        for i, (name, chip) in enumerate(self._steps):
            text = chip.text().lstrip("✓ ")
            if i < current:
                chip.setText("✓ " + text)
                chip.setStyleSheet("")
            elif i == current:
                chip.setText(text)
                chip.setStyleSheet(f"background:{accent}; color:{on_accent}; border-radius:4px;"
                                   " font-weight:bold;")
            else:
                chip.setText(text)
                chip.setStyleSheet(f"color:{muted};")

    def set_fraction(self, fraction: float) -> None:
        self.bar.setValue(int(round(max(0.0, min(1.0, fraction)) * 1000)))


class ErrorPanel(QFrame):
    """The engine's one-line human message, details folded away, never a traceback up front."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("errorPanel")
        self.title = _scaled(QLabel(), 1.25, bold=True)
        self.message = _scaled(QLabel(), 1.05)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAutoRaise(True)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setMaximumHeight(160)
        self.details.hide()
        self.open_log = QPushButton()
        self.toggle.toggled.connect(self._toggled)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        lay.addWidget(self.title)
        lay.addWidget(self.message)
        lay.addWidget(self.hint)
        row = QHBoxLayout()
        row.addWidget(self.toggle)
        row.addStretch(1)
        row.addWidget(self.open_log)
        lay.addLayout(row)
        lay.addWidget(self.details)
        lay.addStretch(1)

    def _toggled(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.details.setVisible(on)

    def show_error(self, title: str, message: str, hint: str, details: str) -> None:
        self.title.setText(title)
        self.title.setStyleSheet("color:#ff8a80;" if _is_dark(self) else "color:#c62828;")
        self.message.setText(message)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.details.setPlainText(details)
        self.toggle.setVisible(bool(details))
        self.toggle.setChecked(False)


class ResultPanel(QWidget):
    """Outcome in plain words, the match picture, and what to do with the file."""
    runner_up_clicked = Signal(float)      # candidate offset to force

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.headline = _scaled(QLabel(), 1.25, bold=True)
        self.headline.setWordWrap(True)
        self.output_label = QLabel()
        self.output_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.output_label.setWordWrap(True)

        self.warning = QFrame()
        self.warning.setObjectName("lowConfidence")
        self.warning_text = QLabel()
        self.warning_text.setWordWrap(True)
        self.runner_ups = QHBoxLayout()
        wl = QVBoxLayout(self.warning)
        wl.setContentsMargins(12, 8, 12, 8)
        wl.addWidget(self.warning_text)
        wl.addLayout(self.runner_ups)
        self.warning.hide()

        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(18)
        self.facts.setVerticalSpacing(4)
        self.facts.setColumnStretch(1, 1)

        self.picture = AlignmentView()
        self.player_host = QStackedWidget()   # [0] alignment picture, [1] player (lazy)
        self.player_host.addWidget(self.picture)

        self.play = QPushButton()
        self.open_external = QPushButton()
        self.reveal = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.play)
        buttons.addWidget(self.open_external)
        buttons.addWidget(self.reveal)
        buttons.addStretch(1)

        lay = QVBoxLayout(self)
        lay.setSpacing(8)
        lay.addWidget(self.headline)
        lay.addWidget(self.output_label)
        lay.addWidget(self.warning)
        lay.addLayout(self.facts)
        lay.addWidget(self.player_host, 1)
        lay.addLayout(buttons)

    def set_facts(self, rows: list[tuple[str, str]]) -> None:
        while self.facts.count():
            item = self.facts.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for r, (name, value) in enumerate(rows):
            key = QLabel(name)
            key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            val = QLabel(value)
            val.setWordWrap(True)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.facts.addWidget(key, r, 0, Qt.AlignmentFlag.AlignTop)
            self.facts.addWidget(val, r, 1)

    def set_warning(self, text: str, runner_ups: list[tuple[float, str]]) -> None:
        while self.runner_ups.count():
            item = self.runner_ups.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        if not text:
            self.warning.hide()
            return
        dark = _is_dark(self)
        bg, fg = ("#4a3b12", "#ffe08a") if dark else ("#fff4d6", "#6b4e00")
        self.warning.setStyleSheet(f"#lowConfidence {{ background:{bg}; border-radius:8px; }}"
                                   f" #lowConfidence QLabel {{ color:{fg}; }}")
        self.warning_text.setText(text)
        for offset, label in runner_ups:
            b = QPushButton(label)
            b.setObjectName("runnerUp")
            b.clicked.connect(lambda _=False, o=offset: self.runner_up_clicked.emit(o))
            self.runner_ups.addWidget(b)
        self.runner_ups.addStretch(1)
        self.warning.show()


class BatchTable(QTableWidget):
    """The queue of class videos, one row each, with a per-item status."""
    remove_requested = Signal(list)    # row numbers

    def __init__(self, parent=None) -> None:
        super().__init__(0, 3, parent)
        self.setObjectName("batchTable")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().hide()
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        h = self.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(110)
        self.setMaximumHeight(200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)

    def set_headers(self, labels: list[str]) -> None:
        self.setHorizontalHeaderLabels(labels)

    def set_rows(self, rows: list[tuple[str, str, str, str]]) -> None:
        """rows: (name, status, detail, state) — state picks the status colour."""
        self.setRowCount(len(rows))
        dark = _is_dark(self)
        colors = {"done": "#66bb6a" if dark else "#2e7d32",
                  "failed": "#ff8a80" if dark else "#c62828",
                  "running": self.palette().color(QPalette.ColorRole.Highlight).name()}
        for r, (name, status, detail, state) in enumerate(rows):
            for c, text in enumerate((name, status, detail)):
                item = self.item(r, c)
                if item is None:
                    item = QTableWidgetItem()
                    self.setItem(r, c, item)
                item.setText(text)
                item.setToolTip(text)
                if c == 1:
                    color = colors.get(state)
                    item.setForeground(QColor(color) if color else
                                       self.palette().color(QPalette.ColorRole.Text))

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            rows = sorted({i.row() for i in self.selectedIndexes()})
            if rows:
                self.remove_requested.emit(rows)
                return
        super().keyPressEvent(event)
