"""Several runs of the song in one class video (issue 12), in the window.

`RunsControl` is the controller's helper for them:
- the window-wide choices (one file, or one per run; what plays between runs): the options
  row's two lists, remembered in the settings, given to every job (`options()`), batch too;
- the result page's runs (`views/runs_box.RunsBox`): which are ticked (its own state, for the
  result shown), the same one-file / one-per-run choice, "Write again" with only the ticked
  runs (`SyncOptions.runs`), and listening to a run: the written video from that run's start,
  or the clean song from that run's place in it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QObject

from ..core.models import GAP_AUDIO, SyncResult, confidence_label
from . import text as T
from .job_queue import QueueItem
from .views.alignment_view import RunMark
from .views.main_window import Page
from .views.runs_box import RunRow, RunsTexts

if TYPE_CHECKING:
    from .controller import MainController

LEAD_IN = 1.0    # seconds played before a run's start when listening to it


class RunsControl(QObject):
    def __init__(self, controller: "MainController") -> None:
        super().__init__(controller)
        self.c, self.w = controller, controller.w
        self.result: Optional[SyncResult] = None      # the result whose runs are shown
        self.ticked: set[int] = set()                 # its runs ticked (numbers from 1)
        w, box = self.w, self.w.result_panel.runs
        w.runs_mode.setCurrentIndex(1 if controller.settings.split_runs else 0)
        w.gap_audio.setCurrentIndex(GAP_AUDIO.index(controller.settings.gap_audio))
        w.runs_mode.currentIndexChanged.connect(lambda i: self.set_split(i == 1))
        w.gap_audio.currentIndexChanged.connect(self._gap_changed)
        box.one_file.toggled.connect(lambda on: on and self.set_split(False))
        box.per_run.toggled.connect(lambda on: on and self.set_split(True))
        box.ticked.connect(self.tick)
        box.play_video.connect(self.play_video)
        box.play_song.connect(self.play_song)
        box.write_again.clicked.connect(self.write_again)

    # ------------------------------------------------------------------ the window's choices
    @property
    def split(self) -> bool:
        return self.w.runs_mode.currentIndex() == 1

    def options(self) -> dict:
        """The run options of every job started from the window (`SyncOptions` fields)."""
        return {"split_runs": self.split,
                "gap_audio": GAP_AUDIO[max(0, self.w.gap_audio.currentIndex())]}

    def set_split(self, split: bool) -> None:
        """One file or one per run, from the options row or from the result page."""
        if self.w.runs_mode.currentIndex() != int(split):
            self.w.runs_mode.setCurrentIndex(int(split))      # comes back here once
            return
        self.c.settings.split_runs = split
        self.w.gap_audio.setEnabled(not split and not self.c.running)
        self.draw()

    def _gap_changed(self, index: int) -> None:
        self.c.settings.gap_audio = GAP_AUDIO[max(0, index)]

    def enable(self, running: bool) -> None:
        """The options row's lists while a job runs (the presenter's refresh)."""
        self.w.runs_mode.setEnabled(not running)
        self.w.gap_audio.setEnabled(not running and not self.split)

    # ------------------------------------------------------------------ the result page
    def shown_item(self) -> Optional[QueueItem]:
        view = self.c.view
        ok = view.page is Page.RESULT and view.item is not None and view.item.result is not None
        return view.item if ok else None

    def draw(self) -> None:
        """The runs of the result shown (the presenter calls it after `show_result`)."""
        box, item = self.w.result_panel.runs, self.shown_item()
        found = item.result.found_runs() if item is not None else ()
        if len(found) < 2:
            box.hide()
            self.result = None
            self.w.result_panel.picture.setMinimumHeight(190)
            return
        if item.result is not self.result:            # a new result: its own runs ticked
            self.result = item.result
            self.ticked = {n for n, _, kept in found if kept}
        rows = [RunRow(n, T.span(s.dance_start, s.dance_end),
                       T.span(s.ref_start, s.ref_time(s.dance_end)),
                       T.tempo_words(s.rate, s.tempo),
                       T.confidence_sentence(*self._confidence(s, item.result)),
                       n in self.ticked, kept) for n, s, kept in found]
        box.set_runs(rows, self.texts(len(found), sum(k for _, _, k in found)))
        box.set_state(self.split, self.can_write(), self.note())
        self.w.result_panel.picture.set_runs(
            [RunMark(n, (s.dance_start, s.dance_end), (s.ref_start, s.ref_time(s.dance_end)),
                     n in self.ticked) for n, s, _ in found])
        box.show()

    @staticmethod
    def _confidence(segment, result: SyncResult) -> tuple[str, float]:
        value = result.alignment.confidence if segment.confidence is None \
            else segment.confidence
        return confidence_label(value), value

    def written_as(self) -> tuple[frozenset, bool]:
        """The runs the shown result's output holds, and whether one file per run."""
        found = self.result.found_runs()
        return frozenset(n for n, _, kept in found if kept), bool(self.result.plans)

    def can_write(self) -> bool:
        return (self.result is not None and bool(self.ticked) and not self.c.running
                and self.result.output is not None
                and (frozenset(self.ticked), self.split) != self.written_as())

    def note(self) -> str:
        if not self.ticked:
            return self.tr("Tick at least one run.")
        if self.result is not None and (frozenset(self.ticked), self.split) == self.written_as():
            return self.tr("The file already holds these runs.")
        return ""

    def texts(self, count: int, kept: int) -> RunsTexts:
        return RunsTexts(
            title=T.runs_sentence(count, kept),
            headers=(self.tr("Video"), self.tr("Song"), self.tr("Tempo"), self.tr("Confidence")),
            run=self.tr("Run {0}"),
            play_video=self.tr("▶ Video"),
            play_video_tip=self.tr("Play the written video from this run's start"),
            play_song=self.tr("♪ Song"),
            play_song_tip=self.tr("Play the clean song from where this run starts in it"),
            not_written_tip=self.tr("This run is not in the written video; write again with "
                                    "it ticked, or listen to the song"),
            one_file=self.tr("One file"),
            one_file_tip=self.tr("One video from the first ticked run to the last"),
            per_run=self.tr("One file per run"),
            per_run_tip=self.tr("A video for each ticked run (…_run1.mp4, …_run2.mp4)"),
            write_again=self.tr("Write again"),
            write_again_tip=self.tr("Write the video again with only the ticked runs"))

    def tick(self, number: int, on: bool) -> None:
        (self.ticked.add if on else self.ticked.discard)(number)
        self.draw()

    # ------------------------------------------------------------------ acting
    def write_again(self) -> None:
        """The shown class video again, with only the ticked runs, as one file or one per run."""
        item = self.shown_item()
        if item is None or not self.can_write():
            return
        found = len(item.result.found_runs())
        runs = () if len(self.ticked) == found else tuple(sorted(self.ticked))
        options = dataclasses.replace(self.c.options(item.force_offset), runs=runs)
        item.reset(item.force_offset, new_job=True)
        item.options = options
        self.c.run_jobs([item])

    def _run(self, number: int):
        return next(s for n, s, _ in self.result.found_runs() if n == number)

    def play_video(self, number: int) -> None:
        """The written video from a little before this run's start."""
        if self.result is None:
            return
        segment, result = self._run(number), self.result
        kept = [n for n, _, k in result.found_runs() if k]
        if number not in kept or result.output is None:
            return
        if result.plans:      # one file per run: this run's file
            index = kept.index(number)
            path, plan = result.outputs[index], result.plans[index]
        else:
            path, plan = result.output, result.plan
        self.c.actions.play(self.w.result_panel, path,
                            segment.dance_start - plan.video_start - LEAD_IN)

    def play_song(self, number: int) -> None:
        """The clean song from a little before this run's place in it."""
        if self.result is not None:
            self.c.actions.play(self.w.result_panel, self.result.reference.path,
                                self._run(number).ref_start - LEAD_IN)
