"""The live-recording simulator does what it says (tests/support/studio.py)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import signal

try:
    from tests.support import assets, studio
except ModuleNotFoundError:  # plain `pytest` without the repo root on sys.path
    from support import assets, studio

SR = 48000


@pytest.fixture(scope="module")
def song() -> np.ndarray:
    x, sr = studio.load_audio(assets.music_file(), sr=SR, mono=True)
    assert sr == SR and x.ndim == 1 and len(x) > 40 * SR, "test songs should be ~50 s clips"
    return x


@pytest.fixture(scope="module")
def talk() -> np.ndarray:
    return studio.load_audio(assets.talk_file(), sr=SR, mono=True)[0]


def lag_of(rec: np.ndarray, ref: np.ndarray) -> int:
    """Samples ``k`` such that rec[t] ~ ref[t + k] (plain cross-correlation peak)."""
    c = signal.fftconvolve(ref, rec[::-1], mode="full")
    return int(np.argmax(c)) - (len(rec) - 1)


def test_load_audio_shapes():
    path = assets.music_file()
    st, sr = studio.load_audio(path)
    assert st.dtype == np.float32 and st.shape[0] == 2 and sr == 48000
    mono, sr2 = studio.load_audio(path, sr=44100, mono=True)
    assert mono.ndim == 1 and sr2 == 44100
    assert abs(len(mono) / 44100 - st.shape[1] / 48000) < 0.01


@pytest.mark.parametrize("rt60", [0.3, 0.6, 1.2])
def test_ir_rt60_matches_target(rt60):
    ir = studio.room_impulse_response(SR, rt60, seed=3)
    assert studio.measure_rt60(ir, SR) == pytest.approx(rt60, rel=0.1)
    assert np.argmax(np.abs(ir)) == 0, "direct path must be the strongest tap"


def test_ir_propagation_delay_and_drr():
    ir = studio.room_impulse_response(SR, 0.8, distance_m=10.0, drr_db=-6.0, seed=1)
    d0 = int(round(10.0 / studio.SPEED_OF_SOUND * SR))
    assert d0 == pytest.approx(0.0029 * 10 * SR, rel=0.01)
    assert np.all(ir[:d0] == 0) and ir[d0] == 1.0
    drr = 10 * np.log10(ir[d0] ** 2 / np.sum(ir[d0 + 1:] ** 2))
    assert drr == pytest.approx(-6.0, abs=0.1)


@pytest.mark.parametrize("snr_db", [0.0, 10.0])
def test_snr_at_the_mic(song, talk, snr_db):
    rec = studio.simulate_phone_recording(song, SR, ref_start=5, length=12, lead_in=2, tail=1,
                                          rt60=0.6, snr_db=snr_db, talk=talk, keep_stems=True, seed=4)
    i0, i1 = int(rec.music_start * SR), int(rec.music_end * SR)
    m, n = rec.stems["music"][i0:i1], rec.stems["crowd"][i0:i1]
    assert 10 * np.log10(np.mean(m ** 2) / np.mean(n ** 2)) == pytest.approx(snr_db, abs=1.0)
    # The crowd really is a mix: babble (speech band) plus impulsive steps/claps.
    kurt = np.mean(n ** 4) / np.mean(n ** 2) ** 2
    assert kurt > 3.5, "crowd noise should be impulsive (steps/claps), not Gaussian"


@pytest.mark.parametrize("ref_start,lead_in,out_sr", [
    (20.0, 2.0, 48000),    # positive offset: video starts 18 s into the song
    (0.0, 3.0, 44100),     # negative offset: video starts 3 s before the song
    (12.5, 0.0, 44100),    # middle excerpt, no lead-in
])
def test_ground_truth_offset_by_cross_correlation(song, talk, ref_start, lead_in, out_sr):
    rec = studio.simulate_phone_recording(song, SR, ref_start=ref_start, length=10, lead_in=lead_in,
                                          tail=1.0, out_sr=out_sr, talk=talk, seed=2,
                                          **{**studio.CLEAN, "snr_db": 30.0})
    assert rec.sr == out_sr
    assert rec.true_offset == pytest.approx(ref_start - lead_in, abs=1e-9)
    assert rec.music_start == pytest.approx(lead_in) and rec.music_end == pytest.approx(lead_in + 10)
    ref = signal.resample_poly(song, out_sr // 300, SR // 300) if out_sr != SR else song
    assert abs(lag_of(rec.audio, ref) - rec.true_offset * out_sr) <= 1


def test_drift_ground_truth(song, talk):
    """With drift, local alignment at the start and the end both follow ref_time(t)."""
    rec = studio.simulate_phone_recording(song, SR, ref_start=10, length=30, lead_in=1, tail=1,
                                          drift_ppm=300, talk=talk, seed=5, **studio.CLEAN)
    assert rec.drift_ppm == pytest.approx(300, abs=0.01)
    half = SR // 8  # short window: 300 ppm stretches it by under 2 samples
    for t in (rec.music_start + 2, rec.music_end - 3):
        c = int(t * SR)                              # window centre, recording samples
        w = rec.audio[c - half: c + half]
        predicted = rec.ref_time(c / SR) * SR        # song sample heard at the centre
        p0 = int(predicted) - SR // 2                # search half a second either side
        measured = p0 + lag_of(w, song[p0: p0 + SR]) + half
        assert abs(measured - predicted) <= 1.0
    # 300 ppm over ~27 s is ~8 ms: the offset really moves.
    moved = rec.offset_at(rec.music_end) - rec.offset_at(rec.music_start)
    assert moved == pytest.approx(30 * 300e-6, rel=0.01)
    assert rec.dance_time(rec.ref_time(7.0)) == pytest.approx(7.0)


def test_distance_delay_is_in_ground_truth(song, talk):
    rec = studio.simulate_phone_recording(song, SR, ref_start=10, length=8, lead_in=1, distance_m=10,
                                          talk=talk, **studio.CLEAN)
    assert rec.propagation_delay == pytest.approx(10 / 343, abs=1 / SR)
    assert rec.music_start == pytest.approx(1 + rec.propagation_delay)
    assert abs(lag_of(rec.audio, song) - rec.true_offset * SR) <= 1


def test_video_longer_than_song_and_lead_in_kinds(song, talk):
    n = len(song) / SR
    rec = studio.simulate_phone_recording(song, SR, lead_in=2, tail=4, lead_in_kind="silence",
                                          tail_kind="talk", talk=talk, seed=1, **studio.EASY)
    assert rec.duration == pytest.approx(n + 6, abs=1e-3)
    assert rec.music_end == pytest.approx(2 + n, abs=1e-3) and rec.true_offset == pytest.approx(-2)

    def level(a, b):
        seg = rec.audio[int(a * SR): int(b * SR)]
        return 10 * np.log10(np.mean(seg ** 2) + 1e-20)
    music = level(5, n)
    assert level(0.1, 1.9) < music - 25, "silent lead-in should be near-silent room tone"
    assert music - 12 < level(2 + n + 0.5, 2 + n + 4) < music + 3, "tail holds the teacher talking"


def test_hard_preset_clips_and_rides_gain(song, talk):
    rec = studio.simulate_phone_recording(song, SR, ref_start=5, length=15, lead_in=2, tail=1,
                                          talk=talk, seed=3, **studio.HARD)
    a = rec.audio
    assert np.all(np.isfinite(a)) and np.abs(a).max() <= 1.0
    # The clipping stage alone: music at -20 dBFS RMS driven 12 dB over clips a lot.
    clipped = studio.hard_clip(song[5 * SR: 15 * SR], studio.HARD["clip_drive"])
    assert np.mean(np.abs(clipped) == 1.0) > 0.01
    assert 10 * np.log10(np.mean(a ** 2)) == pytest.approx(-20, abs=4), "AGC holds about -20 dBFS"


def test_agc_evens_out_level_steps():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(10 * SR) * 0.01
    x[5 * SR:] *= 10  # +20 dB step
    y = studio.phone_agc(x, SR)
    quiet, loud = (10 * np.log10(np.mean(y[a * SR:(a + 1) * SR] ** 2)) for a in (3, 8))
    assert abs(loud - quiet) < 6
    assert np.abs(y).max() <= 0.9 + 1e-9


def test_deterministic_by_seed(song, talk):
    kw = dict(ref_start=3, length=4, lead_in=1, tail=1, talk=talk, **studio.REVERB_HEAVY)
    a = studio.simulate_phone_recording(song, SR, seed=11, **kw).audio
    b = studio.simulate_phone_recording(song, SR, seed=11, **kw).audio
    c = studio.simulate_phone_recording(song, SR, seed=12, **kw).audio
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_default_talk_comes_from_tests_media(song):
    rec = studio.simulate_phone_recording(song, SR, ref_start=1, length=2, lead_in=1, seed=0, **studio.EASY)
    assert rec.audio.shape == (int(3 * SR),)


def test_excerpt_outside_song_is_rejected(song):
    with pytest.raises(ValueError):
        studio.simulate_phone_recording(song, SR, ref_start=-1, length=2)
    with pytest.raises(ValueError):
        studio.simulate_phone_recording(song, SR, ref_start=len(song) / SR - 1, length=5)
