"""Damaged, odd and exotic inputs: one clear sentence naming the file at fault, a clean
exit code, never an internal error. Every case is built from real media (tests/fuzz.py's
seed files: short phone-style videos of many codecs, the matching song in many formats)."""

from __future__ import annotations

import os
import shutil
import struct
import threading
import time
from pathlib import Path

import av
import pytest

from beatsync_desktop.core import (InputFileError, NoMatchError, SyncOptions, UsageError,
                                   analyze, probe_media, sync_video)
from beatsync_desktop.core.decode import decode_audio
from tests.support.media_factory import ffmpeg_exe

JARGON = ("Errno", "errno", "Input/output", "allocate", "End of file", "patches welcome",
          "returned", "NoneType", "beatsync-partial", "Invalid argument")


def assert_plain(message: str, name: str) -> None:
    """One sentence for a person: names the file, no FFmpeg or system jargon."""
    assert name in message, message
    assert not any(word in message for word in JARGON), message
    assert "\n" not in message and len(message) < 400, message


def copy(src: Path, folder: Path, name: str | None = None) -> Path:
    return Path(shutil.copyfile(src, folder / (name or src.name)))


# --------------------------------------------------------------------------- opening


def test_sound_without_a_decoder_is_named_not_a_crash(fuzz_seeds, tmp_path):
    """A damaged WAV header names a codec FFmpeg does not know: PyAV gives the stream no
    codec context (it used to be read as None.name, an internal error)."""
    data = bytearray(fuzz_seeds["song.wav"].read_bytes())
    fmt = data.find(b"fmt ")
    data[fmt + 8:fmt + 10] = (0x3456).to_bytes(2, "little")      # format tag: unknown
    song = tmp_path / "song.wav"
    song.write_bytes(bytes(data))
    info = probe_media(song)
    assert info.has_audio and info.audio_codec == "unknown"
    with pytest.raises(InputFileError) as err:
        analyze(fuzz_seeds["class.mp4"], song)
    assert err.value.exit_code == 3
    assert "not supported" in err.value.message
    assert_plain(err.value.message, "song.wav")


@pytest.mark.parametrize("seed, keep, words", [
    ("class_vfr.mkv", 100, "damaged or incomplete"),     # FFmpeg: [Errno 5] Input/output error
    ("class_theora.ogv", 100, "incomplete"),             # FFmpeg: [Errno 541478725] End of file
    ("class.mp4", 0.6, "damaged or incomplete"),         # moov (the index) cut off
])
def test_a_file_cut_short_says_so(seed, keep, words, fuzz_seeds, tmp_path):
    data = fuzz_seeds[seed].read_bytes()
    cut = tmp_path / seed
    cut.write_bytes(data[:keep if isinstance(keep, int) else int(len(data) * keep)])
    with pytest.raises(InputFileError) as err:
        probe_media(cut)
    assert words in err.value.message
    assert "interrupted" in err.value.message
    assert_plain(err.value.message, seed)


def test_impossible_sizes_in_the_header_are_damage_not_memory(fuzz_seeds, tmp_path):
    """A flipped stts entry count: FFmpeg says "[Errno 12] Cannot allocate memory"."""
    data = bytearray(fuzz_seeds["class.mp4"].read_bytes())
    at = data.find(b"stts")
    data[at + 8:at + 12] = struct.pack(">I", 0x7FFFFFFF)
    bad = tmp_path / "class.mp4"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputFileError) as err:
        sync_video(bad, fuzz_seeds["song.mp3"], tmp_path / "out.mp4")
    assert "damaged" in err.value.message
    assert_plain(err.value.message, "class.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.mp4"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_refused_at_once(fuzz_seeds, tmp_path):
    """FFmpeg would wait for a writer forever; it used to be called "empty (0 bytes)"."""
    pipe = tmp_path / "class.mp4"
    os.mkfifo(pipe)
    t0 = time.monotonic()
    with pytest.raises(InputFileError) as err:
        analyze(pipe, fuzz_seeds["song.mp3"])
    assert time.monotonic() - t0 < 5
    assert "not an ordinary file" in err.value.message and "empty" not in err.value.message
    assert_plain(err.value.message, "class.mp4")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes, sockets, /dev/null")
@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
def test_what_is_not_an_ordinary_file_is_refused_by_every_reader(kind, fuzz_seeds, tmp_path):
    """A pipe, a socket or a device as the video or the song: the engine and the window's
    probe (with its thumbnail) refuse it in words, at once, without opening it."""
    import signal
    import socket

    from beatsync_desktop.ui.engine import Engine

    odd = tmp_path / "class.mp4"
    sock = None
    if kind == "pipe":
        os.mkfifo(odd)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(str(odd))
        except OSError:
            pytest.skip("the folder's path is too long for a socket")
    else:
        os.symlink(os.devnull, odd)

    def ring(_signum, _frame):
        raise AssertionError(f"still waiting on the {kind} after 10 s")
    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, 10)
    try:
        calls = [lambda: probe_media(odd), lambda: analyze(odd, fuzz_seeds["song.mp3"]),
                 lambda: analyze(fuzz_seeds["class.mp4"], odd),
                 lambda: sync_video(fuzz_seeds["class.mp4"], odd, tmp_path / "out.mp4"),
                 lambda: Engine().probe(odd, want_output=True, thumb_size=64)]
        for call in calls:
            with pytest.raises(InputFileError) as err:
                call()
            assert err.value.exit_code == 3
            assert "not an ordinary file" in err.value.message
            assert_plain(err.value.message, "class.mp4")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if sock is not None:
            sock.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.mp4"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_link_loops_and_broken_links(fuzz_seeds, tmp_path):
    loop = tmp_path / "loop.mp4"
    os.symlink(loop.name, loop)
    with pytest.raises(InputFileError) as err:
        analyze(loop, fuzz_seeds["song.mp3"])
    assert "points to itself" in err.value.message
    assert_plain(err.value.message, "loop.mp4")
    broken = tmp_path / "gone.mp3"
    os.symlink("nowhere.mp3", broken)
    with pytest.raises(InputFileError) as err:
        analyze(fuzz_seeds["class.mp4"], broken)
    assert "no longer exists" in err.value.message


def test_a_file_of_empty_space_is_refused_without_reading_it(fuzz_seeds, tmp_path):
    """A sparse 2 GB file (a copy that never got its data): FFmpeg would spend minutes
    reading zeros. With a real header in front, or none."""
    head = tmp_path / "song.mp3"
    with open(head, "wb") as fh:
        fh.write(fuzz_seeds["song.mp3"].read_bytes()[:4096])
        fh.truncate(2 << 30)
    zeros = tmp_path / "class.mp4"
    zeros.write_bytes(bytes(2 << 20) + fuzz_seeds["class.mp4"].read_bytes())
    for dance, song, bad in ((fuzz_seeds["class.mp4"], head, head), (zeros, head, zeros)):
        t0 = time.monotonic()
        with pytest.raises(InputFileError) as err:
            analyze(dance, song)
        assert time.monotonic() - t0 < 5
        assert "only empty space" in err.value.message
        assert_plain(err.value.message, bad.name)


# --------------------------------------------------------------------------- decoding


def test_sound_that_changes_layout_and_rate_mid_file(fuzz_seeds):
    """Two broadcast segments glued together: mono 48 kHz, then stereo 44.1 kHz. The
    resampler used to raise ValueError('Frame does not match AudioResampler setup.')."""
    audio = decode_audio(fuzz_seeds["class_layout_change.ts"], rate=16000, channels=1)
    assert audio.duration == pytest.approx(16.0, abs=0.3)
    assert audio.truncated_at is None
    song = decode_audio(fuzz_seeds["song_rate_change.mp3"], rate=48000, channels=2)
    assert song.duration > 6.5


def test_a_damaged_timestamp_far_ahead_is_not_padded_with_silence(fuzz_seeds, tmp_path):
    """Audio stamped 4,000 s late from 4 s on (a flipped byte in a WMV did this): the gap
    was filled with an hour of silence — minutes of analysis, gigabytes at 48 kHz."""
    jumped = tmp_path / "class.mkv"
    with av.open(str(fuzz_seeds["class.mp4"])) as src, av.open(str(jumped), "w") as dst:
        streams = {s.index: dst.add_stream_from_template(s) for s in src.streams}
        audio_seen = 0
        for packet in src.demux():
            if packet.dts is None:
                continue
            if packet.stream.type == "audio":
                audio_seen += 1
                if audio_seen >= 200:
                    late = int(4000 / packet.time_base)
                    packet.pts += late
                    packet.dts += late
            packet.stream = streams[packet.stream.index]
            dst.mux(packet)
    audio = decode_audio(jumped, rate=16000, channels=1)
    assert audio.duration == pytest.approx(16.0, abs=0.5)
    assert audio.gaps < 1.0
    result = analyze(jumped, fuzz_seeds["song.mp3"])
    assert result.alignment.offset == pytest.approx(1.0, abs=0.05)


# --------------------------------------------------------------------------- the picture


def _swf(fuzz_seeds, folder: Path) -> Path:
    """An SWF (Flash) class video: MJPEG picture, MP3 sound; FFmpeg cannot seek in it."""
    import subprocess
    out = folder / "class.swf"
    subprocess.run([ffmpeg_exe(), "-nostdin", "-v", "error", "-y", "-i",
                    str(fuzz_seeds["class.mp4"]), "-c:v", "mjpeg", "-q:v", "5",
                    "-c:a", "libmp3lame", "-ar", "44100", str(out)], check=True)
    return out


def test_a_video_that_cannot_seek_is_still_synced(fuzz_seeds, tmp_path):
    """The black/frozen picture check seeks; a failed seek there used to escape as
    PermissionError (an internal error), and in the render as "No permission to read"."""
    video = _swf(fuzz_seeds, tmp_path)
    with av.open(str(video)) as c, pytest.raises(av.error.FFmpegError):
        c.seek(5 * 1_000_000)                     # the premise: this file cannot seek
    result = sync_video(video, fuzz_seeds["song.mp3"], tmp_path / "out.mp4")
    with av.open(str(result.output)) as f:
        assert f.streams.video and f.streams.audio
        assert sum(1 for _ in f.decode(video=0)) > 100


def _ebml_size(data: bytes, at: int) -> tuple[int, int]:
    """(value, length) of the EBML variable-size integer at `at`."""
    first = data[at]
    length = 8 - first.bit_length() + 1
    value = first & ((1 << (8 - length)) - 1)
    for byte in data[at + 1:at + length]:
        value = (value << 8) | byte
    return value, length


def test_picture_timestamps_that_go_back_are_damage_in_the_video(fuzz_seeds, tmp_path):
    """An MKV cluster stamped 5 s early: the muxer refused the copy and the user read
    "Could not write out.mp4: Invalid argument: '/…/.out.6h1eat4p.beatsync-partial'
    returned 22" (exit 7: an output problem, and the hidden file shown)."""
    data = bytearray(fuzz_seeds["class_vfr.mkv"].read_bytes())
    clusters = []
    at = data.find(b"\x1f\x43\xb6\x75")
    while at >= 0:
        clusters.append(at)
        at = data.find(b"\x1f\x43\xb6\x75", at + 1)
    cluster = clusters[6]
    _, n = _ebml_size(data, cluster + 4)
    child = cluster + 4 + n
    while data[child] != 0xE7:                    # the cluster's Timecode element
        id_len = 8 - data[child].bit_length() + 1
        size, m = _ebml_size(data, child + id_len)
        child += id_len + m + size
    size, m = _ebml_size(data, child + 1)
    value = int.from_bytes(data[child + 1 + m:child + 1 + m + size], "big")
    data[child + 1 + m:child + 1 + m + size] = (value - 5000).to_bytes(size, "big")
    video = tmp_path / "class.mkv"
    video.write_bytes(bytes(data))
    result = sync_video(video, fuzz_seeds["song.mp3"], tmp_path / "out.mp4")
    with av.open(str(result.output)) as f:
        assert f.streams.video and f.streams.audio
        assert sum(1 for _ in f.decode(video=0)) > 150
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.mkv", "out.mp4"]


# --------------------------------------------------------------------------- no overlap


def test_an_offset_with_no_overlap_is_refused_before_writing(tmp_path):
    """`--offset 40` on the demo used to print "Kept 0.00–-9.69 s", exit 0 and leave a
    0-byte file."""
    from beatsync_desktop.cli import demo_inputs
    video, song = demo_inputs()
    for offset in (40.0, -40.0, 29.9, -25.9):
        with pytest.raises(UsageError) as err:
            sync_video(video, song, tmp_path / "out.mp4", SyncOptions(force_offset=offset))
        assert "do not overlap" in err.value.message
        assert "between -25.5 and +29.5 s" in err.value.message, err.value.message
        assert list(tmp_path.iterdir()) == []
    with pytest.raises(UsageError):
        analyze(video, song, SyncOptions(force_offset=40.0))
    # Just inside the range: a short result, not an error.
    result = sync_video(video, song, tmp_path / "out.mp4", SyncOptions(force_offset=29.0))
    assert 0.5 <= result.plan.end - result.plan.start <= 1.5
    assert (tmp_path / "out.mp4").stat().st_size > 1000


@pytest.mark.parametrize("field, value", [
    ("force_offset", float("nan")), ("force_offset", float("inf")), ("force_offset", 1e300),
    ("speaker_distance", float("nan")), ("margin", float("nan")), ("fade", float("inf")),
    ("margin", -1.0), ("audio_bitrate", 10**9),
])
def test_options_no_job_can_use_are_refused_in_words(field, value, tmp_path):
    from beatsync_desktop.cli import demo_inputs
    video, song = demo_inputs()
    with pytest.raises(UsageError) as err:
        sync_video(video, song, tmp_path / "out.mp4", SyncOptions(**{field: value}))
    assert "must be a number" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_cancel_during_the_picture_check_is_not_swallowed(fuzz_seeds, tmp_path):
    """The black/frozen check caught every exception, the cancel included."""
    from beatsync_desktop.core import Cancelled
    from beatsync_desktop.core.picture import keyframe_thumbs
    from beatsync_desktop.core.probe import open_container, real_video_streams

    def stop():
        raise Cancelled()
    with open_container(fuzz_seeds["class.mp4"]) as c:
        with pytest.raises(Cancelled):
            keyframe_thumbs(c, real_video_streams(c)[0], 2.0, 8.0, stop)


def test_no_stray_threads_or_files_after_a_damaged_input(fuzz_seeds, tmp_path):
    before = threading.active_count()
    bad = copy(fuzz_seeds["class.mp4"], tmp_path)
    bad.write_bytes(bad.read_bytes()[:5000])
    with pytest.raises(InputFileError):
        sync_video(bad, fuzz_seeds["song.mp3"], tmp_path / "out.mp4")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["class.mp4"]
    assert threading.active_count() <= before


def test_nothing_is_left_when_nothing_matches(fuzz_seeds, songs, tmp_path):
    from tests.conftest import SONG_C
    with pytest.raises(NoMatchError):
        sync_video(fuzz_seeds["class.mp4"], songs[SONG_C], tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


def test_ffmpegs_operation_not_permitted_is_not_a_file_permission(fuzz_seeds, tmp_path):
    """FFmpeg says EPERM ("Operation not permitted") for operations damaged data refuses
    (a seek, opening a decoder); the file itself was readable, so "No permission to read"
    sent the user to the wrong problem."""
    from beatsync_desktop.core.media_errors import input_error
    video = copy(fuzz_seeds["class.mp4"], tmp_path)
    err = input_error(av.error.PermissionError(1, "Operation not permitted"), video, "picture")
    assert "permission" not in err.message.lower() and "damaged" in err.message
    assert_plain(err.message, "class.mp4")
    denied = input_error(PermissionError(13, "Permission denied"), video)
    assert denied.message == "No permission to read class.mp4."
