"""Plan the cut: which span of the dance video to keep, and where the copied picture starts."""

from __future__ import annotations

from typing import Callable

from .models import Alignment, CutPlan, MediaInfo, SyncOptions, Trim
from .picture import trim_end, trim_start
from .probe import real_video_streams


def keyframe_at_or_before(container, stream, t: float) -> float:
    """Presentation time of the last keyframe at or before `t` (a stream copy starts there)."""
    tb = stream.time_base
    first_time = float(stream.start_time * tb) if stream.start_time is not None else 0.0
    target = max(t, first_time)
    back = 0.0
    for _ in range(8):   # the demuxer seeks by decode time; step back until pts fits
        container.seek(int(max(first_time, target - back) / tb), stream=stream,
                       backward=True, any_frame=False)
        best = None
        for packet in container.demux(stream):
            if packet.pts is None:
                continue
            pt = float(packet.pts * tb)
            if packet.dts is not None and float(packet.dts * tb) > target + 1e-6:
                break
            if packet.is_keyframe and pt <= target + 1e-6:
                best = pt
        if best is not None:
            return best
        if target - back <= first_time:
            break
        back = back * 2 + 1.0
    return first_time


def plan_cut(container, dance: MediaInfo, alignment: Alignment, options: SyncOptions,
             check: Callable[[], None] = lambda: None) -> CutPlan:
    """Decide the kept span: the music with a margin, less black/frozen picture at the ends."""
    stream = real_video_streams(container)[0]
    video_begin = dance.video_start
    video_end = dance.video_start + dance.duration if dance.duration else alignment.music_end
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
    fade = max(0.0, options.fade)
    return CutPlan(start=start, end=end, video_start=video_start, fade_in=fade,
                   fade_out=fade, trims=tuple(trims), keep_full=options.keep_full)
