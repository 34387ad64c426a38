"""BeatSync run-time hook: runs first in the frozen app, before any other code.

1. Windowed builds (console=False) start with sys.stdout / sys.stderr = None on Windows
   (and on macOS when started from Finder the streams may be closed). Any print(), logging
   StreamHandler, tqdm/warnings output or a library writing to sys.stderr would then raise.
   Point the missing streams at os.devnull (the app's real log goes to its log file).
2. A clean environment for child processes: the bootloader sets LD_LIBRARY_PATH (Linux) /
   DYLD_* (macOS) to the bundle folder and keeps the user's value in *_ORIG. Anything we start
   (xdg-open / a file manager for "show in folder", a player, ffmpeg) would inherit our
   private libraries. The dynamic loader has already read these variables at start-up, so
   restoring them now only affects children (beatsync_desktop/child_env.py, the one place
   that knows them). Qt's own variables are cleaned up by the launcher, because the PySide6
   run-time hook that sets them runs after this one.

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
        from beatsync_desktop.child_env import LIBRARY_VARS, restore   # standard library only
        restore(os.environ, LIBRARY_VARS)


_beatsync_rthook()
del _beatsync_rthook
