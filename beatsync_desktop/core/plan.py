"""Plan the cut: which span of the dance video to keep, and where the copied picture starts."""

from __future__ import annotations

from typing import Callable, Optional

from .errors import NoMatchError, UsageError
from .messages import msg
from .models import Alignment, CutPlan, MediaInfo, SyncOptions, Trim
from .picture import trim_end, trim_start
from .probe import demux, real_video_streams

MIN_OVERLAP = 0.5   # seconds of song under the picture, at least, for a result worth writing


def keyframe_at_or_before(container, stream, t: float) -> float:
    """Presentation time of the last keyframe at or before `t` (a stream copy starts there).

    A file too damaged to seek in starts at its first picture.
    """
    import av

    tb = stream.time_base
    first_time = float(stream.start_time * tb) if stream.start_time is not None else 0.0
    target = max(t, first_time)

    def last_keyframe() -> Optional[float]:
        best = None
        for packet in demux(container, stream):
            if packet.pts is None:
                continue
            pt = float(packet.pts * tb)
            if packet.dts is not None and float(packet.dts * tb) > target + 1e-6:
                break
            if packet.is_keyframe and pt <= target + 1e-6:
                best = pt
        return best

    back = 0.0
    try:
        for attempt in range(8):   # the demuxer seeks by decode time; step back until pts fits
            try:
                container.seek(int(max(first_time, target - back) / tb), stream=stream,
                               backward=True, any_frame=False)
            except (av.error.FFmpegError, OSError):
                if attempt:
                    break
                # A file that cannot seek (SWF, raw streams): the picture checks could not
                # seek either, so nothing was read yet; scan from the start.
                return last_keyframe() or first_time
            best = last_keyframe()
            if best is not None:
                return best
            if target - back <= first_time:
                break
            back = back * 2 + 1.0
    except (av.error.FFmpegError, OSError):   # damaged past here: start at the beginning
        pass
    return first_time


def music_overlap(alignment: Alignment, video_begin: float, video_end: float,
                  song_length: Optional[float]) -> float:
    """Seconds of the video during which the song plays (inside the song and the picture)."""
    total = 0.0
    for seg in alignment.segments:
        a, b = max(seg.dance_start, video_begin), min(seg.dance_end, video_end)
        if song_length and seg.rate > 0:     # where the song's own time is 0 … song_length
            a = max(a, seg.dance_start + (0.0 - seg.ref_start) / seg.rate)
            b = min(b, seg.dance_start + (song_length - seg.ref_start) / seg.rate)
        total += max(0.0, b - a)
    return total


def _no_overlap(options: SyncOptions, video_begin: float, video_end: float,
                song_length: Optional[float]):
    """The error for an offset at which the song and the picture do not meet."""
    if options.force_offset is None:
        return NoMatchError(msg("no-overlap"))
    lo = -video_end + MIN_OVERLAP
    video = video_end - video_begin
    if song_length:
        hi = song_length - video_begin - MIN_OVERLAP
        return UsageError(msg("offset-no-overlap", offset=options.force_offset, video=video,
                              song=song_length, low=lo, high=hi))
    return UsageError(msg("offset-no-overlap-open", offset=options.force_offset, video=video,
                          low=lo))


def plan_cut(container, dance: MediaInfo, alignment: Alignment, options: SyncOptions,
             check: Callable[[], None] = lambda: None,
             song_length: Optional[float] = None) -> CutPlan:
    """Decide the kept span: the music with a margin, less black/frozen picture at the ends.

    `song_length` (seconds of the decoded song) lets the plan refuse an offset at which the
    song and the picture do not meet, before anything is written.
    """
    stream = real_video_streams(container)[0]
    video_begin = dance.video_start
    video_end = dance.video_start + dance.duration if dance.duration else alignment.music_end
    if music_overlap(alignment, video_begin, video_end, song_length) < MIN_OVERLAP:
        raise _no_overlap(options, video_begin, video_end, song_length)
    trims: list[Trim] = []
    if options.keep_full:
        start, end = video_begin, video_end
    else:
        start = max(video_begin, alignment.music_start - options.margin)
        end = min(video_end, alignment.music_end + options.margin)
        if start > video_begin + 0.05:
            trims.append(Trim("start", "no-music", start - video_begin))
        if end < video_end - 0.05:
            trims.append(Trim("end", "no-music", video_end - end))
        if options.trim_picture:
            new_start, why = trim_start(container, stream, start, alignment.music_end, check)
            if why:
                trims.append(Trim("start", why, new_start - start))
                start = new_start
            new_end, why = trim_end(container, stream, end, start + 1.0, check)
            if why:
                trims.append(Trim("end", why, end - new_end))
                end = new_end
    video_start = keyframe_at_or_before(container, stream, start)
    if end - start < MIN_OVERLAP / 2:   # the picture checks left next to nothing
        raise NoMatchError(msg("nothing-left"))
    fade = max(0.0, options.fade)
    return CutPlan(start=start, end=end, video_start=video_start, fade_in=fade,
                   fade_out=fade, trims=tuple(trims), keep_full=options.keep_full)
