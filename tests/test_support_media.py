"""The phone-style media factory writes what it says (tests/support/media_factory.py)."""

from __future__ import annotations

import subprocess

import av
import numpy as np
import pytest
from scipy import signal

try:
    from tests.support import assets, studio
    from tests.support import media_factory as mf
except ModuleNotFoundError:  # plain `pytest` without the repo root on sys.path
    from support import assets, studio
    from support import media_factory as mf

SR = 48000
SMALL = (160, 96)


@pytest.fixture(scope="module")
def clip() -> np.ndarray:
    """4 s of real stereo music."""
    x, sr = studio.load_audio(assets.music_file(), sr=SR)
    return x[:, 10 * SR: 14 * SR]


def lag_of(rec: np.ndarray, ref: np.ndarray) -> int:
    """Samples ``k`` such that rec[t + k] ~ ref[t] (where ref's start sits in rec)."""
    c = signal.fftconvolve(rec, ref[::-1], mode="full")
    return int(np.argmax(c)) - (len(ref) - 1)


def test_rotation_is_written_as_phone_display_matrix(tmp_path, clip):
    path = tmp_path / "portrait.mp4"
    mf.make_video(path, clip, SR, size=SMALL, rotation=90, duration=0.5)
    assert mf.read_rotation(path) == 90
    with av.open(str(path)) as c:
        assert next(c.decode(video=0)).rotation == -90  # PyAV/FFmpeg: counter-clockwise
    err = subprocess.run([mf.ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                         capture_output=True, text=True).stderr
    assert "rotation of -90.00 degrees" in err  # what ffprobe shows for a portrait iPhone clip
    plain = tmp_path / "plain.mp4"
    mf.make_video(plain, None, duration=0.3, size=SMALL)
    assert mf.read_rotation(plain) == 0


@pytest.mark.parametrize("rotation", [180, 270])
def test_other_rotations(tmp_path, rotation):
    path = tmp_path / "r.mov"
    mf.make_video(path, None, duration=0.2, size=SMALL, rotation=rotation)
    assert mf.read_rotation(path) == rotation


def test_vfr_timestamps_are_irregular(tmp_path, clip):
    vfr = mf.make_video(tmp_path / "vfr.mp4", clip, SR, size=SMALL, vfr=True)
    cfr = mf.make_video(tmp_path / "cfr.mp4", clip, SR, size=SMALL)
    d_vfr = np.diff(sorted(p.pts for p in mf.video_packets(vfr.path)))
    d_cfr = np.diff(sorted(p.pts for p in mf.video_packets(cfr.path)))
    assert len(set(d_cfr.tolist())) == 1
    assert len(set(d_vfr.tolist())) > 20
    with av.open(str(vfr.path)) as c:
        tb = float(c.streams.video[0].time_base)
    fps = 1 / (d_vfr * tb)
    assert fps.min() >= 28.9 and fps.max() <= 31.1 and abs(fps.mean() - 30) < 0.5
    # Decoded frame times are the ones we asked for.
    times = [t for t, _ in mf.frame_counters(vfr.path)]
    assert np.allclose(times, vfr.frame_times, atol=2e-4)


def test_black_and_frozen_intervals(tmp_path, clip):
    made = mf.make_video(tmp_path / "bf.mp4", clip, SR, size=(320, 180),
                         black=[(1.0, 1.5)], frozen=[(2.0, 3.0)])
    decoded = mf.frame_counters(made.path)
    assert [c for _, c in decoded] == made.frame_ids.tolist()
    for t, c in decoded:
        if 1.0 <= t < 1.5:
            assert c == -1
        elif 2.0 <= t < 3.0:
            assert c == 60  # the still is frame 60, the first one of the interval
        else:
            assert c == round(t * 30)  # picture changes (counter advances) every frame
    with av.open(str(made.path)) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert frames[35].max() < 20  # black really is black
    assert np.abs(frames[70].astype(int) - frames[65]).mean() < 3      # frozen: (nearly) identical
    assert np.abs(frames[95].astype(int) - frames[94]).mean() > 3      # moving: different


def test_non_ascii_path_with_spaces(tmp_path, clip):
    path = tmp_path / "舞蹈 课" / "期末 演出.mov"
    mf.make_video(path, clip, SR, size=SMALL)
    assert path.exists()
    audio = mf.decode_audio(path, SR)
    assert abs(lag_of(audio, clip.mean(axis=0))) <= 1
    assert mf.video_packets(path)[0].is_keyframe


@pytest.mark.parametrize("suffix,acodec", [
    (".mp4", "aac"), (".mov", "aac"), (".mkv", "opus"), (".mp4", "opus"),
    (".mov", "pcm_s16le"), (".avi", "pcm_s16le"), (".mkv", None),
])
def test_containers_and_audio_codecs(tmp_path, clip, suffix, acodec):
    path = tmp_path / f"v{suffix}"
    mf.make_video(path, clip, SR, size=SMALL, acodec=acodec)
    with av.open(str(path)) as c:
        assert c.streams.video[0].codec_context.name == "h264"
        if acodec is None:
            assert not c.streams.audio
            return
        assert c.streams.audio[0].codec_context.name == acodec
    audio = mf.decode_audio(path, SR)
    assert abs(lag_of(audio, clip.mean(axis=0))) <= 1


@pytest.mark.parametrize("suffix", [".mp4", ".mkv"])
def test_audio_start_offset(tmp_path, clip, suffix):
    path = tmp_path / f"late{suffix}"
    mf.make_video(path, clip, SR, size=SMALL, audio_start_offset=0.25)
    with av.open(str(path)) as c:
        a = c.streams.audio[0]
        assert float(a.start_time * a.time_base) > 0.2  # priming sits just before 0.25 s
    assert abs(lag_of(mf.decode_audio(path, SR), clip.mean(axis=0)) - 0.25 * SR) <= 1


def test_hevc_gop_bframes_and_creation_time(tmp_path, clip):
    path = tmp_path / "iphone.mov"
    mf.make_video(path, clip[:, :2 * SR], SR, size=SMALL, vcodec="hevc", gop=15, bframes=2,
                  creation_time="2024-05-01T18:30:00Z")
    packets = mf.video_packets(path)
    order = np.argsort([p.pts for p in packets])  # display order (packets are in decode order)
    keys = [rank for rank, i in enumerate(order) if packets[i].is_keyframe]
    assert keys == list(range(0, len(packets), 15))
    assert any(p.pts != p.dts for p in packets), "B-frames reorder: pts != dts"
    assert len({p.digest for p in packets}) == len(packets)
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        assert v.codec_context.name == "hevc" and v.codec_tag == "hvc1"
        assert c.metadata["creation_time"].startswith("2024-05-01T18:30:00")


@pytest.mark.parametrize("suffix,codec", [
    (".mp3", "mp3"), (".m4a", "aac"), (".wav", "pcm_s16le"), (".flac", "flac"),
    (".opus", "opus"), (".ogg", "vorbis"),
])
def test_make_audio_file(tmp_path, clip, suffix, codec):
    path = mf.make_audio_file(tmp_path / f"参考 曲{suffix}", clip, SR)
    with av.open(str(path)) as c:
        assert not c.streams.video
        assert c.streams.audio[0].codec_context.name in (codec, "mp3float")
    audio = mf.decode_audio(path, SR)
    assert abs(lag_of(audio, clip.mean(axis=0))) <= 1
    assert abs(len(audio) - clip.shape[1]) < 0.03 * SR


def test_example_video_carries_the_clean_song(tmp_path, clip):
    made = mf.make_example_video(tmp_path / "example.mp4", clip, SR, size=SMALL)
    assert made.frame_times[-1] == pytest.approx(4.0 - 1 / 30)
    audio = mf.decode_audio(made.path, SR, channels=2)
    assert audio.shape[0] == 2
    n = clip.shape[1]
    err = audio[:, :n] - clip[:, : audio.shape[1]]
    assert 10 * np.log10(np.mean(clip ** 2) / np.mean(err ** 2)) > 10  # AAC, sample-aligned


@pytest.mark.parametrize("name,layout,playable", [
    ("frag.mp4", "fragmented", True), ("fast.mp4", "faststart", True),
    ("cut.mkv", "normal", True), ("moov_at_end.mp4", "normal", False),
])
def test_truncated_recording(tmp_path, clip, name, layout, playable):
    src = tmp_path / f"full_{name}"
    made = mf.make_video(src, clip, SR, size=SMALL, layout=layout)
    dst = tmp_path / name
    kept = mf.truncate_file(src, dst, 0.5)
    assert dst.stat().st_size == kept == src.stat().st_size // 2
    if not playable:
        with pytest.raises(av.error.InvalidDataError):
            av.open(str(dst)).close()
        return
    frames = mf.frame_counters(dst)
    assert 0.3 * len(made.frame_times) < len(frames) < 0.7 * len(made.frame_times)
    assert [c for _, c in frames] == list(range(len(frames)))
    assert 1.0 < len(mf.decode_audio(dst, SR)) / SR < 3.0


def test_full_hd_size_works(tmp_path):
    made = mf.make_video(tmp_path / "fhd.mp4", None, duration=0.2, size=(1920, 1080))
    with av.open(str(made.path)) as c:
        frame = next(c.decode(video=0))
        assert (frame.width, frame.height) == (1920, 1080)
        assert mf.read_frame_counter(frame.to_ndarray(format="rgb24")) == 0
