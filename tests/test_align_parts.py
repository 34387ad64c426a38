"""The alignment's stages one by one, on real music, each pushed where it used to break."""

from __future__ import annotations

import numpy as np
import pytest

from beatsync_desktop.core import NoMusicError
from beatsync_desktop.core.models import CONFIDENCE_HIGH, CONFIDENCE_MEDIUM
from beatsync_desktop.core.align import (Coarse, Evidence, align, fit_line, make_track,
                                         rate_confidence, track_from_samples)
from beatsync_desktop.core.decode import analysis_copy
from beatsync_desktop.core.features import (ANALYSIS_RATE, FRAME_RATE, BandEnergyStream,
                                            band_powers, compute_features)
from beatsync_desktop.core.whitening import WhitenedCorrelator, peaks
from beatsync_desktop.core.xcorr import whole_correlation, window_search
from tests.conftest import SONG_A, SONG_C

SR = ANALYSIS_RATE


@pytest.fixture(scope="module")
def song16(clean_audio):
    """Song A, mono, at the analysis rate, through the engine's own resampler."""
    return analysis_copy(clean_audio(SONG_A), 48000).samples[0].astype(np.float32)


def features_of(x: np.ndarray) -> np.ndarray:
    return compute_features(band_powers(x.astype(np.float32))).values


def test_scores_stay_within_one_against_silent_and_faded_stretches(song16):
    # A reference ripped with digital padding, a fade to almost nothing, and dither-level
    # noise: where numpy >= 2's float32 FFTs used to divide round-off by ~0 energy.
    rng = np.random.default_rng(1)
    fade = song16[: 10 * SR] * np.linspace(1, 0, 10 * SR) ** 6
    ref = np.concatenate([np.zeros(10 * SR), song16, fade, rng.standard_normal(5 * SR) * 1e-7,
                          np.zeros(10 * SR)]).astype(np.float32)
    live = song16[20 * SR:36 * SR] * 0.003          # a quiet phone: -50 dB of the master
    lf, rf = features_of(live), features_of(ref)
    assert lf.dtype == np.float32 and rf.dtype == np.float32
    whole = whole_correlation(lf, rf, min_overlap=int(4 * FRAME_RATE))
    assert np.all(np.abs(whole.scores) <= 1.0)
    true_lag = int(30 * FRAME_RATE)                   # 10 s padding + 20 s into the song
    assert abs(int(whole.lags[np.argmax(whole.scores)]) - true_lag) <= 1
    width = int(8 * FRAME_RATE)
    found = window_search(lf, rf, width, [0, 200, 400])
    for match in found:
        assert all(abs(s) <= 1.0 for s in match.scores)
        assert abs(match.lags[0] - true_lag) <= 1, match


def test_features_do_not_depend_on_the_level(song16):
    loud, quiet = features_of(song16), features_of(song16 * 10 ** (-40 / 20))
    assert np.corrcoef(loud.ravel(), quiet.ravel())[0, 1] > 0.999


def test_band_powers_do_not_depend_on_how_the_sound_arrives(song16):
    x = song16[: 5 * SR]
    stream = BandEnergyStream()
    rng = np.random.default_rng(0)
    i = 0
    while i < x.size:
        n = int(rng.integers(1, 3000))
        stream.feed(x[i:i + n])
        i += n
    np.testing.assert_allclose(stream.finish(x.size), band_powers(x), rtol=1e-4, atol=1e-9)


def test_whitened_kernel_finds_a_fractional_lag_in_reverberant_sound(song16):
    n, m = 2 * SR, 800
    x = song16[30 * SR:30 * SR + n]
    y_full = song16[30 * SR - m:30 * SR + n + m + 64]
    # Delay by 10.3 samples (exact fractional delay in the frequency domain) and add a
    # room's smear: the peak must stay at the direct sound.
    spec = np.fft.rfft(y_full)
    spec *= np.exp(-2j * np.pi * np.fft.rfftfreq(y_full.size) * 10.3)
    y = np.fft.irfft(spec, y_full.size)
    tail = np.random.default_rng(2).standard_normal(4000) * np.exp(-np.arange(4000) / 800) * 0.05
    y = np.convolve(y, np.concatenate([[1.0], tail]))[: n + 2 * m]
    kernel = WhitenedCorrelator(n, m)
    peak = peaks(kernel.correlate(kernel.x_spectra(x[None]), y[None]), m)[0]
    assert peak.lag == pytest.approx(10.3, abs=0.15)
    assert peak.quality > 10


def test_line_fit_ignores_scattered_windows_and_follows_drift():
    rng = np.random.default_rng(3)
    t = np.linspace(0, 120 * SR, 40)
    offsets = 5000 + 200e-6 * t + rng.normal(0, 0.3, t.size)
    offsets[::5] += rng.uniform(-1500, 1500, offsets[::5].size)    # windows that missed
    a, b, keep = fit_line(t, offsets, np.full(t.size, 10.0),
                          tuple(x * SR for x in (0.02, 0.02, 0.005, 0.0015)))
    assert b == pytest.approx(200e-6, abs=5e-6)
    assert a == pytest.approx(5000, abs=2)
    assert keep.sum() == 32 and not keep[::5].any()


def _evidence(confirmed, quality):
    confirmed = np.array(confirmed, bool)
    return Evidence(Coarse(0, 0.0, 0.0), 0.0, 0.0, confirmed, np.array(quality, float))


def test_confidence_counts_only_evidence_the_runner_up_does_not_share():
    both = [1] * 10
    same = _evidence(both, [30] * 10)
    twin = _evidence(both, [30] * 10)
    assert rate_confidence(same, twin, 10) == 0.0            # two identical copies: a toss
    slightly_better = _evidence(both, [33] * 10)             # consistently clearer: decided
    assert rate_confidence(slightly_better, twin, 10) > 0.8
    unique = _evidence([1] * 10, [30] * 10)
    repeat = _evidence([0] * 6 + [1] * 4, [0] * 6 + [30] * 4)
    assert rate_confidence(unique, repeat, 10) > CONFIDENCE_HIGH
    assert rate_confidence(unique, None, 10) > 0.85


def test_only_digital_silence_is_silent(song16):
    ref = track_from_samples(song16)
    with pytest.raises(NoMusicError):
        align(track_from_samples(np.zeros(20 * SR, np.float32)), ref)
    # The song 55 dB down (about -72 dBFS RMS) is still music, not silence.
    quiet = song16[10 * SR:30 * SR] * 10 ** (-55 / 20)
    found = align(track_from_samples(quiet), ref)
    assert found.offset == pytest.approx(10.0, abs=0.001)


def test_a_repeated_section_alone_is_reported_as_uncertain(clean_audio):
    # Song C repeats a 10 s phrase from 32.5 s; six seconds inside the repeat are the same
    # sound at both places: whichever is chosen, the engine must not call it certain.
    song = analysis_copy(clean_audio(SONG_C), 48000).samples[0].astype(np.float32)
    live = song[int(43.5 * SR):int(49.5 * SR)]
    found = align(track_from_samples(live), make_track(analysis_copy(clean_audio(SONG_C),
                                                                     48000), start=0.0))
    assert abs(found.offset - 43.5) < 0.002 or abs(found.offset - 33.5) < 0.002
    others = [c.offset for c in found.candidates[1:]]
    if found.confidence >= CONFIDENCE_MEDIUM:
        # Not a coin toss after all: then the other copy must be measurably worse.
        assert abs(found.offset - 43.5) < 0.002, (found.offset, found.confidence, others)
