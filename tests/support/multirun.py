"""Class recordings in which the reference song plays more than once: a restart from an
earlier point, a pause and resume, a false start, the song twice, another song between.

The player's programme (what the speaker plays, with the teacher's talk in the gaps) is
built first, then played once through the simulated studio (tests/support/studio.py): one
room, one phone, one clock. The truth of every run is known from the programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Union

import numpy as np

from .studio import EASY, _load_talk, _rms, simulate_phone_recording


@dataclass(frozen=True)
class Play:
    """The reference song from `song_from`, for `seconds` of song time, played at `rate`
    (song seconds per second): "resampled" (the pitch moves) or "pitch-kept" (stretched)."""
    song_from: float
    seconds: float
    rate: float = 1.0
    kind: str = "resampled"


def vocoder_stretch(x: np.ndarray, rate: float, n_fft: int = 2048) -> np.ndarray:
    """`x` played at `rate` with its pitch kept: a plain phase vocoder (as librosa's
    `time_stretch`), output frame k centred at rate times its own time in the input, so its
    timing is right by construction (a test's ground truth; transients smear, as they do)."""
    hop = n_fft // 4
    win = np.hanning(n_fft)
    pad = np.concatenate([np.zeros(n_fft), x, np.zeros(n_fft)])
    frames = np.lib.stride_tricks.sliding_window_view(pad, n_fft)[::hop]
    spec = np.fft.rfft(frames * win, axis=1)
    # Output frame k (centred on output sample k·hop − n_fft/2) is read at input frame
    # `steps[k]`, centred on input sample steps[k]·hop − n_fft/2: that is rate times the
    # output time when steps[k] = k·rate + (1 − rate)·n_fft/(2·hop) (without the second
    # term, the content would sit (rate − 1)·n_fft/2 input samples off: ±5 ms at 0.75×).
    first = (1 - rate) * n_fft / (2 * hop)
    steps = np.clip(first + rate * np.arange(int((spec.shape[0] - 1 - first) / rate)),
                    0, spec.shape[0] - 1.000001)
    phase = np.angle(spec[int(steps[0])]) if steps.size else 0.0
    expected = 2 * np.pi * hop * np.arange(spec.shape[1]) / n_fft
    out = np.zeros(len(steps) * hop + n_fft)
    norm = np.zeros_like(out)
    for k, step in enumerate(steps):
        i, frac = int(step), step - int(step)
        mag = (1 - frac) * np.abs(spec[i]) + frac * np.abs(spec[i + 1])
        frame = np.fft.irfft(mag * np.exp(1j * phase), n_fft) * win
        out[k * hop:k * hop + n_fft] += frame
        norm[k * hop:k * hop + n_fft] += win ** 2
        delta = np.angle(spec[i + 1]) - np.angle(spec[i]) - expected
        phase = phase + expected + (delta + np.pi) % (2 * np.pi) - np.pi
    y = out / np.maximum(norm, 1e-3)
    return y[n_fft:n_fft + int(x.size / rate)]


def played(x: np.ndarray, sr: int, rate: float, kind: str) -> np.ndarray:
    """The song excerpt `x` as the player plays it at `rate`."""
    if rate == 1.0:
        return x
    if kind == "pitch-kept":
        return vocoder_stretch(x, rate)
    from scipy import signal
    from fractions import Fraction
    r = Fraction(rate).limit_denominator(200)
    return signal.resample_poly(x, r.denominator, r.numerator)


@dataclass(frozen=True)
class Gap:
    """The player stopped: the teacher talks (or the room alone) for `seconds`."""
    seconds: float
    talk: bool = True


@dataclass(frozen=True)
class Other:
    """Another song (not the reference) from `song_from`, for `seconds`."""
    song: np.ndarray = field(repr=False)
    song_from: float = 0.0
    seconds: float = 10.0


Part = Union[Play, Gap, Other]


@dataclass(frozen=True)
class Run:
    """Truth of one run, on the video clock."""
    start: float          # video time the music of the run starts (direct sound)
    end: float
    ref_start: float      # song time at `start`
    rate: float           # song seconds per video second (tempo and the phone's drift)

    def ref_time(self, t):
        return self.ref_start + (np.asarray(t, np.float64) - self.start) * self.rate

    @property
    def offset(self) -> float:
        return self.ref_start - self.start


@dataclass
class MultiRun:
    audio: np.ndarray     # the phone's recording, mono float32
    sr: int
    runs: list[Run]       # the reference's runs, in video order
    others: list[tuple[float, float]]   # video spans where another song plays

    @property
    def duration(self) -> float:
        return self.audio.shape[-1] / self.sr


def _mono(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, np.float64).mean(axis=0) if np.ndim(x) > 1 else np.asarray(x, np.float64)


def programme(song: np.ndarray, sr: int, parts: list[Part], seed: int = 0
              ) -> tuple[np.ndarray, list[tuple[float, float, float]], list[tuple[float, float]]]:
    """What the speaker plays: (audio, runs as (programme start, end, song time), other
    songs' spans). The talk in the gaps sits 3 dB under the music's level."""
    x = _mono(song)
    level = _rms(x[x.size // 4:3 * x.size // 4]) or 0.1
    talk = _load_talk(None, sr)
    rng = np.random.default_rng(seed)
    pieces, runs, others, t = [], [], [], 0.0
    for part in parts:
        if isinstance(part, Play):
            i0 = int(round(part.song_from * sr))
            piece = played(x[i0:i0 + int(round(part.seconds * sr))], sr, part.rate, part.kind)
            runs.append((t, t + piece.size / sr, i0 / sr, part.rate))
        elif isinstance(part, Other):
            y = _mono(part.song)
            i0 = int(round(part.song_from * sr))
            piece = y[i0:i0 + int(round(part.seconds * sr))]
            piece = piece * level / max(_rms(piece), 1e-9)
            others.append((t, t + piece.size / sr))
        else:
            n = int(round(part.seconds * sr))
            piece = np.zeros(n)
            if part.talk:
                at = 0
                while at < n:
                    k = min(talk.size, n - at)
                    piece[at:at + k] = talk[:k]
                    at += k + int(rng.uniform(0.3, 1.0) * sr)
                piece *= level * 10 ** (-3 / 20) / max(_rms(talk), 1e-9)
        pieces.append(piece)
        t += piece.size / sr
    return np.concatenate(pieces), runs, others


def record(song: np.ndarray, sr: int, parts: list[Part], *, lead_in: float = 3.0,
           tail: float = 2.0, seed: int = 0, studio: Optional[dict] = None) -> MultiRun:
    """The programme of `parts` recorded by a phone in a studio (EASY unless `studio`)."""
    audio, runs, others = programme(song, sr, parts, seed)
    kw = dict(EASY if studio is None else studio)
    rec = simulate_phone_recording(audio, sr, ref_start=0.0, length=audio.size / sr,
                                   lead_in=lead_in, tail=tail, seed=seed, **kw)

    def video(p: float) -> float:          # programme time → video time
        return rec.music_start + p / rec.rate

    truth = [Run(video(a), video(b), s, rate * rec.rate) for a, b, s, rate in runs]
    return MultiRun(rec.audio, rec.sr, truth, [(video(a), video(b)) for a, b in others])
