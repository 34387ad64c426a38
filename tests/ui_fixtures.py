"""Shared helpers for the window's tests: a fake engine, a synchronous pool, drops.

Import from a test module (there is deliberately no tests/conftest.py here):

    from tests.ui_fixtures import FakeEngine, SyncPool, drop_files, make_window
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # before any QApplication exists

import time
from dataclasses import replace
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from beatsync_desktop.core.errors import InputFileError, NoMatchError
from beatsync_desktop.core.models import (Alignment, Candidate, CutPlan, MediaInfo, Segment,
                                          SyncOptions, SyncResult, Trim)
from beatsync_desktop.core.progress import STAGES as CORE_STAGES
from beatsync_desktop.core.progress import CancelToken, Progress
from beatsync_desktop.ui.engine import ProbeReport

STAGES = [name for name, _, _ in CORE_STAGES]


def fake_info(path: Path, video: bool, audio: bool = True, duration: float = 62.0) -> MediaInfo:
    return MediaInfo(path=Path(path), container="mov,mp4", duration=duration, has_video=video,
                     has_audio=audio, video_codec="h264" if video else "",
                     width=1080 if video else 0, height=1920 if video else 0,
                     audio_codec="aac" if audio else "", sample_rate=48000, channels=2,
                     size_bytes=12_300_000)


class FakeEngine:
    """An `EngineInterface` that reads no media. File kinds come from the name:
    *.mp3/*.wav/*.opus → song; *.mp4/*.mov → video; names with 'broken' fail to read,
    'silent' have no sound; class videos named '*fail*' fail while syncing. It raises the
    engine's real errors and honours the real CancelToken."""

    def __init__(self, step_delay: float = 0.0, confidence: float = 0.9, runs: int = 1):
        self.step_delay, self.confidence = step_delay, confidence
        self.runs = runs        # > 1: the song plays that many times (RUNS), as issue 12
        self.calls: list[dict] = []

    def probe(self, path, *, want_output, thumb_size=0) -> ProbeReport:
        path = Path(path)
        if "broken" in path.name:
            raise InputFileError(f"“{path.name}” is not a video or audio file FFmpeg can read.")
        video = path.suffix.lower() in {".mp4", ".mov", ".mkv"}
        info = fake_info(path, video, audio="silent" not in path.name)
        out = path.with_name(path.stem + "_beatsync.mp4") if video else None
        return ProbeReport(path, info, out, None)

    def sync(self, dance, reference, output, options: SyncOptions, on_progress,
             cancel: CancelToken) -> SyncResult:
        self.calls.append({"dance": Path(dance), "output": output, "options": options})
        progress = Progress(on_progress, cancel, min_interval=0.0)
        steps = 20
        for i in range(steps + 1):
            f = i / steps
            stage = STAGES[min(len(STAGES) - 1, int(f * len(STAGES)))]
            progress.update(stage, f)         # checks the cancel token too
            if self.step_delay:
                time.sleep(self.step_delay)
        if "fail" in Path(dance).name:
            raise NoMatchError("The song was not found in the video's sound.",
                               "best score 0.02 below 0.2")
        if output is None:          # like the real engine: numbered beside the video
            from beatsync_desktop.core.pipeline import default_output_path
            output = default_output_path(Path(dance))
        if self.runs > 1:
            return fake_runs_result(Path(dance), Path(reference), Path(output), options,
                                    self.runs)
        Path(output).write_bytes(b"fake video")
        return fake_result(Path(dance), Path(reference), Path(output), self.confidence,
                           options.force_offset)


def fake_result(dance: Path, reference: Path, output: Optional[Path], confidence=0.9,
                force_offset=None) -> SyncResult:
    import math
    rate = 20.0
    n = int(62 * rate)
    env = tuple(abs(math.sin(i / 7.0)) * (0.3 + 0.7 * ((i // 40) % 2)) for i in range(n))
    offset = force_offset if force_offset is not None else 12.5
    cands = (Candidate(offset=offset, score=confidence, windows=10),
             Candidate(offset=47.25, score=0.3, windows=3),
             Candidate(offset=80.0, score=0.1, windows=1))
    segment = Segment(dance_start=3.0, dance_end=60.0, ref_start=3.0 + offset, rate=1.0)
    alignment = Alignment(segments=(segment,), confidence=confidence, candidates=cands,
                          music_start=3.0, music_end=60.0, drift_ppm=0.0,
                          envelope_rate=rate, dance_envelope=env, reference_envelope=env)
    plan = CutPlan(start=2.5, end=60.5, video_start=2.4, fade_in=0.3, fade_out=0.3,
                   trims=(Trim("start", "no-music", 2.4),))
    return SyncResult(dance=fake_info(dance, True), reference=fake_info(reference, False,
                                                                        duration=180.0),
                      alignment=alignment, plan=plan, output=output, warnings=[], timings={})


class SyncPool:
    """Runs runnables at once on the calling thread (Picard's FakeThreadPool idea)."""

    def start(self, runnable):
        runnable.run()

    def waitForDone(self, msecs=-1):
        return True


def make_window(tmp_path, engine=None, sync=True, lang="en"):
    from beatsync_desktop.ui.app import create_window
    window, controller = create_window(str(tmp_path / "settings.ini"),
                                       engine=engine or FakeEngine(), lang=lang)
    if sync:
        controller.job_pool = SyncPool()
        controller.probe_pool = SyncPool()
    controller.confirm_close = lambda: True
    return window, controller


def mime_for(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drop_files(widget, paths) -> bool:
    """Deliver a real drag-enter + drop of local files onto `widget`; True if accepted."""
    mime = mime_for(paths)
    pos = QPoint(widget.width() // 2, widget.height() // 2)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def touch(folder: Path, *names: str) -> list[Path]:
    out = []
    for n in names:
        p = folder / n
        p.write_bytes(b"\0" * 16)
        out.append(p)
    return out


# The runs of a fake class video (video 0–62 s, song 180 s): a slow practice at 0.75× with the
# pitch kept, a doubtful restart, then a full run.
RUNS = (Segment(dance_start=3.0, dance_end=18.0, ref_start=10.0, rate=0.75, confidence=0.9,
                tempo="pitch-kept"),
        Segment(dance_start=22.0, dance_end=38.0, ref_start=5.0, confidence=0.45),
        Segment(dance_start=41.0, dance_end=60.0, ref_start=0.0, confidence=0.85))


def fake_runs_result(dance: Path, reference: Path, output: Path, options: SyncOptions,
                     count: int = 3) -> SyncResult:
    """What the engine reports for a class video with `count` runs, with `options.runs`,
    `split_runs` and `longest_run` applied as core/pipeline.py does (the real models)."""
    from beatsync_desktop.core.pipeline import run_output_path
    base = fake_result(dance, reference, output)
    segs = RUNS[:count]
    found = replace(base.alignment, segments=segs, confidence=min(s.confidence for s in segs),
                    music_start=segs[0].dance_start, music_end=segs[-1].dance_end)
    numbers = [k + 1 for k in options.run_indices(len(segs))]
    alignment = found.keep([n - 1 for n in numbers])
    if options.longest_run:
        numbers = [numbers[alignment.longest()]]
        alignment = alignment.only(alignment.longest())
    parts = ([alignment.only(k) for k in range(len(numbers))]
             if options.split_runs and len(numbers) > 1 else [alignment])
    plans = [CutPlan(start=a.music_start - 0.5, end=a.music_end + 0.5,
                     video_start=a.music_start - 0.6, fade_in=0.3, fade_out=0.3) for a in parts]
    outputs = ([output] if len(parts) == 1 else [run_output_path(output, n) for n in numbers])
    for path in outputs:
        Path(path).write_bytes(b"fake video")
    result = replace(base, alignment=alignment, plan=plans[0], output=outputs[0],
                     outputs=outputs, plans=plans if len(parts) > 1 else [])
    if alignment is not found:
        result.all_runs, result.kept_runs = found.segments, tuple(numbers)
    return result
