"""What the window does: reads dropped files, runs the job queue, shows the outcome.

The controller holds the window's state — the class videos (`items`), the song, what the
lower half shows (`view`) — and turns the widgets' signals into changes of it. These
pieces do the rest, each small enough to read at once:

- `placement.place_drop`: which dropped file is the song, which are class videos (no Qt);
- `job_queue.JobQueue`: runs the videos one after another on the job pool;
- `presenter.Presenter`: draws the state into the widgets (`refresh()`);
- `history_link.HistoryLink` / `history_window.HistoryWindow`: the job history (issue 10).

The engine is reached through `engine.EngineInterface` (`Engine` for real, a fake in the
widget tests); work runs on the pools through `workers.run_task`.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent

from ..core.models import SyncOptions
from . import dialogs
from .engine import EngineInterface, Failure, ProbeReport
from .history_link import HistoryLink
from .history_window import HistoryWindow
from .job_queue import ItemState, JobQueue, QueueItem
from .pickers import Pickers
from .placement import Note, Placement, Zone, place_drop, screen
from .presenter import Presenter, View
from .result_actions import ResultActions
from .runs import RunsControl
from .settings import Settings
from .views.main_window import MainWindow, Page
from .workers import make_pool, run_task

log = logging.getLogger(__name__)

@dataclass
class _Drop:
    """The files of one drop, while their probes run."""
    target: Optional[Zone]
    paths: list[Path]
    reports: dict = field(default_factory=dict)     # path -> ProbeReport
    failures: dict = field(default_factory=dict)    # path -> Failure
    remaining: int = 0


class MainController(QObject):
    job_started = Signal()
    item_finished = Signal(object)       # QueueItem (done, failed or cancelled)
    all_finished = Signal()
    files_ready = Signal()               # a drop's files have all been read and placed
    language_requested = Signal(str)     # '' / 'en' / 'zh_CN'

    def __init__(self, window: MainWindow, settings: Settings, engine: EngineInterface,
                 job_pool: Optional[QThreadPool] = None, probe_pool: Optional[QThreadPool] = None,
                 log_dir: Optional[Path] = None, history=None) -> None:
        super().__init__(window)
        self.w, self.settings, self.engine = window, settings, engine
        # one job at a time (each uses all cores); probes and thumbnails two at a time
        self.probe_pool = probe_pool or make_pool(self, 2)
        self.queue = JobQueue(engine, job_pool or make_pool(self, 1), self)
        self.actions = ResultActions(window, log_dir)
        self.present = Presenter(self)
        self.pickers = Pickers(self)
        self.runs = RunsControl(self)               # several runs of the song (issue 12)
        self.history = HistoryLink(history, lambda item: self.options(item.force_offset),
                                   self.output_for, self)      # history: a HistoryStore
        self.queue.add_listener(self.history)
        self.history_window = HistoryWindow(self, self.history)

        # Hooks that open dialogs; tests and the screenshot run replace them.
        self.ask_song_choice: Callable[[list[str]], Optional[int]] = \
            lambda names: dialogs.ask_song_choice(self.w, names)
        self.confirm_close: Callable[[], bool] = lambda: dialogs.confirm_close(self.w)

        self.items: list[QueueItem] = []
        self.song: Optional[ProbeReport] = None
        self.view = View(Page.HINT)                 # what the lower half shows
        self.zone_notes: dict[Zone, list[Note]] = {Zone.VIDEO: [], Zone.SONG: []}
        self.custom_output: Optional[Path] = None
        self._drops: dict[int, _Drop] = {}
        self._deferred: list[tuple[list, Optional[str]]] = []   # files that came mid-job
        self._ids = itertools.count(1)
        self._closing = self._loading = False

        self.queue.started.connect(self._job_started)
        self.queue.progress.connect(self.present.progress)
        self.queue.item_finished.connect(self._item_finished)
        self.queue.finished.connect(self._queue_finished)
        self._connect()
        self._load_settings()
        self.refresh()

    # ------------------------------------------------------------------ wiring
    def _connect(self) -> None:
        w = self.w
        w.video_zone.files_dropped.connect(lambda p: self.add_files(p, "video"))
        w.song_zone.files_dropped.connect(lambda p: self.add_files(p, "song"))
        w.files_dropped.connect(lambda p: self.add_files(p, None))
        for signal, slot in (
                (w.video_zone.browse_clicked, self.pickers.browse_video),
                (w.song_zone.browse_clicked, self.pickers.browse_song),
                (w.video_zone.clear_clicked, self.clear_videos),
                (w.song_zone.clear_clicked, self.clear_song),
                (w.act_open_video.triggered, self.pickers.browse_video),
                (w.act_open_song.triggered, self.pickers.browse_song),
                (w.output_browse.clicked, self.pickers.browse_output),
                (w.output_edit.textEdited, self.pickers.output_edited),
                (w.start_button.clicked, self.start), (w.act_start.triggered, self.start),
                (w.cancel_button.clicked, self.cancel), (w.act_cancel.triggered, self.cancel),
                (w.act_quit.triggered, w.close), (w.act_play.triggered, self.play_here),
                (w.result_panel.play.clicked, self.play_here),
                (w.result_panel.open_external.clicked, lambda: self.actions.open_external(
                    self.result_path())),
                (w.result_panel.reveal.clicked, lambda: self.actions.reveal(self.result_path())),
                (w.result_panel.runner_up_clicked, self.try_runner_up),
                (w.act_log.triggered, self.actions.open_log_folder),
                (w.error_panel.open_log.clicked, self.actions.open_log_folder),
                (w.act_about.triggered, self.actions.about),
                (w.act_history.triggered, self.history_window.show),
                (w.history_button.clicked, self.history_window.show),
                (w.error_panel.retry.clicked, self.retry), (w.act_retry.triggered, self.retry),
                (self.history.notice_changed, self.present.history_notice),
                (w.batch.itemSelectionChanged, self._batch_selection_changed),
                (w.batch.remove_requested, self.remove_rows),
                (w.trim.toggled, self._save_options)):
            signal.connect(slot)
        w.lang_group.triggered.connect(lambda a: self.language_requested.emit(a.data() or ""))
        w.close_guard = self._close_guard
        for box in (w.margin, w.fade, w.distance):
            box.valueChanged.connect(self._save_options)

    def _load_settings(self) -> None:
        s, w = self.settings, self.w
        self._loading = True
        w.trim.setChecked(s.trim_to_music)
        w.margin.setValue(s.margin)
        w.fade.setValue(s.fade)
        w.distance.setValue(s.speaker_distance)
        if not s.geometry.isEmpty():
            w.restoreGeometry(s.geometry)
        (w.lang_actions.get(s.language) or w.lang_actions[""]).setChecked(True)
        self._loading = False

    def _save_options(self, *_args) -> None:
        if self._loading:
            return
        s, w = self.settings, self.w
        s.trim_to_music = w.trim.isChecked()
        s.margin, s.fade, s.speaker_distance = w.margin.value(), w.fade.value(), w.distance.value()
        w.margin.setEnabled(w.trim.isChecked())

    def options(self, force_offset: Optional[float] = None) -> SyncOptions:
        w = self.w
        return SyncOptions(keep_full=not w.trim.isChecked(), margin=w.margin.value(),
                           fade=w.fade.value(), speaker_distance=w.distance.value(),
                           force_offset=force_offset, **self.runs.options())

    # the pools: tests swap in a synchronous one
    @property
    def job_pool(self):
        return self.queue.pool

    @job_pool.setter
    def job_pool(self, pool) -> None:
        self.queue.pool = pool

    @property
    def running(self) -> bool:
        return self.queue.running

    @property
    def batch_mode(self) -> bool:
        return len(self.items) > 1

    def output_for(self, item: QueueItem) -> Optional[Path]:
        if not self.batch_mode and self.custom_output is not None:
            return self.custom_output
        return item.output

    def refresh(self) -> None:
        """Re-draw everything from state (also after a language switch)."""
        self.present.refresh()

    # ------------------------------------------------------------------ adding files
    def add_files(self, paths: list, target: Optional[str] = None) -> None:
        """Files dropped, picked or passed on the command line; `target` is the zone."""
        if self.running:     # (a second launch, a resumed batch): kept, not lost
            self._deferred.append((list(paths), target))
            self.w.statusBar().showMessage(self.tr("Added when the current job ends."), 5000)
            return
        zone = Zone(target) if target else None
        usable, notes = screen(paths, zone or Zone.VIDEO)
        self._set_notes(zone or Zone.VIDEO, notes)
        if not usable:
            self.files_ready.emit()
            return
        drop_id = next(self._ids)
        self._drops[drop_id] = _Drop(zone, usable, remaining=len(usable))
        self.present.zones_busy(zone)
        for path in usable:
            run_task(self.probe_pool, self,
                     lambda _progress, p=path: self._probe(p),
                     done=lambda report, d=drop_id, p=path: self._probed(d, p, report, None),
                     failed=lambda failure, d=drop_id, p=path: self._probed(d, p, None, failure),
                     what=f"read {path.name}")

    def _probe(self, path: Path) -> ProbeReport:     # on a probe worker
        report = self.engine.probe(path, want_output=True, thumb_size=160)
        self.history.warm(path)                     # its content hash, off the GUI thread
        return report

    def _probed(self, drop_id: int, path: Path, report: Optional[ProbeReport],
                failure: Optional[Failure]) -> None:
        drop = self._drops.get(drop_id)
        if drop is None:
            return
        if report is not None:
            drop.reports[path] = report
        else:
            drop.failures[path] = failure
        drop.remaining -= 1
        if drop.remaining == 0:
            del self._drops[drop_id]
            self._apply(place_drop(drop.target, drop.paths, drop.reports, drop.failures,
                                   self.song.path if self.song else None, self.ask_song_choice))

    def _apply(self, placement: Placement) -> None:
        """Show what a drop became."""
        if placement.asked_and_dismissed:
            self.refresh()
            self.files_ready.emit()
            return
        if placement.song is not None:
            self.song = placement.song
            self.settings.song_dir = str(self.song.path.parent)
        if placement.videos:
            new_items = [QueueItem(r.path, r.info, r.thumbnail, r.suggested_output)
                         for r in placement.videos]
            if self.batch_mode:
                known = {i.path for i in self.items}
                self.items.extend(i for i in new_items if i.path not in known)
            else:
                self.items = new_items
                self.custom_output = None
            self.settings.video_dir = str(placement.videos[0].path.parent)
        for zone in Zone:
            self._set_notes(zone, [n for n in placement.notes if n.zone is zone])
        if placement.videos or placement.song is not None:
            for item in self.items:
                item.reset(item.force_offset)
            self.view = View(Page.HINT)
        self.refresh()
        self.files_ready.emit()

    def _set_notes(self, zone: Zone, notes: list[Note]) -> None:
        self.zone_notes[zone] = notes
        self.present.zone_notes(zone)

    def clear_videos(self) -> None:
        if not self.running:
            self.items, self.custom_output, self.view = [], None, View(Page.HINT)
            self._set_notes(Zone.VIDEO, [])
            self.refresh()

    def clear_song(self) -> None:
        if not self.running:
            self.song, self.view = None, View(Page.HINT)
            self._set_notes(Zone.SONG, [])
            self.refresh()

    def remove_rows(self, rows: list[int]) -> None:
        if not self.running:
            self.items = [it for i, it in enumerate(self.items) if i not in set(rows)]
            self.refresh()

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        if self.running or not self.items or self.song is None:
            return
        for item in self.items:
            item.reset(new_job=True)
            item.song = None                        # the song in the zone
        self.run_jobs(list(self.items))

    def try_runner_up(self, offset: float) -> None:
        item = self.view.item
        if self.running or item is None:
            return
        item.reset(float(offset), new_job=True)
        self.run_jobs([item])

    def run_items(self, items: list[QueueItem]) -> bool:
        """Jobs from the history (resumed, retried, re-run; each with its own song and
        options): shown as the window's class videos, and run."""
        if self.running or not items:
            return False
        self.items, self.custom_output, self.view = list(items), None, View(Page.HINT)
        self.song = ProbeReport(items[0].song, None)
        self.run_jobs(self.items)
        return True

    def retry(self, *_args) -> None:
        """The failed (or cancelled) class video shown or selected, again in place."""
        item = self.selected_item() or self.view.item
        if self.running or item is None or item.state not in (ItemState.FAILED,
                                                              ItemState.CANCELLED):
            return
        self.history.retry_item(item)               # the same row in the history
        item.reset(item.force_offset)
        self.run_jobs([item])

    def run_jobs(self, items: list[QueueItem]) -> None:
        self._save_options()
        self.settings.sync()
        self.actions.close_player(self.w.result_panel)
        self.queue.run(items, self.song.path if self.song else None,
                       lambda item: self.options(item.force_offset), self.output_for)

    def _job_started(self, item: QueueItem) -> None:
        self.view = View(Page.PROGRESS, item)
        self.present.job_started(item)
        self.refresh()
        self.job_started.emit()

    def _item_finished(self, item: QueueItem) -> None:
        if item.state is ItemState.DONE:
            self.view = View(Page.RESULT, item)
        elif item.state is ItemState.FAILED:
            self.view = View(Page.ERROR, item)
        else:
            self.view = View(Page.HINT, cancelled=True)
        self.item_finished.emit(item)

    def _queue_finished(self) -> None:
        self.refresh()
        self.all_finished.emit()
        if self._closing:
            self.w.close()
            return
        deferred, self._deferred = self._deferred, []
        for paths, target in deferred:
            self.add_files(paths, target)

    def cancel(self) -> None:
        if self.queue.cancel():
            self.present.cancelling()

    def _batch_selection_changed(self) -> None:
        if self.running:
            return
        item = self.selected_item()
        if item is None or item.state not in (ItemState.DONE, ItemState.FAILED):
            return
        done = item.state is ItemState.DONE
        if done:
            self.actions.close_player(self.w.result_panel)
        self.view = View(Page.RESULT if done else Page.ERROR, item)
        self.present.page()

    def selected_item(self) -> Optional[QueueItem]:
        rows = sorted({i.row() for i in self.w.batch.selectedIndexes()})
        ok = self.batch_mode and len(rows) == 1 and rows[0] < len(self.items)
        return self.items[rows[0]] if ok else None

    # ------------------------------------------------------------------ the result
    def result_path(self) -> Optional[Path]:
        item = self.view.item
        if self.view.page is Page.RESULT and item and item.result and item.result.output:
            return Path(item.result.output)
        return None

    def play_here(self) -> None:
        if self.actions.toggle_player(self.w.result_panel, self.result_path()) is False:
            self.present.page()

    # ------------------------------------------------------------------ closing
    def _close_guard(self, event: QCloseEvent) -> None:
        if self.running:
            if self._closing or self.confirm_close():
                self._closing = True
                self.queue.stop_after_current = True
                self.cancel()
            event.ignore()
            return
        self.settings.geometry = self.w.saveGeometry()
        self._save_options()
        self.settings.sync()
        self.actions.stop_player()
        self.probe_pool.waitForDone(2000)
        self.history.close()
        event.accept()

