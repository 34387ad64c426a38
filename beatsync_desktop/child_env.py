"""The environment a child process gets: without the frozen app's private paths.

PyInstaller's bootloader points LD_LIBRARY_PATH (Linux) / DYLD_* (macOS) at the bundle and
keeps the user's value in `<VAR>_ORIG`; PySide6's run-time hook sets QT_PLUGIN_PATH and
QML2_IMPORT_PATH to the bundle. Anything we start (a file manager for "show in folder", a
player, ffmpeg) would inherit our private libraries and plugins. The loader has read these
variables already, so restoring them only affects children.

Standard library only: the run-time hook (build_spec/rthooks) imports it before anything
else, the launcher calls `clean_environ()` again once PySide6's hook has run.
"""

from __future__ import annotations

import os
import sys
from typing import Mapping, MutableMapping, Optional

LIBRARY_VARS = ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH", "DYLD_FRAMEWORK_PATH",
                "DYLD_FALLBACK_LIBRARY_PATH")
QT_VARS = ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH")
BUNDLE_VARS = LIBRARY_VARS + QT_VARS


def restore(env: MutableMapping[str, str], names=BUNDLE_VARS) -> None:
    """Give each variable its value from before the bundle (`<VAR>_ORIG`), or remove it."""
    for var in names:
        orig = env.pop(var + "_ORIG", None)
        if orig:
            env[var] = orig
        else:
            env.pop(var, None)


def clean_environ(names=BUNDLE_VARS) -> None:
    """`restore` this process's own environment, in a frozen app only."""
    if getattr(sys, "frozen", False):
        restore(os.environ, names)


def child_env(base: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """A copy of the environment for a child process, without the bundle's paths (and, on
    Windows, without the bundle's folder on PATH)."""
    env = dict(os.environ if base is None else base)
    restore(env)
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass and os.name == "nt":
        bundle = os.path.normcase(meipass)
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep)
            if p and not os.path.normcase(os.path.abspath(p)).startswith(bundle))
    return env


def bundle_paths_left() -> list[str]:
    """The variables that still point into the bundle (the self-test's check)."""
    bundle = getattr(sys, "_MEIPASS", None)
    return [var for var in BUNDLE_VARS if bundle and bundle in os.environ.get(var, "")]
