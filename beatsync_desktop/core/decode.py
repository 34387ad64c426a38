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

        chunks: list[np.ndarray] = []
        written = 0              # output samples so far
        start: Optional[float] = None
        gaps = 0.0
        truncated_at = None

        def place(frames, at_time: Optional[float]) -> None:
            nonlocal written, gaps
            for out in frames:
                data = out.to_ndarray()
                if data.ndim == 1:
                    data = data[None, :]
                chunks.append(data.astype(np.float32, copy=False))
                written += data.shape[1]

        try:
            for packet in container.demux(stream):
                if packet.dts is None and packet.size == 0:
                    continue
                for frame in packet.decode():
                    if frame.pts is not None and frame.time_base is not None:
                        t = float(frame.pts * frame.time_base)
                        if start is None:
                            start = t
                        expected = start + written / out_rate
                        if t - expected > GAP_TOLERANCE:   # the phone dropped audio here
                            pad = int(round((t - expected) * out_rate))
                            chunks.append(np.zeros((out_channels, pad), np.float32))
                            written += pad
                            gaps += pad / out_rate
                    elif start is None:
                        start = 0.0
                    frame.pts = None     # we place samples ourselves; let swr run freely
                    place(resampler.resample(frame), None)
                if on_fraction is not None and total > 0 and packet.pts is not None \
                        and packet.time_base is not None:
                    on_fraction(min(1.0, float(packet.pts * packet.time_base) / total))
        except (av.error.InvalidDataError, av.error.EOFError, av.error.FFmpegError) as exc:
            # An interrupted recording: keep what decoded, report where it stopped.
            truncated_at = (start or 0.0) + written / out_rate
            if written == 0:
                raise InputFileError(f"The sound in {path.name} cannot be decoded.",
                                     str(exc)) from None
        place(resampler.resample(None), None)

    if written == 0:
        raise MissingStreamError(f"The sound track of {path.name} is empty.")
    samples = np.concatenate(chunks, axis=1) if len(chunks) > 1 else chunks[0]
    return AudioData(samples=np.ascontiguousarray(samples), rate=out_rate,
                     start=start or 0.0, truncated_at=truncated_at, gaps=gaps)
