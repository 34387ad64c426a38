"""The job history's face in the window: the History dialog and the resume offer.

`HistoryWindow` fills `views.history_view.HistoryDialog` from the store (through
`HistoryLink`, so a failing history is a notice, never an exception), keeps it fresh
(this window's jobs, and another process's — `beatsync sync` in a terminal — by polling
the store's `data_version` once a second while it is open), and turns its buttons into
jobs: re-run and retry go through the window's one job queue (`MainController.run_items`).

`offer()` runs at start-up: jobs a closed, killed or crashed BeatSync left unfinished are
offered (Resume / Not now / Discard). `ask` is the dialog; tests and the screenshot run
replace it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QObject, QTimer

from ..history import JobRecord
from .history_link import HistoryLink
from .history_model import RECORD_ROLE, HistoryModel, outcome_text, state
from .views.history_view import HistoryDialog, ResumeDialog

if TYPE_CHECKING:
    from .controller import MainController

log = logging.getLogger(__name__)

RECENT_LIMIT = 500


class HistoryWindow(QObject):
    def __init__(self, controller: "MainController", link: HistoryLink) -> None:
        super().__init__(controller)
        self.c, self.link = controller, link
        self.model = HistoryModel(self)
        self.dialog: Optional[HistoryDialog] = None
        self.ask: Callable[[list[JobRecord]], str] = self._ask
        self._version: Optional[int] = None
        self._poll = QTimer(self)
        self._poll.setInterval(1000)
        self._poll.timeout.connect(self._poll_store)
        link.changed.connect(self._changed)
        link.notice_changed.connect(self._changed)

    # ------------------------------------------------------------------ the resume offer
    def offer(self) -> bool:
        """Offer last time's unfinished jobs; True if some were resumed (now running)."""
        items = self.link.offer(self.ask)
        return bool(items) and self.c.run_items(items)

    def _ask(self, jobs: list[JobRecord]) -> str:
        dialog = ResumeDialog(self.resume_names(jobs), self.c.w)
        dialog.exec()
        return dialog.choice

    def resume_names(self, jobs: list[JobRecord]) -> list[str]:
        return [self.tr("{0}  (song: {1})").format(j.video.name, j.song.name) for j in jobs]

    # ------------------------------------------------------------------ the dialog
    def show(self) -> HistoryDialog:
        if self.dialog is None:
            self._build()
        self.refresh()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        self._poll.start()
        return self.dialog

    def _build(self) -> None:
        d = self.dialog = HistoryDialog(self.c.w)
        d.set_model(self.model)
        d.search.textChanged.connect(self.refresh)
        d.table.selectionModel().selectionChanged.connect(self.update_buttons)
        d.table.doubleClicked.connect(self.open_result)
        for signal, slot in ((d.open_result.clicked, self.open_result),
                             (d.reveal.clicked, self.reveal), (d.rerun.clicked, self.rerun),
                             (d.retry.clicked, self.retry), (d.remove.clicked, self.remove),
                             (d.remove_shortcut.activated, self.remove),
                             (d.retranslated, self.refresh), (d.finished, self._poll.stop)):
            signal.connect(slot)

    def refresh(self, *_args) -> None:
        d = self.dialog
        if d is None:
            return
        keep = self.selected()
        records = self.link.call("recent", self.link.store.recent, RECENT_LIMIT,
                                  d.search.text()) or []
        self.model.set_records(records)
        d.empty.setVisible(not records)
        d.set_notice(self.link.notice_text())
        row = self.model.row_of(keep.id) if keep else -1
        if row >= 0:
            d.table.selectRow(row)
        self._version = self.link.call("data_version", self.link.store.data_version)
        self.update_buttons()

    def _changed(self, *_args) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.refresh()

    def _poll_store(self) -> None:
        """Another process (a `beatsync sync`) may have written: refresh if so."""
        if self.dialog is None or not self.dialog.isVisible():
            self._poll.stop()
            return
        version = self.link.call("data_version", self.link.store.data_version)
        if version is not None and version != self._version:
            self.refresh()

    def selected(self) -> Optional[JobRecord]:
        if self.dialog is None:
            return None
        rows = self.dialog.table.selectionModel().selectedRows()
        return self.model.data(rows[0], RECORD_ROLE) if rows else None

    def update_buttons(self, *_args) -> None:
        d, rec = self.dialog, self.selected()
        exists = rec is not None and state(rec) == "done"
        d.open_result.setEnabled(exists)
        d.reveal.setEnabled(rec is not None and (exists or rec.video.exists()))
        idle = rec is not None and not self.c.running
        d.rerun.setEnabled(idle)
        d.retry.setEnabled(idle and rec.can_retry)
        d.remove.setEnabled(rec is not None and not (rec.is_unfinished and self.c.running))
        d.details.setText(self.details(rec) if rec else "")

    def details(self, rec: JobRecord) -> str:
        lines = [self.tr("Class video: {0}").format(rec.video.path),
                 self.tr("Song: {0}").format(rec.song.path)]
        if rec.output is not None and state(rec) == "output-missing":
            lines.append(self.tr("Output: {0} (moved or deleted since)").format(rec.output))
        elif rec.output is not None:
            lines.append(self.tr("Output: {0}").format(rec.output))
        outcome = outcome_text(rec, state(rec))
        if outcome and rec.status != "done":
            lines.append(outcome)
        if rec.attempts > 1:
            lines.append(self.tr("Runs: {0}").format(rec.attempts))
        return "\n".join(lines)

    # ------------------------------------------------------------------ actions
    def open_result(self, *_args) -> None:
        rec = self.selected()
        if rec is not None and state(rec) == "done":
            self.c.actions.open_external(rec.output)

    def reveal(self) -> None:
        rec = self.selected()
        if rec is not None:
            self.c.actions.reveal(rec.output if state(rec) == "done" else rec.video.path)

    def _options(self):
        return self.c.options() if self.dialog.use_current.isChecked() else None

    def _busy(self) -> bool:
        if self.c.running:
            self.c.w.statusBar().showMessage(self.tr("Wait until the current job ends."), 5000)
            return True
        return False

    def rerun(self) -> None:
        rec = self.selected()
        if rec is None or self._busy():
            return
        item = self.link.rerun(rec.id, self._options())
        if item is not None:
            self.c.run_items([item])
        self.refresh()

    def retry(self) -> None:
        rec = self.selected()
        if rec is None or not rec.can_retry or self._busy():
            return
        item = self.link.retry(rec.id, self._options())
        if item is not None:
            self.c.run_items([item])
        self.refresh()

    def remove(self) -> None:
        rec = self.selected()
        if rec is None:
            return
        if not self.link.call("remove", self.link.store.remove, rec.id):
            self.c.w.statusBar().showMessage(
                self.tr("This job is still waiting or running; it stays in the history."), 5000)
        self.refresh()
