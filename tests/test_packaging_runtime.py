"""Quick checks of the frozen-app plumbing that can run unfrozen: the run-time hook, the
entry script's dispatch and the self-test's helpers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "build_spec"


def test_rthook_gives_windowed_builds_usable_streams_and_clean_child_env():
    code = (
        "import sys, os\n"
        "sys.stdout = None; sys.stderr = None\n"
        "os.environ['LD_LIBRARY_PATH'] = '/bundle/_internal'\n"
        "os.environ['LD_LIBRARY_PATH_ORIG'] = '/usr/local/lib'\n"
        f"exec(open({str(SPEC_DIR / 'rthooks' / 'pyi_rth_beatsync.py')!r}).read())\n"
        "print('print works'); sys.stderr.write('stderr works')\n"
        "import subprocess\n"
        "r = subprocess.run([sys.executable, '-c', 'import os; print(os.environ.get(\"LD_LIBRARY_PATH\"))'],"
        " capture_output=True, text=True)\n"
        "open(sys.argv[1], 'w').write(r.stdout.strip())\n"
    )
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"rthook-{os.getpid()}.txt"
    proc = subprocess.run([sys.executable, "-c", code, str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    if sys.platform.startswith("linux"):
        assert out.read_text() == "/usr/local/lib"       # the user's own value, not the bundle's
    out.unlink(missing_ok=True)


@pytest.fixture
def entry(monkeypatch):
    monkeypatch.syspath_prepend(str(SPEC_DIR))
    import beatsync_entry
    return beatsync_entry


def test_entry_dispatches_self_test(entry, monkeypatch):
    import beatsync_desktop.selftest as selftest
    seen = []
    monkeypatch.setattr(selftest, "main", lambda argv=None: seen.append(argv) or 7)
    monkeypatch.setattr(sys, "argv", ["BeatSync", "--self-test", "--report", "r.txt"])
    assert entry.main() == 7
    assert seen == [["--report", "r.txt"]]


def test_selftest_child_env_drops_bundle_paths(monkeypatch):
    from beatsync_desktop.selftest import child_env
    monkeypatch.setenv("LD_LIBRARY_PATH", "/bundle/_internal")
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    monkeypatch.setenv("QT_PLUGIN_PATH", "/bundle/_internal/PySide6/Qt/plugins")
    env = child_env()
    assert "LD_LIBRARY_PATH" not in env and "QT_PLUGIN_PATH" not in env
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/opt/lib")
    assert child_env()["LD_LIBRARY_PATH"] == "/opt/lib"


def test_selftest_reports_missing_modules_by_name():
    from beatsync_desktop.selftest import SelfTest
    lines = []
    test = SelfTest(lines.append)

    def broken():
        import beatsync_no_such_module  # noqa: F401
    test.step("imports", broken)
    assert test.failed and "No module named 'beatsync_no_such_module'" in lines[0]
