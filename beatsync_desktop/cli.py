"""`beatsync`: the command-line face of the engine.

    beatsync sync DANCE REFERENCE [-o OUT] [--json] …   write the synced video
    beatsync analyze DANCE REFERENCE [--json]           alignment report only
    beatsync demo [-o OUT]                              the whole job on the bundled sample

Every expected failure ends in one human line on stderr and the error's exit code
(see README); --json prints a machine-readable report on stdout for success and failure.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .paths import resource


def demo_inputs() -> tuple[Path, Path]:
    """The bundled sample: a generated phone-style class video and the clean demo song."""
    return resource("demo", "demo_class.mp4"), resource("demo", "demo_song.mp3")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="beatsync",
        description="Replace a dance video's live sound with the clean song, exactly aligned.")
    p.add_argument("--version", action="version", version=f"beatsync {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    def options(sp: argparse.ArgumentParser, writes: bool) -> None:
        sp.add_argument("--json", action="store_true", help="print a JSON report on stdout")
        sp.add_argument("--quiet", "-q", action="store_true", help="no progress display")
        sp.add_argument("--offset", type=float, default=None, metavar="SECONDS",
                        help="use this offset (song time minus video time), e.g. a runner-up")
        sp.add_argument("--speaker-distance", type=float, default=0.0, metavar="METRES",
                        help="phone's distance from the speaker: moves the song earlier by "
                             "the sound's travel time (2.9 ms per metre)")
        if writes:
            sp.add_argument("-o", "--output", type=Path, default=None,
                            help="output file (.mp4 or .mov); default: "
                                 "<video>_beatsync.mp4 next to the video")
            sp.add_argument("--keep-full", action="store_true",
                            help="keep the whole video (silence where no music plays)")
            sp.add_argument("--margin", type=float, default=0.5, metavar="SECONDS",
                            help="kept before the music starts and after it ends (0.5)")
            sp.add_argument("--fade", type=float, default=0.3, metavar="SECONDS",
                            help="audio fade where the cut interrupts the music (0.3)")
            sp.add_argument("--no-picture-trim", action="store_true",
                            help="do not trim black or frozen picture at the ends")
            sp.add_argument("--bitrate", type=int, default=192, metavar="KBPS",
                            help="AAC bit rate of the song in the output (192)")

    s = sub.add_parser("sync", help="write the video with the clean song aligned")
    s.add_argument("dance", type=Path, help="the class video (phone recording)")
    s.add_argument("reference", type=Path, help="the clean song, or a video that carries it")
    options(s, writes=True)

    a = sub.add_parser("analyze", help="report the alignment only; nothing is written")
    a.add_argument("dance", type=Path)
    a.add_argument("reference", type=Path)
    options(a, writes=False)

    d = sub.add_parser("demo", help="run the whole job on the bundled sample")
    d.add_argument("-o", "--output", type=Path, default=None,
                   help="where to write the demo result (default: ./beatsync_demo.mp4)")
    d.add_argument("--json", action="store_true")
    d.add_argument("--quiet", "-q", action="store_true")
    return p


class _ProgressLine:
    """One self-rewriting stderr line on a terminal; silent when piped (scripts, logs)."""

    def __init__(self, enabled: bool):
        self.tty = sys.stderr is not None and sys.stderr.isatty()
        self.enabled = enabled and self.tty
        self.last_stage = None
        self.t0 = time.monotonic()

    def __call__(self, event) -> None:
        if not self.enabled or sys.stderr is None:
            return
        bar = "#" * int(event.fraction * 30)
        sys.stderr.write(f"\r[{bar:<30}] {event.fraction * 100:5.1f}%  {event.label:<20}")
        sys.stderr.flush()
        self.last_stage = event.stage

    def done(self) -> None:
        if self.enabled and self.last_stage is not None:
            sys.stderr.write("\r" + " " * 62 + "\r")


def _summary(result) -> str:
    from .core import format_duration

    a, plan = result.alignment, result.plan
    seg = a.segments[0]
    lines = [
        f"Song found (confidence {a.confidence:.0%}, {a.confidence_label}): the music plays "
        f"from {a.music_start:.2f} s to {a.music_end:.2f} s of the video, starting at "
        f"{format_duration(seg.ref_start)} ({seg.ref_start:.3f} s) of the song.",
        f"Offset (song time minus video time): {a.offset:+.4f} s.",
        f"Kept {plan.start:.2f}–{plan.end:.2f} s "
        f"({format_duration(plan.end - plan.video_start)}; picture starts at the keyframe "
        f"at {plan.video_start:.2f} s).",
    ]
    if abs(a.drift_ppm) > 0:
        lines.append(f"Clock drift between player and phone: {a.drift_ppm:+.0f} ppm (corrected).")
    if len(a.candidates) > 1:
        runner = a.candidates[1]
        lines.append(f"Runner-up: offset {runner.offset:+.3f} s ({runner.windows} analysis "
                     f"windows agreed, against {a.candidates[0].windows}); "
                     f"to use it: --offset {runner.offset:.3f}")
    lines.append(f"Video: {result.dance.describe()}; song: {result.reference.describe()}.")
    lines += [f"Note: {n}" for n in plan.notes]
    lines += [f"Warning: {w}" for w in result.warnings]
    if result.output:
        lines.append(f"Wrote {result.output}")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        from .core import (BeatSyncError, CancelToken, SyncOptions, analyze, sync_video)
    except Exception as exc:   # a broken install must still speak in words
        print(f"beatsync: cannot load the engine: {exc}", file=sys.stderr)
        return 1

    cancel = CancelToken()
    previous = signal.getsignal(signal.SIGINT)
    # Ctrl+C cancels cooperatively so the engine can remove its temporary file.
    signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    progress = _ProgressLine(not args.quiet and not args.json)
    try:
        if args.command == "demo":
            dance, reference = demo_inputs()
            output = args.output or Path.cwd() / "beatsync_demo.mp4"
            result = sync_video(dance, reference, output, SyncOptions(), progress, cancel)
        else:
            options = SyncOptions(force_offset=args.offset,
                                  speaker_distance=args.speaker_distance)
            if args.command == "sync":
                options.keep_full = args.keep_full
                options.margin = max(0.0, args.margin)
                options.fade = max(0.0, args.fade)
                options.trim_picture = not args.no_picture_trim
                options.audio_bitrate = max(64, args.bitrate) * 1000
                result = sync_video(args.dance, args.reference, args.output, options,
                                    progress, cancel)
            else:
                result = analyze(args.dance, args.reference, options, progress, cancel)
    except BeatSyncError as exc:
        progress.done()
        if args.json:
            print(json.dumps({"ok": False, "error": exc.to_dict()}, ensure_ascii=False))
        print(f"beatsync: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except Exception as exc:   # a bug: still no traceback for the user, but say so
        progress.done()
        import traceback
        detail = traceback.format_exc()
        if args.json:
            print(json.dumps({"ok": False, "error": {"kind": "internal", "message": str(exc),
                                                     "detail": detail, "exit_code": 70}}))
        print(f"beatsync: unexpected internal error: {exc!r}. Please report it with the "
              f"files' formats.", file=sys.stderr)
        return 70
    finally:
        signal.signal(signal.SIGINT, previous)
    progress.done()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
