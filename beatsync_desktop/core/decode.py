"""Decode: an audio stream to a numpy array, straight from the container.

Samples are placed by their presentation timestamps, so encoder priming, edit lists and
gaps in a phone's audio track (dropped frames) do not shift the music. Video packets are
demuxed past, never decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .errors import InputFileError, MissingStreamError
from .probe import open_container

GAP_TOLERANCE = 0.02   # seconds of timestamp jump we treat as a real gap, not jitter


@dataclass
class AudioData:
    samples: np.ndarray    # float32, shape (channels, n)
    rate: int
    start: float           # presentation time of samples[:, 0], seconds
    truncated_at: Optional[float] = None   # set when the file ended in damage
    gaps: float = 0.0      # seconds of silence inserted for timestamp gaps

    @property
    def duration(self) -> float:
        return self.samples.shape[1] / self.rate

    def mono(self) -> np.ndarray:
        return self.samples.mean(axis=0) if self.samples.shape[0] > 1 else self.samples[0]


def decode_audio(path: Path, rate: Optional[int] = None, channels: Optional[int] = None,
                 on_fraction: Optional[Callable[[float], None]] = None) -> AudioData:
    """Decode the first audio stream of `path`, resampled to `rate` and `channels`.

    rate/channels None keep the stream's own (channels capped at 2). `on_fraction` gets
    0..1 and is where the caller checks for cancellation.
    """
    import av

    path = Path(path)
    with open_container(path) as container:
        if not container.streams.audio:
            raise MissingStreamError(f"{path.name} has no sound track.")
        stream = container.streams.audio[0]
        stream.thread_type = "AUTO"
        cc = stream.codec_context
        out_rate = int(rate or cc.sample_rate or 48000)
        out_channels = int(channels or min(max(cc.channels or 1, 1), 2))
        layout = "mono" if out_channels == 1 else "stereo"
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=out_rate)
        total = (container.duration / 1_000_000) if container.duration else 0.0

        # One array sized from the container's duration (grown if that was short), so a
        # long file is not held twice while pieces are joined.
        buffer = np.zeros((out_channels, int((total + 1.0) * out_rate) + 1), np.float32)
        written = 0              # output samples so far
        start: Optional[float] = None
        gaps = 0.0
        truncated_at = None

        def place(data: np.ndarray) -> None:
            nonlocal written, buffer
            end = written + data.shape[1]
            if end > buffer.shape[1]:
                grown = np.zeros((out_channels, max(end, int(buffer.shape[1] * 1.5))),
                                 np.float32)
                grown[:, :written] = buffer[:, :written]
                buffer = grown
            buffer[:, written:end] = data
            written = end

        def place_frames(frames) -> None:
            for out in frames:
                data = out.to_ndarray()
                place(data[None, :] if data.ndim == 1 else data)

        tb = float(stream.time_base) if stream.time_base else 0.0   # floats: Fractions are slow
        count = 0
        try:
            for packet in container.demux(stream):
                if packet.dts is None and packet.size == 0:
                    continue
                for frame in packet.decode():
                    if frame.pts is not None and tb:
                        t = frame.pts * tb
                        if start is None:
                            start = t
                        expected = start + written / out_rate
                        if t - expected > GAP_TOLERANCE:   # the phone dropped audio here
                            pad = int(round((t - expected) * out_rate))
                            place(np.zeros((out_channels, pad), np.float32))
                            gaps += pad / out_rate
                    elif start is None:
                        start = 0.0
                    frame.pts = None     # we place samples ourselves; let swr run freely
                    place_frames(resampler.resample(frame))
                count += 1
                if on_fraction is not None and count % 32 == 0 and total > 0 \
                        and packet.pts is not None:
                    on_fraction(min(1.0, packet.pts * tb / total))
        except (av.error.InvalidDataError, av.error.EOFError, av.error.FFmpegError) as exc:
            # An interrupted recording: keep what decoded, report where it stopped.
            truncated_at = (start or 0.0) + written / out_rate
            if written == 0:
                raise InputFileError(f"The sound in {path.name} cannot be decoded.",
                                     str(exc)) from None
        place_frames(resampler.resample(None))

    if written == 0:
        raise MissingStreamError(f"The sound track of {path.name} is empty.")
    samples = buffer[:, :written]
    if buffer.shape[1] - written > out_rate:      # a duration that was far too long
        samples = samples.copy()
    return AudioData(samples=samples, rate=out_rate,
                     start=start or 0.0, truncated_at=truncated_at, gaps=gaps)
