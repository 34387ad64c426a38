"""Smoke test of a *built* BeatSync bundle: the only proof that the frozen app works.

    python build_spec/smoke_test.py [PATH_TO_APP_EXECUTABLE] [--no-window]

1. Runs `BeatSync --self-test` with QT_QPA_PLATFORM=offscreen (demo job end to end through
   the bundled FFmpeg libraries, then one second of Qt Multimedia playback) and fails on a
   non-zero exit, a ModuleNotFoundError/ImportError, a Qt plugin that "could not be found or
   loaded", or a missing multimedia backend anywhere in the output.
2. Starts the window with BEATSYNC_STARTUP_PROBE=FILE (it quits as soon as the window is
   visible and writes when) and reports the time from spawn to a visible window.
Both runs use a fresh HOME/APPDATA so no user settings or caches leak in.
Exit code 0 = bundle OK.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Output that means the bundle is broken even if the exit code were 0.
FATAL_PATTERNS = [
    r"ModuleNotFoundError",
    r"ImportError",
    r"could not find or load the Qt platform plugin",
    r"could not (?:be )?(?:found|loaded)",
    r"No QtMultimedia backends found",
    r"QMediaPlayer not available",
    r"Failed to execute script",
    r"Traceback \(most recent call last\)",
    r"SELF-TEST FAILED",
]
FATAL_RE = re.compile("|".join(FATAL_PATTERNS), re.IGNORECASE)


def default_executable() -> Path:
    dist = ROOT / "dist"
    if sys.platform == "darwin":
        return dist / "BeatSync.app" / "Contents" / "MacOS" / "BeatSync"
    if sys.platform.startswith("win"):
        return dist / "BeatSync" / "BeatSync.exe"
    return dist / "BeatSync" / "BeatSync"


def clean_env(home: Path) -> dict[str, str]:
    """A minimal environment like a double-click start: no PYTHONPATH, fresh user folders."""
    keep = {"PATH", "SYSTEMROOT", "SystemRoot", "WINDIR", "TEMP", "TMP", "LANG", "LC_ALL",
            "DISPLAY", "XDG_RUNTIME_DIR", "COMSPEC", "PATHEXT", "NUMBER_OF_PROCESSORS"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update({
        "HOME": str(home), "USERPROFILE": str(home), "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"), "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"), "XDG_DATA_HOME": str(home / ".local" / "share"),
        "QT_QPA_PLATFORM": "offscreen",
    })
    return env


def run_self_test(exe: Path, env: dict[str, str], timeout: float) -> tuple[bool, float, str]:
    report = Path(env["HOME"]) / "selftest-report.txt"
    t0 = time.perf_counter()
    proc = subprocess.run([str(exe), "--self-test", "--report", str(report)], env=env,
                          capture_output=True, text=True, timeout=timeout, errors="replace",
                          stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - t0
    out = proc.stdout + proc.stderr
    if not proc.stdout.strip() and report.exists():   # windowed Windows build: no stdout
        out = report.read_text(encoding="utf-8", errors="replace") + proc.stderr
    fatal = sorted({m.group(0) for m in FATAL_RE.finditer(out)})
    ok = proc.returncode == 0 and not fatal and "SELF-TEST PASSED" in out
    summary = out.strip()
    if fatal:
        summary += f"\n\nsmoke test: fatal patterns in output: {fatal}"
    summary += f"\nsmoke test: exit code {proc.returncode}"
    return ok, elapsed, summary


def time_to_window(exe: Path, env: dict[str, str], timeout: float) -> tuple[bool, float, str]:
    """Start the window; the app quits once it is visible and writes when (entry script)."""
    marker = Path(env["HOME"]) / "window-probe.txt"
    env = dict(env, BEATSYNC_STARTUP_PROBE=str(marker))
    t_spawn = time.time()
    try:
        proc = subprocess.run([str(exe)], env=env, capture_output=True, text=True,
                              errors="replace", timeout=timeout, stdin=subprocess.DEVNULL)
        out, code = proc.stdout + proc.stderr, proc.returncode
    except subprocess.TimeoutExpired as exc:
        out, code = f"timed out after {timeout:.0f} s\n{exc.stdout or ''}{exc.stderr or ''}", -1
    shown = None
    if marker.exists():
        for line in marker.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if parts and parts[0] == "BEATSYNC_WINDOW_SHOWN":
                shown = float(parts[1]) - t_spawn
    fatal = sorted({m.group(0) for m in FATAL_RE.finditer(out)})
    ok = shown is not None and not fatal and code == 0
    return ok, shown if shown is not None else float("nan"), (
        out + f"\nexit code {code}" + (f"\nfatal patterns: {fatal}" if fatal else ""))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("executable", nargs="?", type=Path, default=None)
    ap.add_argument("--no-window", action="store_true", help="skip the time-to-window run")
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args(argv)
    exe = (args.executable or default_executable()).resolve()
    if not exe.is_file():
        print(f"smoke test: no app at {exe}; build it first (python build_spec/build.py)")
        return 2
    if not os.access(exe, os.X_OK):
        print(f"smoke test: {exe} is not executable")
        return 2

    ok_all = True
    with tempfile.TemporaryDirectory(prefix="beatsync-smoke-") as tmp:
        env = clean_env(Path(tmp))
        ok, secs, out = run_self_test(exe, env, args.timeout)
        print(out)
        print(f"smoke test: self-test {'PASSED' if ok else 'FAILED'} in {secs:.1f} s (whole process)")
        ok_all &= ok
        if not args.no_window:
            ok, secs, out = time_to_window(exe, env, min(args.timeout, 120.0))
            if ok:
                print(f"smoke test: window shown after {secs:.2f} s (spawn → visible window)")
            else:
                print(out)
                print("smoke test: the window did not come up")
            ok_all &= ok
    print("SMOKE TEST " + ("PASSED" if ok_all else "FAILED"))
    return 0 if ok_all else 1


if __name__ == "__main__":
    sys.exit(main())
