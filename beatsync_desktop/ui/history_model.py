"""The History view's table: job records as rows (a `QAbstractTableModel`, no widgets).

Each row is one `JobRecord` (newest first, as `store.recent` returns them). What a row
says is decided by `row_texts(record)`, testable without a view: status (a done job whose
output has since been moved or deleted says so), when (local time), the video, the song,
and the outcome (offset and confidence, or the failure's sentence).
"""

from __future__ import annotations

from typing import Any, Optional

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QObject, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from ..history import CANCELLED, DONE, FAILED, INTERRUPTED, QUEUED, RUNNING, JobRecord
from . import text as T

COLUMNS = ("status", "when", "video", "song", "outcome")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1    # the row's JobRecord
STATE_ROLE = Qt.ItemDataRole.UserRole + 2     # 'done', 'output-missing', 'failed', …


translate = QCoreApplication.translate    # context "History"


def state(record: JobRecord, output_exists: Optional[bool] = None) -> str:
    """The row's state: its status, or 'output-missing' for a done job whose file is gone."""
    if record.status == DONE:
        exists = record.output_exists() if output_exists is None else output_exists
        return DONE if exists else "output-missing"
    return record.status


def status_text(kind: str) -> str:
    return {DONE: translate("History", "Done"),
            "output-missing": translate("History", "Done · output missing"),
            FAILED: translate("History", "Failed"),
            CANCELLED: translate("History", "Cancelled"),
            INTERRUPTED: translate("History", "Interrupted"),
            QUEUED: translate("History", "Waiting"),
            RUNNING: translate("History", "Running")}.get(kind, kind)


def confidence_word(label: Optional[str]) -> str:
    return {"high": translate("History", "high"),
            "medium": translate("History", "medium")}.get(label or "", translate("History", "low"))


def outcome_text(record: JobRecord, kind: str) -> str:
    """Offset and confidence of a done job, or why it did not finish."""
    if record.status == DONE:
        parts = []
        if record.offset is not None:
            parts.append(translate("History", "offset {0}").format(T.seconds(record.offset)))
        if record.confidence is not None:
            parts.append(translate("History", "confidence {0} ({1} %)").format(
                confidence_word(record.confidence_label), int(round(record.confidence * 100))))
        name = record.output.name if record.output else ""
        if kind == "output-missing":
            parts.append(translate("History", "“{0}” was moved or deleted").format(name))
        elif name:
            parts.append(name)
        return " · ".join(parts)
    if record.status == INTERRUPTED:
        return translate("History", "BeatSync stopped before this job finished.")
    if record.status == CANCELLED:
        return translate("History", "Cancelled: nothing was written.")
    if record.status == FAILED:
        message = record.error_message or ""
        if not message:
            return translate("History", "Unexpected error")
        translated = QCoreApplication.translate("Engine", message)   # a sentence without values
        if translated == message:   # one with values (a file name…): the gist, then the sentence
            gist = T.failure_summary(record.error_kind or "")
            return f"{gist} {message}" if gist else message
        return translated
    return ""


def when_text(record: JobRecord) -> str:
    try:
        return record.when().astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return record.created_at


def row_texts(record: JobRecord, output_exists: Optional[bool] = None) -> tuple[str, ...]:
    """The five columns' texts (status, when, video, song, outcome)."""
    kind = state(record, output_exists)
    return (status_text(kind), when_text(record), record.video.name, record.song.name,
            outcome_text(record, kind))


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._records: list[JobRecord] = []
        self._rows: list[tuple[str, ...]] = []
        self._states: list[str] = []

    def set_records(self, records: list[JobRecord]) -> None:
        """New rows (the output files are checked once, here)."""
        self.beginResetModel()
        self._records = list(records)
        self._states = [state(r) for r in self._records]
        self._rows = [row_texts(r, s != "output-missing") for r, s in
                      zip(self._records, self._states)]
        self.endResetModel()

    def retranslate(self) -> None:
        self.set_records(self._records)

    def record(self, row: int) -> Optional[JobRecord]:
        return self._records[row] if 0 <= row < len(self._records) else None

    def row_of(self, job_id: int) -> int:
        return next((i for i, r in enumerate(self._records) if r.id == job_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (translate("History", "Status"), translate("History", "When"),
                translate("History", "Class video"), translate("History", "Song"),
                translate("History", "Result"))[section]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records):
            return None
        r, c = index.row(), index.column()
        record, kind = self._records[r], self._states[r]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[r][c]
        if role == Qt.ItemDataRole.ToolTipRole:
            paths = {2: record.video.path, 3: record.song.path,
                     4: record.output if record.status == DONE else None}
            return str(paths[c]) if paths.get(c) else self._rows[r][c]
        if role == Qt.ItemDataRole.ForegroundRole and c == 0:
            return _colour(kind)
        if role == RECORD_ROLE:
            return record
        if role == STATE_ROLE:
            return kind
        return None


def _colour(kind: str) -> Optional[QColor]:
    app = QApplication.instance()
    dark = bool(app) and app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    colours = {DONE: "#66bb6a" if dark else "#2e7d32",
               FAILED: "#ff8a80" if dark else "#c62828",
               INTERRUPTED: "#ffb74d" if dark else "#b26a00",
               "output-missing": "#ffb74d" if dark else "#b26a00"}
    return QColor(colours[kind]) if kind in colours else None
