"""Draws the controller's state into the window: zones, batch table, output, buttons, the
page below, the progress panel. It changes no state; `refresh()` draws everything again
(after every change, and after a language switch)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject

from ..core.progress import STAGES, ProgressEvent
from . import text as T
from .engine_text import failure_sentence
from .job_queue import ItemState, QueueItem
from .placement import Note, NoteKind, Zone
from .views.main_window import Page

if TYPE_CHECKING:
    from .controller import MainController

# Why a dropped file was left out ({0}: its name); marked for lupdate, translated when shown.
_NOTES = {
    NoteKind.MISSING: QT_TRANSLATE_NOOP("Presenter", "“{0}” does not exist."),
    NoteKind.FOLDER: QT_TRANSLATE_NOOP("Presenter",
                                       "“{0}” is a folder, not a video or audio file."),
    NoteKind.NOT_MEDIA: QT_TRANSLATE_NOOP("Presenter", "“{0}” is not a video or audio file."),
    NoteKind.ONE_SONG_ONLY: QT_TRANSLATE_NOOP(
        "Presenter", "Only one song can be used; “{0}” was left out."),
    NoteKind.TAKEN_AS_SONG: QT_TRANSLATE_NOOP(
        "Presenter", "“{0}” has no picture, so it was taken as the song."),
    NoteKind.SONG_WITHOUT_SOUND: QT_TRANSLATE_NOOP(
        "Presenter", "“{0}” has no sound, so it cannot be the song."),
    NoteKind.VIDEO_WITHOUT_SOUND: QT_TRANSLATE_NOOP(
        "Presenter", "“{0}” has no sound, so the song cannot be found in it."),
}


@dataclass(frozen=True)
class View:
    """What the lower half shows: a page and the queue item it is about."""
    page: Page
    item: Optional[QueueItem] = None
    cancelled: bool = False       # the hint page after a cancel


def details(info) -> str:
    """A file's details line; a job from the history was not read again (no details)."""
    return T.media_details(info) if info is not None else ""


class Presenter(QObject):
    def __init__(self, controller: "MainController") -> None:
        super().__init__(controller)
        self.c, self.w = controller, controller.w

    # ------------------------------------------------------------------ zones
    def zone_widget(self, zone: Zone):
        return self.w.video_zone if zone is Zone.VIDEO else self.w.song_zone

    def zones_busy(self, target: Optional[Zone]) -> None:
        for zone in ([target] if target else list(Zone)):
            self.zone_widget(zone).set_busy(self.tr("Reading…"))

    def zone_notes(self, zone: Zone) -> None:
        lines = [self.note_text(n) for n in self.c.zone_notes[zone]]
        self.zone_widget(zone).set_message("\n".join(lines))

    def note_text(self, note: Note) -> str:
        if note.kind is NoteKind.UNREADABLE:
            why = (failure_sentence(note.failure) if note.failure and note.failure.message
                   else self.tr("It could not be read."))
            return self.tr("Cannot use “{0}”: {1}").format(note.name, why)
        return QCoreApplication.translate("Presenter", _NOTES[note.kind]).format(note.name)

    # ------------------------------------------------------------------ everything
    def refresh(self) -> None:
        c, w = self.c, self.w
        items, running = c.items, c.running
        if not items:
            w.video_zone.set_empty()
        elif len(items) == 1:
            it = items[0]
            w.video_zone.set_file(it.path.name, details(it.info), it.thumbnail, str(it.path))
        else:
            total = sum(i.info.duration for i in items if i.info)
            w.video_zone.set_file(self.tr("{0} class videos").format(len(items)),
                                  self.tr("Batch: each one is synced to the same song · {0} in "
                                          "all").format(T.clock(total)), items[0].thumbnail)
        w.batch.setVisible(c.batch_mode)
        if c.batch_mode:
            self.table()
        if c.song is None:
            w.song_zone.set_empty()
        else:
            w.song_zone.set_file(c.song.path.name, details(c.song.info), c.song.thumbnail,
                                 str(c.song.path))
        for zone in Zone:
            self.zone_notes(zone)
        self._output()
        ready = bool(items) and c.song is not None and not running
        w.start_button.setEnabled(ready)
        w.act_start.setEnabled(ready)
        w.cancel_button.setEnabled(running)
        w.act_cancel.setEnabled(running)
        for widget in (w.trim, w.margin, w.fade, w.distance, w.act_open_video, w.act_open_song,
                       w.video_zone.browse, w.song_zone.browse, w.video_zone.clear,
                       w.song_zone.clear):
            widget.setEnabled(not running)
        w.margin.setEnabled(not running and w.trim.isChecked())
        c.runs.enable(running)
        if running:
            w.video_zone.clear.hide()
            w.song_zone.clear.hide()
        w.start_button.setText(self.tr("Start batch") if c.batch_mode else self.tr("Start"))
        self.history_notice()
        self.page()

    def history_notice(self, *_args) -> None:
        self.w.set_history_notice(self.c.history.notice_text())

    def _output(self) -> None:
        c, w = self.c, self.w
        if c.batch_mode:
            w.output_edit.setText("")
            w.output_edit.setPlaceholderText(self.tr("Next to each class video (…_beatsync.mp4)"))
            w.output_edit.setEnabled(False)
            w.output_browse.setEnabled(False)
            return
        w.output_edit.setPlaceholderText(self.tr("Next to the class video"))
        w.output_edit.setEnabled(not c.running)
        w.output_browse.setEnabled(not c.running and bool(c.items))
        out = c.output_for(c.items[0]) if c.items else None
        if w.output_edit.text() != (str(out) if out else ""):
            w.output_edit.setText(str(out) if out else "")

    # ------------------------------------------------------------------ batch table
    def status(self, item: QueueItem) -> tuple[str, str]:
        """The batch table's status and detail columns for one class video."""
        if item.state is ItemState.RUNNING:
            return self.tr("Working {0} %").format(int(item.fraction * 100)), ""
        if item.state is ItemState.DONE:
            a, result = item.result.alignment, item.result
            detail = self.tr("{0} · confidence {1} · {2}").format(
                T.seconds(a.offset), self.confidence_word(a.confidence_label),
                result.output.name if result.output else "")
            found = result.found_runs()
            if len(found) > 1:     # the song plays several times: how many, and how many kept
                kept = sum(k for _, _, k in found)
                detail = (self.tr("{0} runs") if kept == len(found) else
                          self.tr("{1} of {0} runs")).format(len(found), kept) + " · " + detail
                if len(result.outputs) > 1:
                    detail += " " + self.tr("(+{0} files)").format(len(result.outputs) - 1)
            return self.tr("Done"), detail
        if item.state is ItemState.FAILED:
            return self.tr("Failed"), (failure_sentence(item.failure) if item.failure.message
                                       else self.tr("Unexpected error"))
        if item.state is ItemState.CANCELLED:
            return self.tr("Cancelled"), ""
        out = self.c.output_for(item)
        return self.tr("Waiting"), (out.name if out else "")

    def confidence_word(self, label: str) -> str:
        return {"high": self.tr("high"), "medium": self.tr("medium")}.get(label, self.tr("low"))

    def table(self) -> None:
        self.w.batch.set_rows([(it.path.name, *self.status(it), it.state.value)
                               for it in self.c.items])

    # ------------------------------------------------------------------ the page below
    def page(self) -> None:
        view, w = self.c.view, self.w
        w.act_play.setEnabled(self.c.result_path() is not None)
        retry_item = self.c.selected_item() or view.item
        can_retry = not self.c.running and retry_item is not None and retry_item.state in (
            ItemState.FAILED, ItemState.CANCELLED)
        w.act_retry.setEnabled(can_retry)
        w.error_panel.retry.setEnabled(can_retry)
        if view.page is Page.RESULT:
            w.result_panel.show_result(view.item.result, view.item.path.name)
            shown = self.c.actions.player_shown(w.result_panel)
            w.result_panel.play.setText(self.tr("Show match picture") if shown
                                        else self.tr("▶ Play here"))
        elif view.page is Page.ERROR:
            w.error_panel.show_failure(view.item.path.name, view.item.failure)
        elif view.page is Page.HINT:
            w.hint_panel.label.setText(self.hint())
        self.c.runs.draw()      # the runs of the result shown (hidden on other pages)
        w.show_page(view.page)

    def hint(self) -> str:
        c = self.c
        if c.view.cancelled:
            return self.tr("Cancelled — nothing was written.")
        if not c.items and c.song is None:
            return self.tr("Drop the class video and the song anywhere on this window,\n"
                           "or use the Browse… buttons.")
        if not c.items:
            return self.tr("Now add the class video.")
        if c.song is None:
            return self.tr("Now add the song the class danced to.")
        if c.batch_mode:
            return self.tr("Ready: {0} videos will be synced one after another.").format(
                len(c.items))
        return self.tr("Ready. Press Start (Ctrl+Enter).")

    # ------------------------------------------------------------------ progress
    def job_started(self, item: QueueItem) -> None:
        c, pp = self.c, self.w.progress_panel
        steps = [(name, T.stage_label(name, label)) for name, label, _ in STAGES]
        pp.set_steps(steps)
        pp.set_current(steps[0][0])
        pp.set_fraction(0.0)
        if c.batch_mode:
            index = c.items.index(item) + 1 if item in c.items else 1
            pp.heading.setText(self.tr("Syncing video {0} of {1}").format(index, len(c.items)))
        else:
            pp.heading.setText(self.tr("Syncing…"))
        output = c.output_for(item)
        pp.item_label.setText(self.tr("{0}  →  {1}").format(item.path.name,
                                                              output.name if output else "…"))
        pp.stage.setText(steps[0][1])
        pp.eta.setText("")

    def progress(self, item: QueueItem, event: ProgressEvent) -> None:
        job, pp = self.c.queue.job, self.w.progress_panel
        if job is None:
            return
        pp.set_current(event.stage)
        pp.set_fraction(event.fraction)
        if job.token.cancelled:
            return
        pp.stage.setText(self.tr("{0} — {1} %").format(T.stage_label(event.stage, event.label),
                                                         int(event.fraction * 100)))
        elapsed = time.monotonic() - job.started
        if event.fraction > 0.03 and elapsed > 0.8:
            estimate = elapsed * (1.0 - event.fraction) / event.fraction
            # Smooth, and let it fall with the clock between updates.
            job.eta = estimate if job.eta is None else 0.6 * job.eta + 0.4 * estimate
            pp.eta.setText(T.eta_sentence(job.eta))
        if self.c.batch_mode:
            self.table()

    def cancelling(self) -> None:
        w = self.w
        w.cancel_button.setEnabled(False)
        w.act_cancel.setEnabled(False)
        w.progress_panel.stage.setText(self.tr("Cancelling…"))
        w.progress_panel.eta.setText("")
