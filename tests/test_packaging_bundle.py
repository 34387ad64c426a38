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
