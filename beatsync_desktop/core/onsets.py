"""Onset timing: the fine stage for a run the player time-stretched (pitch kept).

A stretch (WSOLA, a phase vocoder, Rubber Band) rebuilds the waveform, so the raw sound of a
practice copy no longer matches the song sample for sample, whatever undoes it. What every
stretch keeps is *when* notes and hits start: the rises of energy across the spectrum. So a
stretched run is placed on its onsets:

* `envelope` — positive spectral flux of the log spectrum (150 Hz–6.3 kHz) at a 4-ms hop,
  less its own 0.25-s moving average;
* `OnsetLine` — the song's envelope read along a candidate line (song sample = a + rate·s
  of live sample s) onto the recording's frames, so a window of the recording is compared
  with the song at the run's rate by a plain cross-correlation; each window's peak lag is
  taken to a fraction of a frame (a parabola through the peak);
* `OnsetLine.windows` gives, per window, the lag and how clearly it stands out; the caller
  fits a robust line through them (`align.fit_line`), which gives rate and offset.

Conventions as in align: ANALYSIS_RATE samples; frame i of an envelope is centred on sample
i·ONSET_HOP of its sound.
"""

from __future__ import annotations

import numpy as np

from .features import ANALYSIS_RATE

ONSET_HOP = 64                  # 4 ms
ONSET_FFT = 512                 # 32 ms
BAND_HZ = (150.0, 6300.0)
MEAN_S = 0.25                   # the moving average taken out (levels, pads, reverb tails)
_CHUNK = 4096


def envelope(x: np.ndarray, rate: int = ANALYSIS_RATE) -> np.ndarray:
    """Onset envelope of mono `x` (at `rate`: the analysis rate unless said), one value per
    4 ms (ONSET_HOP samples at the analysis rate), float32."""
    x = np.asarray(x, np.float32)
    hop = max(1, int(round(ONSET_HOP * rate / ANALYSIS_RATE)))
    size = int(round(ONSET_FFT * rate / ANALYSIS_RATE))
    n_frames = x.size // hop + 1
    pad = np.concatenate([np.zeros(size // 2, np.float32), x,
                          np.zeros(size // 2 + hop, np.float32)])
    freqs = np.fft.rfftfreq(size, 1.0 / rate)
    band = (freqs >= BAND_HZ[0]) & (freqs < BAND_HZ[1])
    win = np.hanning(size).astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(pad, size)[::hop][:n_frames]
    loud = float(np.sqrt(np.mean(x.astype(np.float64) ** 2))) if x.size else 0.0
    floor = max(loud, 1e-6) * 1e-3 * size            # 60 dB under the sound's level
    logs = []
    for i in range(0, n_frames, _CHUNK):
        spec = np.abs(np.fft.rfft(frames[i:i + _CHUNK] * win, axis=1)[:, band])
        logs.append(np.log(spec + floor).astype(np.float32))
    log_s = np.concatenate(logs) if logs else np.zeros((0, int(band.sum())), np.float32)
    flux = np.maximum(np.diff(log_s, axis=0, prepend=log_s[:1]), 0).sum(axis=1)
    k = max(1, int(MEAN_S * rate / hop))
    c = np.cumsum(np.concatenate([np.zeros(1), np.pad(flux, (k, k), mode="edge")]))
    mean = (c[2 * k + 1:] - c[:-2 * k - 1]) / (2 * k + 1)
    return (flux - mean[:flux.size]).astype(np.float32)


class OnsetLine:
    """The recording's onsets against the song's, along one line."""

    def __init__(self, live_env: np.ndarray, ref_env: np.ndarray, a: float, rate: float,
                 reach_s: float):
        """`a`, `rate`: song sample = a + rate·s at live sample s; `reach_s`: the lags
        searched around the line (seconds of the recording)."""
        self.live = live_env
        self.reach = int(np.ceil(reach_s * ANALYSIS_RATE / ONSET_HOP))
        self.a, self.rate = a, rate
        frames = np.arange(-self.reach, live_env.size + self.reach)
        pos = (a + rate * frames * ONSET_HOP) / ONSET_HOP        # song envelope frames
        ok = (pos >= 0) & (pos <= ref_env.size - 1)
        song = np.zeros(frames.size, np.float32)
        song[ok] = np.interp(pos[ok], np.arange(ref_env.size), ref_env)
        self.song, self.inside = song, ok

    def windows(self, starts: np.ndarray, width: int, reach: int | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
        """Per window of the recording (live samples `starts`, `width` samples long): the
        lag of its best match (live samples, the song later by this much is where the
        window plays; sub-frame) and its clarity (peak over the curve's RMS, 0 where the
        window does not fit in the song)."""
        reach = self.reach if reach is None else min(reach, self.reach)
        w = max(4, width // ONSET_HOP)
        lags = np.zeros(len(starts))
        clarity = np.zeros(len(starts))
        for i, s in enumerate(starts):
            f0 = int(round(s / ONSET_HOP))
            if f0 < 0 or f0 + w > self.live.size:
                continue
            lo = f0 + self.reach - reach              # index into self.song
            if not self.inside[lo:lo + w + 2 * reach].all():
                continue
            x = self.live[f0:f0 + w].astype(np.float64)
            x = x - x.mean()
            y = self.song[lo:lo + w + 2 * reach].astype(np.float64)
            if not x.any():
                continue
            view = np.lib.stride_tricks.sliding_window_view(y, w)
            yc = view - view.mean(axis=1, keepdims=True)
            r = (yc @ x) / (np.sqrt((yc ** 2).sum(axis=1) * (x ** 2).sum()) + 1e-12)
            k = int(np.argmax(r))
            frac = 0.0
            if 0 < k < r.size - 1:
                den = r[k - 1] - 2 * r[k] + r[k + 1]
                frac = 0.5 * (r[k - 1] - r[k + 1]) / den if den < 0 else 0.0
            lags[i] = (k - reach + frac) * ONSET_HOP
            clarity[i] = r[k]
        return lags, clarity


class OnsetMatch:
    """`span._ExactMatch` on onsets, for a stretched run: per window of the recording, how
    much better its onsets match the song exactly on the line (±2 frames) than typically
    within ±REACH_S of it. Zero, give or take, where the song does not play."""

    REACH_S = 0.25
    WIDTH_S = 2.0

    def __init__(self, live, ref, mapping, envelopes=None):
        self.live, self.ref, self.mapping = live, ref, mapping
        self.n = int(self.WIDTH_S * ANALYSIS_RATE)
        self.envelopes = envelopes or (envelope(live.audio), envelope(ref.audio))
        self.line = OnsetLine(self.envelopes[0], self.envelopes[1], mapping.a,
                              1.0 + mapping.b, self.REACH_S)

    def moved(self, samples: float) -> "OnsetMatch":
        return OnsetMatch(self.live, self.ref, self.mapping.shifted(samples), self.envelopes)

    def __call__(self, starts) -> np.ndarray:
        line, w = self.line, self.n // ONSET_HOP
        out = np.zeros(len(starts))
        for i, s in enumerate(starts):
            f0 = int(round(int(s) / ONSET_HOP))
            if f0 < 0 or f0 + w > line.live.size:
                continue
            lo = f0
            if not line.inside[lo:lo + w + 2 * line.reach].all():
                continue
            x = line.live[f0:f0 + w].astype(np.float64)
            x = x - x.mean()
            if not x.any():
                continue
            y = line.song[lo:lo + w + 2 * line.reach].astype(np.float64)
            view = np.lib.stride_tricks.sliding_window_view(y, w)
            yc = view - view.mean(axis=1, keepdims=True)
            r = (yc @ x) / (np.sqrt((yc ** 2).sum(axis=1) * (x ** 2).sum()) + 1e-12)
            k = line.reach
            out[i] = 10.0 * (float(r[k - 2:k + 3].max()) - float(np.median(r)))
        return out
