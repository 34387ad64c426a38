"""The window's thumbnails: a file that cannot seek, or whose metadata is not UTF-8, still
shows a picture. PyAV 18 has no `av.AVError`: catching it raised AttributeError, which the
probe swallowed, and the zone showed no picture at all. PyAV raises av.error.FFmpegError
and its subclasses."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
import pytest

from beatsync_desktop.ui.engine import Engine
from beatsync_desktop.ui.thumbnail import video_thumbnail


@pytest.fixture(scope="module")
def app():
    from PySide6.QtWidgets import QApplication
    return QApplication.instance() or QApplication([])


class _CannotSeek:
    """A real container whose seek fails the way FFmpeg fails on a file it cannot seek in
    (SWF, raw streams, some damaged files: EPERM)."""

    def __init__(self, container):
        self._c = container

    def seek(self, *args, **kwargs):
        raise av.error.PermissionError(1, "Operation not permitted")

    def __getattr__(self, name):
        return getattr(self._c, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._c.close()


def test_a_failed_seek_still_gives_a_thumbnail(app, fuzz_seeds, monkeypatch):
    assert not hasattr(av, "AVError")             # what the old code tried to catch
    real_open = av.open
    monkeypatch.setattr(av, "open", lambda *a, **k: _CannotSeek(real_open(*a, **k)))
    image = video_thumbnail(fuzz_seeds["class_rot_bframes.mp4"], 64)
    assert image is not None and image.height() == 64 and image.width() < 64   # portrait
    report = Engine().probe(fuzz_seeds["class.mp4"], want_output=True, thumb_size=64)
    assert report.thumbnail is not None


@pytest.mark.parametrize("mutation", [(4096, 242592, "class_av1.mp4"),
                                      (4096, 2051, "class_theora.mkv")])
def test_a_damaged_file_whose_seek_fails_raises_nothing(app, fuzz_seeds, tmp_path, mutation):
    """Zeroed bytes that make FFmpeg's seek fail (found by the fuzzer): the old code
    raised AttributeError here."""
    size, at, name = mutation
    data = bytearray(fuzz_seeds[name].read_bytes())
    data[at:at + size] = bytes(size)
    video = tmp_path / name
    video.write_bytes(bytes(data))
    video_thumbnail(video, 64)                    # a picture or None, never an exception


def test_metadata_that_is_not_utf8_does_not_cost_the_thumbnail(app, fuzz_seeds, tmp_path):
    data = bytearray(fuzz_seeds["class.mp4"].read_bytes())
    at = data.find(b"Lavf")                       # the encoder tag in the metadata
    assert at > 0
    data[at:at + 4] = b"\xff\xfe\xfd\xfc"
    video = tmp_path / "class.mp4"
    video.write_bytes(bytes(data))
    assert video_thumbnail(video, 64) is not None


def test_a_file_without_a_picture_has_no_thumbnail_and_no_error(app, fuzz_seeds):
    assert video_thumbnail(fuzz_seeds["song.mp3"], 64) is None


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and SIGALRM: POSIX")
def test_a_pipe_is_refused_not_waited_on(app, tmp_path):
    """The probe refuses a pipe first, but a path can become one in between: opening a
    pipe for reading would wait for a writer and hold a probe worker for good."""
    import signal

    from beatsync_desktop.core.errors import InputFileError

    pipe = tmp_path / "class.mp4"
    os.mkfifo(pipe)

    def ring(_signum, _frame):
        raise AssertionError("still waiting on the pipe after 10 s")
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 10)
    try:
        with pytest.raises(InputFileError, match="not an ordinary file"):
            video_thumbnail(pipe, 64)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
