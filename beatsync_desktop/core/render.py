"""Render: the dance picture, packet for packet, with the clean song under it.

The video stream is copied without decoding (bit-identical packets, rotation and metadata
kept) from the keyframe at or before the planned start. The audio is the reference read
through the alignment mapping at the picture's own presentation times, faded where the
cut interrupts the music, encoded to AAC, and interleaved with the picture.
Everything goes to a temporary file beside the target that is renamed only on success.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Optional

import numpy as np

from .decode import AudioData
from .errors import BeatSyncError, InputFileError
from .media_errors import input_error
from .messages import msg
from .models import Alignment, CutPlan, SyncOptions
from .output_file import OUTPUT_SUFFIXES, AtomicOutput, write_error
from .probe import demux, open_container, real_video_streams
from .progress import NO_PROGRESS, StageProgress
from .tempo import PITCH_KEPT, stretch_by

SPEED_OF_SOUND = 343.0
AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000)
AUDIO_CHUNK_S = 1.0         # seconds of audio built and handed to the encoder at a time
AUDIO_LEAD = 0.5            # keep audio this far ahead of the video while interleaving
ROOM_MAX_GAIN = 10 ** (24 / 20)   # the room's sound between runs is raised at most this much
_DROP_METADATA = {"major_brand", "minor_version", "compatible_brands", "encoder"}


def container_format(output: Path, options: SyncOptions) -> str:
    if options.container:
        return options.container
    return OUTPUT_SUFFIXES.get(output.suffix.lower(), "mp4")


class _AudioSource:
    """Produces the output's audio, sample by sample in output time."""

    def __init__(self, ref: AudioData, alignment: Alignment, plan: CutPlan,
                 options: SyncOptions, song_length: float, room: Optional[AudioData] = None):
        self.ref = ref                            # the whole song, or the span the cut needs
        self.rate = ref.rate
        self.segments = alignment.segments
        self.origin = plan.video_start            # dance time of output time 0
        self.total = int(round((plan.end - plan.video_start) * self.rate))
        self.shift = options.speaker_distance / SPEED_OF_SOUND   # play where the speaker did
        self.fade = max(plan.fade_in, 1e-3)
        # Music is audible inside each segment; a cut through the music is faded.
        self.edges = []
        for seg in self.segments:
            a = max(seg.dance_start, plan.video_start if options.keep_full else plan.start)
            b = min(seg.dance_end, plan.end)
            # Where the song itself starts or ends (or is silent) there is nothing to fade.
            fade_in = seg.ref_time(a) > 0.05 and self._sounding(seg.ref_time(a), -1)
            fade_out = (seg.ref_time(b) < song_length - 0.05
                        and self._sounding(seg.ref_time(b), +1))
            self.edges.append((a, b, fade_in, fade_out))
        # A run played at another tempo with its pitch kept: the song stretched the same way
        # (resampled runs need nothing more: reading the song at their rate moves the pitch).
        self.stretched = {}
        for k, (seg, (a, b, _, _)) in enumerate(zip(self.segments, self.edges)):
            if seg.tempo == PITCH_KEPT and b > a:
                self.stretched[k] = self._stretch(seg, a, b)
        # Between two runs, the room's own sound (the teacher's words are part of the lesson).
        self.room = room if room is not None and len(self.edges) > 1 else None
        if self.room is not None:
            self.room_at = room.start + room.first_time      # dance time of room sample 0
            self.room_gain = self._room_gain()

    def _stretch(self, seg, a: float, b: float) -> tuple[int, np.ndarray]:
        """(first song sample held, the song from there played at the run's rate, pitch
        kept): output sample k of the run reads stretched sample (pos - first) / rate."""
        lo = int((seg.ref_time(a) + self.shift - 1.0) * self.rate) - self.ref.first_index
        hi = int((seg.ref_time(b) + self.shift + 1.0) * self.rate) - self.ref.first_index
        lo, hi = max(0, lo), min(self.ref.samples.shape[1], hi)
        return lo, stretch_by(self.ref.samples[:, lo:hi], self.rate, seg.rate)

    def _room_gain(self) -> float:
        """The room as loud against the clean song as it was against the song in the room:
        the song's level over the room recording's level, under the runs."""
        song_e = room_e = 0.0
        for seg, (a, b, _, _) in zip(self.segments, self.edges):
            i0 = max(0, int((a - self.room_at) * self.rate))
            i1 = min(self.room.samples.shape[1], int((b - self.room_at) * self.rate))
            j0 = int(round((seg.ref_time(a) + self.shift) * self.rate)) - self.ref.first_index
            j0 = max(0, j0)
            j1 = min(self.ref.samples.shape[1], j0 + max(0, i1 - i0))
            room_e += float(np.sum(self.room.samples[:, i0:i1].astype(np.float64) ** 2))
            song_e += float(np.sum(self.ref.samples[:, j0:j1].astype(np.float64) ** 2))
        if room_e <= 1e-12 or song_e <= 1e-12:      # nothing to measure: as recorded
            return 1.0
        return float(np.clip(np.sqrt(song_e / room_e), 0.0, ROOM_MAX_GAIN))

    def _room_chunk(self, first: int, count: int, out: np.ndarray) -> None:
        """Add the room's sound where no run plays, crossfading over `fade` at each join."""
        t = self.origin + (first + np.arange(count)) / self.rate
        between = (t >= self.edges[0][1] - self.fade) & (t <= self.edges[-1][0] + self.fade)
        if not between.any():
            return
        presence = np.zeros(count)
        for a, b, _, _ in self.edges:
            presence = np.maximum(presence, np.clip(np.minimum(t - a, b - t) / self.fade, 0, 1))
        weight = np.where(between, 1.0 - presence, 0.0).astype(np.float32)
        k0 = int(round((self.origin - self.room_at) * self.rate)) + first
        x = self.room.samples
        lo, hi = max(k0, 0), min(k0 + count, x.shape[1])
        if hi <= lo:
            return
        part = np.zeros((out.shape[0], count), np.float32)
        part[:, lo - k0:hi - k0] = x[:min(x.shape[0], out.shape[0]), lo:hi]
        out += part * (weight * self.room_gain)

    def _sounding(self, song_time: float, side: int) -> bool:
        """Whether the song plays on `side` of `song_time` (before: −1, after: +1), at
        most 40 dB under the music on the other side: a cut there interrupts it."""
        i = int(round((song_time + self.shift) * self.rate)) - self.ref.first_index
        n_near, n_far = int(0.3 * self.rate), int(2.0 * self.rate)
        x = self.ref.samples
        near = x[:, max(0, i - n_near):max(0, i)] if side < 0 else x[:, i:i + n_near]
        far = x[:, i:i + n_far] if side < 0 else x[:, max(0, i - n_far):max(0, i)]
        if near.size == 0:
            return False
        if far.size == 0:
            return True
        near_e, far_e = float(np.mean(near ** 2)), float(np.mean(far ** 2))
        return near_e > 1e-4 * far_e

    def chunk(self, first: int, count: int) -> np.ndarray:
        """Output samples first … first+count-1."""
        out = np.zeros((self.ref.samples.shape[0], count), np.float32)
        n_ref = self.ref.samples.shape[1]
        for k, (seg, (a, b, fade_in, fade_out)) in enumerate(zip(self.segments, self.edges)):
            # Output sample range where this segment is audible.
            i0 = max(first, int(np.ceil((a - self.origin) * self.rate)))
            i1 = min(first + count, int(np.ceil((b - self.origin) * self.rate)))
            if i1 <= i0:
                continue
            t0 = self.origin + i0 / self.rate                     # dance time of sample i0
            # Its place in the song, as an index into the samples held.
            pos0 = (seg.ref_time(t0) + self.shift) * self.rate - self.ref.first_index
            if k in self.stretched:
                lo, played = self.stretched[k]
                start = (pos0 - lo) / seg.rate
                out[:, i0 - first:i1 - first] = _cubic_read(played, start + np.arange(i1 - i0))
            elif seg.rate == 1.0:
                # Constant offset: a whole-sample slice; the sub-sample rest (≤ 10 µs at
                # 48 kHz) is far below anything audible or measurable in sync.
                j0 = int(round(pos0))
                lo, hi = max(j0, 0), min(j0 + (i1 - i0), n_ref)
                if hi > lo:
                    out[:, i0 - first + lo - j0:i0 - first + hi - j0] = self.ref.samples[:, lo:hi]
            else:
                pos = pos0 + np.arange(i1 - i0) * seg.rate
                out[:, i0 - first:i1 - first] = _cubic_read(self.ref.samples, pos)
            t = self.origin + np.arange(i0, i1) / self.rate
            if fade_in and t[0] < a + self.fade:
                out[:, i0 - first:i1 - first] *= np.clip((t - a) / self.fade, 0, 1)
            if fade_out and t[-1] > b - self.fade:
                out[:, i0 - first:i1 - first] *= np.clip((b - t) / self.fade, 0, 1)
        if self.room is not None:
            self._room_chunk(first, count, out)
        return out


def _cubic_read(samples: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """Samples at fractional positions (Catmull-Rom), zero outside: for clock-drift playback.

    The positions read one short stretch: it is cut out once (zero-padded at the song's
    ends) and gathered with plain indices — boolean masks per tap cost 4× the time."""
    n = samples.shape[1]
    i = np.floor(pos).astype(np.int64)
    f = (pos - i).astype(np.float32)
    lo, hi = int(i.min()) - 1, int(i.max()) + 3
    a, b = max(lo, 0), min(hi, n)
    stretch = np.zeros((samples.shape[0], hi - lo), np.float32)
    if b > a:
        stretch[:, a - lo:b - lo] = samples[:, a:b]
    at = i - lo
    weights = (
        ((-0.5 * f + 1.0) * f - 0.5) * f,
        (1.5 * f - 2.5) * f * f + 1.0,
        ((-1.5 * f + 2.0) * f + 0.5) * f,
        (0.5 * f - 0.5) * f * f,
    )
    out = np.take(stretch, at - 1, axis=1) * weights[0]
    for k in range(1, 4):
        out += np.take(stretch, at + (k - 1), axis=1) * weights[k]
    return out


PREROLL = 2048   # samples of real signal each encoder sees beyond its part (two AAC frames)


def encode_range(ref: AudioData, alignment: Alignment, plan: CutPlan, options: SyncOptions,
                 song_length: float, lo: int, hi: int,
                 progress: StageProgress = NO_PROGRESS,
                 room: Optional[AudioData] = None) -> list[tuple[int, bytes]]:
    """AAC packets (pts in output samples, data) for output samples [lo, hi).

    The encoder starts PREROLL samples early and runs PREROLL past the end, so the packets
    kept splice seamlessly with another encoder's; the very first part keeps the encoder's
    priming packet (negative pts, hidden by the MP4 edit list).
    """
    import av

    source = _AudioSource(ref, alignment, plan, options, song_length, room)
    layout = "mono" if ref.samples.shape[0] == 1 else "stereo"
    cc = av.CodecContext.create("aac", "w")
    cc.sample_rate = ref.rate
    cc.layout = layout
    cc.format = "fltp"
    cc.bit_rate = options.audio_bitrate
    cc.time_base = Fraction(1, ref.rate)
    cc.open()
    start = max(0, lo - PREROLL)
    stop = min(source.total, hi + PREROLL)
    step = int(AUDIO_CHUNK_S * ref.rate)
    packets: list[tuple[int, bytes]] = []

    def keep(encoded) -> None:
        for packet in encoded:
            if (lo == 0 or packet.pts >= lo) and (hi == source.total or packet.pts < hi):
                packets.append((int(packet.pts), bytes(packet)))

    for first in range(start, stop, step):
        count = min(step, stop - first)
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(source.chunk(first, count)),
                                           format="fltp", layout=layout)
        frame.sample_rate = ref.rate
        frame.pts = first
        frame.time_base = cc.time_base
        keep(cc.encode(frame))
        progress.report((first + count - start) / max(1, stop - start))
    keep(cc.encode(None))
    return packets


def render(dance_path: Path, ref: AudioData, alignment: Alignment, plan: CutPlan,
           output: Path, options: SyncOptions, song_length: float,
           progress: StageProgress = NO_PROGRESS, helper=None,
           room: Optional[AudioData] = None) -> Path:
    """Write the synced video to `output` atomically; returns `output`.

    `ref` holds the song at its own rate: all of it, or at least the span the cut plays
    (`song_span`); `song_length` is the whole song's, for the fades at its ends. `room`: the
    video's own sound at the song's rate, played between runs of the song (several runs)."""
    import av

    output = Path(output)
    with AtomicOutput(output) as tmp:
        try:
            with open_container(dance_path) as src:
                packets = _encode_audio(ref, alignment, plan, options, song_length,
                                        progress.part(0.0, 0.85), helper, room)
                _write(src, tmp, ref, packets, plan, options, progress,
                       container_format(output, options), dance_path)
        except BeatSyncError:
            raise
        except (av.error.FFmpegError, OSError) as exc:
            raise write_error(exc, output, tmp) from None
    return output


def _encode_audio(ref: AudioData, alignment: Alignment, plan: CutPlan, options: SyncOptions,
                  song_length: float, progress: StageProgress, helper,
                  room: Optional[AudioData] = None) -> list[tuple[int, bytes]]:
    """All AAC packets of the output: half here and half in the helper process, if any
    (not with the room's sound between runs: the helper holds only the song)."""
    total = int(round((plan.end - plan.video_start) * ref.rate))
    if room is not None and len(alignment.segments) > 1:
        return encode_range(ref, alignment, plan, options, song_length, 0, total, progress,
                            room)
    if helper is not None and total > 20 * ref.rate:
        split = total // 2 // 1024 * 1024
        pending = helper.encode(alignment, plan, options, song_length, split, total,
                                check=progress.check)
        first = encode_range(ref, alignment, plan, options, song_length, 0, split, progress)
        second = pending()
        if second is not None:
            return first + second
        return first + encode_range(ref, alignment, plan, options, song_length, split, total,
                                    progress)
    return encode_range(ref, alignment, plan, options, song_length, 0, total, progress)


def song_span(alignment: Alignment, plan: CutPlan, options: SyncOptions) -> tuple[float, float]:
    """Song times the output plays, with a second to spare on each side."""
    shift = options.speaker_distance / SPEED_OF_SOUND
    times = [seg.ref_time(t) + shift for seg in alignment.segments
             for t in (max(seg.dance_start, plan.video_start), min(seg.dance_end, plan.end))]
    return max(0.0, min(times) - 1.0), max(times) + 1.0


def _write(src, tmp: Path, ref: AudioData, audio_packets: list[tuple[int, bytes]],
           plan: CutPlan, options: SyncOptions, progress: StageProgress,
           fmt: str, dance_path: Path = Path("video")) -> None:
    import av

    vin = real_video_streams(src)[0]
    vtb = vin.time_base
    with av.open(str(tmp), mode="w", format=fmt) as dst:
        for key, value in src.metadata.items():   # creation time, location, make/model
            if key not in _DROP_METADATA:
                dst.metadata[key] = value
        # opaque: the copy needs no encoder for the picture's codec (Theora, AV1… have none)
        vout = dst.add_stream_from_template(vin, opaque=True)
        if vin.codec_context is not None and vin.codec_context.name == "hevc" \
                and fmt in ("mp4", "mov"):
            vout.codec_tag = "hvc1"        # what Apple players require for HEVC in MP4/MOV
        for key, value in vin.metadata.items():
            if key not in _DROP_METADATA:
                vout.metadata[key] = value

        layout = "mono" if ref.samples.shape[0] == 1 else "stereo"
        aout = dst.add_stream("aac", rate=ref.rate, layout=layout)
        aout.bit_rate = options.audio_bitrate
        atb = Fraction(1, ref.rate)
        aout.time_base = atb
        next_audio = 0

        def mux_audio(until_time: float) -> None:
            nonlocal next_audio
            limit = until_time * ref.rate
            while next_audio < len(audio_packets) and audio_packets[next_audio][0] <= limit:
                pts, data = audio_packets[next_audio]
                packet = av.Packet(data)
                packet.pts = packet.dts = pts
                packet.time_base = atb
                packet.stream = aout
                dst.mux(packet)
                next_audio += 1

        shift = int(round(plan.video_start / vtb))
        end_pts = plan.end / vtb
        started = False
        copied = 0
        last_dts = None
        span = max(plan.end - plan.video_start, 1e-3)
        for packet in _read_picture(src, vin, shift, dance_path):
            if packet.pts is None or packet.dts is None:
                if packet.size == 0 or not started:
                    continue
            if not started:
                if not (packet.is_keyframe and packet.pts >= shift):
                    continue        # the seek landed before our keyframe
                started = True
            if packet.dts is not None and packet.dts >= end_pts:
                break               # every later packet shows after the end
            if packet.dts is not None and (
                    (last_dts is not None and packet.dts <= last_dts)
                    or (packet.pts is not None and packet.pts < packet.dts)):
                continue            # damaged timestamps no player could use: leave it out
            last_dts = packet.dts if packet.dts is not None else last_dts
            packet.pts = packet.pts - shift if packet.pts is not None else None
            packet.dts = packet.dts - shift if packet.dts is not None else None
            packet.stream = vout
            out_time = float(packet.dts * vtb) if packet.dts is not None else 0.0
            mux_audio(out_time + AUDIO_LEAD)
            try:
                dst.mux(packet)
            except av.error.ArgumentError as exc:   # EINVAL: the muxer refused this data
                raise InputFileError(msg("picture-damaged-at", name=dance_path.name,
                                         seconds=plan.video_start + out_time),
                                     str(exc)) from None
            copied += 1
            progress.report(0.85 + 0.15 * min(1.0, out_time / span))
        if not copied:
            raise InputFileError(msg("picture-unreadable-span", name=dance_path.name,
                                     start=plan.video_start, end=plan.end))
        mux_audio(float("inf"))
    progress.report(1.0)


def _read_picture(src, stream, start_pts: int, dance_path: Path):
    """The dance video's picture packets from the keyframe at or before `start_pts`; a read
    error is the video's fault and says so (never "could not write the output")."""
    import av

    try:
        src.seek(start_pts, stream=stream, backward=True, any_frame=False)
    except (av.error.FFmpegError, OSError):
        pass        # a file that cannot seek (SWF, raw streams): read it from the start
    try:
        packets = demux(src, stream)
        while True:
            try:
                packet = next(packets)
            except StopIteration:
                return
            yield packet
    except (av.error.FFmpegError, OSError) as exc:
        raise input_error(exc, dance_path, "picture") from None
