"""`beatsync-desktop --screenshots DIR`: the real window, driven through a real demo job.

Copies the bundled demo (resources/demo) to a temporary folder, then: empty window → files
loaded → running → result with the match picture → an engine error → a batch with one
failure → the History view (one output deleted since: marked) → the resume offer (jobs a
BeatSync that stopped left unfinished). The job history is a temporary one (app.main
points BEATSYNC_DATA_DIR at the run's temporary folder). Each state is saved as DIR/NN-state-LANG[-dark].png; exit code 0 when all were made.
"""

from __future__ import annotations

import logging
import math
import random
import shutil
import struct
import sys
import tempfile
import wave
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def demo_files() -> tuple[Path, Path]:
    from ..paths import demo_inputs
    video, song = demo_inputs()
    if not video.is_file() or not song.is_file():
        raise FileNotFoundError(f"The demo media is missing in {video.parent}")
    return video, song


def write_unrelated_song(path: Path, seconds: float = 25.0, rate: int = 22050) -> Path:
    """A short tune that is not in the class video (for a real 'song not found' error)."""
    rng = random.Random(7)
    frames = bytearray()
    note_len = int(rate * 0.25)
    for _ in range(int(seconds / 0.25)):
        freq = 220.0 * 2 ** (rng.randrange(0, 24) / 12)
        for i in range(note_len):
            env = min(1.0, i / 200) * max(0.0, 1 - i / note_len)
            frames += struct.pack("<h", int(9000 * env * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


class ScreenshotRun(QObject):
    def __init__(self, app, window, controller, out_dir: Path, lang: str = "en",
                 theme: str = "system", timeout_s: float = 240.0) -> None:
        super().__init__(window)
        self.app, self.w, self.c = app, window, controller
        self.out_dir = Path(out_dir)
        self.suffix = lang + ("-dark" if theme == "dark" else "")
        self.exit_code = 1
        self.saved: list[Path] = []
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(lambda: self._fail("timed out"))
        self._watchdog.start(int(timeout_s * 1000))
        self._running_shot = False
        controller.ask_song_choice = lambda names: -1
        controller.confirm_close = lambda: True

    # -- helpers --------------------------------------------------------------------
    def shot(self, name: str, widget=None) -> None:
        self.app.processEvents()
        path = self.out_dir / f"{len(self.saved) + 1:02d}-{name}-{self.suffix}.png"
        if not (widget or self.w).grab().save(str(path)):
            raise OSError(f"could not write {path}")
        self.saved.append(path)
        print(f"screenshot: {path}", flush=True)

    def once(self, signal, then: Callable[[], None]) -> None:
        def handler(*_args):
            signal.disconnect(handler)
            QTimer.singleShot(50, lambda: self._guard(then))
        signal.connect(handler)

    def _guard(self, fn: Callable[[], None]) -> None:
        try:
            fn()
        except Exception as exc:   # report and leave with an error code
            log.exception("Screenshot run failed")
            self._fail(str(exc))

    def _fail(self, why: str) -> None:
        print(f"screenshots failed: {why}", file=sys.stderr or sys.__stderr__, flush=True)
        self.exit_code = 1
        self._quit()

    def _quit(self) -> None:
        self.c.queue.stop_after_current = True
        if self.c.running:
            self.c.cancel()
        self.app.quit()

    # -- the states -----------------------------------------------------------------
    def start(self) -> None:
        self._guard(self._start)

    def _start(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.w.resize(1000, 860)
        video, song = demo_files()
        self.tmp = Path(tempfile.mkdtemp(prefix="beatsync-demo-"))
        self.video = Path(shutil.copy2(video, self.tmp / video.name))
        self.song = Path(shutil.copy2(song, self.tmp / song.name))
        self.shot("empty")
        self.once(self.c.files_ready, self._loaded)
        self.c.add_files([str(self.video), str(self.song)], None)

    def _loaded(self) -> None:
        if not self.c.items or self.c.song is None:
            raise RuntimeError("the demo files were not accepted")
        self.shot("files-loaded")
        self.c.queue.progress.connect(self._watch_progress)
        self.once(self.c.all_finished, self._result)
        self.c.start()

    def _watch_progress(self, _item, event) -> None:
        if not self._running_shot and event.fraction >= 0.3:
            self._running_shot = True
            self.shot("running")

    def _result(self) -> None:
        self.c.queue.progress.disconnect(self._watch_progress)
        item = self.c.items[0]
        if item.state != "done":
            raise RuntimeError(f"the demo job did not succeed: {item.failure}")
        if not self._running_shot:
            raise RuntimeError("no progress was seen while the demo job ran")
        self.shot("result")
        # A real engine error: a song that is not in the video.
        other = write_unrelated_song(self.tmp / "another_song.wav")
        self.once(self.c.files_ready, self._error_loaded)
        self.c.add_files([str(other)], "song")

    def _error_loaded(self) -> None:
        self.once(self.c.all_finished, self._error_done)
        self.c.start()

    def _error_done(self) -> None:
        item = self.c.items[0]
        if item.state == "failed":
            self.shot("error")
        else:   # the engine found a (weak) match instead: show it, it is a real state too
            self.shot("weak-match")
        # Batch: three groups against the demo song; the third file disappears before its turn.
        g2 = self.g2 = Path(shutil.copy2(self.video, self.tmp / "group2.mp4"))
        self.g3 = Path(shutil.copy2(self.video, self.tmp / "group3.mp4"))
        self.c.clear_videos()
        self.c.clear_song()
        self.once(self.c.files_ready, self._batch_loaded)
        self.c.add_files([str(self.video), str(g2), str(self.g3), str(self.song)], None)

    def _batch_loaded(self) -> None:
        if len(self.c.items) != 3:
            raise RuntimeError("the batch was not formed")
        self.g3.unlink()
        self.once(self.c.all_finished, self._batch_done)
        self.c.start()

    def _history(self) -> None:
        from ..history import HistoryStore, new_batch_id
        from .views.history_view import ResumeDialog
        self.c.items[1].result.output.unlink()          # group2's output deleted since
        dialog = self.c.history_window.show()
        dialog.resize(1000, 500)
        dialog.table.selectRow(1)
        self.shot("history", dialog)
        dialog.close()
        # A BeatSync that stopped mid-batch: its jobs stay queued in the history.
        folder = self.c.history.store.folder
        if folder is None:
            raise RuntimeError("the job history is not on disk")
        with HistoryStore.open(folder) as stopped:
            batch = new_batch_id()
            for video in (self.video, self.g2):
                stopped.enqueue(batch, video, self.song, self.c.options())
        jobs = self.c.history.store.unfinished()
        if len(jobs) != 2:
            raise RuntimeError(f"expected 2 unfinished jobs, not {len(jobs)}")
        offer = ResumeDialog(self.c.history_window.resume_names(jobs), self.w)
        offer.show()
        self.shot("resume-offer", offer)
        offer.close()

    def _batch_done(self) -> None:
        states = [i.state for i in self.c.items]
        if states[:2] != ["done", "done"] or states[2] != "failed":
            raise RuntimeError(f"unexpected batch outcome {states}")
        self.w.batch.selectRow(0)
        self.shot("batch")
        self._history()
        self.exit_code = 0
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._watchdog.stop()
        self.app.quit()
