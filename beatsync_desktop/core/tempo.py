"""Playback at another tempo: a class practises at 0.75× in a player app, then at full speed.

A player changes the tempo in one of two ways, and the engine undoes either on the
recording before it is matched, and redoes it on the clean song before it is written:

* **resampled** — the pitch moves with the speed (a turntable, a "speed" control): undone
  and redone by resampling (FFmpeg's resampler).
* **pitch kept** — a time stretch (most practice apps): redone on the song by FFmpeg's
  `atempo` (WSOLA, in the FFmpeg libraries PyAV ships: LGPL, no new dependency). Why atempo
  rather than a phase vocoder or Rubber Band: see tests/stretch_compare.py and the README.
  The search does not undo it (no stretch keeps the waveform): such a run is placed on its
  onsets (onsets.py).

`rate` is always song seconds per video second (0.75: the song plays slower than written).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

RESAMPLED, PITCH_KEPT = "resampled", "pitch-kept"
KINDS = (RESAMPLED, PITCH_KEPT)
_CHUNK = 1 << 16


def _frames(x: np.ndarray, rate: int):
    import av

    x = np.ascontiguousarray(np.atleast_2d(x).astype(np.float32))
    layout = "mono" if x.shape[0] == 1 else "stereo"
    for i in range(0, x.shape[1], _CHUNK):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(x[:, i:i + _CHUNK]),
                                           format="fltp", layout=layout)
        frame.sample_rate = rate
        frame.pts = i
        yield frame
    yield None


def _planar(frame, channels: int) -> np.ndarray:
    data = frame.to_ndarray()
    if frame.format.is_planar:
        return data.reshape(channels, -1)
    return data.reshape(-1, channels).T          # packed: interleaved samples


def _collect(frames, channels: int) -> np.ndarray:
    parts = [_planar(f, channels) for f in frames if f is not None]
    return (np.concatenate(parts, axis=1) if parts
            else np.zeros((channels, 0), np.float32)).astype(np.float32)


def resample_by(x: np.ndarray, sr: int, factor: float) -> np.ndarray:
    """`x` read `factor` times as fast: len(x) / factor samples at the same rate, y[k] =
    x(k · factor) (the pitch moves by `factor`)."""
    import av

    x = np.atleast_2d(x)
    ratio = Fraction(1 / factor).limit_denominator(4000)        # out rate over in rate
    base = sr * ratio.denominator
    # Rates the resampler takes are integers: scale both sides (it only needs the ratio).
    rate_in, rate_out = int(base), int(base * ratio)
    layout = "mono" if x.shape[0] == 1 else "stereo"
    res = av.AudioResampler(format="fltp", layout=layout, rate=rate_out)
    out = []
    for frame in _frames(x, rate_in):
        out += res.resample(frame)
    return _collect(out, x.shape[0])


def stretch_by(x: np.ndarray, sr: int, factor: float) -> np.ndarray:
    """`x` played `factor` times as fast with its pitch kept (FFmpeg `atempo`):
    about len(x) / factor samples."""
    import av

    x = np.atleast_2d(x)
    layout = "mono" if x.shape[0] == 1 else "stereo"
    graph = av.filter.Graph()
    src = graph.add_abuffer(format="fltp", sample_rate=sr, layout=layout,
                            time_base=Fraction(1, sr))
    # atempo takes 0.5…100: a slower factor is several in a row (0.4 = 0.5 × 0.8).
    steps, rest = [], factor
    while rest < 0.5:
        steps.append(0.5)
        rest /= 0.5
    last = src
    for step in steps + [rest]:
        node = graph.add("atempo", f"{step:.6f}")
        last.link_to(node)
        last = node
    sink = graph.add("abuffersink")
    last.link_to(sink)
    graph.configure()
    out = []
    for frame in _frames(x, sr):
        graph.push(frame)
        while True:
            try:
                out.append(graph.pull())
            except (av.error.BlockingIOError, av.error.EOFError):
                break
    return _collect(out, x.shape[0])


def undo(x: np.ndarray, sr: int, rate: float, kind: str) -> np.ndarray:
    """A recording of the song played at `rate`, brought back to the song's own tempo
    (and pitch): sample k of the result hears song time k / sr after its start."""
    return (resample_by if kind == RESAMPLED else stretch_by)(x, sr, 1.0 / rate)


def redo(x: np.ndarray, sr: int, rate: float, kind: str) -> np.ndarray:
    """The clean song as the player played it at `rate`."""
    return (resample_by if kind == RESAMPLED else stretch_by)(x, sr, rate)
