"""BeatSync run-time hook: runs first in the frozen app, before any other code.

1. Windowed builds (console=False) start with sys.stdout / sys.stderr = None on Windows
   (and on macOS when started from Finder the streams may be closed). Any print(), logging
   StreamHandler, tqdm/warnings output or a library writing to sys.stderr would then raise.
   Point the missing streams at os.devnull (the app's real log goes to its log file).
2. A clean environment for child processes: the bootloader sets LD_LIBRARY_PATH (Linux) /
   DYLD_* (macOS) to the bundle folder and keeps the user's value in *_ORIG. Anything we start
   (xdg-open / a file manager for "show in folder", a player, ffmpeg) would inherit our
   private libraries. The dynamic loader has already read these variables at start-up, so
   restoring them now only affects children. Qt's own variables are cleaned up in
   beatsync_entry.py, because the PySide6 run-time hook that sets them runs after this one.

numba is not bundled (the engine has no numba/librosa), so no NUMBA_CACHE_DIR is needed.
"""


def _beatsync_rthook():
    import os
    import sys

    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or getattr(stream, "closed", False):
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    if getattr(sys, "stdin", None) is None:
        sys.stdin = open(os.devnull, "r", encoding="utf-8")  # noqa: SIM115

    if sys.platform.startswith("linux") or sys.platform == "darwin":
        names = ("LD_LIBRARY_PATH",) if sys.platform.startswith("linux") else (
            "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH", "DYLD_FALLBACK_LIBRARY_PATH")
        for var in names:
            orig = os.environ.pop(var + "_ORIG", None)
            if orig:
                os.environ[var] = orig
            else:
                os.environ.pop(var, None)


_beatsync_rthook()
del _beatsync_rthook
