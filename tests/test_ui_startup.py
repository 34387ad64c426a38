"""The window is on screen fast and without the heavy engine libraries."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent


def test_window_shows_without_heavy_modules(tmp_path):
    from beatsync_desktop.ui.startup_probe import TARGET_S, measure
    env_before = os.environ.get("BEATSYNC_LOG_DIR")
    os.environ["BEATSYNC_LOG_DIR"] = str(tmp_path)
    try:
        r = measure(runs=2)
    finally:
        if env_before is None:
            os.environ.pop("BEATSYNC_LOG_DIR", None)
    assert r["heavy_modules"] == [], r
    print(f"startup: {r['best_s']:.2f} s")
    # The target is 1.5 s on a desktop; leave room for a loaded CI machine.
    assert r["best_s"] < max(TARGET_S * 2, 3.0), r


def test_constructing_the_window_imports_no_engine(tmp_path):
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from beatsync_desktop.ui.app import create_window\n"
        f"w, c = create_window({str(tmp_path / 's.ini')!r})\n"
        "w.show(); app.processEvents()\n"
        "heavy = [m for m in ('numpy','av','scipy','librosa','numba','beatsync_desktop.core.pipeline') if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, env=dict(os.environ, BEATSYNC_LOG_DIR=str(tmp_path)))
    assert "HEAVY=\n" in out.stdout, out.stdout + out.stderr


def test_engine_never_imports_qt():
    code = ("import sys, beatsync_desktop.core\n"
            "print('QT=' + ','.join(m for m in sys.modules if m.startswith('PySide6')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    if "ModuleNotFoundError" in out.stderr:
        import pytest
        pytest.skip("engine not importable yet")
    assert "QT=\n" in out.stdout, out.stdout + out.stderr
