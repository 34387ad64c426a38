"""The lower half of the window: hint and progress pages, and the batch table.

The result and error pages are in result_panel.py; `MainWindow.show_page(Page.…)` picks one.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QProgressBar, QSizePolicy, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)


def scaled(label: QLabel, factor: float, bold: bool = False) -> QLabel:
    f = label.font()
    f.setPointSizeF(f.pointSizeF() * factor)
    f.setBold(bold)
    label.setFont(f)
    return label


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


STRETCH = None   # in `row(...)`: a stretch between widgets


def row(*items) -> QHBoxLayout:
    """A horizontal row of widgets; `STRETCH` (None) pushes the ones after it to the end."""
    layout = QHBoxLayout()
    for item in items:
        if item is STRETCH:
            layout.addStretch(1)
        else:
            layout.addWidget(item)
    return layout


def column(owner: QWidget, *items, spacing: int = -1) -> QVBoxLayout:
    """`owner`'s vertical layout: widgets and layouts in order, `(item, stretch)` for one
    that takes the room left, `STRETCH` for empty room."""
    layout = QVBoxLayout(owner)
    if spacing >= 0:
        layout.setSpacing(spacing)
    for item in items:
        item, stretch = item if isinstance(item, tuple) else (item, 0)
        if item is STRETCH:
            layout.addStretch(1)
        elif isinstance(item, QWidget):
            layout.addWidget(item, stretch)
        else:
            layout.addLayout(item, stretch)
    return layout


def clear_layout(layout) -> None:
    """Remove (and delete) every widget of a layout, before it is filled again."""
    while layout.count():
        item = layout.takeAt(0)
        if item.widget():
            item.widget().deleteLater()


class HintPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        scaled(self.label, 1.1)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(self.label)
        lay.addStretch(2)


class ProgressPanel(QWidget):
    """Named stages as a row of steps, a bar with a percentage, and a time estimate."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.heading = scaled(QLabel(), 1.25, bold=True)
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
        column(self, self.heading, self.item_label, self.steps_row, self.bar, info, STRETCH,
               spacing=10)
        self._steps: list[tuple[str, QLabel]] = []

    def set_steps(self, steps: list[tuple[str, str]]) -> None:
        """steps: (stage name, translated label), in order."""
        clear_layout(self.steps_row)
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
        dark = is_dark(self)
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
