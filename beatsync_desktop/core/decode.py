"""Decode: an audio stream to numpy, straight from the container, in one pass.

Samples are placed by their presentation timestamps, so encoder priming, edit lists and
gaps in a phone's audio track (dropped frames) do not shift the music. Video packets are
demuxed past, never decoded.

One pass can fill several outputs ("sinks") from the same decoded frames: the analysis
copy (16 kHz mono, what `align` reads) and, when the song will be written, the song at its
own rate. Every caller gets its analysis copy from `decode_for_analysis`, so `analyze`
and `sync` look at the very same numbers.

Times: a file's *own clock* counts seconds from its first decoded sample ("song time" for
the reference). `AudioData.start` is that first sample's presentation time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .errors import InputFileError, MissingStreamError
from .features import ANALYSIS_RATE, BandEnergyStream
from .media_errors import input_error, unsupported
from .messages import msg
from .probe import demux, open_container

GAP_TOLERANCE = 0.02   # seconds of timestamp jump we treat as a real gap, not jitter
MAX_GAP = 10.0         # a longer jump is a damaged timestamp, not dropped audio: not padded


@dataclass
class AudioData:
    samples: np.ndarray    # (channels, n): float32, or float16 for the analysis copy
    rate: int
    start: float           # presentation time of the stream's first sample, seconds
    truncated_at: Optional[float] = None   # set when the file ended in damage
    gaps: float = 0.0      # seconds of silence inserted for timestamp gaps
    first_index: int = 0   # samples[:, 0] is sample `first_index` of the stream (a span)
    band_power: Optional[np.ndarray] = None   # analysis copy only: see features
    # Where packets begin, for reading a span again without decoding from the start:
    # (byte position, timestamp, own-clock seconds of its first sample), every few seconds.
    index: tuple[tuple[int, int, float], ...] = ()

    @property
    def duration(self) -> float:
        return self.samples.shape[1] / self.rate

    @property
    def first_time(self) -> float:
        """Own-clock time of samples[:, 0]."""
        return self.first_index / self.rate

    def mono(self) -> np.ndarray:
        x = self.samples.astype(np.float32, copy=False)
        return x.mean(axis=0) if x.shape[0] > 1 else x[0]


_SCALE = {"u8": 128.0, "s16": 32768.0, "s32": 2147483648.0, "s64": 9223372036854775808.0}


def planar_float(frame) -> tuple[np.ndarray, str]:
    """A decoded frame's samples as (channels, n) float32 in [-1, 1], whatever its format,
    and their layout: "mono", "stereo", or — surround mixed down here — "stereo"."""
    data = frame.to_ndarray()
    fmt = frame.format
    names = [c.name for c in frame.layout.channels]
    if not fmt.is_planar:                       # interleaved: (1, n * channels)
        data = data.reshape(-1, len(names)).T
    name = fmt.name.rstrip("p")
    if name in _SCALE:
        data = data.astype(np.float32)
        if name == "u8":
            data -= 128.0
        data *= 1.0 / _SCALE[name]
    data = np.asarray(data, dtype=np.float32)
    if len(names) <= 2:
        return np.ascontiguousarray(data), frame.layout.name
    return _to_stereo(data, names), "stereo"


def _to_stereo(data: np.ndarray, names: list[str]) -> np.ndarray:
    """A surround frame mixed down to stereo (centre and surrounds at -3 dB, LFE left out):
    the resampler is only ever handed mono or stereo."""
    matrix = np.zeros((2, len(names)), np.float32)
    for i, name in enumerate(names):
        if name.startswith("LFE"):
            continue
        weight = 1.0 if name in ("FL", "FR") else 0.7071
        if name.endswith("L") or name.endswith("LC"):
            matrix[0, i] = weight
        elif name.endswith("R") or name.endswith("RC"):
            matrix[1, i] = weight
        else:                                   # centre and anything unnamed: both sides
            matrix[:, i] = 0.7071
    # One fixed scale for the whole stream, so that full-scale channels cannot clip.
    matrix /= max(1.0, float(matrix.sum(axis=1).max()))
    return matrix @ data


class _Sink:
    """One output of the decoding pass: its own resampler, buffer and kept span.

    Decoded frames are collected and resampled half a second at a time: one call into
    FFmpeg's resampler per batch instead of per frame (an hour of MP3 is 150,000 frames).
    """

    BATCH_S = 0.5

    def __init__(self, rate: int, channels: int, dtype, keep: Optional[tuple[float, float]],
                 expected_samples: int, band_stream: Optional[BandEnergyStream] = None):
        self.rate, self.channels, self.dtype = rate, channels, dtype
        self.layout = "mono" if channels == 1 else "stereo"
        self.keep = (None if keep is None else
                     (max(0, int(round(keep[0] * rate))), max(0, int(round(keep[1] * rate)))))
        lo, hi = self.keep or (0, expected_samples)
        self.buffer = np.zeros((channels, max(1, hi - lo)), dtype)
        self.stored = 0            # samples in buffer
        self.placed = 0            # samples of the stream so far (kept or not)
        self.gaps = 0.0
        self.bands = band_stream
        self._resampler = None
        self._input = None         # (layout, rate) the resampler was made for
        self._pending: list[np.ndarray] = []
        self._pending_n = 0

    @property
    def done(self) -> bool:
        return self.keep is not None and self.placed >= self.keep[1]

    def add(self, data: np.ndarray, layout: str, rate: int) -> None:
        """Samples (channels, n) float32 of the input stream, in order."""
        if (layout, rate) != self._input:     # a stream may change layout or rate mid-file
            self._run()
            if self._resampler is not None:
                self._drain(self._resampler.resample(None))
            import av
            self._resampler = av.AudioResampler(format="fltp", layout=self.layout,
                                                rate=self.rate)
            self._input = (layout, rate)
        self._pending.append(data)
        self._pending_n += data.shape[1]
        if self._pending_n >= self.BATCH_S * rate:
            self._run()

    def gap(self, seconds: float) -> None:
        """Silence where the stream's timestamps jump (the phone dropped audio)."""
        self._run()
        pad = int(round(seconds * self.rate))
        self.place(np.zeros((self.channels, pad), np.float32))
        self.gaps += pad / self.rate

    def _run(self) -> None:
        if not self._pending:
            return
        import av
        data = (self._pending[0] if len(self._pending) == 1
                else np.concatenate(self._pending, axis=1))
        self._pending, self._pending_n = [], 0
        frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=self._input[0])
        frame.sample_rate = self._input[1]
        self._drain(self._resampler.resample(frame))

    def flush(self) -> None:
        self._run()
        if self._resampler is not None:
            self._drain(self._resampler.resample(None))

    def _drain(self, frames) -> None:
        for out in frames:
            data = out.to_ndarray()
            self.place(data[None, :] if data.ndim == 1 else data)

    def place(self, data: np.ndarray) -> None:
        n = data.shape[1]
        if self.bands is not None:
            self.bands.feed(data[0])
        lo, hi = self.keep or (0, None)
        a, b = self.placed, self.placed + n
        self.placed = b
        a_keep, b_keep = max(a, lo), b if hi is None else min(b, hi)
        if b_keep <= a_keep:
            return
        part = data[:, a_keep - a:b_keep - a]
        end = self.stored + part.shape[1]
        if end > self.buffer.shape[1]:      # the container's duration was short: grow
            grown = np.zeros((self.channels, max(end, int(self.buffer.shape[1] * 1.5))),
                             self.dtype)
            grown[:, :self.stored] = self.buffer[:, :self.stored]
            self.buffer = grown
        self.buffer[:, self.stored:end] = part
        self.stored = end

    def result(self, start: float, truncated_at: Optional[float]) -> AudioData:
        samples = self.buffer[:, :self.stored]
        if self.buffer.shape[1] - self.stored > self.rate:   # a duration far too long
            samples = samples.copy()
        return AudioData(samples=samples, rate=self.rate, start=start,
                         truncated_at=truncated_at, gaps=self.gaps,
                         first_index=self.keep[0] if self.keep else 0,
                         band_power=(self.bands.finish(self.placed)
                                     if self.bands is not None else None))


INDEX_EVERY_S = 5.0


@dataclass
class _Resume:
    """Where to start decoding again: a packet seen in an earlier pass."""
    pos: int          # its byte position in the file: the packet's identity
    pts: int          # its timestamp, for the seek
    fed: float        # own-clock seconds of its first sample
    start: float      # presentation time of the stream's first sample (earlier pass)


def _decode(path: Path, sinks: list[_Sink], on_fraction: Optional[Callable[[float], None]],
            resume: Optional[_Resume] = None) -> list[AudioData]:
    import av

    path = Path(path)
    with open_container(path) as container:
        if not container.streams.audio:
            raise MissingStreamError(msg("no-sound-track", name=path.name))
        stream = container.streams.audio[0]
        stream.thread_type = "AUTO"
        if stream.codec_context is None:   # no decoder for it (exotic, or a damaged header)
            raise unsupported(path, "sound", "unknown")
        total = (container.duration / 1_000_000) if container.duration else 0.0
        tb = float(stream.time_base) if stream.time_base else 0.0   # floats: Fractions are slow
        start: Optional[float] = None
        fed = 0.0          # seconds of input so far, gaps included: where the next frame belongs
        index: list[tuple[int, int, float]] = []
        truncated_at = None
        count = 0
        if resume is not None:
            container.seek(resume.pts, stream=stream, backward=True, any_frame=False)
            start, fed = resume.start, resume.fed
            for sink in sinks:
                sink.placed = int(round(fed * sink.rate))
        waiting = resume is not None
        try:
            for packet in demux(container, stream):
                if packet.dts is None and packet.size == 0:
                    continue
                if waiting:        # skip to the very packet the earlier pass saw there
                    if packet.pos == resume.pos:
                        waiting = False
                    elif packet.pos is not None and packet.pos > resume.pos or count > 2000:
                        raise _LostPlace()
                    else:
                        count += 1
                        continue
                if packet.pos is not None and packet.pos >= 0 and packet.pts is not None and (
                        not index or fed - index[-1][2] >= INDEX_EVERY_S):
                    index.append((int(packet.pos), int(packet.pts), fed))
                for frame in packet.decode():
                    if not frame.samples or not frame.sample_rate:
                        continue
                    t = frame.pts * tb if frame.pts is not None and tb else None
                    if start is None:
                        start = t if t is not None else 0.0
                    if t is not None and GAP_TOLERANCE < t - (start + fed) <= MAX_GAP:
                        for sink in sinks:          # the phone dropped audio here
                            sink.gap(t - (start + fed))
                        fed = t - start
                    data, layout = planar_float(frame)
                    for sink in sinks:
                        sink.add(data, layout, frame.sample_rate)
                    fed += frame.samples / frame.sample_rate
                count += 1
                if on_fraction is not None and count % 64 == 0 and total > 0 \
                        and packet.pts is not None:
                    on_fraction(min(1.0, packet.pts * tb / total))
                if all(sink.done for sink in sinks):
                    break
        except (av.error.FFmpegError, OSError) as exc:  # damage, early EOF, a failed read
            # An interrupted recording: keep what decoded, report where it stopped.
            truncated_at = (start or 0.0) + fed
            if fed == 0:
                raise input_error(exc, path, "sound") from None
        if waiting:
            raise _LostPlace()
        for sink in sinks:
            sink.flush()

    if sinks[0].placed == 0:
        raise MissingStreamError(msg("sound-track-empty", name=path.name))
    results = [sink.result(start or 0.0, truncated_at) for sink in sinks]
    results[0].index = tuple(index)
    return results


class _LostPlace(Exception):
    """A seek did not lead back to the packet an earlier pass saw."""


def _expected(path: Path, rate: int) -> int:
    """Samples the container says the stream holds (a first guess for the buffer)."""
    try:
        with open_container(path) as container:
            seconds = container.duration / 1_000_000 if container.duration else 0.0
    except InputFileError:
        seconds = 0.0
    if not 0.0 <= seconds < 6 * 3600:     # a damaged header's length: grow as we go instead
        seconds = 0.0
    return int((seconds + 1.0) * rate) + 1


def decode_audio(path: Path, rate: Optional[int] = None, channels: Optional[int] = None,
                 on_fraction: Optional[Callable[[float], None]] = None,
                 keep: Optional[tuple[float, float]] = None) -> AudioData:
    """The first audio stream of `path`, resampled to `rate` and `channels`.

    rate/channels None keep the stream's own (channels capped at 2). `keep` (own-clock
    seconds) stores only that span: a song for the output needs no more than the cut.
    `on_fraction` gets 0..1 and is where the caller checks for cancellation.
    """
    rate, channels = _stream_format(path, rate, channels)
    sink = _Sink(rate, channels, np.float32, keep, _expected(path, rate))
    return _decode(path, [sink], on_fraction)[0]


def decode_span(path: Path, keep: tuple[float, float], analysis: AudioData,
                rate: Optional[int] = None, channels: Optional[int] = None,
                on_fraction: Optional[Callable[[float], None]] = None) -> AudioData:
    """`decode_audio(path, rate, channels, keep=keep)`, without decoding from the start.

    The analysis pass noted where packets begin (byte position, own-clock time). Decoding
    restarts a few seconds before the span at such a packet — found again by its byte
    position, not by the seek's timestamps, which MP3 files get wrong — and the result is
    checked against the analysis copy. Anything unexpected: decode from the start.
    """
    warm_up = 3.0         # seconds decoded and dropped before the span: decoder state
    entries = [e for e in analysis.index if e[2] <= keep[0] - warm_up]
    if entries:
        pos, pts, fed = entries[-1]
        rate, channels = _stream_format(path, rate, channels)
        sink = _Sink(rate, channels, np.float32, keep, int((keep[1] - keep[0] + 1) * rate))
        try:
            song = _decode(path, [sink], on_fraction,
                           _Resume(pos, pts, fed, analysis.start))[0]
        except _LostPlace:
            song = None
        if song is not None and _same_sound(song, analysis):
            return song
    return decode_audio(path, rate, channels, on_fraction, keep)


def _same_sound(span: AudioData, analysis: AudioData) -> bool:
    """Whether `span` holds the analysis copy's sound at the very same place (±1 sample
    at the analysis rate): one second from its middle, matched by correlation."""
    mid = span.first_time + span.duration / 2
    n = ANALYSIS_RATE
    i = int(round((mid - 0.5) * ANALYSIS_RATE)) - analysis.first_index
    reach = 160
    here = analysis_copy(span.samples, span.rate).samples[0].astype(np.float32)
    j = int(round((mid - 0.5 - span.first_time) * ANALYSIS_RATE))
    x = here[j:j + n]
    y = analysis.samples[0, i - reach:i + n + reach].astype(np.float32)
    if x.size < n or y.size < n + 2 * reach or not np.any(x):
        return False
    corr = np.correlate(y, x, mode="valid")
    return abs(int(np.argmax(corr)) - reach) <= 1


def _stream_format(path: Path, rate: Optional[int], channels: Optional[int]) -> tuple[int, int]:
    if rate and channels:
        return int(rate), int(channels)
    with open_container(path) as container:
        if not container.streams.audio:
            raise MissingStreamError(msg("no-sound-track", name=Path(path).name))
        cc = container.streams.audio[0].codec_context
        return (int(rate or cc.sample_rate or 48000),
                int(channels or min(max(cc.channels or 1, 1), 2)))


def decode_for_analysis(path: Path, on_fraction: Optional[Callable[[float], None]] = None,
                        native: Optional[tuple[Optional[int], Optional[int]]] = None
                        ) -> tuple[AudioData, Optional[AudioData]]:
    """The analysis copy of a sound track (16 kHz mono, float16, band powers computed on the
    way) and, if `native` = (rate, channels) is given, the same pass's full-quality copy.

    float16 halves the memory of an hour-long reference; its 11-bit mantissa keeps every
    sample to 0.05 % of its own value, far below the room noise any recording has.
    """
    expected = _expected(path, ANALYSIS_RATE)
    sinks = [_Sink(ANALYSIS_RATE, 1, np.float16, None, expected, BandEnergyStream())]
    if native is not None:
        rate, channels = _stream_format(path, *native)
        sinks.append(_Sink(rate, channels, np.float32, None, _expected(path, rate)))
    results = _decode(path, sinks, on_fraction)
    return results[0], (results[1] if native is not None else None)


def analysis_copy(samples: np.ndarray, rate: int, start: float = 0.0) -> AudioData:
    """The analysis copy of sound already in memory ((channels, n) float32 at `rate`),
    made by the very resampler and band-power code a decoded file goes through."""
    samples = np.atleast_2d(np.asarray(samples, np.float32))[:2]
    layout = "mono" if samples.shape[0] == 1 else "stereo"
    sink = _Sink(ANALYSIS_RATE, 1, np.float16, None,
                 int(samples.shape[1] * ANALYSIS_RATE / rate) + 1, BandEnergyStream())
    step = rate // 10
    for i in range(0, samples.shape[1], step):
        sink.add(np.ascontiguousarray(samples[:, i:i + step]), layout, rate)
    sink.flush()
    return sink.result(start, None)
