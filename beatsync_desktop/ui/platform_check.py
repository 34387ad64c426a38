"""Name the system libraries Qt's X11 platform plugin is missing, before Qt gives up.

On a minimal Linux desktop Qt 6's xcb plugin (``libqxcb.so``) cannot load until libraries
such as libxcb-cursor0, libxcb-icccm4 and libxcb-keysyms1 are installed; Qt then aborts with
"no Qt platform plugin could be initialized", which names none of them. :func:`startup_problem`
runs before the ``QApplication`` exists (pure Python, no Qt import) and returns one sentence
naming the missing libraries and the apt-get command that installs them, or ``None``.

It looks only when Qt is going to use xcb: Linux, ``DISPLAY`` set, and the platform is xcb
or not chosen (``QT_QPA_PLATFORM`` / ``-platform`` unset, and not a Wayland session, where Qt
tries its Wayland plugin first). The healthy path costs one ``dlopen`` of the plugin — the
libraries it pulls in are the ones Qt loads a moment later anyway; only when that fails is
``ldd`` run to list *every* missing library rather than the first.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Callable, Mapping, Optional, Sequence

PLUGIN_RELATIVE = Path("Qt", "plugins", "platforms", "libqxcb.so")

# The Debian/Ubuntu packages Qt 6's xcb plugin needs beyond Qt itself (from `ldd libqxcb.so`,
# PySide6 6.11); README.md and build_spec/linux/install.sh name the same list.
XCB_PACKAGES = (
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-image0", "libxcb-randr0",
    "libxcb-render-util0", "libxcb-render0", "libxcb-shape0", "libxcb-shm0", "libxcb-sync1",
    "libxcb-util1", "libxcb-xfixes0", "libxcb-xkb1", "libxcb1", "libxkbcommon-x11-0",
    "libxkbcommon0", "libx11-xcb1", "libx11-6", "libegl1", "libgl1", "libfontconfig1",
    "libfreetype6", "libdbus-1-3", "libglib2.0-0",
)

# Library files whose Debian package name does not follow the soname rule below.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libz.so.1": "zlib1g",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)
_LOADER_ERROR = re.compile(r"(\S+\.so[.\d]*): cannot open shared object file")


def debian_package(soname: str) -> str:
    """Debian's package for a library file: the soname rule (``libxcb-icccm.so.4`` →
    ``libxcb-icccm4``; a hyphen when the name ends in a digit: ``libdbus-1.so.3`` →
    ``libdbus-1-3``), lower-cased, with a few known exceptions."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    name, sep, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0] if sep else ""
    name = name.lower()
    if version and name[-1:].isdigit():
        return f"{name}-{version}"
    return name + version


def missing_from_ldd(output: str) -> list[str]:
    """The ``=> not found`` libraries of an ``ldd`` listing, once each, in order."""
    seen: list[str] = []
    for name in _NOT_FOUND.findall(output):
        if name not in seen:
            seen.append(name)
    return seen


def should_check(environ: Mapping[str, str] = os.environ, platform: str = sys.platform,
                 qt_args: Sequence[str] = ()) -> bool:
    """True when Qt is about to use its xcb plugin: Linux, DISPLAY set, platform xcb/unset."""
    if not platform.startswith("linux") or not environ.get("DISPLAY"):
        return False
    chosen = environ.get("QT_QPA_PLATFORM", "")
    args = list(qt_args)
    if "-platform" in args:             # Qt's own option wins over the environment
        i = args.index("-platform") + 1
        if i >= len(args) or args[i].startswith("-"):
            return False                # its value did not reach us: cannot tell
        chosen = args[i]
    chosen = chosen.split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    # Unset: in a Wayland session Qt tries its Wayland plugin first (xcb is the fallback).
    return not (environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"))


def find_xcb_plugin() -> Optional[Path]:
    """The libqxcb.so Qt will load: the bundle's when frozen, else the installed PySide6's."""
    roots = []
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        roots.append(Path(sys._MEIPASS) / "PySide6")
    spec = importlib.util.find_spec("PySide6")          # finds the package, does not import it
    if spec is not None and spec.submodule_search_locations:
        roots.extend(Path(p) for p in spec.submodule_search_locations)
    for root in roots:
        if (root / PLUGIN_RELATIVE).is_file():
            return root / PLUGIN_RELATIVE
    return None


def _load(plugin: Path) -> Optional[str]:
    """dlopen the plugin as Qt will; the loader's error text, or None when it loads."""
    import ctypes
    try:
        ctypes.CDLL(str(plugin), mode=getattr(os, "RTLD_LAZY", 1))
    except OSError as exc:
        return str(exc)
    return None


def _ldd(plugin: Path) -> Optional[str]:
    """``ldd`` output for the plugin, seeing the libraries a frozen bundle carries."""
    import shutil
    import subprocess
    ldd = shutil.which("ldd")
    if not ldd:
        return None
    env = dict(os.environ)
    if getattr(sys, "frozen", False) and hasattr(sys, "_MEIPASS"):
        # The bootloader's LD_LIBRARY_PATH (the bundle) was reset for children: give it back.
        env["LD_LIBRARY_PATH"] = os.pathsep.join(
            p for p in (sys._MEIPASS, env.get("LD_LIBRARY_PATH", "")) if p)
    try:
        return subprocess.run([ldd, str(plugin)], capture_output=True, text=True, env=env,
                              timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None


def missing_libraries(plugin: Path, load: Callable[[Path], Optional[str]] = _load,
                      ldd: Callable[[Path], Optional[str]] = _ldd) -> list[str]:
    """Library files the plugin needs and the system lacks ([] when it loads)."""
    error = load(plugin)
    if error is None:
        return []
    missing = missing_from_ldd(ldd(plugin) or "")
    if not missing:                     # no ldd, or a failure ldd does not show: the loader's word
        missing = _LOADER_ERROR.findall(error)
    return missing


def sentence(missing: Sequence[str]) -> str:
    """One sentence: what is missing and the command that installs it."""
    packages = list(dict.fromkeys(debian_package(m) for m in missing))
    names = ", ".join(missing[:-1]) + " and " + missing[-1] if len(missing) > 1 else missing[0]
    return (f"BeatSync cannot open its window: Qt's X11 platform plugin (xcb) needs {names}, "
            f"which {'is' if len(missing) == 1 else 'are'} not installed "
            f"(on Debian/Ubuntu: sudo apt-get install {' '.join(packages)}).")


def startup_problem(qt_args: Sequence[str] = (), environ: Mapping[str, str] = os.environ,
                    platform: str = sys.platform, plugin: Optional[Path] = None,
                    load: Callable[[Path], Optional[str]] = _load,
                    ldd: Callable[[Path], Optional[str]] = _ldd) -> Optional[str]:
    """The sentence to show instead of Qt's abort, or None when the window can start
    (or when this cannot tell: not xcb, no plugin found, a load error naming no library)."""
    if not should_check(environ, platform, qt_args):
        return None
    plugin = plugin or find_xcb_plugin()
    if plugin is None:
        return None
    missing = missing_libraries(plugin, load, ldd)
    return sentence(missing) if missing else None


def refuse_to_start(qt_args: Sequence[str] = ()) -> bool:
    """The start-up hook: print and log the sentence and return True when Qt would abort."""
    try:
        problem = startup_problem(qt_args)
    except Exception:                   # never let the check itself stop a working app
        return False
    if problem is None:
        return False
    import logging
    logger = logging.getLogger("beatsync_desktop.ui")
    logger.error(problem)               # the log file (and stderr, through the app's handler)
    if sys.stderr is not None and not _logged_to_stderr(logger):
        print(problem, file=sys.stderr, flush=True)
    return True


def _logged_to_stderr(logger) -> bool:
    """Did logger.error() just reach stderr (a stderr handler, or logging's last resort)?"""
    import logging
    if not logger.hasHandlers():
        return logging.lastResort is not None
    node = logger
    while node is not None:
        if any(isinstance(h, logging.StreamHandler) and getattr(h, "stream", None) is sys.stderr
               and h.level <= logging.ERROR for h in node.handlers):
            return True
        node = node.parent if node.propagate else None
    return False
