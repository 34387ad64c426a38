"""Render: the dance picture, packet for packet, with the clean song under it.

The video stream is copied without decoding (bit-identical packets, rotation and metadata
kept) from the keyframe at or before the planned start. The audio is the reference read
through the alignment mapping at the picture's own presentation times, faded where the
cut interrupts the music, encoded to AAC, and interleaved with the picture.
Everything goes to a temporary file beside the target that is renamed only on success.
"""

from __future__ import annotations

import errno
from fractions import Fraction
import os
import tempfile
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from .decode import AudioData
from .errors import OutputError
from .models import Alignment, CutPlan, SyncOptions
from .probe import open_container, real_video_streams

SPEED_OF_SOUND = 343.0
AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000)
AUDIO_CHUNK = 4096          # samples per encoded frame batch
AUDIO_LEAD = 0.5            # keep audio this far ahead of the video while interleaving
_DROP_METADATA = {"major_brand", "minor_version", "compatible_brands", "encoder"}


def container_format(output: Path, options: SyncOptions) -> str:
    if options.container:
        return options.container
    return "mov" if output.suffix.lower() == ".mov" else "mp4"


class _AudioSource:
    """Produces the output's audio, sample by sample in output time."""

    def __init__(self, ref: AudioData, alignment: Alignment, plan: CutPlan,
                 options: SyncOptions, keep_full: bool):
        self.ref = ref
        self.rate = ref.rate
        self.segments = alignment.segments
        self.origin = plan.video_start            # dance time of output time 0
        self.total = int(round((plan.end - plan.video_start) * self.rate))
        self.shift = options.speaker_distance / SPEED_OF_SOUND   # play where the speaker did
        self.fade = max(plan.fade_in, 1e-3)
        # Music is audible inside each segment; a cut through the music is faded.
        self.edges = []
        ref_len = ref.samples.shape[1] / ref.rate
        for seg in self.segments:
            a = max(seg.dance_start, plan.video_start if keep_full else plan.start)
            b = min(seg.dance_end, plan.end)
            # Where the song itself starts or ends there is nothing to fade.
            fade_in = seg.ref_time(a) > 0.05
            fade_out = seg.ref_time(b) < ref_len - 0.05
            self.edges.append((a, b, fade_in, fade_out))

    def chunk(self, first: int, count: int) -> np.ndarray:
        t = self.origin + (first + np.arange(count)) / self.rate   # dance times
        out = np.zeros((self.ref.samples.shape[0], count), np.float32)
        n_ref = self.ref.samples.shape[1]
        for seg, (a, b, fade_in, fade_out) in zip(self.segments, self.edges):
            inside = (t >= a) & (t < b)
            if not inside.any():
                continue
            idx = np.nonzero(inside)[0]
            pos = (seg.ref_time(t[idx]) + self.shift) * self.rate   # fractional ref sample
            gain = np.ones(idx.size, np.float32)
            if fade_in:
                gain *= np.clip((t[idx] - a) / self.fade, 0, 1)
            if fade_out:
                gain *= np.clip((b - t[idx]) / self.fade, 0, 1)
            if seg.rate == 1.0:
                # Constant offset: a whole-sample slice; the sub-sample part (≤ 10 µs at
                # 48 kHz) is far below anything audible or measurable in sync.
                src = np.rint(pos).astype(np.int64)
                ok = (src >= 0) & (src < n_ref)
                out[:, idx[ok]] = self.ref.samples[:, src[ok]] * gain[ok]
            else:
                out[:, idx] = _cubic_read(self.ref.samples, pos) * gain
        return out


def _cubic_read(samples: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Samples at fractional positions (Catmull-Rom), zero outside: for clock-drift playback."""
    n = samples.shape[1]
    i = np.floor(pos).astype(np.int64)
    f = (pos - i).astype(np.float32)
    out = np.zeros((samples.shape[0], pos.size), np.float32)
    weights = (
        ((-0.5 * f + 1.0) * f - 0.5) * f,
        (1.5 * f - 2.5) * f * f + 1.0,
        ((-1.5 * f + 2.0) * f + 0.5) * f,
        (0.5 * f - 0.5) * f * f,
    )
    for k, w in zip(range(-1, 3), weights):
        j = i + k
        ok = (j >= 0) & (j < n)
        out[:, ok] += samples[:, j[ok]] * w[ok]
    return out


def _temp_path(output: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{output.stem}.", suffix=".beatsync-partial",
                                dir=output.parent)
    os.close(fd)
    return Path(name)


def _disk_error(exc: BaseException, output: Path) -> OutputError:
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or "No space" in str(exc):
        return OutputError(f"The disk is full: could not write {output.name}.", str(exc))
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"No permission to write in {output.parent}.", str(exc))
    return OutputError(f"Could not write {output.name}: {exc}", repr(exc))


def render(dance_path: Path, ref: AudioData, alignment: Alignment, plan: CutPlan,
           output: Path, options: SyncOptions,
           on_fraction: Callable[[float], None] = lambda f: None) -> Path:
    """Write the synced video to `output` atomically; returns `output`."""
    import av

    output = Path(output)
    try:
        tmp = _temp_path(output)
    except OSError as exc:
        raise _disk_error(exc, output) from None
    try:
        with open_container(dance_path) as src:
            _write(src, tmp, ref, alignment, plan, options, on_fraction,
                   container_format(output, options))
        with open(tmp, "rb+") as fh:   # data on disk before the name points at it
            os.fsync(fh.fileno())
        os.replace(tmp, output)
        return output
    except (av.error.FFmpegError, OSError) as exc:
        raise _disk_error(exc, output) from None
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass


def _write(src, tmp: Path, ref: AudioData, alignment: Alignment, plan: CutPlan,
           options: SyncOptions, on_fraction: Callable[[float], None], fmt: str) -> None:
    import av

    vin = real_video_streams(src)[0]
    vtb = vin.time_base
    with av.open(str(tmp), mode="w", format=fmt) as dst:
        for key, value in src.metadata.items():   # creation time, location, make/model
            if key not in _DROP_METADATA:
                dst.metadata[key] = value
        vout = dst.add_stream_from_template(vin)
        if vin.codec_context.name == "hevc":
            vout.codec_tag = "hvc1"        # what Apple players require for HEVC in MP4/MOV
        for key, value in vin.metadata.items():
            if key not in _DROP_METADATA:
                vout.metadata[key] = value

        layout = "mono" if ref.samples.shape[0] == 1 else "stereo"
        aout = dst.add_stream("aac", rate=ref.rate, layout=layout)
        aout.bit_rate = options.audio_bitrate
        aout.time_base = Fraction(1, ref.rate)
        source = _AudioSource(ref, alignment, plan, options, options.keep_full)

        shift = int(round(plan.video_start / vtb))
        end_pts = plan.end / vtb
        audio_done = 0

        def feed_audio(until_time: float) -> None:
            nonlocal audio_done
            target = min(source.total, int(until_time * ref.rate))
            while audio_done < target:
                count = min(AUDIO_CHUNK, target - audio_done)
                data = np.ascontiguousarray(source.chunk(audio_done, count))
                frame = av.AudioFrame.from_ndarray(data, format="fltp", layout=layout)
                frame.sample_rate = ref.rate
                frame.pts = audio_done
                frame.time_base = aout.time_base
                for packet in aout.encode(frame):
                    dst.mux(packet)
                audio_done += count

        src.seek(shift, stream=vin, backward=True, any_frame=False)
        started = False
        span = max(plan.end - plan.video_start, 1e-3)
        for packet in src.demux(vin):
            if packet.pts is None or packet.dts is None:
                if packet.size == 0:
                    continue
                if not started:
                    continue
            if not started:
                if not (packet.is_keyframe and packet.pts >= shift):
                    continue        # the seek landed before our keyframe
                started = True
            if packet.dts is not None and packet.dts >= end_pts:
                break               # every later packet shows after the end
            packet.pts = packet.pts - shift if packet.pts is not None else None
            packet.dts = packet.dts - shift if packet.dts is not None else None
            packet.stream = vout
            out_time = float(packet.dts * vtb) if packet.dts is not None else 0.0
            feed_audio(out_time + AUDIO_LEAD)
            dst.mux(packet)
            on_fraction(min(1.0, out_time / span))
        feed_audio(source.total / ref.rate + 1.0)
        for packet in aout.encode(None):
            dst.mux(packet)
    on_fraction(1.0)
