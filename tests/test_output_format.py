"""A picture codec the output container cannot hold is found in the probe stage, before
any analysis: the result is written as MOV or MKV when that keeps the picture untouched
(with a warning, and a new extension only when the name was ours), or the job is refused
up front in one sentence."""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import av
import numpy as np
import pytest

from beatsync_desktop.core import InputFileError, UsageError, sync_video
from tests.support import media_factory as mf


def copy(src: Path, folder: Path) -> Path:
    return Path(shutil.copyfile(src, folder / src.name))


def stages_seen(events) -> list[str]:
    return list(dict.fromkeys(e.stage for e in events))


def assert_picture_copied(source: Path, output: Path) -> None:
    """Every picture packet of the output is one of the source's, bit for bit."""
    src = collections.Counter(p.digest for p in mf.video_packets(source))
    out = collections.Counter(p.digest for p in mf.video_packets(output))
    assert out and not (out - src)


def assert_plays(output: Path) -> None:
    with av.open(str(output)) as f:
        assert f.streams.video and f.streams.audio
        assert sum(1 for _ in f.decode(audio=0)) > 100


@pytest.mark.parametrize("seed, suffix, fmt", [
    ("class_theora.ogv", ".mkv", "matroska"),   # no MP4 or MOV tag for Theora
    ("class_vp8.webm", ".mkv", "matroska"),
    ("class_prores.mov", ".mov", "mov"),        # ProRes: MOV, not MP4
    ("class_h263.3gp", ".mov", "mov"),
])
def test_default_name_changes_format_when_mp4_cannot_hold_the_picture(seed, suffix, fmt,
                                                                      fuzz_seeds, tmp_path):
    video = copy(fuzz_seeds[seed], tmp_path)
    result = sync_video(video, fuzz_seeds["song.mp3"])
    assert result.output == video.with_name(f"{video.stem}_beatsync{suffix}")
    assert any(f"so the result is {suffix[1:].upper()}" in w for w in result.warnings)
    with av.open(str(result.output)) as f:
        assert fmt in f.format.name
    assert_plays(result.output)
    assert_picture_copied(video, result.output)


@pytest.mark.parametrize("seed, named, suggestion", [
    ("class_prores.mov", "out.mp4", ".mov or .mkv"),
    ("class_theora.ogv", "out.mov", ".mkv"),
    ("class_vp9.webm", "out.mov", ".mkv"),      # FFmpeg: "Invalid argument ... returned 22"
    ("class_av1.mp4", "out.mov", ".mkv"),
])
def test_a_named_output_that_cannot_hold_the_picture_is_refused_up_front(
        seed, named, suggestion, fuzz_seeds, tmp_path):
    events = []
    with pytest.raises(UsageError) as err:
        sync_video(fuzz_seeds[seed], fuzz_seeds["song.mp3"], tmp_path / named,
                   on_progress=events.append)
    assert f"name the output {suggestion} instead" in err.value.message
    assert "decode" not in stages_seen(events)          # before any analysis
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("seed, codec", [("class_flv1.flv", "FLV1"), ("class_wmv2.wmv", "WMV2")])
def test_a_picture_no_format_can_hold_is_refused_up_front(seed, codec, fuzz_seeds, tmp_path):
    video = copy(fuzz_seeds[seed], tmp_path)
    events = []
    with pytest.raises(InputFileError) as err:
        sync_video(video, fuzz_seeds["song.mp3"], on_progress=events.append)
    assert codec in err.value.message and video.name in err.value.message
    assert "Convert the video" in err.value.message
    assert "decode" not in stages_seen(events)
    assert sorted(p.name for p in tmp_path.iterdir()) == [video.name]


@pytest.mark.parametrize("seed", ["class_av1.mp4", "class_theora.mkv"])
def test_pictures_without_an_encoder_are_copied(seed, fuzz_seeds, tmp_path):
    """PyAV looked up an *encoder* for the copied picture: UnknownCodecError('libdav1d')."""
    out = tmp_path / "out.mkv"
    result = sync_video(fuzz_seeds[seed], fuzz_seeds["song.mp3"], out)
    assert result.output == out and not result.warnings
    assert_plays(out)
    assert_picture_copied(fuzz_seeds[seed], out)


@pytest.mark.parametrize("seed", ["class.mp4", "class_hevc.mov", "class_rot_bframes.mp4"])
def test_mkv_output_keeps_the_same_sync_as_mp4(seed, fuzz_seeds, tmp_path):
    """MKV has no edit list: the AAC priming must still not shift the song."""
    song = fuzz_seeds["song.mp3"]
    mp4 = sync_video(fuzz_seeds[seed], song, tmp_path / "a.mp4").output
    mkv = sync_video(fuzz_seeds[seed], song, tmp_path / "a.mkv").output
    a, b = mf.decode_audio(mp4, 48000), mf.decode_audio(mkv, 48000)
    n = 48000 * 4
    lags = range(-200, 201)
    scores = [float(np.dot(a[48000:48000 + n], b[48000 + lag:48000 + lag + n])) for lag in lags]
    assert lags[int(np.argmax(scores))] == 0
    assert abs(len(a) - len(b)) < 48000 * 0.05
    assert mf.read_rotation(mkv) == mf.read_rotation(mp4)
    assert_picture_copied(fuzz_seeds[seed], mkv)


def test_the_window_suggests_a_name_whose_format_holds_the_picture(fuzz_seeds, tmp_path):
    from beatsync_desktop.ui.engine import Engine
    engine = Engine()
    video = copy(fuzz_seeds["class_theora.ogv"], tmp_path)
    report = engine.probe(video, want_output=True)
    assert report.suggested_output == tmp_path / "class_theora_beatsync.mkv"
    report = engine.probe(copy(fuzz_seeds["class.mp4"], tmp_path), want_output=True)
    assert report.suggested_output == tmp_path / "class_beatsync.mp4"
    with pytest.raises(InputFileError) as err:                  # refused at the drop
        engine.probe(copy(fuzz_seeds["class_wmv2.wmv"], tmp_path), want_output=True)
    assert "WMV2" in err.value.message
