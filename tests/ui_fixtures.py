"""Shared helpers for the window's tests: a fake engine, a synchronous pool, drops.

Import from a test module (there is deliberately no tests/conftest.py here):

    from tests.ui_fixtures import FakeEngine, SyncPool, drop_files, make_window
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # before any QApplication exists

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from beatsync_desktop.ui.engine import ProbeReport

STAGES = [("probe", "Reading files"), ("decode", "Decoding sound"), ("align", "Finding the song"),
          ("plan", "Planning the cut"), ("render", "Writing the video")]


class FakeError(Exception):
    def __init__(self, message, kind="error", detail=""):
        super().__init__(message)
        self.message, self.kind, self.detail = message, kind, detail


class FakeCancelled(FakeError):
    def __init__(self):
        super().__init__("Cancelled: nothing was written.", "cancelled")


class FakeToken:
    def __init__(self):
        self._e = threading.Event()

    def cancel(self):
        self._e.set()

    @property
    def cancelled(self):
        return self._e.is_set()

    def check(self):
        if self._e.is_set():
            raise FakeCancelled()


@dataclass(frozen=True)
class FakeEvent:
    stage: str
    label: str
    stage_fraction: float
    fraction: float
    message: str = ""


def fake_info(path: Path, video: bool, audio: bool = True, duration: float = 62.0):
    return SimpleNamespace(path=Path(path), has_video=video, has_audio=audio, duration=duration,
                           video_codec="h264" if video else "", display_size=(1080, 1920),
                           audio_codec="aac" if audio else "", sample_rate=48000,
                           size_bytes=12_300_000, rotation=0)


class FakeEngine:
    """Same surface as ui.engine.Engine. File kinds come from the name:
    *.mp3/*.wav/*.opus → song; *.mp4/*.mov → video; names with 'broken' fail to read,
    'silent' have no sound; class videos named '*fail*' fail while syncing."""

    def __init__(self, step_delay: float = 0.0, confidence: float = 0.9):
        self.step_delay, self.confidence = step_delay, confidence
        self.calls: list[dict] = []

    def probe(self, path, *, want_output, thumb_size=0):
        path = Path(path)
        if "broken" in path.name:
            raise FakeError(f"“{path.name}” is not a video or audio file FFmpeg can read.", "input")
        video = path.suffix.lower() in {".mp4", ".mov", ".mkv"}
        info = fake_info(path, video, audio="silent" not in path.name)
        out = path.with_name(path.stem + "_beatsync.mp4") if video else None
        return ProbeReport(path, info, out, None)

    def new_cancel_token(self):
        return FakeToken()

    def make_options(self, **values):
        return SimpleNamespace(**values)

    def stage_names(self):
        return list(STAGES)

    def is_cancelled_error(self, exc):
        return isinstance(exc, FakeCancelled)

    def is_expected_error(self, exc):
        return isinstance(exc, FakeError)

    def sync(self, dance, reference, output, options, on_progress, cancel):
        self.calls.append({"dance": Path(dance), "output": output, "options": options})
        steps = 20
        for i in range(steps + 1):
            cancel.check()
            f = i / steps
            stage = STAGES[min(len(STAGES) - 1, int(f * len(STAGES)))][0]
            on_progress(FakeEvent(stage, stage, f, f))
            if self.step_delay:
                time.sleep(self.step_delay)
        if "fail" in Path(dance).name:
            raise FakeError("The song was not found in the video's sound.", "no-match",
                            "best score 0.02 below 0.2")
        Path(output).write_bytes(b"fake video")
        return fake_result(Path(dance), Path(reference), Path(output), self.confidence,
                           getattr(options, "force_offset", None))


def fake_result(dance: Path, reference: Path, output: Optional[Path], confidence=0.9,
                force_offset=None):
    import math
    rate = 20.0
    n = int(62 * rate)
    env = tuple(abs(math.sin(i / 7.0)) * (0.3 + 0.7 * ((i // 40) % 2)) for i in range(n))
    offset = force_offset if force_offset is not None else 12.5
    label = "high" if confidence >= 0.6 else "medium" if confidence >= 0.35 else "low"
    cands = (SimpleNamespace(offset=offset, score=confidence, windows=10),
             SimpleNamespace(offset=47.25, score=0.3, windows=3),
             SimpleNamespace(offset=80.0, score=0.1, windows=1))
    segment = SimpleNamespace(dance_start=3.0, dance_end=60.0, ref_start=3.0 + offset, rate=1.0)
    alignment = SimpleNamespace(offset=offset, confidence=confidence, confidence_label=label,
                                candidates=cands, music_start=3.0, music_end=60.0, drift_ppm=0.0,
                                segments=(segment,),
                                envelope_rate=rate, dance_envelope=env, reference_envelope=env)
    plan = SimpleNamespace(start=2.5, end=60.5, video_start=2.4, fade_in=0.3, fade_out=0.3,
                           notes=("Lead-in of 2.4 s without music trimmed.",))
    return SimpleNamespace(dance=fake_info(dance, True), reference=fake_info(reference, False,
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
