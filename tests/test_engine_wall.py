"""The engine must never import Qt: the CLI, tests and workers all share it as plain Python."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.walls import qt_imports

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "beatsync_desktop" / "core"


def test_no_qt_import_in_engine_source():
    assert qt_imports(CORE) == []


def test_running_the_engine_loads_no_qt(tmp_path):
    code = (
        "import sys\n"
        "from beatsync_desktop.core import analyze\n"
        "from beatsync_desktop.cli import demo_inputs\n"
        "analyze(*demo_inputs())\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'))\n"
        "print('QT:', bad)\n"
        "sys.exit(1 if bad else 0)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "QT: []" in proc.stdout


def test_the_engine_types_load_no_numpy_or_pyav(tmp_path):
    """The window imports the engine's types at start-up; only a probe or a job may pay
    for numpy and PyAV (core/__init__.py imports its submodules lazily)."""
    code = (
        "import sys\n"
        "import beatsync_desktop.core\n"
        "from beatsync_desktop.core import models, errors, progress\n"
        "from beatsync_desktop.core import SyncOptions, CancelToken, BeatSyncError\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'av'))\n"
        "print('HEAVY:', heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "HEAVY: []" in proc.stdout
