"""The self-test against the checkout (~4 s) and the real frozen build (~45-60 s).

The build is the only proof that the PyInstaller spec works, so it runs in every test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]


def test_self_test_passes_from_the_checkout(tmp_path):
    """`--self-test` unfrozen: keeps selftest.py in step with the engine and GUI APIs."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path))
    proc = subprocess.run([sys.executable, "-c",
                           "import sys; from beatsync_desktop.selftest import main; sys.exit(main([]))"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "SELF-TEST PASSED" in proc.stdout
    assert "demo job" in proc.stdout and "play 1000 ms" in proc.stdout


def test_frozen_bundle_builds_and_passes_smoke_test():
    import PyInstaller  # noqa: F401  (a test dependency: the build must not be skipped)
    proc = subprocess.run([sys.executable, str(ROOT / "build_spec" / "build.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "SMOKE TEST PASSED" in proc.stdout


def test_frozen_bundle_names_missing_xcb_libraries(tmp_path):
    """The built bundle on an X display whose system lacks libraries of Qt's xcb plugin
    (this machine lacks libxcb-icccm4 and libxcb-keysyms1) exits 1 with the one sentence of
    beatsync_desktop/ui/platform_check.py instead of Qt's abort. Runs after the build above."""
    import shutil

    import pytest
    from beatsync_desktop.ui.platform_check import missing_from_ldd
    exe = ROOT / "dist" / "BeatSync" / "BeatSync"
    internal = exe.parent / "_internal"
    plugin = internal / "PySide6" / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not (sys.platform.startswith("linux") and exe.is_file() and plugin.is_file()
            and shutil.which("ldd")):
        pytest.skip("needs the Linux bundle built by the test above, and ldd")
    missing = missing_from_ldd(subprocess.run(
        ["ldd", str(plugin)], capture_output=True, text=True,
        env=dict(os.environ, LD_LIBRARY_PATH=str(internal))).stdout)
    if not missing:
        pytest.skip("the bundle finds every library of Qt's xcb plugin here: nothing to report")
    env = {k: v for k, v in os.environ.items()
           if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"}}
    env.update(DISPLAY=":97", HOME=str(tmp_path))      # Qt never starts: no X server needed
    proc = subprocess.run([str(exe)], env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "BeatSync cannot open its window" in proc.stderr
    assert all(lib in proc.stderr for lib in missing), (missing, proc.stderr)
