"""Residual-error measurement: is the song in an output file where the picture says it is?"""

from __future__ import annotations

import numpy as np


def residual_ms(out_audio: np.ndarray, clean: np.ndarray, sr: int, out_time: float,
                expected_ref_time: float, window: float = 1.0, search: float = 0.1) -> float:
    """Where the output's sound at `out_time` sits in the clean song, minus where it should.

    Cross-correlates a `window`-second stretch of the output with the clean song around
    `expected_ref_time` (± `search` s). Positive: the output plays the song late.
    """
    i = int(round(out_time * sr))
    w = out_audio[i:i + int(window * sr)].astype(np.float64)
    j = int(round(expected_ref_time * sr))
    m = int(search * sr)
    lo = max(0, j - m)
    seg = clean[lo:j + w.size + m].astype(np.float64)
    assert w.size > 0 and seg.size > w.size, "measurement window outside the audio"
    n = 1 << int(np.ceil(np.log2(seg.size + w.size)))
    corr = np.fft.irfft(np.fft.rfft(seg, n) * np.conj(np.fft.rfft(w, n)), n)[:seg.size - w.size + 1]
    k = int(np.argmax(corr))
    found_ref_time = (lo + k) / sr
    return (expected_ref_time - found_ref_time) * 1000.0
