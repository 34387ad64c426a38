"""Residual-error measurement: is the song in an output file where the picture says it is?"""

from __future__ import annotations

import numpy as np

CLEAR = 8.0      # correlation peak over its RMS that counts as a clear answer


def _locate(out_audio, clean, sr, i, j, n, m, beta, rate):
    """(lag of the best match in output samples relative to j, peak over RMS)."""
    lo = max(0, j - m)
    size = 1 << int(np.ceil(np.log2(2 * n + 2 * m)))
    cross = 0
    # The song as the output should play it: read at `rate` (a phone's clock drift), so a
    # long window is not smeared by it.
    span = j + n + m - lo
    positions = lo + np.arange(span) * rate
    for ch in range(out_audio.shape[0]):
        w = out_audio[ch, i:i + n].astype(np.float64)
        row = clean[min(ch, clean.shape[0] - 1)]
        seg = np.interp(positions, np.arange(row.size), row, right=np.nan)
        seg = seg[~np.isnan(seg)]
        assert w.size == n and seg.size > n, "measurement window outside the audio"
        cross = cross + np.fft.rfft(seg, size) * np.conj(np.fft.rfft(w, size))
    freqs = np.fft.rfftfreq(size, 1.0 / sr)
    mag = np.abs(cross)
    cross *= ((freqs > 100) & (freqs < 8000)) / (mag ** beta + 1e-12 * mag.max())
    corr = np.fft.irfft(cross, size)[:seg.size - n + 1]
    # The ends of the search range are not answers: whitening a strongly tonal window can
    # leave a spike there.
    edge = min(int(0.002 * sr), corr.size // 4)
    corr[:edge] = corr[corr.size - edge:] = 0.0
    k = int(np.argmax(corr))
    rms = float(np.sqrt(np.mean(corr ** 2)))
    # seg[k] is clean sample lo + k·rate: in output samples the match is (lo − j)/rate + k
    # from where it should be (the same as lo + k − j at rate 1).
    return (lo - j) / rate + k, (float(corr[k]) / rms if rms > 0 else 0.0)


def residual_ms(out_audio: np.ndarray, clean: np.ndarray, sr: int, out_time: float,
                expected_ref_time: float, window: float = 1.0, search: float = 0.1,
                beta: float = 0.7, rate: float = 1.0) -> float:
    """Where the output's sound at `out_time` sits in the clean song, minus where it should.

    Cross-correlates a stretch of the output with the clean song around
    `expected_ref_time` (± `search` s): channel by channel (a wide stereo pad can cancel
    in a mono mix), mostly whitened (β = 0.7: a periodic loop cannot pull the peak one
    period away, and bins holding only codec noise do not swamp a soft passage). A window
    whose peak is not clear beyond doubt is widened (1 → 2 → 4 s; the clearest answer
    counts), then whitened fully (β = 1) as a last try. `rate` is how fast the song runs
    against the output's clock (a phone's drift). Positive: the output plays late.
    """
    out_audio, clean = np.atleast_2d(out_audio), np.atleast_2d(clean)
    i, j, m = int(round(out_time * sr)), int(round(expected_ref_time * sr)), int(search * sr)
    best = None
    for scale in (1, 2, 4):
        n = int(window * scale * sr)
        if i + n > out_audio.shape[1] or j + (n + m) * rate > clean.shape[1]:
            break
        lag, clarity = _locate(out_audio, clean, sr, i, j, n, m, beta, rate)
        if best is None or clarity > best[1]:
            best = (lag, clarity)
        if clarity >= 2 * CLEAR:
            break       # clear beyond doubt; a barely clear peak is checked on a longer
                        # window (a soft bar's 1-s window once put a wrong peak just over CLEAR)
    assert best is not None, "measurement window outside the audio"
    if best[1] < CLEAR and beta < 1.0:
        # No clear answer even widened: a fast ornament (a trill, a roll) repeats within the
        # search and its period can win. Whitened all the way, the sharpest alignment wins
        # instead; taken only if that answer is clear itself.
        n = int(window * sr)
        lag, clarity = _locate(out_audio, clean, sr, i, j, n, m, 1.0, rate)
        if clarity >= CLEAR:
            best = (lag, clarity)
    return -best[0] / sr * 1000.0
