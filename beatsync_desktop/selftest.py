"""`BeatSync --self-test`: prove, headless, that this installation really works.

It runs the bundled demo job end to end with the media libraries that ship with the app
(probe → decode → align → plan → render, through PyAV's FFmpeg), checks the result, then
loads it in Qt Multimedia and plays one second. Every step is reported; the exit code is 0
only if every required step passed. It is meant for the frozen app (the build's smoke test
and CI run it) but works the same from a checkout: `python -m beatsync_desktop --self-test`.

    BeatSync --self-test [--report FILE] [--keep] [--no-playback]

With no display on Linux it switches Qt to the offscreen platform by itself; elsewhere it
uses the native platform but never shows a window. Windowed Windows builds have no console:
use --report FILE (or run the smoke test) to read the result.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

from .child_env import bundle_paths_left, child_env
from .paths import demo_inputs

PLAY_MS = 1000             # how much to play through Qt Multimedia
LOAD_TIMEOUT_S = 20.0
PLAY_TIMEOUT_S = 15.0


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    seconds: float
    required: bool = True


class SelfTest:
    def __init__(self, echo: Callable[[str], None]) -> None:
        self.checks: list[Check] = []
        self.echo = echo
        self.qt_messages: list[str] = []

    def step(self, name: str, fn: Callable[[], Any], required: bool = True) -> Any:
        """Run one check; fn returns a detail string (or (value, detail)); exceptions fail it."""
        t0 = time.perf_counter()
        value = None
        try:
            out = fn()
            if isinstance(out, tuple):
                value, detail = out
            else:
                detail = "" if out is None else str(out)
            ok = True
        except ModuleNotFoundError as exc:   # the classic packaging failure: say which module
            ok, detail = False, f"ModuleNotFoundError: No module named {exc.name!r}"
        except Exception as exc:             # noqa: BLE001 - report, never crash
            ok = False
            tb = traceback.extract_tb(exc.__traceback__)
            where = f" (at {Path(tb[-1].filename).name}:{tb[-1].lineno})" if tb else ""
            detail = f"{type(exc).__name__}: {exc}{where}"
        check = Check(name, ok, detail, time.perf_counter() - t0, required)
        self.checks.append(check)
        tag = "OK  " if ok else ("FAIL" if required else "warn")
        self.echo(f"[{tag}] {name} ({check.seconds:.2f} s){': ' + detail if detail else ''}")
        return value if ok else None

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.required and not c.ok]


# ---------------------------------------------------------------- steps

def _environment() -> str:
    import numpy
    frozen = getattr(sys, "frozen", False)
    return (f"{'frozen' if frozen else 'not frozen'}, {platform.system()} {platform.machine()}, "
            f"Python {platform.python_version()}, numpy {numpy.__version__}, "
            f"executable {sys.executable}")


def _imports() -> str:
    import beatsync_desktop.core  # noqa: F401
    import beatsync_desktop.ui.app  # noqa: F401
    from PySide6 import QtCore, QtMultimedia, QtMultimediaWidgets  # noqa: F401
    import PySide6
    return f"engine, window, PySide6 {PySide6.__version__} (Qt {QtCore.qVersion()})"


def _media_libraries() -> str:
    """PyAV's bundled FFmpeg libraries load and have what the engine needs."""
    import av
    from av.codec import Codec
    needed = [("aac", "r"), ("mp3", "r"), ("h264", "r"), ("aac", "w")]
    for name, mode in needed:
        Codec(name, mode)                        # raises if the codec is missing
    for fmt in ("mp4", "mov"):
        av.format.ContainerFormat(fmt, "w")
    libs = getattr(av, "library_versions", {}) or {}
    libavcodec = ".".join(map(str, libs.get("libavcodec", ()))) or "?"
    return f"PyAV {av.__version__}, libavcodec {libavcodec}; aac/mp3/h264 decode, aac encode, mp4/mov mux"


def _ffmpeg_executable() -> Optional[str]:
    """Only if the build bundles an ffmpeg executable (imageio-ffmpeg): it must run."""
    try:
        import imageio_ffmpeg
    except ImportError:
        return None
    exe = imageio_ffmpeg.get_ffmpeg_exe()
    if not os.access(exe, os.X_OK):
        raise PermissionError(f"{exe} is not executable")
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    proc = subprocess.run([exe, "-hide_banner", "-version"], capture_output=True, text=True,
                          timeout=30, env=child_env(), creationflags=flags, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"{exe} -version exited {proc.returncode}: {proc.stderr.strip()[:200]}")
    return f"{exe}: {proc.stdout.splitlines()[0] if proc.stdout else 'ok'}"


def _child_environment() -> str:
    """The frozen app must not hand its private library/plugin paths to child processes."""
    leaked = bundle_paths_left()
    if leaked:
        raise RuntimeError(f"bundle paths in {', '.join(leaked)}")
    return "no bundle paths in LD_LIBRARY_PATH/DYLD_*/QT_PLUGIN_PATH/QML2_IMPORT_PATH"


def find_demo_inputs() -> tuple[Path, Path]:
    video, song = demo_inputs()
    if not video.is_file() or not song.is_file():
        raise FileNotFoundError(f"demo media not found in {video.parent}")
    return video, song


def _demo_inputs() -> tuple[tuple[Path, Path], str]:
    video, song = find_demo_inputs()
    for p in (video, song):
        if not p.is_file():
            raise FileNotFoundError(p)
    return (video, song), f"{video.name} ({video.stat().st_size // 1024} KiB), {song.name}"


def _probe(paths: tuple[Path, Path]) -> str:
    from beatsync_desktop.core import probe_media
    parts = []
    for p in paths:
        info = probe_media(p)
        parts.append(f"{p.name}: {info.duration:.1f} s"
                     f"{', video ' + info.video_codec if info.has_video else ''}"
                     f"{', audio ' + info.audio_codec if info.has_audio else ''}")
    return "; ".join(parts)


def _demo_job(paths: tuple[Path, Path], out_dir: Path):
    from beatsync_desktop.core import SyncOptions, sync_video
    video, song = paths
    output = out_dir / "beatsync_selftest.mp4"
    stages: list[str] = []

    def progress(event) -> None:
        if not stages or stages[-1] != event.stage:
            stages.append(event.stage)

    t0 = time.perf_counter()
    result = sync_video(video, song, output, SyncOptions(), on_progress=progress)
    elapsed = time.perf_counter() - t0
    out = Path(result.output or output)
    if not out.is_file() or out.stat().st_size == 0:
        raise RuntimeError(f"no output written at {out}")
    al = result.alignment
    detail = (f"offset {al.offset:+.3f} s, confidence {al.confidence:.2f}, "
              f"{out.stat().st_size // 1024} KiB in {elapsed:.2f} s"
              + (f"; stages {'→'.join(stages)}" if stages else ""))
    return (out, elapsed), detail


def _encode_helper(paths) -> str:
    """The engine's helper process starts (frozen: the app with --encode-helper) and works."""
    from beatsync_desktop.core.encode_helper import EncodeHelper
    helper = EncodeHelper()
    try:
        if not (helper.start() and helper.decode(paths[1], None)) or not helper.ready(60.0):
            raise RuntimeError("the helper process did not start or did not answer")
        return "answered"
    finally:
        helper.close()


def _check_output(path: Path) -> str:
    """The rendered file has a picture and the song, and both decode."""
    import av
    with av.open(str(path)) as c:
        if not c.streams.video or not c.streams.audio:
            raise RuntimeError(f"streams: {len(c.streams.video)} video, {len(c.streams.audio)} audio")
        v, a = c.streams.video[0], c.streams.audio[0]
        duration = (c.duration or 0) / 1_000_000
        got_v = next(iter(c.decode(video=0)), None)
        c.seek(0)
        got_a = next(iter(c.decode(audio=0)), None)
        if got_v is None or got_a is None:
            raise RuntimeError("could not decode a video and an audio frame")
        return (f"{duration:.1f} s, video {v.codec_context.name} {v.codec_context.width}x"
                f"{v.codec_context.height}, audio {a.codec_context.name} {a.codec_context.sample_rate} Hz")


def _qt_setup(test: SelfTest):
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QLibraryInfo, QtMsgType, qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    def handler(mode, context, message):
        if mode != QtMsgType.QtDebugMsg:
            test.qt_messages.append(message)

    qInstallMessageHandler(handler)
    app = QApplication.instance() or QApplication([sys.argv[0]])
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return app, (f"platform {app.platformName()!r}; plugins at {plugins}")


def _native_platform_plugin() -> str:
    """The desktop platform plugin is bundled (offscreen runs would not notice otherwise)."""
    from PySide6.QtCore import QLibraryInfo
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    want = {"win32": ["qwindows"], "darwin": ["qcocoa"]}.get(sys.platform, ["qxcb", "qwayland"])
    found = sorted(p.stem for p in (plugins / "platforms").glob("*") if p.is_file())
    missing = [w for w in want if not any(w in f for f in found)]
    if missing:
        raise FileNotFoundError(f"platform plugin(s) {missing} not in {plugins / 'platforms'} "
                                f"(found {found})")
    return ", ".join(found)


def _translations() -> str:
    """Qt's own catalogs (file dialogs, message boxes) and the app's compiled .qm files."""
    from PySide6.QtCore import QLibraryInfo, QTranslator
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN.qm", "qtbase_de.qm"):
        if not QTranslator().load(str(Path(folder) / name)):
            raise FileNotFoundError(f"{name} not loadable from {folder}")
    n_qt = len(list(Path(folder).glob("qtbase_*.qm")))
    try:
        from beatsync_desktop.ui import i18n
        app_dir = Path(getattr(i18n, "I18N_DIR", Path(i18n.__file__).parent / "i18n"))
    except ImportError:
        app_dir = Path(__file__).resolve().parent / "ui" / "i18n"
    ours = sorted(p.name for p in app_dir.glob("*.qm"))
    for name in ours:
        if not QTranslator().load(str(app_dir / name)):
            raise RuntimeError(f"{app_dir / name} does not load")
    if not ours and (Path(__file__).resolve().parent / "ui" / "i18n").exists():
        raise FileNotFoundError(f"no compiled app translations in {app_dir}")
    return f"{n_qt} qtbase catalogs; app: {', '.join(ours) or 'none'}"


def _multimedia_backend() -> str:
    from PySide6.QtCore import QLibraryInfo
    from PySide6.QtMultimedia import QMediaDevices, QMediaFormat, QMediaPlayer
    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "multimedia"
    backends = sorted(p.name for p in plugins.glob("*") if p.is_file()) if plugins.is_dir() else []
    player = QMediaPlayer()
    if not player.isAvailable():
        raise RuntimeError(f"QMediaPlayer not available (no Qt Multimedia backend); "
                           f"{plugins}: {backends or 'missing'}")
    fmt = QMediaFormat()
    decodable = fmt.supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    if not decodable:
        raise RuntimeError("backend reports no decodable file formats")
    out = QMediaDevices.defaultAudioOutput()
    device = "none (no sound card)" if out.isNull() else out.description()
    return (f"{', '.join(backends) or 'static backend'}; {len(decodable)} decodable formats; "
            f"audio output: {device}")


def _play_one_second(app, path: Path) -> str:
    """Load the result in QMediaPlayer, play until position ≥ 1 s; count decoded frames."""
    from PySide6.QtCore import QEventLoop, QTimer, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoSink

    player = QMediaPlayer()
    audio = QAudioOutput()
    audio.setVolume(0.0)                 # silent: this may run on a teacher's laptop
    sink = QVideoSink()
    player.setAudioOutput(audio)
    player.setVideoSink(sink)
    frames = [0]
    errors: list[str] = []
    sink.videoFrameChanged.connect(lambda _f: frames.__setitem__(0, frames[0] + 1))
    player.errorOccurred.connect(lambda _e, msg: errors.append(msg or str(_e)))

    def wait(pred, timeout_s: float) -> bool:
        loop = QEventLoop()
        deadline = time.perf_counter() + timeout_s
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(lambda: (pred() or errors or time.perf_counter() > deadline) and loop.quit())
        timer.start()
        if not (pred() or errors):
            loop.exec()
        timer.stop()
        return pred() and not errors

    Status = QMediaPlayer.MediaStatus
    loaded = {Status.LoadedMedia, Status.BufferedMedia, Status.BufferingMedia}
    player.setSource(QUrl.fromLocalFile(str(path)))
    if not wait(lambda: player.mediaStatus() in loaded, LOAD_TIMEOUT_S):
        raise RuntimeError(f"media not loaded: status {player.mediaStatus().name}"
                           + (f", error {errors[0]!r}" if errors else ""))
    if not player.hasAudio():
        raise RuntimeError("Qt Multimedia sees no audio track in the result")
    has_video = player.hasVideo()
    duration = player.duration()
    t0 = time.perf_counter()
    player.play()
    reached = wait(lambda: player.position() >= PLAY_MS, PLAY_TIMEOUT_S)
    wall = time.perf_counter() - t0
    position = player.position()
    player.stop()
    app.processEvents()
    if errors:
        raise RuntimeError(f"playback error: {errors[0]}")
    if not reached:
        raise RuntimeError(f"position stuck at {position} ms after {wall:.1f} s "
                           f"(status {player.mediaStatus().name}, {frames[0]} video frames)")
    if has_video and frames[0] == 0:
        raise RuntimeError("played 1 s but no video frame reached the video sink")
    return (f"loaded ({duration / 1000:.1f} s, audio{' + video' if has_video else ''}); "
            f"position {position} ms after {wall:.2f} s wall, {frames[0]} video frames decoded")


# ---------------------------------------------------------------- main

def run(args: argparse.Namespace, echo: Callable[[str], None]) -> int:
    test = SelfTest(echo)
    t_start = time.perf_counter()
    echo(f"BeatSync self-test — {time.strftime('%Y-%m-%d %H:%M:%S')}")
    test.step("environment", _environment, required=False)
    test.step("imports", _imports)
    test.step("media libraries (PyAV/FFmpeg)", _media_libraries)
    if getattr(sys, "frozen", False):
        test.step("clean environment for child processes", _child_environment)
        test.step("ffmpeg executable", lambda: _ffmpeg_executable() or
                  "none bundled (engine uses PyAV in-process)")
    paths = test.step("demo inputs", _demo_inputs)
    out_dir = Path(tempfile.mkdtemp(prefix="beatsync-selftest-"))
    output = None
    try:
        if paths:
            test.step("probe", lambda: _probe(paths))
            test.step("second encoder process (decodes the demo song)",
                      lambda: _encode_helper(paths))
            job = test.step("demo job (probe→decode→align→plan→render)",
                            lambda: _demo_job(paths, out_dir))
            if job:
                output, _elapsed = job
                test.step("rendered file", lambda: _check_output(output))
        app = test.step("Qt application", lambda: _qt_setup(test))
        if app is not None:
            frozen = getattr(sys, "frozen", False)
            test.step("native platform plugin bundled", _native_platform_plugin, required=frozen)
            test.step("Qt translations", _translations, required=frozen)
            test.step("Qt Multimedia backend", _multimedia_backend)
            # Play the result; if the job failed, still exercise playback on the demo video
            # (the run fails anyway) so one report shows every broken piece at once.
            media = output or (paths[0] if paths else None)
            if media is not None and not args.no_playback:
                test.step(f"play {PLAY_MS} ms through Qt Multimedia"
                          + ("" if output else f" (demo input {media.name})"),
                          lambda: _play_one_second(app, media))
    finally:
        if args.keep:
            echo(f"kept output folder {out_dir}")
        else:
            shutil.rmtree(out_dir, ignore_errors=True)

    interesting = [m for m in test.qt_messages
                   if any(k in m.lower() for k in ("could not", "cannot", "failed", "not found",
                                                   "no such", "unable"))]
    for msg in interesting[:20]:
        echo(f"  qt: {msg}")
    total = time.perf_counter() - t_start
    if test.failed:
        echo(f"SELF-TEST FAILED ({len(test.failed)} of {len(test.checks)} checks, {total:.1f} s): "
             + "; ".join(f"{c.name}: {c.detail}" for c in test.failed))
        return 1
    echo(f"SELF-TEST PASSED ({len(test.checks)} checks, {total:.1f} s)")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="BeatSync --self-test", description=__doc__.splitlines()[0])
    ap.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--report", type=Path, help="also write the report to this file")
    ap.add_argument("--keep", action="store_true", help="keep the rendered demo output")
    ap.add_argument("--no-playback", action="store_true", help="skip the Qt Multimedia playback")
    args, _unknown = ap.parse_known_args(sys.argv[1:] if argv is None else argv)

    lines: list[str] = []

    def echo(line: str) -> None:
        lines.append(line)
        try:
            print(line, flush=True)
        except (OSError, ValueError, AttributeError):   # no usable stdout (windowed build)
            pass

    try:
        code = run(args, echo)
    except Exception:                       # noqa: BLE001 - the self-test itself broke
        echo("SELF-TEST FAILED: internal error\n" + traceback.format_exc())
        code = 2
    if args.report:
        try:
            args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
        except OSError as exc:
            echo(f"could not write report {args.report}: {exc}")
            code = code or 1
    return code


if __name__ == "__main__":
    sys.exit(main())
