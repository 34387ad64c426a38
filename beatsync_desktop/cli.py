"""`beatsync`: the command-line face of the engine.

    beatsync sync DANCE REFERENCE [-o OUT] [--json] …   write the synced video
    beatsync analyze DANCE REFERENCE [--json]           alignment report only
    beatsync demo [-o OUT]                              the whole job on the bundled sample
    beatsync history [-n N] [--search TEXT] [--json]    recent jobs (sync records its job)

Every expected failure ends in one human line on stderr and the error's exit code
(see README); --json prints a machine-readable report on stdout for success and failure.
"""

from __future__ import annotations

if __name__ == "__main__":   # `python -m beatsync_desktop.cli`: stops are caught from here on,
    # not only from main() on: a Ctrl+C while the modules below load ends in words too.
    from .stop_signals import install as _install_stop_handlers
    _install_stop_handlers()

import argparse
import json
import math
import os
import re
import sys
import time
from pathlib import Path
from typing import Optional, Sequence

from . import __version__
from .core.models import GAP_AUDIO, OPTION_SPECS, OptionSpec, SyncOptions
from .paths import demo_inputs
from .stop_signals import Stopper, install as install_stop_handlers


class _UsageProblem(Exception):
    """A command line that cannot work (argparse's own message, replaced before it is shown)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):   # argparse would print usage lines and its own jargon
        raise _UsageProblem(message)


def _plain_usage_message(command: Optional[str], message: str) -> str:
    """argparse's message as a sentence for a person."""
    where = f"beatsync {command}" if command else "beatsync"
    help_hint = f"see '{where} --help'"
    m = re.match(r"unrecognized arguments: (.*)", message)
    if m:
        first = m.group(1).split()[0]
        if first.startswith("-"):
            first = first.split("=")[0]
            file_like = "." in first.lstrip("-")
            return (f"'{first}' is not an option of '{where}'"
                    + (" and no file has that name" if file_like else "") + f"; {help_hint}.")
        return f"Too many file names (from '{first}' on); {help_hint}."
    m = re.match(r"the following arguments are required: (.*)", message)
    if m:
        if "command" in m.group(1):
            return ("Say what to do: 'beatsync sync VIDEO SONG', 'beatsync analyze VIDEO SONG' "
                    "or 'beatsync demo'.")
        return (f"'{where}' needs two files: the class video, then the song; {help_hint}.")
    m = re.match(r"argument command: invalid choice: '?([^' ]*)'?", message)
    if m:
        return (f"There is no command '{m.group(1)}': use 'beatsync sync', 'beatsync analyze' "
                f"or 'beatsync demo'.")
    m = re.match(r"argument (\S+): expected one argument", message)
    if m:
        return f"{m.group(1).split('/')[-1]} needs a value after it; {help_hint}."
    m = re.match(r"argument (\S+): (.*)", message)
    if m:
        return m.group(2)[:1].upper() + m.group(2)[1:].rstrip(".") + "."
    return f"{message[:1].upper()}{message[1:]}; {help_hint}."


def _number(spec: "OptionSpec"):
    """An argparse type for one of `OPTION_SPECS`: a finite number in its range, refused in
    words otherwise ("The margin must be a number between 0 and 3600, not 'x'")."""
    kind = f"The {spec.name}"
    low, high, integer = spec.low, spec.high, spec.integer

    def parse(text: str):
        try:
            value = float(text.strip().replace(",", ".")) if not integer else int(text)
        except ValueError:
            value = None
        if integer and value is None:
            try:
                as_float = float(text)
                value = int(as_float) if as_float.is_integer() else None
            except (ValueError, OverflowError):
                value = None
        if value is None or not math.isfinite(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{kind} must be a number between {low:g} and {high:g}, not '{text}'")
        return value
    parse.__name__ = kind
    return parse


def _run_numbers(text: str) -> tuple:
    """`--runs 1,3`: the run numbers as they were typed; `SyncOptions` checks them (from 1,
    none twice) and the job checks that they exist."""
    from .core.messages import msg
    parts = [part.strip() for part in text.split(",")]
    try:
        if not all(parts):
            raise ValueError
        return tuple(int(part) for part in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(msg("option-runs", value=text)) from None


# Options that take a value: "--offset -1e300" is joined to "--offset=-1e300" before parsing
# (argparse takes "-1e300" for an option).
_VALUE_OPTIONS = (*(spec.flag for spec in OPTION_SPECS.values()), "-o", "--output", "--runs")


def _numeric_option(sp: argparse.ArgumentParser, field: str, help_text: str) -> None:
    """Add the flag of `OPTION_SPECS[field]`: range, default and metavar from the spec."""
    spec = OPTION_SPECS[field]
    default = spec.default
    limits = f"{spec.low:g}–{spec.high:g}"
    shown = f" ({limits})" if default in (None, 0) else f" ({default:g}; {limits})"
    sp.add_argument(spec.flag, dest=field, type=_number(spec), default=default,
                    metavar=spec.metavar, help=help_text + shown)


def _prepare_argv(argv: Sequence[str]) -> list[str]:
    """Join option values that start with '-', and let a file named '-x.mp4' be a file."""
    known = {"--json", "--quiet", "-q", "--keep-full", "--no-picture-trim", "--help", "-h",
             "--version", "--no-history", "-n", "--search", "--split-runs", "--longest-run",
             "--gap-audio", *_VALUE_OPTIONS}
    out: list[str] = []
    i = 0
    argv = list(argv)
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out += argv[i:]
            break
        if arg in _VALUE_OPTIONS and i + 1 < len(argv) and argv[i + 1].startswith("-") \
                and argv[i + 1] not in known:
            out.append(f"{arg}={argv[i + 1]}" if arg.startswith("--") else arg + argv[i + 1])
            i += 2
            continue
        if arg.startswith("-") and arg.split("=")[0] not in known and len(arg) > 1 \
                and os.path.lexists(arg):
            arg = os.path.join(".", arg)      # an existing file, not an option
        out.append(arg)
        i += 1
    return out


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="beatsync",
        description="Replace a dance video's live sound with the clean song, exactly aligned.")
    p.add_argument("--version", action="version", version=f"beatsync {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def options(sp: argparse.ArgumentParser, writes: bool) -> None:
        sp.add_argument("--json", action="store_true", help="print a JSON report on stdout")
        sp.add_argument("--quiet", "-q", action="store_true", help="no progress display")
        _numeric_option(sp, "force_offset",
                        "use this offset (song time minus video time), e.g. a runner-up")
        _numeric_option(sp, "speaker_distance",
                        "phone's distance from the speaker: moves the song earlier by "
                        "the sound's travel time (2.9 ms per metre)")
        if writes:
            sp.add_argument("-o", "--output", type=Path, default=None,
                            help="output file (.mp4, .mov or .mkv); default: "
                                 "<video>_beatsync.mp4 next to the video")
            sp.add_argument("--keep-full", action="store_true",
                            help="keep the whole video (silence where no music plays)")
            _numeric_option(sp, "margin", "kept before the music starts and after it ends")
            _numeric_option(sp, "fade", "audio fade where the cut interrupts the music")
            sp.add_argument("--no-picture-trim", action="store_true",
                            help="do not trim black or frozen picture at the ends")
            _numeric_option(sp, "audio_bitrate", "AAC bit rate of the song in the output")
            runs = sp.add_mutually_exclusive_group()
            runs.add_argument("--split-runs", action="store_true",
                              help="the song plays several times (a restart, a pause, the "
                                   "song twice): write one file per run, <output>_run1.mp4 …")
            runs.add_argument("--longest-run", action="store_true",
                              help="the song plays several times: keep only the longest run")
            sp.add_argument("--runs", type=_run_numbers, default=(), metavar="N[,N…]",
                            help="the song plays several times: keep only these runs, "
                                 "numbered from 1 in the video's order (as 'analyze' lists "
                                 "them), e.g. --runs 1,3")
            sp.add_argument("--gap-audio", choices=GAP_AUDIO, default=SyncOptions.gap_audio,
                            help="between two runs of the song: the video's own sound "
                                 "(room, the default) or silence")

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
    from .history.cli import add_history_parser
    add_history_parser(sub, sync_parser=s)      # `beatsync history`, `sync --no-history`
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


def _options(args: argparse.Namespace) -> SyncOptions:
    """The job's options from the parsed command line (`analyze` has only some flags)."""
    values = {"force_offset": args.force_offset, "speaker_distance": args.speaker_distance}
    if args.command == "sync":
        values.update(keep_full=args.keep_full, margin=args.margin, fade=args.fade,
                      trim_picture=not args.no_picture_trim, gap_audio=args.gap_audio,
                      split_runs=args.split_runs, longest_run=args.longest_run,
                      runs=args.runs,
                      audio_bitrate=int(args.audio_bitrate * OPTION_SPECS["audio_bitrate"].scale))
    return SyncOptions(**values)


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
    if len(a.segments) > 1:
        lines.append(f"The song plays {len(a.segments)} times (runs):")
        for run in a.runs():
            lines.append(
                f"  run {run['run']}: video {run['video_start']:.2f}–{run['video_end']:.2f} s "
                f"= song {run['song_start']:.2f}–{run['song_end']:.2f} s, offset "
                f"{run['offset']:+.4f} s, confidence {run['confidence']:.0%} "
                f"({run['confidence_label']})")
    if abs(a.drift_ppm) >= 1.0:             # as the window: "+0 ppm" says nothing
        lines.append(f"Clock drift between player and phone: {a.drift_ppm:+.0f} ppm (corrected).")
    if len(a.candidates) > 1:
        runner, chosen = a.candidates[1], a.candidates[0]
        # A repeated section can draw as many votes as the chosen place: say what decided.
        votes = f"{runner.windows} analysis windows agreed with it, against {chosen.windows}"
        if runner.windows == chosen.windows:
            votes = (f"{runner.windows} analysis windows agreed with it, as many as with the "
                     f"chosen offset, which fits the sound better sample by sample")
        elif runner.windows > chosen.windows:
            votes += ", but the chosen offset fits the sound better sample by sample"
        lines.append(f"Runner-up: offset {runner.offset:+.3f} s ({votes}); "
                     f"to use it: --offset {runner.offset:.3f}")
    lines.append(f"Video: {result.dance.describe()}; song: {result.reference.describe()}.")
    lines += [f"Note: {n}" for n in plan.notes]
    lines += [f"Warning: {w}" for w in result.warnings]
    if len(result.outputs) > 1:
        lines += [f"Wrote {path}" for path in result.outputs]
    elif result.output:
        lines.append(f"Wrote {result.output}")
    return "\n".join(lines)


def _one_line(message: str) -> str:
    """A message as one terminal line: control characters (a file name may hold a newline
    or a tab) shown escaped, as Python writes them."""
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in message)


def _fail(message: str, code: int, as_json: bool, kind: str = "usage") -> int:
    if as_json:
        print(json.dumps({"ok": False, "error": {"kind": kind, "message": message,
                                                 "detail": "", "exit_code": code}},
                         ensure_ascii=False))
    print(f"beatsync: {_one_line(message)}", file=sys.stderr)
    return code


def _stopped(stopper: Stopper, as_json: bool) -> int:
    """A stop before the work began: said like a cancelled job (130, 143 or 129)."""
    from .core.errors import Cancelled
    cancelled = Cancelled()
    return _fail(cancelled.message, stopper.exit_code, as_json, kind=cancelled.kind)


def main(argv: Optional[Sequence[str]] = None) -> int:
    # As the command, its entry point installed the stop handlers before this module
    # loaded (stop_signals.py); called in-process, handlers of its own, given back after.
    stopper = install_stop_handlers() if argv is None else Stopper()
    try:
        return _main(list(sys.argv[1:] if argv is None else argv), stopper)
    finally:
        # Called in-process (argv given): give the caller its handlers back. As the
        # `beatsync` command, ignore stops from here on: one that arrives while the process
        # exits must not kill it after it has reported its result (Python resets handlers
        # to the default while it finalises, but leaves "ignore" alone).
        if argv is not None:
            stopper.restore()
        else:
            stopper.ignore()


def _main(raw: list, stopper: Stopper) -> int:
    as_json = "--json" in raw
    try:
        args = _parser().parse_args(_prepare_argv(raw))
    except _UsageProblem as exc:
        command = next((a for a in raw if a in ("sync", "analyze", "demo", "history")), None)
        missing = next((a for a in raw if a.startswith("-") and "." in a.lstrip("-")
                        and "=" not in a and not os.path.lexists(a)), None)
        if missing is not None:
            return _fail(f"No file is named '{missing}' here, and it is not an option of "
                         f"'beatsync {command or ''}'".replace(" '", " '").rstrip() + ".",
                         2, as_json)
        return _fail(_plain_usage_message(command, str(exc)), 2, as_json)
    if stopper.signum is not None:      # stopped while starting: nothing was begun
        return _stopped(stopper, as_json)
    if args.command == "history":
        from .history.cli import run_history
        return run_history(args)
    try:
        from .core import BeatSyncError, CancelToken, analyze, sync_video
    except Exception as exc:   # a broken install must still speak in words
        print(f"beatsync: cannot load the engine: {exc}", file=sys.stderr)
        return 1

    cancel = CancelToken()
    stopper.token = cancel
    if stopper.signum is not None:     # stopped while loading
        cancel.cancel()
    progress = _ProgressLine(not args.quiet and not args.json)
    try:
        if args.command == "demo":
            dance, reference = demo_inputs()
            output = args.output or Path.cwd() / "beatsync_demo.mp4"
            result = sync_video(dance, reference, output, SyncOptions(), progress, cancel)
        else:
            options = _options(args)
            if args.command == "sync":
                from .history.cli import record_sync
                with record_sync(args, options) as job:    # a history problem only warns
                    result = job.finished(sync_video(args.dance, args.reference, args.output,
                                                     options, progress, cancel))
            else:
                result = analyze(args.dance, args.reference, options, progress, cancel)
    except BeatSyncError as exc:
        progress.done()
        code = exc.exit_code
        if code == 130 and stopper.signum is not None:
            code = stopper.exit_code      # 143 after SIGTERM, 129 after SIGHUP
        if args.json:
            report = exc.to_dict()
            report["exit_code"] = code
            print(json.dumps({"ok": False, "error": report}, ensure_ascii=False))
        print(f"beatsync: {_one_line(exc.message)}", file=sys.stderr)
        return code
    except Exception as exc:   # a bug: still no traceback for the user, but say so
        progress.done()
        import traceback
        detail = traceback.format_exc()
        if args.json:
            print(json.dumps({"ok": False, "error": {"kind": "internal", "message": str(exc),
                                                     "detail": detail, "exit_code": 70}}))
        print(_one_line(f"beatsync: unexpected internal error: {exc!r}. Please report it "
                        f"with the files' formats."), file=sys.stderr)
        return 70
    progress.done()
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(_summary(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
