"""Plain data passed between the engine's stages and out to the CLI and the window.

All times are seconds on the *presentation* clock of the file they belong to: the
times a player shows, after edit lists and encoder priming are applied.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Optional

# How sure the match is, in words: one place for the cut-offs (the CLI, the window, the
# pipeline's "uncertain" warning and the history all read them from here).
CONFIDENCE_HIGH = 0.6      # at or above: "high" (a clear match)
CONFIDENCE_MEDIUM = 0.35   # at or above: "medium"; below: "low" (check it, try the runner-up)


def confidence_label(confidence: float) -> str:
    """'high', 'medium' or 'low' for a confidence of 0..1."""
    if confidence >= CONFIDENCE_HIGH:
        return "high"
    if confidence >= CONFIDENCE_MEDIUM:
        return "medium"
    return "low"


@dataclass(frozen=True)
class MediaInfo:
    path: Path
    container: str                 # e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    duration: float                # seconds, best estimate
    has_video: bool
    has_audio: bool
    video_codec: str = ""
    width: int = 0
    height: int = 0
    rotation: int = 0              # degrees the player turns the picture (0/90/180/270)
    frame_rate: float = 0.0        # average; phones record variable frame rate
    video_start: float = 0.0       # presentation time of the first video frame
    audio_codec: str = ""
    sample_rate: int = 0
    channels: int = 0
    audio_start: float = 0.0
    size_bytes: int = 0
    cut_off: bool = False          # the file ends before its own structure says it should

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown, after rotation."""
        if self.rotation % 180 == 90:
            return self.height, self.width
        return self.width, self.height

    def describe(self) -> str:
        """Short human summary, e.g. 'H264 1080×1920, 3:02, AAC 48 kHz'."""
        return ", ".join(self.summary())

    def summary(self, codec=str.upper, no_sound: str = "no sound") -> list[str]:
        """Picture, length and sound in words (the window passes its codec names and its
        language's 'no sound')."""
        parts = []
        if self.has_video:
            w, h = self.display_size
            parts.append(f"{codec(self.video_codec)} {w}×{h}")
        parts.append(format_duration(self.duration))
        parts.append(f"{codec(self.audio_codec)} {self.sample_rate / 1000:g} kHz"
                     if self.has_audio else no_sound)
        return parts

    def to_dict(self) -> dict:
        d = asdict(self)
        d["path"] = str(self.path)
        return d


@dataclass(frozen=True)
class Segment:
    """Part of the dance video where the reference plays continuously: one run of the song
    (a class video may hold several: a restart, a pause and resume, the song twice).

    Dance time t in [dance_start, dance_end) shows reference time
    ref_start + (t - dance_start) * rate. rate differs from 1 by the clock drift
    between the playing device and the phone (or a slowed practice playback).
    """
    dance_start: float
    dance_end: float
    ref_start: float
    rate: float = 1.0
    confidence: Optional[float] = None   # 0..1, this run's own (None: not measured)
    tempo: str = ""        # played at another tempo: "resampled" (pitch moved) or "pitch-kept"

    def ref_time(self, dance_time: float) -> float:
        return self.ref_start + (dance_time - self.dance_start) * self.rate

    @property
    def offset(self) -> float:
        """Reference time minus dance time at the segment start."""
        return self.ref_start - self.dance_start


@dataclass(frozen=True)
class Candidate:
    offset: float          # reference time minus dance time, seconds
    score: float           # 0..1, share of music windows that agree with it
    windows: int           # how many analysis windows voted for it


@dataclass(frozen=True)
class Alignment:
    segments: tuple[Segment, ...]
    confidence: float              # 0..1
    candidates: tuple[Candidate, ...]   # best first; [0] is the chosen one
    music_start: float             # dance time where the matched music starts
    music_end: float               # dance time where it ends
    drift_ppm: float = 0.0
    fine_spread_ms: float = 0.0    # spread of the window-wise fine offsets (quality hint)
    # Coarse loudness envelopes for drawing the match: same frame rate, the reference
    # one already shifted to the dance clock (index 0 = dance time 0).
    envelope_rate: float = 0.0
    dance_envelope: tuple[float, ...] = ()
    reference_envelope: tuple[float, ...] = ()

    @property
    def offset(self) -> float:
        return self.segments[0].offset

    @property
    def confidence_label(self) -> str:
        return confidence_label(self.confidence)

    def only(self, index: int) -> "Alignment":
        """The same match with one run kept (a file per run, or the longest run)."""
        seg = self.segments[index]
        conf = self.confidence if seg.confidence is None else seg.confidence
        return replace(self, segments=(seg,), confidence=conf, music_start=seg.dance_start,
                       music_end=seg.dance_end)

    def keep(self, indices) -> "Alignment":
        """The same match with only the runs at `indices` (0-based, in video order): the
        runs a person ticked. Its confidence is the least sure of them, as for all runs."""
        picked = sorted(set(indices))
        if len(picked) == len(self.segments):
            return self
        if len(picked) == 1:
            return self.only(picked[0])
        segs = tuple(self.segments[k] for k in picked)
        conf = min(self.confidence if s.confidence is None else s.confidence for s in segs)
        return replace(self, segments=segs, confidence=conf, music_start=segs[0].dance_start,
                       music_end=segs[-1].dance_end)

    def longest(self) -> int:
        """Index of the longest run (the final run-through, usually)."""
        return max(range(len(self.segments)),
                   key=lambda k: self.segments[k].dance_end - self.segments[k].dance_start)

    def runs(self) -> list[dict]:
        """The runs for people and scripts: where each plays on both clocks, and how sure."""
        out = []
        for k, s in enumerate(self.segments):
            conf = self.confidence if s.confidence is None else s.confidence
            out.append({"run": k + 1, "video_start": round(s.dance_start, 4),
                        "video_end": round(s.dance_end, 4), "song_start": round(s.ref_start, 4),
                        "song_end": round(s.ref_time(s.dance_end), 4),
                        "offset": round(s.offset, 6), "rate": s.rate, "tempo": s.tempo,
                        "confidence": round(conf, 4),
                        "confidence_label": confidence_label(conf)})
        return out

    def to_dict(self) -> dict:
        return {
            "offset": round(self.offset, 6),
            "confidence": round(self.confidence, 4),
            "confidence_label": self.confidence_label,
            "drift_ppm": round(self.drift_ppm, 2),
            "fine_spread_ms": round(self.fine_spread_ms, 3),
            "music_start": round(self.music_start, 4),
            "music_end": round(self.music_end, 4),
            "segments": [asdict(s) for s in self.segments],
            "runs": self.runs(),
            "candidates": [asdict(c) for c in self.candidates],
        }


@dataclass(frozen=True)
class Trim:
    """One reason the cut is shorter than the video, for people (CLI text, window, JSON)."""
    edge: str        # "start" or "end"
    reason: str      # "no-music", "black" or "frozen"
    seconds: float

    def describe(self) -> str:
        if self.reason == "no-music":
            where = "before" if self.edge == "start" else "after"
            return f"Trimmed {self.seconds:.1f} s {where} the music."
        where = "at the start" if self.edge == "start" else "at the end"
        return f"Cut {self.seconds:.1f} s of {self.reason} picture {where}."


@dataclass(frozen=True)
class CutPlan:
    start: float           # planned first dance time to keep
    end: float             # planned last dance time to keep
    video_start: float     # keyframe at or before `start` where the copied picture begins
    fade_in: float
    fade_out: float
    trims: tuple[Trim, ...] = ()
    keep_full: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.video_start

    @property
    def notes(self) -> tuple[str, ...]:
        """Why the ends were trimmed, in English sentences (the window translates `trims`)."""
        lead = ("Kept the whole video, as asked.",) if self.keep_full else ()
        return lead + tuple(t.describe() for t in self.trims)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["notes"] = list(self.notes)
        return d


MAX_OFFSET = 24 * 3600.0   # seconds: no song sits a day away from its video


@dataclass(frozen=True)
class OptionSpec:
    """The limits of one numeric option, declared once: `SyncOptions` validates with them,
    the CLI builds its flags, help and range errors from them, the window its spin boxes and
    settings. `scale` turns the value people type into the field's unit (kbit/s → bit/s)."""
    field: str
    name: str                  # in sentences: "The margin must be …"
    unit: str                  # "seconds", "metres", "kbit/s"
    low: float
    high: float
    flag: str = ""             # the CLI option ("" : none)
    metavar: str = ""
    scale: float = 1.0
    integer: bool = False
    window_high: Optional[float] = None   # the window's spin box stops here (a practical range)
    step: float = 0.1          # the spin box's step and decimals
    decimals: int = 1

    @property
    def default(self):
        """The field's default, as people type it (e.g. 192 for the bit rate)."""
        value = _FIELD_DEFAULTS[self.field]
        return None if value is None else (value / self.scale if self.scale != 1 else value)

    def window_range(self) -> tuple[float, float]:
        return self.low, self.high if self.window_high is None else self.window_high

    def accepts(self, value) -> bool:
        """A finite number inside [low, high] (in the unit people type)."""
        try:
            return (value is not None and not isinstance(value, bool)
                    and math.isfinite(float(value)) and self.low <= value <= self.high)
        except (TypeError, ValueError, OverflowError):
            return False


OPTION_SPECS: dict[str, OptionSpec] = {spec.field: spec for spec in (
    OptionSpec("margin", "margin", "seconds", 0, 3600, "--margin", "SECONDS",
               window_high=10.0),
    OptionSpec("fade", "fade", "seconds", 0, 60, "--fade", "SECONDS", window_high=5.0),
    OptionSpec("speaker_distance", "speaker distance", "metres", 0, 1000,
               "--speaker-distance", "METRES", window_high=100.0, step=1.0, decimals=0),
    OptionSpec("force_offset", "offset", "seconds", -MAX_OFFSET, MAX_OFFSET, "--offset",
               "SECONDS"),
    OptionSpec("audio_bitrate", "bit rate", "kbit/s", 32, 512, "--bitrate", "KBPS",
               scale=1000, integer=True, step=1.0, decimals=0),
)}


GAP_AUDIO = ("room", "silence")   # what plays between two runs of the song


@dataclass(frozen=True)
class SyncOptions:
    """What a job may be asked to do. Frozen and checked when made: a value no job can use
    (not a number, infinite, out of `OPTION_SPECS`' range) raises `UsageError` in words."""
    keep_full: bool = False        # keep the whole video instead of trimming to the music
    margin: float = 0.5            # seconds kept before the music starts and after it ends
    fade: float = 0.3              # audio fade at the cut ends, seconds
    trim_picture: bool = True      # also trim black / frozen picture at the ends
    speaker_distance: float = 0.0  # metres from speaker to phone; shifts music earlier
    force_offset: Optional[float] = None   # use this offset (e.g. a runner-up candidate)
    audio_bitrate: int = 192_000
    container: Optional[str] = None        # "mp4", "mov" or "matroska"; None: from the name
    # Several runs of the song (a restart, a pause, the song twice):
    gap_audio: str = "room"        # between runs: the video's own sound, or "silence"
    split_runs: bool = False       # one file per run (…_run1.mp4, …), each cut like one run
    longest_run: bool = False      # keep only the longest run
    runs: tuple[int, ...] = ()     # the runs to keep, numbered from 1 in video order; (): all

    def __post_init__(self) -> None:
        if isinstance(self.runs, list):     # from JSON (the job history)
            object.__setattr__(self, "runs", tuple(self.runs))
        self.validate()

    def validate(self) -> None:
        """Refuse values no job can use (not-a-number, infinite, absurd), in words."""
        from .errors import UsageError
        from .messages import msg

        for spec in OPTION_SPECS.values():
            value = getattr(self, spec.field)
            if value is None and spec.field == "force_offset":
                continue
            shown = value / spec.scale if isinstance(value, (int, float)) and spec.scale != 1 \
                else value
            if not spec.accepts(shown):
                raise UsageError(msg("option-range", name=spec.name, unit=spec.unit,
                                     low=spec.low, high=spec.high, value=shown))
        if self.gap_audio not in GAP_AUDIO:
            raise UsageError(msg("option-gap-audio", value=self.gap_audio,
                                 choices=", ".join(GAP_AUDIO)))
        if self.split_runs and self.longest_run:
            raise UsageError(msg("option-split-and-longest"))
        if not isinstance(self.runs, tuple):
            raise UsageError(msg("option-runs", value=self.runs))
        for n in self.runs:
            if not isinstance(n, int) or isinstance(n, bool) or n < 1:
                raise UsageError(msg("option-runs", value=n))
        twice = sorted({n for n in self.runs if self.runs.count(n) > 1})
        if twice:
            raise UsageError(msg("option-runs-twice", run=twice[0]))

    def run_indices(self, found: int) -> list[int]:
        """The 0-based indices of the runs to keep out of `found`; a run number that does
        not exist is refused in words (the numbers come from an earlier look at the video)."""
        from .errors import UsageError
        from .messages import msg

        missing = [n for n in self.runs if n > found]
        if missing:
            raise UsageError(msg("runs-missing-one", run=missing[0]) if found == 1 else
                             msg("runs-missing", run=missing[0], count=found))
        return sorted(n - 1 for n in self.runs) if self.runs else list(range(found))


_FIELD_DEFAULTS = {f.name: f.default for f in fields(SyncOptions)}


@dataclass
class SyncResult:
    dance: MediaInfo
    reference: MediaInfo
    alignment: Alignment
    plan: CutPlan
    output: Optional[Path] = None
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    outputs: list[Path] = field(default_factory=list)    # every file written (one per run)
    plans: list[CutPlan] = field(default_factory=list)   # with `--split-runs`: each file's
    # When `runs` or `longest_run` left runs out: every run found (the window lists them all,
    # to tick them again) and the numbers (from 1) of those kept; () when all were kept.
    all_runs: tuple[Segment, ...] = ()
    kept_runs: tuple[int, ...] = ()

    def found_runs(self) -> tuple[tuple[int, Segment, bool], ...]:
        """Every run found: (its number from 1, the run, whether the output holds it)."""
        if not self.all_runs:
            return tuple((k + 1, s, True) for k, s in enumerate(self.alignment.segments))
        return tuple((k + 1, s, k + 1 in self.kept_runs) for k, s in enumerate(self.all_runs))

    def to_dict(self) -> dict:
        d = {
            "ok": True,
            "output": str(self.output) if self.output else None,
            "outputs": [str(p) for p in self.outputs],
            "alignment": self.alignment.to_dict(),
            "plan": self.plan.to_dict(),
            "dance": self.dance.to_dict(),
            "reference": self.reference.to_dict(),
            "warnings": list(self.warnings),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }
        if self.plans:      # one file per run: each file's cut
            d["plans"] = [plan.to_dict() for plan in self.plans]
        if self.all_runs:   # some runs were left out: all of them, and the ones kept
            d["all_runs"] = [asdict(s) for s in self.all_runs]
            d["kept_runs"] = list(self.kept_runs)
        return d


def format_duration(seconds: float) -> str:
    seconds = max(0.0, seconds)
    m, s = divmod(int(round(seconds)), 60)
    h, m = divmod(m, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
