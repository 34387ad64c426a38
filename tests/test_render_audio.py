"""The output's audio track: the split AAC encode and its helper process."""

from __future__ import annotations

import av
import numpy as np

from beatsync_desktop.core import SyncOptions
from beatsync_desktop.core.decode import decode_audio
from beatsync_desktop.core.encode_helper import EncodeHelper
from beatsync_desktop.core.models import Alignment, CutPlan, Segment
from beatsync_desktop.core.render import encode_range
from tests.conftest import SONG_A


def plan_for(seconds: float):
    segment = Segment(dance_start=0.0, dance_end=seconds, ref_start=0.0)
    alignment = Alignment(segments=(segment,), confidence=1.0, candidates=(),
                          music_start=0.0, music_end=seconds)
    plan = CutPlan(start=0.0, end=seconds, video_start=0.0, fade_in=0.3, fade_out=0.3)
    return alignment, plan


def decode_packets(packets, rate: int, channels: int) -> np.ndarray:
    """Decode AAC packets in order, dropping the encoder's priming like a player does."""
    cc = av.CodecContext.create("aac", "r")
    cc.sample_rate, cc.layout = rate, "stereo" if channels == 2 else "mono"
    out = []
    for pts, data in packets:
        packet = av.Packet(data)
        packet.pts = pts
        for frame in cc.decode(packet):
            out.append(frame.to_ndarray())
    audio = np.concatenate(out, axis=1)
    return audio[:, 1024:]        # the first (priming) frame


def test_split_encode_splices_without_a_glitch(songs):
    ref = decode_audio(songs[SONG_A])
    seconds = 30.0
    alignment, plan = plan_for(seconds)
    options = SyncOptions()
    total = int(seconds * ref.rate)
    split = total // 2 // 1024 * 1024
    whole = encode_range(ref, alignment, plan, options, ref.duration, 0, total)
    halves = (encode_range(ref, alignment, plan, options, ref.duration, 0, split)
              + encode_range(ref, alignment, plan, options, ref.duration, split, total))
    assert [p for p, _ in halves] == [p for p, _ in whole], "same frame grid, no gap or overlap"
    a = decode_packets(whole, ref.rate, ref.samples.shape[0])
    b = decode_packets(halves, ref.rate, ref.samples.shape[0])
    clean = ref.samples[:, :a.shape[1]]

    def snr(x, lo, hi):
        err = x[:, lo:hi] - clean[:, lo:hi]
        return 10 * np.log10(np.sum(clean[:, lo:hi] ** 2) / np.sum(err ** 2))
    around = (split - 4096, split + 4096)
    # At the splice the split encode is as faithful as one encoder (within 2 dB), and as
    # faithful as it is elsewhere: no click, no gap.
    assert snr(b, *around) > snr(a, *around) - 2.0
    assert snr(b, *around) > snr(b, split - 60000, split - 52000) - 6.0
    assert snr(b, *around) > 10.0


def test_helper_process_encodes_what_the_main_process_would(songs):
    ref = decode_audio(songs[SONG_A])
    alignment, plan = plan_for(20.0)
    options = SyncOptions()
    total = int(20.0 * ref.rate)
    lo = total // 2 // 1024 * 1024
    helper = EncodeHelper()
    try:
        assert helper.start() and helper.decode(songs[SONG_A], None), \
            "the helper process did not start"
        pending = helper.encode(alignment, plan, options, ref.duration, lo, total,
                                check=lambda: None)
        from_helper = pending()
    finally:
        helper.close()
    here = encode_range(ref, alignment, plan, options, ref.duration, lo, total)
    assert from_helper is not None, "the helper failed (the engine would fall back silently)"
    assert [p for p, _ in from_helper] == [p for p, _ in here]
    assert from_helper == here        # same input, same encoder: the very same bytes


def test_helper_makes_the_very_analysis_copy_this_process_would(songs, tmp_path):
    """`sync` has the helper decode the dance video's analysis copy, `analyze` decodes it
    itself: the two must be the same numbers, or they could disagree. A file the helper
    cannot read gives None (the pipeline then decodes it here, which says why)."""
    from beatsync_desktop.core.decode import decode_for_analysis

    helper = EncodeHelper()
    try:
        assert helper.start(), "the helper process did not start"
        from_helper = helper.analyse(songs[SONG_A], check=lambda: None)()
    finally:
        helper.close()
    here = decode_for_analysis(songs[SONG_A])[0]
    assert from_helper is not None, "the helper failed (the engine would fall back silently)"
    assert from_helper.samples.dtype == here.samples.dtype
    assert np.array_equal(from_helper.samples, here.samples)
    assert np.array_equal(from_helper.band_power, here.band_power)
    assert (from_helper.start, from_helper.rate, from_helper.index) == \
        (here.start, here.rate, here.index)

    junk = tmp_path / "not a video.mp4"
    junk.write_bytes(b"this is no video" * 1000)
    helper = EncodeHelper()
    try:
        assert helper.start()
        assert helper.analyse(junk, check=lambda: None)() is None
        assert helper.encode(*plan_for(30.0), SyncOptions(), 30.0, 0, 1024,
                             check=lambda: None)() is None      # and it is not used again
    finally:
        helper.close()


def test_drift_read_interpolates_the_song_and_is_silent_past_its_ends(songs):
    """A drifting clock reads the song at fractional places: whole places give the song's
    own samples, half places lie between their neighbours, and outside the song is silence."""
    from beatsync_desktop.core.render import _cubic_read

    song = decode_audio(songs[SONG_A]).samples[:, :48000]
    whole = _cubic_read(song, np.arange(100, 4100, dtype=np.float64))
    assert np.array_equal(whole, song[:, 100:4100])
    half = _cubic_read(song, np.arange(1000, 2000) + 0.5)
    # Catmull-Rom at the midpoint: (-x[i-1] + 9 x[i] + 9 x[i+1] - x[i+2]) / 16
    x = song[:, 999:2002].astype(np.float64)
    expected = (-x[:, :-3] + 9 * x[:, 1:-2] + 9 * x[:, 2:-1] - x[:, 3:]) / 16
    assert np.allclose(half, expected, atol=1e-6)
    n = song.shape[1]
    edge = _cubic_read(song, np.arange(-300, 300) * 1.0003 + n - 150)
    assert np.all(edge[:, 460:] == 0)       # past the last sample and its neighbour
    before = _cubic_read(song, np.arange(-50, 10) * 0.9997)
    assert np.all(before[:, :48] == 0) and np.any(before[:, 52:] != 0)
