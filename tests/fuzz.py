"""Fuzz the engine with damaged files, odd arguments and kills, the way a user's files break.

    python -m tests.fuzz --count 2000          # 2,000 mutants; prints a table of exit codes
    python -m tests.fuzz --count 50 --seed 7   # another fixed set
    python -m tests.fuzz --only kill           # one mutation kind

A seeded mutator takes short phone-style test media (12 s class videos of many picture
codecs and containers, the matching 14 s song in many audio formats, odd audio layouts) and
damages it the ways files get damaged: cut short (also inside the header), flipped header
and packet bytes, zeroed and duplicated chunks, a header glued to another file's body, empty
files, folders, pipes, sparse 2 GB files, link loops, strange names, odd arguments, and the
process killed while it writes. Each mutant runs `beatsync sync`, `beatsync analyze --json`
or the window's probe in its own process with a timeout. The promise, checked for every run:

- no internal error (exit 70), no run over 10 s, no death by a signal;
- a failure leaves nothing in the output folder, a success leaves exactly the output;
- the inputs are byte-identical afterwards;
- every exit 0 of `sync` leaves an output that decodes to the end, with picture and sound;
- a failure is one line on stderr with no error numbers, FFmpeg jargon or hidden file names.

tests/test_fuzz.py runs a fixed few hundred mutants in CI.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[1]
SEED_VERSION = "v2"
TIMEOUT = 10.0           # seconds a single run may take (the promise)
# A stop signal sent this soon may reach Python before our code has installed its handler
# (the interpreter is still starting): the process then ends the default way, having
# written nothing. Later, it must exit in words (128 + signal number) and leave nothing.
# (0.3 s was enough on an idle machine; on a loaded 2-core one start-up took 0.9 s. Stops
# after this still test the handlers, and tests/test_cli.py tests each signal's exit.)
# The default way is death by the signal, or for SIGINT Python's KeyboardInterrupt
# traceback (exit 1 while `site` runs the .pth files of site-packages, "Fatal Python
# error: init_import_site"; 1 or -2 in runpy): accepted only if no frame of our code is in
# it. The command installs its handlers first thing (beatsync_desktop/stop_signals.py), so
# a traceback through our code means a stop got past them.
STARTUP = 1.0
OUR_FRAME = re.compile(r'File "' + re.escape(str(ROOT / "beatsync_desktop")) + r'[/\\]')
SR = 48000
SONG_FROM = 10.0         # the song clip: this stretch of the first test song …
SONG_LENGTH = 18.0       # … this long
VIDEO_LENGTH = 16.0      # the class video: 1 s of room noise, then 15 s of the song from 2 s

# --------------------------------------------------------------------------- seed media


@dataclass(frozen=True)
class Seed:
    name: str
    path: Path
    role: str            # "dance" or "reference"


def _ffmpeg() -> str:
    from tests.support.media_factory import ffmpeg_exe
    return ffmpeg_exe()


def _ff(*args) -> None:
    subprocess.run([_ffmpeg(), "-nostdin", "-hide_banner", "-loglevel", "error", "-y", *map(str, args)],
                   check=True, capture_output=True)


# (file name, ffmpeg arguments after "-i class.mp4"), picture codecs of many kinds
_DANCE_TRANSCODES = [
    ("class_theora.ogv", ["-c:v", "libtheora", "-q:v", "4", "-c:a", "libvorbis"]),
    ("class_theora.mkv", ["-c:v", "libtheora", "-q:v", "4", "-c:a", "aac"]),
    ("class_wmv2.wmv", ["-c:v", "wmv2", "-c:a", "wmav2"]),
    ("class_flv1.flv", ["-c:v", "flv1", "-c:a", "libmp3lame", "-ar", "44100"]),
    ("class_prores.mov", ["-c:v", "prores_ks", "-profile:v", "0", "-c:a", "pcm_s16le"]),
    ("class_vp9.webm", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                        "-b:v", "200k", "-c:a", "libopus"]),
    ("class_vp9.mp4", ["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8",
                       "-b:v", "200k", "-c:a", "aac"]),
    ("class_vp8.webm", ["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8",
                        "-b:v", "200k", "-c:a", "libvorbis"]),
    ("class_mjpeg.avi", ["-c:v", "mjpeg", "-q:v", "8", "-c:a", "pcm_s16le"]),
    ("class_mpeg2.ts", ["-c:v", "mpeg2video", "-c:a", "mp2"]),
    ("class_h264.ts", ["-c:v", "copy", "-c:a", "copy"]),
    ("class_av1.mp4", ["-c:v", "libsvtav1", "-preset", "12", "-c:a", "copy"]),
    ("class_mpeg4_mp3.mp4", ["-c:v", "mpeg4", "-c:a", "libmp3lame"]),
    ("class_51.mp4", ["-c:v", "copy", "-c:a", "aac", "-ac", "6"]),
    ("class_8k_mono.mkv", ["-c:v", "copy", "-c:a", "pcm_s16le", "-ac", "1", "-ar", "8000"]),
    ("class_h263.3gp", ["-c:v", "h263", "-s", "176x144", "-c:a", "aac", "-ar", "16000",
                        "-ac", "1"]),
]

_REFERENCE_TRANSCODES = [
    ("song.m4a", ["-c:a", "aac"]),
    ("song.opus", ["-c:a", "libopus"]),
    ("song.ogg", ["-c:a", "libvorbis"]),
    ("song.flac", ["-c:a", "flac"]),
    ("song.wav", ["-c:a", "pcm_s16le"]),
    ("song_mono_22k.wav", ["-c:a", "pcm_s16le", "-ac", "1", "-ar", "22050"]),
    ("song_51.m4a", ["-c:a", "aac", "-ac", "6"]),
    ("song_96k.flac", ["-c:a", "flac", "-ar", "96000"]),
    ("song_8ch.wav", ["-c:a", "pcm_s16le", "-af", "pan=7.1|c0=c0|c1=c1|c2=c0|c3=c1|c4=c0|c5=c1|c6=c0|c7=c1"]),
    ("song.ac3", ["-c:a", "ac3"]),
    ("song.aac", ["-c:a", "aac", "-f", "adts"]),
]


def build_seeds(folder: Path) -> list[Seed]:
    """Make (once) the pristine media every mutant starts from; returns them all."""
    folder = Path(folder) / SEED_VERSION
    done = folder / "done.json"
    if done.exists():
        return [Seed(n, folder / n, r) for n, r in json.loads(done.read_text())]
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)

    import numpy as np
    from tests.support import media_factory as mf
    from tests.support.assets import music_files

    full = mf.decode_audio(music_files()[0], SR, channels=2)
    clean = full[:, int(SONG_FROM * SR):int((SONG_FROM + SONG_LENGTH) * SR)]
    rng = np.random.default_rng(1)
    mono = clean.mean(axis=0)
    live = mono[2 * SR:int((2 + VIDEO_LENGTH - 1) * SR)] * 0.6
    live = np.convolve(live, np.ones(8) / 8, mode="same")          # a duller, room-ish copy
    live = np.concatenate([np.zeros(SR), live])
    live = (live + rng.normal(0, 0.01, live.size)).astype(np.float32)

    seeds: list[tuple[str, str]] = []

    def video(name, **kw):
        kw.setdefault("size", (160, 96))
        kw.setdefault("fps", 15)
        mf.make_video(folder / name, live, SR, **kw)
        seeds.append((name, "dance"))

    video("class.mp4")
    video("class_fast.mp4", layout="faststart")
    video("class_frag.mp4", layout="fragmented")
    video("class_rot_bframes.mp4", rotation=90, bframes=2)
    video("class_hevc.mov", vcodec="hevc")
    video("class_vfr.mkv", vfr=True, acodec="opus", audio_start_offset=0.25)
    video("class.avi", vcodec="mpeg4", acodec="pcm_s16le")
    base = folder / "class.mp4"
    for name, args in _DANCE_TRANSCODES:
        _ff("-i", base, *args, folder / name)
        seeds.append((name, "dance"))
    # A sound track that changes layout and rate in the middle (glued broadcast segments).
    a, b = folder / "_part_a.ts", folder / "_part_b.ts"
    _ff("-i", base, "-t", "6", "-c:v", "copy", "-c:a", "aac", "-ac", "1", "-ar", "48000", a)
    _ff("-ss", "6", "-i", base, "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
        "-ac", "2", "-ar", "44100", "-output_ts_offset", "6", b)
    (folder / "class_layout_change.ts").write_bytes(a.read_bytes() + b.read_bytes())
    seeds.append(("class_layout_change.ts", "dance"))
    a.unlink(), b.unlink()

    mf.make_audio_file(folder / "song.mp3", clean, SR)
    seeds.append(("song.mp3", "reference"))
    for name, args in _REFERENCE_TRANSCODES:
        _ff("-i", folder / "song.mp3", *args, folder / name)
        seeds.append((name, "reference"))
    # A song whose rate and layout change half-way (two MP3s glued together).
    a, b = folder / "_a.mp3", folder / "_b.mp3"
    _ff("-i", folder / "song.mp3", "-t", "7", "-ac", "2", "-ar", "44100", a)
    _ff("-ss", "7", "-i", folder / "song.mp3", "-ac", "1", "-ar", "48000", b)
    (folder / "song_rate_change.mp3").write_bytes(a.read_bytes() + b.read_bytes())
    seeds.append(("song_rate_change.mp3", "reference"))
    a.unlink(), b.unlink()
    # An "example video" that carries the clean song.
    mf.make_video(folder / "example.mp4", clean, SR, size=(160, 96), fps=15)
    seeds.append(("example.mp4", "reference"))
    done.write_text(json.dumps(seeds))
    return [Seed(n, folder / n, r) for n, r in seeds]


# --------------------------------------------------------------------------- mutations

@dataclass
class Case:
    index: int
    kind: str                    # mutation kind
    driver: str                  # "sync", "analyze", "probe", "kill", "kill9"
    dance: Seed
    reference: Seed
    target: str = "dance"        # which input is mutated
    note: str = ""               # what exactly was done (for the table)
    args: list = field(default_factory=list)   # extra command-line arguments
    default_output: bool = False
    setup: Optional[Callable] = None            # builds the mutated input in a folder


def _flip(data: bytearray, rng: random.Random, lo: int, hi: int, count: int) -> None:
    hi = min(hi, len(data))
    if hi <= lo:
        return
    for _ in range(count):
        i = rng.randrange(lo, hi)
        data[i] ^= 1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)


def _bytes_mutation(kind: str, rng: random.Random, seeds: list[Seed]):
    """A function (original bytes, rng) -> damaged bytes, and a note saying what it did."""
    if kind == "truncate":
        if rng.random() < 0.35:
            keep = rng.choice([1, 4, 8, 12, 16, 32, 100, 500, 1000, 2000, 4000, 8000])
            return (lambda d: d[:keep]), f"first {keep} bytes"
        frac = rng.uniform(0.02, 0.98)
        return (lambda d: d[:int(len(d) * frac)]), f"cut at {frac:.0%}"
    if kind == "flip_header":
        n, span = rng.choice([1, 2, 4, 16]), rng.choice([64, 512, 4096])

        def f(d, s=rng.randrange(1 << 30)):
            d = bytearray(d)
            _flip(d, random.Random(s), 0, span, n)
            return bytes(d)
        return f, f"{n} bytes flipped in the first {span}"
    if kind == "flip_packets":
        n = rng.choice([1, 10, 100, 1000])

        def f(d, s=rng.randrange(1 << 30)):
            d = bytearray(d)
            _flip(d, random.Random(s), min(len(d) // 10, 4096), len(d), n)
            return bytes(d)
        return f, f"{n} bytes flipped in the body"
    if kind == "zero_chunk":
        size, where = rng.choice([16, 256, 4096, 65536]), rng.random()

        def f(d):
            at = int(where * max(1, len(d) - size))
            return d[:at] + bytes(min(size, len(d) - at)) + d[at + size:]
        return f, f"{size} bytes zeroed at {where:.0%}"
    if kind == "dup_chunk":
        size, src, dst, insert = (rng.choice([64, 1024, 16384, 131072]), rng.random(),
                                  rng.random(), rng.random() < 0.5)

        def f(d):
            a = int(src * max(1, len(d) - size))
            chunk = d[a:a + size]
            b = int(dst * len(d))
            return d[:b] + chunk + (d[b:] if insert else d[b + len(chunk):])
        return f, f"{size} bytes {'inserted' if insert else 'copied over'} at {dst:.0%}"
    if kind == "glue":
        other = rng.choice(seeds)
        cut = rng.choice([32, 200, 1000, 4000, 20000])

        def f(d, other=other):
            return other.path.read_bytes()[:cut] + d[cut:]
        return f, f"first {cut} bytes of {other.name}"
    raise ValueError(kind)


def _odd_names(rng: random.Random, suffix: str) -> str:
    return rng.choice([
        f"-class{suffix}", f"--class{suffix}", f" class  final {suffix}", f"期末演出{suffix}",
        f"class\nnewline{suffix}", "x" * 200 + suffix, f"class{suffix.upper()}", "class",
        f"class{suffix}.txt", "class.mp3", f"-{suffix}", f"class;rm -rf ~{suffix}",
        f"'quoted' \"class\"{suffix}", f"class\t{suffix}", f"classé{suffix}",
    ])


_ODD_ARGS = [
    ["--offset", "nan"], ["--offset", "inf"], ["--offset", "-inf"], ["--offset", "1e300"],
    ["--offset", "-1e300"], ["--offset", "40"], ["--offset", "-40"], ["--offset", "13.9"],
    ["--offset", "-11.9"], ["--offset", "0x10"], ["--offset", ""], ["--offset", "1,5"],
    ["--speaker-distance", "nan"], ["--speaker-distance", "inf"], ["--speaker-distance", "-3"],
    ["--speaker-distance", "1e9"], ["--speaker-distance", "20"],
    ["--margin", "nan"], ["--margin", "-1"], ["--margin", "1e9"], ["--margin", "inf"],
    ["--fade", "nan"], ["--fade", "1e9"], ["--fade", "-2"], ["--fade", "inf"],
    ["--bitrate", "0"], ["--bitrate", "-1"], ["--bitrate", "100000"], ["--bitrate", "abc"],
    ["--bitrate", "1e3"], ["--keep-full", "--offset", "40"], ["--keep-full"],
    ["--no-picture-trim", "--margin", "0", "--fade", "0"], ["--bogus"], [],
]


def make_cases(count: int, seed: int, seeds: list[Seed], only: Optional[str] = None) -> list[Case]:
    """`count` mutants, the same ones for the same `seed` and seed media."""
    rng = random.Random(seed)
    dances = [s for s in seeds if s.role == "dance"]
    refs = [s for s in seeds if s.role == "reference"]
    mp4 = next(s for s in dances if s.name == "class.mp4")
    mp3 = next(s for s in refs if s.name == "song.mp3")
    kinds = [("truncate", 14), ("flip_header", 12), ("flip_packets", 12), ("zero_chunk", 8),
             ("dup_chunk", 8), ("glue", 8), ("pristine", 10), ("special", 8), ("name", 5),
             ("args", 7), ("output", 5), ("kill", 4), ("kill9", 2)]
    if only:
        kinds = [(k, w) for k, w in kinds if k == only]
    names, weights = zip(*kinds)
    cases = []
    for i in range(count):
        kind = rng.choices(names, weights)[0]
        target = "dance" if rng.random() < 0.6 else "reference"
        dance = rng.choice(dances) if rng.random() < 0.7 else mp4
        ref = rng.choice(refs) if rng.random() < 0.6 else mp3
        driver = rng.choices(["sync", "analyze", "probe"], [5, 3, 2])[0]
        case = Case(i, kind, driver, dance, ref, target)
        # The output beside the video under the name we choose (it may become .mov/.mkv),
        # or named by the user.
        case.default_output = rng.random() < 0.3
        if kind in ("truncate", "flip_header", "flip_packets", "zero_chunk", "dup_chunk", "glue"):
            fn, case.note = _bytes_mutation(kind, rng, seeds)
            case.setup = ("bytes", fn)
        elif kind == "pristine":
            case.note = "unchanged"
            case.setup = ("bytes", lambda d: d)
        elif kind == "special":
            what = rng.choice(["empty", "folder", "fifo", "sparse", "sparse_header",
                               "link_loop", "dangling_link", "dev_null", "unreadable"])
            case.note = what
            case.setup = ("special", what)
            if what == "unreadable" and os.geteuid() == 0:
                case.note = what = "empty"           # root reads everything
                case.setup = ("special", what)
        elif kind == "name":
            suffix = (case.dance if target == "dance" else case.reference).path.suffix
            new = _odd_names(rng, suffix)
            case.note = repr(new)
            case.setup = ("rename", new)
        elif kind == "args":
            case.args = list(rng.choice(_ODD_ARGS))
            case.driver = rng.choice(["sync", "sync", "analyze"])
            case.note = " ".join(case.args) or "(none)"
            case.setup = ("bytes", lambda d: d)
        elif kind == "output":
            what = rng.choice(["mkv", "mov", "avi", "upper", "folder", "link_loop", "missing_dir",
                               "same_as_input", "default", "default", "existing", "no_suffix",
                               "dangling_link"])
            case.driver = "sync"
            case.note = what
            case.setup = ("output", what)
            case.default_output = False
        elif kind == "kill":
            case.driver = "kill"
            case.default_output = True
            sig = rng.choice(["SIGTERM", "SIGTERM", "SIGINT"] + (["SIGHUP"] if hasattr(signal, "SIGHUP") else []))
            delay = rng.uniform(0.05, 1.2)
            case.note = f"{sig} after {delay:.2f} s"
            case.setup = ("kill", (sig, delay))
        elif kind == "kill9":
            case.driver = "kill9"
            case.default_output = True
            delay = rng.uniform(0.2, 1.0)
            case.note = f"SIGKILL after {delay:.2f} s, then again"
            case.setup = ("kill", ("SIGKILL", delay))
        if kind in ("kill", "kill9", "output"):
            case.target = "dance"
        cases.append(case)
    return cases


# --------------------------------------------------------------------------- running


@dataclass
class Outcome:
    case: Case
    code: Optional[int]          # exit code; None for a hang
    seconds: float
    message: str = ""
    problems: list = field(default_factory=list)


def _digest(path: Path) -> Optional[str]:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return "link:" + os.readlink(path)
    if stat.S_ISDIR(st.st_mode):
        return "dir:" + ",".join(sorted(os.listdir(path)))
    if not stat.S_ISREG(st.st_mode):
        return f"special:{stat.S_IFMT(st.st_mode)}"
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        if st.st_size > 64 << 20:              # a sparse giant: ends and size
            h.update(fh.read(1 << 20))
            fh.seek(st.st_size - (1 << 20))
        h.update(fh.read())
    return f"{st.st_size}:{h.hexdigest()}"


def _prepare(case: Case, work: Path) -> tuple[Path, Path, Path, Optional[Path]]:
    """Lay out inputs in work/in and work/out; returns (dance, reference, out_dir, output)."""
    inp, out = work / "in", work / "out"
    inp.mkdir(parents=True)
    out.mkdir()
    dance = inp / case.dance.name
    ref = inp / ("ref_" + case.reference.name)
    shutil.copyfile(case.dance.path, dance)
    shutil.copyfile(case.reference.path, ref)
    target = dance if case.target == "dance" else ref
    output: Optional[Path] = out / "result.mp4"
    how, what = case.setup
    if how == "bytes":
        target.write_bytes(what(target.read_bytes()))
    elif how == "rename":
        new = target.with_name(what)
        target.rename(new)
        if case.target == "dance":
            dance = new
        else:
            ref = new
    elif how == "special":
        target.unlink()
        if what == "empty":
            target.write_bytes(b"")
        elif what == "folder":
            target.mkdir()
        elif what == "fifo":
            os.mkfifo(target)
        elif what == "sparse":
            with open(target, "wb") as fh:
                fh.truncate(2 << 30)
        elif what == "sparse_header":
            with open(target, "wb") as fh:
                fh.write(case.dance.path.read_bytes()[:4096] if case.target == "dance"
                         else case.reference.path.read_bytes()[:4096])
                fh.truncate(2 << 30)
        elif what == "link_loop":
            os.symlink(target.name, target)
        elif what == "dangling_link":
            os.symlink("nowhere.mp4", target)
        elif what == "dev_null":
            os.symlink(os.devnull, target)
        elif what == "unreadable":
            shutil.copyfile(case.dance.path if case.target == "dance" else case.reference.path,
                            target)
            target.chmod(0)
    if case.default_output and case.driver in ("sync", "kill", "kill9") and how != "output":
        # The output goes beside the video: the video lives in the output folder.
        output = None
        moved = out / dance.name
        if os.path.lexists(dance):
            os.rename(dance, moved)
        dance = moved
    if how == "output":
        output = {
            "mkv": out / "result.mkv", "mov": out / "result.mov", "avi": out / "result.avi",
            "upper": out / "RESULT.MP4", "folder": out, "link_loop": out / "loop.mp4",
            "missing_dir": out / "no" / "result.mp4", "same_as_input": dance,
            "default": None, "existing": out / "result.mp4", "no_suffix": out / "result",
            "dangling_link": out / "dangling.mp4",
        }[what]
        if what == "link_loop":
            os.symlink("loop.mp4", out / "loop.mp4")
        elif what == "dangling_link":
            os.symlink("nowhere/x.mp4", out / "dangling.mp4")
        elif what == "existing":
            output.write_bytes(b"an older result")
        elif what == "default":
            # The output goes beside the video: the video lives in the output folder.
            moved = out / dance.name
            dance.rename(moved)
            dance = moved
    return dance, ref, out, output


def _child_env() -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("BEATSYNC_LOG", None)
    return env


def _command(case: Case, dance: Path, ref: Path, output: Optional[Path]) -> list[str]:
    py = [sys.executable, "-m"]
    if case.driver == "probe":
        target = dance if case.target == "dance" else ref
        return py + ["tests.fuzz", "--probe-one", str(target)]
    if case.driver == "analyze":
        return py + ["beatsync_desktop.cli", "analyze", str(dance), str(ref), "--json", *case.args]
    cmd = py + ["beatsync_desktop.cli", "sync", str(dance), str(ref), "--json", *case.args]
    if output is not None:
        cmd += ["-o", str(output)]
    return cmd


def _run(cmd: list[str], cwd: Path, kill: Optional[tuple[str, float]] = None):
    """(returncode or None on timeout, stdout, stderr, seconds)."""
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=_child_env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        if kill is not None:
            sig, delay = kill
            try:
                proc.wait(delay)
            except subprocess.TimeoutExpired:
                proc.send_signal(getattr(signal, sig))
        out, err = proc.communicate(timeout=max(0.1, TIMEOUT - (time.monotonic() - t0)))
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    return code, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"), \
        time.monotonic() - t0


def check_output_plays(path: Path) -> Optional[str]:
    """None if `path` decodes to its end with a picture and a sound stream (ffmpeg CLI, as a
    player would: a damaged frame copied from the input is skipped, and a frame whose
    damaged header changes the picture format mid-stream does not end the decoding —
    `-reinit_filter 0`), else what is wrong."""
    try:
        if path.stat().st_size == 0:
            return "output is empty (0 bytes)"
    except OSError:
        return "output missing"
    proc = subprocess.run([_ffmpeg(), "-nostdin", "-hide_banner", "-v", "error",
                           "-reinit_filter", "0", "-i", str(path),
                           "-map", "0:v:0", "-map", "0:a:0", "-f", "framecrc", "-"],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return f"output does not decode: {proc.stderr.strip()[-200:]}"
    frames = collections.Counter(line.split(",")[0] for line in proc.stdout.splitlines()
                                 if line and not line.startswith("#"))
    if not frames.get("0") or not frames.get("1"):
        return f"output lacks decodable picture or sound: {dict(frames)}"
    return None


# Words that mean nothing to a dance teacher (or reveal a hidden temporary file).
_JARGON = re.compile(r"errno|\[Errno|returned -?\d|AVERROR|patches welcome|codec context|"
                     r"NoneType|Traceback|beatsync-partial|Not yet implemented|0x[0-9a-f]{4}|"
                     r"Invalid argument|Input/output error|Cannot allocate|End of file|"
                     r"the following arguments are required|unrecognized arguments|"
                     r"invalid float value|invalid int value|usage:", re.I)


def run_case(case: Case, workdir: Path) -> Outcome:
    work = workdir / f"case{case.index:05d}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        return _run_case(case, work)
    finally:
        _force_remove(work)


def _force_remove(path: Path) -> None:
    for p in path.rglob("*") if path.exists() else ():
        try:
            if not p.is_symlink():
                p.chmod(0o755 if p.is_dir() else 0o644)
        except OSError:
            pass
    shutil.rmtree(path, ignore_errors=True)


def _run_case(case: Case, work: Path) -> Outcome:
    dance, ref, out_dir, output = _prepare(case, work)
    inputs = {p: _digest(p) for p in (dance, ref)}
    out_before = set(os.listdir(out_dir))
    kill = case.setup[1] if case.setup[0] == "kill" else None
    cmd = _command(case, dance, ref, output)
    code, stdout, stderr, seconds = _run(cmd, work, kill)
    problems = []
    if case.driver == "kill9":
        # Killed outright: the next job into the same folder must clear the leftover. (If
        # the first job finished before the kill, its output is complete and stays.)
        out_before |= {n for n in os.listdir(out_dir) if not n.endswith(".beatsync-partial")}
        code2, stdout, stderr, seconds2 = _run(cmd, work)
        seconds = max(seconds, seconds2)
        code = code2
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    message = lines[-1] if lines else ""
    if case.driver == "probe":
        try:
            report = json.loads(stdout.strip().splitlines()[-1])
            code, message = report["exit_code"], report["message"]
            if report.get("detail") and code == 70:
                problems.append("unexpected: " + report["detail"].strip().splitlines()[-1])
        except (ValueError, IndexError, KeyError):
            problems.append(f"probe child gave no report (rc {code})")
    early_kill = (kill is not None and code is not None and kill[1] < STARTUP
                  and case.driver == "kill" and not OUR_FRAME.search(stderr)
                  and (-code == getattr(signal, kill[0])
                       or (kill[0] == "SIGINT" and code == 1 and "KeyboardInterrupt" in stderr)))
    if code is None:
        problems.append(f"hang: over {TIMEOUT:.0f} s")
    elif code < 0 and not early_kill:
        problems.append(f"killed by signal {-code}")
    elif code == 70:
        problems.append("internal error")
    if code is not None and seconds > TIMEOUT:
        problems.append(f"slow: {seconds:.1f} s")
    if code not in (0, None) and case.driver != "probe" and not early_kill:
        if len(lines) != 1:
            problems.append(f"{len(lines)} lines on stderr")
    if message and _JARGON.search(message):
        problems.append("jargon in the message")
    for p, before in inputs.items():
        if _digest(p) != before:
            problems.append(f"input changed: {p.name}")
    after = set(os.listdir(out_dir)) - out_before
    made = {n for n in after if not n.endswith(".beatsync-partial")}
    partial = after - made
    if partial:
        problems.append(f"partial file left: {len(partial)}")
    if case.driver in ("sync", "kill", "kill9"):
        if code == 0:
            written = None
            try:
                written = Path(json.loads(stdout)["output"])
            except (ValueError, KeyError, TypeError):
                problems.append("no JSON report on success")
            if written is not None:
                if written.parent.resolve() == out_dir.resolve():
                    extra = made - {written.name}
                    if extra:
                        problems.append(f"extra files: {sorted(extra)}")
                why = check_output_plays(written)
                if why:
                    problems.append(why)
        elif made:
            problems.append(f"files left after a failure: {sorted(made)}")
    elif made:
        problems.append(f"{case.driver} wrote files: {sorted(made)}")
    return Outcome(case, code, seconds, message, problems)


def probe_one(path: str) -> int:
    """The window's probe (with a thumbnail) on one file; prints a JSON line."""
    try:
        from beatsync_desktop.ui.engine import Engine, Failure
        engine = Engine()
        try:
            report = engine.probe(Path(path), want_output=True, thumb_size=96)
            result = {"exit_code": 0, "message": report.info.describe(),
                      "thumbnail": report.thumbnail is not None}
        except BaseException as exc:   # noqa: BLE001
            failure = Failure.from_exception(exc)
            result = {"exit_code": 70 if failure.unexpected else getattr(exc, "exit_code", 1),
                      "message": failure.message, "detail": failure.detail}
    except BaseException as exc:   # noqa: BLE001
        import traceback
        result = {"exit_code": 70, "message": repr(exc), "detail": traceback.format_exc()}
    print(json.dumps(result))
    return 0


# --------------------------------------------------------------------------- reporting


def normalise(message: str) -> str:
    """A message with its file names and numbers blanked, to count distinct sentences."""
    m = re.sub(r"(/[^\s:,'\"“”]+)+", "<path>", message)
    m = re.sub(r"(?<![\w.])[^\s/'\"“”:]*\w\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,5}\b",
               "<file>", m)
    m = re.sub(r"“[^”]*”", "“<file>”", m)
    m = re.sub(r"(?<![\w.])\d+(\.\d+)?(e\d+)?", "N", m)
    return m


def run_all(cases: list[Case], workdir: Path, jobs: int = 2,
            on_done: Callable[[Outcome], None] = lambda o: None) -> list[Outcome]:
    workdir.mkdir(parents=True, exist_ok=True)
    outcomes = []
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        for outcome in pool.map(lambda c: run_case(c, workdir), cases):
            outcomes.append(outcome)
            on_done(outcome)
    return outcomes


def table(outcomes: list[Outcome], wall: float) -> str:
    lines = []
    by_driver = collections.defaultdict(collections.Counter)
    for o in outcomes:
        by_driver[o.case.driver]["hang" if o.code is None else o.code] += 1
    codes = sorted({c for d in by_driver.values() for c in d}, key=str)
    lines.append("exit codes by driver (rows) — " + ", ".join(map(str, codes)))
    lines.append(f"{'driver':<8}" + "".join(f"{str(c):>7}" for c in codes) + f"{'total':>8}")
    for d in sorted(by_driver):
        lines.append(f"{d:<8}" + "".join(f"{by_driver[d].get(c, 0):>7}" for c in codes)
                     + f"{sum(by_driver[d].values()):>8}")
    total = collections.Counter("hang" if o.code is None else o.code for o in outcomes)
    lines.append(f"{'all':<8}" + "".join(f"{total.get(c, 0):>7}" for c in codes)
                 + f"{len(outcomes):>8}")
    by_kind = collections.defaultdict(collections.Counter)
    for o in outcomes:
        by_kind[o.case.kind]["hang" if o.code is None else o.code] += 1
    lines.append("")
    lines.append("exit codes by mutation kind")
    for k in sorted(by_kind):
        lines.append(f"  {k:<13}" + ", ".join(f"{c}: {n}" for c, n in sorted(by_kind[k].items(), key=lambda x: str(x[0]))))
    secs = sorted(o.seconds for o in outcomes)
    if secs:
        lines.append("")
        lines.append(f"runs: {len(secs)} in {wall:.0f} s wall; per run median {secs[len(secs) // 2]:.2f} s, "
                     f"95% {secs[int(len(secs) * 0.95)]:.2f} s, max {secs[-1]:.2f} s")
    bad = [o for o in outcomes if o.problems]
    kinds = collections.Counter(p.split(":")[0] for o in bad for p in o.problems)
    lines.append(f"promise broken in {len(bad)} runs" + (": " + ", ".join(f"{k} ×{n}" for k, n in kinds.most_common()) if bad else ""))
    messages = collections.Counter(normalise(o.message) for o in outcomes if o.message and o.code)
    lines.append("")
    lines.append(f"distinct failure messages ({len(messages)}):")
    for m, n in sorted(messages.items(), key=lambda x: -x[1]):
        lines.append(f"  {n:>5}  {m}")
    return "\n".join(lines)


def describe(o: Outcome) -> str:
    c = o.case
    return (f"#{c.index} {c.kind} [{c.note}] {c.driver} dance={c.dance.name} ref={c.reference.name} "
            f"target={c.target} {' '.join(c.args)} -> {o.code} in {o.seconds:.1f} s: {o.message}"
            + (f"\n    PROBLEMS: {o.problems}" if o.problems else ""))


def default_seed_dir() -> Path:
    return Path(tempfile.gettempdir()) / "beatsync-fuzz-seeds"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", default=None, help="one mutation kind")
    ap.add_argument("--seeds", type=Path, default=default_seed_dir(),
                    help="folder for the pristine media (made once)")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--verbose", "-v", action="store_true", help="one line per run")
    ap.add_argument("--probe-one", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.probe_one is not None:
        return probe_one(args.probe_one)
    t0 = time.monotonic()
    seeds = build_seeds(args.seeds)
    print(f"{len(seeds)} seed files ready in {time.monotonic() - t0:.0f} s", flush=True)
    cases = make_cases(args.count, args.seed, seeds, args.only)
    work = args.work or Path(tempfile.mkdtemp(prefix="beatsync-fuzz-"))
    # The jobs of `sync` go to a history of this run, not the user's (tests/conftest.py
    # does the same for test_fuzz.py); every run shares it, as a window and a CLI would.
    os.environ.setdefault("BEATSYNC_DATA_DIR", str(work / "history"))
    done = [0]

    def progress(o: Outcome) -> None:
        done[0] += 1
        if args.verbose or o.problems:
            print(describe(o), flush=True)
        elif done[0] % 100 == 0:
            print(f"… {done[0]}/{len(cases)}", flush=True)
    t1 = time.monotonic()
    outcomes = run_all(cases, work, args.jobs, progress)
    print()
    print(table(outcomes, time.monotonic() - t1))
    shutil.rmtree(work, ignore_errors=True)
    return 1 if any(o.problems for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
