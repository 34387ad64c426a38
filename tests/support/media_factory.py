"""Write phone-style media files for tests, and read them back independently of the engine.

Writing uses PyAV. Reading back audio uses the ffmpeg CLI from ``imageio_ffmpeg`` (a
second, independent decoder), video packets/rotation use PyAV.

Picture content: every frame differs (scrolling stripes + a moving square) and carries
its frame number as a row of black/white blocks in the top-left corner
(:func:`read_frame_counter`), so dropped, duplicated and frozen frames are detectable.

Rotation convention: ``rotation`` is the clockwise angle a player turns the stored
picture to show it, i.e. the classic ``rotate`` tag (a portrait phone video is 90).
It is stored as the display matrix phones write; FFmpeg/PyAV report that matrix as
*counter-clockwise* ``-90`` (``VideoFrame.rotation``, ``Display Matrix: rotation of
-90.00 degrees``). :func:`read_rotation` converts back to the clockwise value.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import subprocess
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator, NamedTuple, Optional, Sequence

import av
import numpy as np
from scipy import signal

_VCODECS = {"h264": "libx264", "hevc": "libx265", "mpeg4": "mpeg4"}
_ACODECS = {"aac": "aac", "opus": "libopus", "pcm_s16le": "pcm_s16le", "mp3": "libmp3lame",
            "flac": "flac", "vorbis": "vorbis"}
_AUDIO_BY_SUFFIX = {".mp3": "mp3", ".m4a": "aac", ".aac": "aac", ".wav": "pcm_s16le",
                    ".flac": "flac", ".opus": "opus", ".ogg": "vorbis"}
_MP4_LAYOUTS = {"normal": None, "faststart": "+faststart",
                "fragmented": "frag_keyframe+empty_moov+default_base_moof"}
COUNTER_BITS = 16


def ffmpeg_exe() -> str:
    import imageio_ffmpeg
    return imageio_ffmpeg.get_ffmpeg_exe()


# --------------------------------------------------------------------------- audio encoding

def _audio_2d(audio: np.ndarray) -> np.ndarray:
    a = np.asarray(audio, dtype=np.float32)
    return a[None, :] if a.ndim == 1 else a


def _encode_rate(acodec: str, sr: int) -> int:
    """The rate the encoder will run at: ``sr`` if it supports it, else 48 kHz (Opus)."""
    rates = av.codec.Codec(_ACODECS[acodec], "w").audio_rates
    return sr if not rates or sr in rates else 48000


def _add_audio_stream(container, acodec: str, sr: int, channels: int, bitrate: Optional[int]):
    """Add an encoder stream; returns (stream, the sample rate it will actually use)."""
    name = _ACODECS[acodec]
    rate = _encode_rate(acodec, sr)
    if name == "vorbis":
        channels = 2  # FFmpeg's native Vorbis encoder is stereo-only
    options = {"strict": "-2"} if name == "vorbis" else {}  # FFmpeg's Vorbis is "experimental"
    stream = container.add_stream(name, rate=rate, layout="mono" if channels == 1 else "stereo",
                                  options=options)
    if bitrate:
        stream.bit_rate = bitrate
    return stream, rate


def _audio_frames(audio: np.ndarray, sr: int, rate: int, channels: int, start_pts: int = 0,
                  block: int = 1024) -> Iterator[tuple[float, av.AudioFrame]]:
    """Yield (start time s, float planar frame) blocks; the encoder converts the format."""
    a = _audio_2d(audio)[:2]
    if a.shape[0] < channels:
        a = np.tile(a, (channels, 1))
    if rate != sr:
        r = Fraction(rate, sr)
        a = signal.resample_poly(a, r.numerator, r.denominator, axis=1).astype(np.float32)
    layout = "mono" if a.shape[0] == 1 else "stereo"
    for i in range(0, a.shape[1], block):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(a[:, i:i + block]), format="fltp",
                                           layout=layout)
        frame.sample_rate = rate
        frame.pts = start_pts + i
        frame.time_base = Fraction(1, rate)
        yield (start_pts + i) / rate, frame


def make_audio_file(path, audio: np.ndarray, sr: int, *, bitrate: Optional[int] = None) -> Path:
    """Write an audio-only file; codec by suffix: .mp3 (MP3), .m4a/.aac (AAC), .wav (PCM s16),
    .flac, .opus (Opus, resampled to 48 kHz), .ogg (Vorbis). ``audio`` is [n] or [ch, n]."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    acodec = _AUDIO_BY_SUFFIX.get(path.suffix.lower())
    if acodec is None:
        raise ValueError(f"unsupported audio suffix {path.suffix!r}")
    a = _audio_2d(audio)
    with av.open(str(path), "w") as container:
        stream, rate = _add_audio_stream(container, acodec, sr, min(a.shape[0], 2), bitrate)
        for _, frame in _audio_frames(a, sr, rate, stream.codec_context.channels):
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


make_reference_file = make_audio_file  # the clean song as the user would pick it


# --------------------------------------------------------------------------- video

@dataclass(frozen=True)
class MadeVideo:
    """What :func:`make_video` wrote: each frame's timestamp and the counter it shows
    (-1 for black frames; a frozen stretch repeats the counter of its first frame)."""

    path: Path
    frame_times: np.ndarray
    frame_ids: np.ndarray
    audio_sr: int = 0            # rate the audio stream was encoded at (0: no audio)


def _in_any(t: float, intervals: Sequence[tuple[float, float]]) -> Optional[tuple[float, float]]:
    for a, b in intervals:
        if a <= t < b:
            return a, b
    return None


class _Painter:
    """Cheap per-frame pictures: a precomputed wide pattern scrolled per frame, a moving
    square, and the frame counter blocks."""

    def __init__(self, width: int, height: int):
        self.w, self.h = width, height
        self.block = max(4, min(width // (COUNTER_BITS + 4), height // 6))
        self.period = 64
        x = np.arange(width + self.period)
        y = np.arange(height)[:, None]
        r = (x[None, :] * 255 // max(1, width)) % 256 + 0 * y
        g = ((x[None, :] + y) // 16 % 2) * 120 + 60
        b = (y * 255 // max(1, height)) + 0 * x[None, :]
        self.base = np.stack(np.broadcast_arrays(r, g, b), axis=-1).astype(np.uint8)

    def frame(self, i: int) -> np.ndarray:
        s = (i * 4) % self.period
        img = self.base[:, s:s + self.w].copy()
        sq = max(8, self.h // 8)
        cx = int((self.w - sq) * (0.5 + 0.5 * np.sin(i * 0.21)))
        cy = int((self.h - sq) * (0.5 + 0.5 * np.cos(i * 0.13)))
        img[cy:cy + sq, cx:cx + sq] = 255
        bk = self.block
        img[: 2 * bk, : (COUNTER_BITS + 1) * bk] = 128  # grey quiet zone around the bits
        for bit in range(COUNTER_BITS):
            img[bk // 2: bk // 2 + bk, bk // 2 + bit * bk: bk // 2 + (bit + 1) * bk] = \
                255 if (i >> bit) & 1 else 0
        return img


def read_frame_counter(rgb: np.ndarray) -> int:
    """Frame number drawn by :func:`make_video` (-1 if the picture is black)."""
    rgb = np.asarray(rgb)
    if rgb.mean() < 8:
        return -1
    h, w = rgb.shape[:2]
    bk = max(4, min(w // (COUNTER_BITS + 4), h // 6))
    centres = rgb[bk, bk // 2 + bk // 2 + np.arange(COUNTER_BITS) * bk].mean(axis=-1)
    return int(sum(1 << b for b, v in enumerate(centres) if v > 128))


def _creation_time_str(value) -> str:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return str(value)


def make_video(
    path, audio: Optional[np.ndarray] = None, sr: int = 48000, *,
    duration: Optional[float] = None, size: tuple[int, int] = (640, 360), fps: float = 30,
    vcodec: str = "h264", acodec: Optional[str] = "aac", audio_bitrate: Optional[int] = None,
    rotation: int = 0, vfr: bool = False, gop: Optional[int] = None, bframes: int = 0,
    black: Sequence[tuple[float, float]] = (), frozen: Sequence[tuple[float, float]] = (),
    creation_time=None, audio_start_offset: float = 0.0, layout: str = "normal",
    crf: int = 28, seed: int = 0,
) -> MadeVideo:
    """Write a phone-style video; container from the suffix (.mp4/.mov/.mkv/.avi).

    audio, sr       sound track ([n] or [ch, n] float); ``acodec=None`` or ``audio=None``
                    writes no audio stream. acodec: 'aac' | 'opus' | 'pcm_s16le' | 'mp3' | 'flac'.
    duration        video length in s (default: the audio's length).
    size            stored (width, height) before rotation; ``rotation`` 0/90/180/270 is the
                    clockwise display rotation written as a display matrix (module doc).
    vfr             jitter the frame rate uniformly in fps±1 (e.g. 29-31), like phones.
    gop             keyframe interval in frames (default ~1 s, fixed, no scene-cut keys);
                    ``bframes`` > 0 gives reordered frames (pts != dts).
    black, frozen   (start, end) second intervals of black picture / a frozen still.
    creation_time   datetime or ISO string stored as container ``creation_time``.
    audio_start_offset  audio's first sample starts this many s after the video (mp4/mov
                    write it as an edit list, mkv as a timestamp).
    layout          MP4/MOV only: 'normal' (moov at end), 'faststart' (moov first) or
                    'fragmented' (moof fragments, playable when cut short).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix not in (".mp4", ".mov", ".mkv", ".avi"):
        raise ValueError(f"unsupported video suffix {suffix!r}")
    if vfr and suffix == ".avi":
        raise ValueError("AVI cannot carry variable frame rate timestamps")
    if audio is None:
        acodec = None
    if duration is None:
        if audio is None:
            raise ValueError("give duration when there is no audio")
        duration = _audio_2d(audio).shape[1] / sr + audio_start_offset

    # Frame timestamps: CFR on an exact rate, VFR by jittered per-frame durations.
    rate = Fraction(fps).limit_denominator(1001)
    if vfr:
        rng = np.random.default_rng(seed)
        dts = 1.0 / rng.uniform(float(rate) - 1, float(rate) + 1, int(duration * float(rate) * 1.2) + 4)
        times = np.concatenate([[0.0], np.cumsum(dts)])
        times = times[times < duration - 1e-9]
        time_base = Fraction(1, 90000)
        pts = np.round(times * 90000).astype(np.int64)
    else:
        n_frames = int(np.ceil(duration * rate - 1e-9))
        time_base = 1 / rate
        pts = np.arange(n_frames, dtype=np.int64)
        times = pts * float(time_base)

    options = {}
    if suffix in (".mp4", ".mov") and _MP4_LAYOUTS[layout]:
        options["movflags"] = _MP4_LAYOUTS[layout]
    if suffix in (".mp4", ".mov") and audio_start_offset and acodec:
        # Edit lists are in movie-timescale units (default 1 ms): use the audio rate so a
        # late audio start lands on its exact sample instead of being rounded.
        options["movie_timescale"] = str(_encode_rate(acodec, sr))
    painter = _Painter(*size)
    ids = np.empty(len(times), dtype=np.int64)
    with av.open(str(path), "w", options=options) as container:
        if creation_time is not None:
            container.metadata["creation_time"] = _creation_time_str(creation_time)
        vs = container.add_stream(_VCODECS[vcodec], rate=rate)
        vs.width, vs.height = size
        vs.pix_fmt = "yuv420p"
        vs.codec_context.time_base = time_base
        vs.time_base = time_base
        gop = gop or max(1, int(round(float(rate))))
        vs.codec_context.gop_size = gop
        vs.codec_context.max_b_frames = bframes
        # Fixed GOP without scene-cut keyframes, like phone hardware encoders.
        keys = f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes={bframes}"
        if vcodec == "h264":
            vs.codec_context.options = {"preset": "ultrafast", "crf": str(crf), "x264-params": keys}
        elif vcodec == "hevc":
            vs.codec_context.options = {"preset": "ultrafast", "crf": str(crf),
                                        "x265-params": keys + ":log-level=error"}
            if suffix in (".mp4", ".mov"):
                vs.codec_tag = "hvc1"  # what iPhones write; QuickTime refuses 'hev1'
        if rotation % 360:
            # PyAV takes counter-clockwise degrees; phones' portrait matrix is -90 (module doc).
            vs.set_display_rotation(-(rotation % 360))

        audio_iter, a_stream, a_rate = iter(()), None, 0
        if acodec:
            a = _audio_2d(audio)
            a_stream, a_rate = _add_audio_stream(container, acodec, sr, min(a.shape[0], 2), audio_bitrate)
            audio_iter = _audio_frames(a, sr, a_rate, a_stream.codec_context.channels,
                                       start_pts=int(round(audio_start_offset * a_rate)))
        pending = next(audio_iter, None)

        frozen_img, frozen_span = None, None
        for k, (t, p) in enumerate(zip(times, pts)):
            # Interleave: feed audio up to just past this video frame's time.
            while pending is not None and pending[0] <= t + 0.1:
                container.mux(a_stream.encode(pending[1]))
                pending = next(audio_iter, None)
            span = _in_any(t, frozen)
            if _in_any(t, black):
                img, ids[k] = np.zeros((size[1], size[0], 3), np.uint8), -1
            elif span is not None:
                if span != frozen_span:  # first frame of the still: remember it
                    frozen_span, frozen_img, frozen_id = span, painter.frame(k), k
                img, ids[k] = frozen_img, frozen_id
            else:
                img, ids[k] = painter.frame(k), k
            frame = av.VideoFrame.from_ndarray(img, format="rgb24")
            frame.pts = int(p)
            frame.time_base = time_base
            container.mux(vs.encode(frame))
        container.mux(vs.encode(None))
        while pending is not None:
            container.mux(a_stream.encode(pending[1]))
            pending = next(audio_iter, None)
        if a_stream is not None:
            container.mux(a_stream.encode(None))
    return MadeVideo(path=path, frame_times=times, frame_ids=ids, audio_sr=a_rate)


def make_example_video(path, clean: np.ndarray, sr: int, **kwargs) -> MadeVideo:
    """A video whose sound *is* the clean song (the user supplies an example video
    instead of a song file). Extra keyword arguments go to :func:`make_video`."""
    kwargs.setdefault("acodec", "aac")
    return make_video(path, clean, sr, **kwargs)


def truncate_file(src, dst, keep_fraction: float) -> int:
    """Copy the first ``keep_fraction`` of ``src``'s bytes to ``dst`` (an interrupted recording).

    Cutting bytes only leaves a playable beginning when the index is not at the end:
    write ``src`` as .mkv, or as .mp4/.mov with ``layout='fragmented'`` (what recording
    apps use so a crash or dead battery keeps the footage; each fragment carries its own
    index) or ``layout='faststart'`` (moov first, but it then lists samples that are gone).
    A 'normal' MP4 (moov at the end) cut short has no index at all and is unreadable --
    also a realistic case, for error handling. Returns the number of bytes kept.
    """
    data = Path(src).read_bytes()
    keep = int(len(data) * keep_fraction)
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    Path(dst).write_bytes(data[:keep])
    return keep


# --------------------------------------------------------------------------- reading back

class PacketInfo(NamedTuple):
    pts: Optional[int]       # in the video stream's time base
    dts: Optional[int]
    is_keyframe: bool
    digest: str              # sha1 of the packet bytes (compare stream copies bit-exactly)


def video_packets(path) -> list[PacketInfo]:
    """Demux the first video stream's packets (no decoding), in file order."""
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for pkt in container.demux(stream):
            if pkt.size == 0:
                continue  # demuxer flush packet
            out.append(PacketInfo(pkt.pts, pkt.dts, bool(pkt.is_keyframe),
                                  hashlib.sha1(bytes(pkt)).hexdigest()))
    return out


def read_rotation(path) -> int:
    """Clockwise display rotation (0/90/180/270) of the first video stream, via PyAV."""
    with av.open(str(path)) as container:
        frame = next(container.decode(video=0))
        return int(round(-frame.rotation)) % 360


def frame_counters(path) -> list[tuple[float, int]]:
    """Decode the video and return (time s, frame counter or -1 for black) per frame."""
    out = []
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        for frame in container.decode(stream):
            out.append((float(frame.time), read_frame_counter(frame.to_ndarray(format="rgb24"))))
    return out


def decode_audio(path, sr: int, *, channels: int = 1, from_zero: bool = True) -> np.ndarray:
    """Decode the first audio stream with the ffmpeg CLI (independent of PyAV).

    Returns float32 ``[n]`` (channels=1) or ``[channels, n]``. With ``from_zero`` silence is
    inserted so that index 0 is container time 0 (an audio stream that starts late, e.g.
    ``audio_start_offset``, keeps its position); otherwise the first decoded sample is index 0.
    """
    cmd = [ffmpeg_exe(), "-nostdin", "-v", "error", "-i", str(path), "-map", "0:a:0", "-vn",
           "-ac", str(channels), "-ar", str(sr)]
    if from_zero:
        cmd += ["-af", "aresample=async=1:first_pts=0"]
    cmd += ["-f", "f32le", "-"]
    res = subprocess.run(cmd, capture_output=True, check=False)
    if res.returncode != 0:
        raise RuntimeError(f"ffmpeg could not decode {path}: {res.stderr.decode(errors='replace')}")
    a = np.frombuffer(res.stdout, dtype=np.float32)
    return a.copy() if channels == 1 else a.reshape(-1, channels).T.copy()
