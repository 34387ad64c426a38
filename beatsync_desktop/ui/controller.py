"""What the window does: reads dropped files, runs jobs on the pool, shows the outcome.

The controller owns the window's state and the workers' signal objects; the views only
lay out widgets. Everything engine-related goes through an injected `engine` object
(`ui.engine.Engine` for real, a fake in widget tests), so nothing here repeats engine logic.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from PySide6.QtCore import QObject, QProcess, QThreadPool, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QImage
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from . import text as T
from .engine import NOT_MEDIA_EXTENSIONS, Failure, ProbeReport
from .settings import Settings
from .views.alignment_view import AlignmentPicture
from .views.main_window import MainWindow
from .workers import JobSignals, ProbeSignals, ProbeTask, SyncTask

log = logging.getLogger(__name__)

MEDIA_FILTER_VIDEO = "*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.3gp *.mts *.m2ts *.wmv"
MEDIA_FILTER_AUDIO = "*.mp3 *.m4a *.aac *.wav *.flac *.ogg *.opus *.wma *.aif *.aiff"


@dataclass
class QueueItem:
    path: Path
    info: Any = None
    thumbnail: Optional[QImage] = None
    output: Optional[Path] = None         # suggested by the engine, or chosen by the user
    state: str = "waiting"                # waiting / running / done / failed / cancelled
    fraction: float = 0.0
    result: Any = None
    failure: Optional[Failure] = None
    force_offset: Optional[float] = None  # set when re-running with a runner-up


@dataclass
class _Drop:
    target: Optional[str]                 # 'video', 'song' or None (the window)
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

    def __init__(self, window: MainWindow, settings: Settings, engine,
                 job_pool: Optional[QThreadPool] = None,
                 probe_pool: Optional[QThreadPool] = None,
                 log_dir: Optional[Path] = None) -> None:
        super().__init__(window)
        self.w, self.settings, self.engine = window, settings, engine
        if job_pool is None:
            job_pool = QThreadPool(self)
            job_pool.setMaxThreadCount(1)       # one job at a time: each uses all cores
        if probe_pool is None:
            probe_pool = QThreadPool(self)
            probe_pool.setMaxThreadCount(2)
        self.job_pool, self.probe_pool = job_pool, probe_pool
        self.log_dir = log_dir

        # Hooks that open dialogs; tests and the screenshot run replace them.
        self.ask_song_choice: Callable[[list[str]], Optional[int]] = self._ask_song_choice
        self.confirm_close: Callable[[], bool] = self._confirm_close
        self.player_factory = None

        self.items: list[QueueItem] = []
        self.song: Optional[ProbeReport] = None
        self._custom_output: Optional[Path] = None
        self._drops: dict[int, _Drop] = {}
        self._requests: dict[int, tuple[int, Path]] = {}
        self._ids = itertools.count(1)
        self._probe_signals = ProbeSignals(self)     # owned here, on the GUI thread
        self._probe_signals.probed.connect(self._on_probed)
        self._probe_signals.failed.connect(self._on_probe_failed)

        self._job: Optional[dict] = None            # the running item, token, signals, times
        self._run_queue: list[QueueItem] = []
        self._close_when_idle = False
        self._view: tuple = ("hint", None)          # what the lower page shows (re-rendered on language change)
        self._zone_messages = {"video": None, "song": None}   # (template fn) re-rendered too
        self._player = None

        self._connect()
        self._load_settings()
        self.refresh()

    # ------------------------------------------------------------------ wiring
    def _connect(self) -> None:
        w = self.w
        w.video_zone.files_dropped.connect(lambda p: self.add_files(p, "video"))
        w.song_zone.files_dropped.connect(lambda p: self.add_files(p, "song"))
        w.files_dropped.connect(lambda p: self.add_files(p, None))
        w.video_zone.browse_clicked.connect(self.browse_video)
        w.song_zone.browse_clicked.connect(self.browse_song)
        w.video_zone.clear_clicked.connect(self.clear_videos)
        w.song_zone.clear_clicked.connect(self.clear_song)
        w.act_open_video.triggered.connect(self.browse_video)
        w.act_open_song.triggered.connect(self.browse_song)
        w.output_browse.clicked.connect(self.browse_output)
        w.output_edit.textEdited.connect(self._output_edited)
        w.start_button.clicked.connect(self.start)
        w.act_start.triggered.connect(self.start)
        w.cancel_button.clicked.connect(self.cancel)
        w.act_cancel.triggered.connect(self.cancel)
        w.act_quit.triggered.connect(w.close)
        w.act_play.triggered.connect(self.play_here)
        w.act_log.triggered.connect(self.open_log_folder)
        w.act_about.triggered.connect(self.about)
        w.error_panel.open_log.clicked.connect(self.open_log_folder)
        rp = w.result_panel
        rp.play.clicked.connect(self.play_here)
        rp.open_external.clicked.connect(self.open_external)
        rp.reveal.clicked.connect(self.reveal)
        rp.runner_up_clicked.connect(self.try_runner_up)
        w.batch.itemSelectionChanged.connect(self._batch_selection_changed)
        w.batch.remove_requested.connect(self.remove_rows)
        w.lang_group.triggered.connect(lambda a: self.language_requested.emit(a.data() or ""))
        w.close_guard = self._close_guard
        for box in (w.trim, ):
            box.toggled.connect(self._save_options)
        for box in (w.margin, w.fade, w.distance):
            box.valueChanged.connect(self._save_options)

    def _load_settings(self) -> None:
        s, w = self.settings, self.w
        self._loading = True
        w.trim.setChecked(s.trim_to_music)
        w.margin.setValue(s.margin)
        w.fade.setValue(s.fade)
        w.distance.setValue(s.speaker_distance)
        geometry = s.geometry
        if not geometry.isEmpty():
            w.restoreGeometry(geometry)
        code = s.language
        (w.lang_actions.get(code) or w.lang_actions[""]).setChecked(True)
        self._loading = False

    def _save_options(self, *_args) -> None:
        if getattr(self, "_loading", False):
            return
        s, w = self.settings, self.w
        s.trim_to_music = w.trim.isChecked()
        s.margin = w.margin.value()
        s.fade = w.fade.value()
        s.speaker_distance = w.distance.value()
        w.margin.setEnabled(w.trim.isChecked())

    def options(self, force_offset: Optional[float] = None):
        w = self.w
        return self.engine.make_options(keep_full=not w.trim.isChecked(), margin=w.margin.value(),
                                        fade=w.fade.value(), speaker_distance=w.distance.value(),
                                        force_offset=force_offset)

    @property
    def running(self) -> bool:
        return self._job is not None

    @property
    def batch_mode(self) -> bool:
        return len(self.items) > 1

    # ------------------------------------------------------------------ adding files
    def add_files(self, paths: list, target: Optional[str] = None) -> None:
        """Files dropped, picked or passed on the command line; `target` is the zone."""
        if self.running:
            self.w.statusBar().showMessage(self.tr("Wait until the current job ends."), 5000)
            return
        drop = _Drop(target, [])
        refused: list[str] = []
        for raw in paths:
            p = Path(raw)
            if not p.exists():
                refused.append(self.tr("“{0}” does not exist.").format(p.name))
            elif p.is_dir():
                refused.append(self.tr("“{0}” is a folder, not a video or audio file.").format(p.name))
            elif p.suffix.lower() in NOT_MEDIA_EXTENSIONS:
                refused.append(self.tr("“{0}” is not a video or audio file.").format(p.name))
            else:
                drop.paths.append(p)
        zone = self._zone_for(target)
        if refused:
            self._set_zone_message(zone, refused)
        else:
            self._set_zone_message(zone, None)
        if not drop.paths:
            self.files_ready.emit()
            return
        drop_id = next(self._ids)
        drop.remaining = len(drop.paths)
        self._drops[drop_id] = drop
        busy = self.tr("Reading…")
        for z in ({"video": ["video"], "song": ["song"]}.get(target, ["video", "song"])):
            getattr(self.w, f"{z}_zone").set_busy(busy)
        for p in drop.paths:
            rid = next(self._ids)
            self._requests[rid] = (drop_id, p)
            self.probe_pool.start(ProbeTask(self.engine, rid, p, self._probe_signals))

    def _zone_for(self, target: Optional[str]) -> str:
        return target or "video"

    def _on_probed(self, rid: int, report: ProbeReport) -> None:
        self._probe_done(rid, report, None)

    def _on_probe_failed(self, rid: int, failure: Failure) -> None:
        self._probe_done(rid, None, failure)

    def _probe_done(self, rid, report, failure) -> None:
        drop_id, path = self._requests.pop(rid, (None, None))
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
            self._place(drop)

    def _place(self, drop: _Drop) -> None:
        """Decide which file is the song and which are class videos."""
        messages: dict[str, list[str]] = {"video": [], "song": []}
        zone = self._zone_for(drop.target)
        for path, failure in drop.failures.items():
            msg = failure.message or self.tr("It could not be read.")
            messages[zone].append(self.tr("Cannot use “{0}”: {1}").format(path.name, msg))
        reports = [drop.reports[p] for p in drop.paths if p in drop.reports]
        audio_only = [r for r in reports if not r.info.has_video]
        videos = [r for r in reports if r.info.has_video]
        song: Optional[ProbeReport] = None
        class_videos: list[ProbeReport] = []

        if drop.target == "song":
            candidates = audio_only + videos
            song = candidates[0] if candidates else None
            for r in candidates[1:]:
                messages["song"].append(self.tr("Only one song can be used; “{0}” was left out.")
                                        .format(r.path.name))
        elif drop.target == "video":
            class_videos = videos
            if audio_only:
                song = audio_only[0]
                messages["song"].append(self.tr("“{0}” has no picture, so it was taken as the song.")
                                        .format(song.path.name))
        else:
            if audio_only:
                song = audio_only[0]
                class_videos = videos
            elif len(videos) >= 2 and self.song is None:
                choice = self.ask_song_choice([r.path.name for r in videos])
                if choice is None:
                    self.refresh()
                    self.files_ready.emit()
                    return
                if 0 <= choice < len(videos):
                    song = videos[choice]
                    class_videos = [r for i, r in enumerate(videos) if i != choice]
                else:
                    class_videos = videos
            else:
                class_videos = videos
            for r in audio_only[1:]:
                messages["song"].append(self.tr("Only one song can be used; “{0}” was left out.")
                                        .format(r.path.name))

        if song is not None:
            if not song.info.has_audio:
                messages["song"].append(self.tr("“{0}” has no sound, so it cannot be the song.")
                                        .format(song.path.name))
            else:
                self.song = song
                self._remember_dir("song", song.path)
        usable = []
        for r in class_videos:
            if not r.info.has_audio:
                messages["video"].append(self.tr("“{0}” has no sound, so the song cannot be found "
                                                 "in it.").format(r.path.name))
            elif self.song is not None and r.path == self.song.path:
                continue
            else:
                usable.append(r)
        if usable:
            new_items = [QueueItem(r.path, r.info, r.thumbnail, r.suggested_output) for r in usable]
            if self.batch_mode:
                known = {i.path for i in self.items}
                self.items.extend(i for i in new_items if i.path not in known)
            else:
                self.items = new_items
                self._custom_output = None
            self._remember_dir("video", usable[0].path)
        for z in ("video", "song"):
            self._set_zone_message(z, messages[z] or None)
        if usable or song is not None:
            for item in self.items:
                if item.state != "waiting":
                    item.state, item.result, item.failure, item.fraction = "waiting", None, None, 0.0
            self._view = ("hint", None)
        self.refresh()
        self.files_ready.emit()

    def _remember_dir(self, kind: str, path: Path) -> None:
        if kind == "video":
            self.settings.video_dir = str(path.parent)
        else:
            self.settings.song_dir = str(path.parent)

    def _set_zone_message(self, zone: str, lines: Optional[list[str]]) -> None:
        self._zone_messages[zone] = lines
        getattr(self.w, f"{zone}_zone").set_message("\n".join(lines) if lines else "")

    def clear_videos(self) -> None:
        if self.running:
            return
        self.items = []
        self._custom_output = None
        self._set_zone_message("video", None)
        self._view = ("hint", None)
        self.refresh()

    def clear_song(self) -> None:
        if self.running:
            return
        self.song = None
        self._set_zone_message("song", None)
        self._view = ("hint", None)
        self.refresh()

    def remove_rows(self, rows: list[int]) -> None:
        if self.running:
            return
        self.items = [it for i, it in enumerate(self.items) if i not in set(rows)]
        self.refresh()

    # ------------------------------------------------------------------ pickers
    def browse_video(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self.w, self.tr("Choose the class video"), self.settings.video_dir,
            self.tr("Videos ({0});;All files (*)").format(MEDIA_FILTER_VIDEO))
        if files:
            self.add_files(files, "video")

    def browse_song(self) -> None:
        file, _ = QFileDialog.getOpenFileName(
            self.w, self.tr("Choose the song"), self.settings.song_dir,
            self.tr("Audio and video ({0} {1});;All files (*)").format(MEDIA_FILTER_AUDIO,
                                                                     MEDIA_FILTER_VIDEO))
        if file:
            self.add_files([file], "song")

    def browse_output(self) -> None:
        current = self.w.output_edit.text() or (self.settings.output_dir or "")
        file, _ = QFileDialog.getSaveFileName(
            self.w, self.tr("Save the synced video as"), current,
            self.tr("MP4 video (*.mp4);;QuickTime movie (*.mov)"))
        if file:
            self._custom_output = Path(file)
            self.settings.output_dir = str(Path(file).parent)
            self.refresh()

    def _output_edited(self, value: str) -> None:
        self._custom_output = Path(value) if value.strip() else None

    # ------------------------------------------------------------------ rendering
    def refresh(self) -> None:
        """Re-render everything from state (also after a language switch)."""
        w = self.w
        # Video zone / batch table
        if not self.items:
            w.video_zone.set_empty()
        elif len(self.items) == 1:
            it = self.items[0]
            w.video_zone.set_file(it.path.name, T.media_details(it.info), it.thumbnail, str(it.path))
        else:
            total = sum(i.info.duration for i in self.items if i.info)
            w.video_zone.set_file(self.tr("{0} class videos").format(len(self.items)),
                                  self.tr("Batch: each one is synced to the same song · {0} in all")
                                  .format(T.clock(total)), self.items[0].thumbnail)
        w.batch.setVisible(self.batch_mode)
        if self.batch_mode:
            self._render_table()
        if self.song is None:
            w.song_zone.set_empty()
        else:
            w.song_zone.set_file(self.song.path.name, T.media_details(self.song.info),
                                 self.song.thumbnail, str(self.song.path))
        for z in ("video", "song"):
            lines = self._zone_messages[z]
            getattr(w, f"{z}_zone").set_message("\n".join(lines) if lines else "")
        # Output
        if self.batch_mode:
            w.output_edit.setText("")
            w.output_edit.setPlaceholderText(self.tr("Next to each class video (…_beatsync.mp4)"))
            w.output_edit.setEnabled(False)
            w.output_browse.setEnabled(False)
        else:
            w.output_edit.setPlaceholderText(self.tr("Next to the class video"))
            enabled = not self.running
            w.output_edit.setEnabled(enabled)
            w.output_browse.setEnabled(enabled and bool(self.items))
            out = self.output_for(self.items[0]) if self.items else None
            if w.output_edit.text() != (str(out) if out else ""):
                w.output_edit.setText(str(out) if out else "")
        # Buttons
        ready = bool(self.items) and self.song is not None and not self.running
        w.start_button.setEnabled(ready)
        w.act_start.setEnabled(ready)
        w.cancel_button.setEnabled(self.running)
        w.act_cancel.setEnabled(self.running)
        for widget in (w.trim, w.margin, w.fade, w.distance, w.act_open_video, w.act_open_song,
                       w.video_zone.browse, w.song_zone.browse, w.video_zone.clear,
                       w.song_zone.clear):
            widget.setEnabled(not self.running)
        w.margin.setEnabled(not self.running and w.trim.isChecked())
        if self.running:
            w.video_zone.clear.hide()
            w.song_zone.clear.hide()
        w.start_button.setText(self.tr("Start batch") if self.batch_mode else self.tr("Start"))
        self._render_page()

    def output_for(self, item: QueueItem) -> Optional[Path]:
        if not self.batch_mode and self._custom_output is not None:
            return self._custom_output
        return item.output

    def _status_text(self, item: QueueItem) -> tuple[str, str, str]:
        if item.state == "running":
            return self.tr("Working {0} %").format(int(item.fraction * 100)), "", "running"
        if item.state == "done":
            a = item.result.alignment
            return (self.tr("Done"), self.tr("{0} · confidence {1} · {2}").format(
                T.seconds(a.offset), self._confidence_word(a.confidence_label),
                item.result.output.name if item.result.output else ""), "done")
        if item.state == "failed":
            return self.tr("Failed"), item.failure.message or self.tr("Unexpected error"), "failed"
        if item.state == "cancelled":
            return self.tr("Cancelled"), "", "cancelled"
        out = self.output_for(item)
        return self.tr("Waiting"), (out.name if out else ""), "waiting"

    def _confidence_word(self, label: str) -> str:
        return {"high": self.tr("high"), "medium": self.tr("medium")}.get(label, self.tr("low"))

    def _render_table(self) -> None:
        rows = []
        for it in self.items:
            status, detail, state = self._status_text(it)
            rows.append((it.path.name, status, detail, state))
        self.w.batch.set_rows(rows)

    def _render_page(self) -> None:
        kind, item = self._view
        w = self.w
        w.act_play.setEnabled(kind == "result" and bool(item and item.result
                                                         and item.result.output))
        if kind == "progress":
            w.show_page(w.PAGE_PROGRESS)
        elif kind == "result":
            self._render_result(item)
            w.show_page(w.PAGE_RESULT)
        elif kind == "error":
            self._render_error(item)
            w.show_page(w.PAGE_ERROR)
        else:
            if item == "cancelled":
                text = self.tr("Cancelled — nothing was written.")
            elif not self.items and self.song is None:
                text = self.tr("Drop the class video and the song anywhere on this window,\n"
                               "or use the Browse… buttons.")
            elif not self.items:
                text = self.tr("Now add the class video.")
            elif self.song is None:
                text = self.tr("Now add the song the class danced to.")
            elif self.batch_mode:
                text = self.tr("Ready: {0} videos will be synced one after another.").format(
                    len(self.items))
            else:
                text = self.tr("Ready. Press Start (Ctrl+Enter).")
            w.hint_panel.label.setText(text)
            w.show_page(w.PAGE_HINT)

    def _render_result(self, item: QueueItem) -> None:
        r = item.result
        a, plan = r.alignment, r.plan
        rp = self.w.result_panel
        if r.output is not None:
            rp.headline.setText(self.tr("✓ Done: {0}").format(r.output.name))
            rp.output_label.setText(str(r.output))
        else:
            rp.headline.setText(self.tr("✓ Analysed: {0}").format(item.path.name))
            rp.output_label.setText("")
        facts = [
            (self.tr("Where"), T.offset_sentence(a.music_start, a.segments[0].ref_start)),
            (self.tr("Confidence"), T.confidence_sentence(a.confidence_label, a.confidence)),
            (self.tr("Kept"), T.kept_sentence(plan.video_start, plan.end)),
        ]
        notes = T.plan_notes(plan) + list(r.warnings)
        if abs(getattr(a, "drift_ppm", 0.0)) >= 1.0:
            notes.append(self.tr("Clock difference between player and phone: {0} ppm (corrected)")
                         .format(f"{a.drift_ppm:.0f}"))
        if notes:
            facts.append((self.tr("Notes"), "\n".join(notes)))
        rp.set_facts(facts)
        others = [c for c in a.candidates[1:4] if abs(c.offset - a.offset) > 0.05]
        if a.confidence_label == "low":
            rp.set_warning(self.tr("⚠ The match is uncertain. Play the result to check it; if "
                                   "the music is off, try another position the engine found:"),
                           [(c.offset, self.tr("Try {0} (score {1} %)").format(
                               T.seconds(c.offset), int(round(c.score * 100)))) for c in others])
        else:
            rp.set_warning("", [])
        song_duration = r.reference.duration if r.reference else 0.0
        rp.picture.set_picture(AlignmentPicture(
            rate=a.envelope_rate, dance=a.dance_envelope, reference=a.reference_envelope,
            offset=a.offset, dance_duration=r.dance.duration, song_duration=song_duration,
            kept=(plan.video_start, plan.end), music=(a.music_start, a.music_end),
            candidates=[(c.offset, c.score) for c in a.candidates]))
        has_file = r.output is not None
        for b in (rp.play, rp.open_external, rp.reveal):
            b.setEnabled(has_file)
        if self._player is None or rp.player_host.currentIndex() == 0:
            rp.play.setText(self.tr("▶ Play here"))
        else:
            rp.play.setText(self.tr("Show match picture"))

    def _render_error(self, item) -> None:
        failure: Failure = item.failure
        name = item.path.name
        if failure.unexpected:
            title = self.tr("Something went wrong")
            message = self.tr("An unexpected error stopped the job for “{0}”. Nothing was "
                              "written. The details are in the log file.").format(name)
            hint = ""
        else:
            title = self.tr("Could not sync “{0}”").format(name)
            message = failure.message
            hint = T.failure_hint(failure.kind)
            summary = T.failure_summary(failure.kind)
            if summary:   # a translated UI: its language first, the engine's words after
                message = f"{summary}\n{failure.message}"
        self.w.error_panel.show_error(title, message, hint, failure.detail)

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        if self.running or not self.items or self.song is None:
            return
        for it in self.items:
            it.state, it.result, it.failure, it.fraction, it.force_offset = (
                "waiting", None, None, 0.0, None)
        self._start_queue(list(self.items))

    def try_runner_up(self, offset: float) -> None:
        kind, item = self._view
        if self.running or item is None:
            return
        item.state, item.result, item.failure, item.fraction = "waiting", None, None, 0.0
        item.force_offset = float(offset)
        self._start_queue([item])

    def _start_queue(self, queue: list[QueueItem]) -> None:
        self._save_options()
        self.settings.sync()
        self._close_player()
        self._run_queue = queue
        self._run_next()

    def _run_next(self) -> None:
        item = next((i for i in self._run_queue if i.state == "waiting"), None)
        if item is None:
            self._job = None
            self._run_queue = []
            self.refresh()
            self.all_finished.emit()
            if self._close_when_idle:
                self.w.close()
            return
        try:
            token = self.engine.new_cancel_token()
            options = self.options(item.force_offset)
            steps = self.engine.stage_names()
        except Exception as exc:   # the engine failed to import: a broken install
            log.exception("Could not start the engine")
            from .engine import failure_from_exception
            item.state, item.failure = "failed", failure_from_exception(exc, False)
            self._view = ("error", item)
            self._run_queue = []
            self.refresh()
            self.all_finished.emit()
            return
        signals = JobSignals(self)      # owned by the GUI side; outlives the runnable
        signals.progress.connect(self._on_progress)
        signals.finished.connect(self._on_finished)
        signals.failed.connect(self._on_failed)
        signals.cancelled.connect(self._on_cancelled)
        item.state, item.fraction = "running", 0.0
        output = self.output_for(item)
        self._job = {"item": item, "token": token, "signals": signals,
                     "started": time.monotonic(), "eta": None}
        pp = self.w.progress_panel
        pp.set_steps([(name, T.stage_label(name, label)) for name, label in steps])
        pp.set_current(steps[0][0] if steps else "")
        pp.set_fraction(0.0)
        index = self.items.index(item) + 1 if item in self.items else 1
        if self.batch_mode:
            pp.heading.setText(self.tr("Syncing video {0} of {1}").format(index, len(self.items)))
        else:
            pp.heading.setText(self.tr("Syncing…"))
        pp.item_label.setText(self.tr("{0}  →  {1}").format(item.path.name,
                                                              output.name if output else "…"))
        pp.stage.setText(T.stage_label(steps[0][0]) if steps else "")
        pp.eta.setText("")
        self._view = ("progress", item)
        self.refresh()
        log.info("Starting job: %s + %s -> %s", item.path, self.song.path, output)
        self.job_started.emit()
        self.job_pool.start(SyncTask(self.engine, item.path, self.song.path, output, options,
                                     token, signals))

    def _current(self, signals) -> Optional[QueueItem]:
        if self._job is None or self._job["signals"] is not signals:
            return None
        return self._job["item"]

    def _on_progress(self, event) -> None:
        item = self._current(self.sender())
        if item is None:
            return
        job = self._job
        item.fraction = event.fraction
        pp = self.w.progress_panel
        pp.set_current(event.stage)
        pp.set_fraction(event.fraction)
        if job["token"].cancelled:
            return
        pp.stage.setText(self.tr("{0} — {1} %").format(T.stage_label(event.stage, event.label),
                                                         int(event.fraction * 100)))
        elapsed = time.monotonic() - job["started"]
        if event.fraction > 0.03 and elapsed > 0.8:
            estimate = elapsed * (1.0 - event.fraction) / event.fraction
            prev = job["eta"]
            # Smooth, and let it fall with the clock between updates.
            job["eta"] = estimate if prev is None else 0.6 * prev + 0.4 * estimate
            pp.eta.setText(T.eta_sentence(job["eta"]))
        if self.batch_mode:
            self._render_table()

    def _finish_item(self, item: QueueItem) -> None:
        self._job["signals"].deleteLater()
        self._job = None
        self.item_finished.emit(item)
        if self._close_when_idle:
            for it in self._run_queue:
                if it.state == "waiting":
                    it.state = "cancelled"
        self._run_next()

    def _on_finished(self, result) -> None:
        item = self._current(self.sender())
        if item is None:
            return
        item.state, item.result, item.fraction = "done", result, 1.0
        self._view = ("result", item)
        self._finish_item(item)

    def _on_failed(self, failure: Failure) -> None:
        item = self._current(self.sender())
        if item is None:
            return
        item.state, item.failure = "failed", failure
        self._view = ("error", item)
        self._finish_item(item)     # one failure does not stop the others

    def _on_cancelled(self) -> None:
        item = self._current(self.sender())
        if item is None:
            return
        item.state = "cancelled"
        for it in self._run_queue:
            if it.state == "waiting":
                it.state = "cancelled"
        self._view = ("hint", "cancelled")
        self._finish_item(item)

    def cancel(self) -> None:
        if self._job is None:
            return
        log.info("Cancel requested")
        self._job["token"].cancel()
        self.w.cancel_button.setEnabled(False)
        self.w.act_cancel.setEnabled(False)
        self.w.progress_panel.stage.setText(self.tr("Cancelling…"))
        self.w.progress_panel.eta.setText("")

    # ------------------------------------------------------------------ batch table
    def _batch_selection_changed(self) -> None:
        if self.running:
            return
        rows = sorted({i.row() for i in self.w.batch.selectedIndexes()})
        if len(rows) != 1 or rows[0] >= len(self.items):
            return
        item = self.items[rows[0]]
        if item.state == "done":
            self._close_player()
            self._view = ("result", item)
        elif item.state == "failed":
            self._view = ("error", item)
        else:
            return
        self._render_page()

    # ------------------------------------------------------------------ result actions
    def _result_path(self) -> Optional[Path]:
        kind, item = self._view
        if kind == "result" and item and item.result and item.result.output:
            return Path(item.result.output)
        return None

    def play_here(self) -> None:
        path = self._result_path()
        if path is None:
            return
        rp = self.w.result_panel
        if self._player is not None and rp.player_host.currentIndex() == 1:
            self._close_player()
            self._render_page()
            return
        if self._player is None:
            from .player import PlayerWidget   # Qt Multimedia loads on first use only
            self._player = (self.player_factory or PlayerWidget)()
            rp.player_host.addWidget(self._player)
        rp.player_host.setCurrentWidget(self._player)
        self._player.play_file(path)
        rp.play.setText(self.tr("Show match picture"))

    def _close_player(self) -> None:
        if self._player is not None:
            self._player.stop()
            self.w.result_panel.player_host.setCurrentIndex(0)
            self.w.result_panel.play.setText(self.tr("▶ Play here"))

    def open_external(self) -> None:
        path = self._result_path()
        if path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def reveal(self) -> None:
        path = self._result_path()
        if path is not None:
            reveal_in_file_manager(path)

    def open_log_folder(self) -> None:
        if self.log_dir is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_dir)))

    def about(self) -> None:
        from .. import __version__
        QMessageBox.about(self.w, self.tr("About BeatSync"), self.tr(
            "<b>BeatSync {0}</b><p>Puts the clean song under a dance-class video, exactly "
            "aligned, and trims it to the dance.</p>").format(__version__))

    # ------------------------------------------------------------------ closing
    def _close_guard(self, event: QCloseEvent) -> None:
        if self.running:
            if self._close_when_idle or self.confirm_close():
                self._close_when_idle = True
                self.cancel()
            event.ignore()
            return
        self.settings.geometry = self.w.saveGeometry()
        self._save_options()
        self.settings.sync()
        if self._player is not None:
            self._player.stop()
        self.probe_pool.waitForDone(2000)
        event.accept()

    # ------------------------------------------------------------------ dialogs
    def _ask_song_choice(self, names: list[str]) -> Optional[int]:
        """Two or more videos dropped and no song yet: which one is the song?"""
        none = self.tr("None — they are all class videos (batch)")
        item, ok = QInputDialog.getItem(
            self.w, self.tr("Which file is the song?"),
            self.tr("You dropped several videos. Which one holds the clean song?"),
            names + [none], 0, False)
        if not ok:
            return None
        return -1 if item == none else names.index(item)

    def _confirm_close(self) -> bool:
        answer = QMessageBox.question(
            self.w, self.tr("Stop syncing?"),
            self.tr("A video is being synced. Stop it and close BeatSync? Nothing will be "
                    "written."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes


def reveal_in_file_manager(path: Path) -> None:
    path = Path(path)
    if sys.platform == "win32":
        QProcess.startDetached("explorer.exe", ["/select,", str(path)])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    else:
        uri = QUrl.fromLocalFile(str(path)).toString()
        ok = QProcess.startDetached("dbus-send", [
            "--session", "--print-reply", "--dest=org.freedesktop.FileManager1",
            "--type=method_call", "/org/freedesktop/FileManager1",
            "org.freedesktop.FileManager1.ShowItems", f"array:string:{uri}", "string:"])
        if not (ok[0] if isinstance(ok, tuple) else ok):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
