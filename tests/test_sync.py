"""The whole job on real files: phone-style videos in, synced videos out.

Every output is checked the way a viewer would notice a fault: the song must sit where
the *picture* says it should (frame counters drawn into the video give the true time of
each output frame), the video packets must be the input's own, and metadata must survive.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import av
import numpy as np
import pytest

from beatsync_desktop.core import (STAGES, Cancelled, CancelToken, MissingStreamError,
                                   NoMatchError, OutputError, SyncOptions, UsageError, analyze,
                                   sync_video)
from tests.conftest import SONG_A, SONG_B, SONG_C
from tests.support import media_factory as mf
from tests.support.studio import EASY, HARD, simulate_phone_recording
from tests.timing import residual_ms

SR = 48000


class Case:
    """A made dance video with its ground truth."""

    def __init__(self, path, rec, made, song, audio_offset=0.0):
        self.path, self.rec, self.made, self.song = Path(path), rec, made, song
        self.audio_offset = audio_offset   # the recording's sample 0 plays at this video time

    def ref_time(self, video_time: float) -> float:
        """Song time heard at this time of the dance video's own clock."""
        return float(self.rec.ref_time(video_time - self.audio_offset))


def make_case(folder: Path, name: str, clean, song: str, rec_kw: dict, video_kw: dict) -> Case:
    rec = simulate_phone_recording(clean, SR, seed=21, **rec_kw)
    made = mf.make_video(folder / name, rec.audio, rec.sr, size=(320, 180), **video_kw)
    return Case(folder / name, rec, made, song, video_kw.get("audio_start_offset", 0.0))


@pytest.fixture(scope="module")
def cases(media_cache, clean_audio):
    folder = media_cache / "sync cases 舞蹈"
    folder.mkdir(exist_ok=True)
    a, b, c = clean_audio(SONG_A), clean_audio(SONG_B), clean_audio(SONG_C)
    made = {
        "mp4": make_case(folder, "class final.mp4", a, SONG_A,
                         dict(ref_start=6, length=24, lead_in=5, tail=4, **HARD),
                         dict(rotation=90, bframes=2, creation_time="2026-05-01T17:00:00Z")),
        "mov_hevc": make_case(folder, "期末 演出.mov", b, SONG_B,
                              dict(ref_start=0, length=22, lead_in=4, tail=3, **EASY),
                              dict(vcodec="hevc", rotation=90, bframes=2)),
        "mkv_vfr": make_case(folder, "group b.mkv", c, SONG_C,
                             dict(ref_start=15, length=22, lead_in=3, tail=3, **EASY),
                             dict(vfr=True, acodec="opus", audio_start_offset=0.25)),
        "black_end": make_case(folder, "pocket.mp4", a, SONG_A,
                               dict(ref_start=10, length=24, lead_in=2, tail=1, **EASY),
                               dict(black=[(20.0, 27.0)])),
    }
    return made


def picture_to_dance_time(case: Case, output: Path) -> list[tuple[float, float]]:
    """(output time, dance-video time) of output frames, read from the drawn counters."""
    times = {fid: t for fid, t in zip(case.made.frame_ids, case.made.frame_times) if fid >= 0}
    pairs = []
    for t_out, fid in mf.frame_counters(output):
        if fid in times:
            pairs.append((t_out, float(times[fid])))
    return pairs


def assert_song_follows_picture(case: Case, output: Path, clean: np.ndarray, limit_ms=5.0):
    out_audio = mf.decode_audio(output, SR, channels=1)
    mono = clean.mean(axis=0)
    pairs = picture_to_dance_time(case, output)
    assert len(pairs) > 100
    music = [(to, td) for to, td in pairs if case.rec.music_start + 1.5 + case.audio_offset
             < td < case.rec.music_end - 2.0 + case.audio_offset]
    picks = [music[i] for i in np.linspace(0, len(music) - 1, 5).astype(int)]
    errors = [residual_ms(out_audio, mono, SR, to, case.ref_time(td))
              for to, td in picks]
    assert np.median(np.abs(errors)) < limit_ms, errors
    assert np.max(np.abs(errors)) < 4 * limit_ms, errors
    return errors


def assert_packets_copied(src: Path, out: Path):
    before = [p.digest for p in mf.video_packets(src)]
    after = [p.digest for p in mf.video_packets(out)]
    start = before.index(after[0])
    assert before[start:start + len(after)] == after, "video packets were changed"
    assert mf.video_packets(out)[0].is_keyframe


def test_mp4_h264_rotated_bframes(cases, clean_audio, songs, tmp_path):
    case = cases["mp4"]
    out = tmp_path / "out.mp4"
    events = []
    result = sync_video(case.path, songs[SONG_A], out, on_progress=events.append)
    assert result.output == out and out.exists()
    assert abs(result.alignment.offset - case.rec.true_offset) < 0.005
    assert_song_follows_picture(case, out, clean_audio(SONG_A))
    assert_packets_copied(case.path, out)
    assert mf.read_rotation(out) == 90
    with av.open(str(out)) as c:
        assert c.metadata.get("creation_time", "").startswith("2026-05-01T17:00:00")
        a = c.streams.audio[0]
        assert a.codec_context.name == "aac" and a.codec_context.sample_rate == 48000
        assert a.codec_context.bit_rate >= 180_000 or a.bit_rate >= 180_000
    # Trimmed to the music (±margin): the lead-in talk and the tail are gone.
    assert result.plan.start > case.rec.music_start - 2.5
    assert result.plan.end < case.rec.music_end + 2.5
    # Progress went forward through the stages in order.
    order = [s for s, _, _ in STAGES]
    seen = [e.stage for e in events]
    assert [s for s in order if s in seen] == sorted(set(seen), key=order.index)
    fractions = [e.fraction for e in events]
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1.0)


def test_mov_hevc_chinese_path_to_mov_with_mp3_reference(cases, clean_audio, tmp_path):
    case = cases["mov_hevc"]
    ref = mf.make_audio_file(tmp_path / "歌曲 clean.mp3", clean_audio(SONG_B), SR)
    out = tmp_path / "结果 out.mov"
    result = sync_video(case.path, ref, out)
    assert result.output == out
    assert_song_follows_picture(case, out, clean_audio(SONG_B))
    assert_packets_copied(case.path, out)
    with av.open(str(out)) as c:
        assert c.format.name.startswith("mov")
        v = c.streams.video[0]
        assert v.codec_context.name == "hevc" and v.codec_tag == "hvc1"
    assert mf.read_rotation(out) == 90


def test_mkv_vfr_opus_late_audio(cases, clean_audio, songs, tmp_path):
    case = cases["mkv_vfr"]
    out = tmp_path / "out.mp4"
    result = sync_video(case.path, songs[SONG_C], out)
    assert_song_follows_picture(case, out, clean_audio(SONG_C))
    assert_packets_copied(case.path, out)
    # Variable frame rate survives: each output frame keeps its own input timestamp.
    made = dict(zip(case.made.frame_ids, case.made.frame_times))
    pairs = [(t, made[fid]) for t, fid in mf.frame_counters(out) if fid in made]
    shown = np.array([t for t, _ in pairs])
    original = np.array([t for _, t in pairs]) - result.plan.video_start
    assert np.abs(shown - original).max() < 1.5e-3
    assert np.ptp(np.diff(original)) > 0.002, "the input was not variable frame rate"


def test_example_video_as_reference(cases, clean_audio, tmp_path):
    case = cases["mp4"]
    example = tmp_path / "example.mp4"
    mf.make_example_video(example, clean_audio(SONG_A), SR, size=(160, 90))
    out = tmp_path / "out.mp4"
    sync_video(case.path, example, out)
    assert_song_follows_picture(case, out, clean_audio(SONG_A))


def test_keep_full_keeps_the_whole_video(cases, clean_audio, songs, tmp_path):
    case = cases["mp4"]
    out = tmp_path / "full.mp4"
    result = sync_video(case.path, songs[SONG_A], out, SyncOptions(keep_full=True))
    assert result.plan.video_start == 0.0
    with av.open(str(out)) as c:
        assert c.duration / 1e6 == pytest.approx(case.rec.duration, abs=0.2)
    audio = mf.decode_audio(out, SR)
    # Silent before the music (the start is known to about ±0.7 s; the song fades in there).
    lead = audio[: int((case.rec.music_start - 1.0) * SR)]
    assert np.abs(lead).max() < 1e-3, "the lead-in must be silent, not music"
    assert_song_follows_picture(case, out, clean_audio(SONG_A))


def test_black_picture_at_the_end_is_trimmed(cases, songs, tmp_path):
    case = cases["black_end"]
    out = tmp_path / "out.mp4"
    result = sync_video(case.path, songs[SONG_A], out)
    # The music runs to 26 s but the lens was covered from 20 s.
    assert result.plan.end <= 21.05, result.plan
    assert any("black" in n for n in result.plan.notes)
    ids = [fid for _, fid in mf.frame_counters(out)]
    assert ids.count(-1) <= 30, "at most one GOP of black frames may remain"


def test_truncated_recording_is_used_with_a_warning(clean_audio, songs, tmp_path):
    rec = simulate_phone_recording(clean_audio(SONG_A), SR, ref_start=5, length=30,
                                   lead_in=3, tail=3, seed=8, **EASY)
    full = tmp_path / "full.mp4"
    mf.make_video(full, rec.audio, SR, size=(320, 180), layout="fragmented")
    cut = tmp_path / "interrupted.mp4"
    mf.truncate_file(full, cut, 0.7)
    whole = analyze(full, songs[SONG_A])
    result = sync_video(cut, songs[SONG_A], tmp_path / "out.mp4")
    # Same alignment as from the whole file (fragmented MP4 keeps the AAC priming in the
    # timeline, so both sit one AAC frame from the simulation's clock; that is the file's
    # own audio/video relation, which is what we must follow).
    assert abs(result.alignment.offset - whole.alignment.offset) < 0.001
    assert abs(result.alignment.offset - rec.true_offset) < 0.025
    assert result.dance.duration < rec.duration * 0.8
    assert any("ends early" in w for w in result.warnings), result.warnings
    assert (tmp_path / "out.mp4").exists()


def test_no_audio_stream_is_refused(songs, tmp_path):
    silent = tmp_path / "no sound.mp4"
    mf.make_video(silent, None, SR, duration=5, size=(160, 90), acodec=None)
    with pytest.raises(MissingStreamError) as info:
        sync_video(silent, songs[SONG_A], tmp_path / "out.mp4")
    assert "no sound" in info.value.message
    assert not (tmp_path / "out.mp4").exists()


def test_audio_file_as_dance_is_refused(songs, tmp_path):
    with pytest.raises(MissingStreamError) as info:
        sync_video(songs[SONG_A], songs[SONG_B], tmp_path / "out.mp4")
    assert "no picture" in info.value.message


def test_wrong_song_writes_nothing(cases, songs, tmp_path):
    with pytest.raises(NoMatchError):
        sync_video(cases["mp4"].path, songs[SONG_C], tmp_path / "out.mp4")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", ["not media.mp4", "empty.mov"])
def test_unreadable_files_get_a_message(name, songs, tmp_path):
    from beatsync_desktop.core import InputFileError
    bad = tmp_path / name
    bad.write_bytes(b"" if "empty" in name else b"this is a text file, not a video\n" * 50)
    with pytest.raises(InputFileError) as info:
        sync_video(bad, songs[SONG_A], tmp_path / "out.mp4")
    assert bad.name in info.value.message


def test_output_equal_to_input_is_refused(cases, songs):
    with pytest.raises(UsageError):
        sync_video(cases["mp4"].path, songs[SONG_A], cases["mp4"].path)


def test_output_folder_problems(cases, songs, tmp_path, monkeypatch):
    with pytest.raises(OutputError):
        sync_video(cases["mp4"].path, songs[SONG_A], tmp_path / "missing" / "out.mp4")
    real_access = os.access
    monkeypatch.setattr(os, "access",
                        lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    with pytest.raises(OutputError) as info:
        sync_video(cases["mp4"].path, songs[SONG_A], tmp_path / "out.mp4")
    assert "permission" in info.value.message


def test_disk_full_leaves_nothing_behind(cases, songs, tmp_path, monkeypatch):
    import errno

    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OutputError) as info:
        sync_video(cases["mp4"].path, songs[SONG_A], tmp_path / "out.mp4")
    assert "disk is full" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_inputs_are_never_modified(cases, songs, tmp_path):
    case = cases["mp4"]
    before = (case.path.read_bytes(), songs[SONG_A].read_bytes())
    sync_video(case.path, songs[SONG_A], tmp_path / "out.mp4")
    assert (case.path.read_bytes(), songs[SONG_A].read_bytes()) == before


def test_analyze_writes_nothing(cases, songs):
    folder = cases["mp4"].path.parent
    before = sorted(folder.iterdir())
    result = analyze(cases["mp4"].path, songs[SONG_A])
    assert result.output is None
    assert sorted(folder.iterdir()) == before
    assert json.loads(json.dumps(result.to_dict()))["alignment"]["offset"] == pytest.approx(
        cases["mp4"].rec.true_offset, abs=0.005)


@pytest.mark.parametrize("stage", [s for s, _, _ in STAGES])
def test_cancel_in_every_stage(stage, cases, songs, tmp_path):
    cancel = CancelToken()
    asked = {}

    def on_progress(event):
        if event.stage == stage and "t" not in asked:
            asked["t"] = time.monotonic()
            cancel.cancel()
    with pytest.raises(Cancelled):
        sync_video(cases["mp4"].path, songs[SONG_A], tmp_path / "out.mp4",
                   on_progress=on_progress, cancel=cancel)
    stopped = time.monotonic()
    assert "t" in asked, f"stage {stage} never reported progress"
    assert stopped - asked["t"] < 1.0
    assert list(tmp_path.iterdir()) == [], "a cancel must leave nothing behind"


def test_cancel_from_another_thread_during_render(cases, songs, tmp_path):
    cancel = CancelToken()
    rendering = threading.Event()
    outcome = {}

    def run():
        try:
            sync_video(cases["mp4"].path, songs[SONG_A], tmp_path / "out.mp4",
                       on_progress=lambda e: e.stage == "render" and rendering.set(),
                       cancel=cancel)
            outcome["r"] = "finished"
        except Cancelled:
            outcome["r"] = "cancelled"
    worker = threading.Thread(target=run)
    worker.start()
    assert rendering.wait(60)
    t0 = time.monotonic()
    cancel.cancel()
    worker.join(5)
    assert not worker.is_alive() and time.monotonic() - t0 < 1.0
    if outcome["r"] == "cancelled":
        assert list(tmp_path.iterdir()) == []


def test_frozen_picture_at_the_start_is_trimmed(clean_audio, songs, tmp_path):
    # The phone showed a still picture for the first 9 s of the music (a paused camera
    # preview), then the dance: the result starts where the picture moves.
    rec = simulate_phone_recording(clean_audio(SONG_B), SR, ref_start=5, length=26,
                                   lead_in=2, tail=2, seed=9, **EASY)
    video = tmp_path / "still start.mp4"
    made = mf.make_video(video, rec.audio, SR, size=(320, 180), frozen=[(0.0, 11.0)])
    result = sync_video(video, songs[SONG_B], tmp_path / "out.mp4")
    assert any("frozen" in n for n in result.plan.notes), result.plan.notes
    assert 9.5 <= result.plan.start <= 11.05, result.plan
    ids = [fid for _, fid in mf.frame_counters(tmp_path / "out.mp4")]
    still = made.frame_ids[0]
    assert ids.count(still) <= 31, "at most one GOP of the still picture may remain"


def test_4k_hevc_portrait(clean_audio, songs, tmp_path):
    # A 4K HEVC portrait clip (few frames per second keeps the test quick to make): the
    # picture is copied, never decoded beyond a few keyframes, so 4K costs what 720p does.
    rec = simulate_phone_recording(clean_audio(SONG_A), SR, ref_start=10, length=12,
                                   lead_in=1.5, tail=0.5, seed=3, **EASY)
    video = tmp_path / "4k portrait.mov"
    mf.make_video(video, rec.audio, SR, size=(3840, 2160), fps=6, vcodec="hevc", rotation=90,
                  crf=40)
    out = tmp_path / "out.mov"
    result = sync_video(video, songs[SONG_A], out)
    assert result.dance.display_size == (2160, 3840)
    assert abs(result.alignment.offset - rec.true_offset) < 0.005
    assert_packets_copied(video, out)
    assert mf.read_rotation(out) == 90


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_output_gets_ordinary_file_permissions(cases, songs, tmp_path):
    # The temporary file is private while it is written; the result must not stay so.
    out = tmp_path / "out.mp4"
    old = os.umask(0o022)
    try:
        sync_video(cases["mp4"].path, songs[SONG_A], out)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_m4a_reference_at_44k1_keeps_its_rate_and_timing(cases, clean_audio, songs, tmp_path):
    # An AAC reference carries encoder priming; the output must still sit on the picture,
    # and the song keeps its own 44.1 kHz rate.
    from tests.support.studio import load_audio
    song44, _ = load_audio(songs[SONG_A], sr=44100)
    ref = mf.make_audio_file(tmp_path / "song.m4a", song44, 44100)
    out = tmp_path / "out.mp4"
    sync_video(cases["mp4"].path, ref, out)
    with av.open(str(out)) as c:
        assert c.streams.audio[0].codec_context.sample_rate == 44100
    assert_song_follows_picture(cases["mp4"], out, clean_audio(SONG_A))
