"""Picture checks at the ends of the cut: black (lens covered, phone in a pocket) or frozen.

Only keyframes are decoded (the decoder skips every other frame), and only near the ends
of the planned span, so a 4K video costs a handful of frame decodes, not a full pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .probe import demux

BLACK_MEAN = 24.0      # 0..255 luma: darker than this on average …
BLACK_SPREAD = 12.0    # … and this flat counts as black (a covered lens is not pure 0)
FROZEN_DIFF = 0.4      # mean absolute luma difference between keyframes that counts as "same"
THUMB_SIZE = (48, 27)


@dataclass(frozen=True)
class Keyframe:
    time: float
    luma: np.ndarray     # small grey thumbnail

    @property
    def black(self) -> bool:
        return float(self.luma.mean()) < BLACK_MEAN and float(self.luma.std()) < BLACK_SPREAD

    def same_as(self, other: "Keyframe") -> bool:
        return float(np.abs(self.luma - other.luma).mean()) < FROZEN_DIFF


def keyframe_thumbs(container, stream, t0: float, t1: float,
                    check: Callable[[], None] = lambda: None) -> list[Keyframe]:
    """Decode the keyframes whose time is in [t0, t1] into small grey thumbnails."""
    from .errors import Cancelled

    tb = stream.time_base
    cc = stream.codec_context
    out: list[Keyframe] = []
    if cc is None or not tb:   # no decoder for this picture: nothing to check
        return out
    cc.skip_frame = "NONKEY"
    try:
        container.seek(int(max(0.0, t0) / tb), stream=stream, backward=True, any_frame=False)
        for packet in demux(container, stream):
            check()
            if packet.pts is not None and float(packet.pts * tb) > t1 + 1e-3:
                break
            if not packet.is_keyframe:
                continue
            for frame in packet.decode():
                if frame.pts is None:
                    continue
                t = float(frame.pts * tb)
                if t < t0 - 1e-3 or t > t1 + 1e-3:
                    continue
                grey = frame.reformat(width=THUMB_SIZE[0], height=THUMB_SIZE[1], format="gray")
                out.append(Keyframe(t, grey.to_ndarray().astype(np.float32)))
    except Cancelled:
        raise
    except Exception:   # a damaged stretch (or a failed seek) ends the check; the cut
        pass            # stays as planned
    finally:
        cc.skip_frame = "DEFAULT"
    return out


def _bad(frames: list[Keyframe], i: int) -> Optional[str]:
    """Why keyframe i should not be in the result, or None."""
    if frames[i].black:
        return "black"
    neighbours = [frames[j] for j in (i - 1, i + 1) if 0 <= j < len(frames)]
    if neighbours and all(frames[i].same_as(n) for n in neighbours):
        return "frozen"
    return None


def trim_start(container, stream, start: float, limit: float,
               check: Callable[[], None] = lambda: None, step: float = 6.0):
    """First good keyframe at or after `start` (before `limit`), and why we moved, if we did."""
    t = start
    reason = None
    while t < limit:
        frames = keyframe_thumbs(container, stream, t, min(limit, t + step), check)
        if not frames:
            break
        for i in range(len(frames)):
            why = _bad(frames, i)
            if why is None:
                if i == 0 and reason is None:
                    return start, None
                return frames[i].time, reason
            reason = reason or why
        t = frames[-1].time + 1e-3
        if len(frames) == 1:    # a frozen picture needs a neighbour to be called frozen
            t += step
    return start, None


def trim_end(container, stream, end: float, limit: float,
             check: Callable[[], None] = lambda: None, step: float = 6.0):
    """Cut the end back to the first bad keyframe after the last good one (not before `limit`)."""
    t1 = end
    reason = None
    first_bad = end
    while t1 > limit:
        t0 = max(limit, t1 - step)
        frames = keyframe_thumbs(container, stream, t0, t1, check)
        if not frames:
            break
        for i in range(len(frames) - 1, -1, -1):
            why = _bad(frames, i)
            if why is None:
                if i == len(frames) - 1:
                    return (end, None) if reason is None else (first_bad, reason)
                return frames[i + 1].time, reason or _bad(frames, i + 1)
            reason = reason or why
            first_bad = frames[i].time
        t1 = t0 - 1e-3
    return end, None
