"""Quick checks of the packaging assets: icons, Info.plist, entitlements, Inno Setup
script, signing/dmg scripts, CI workflow. No build is run."""

from __future__ import annotations

import os
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "build_spec"
ICONS = ROOT / "resources" / "icons"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# ---------------------------------------------------------------- icons

def test_icons_are_valid_and_complete():
    from PIL import Image
    src = Image.open(ICONS / "beatsync-source.png")
    assert src.size == (1024, 1024) and src.mode == "RGBA"
    ico = Image.open(ICONS / "beatsync.ico")
    assert ico.format == "ICO"
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    icns = Image.open(ICONS / "beatsync.icns")
    assert icns.format == "ICNS" and icns.size == (1024, 1024)
    png = Image.open(ICONS / "beatsync.png")
    assert png.format == "PNG" and png.size == (512, 512) and png.mode == "RGBA"
    assert png.getpixel((256, 256))[3] == 255 and png.getpixel((0, 0))[3] == 0  # opaque tile, clear corner


def test_icons_are_derived_from_the_source(tmp_path):
    """Regenerating from the source image gives the committed icons (no hand-edited copies)."""
    from PIL import Image
    sys.path.insert(0, str(SPEC_DIR))
    try:
        import make_icons
    finally:
        sys.path.remove(str(SPEC_DIR))
    make_icons.make_icons(out_dir=tmp_path)
    for name in ("beatsync.png", "beatsync.icns"):
        fresh = Image.open(tmp_path / name).convert("RGBA")
        committed = Image.open(ICONS / name).convert("RGBA")
        assert fresh.size == committed.size
        assert fresh.tobytes() == committed.tobytes(), f"{name} is stale: run build_spec/make_icons.py"


# ---------------------------------------------------------------- macOS

def test_info_plist_declares_document_types_and_appearance():
    plist = plistlib.loads((SPEC_DIR / "macos" / "Info.plist").read_bytes())
    assert plist["NSHighResolutionCapable"] is True
    assert plist["NSRequiresAquaSystemAppearance"] is False     # follow dark mode
    assert "CFBundleShortVersionString" not in plist             # comes from pyproject via the spec
    types_ = [t for d in plist["CFBundleDocumentTypes"] for t in d["LSItemContentTypes"]]
    assert "public.movie" in types_ and "public.mpeg-4" in types_ and "com.apple.quicktime-movie" in types_
    for doc in plist["CFBundleDocumentTypes"]:
        assert doc["CFBundleTypeRole"] == "Viewer" and doc["LSHandlerRank"] == "Alternate"


def test_entitlements_are_minimal_hardened_runtime_exceptions():
    ent = plistlib.loads((SPEC_DIR / "macos" / "entitlements.plist").read_bytes())
    assert ent == {"com.apple.security.cs.allow-unsigned-executable-memory": True,
                   "com.apple.security.cs.disable-library-validation": True}


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("script", ["sign_and_notarize.sh", "make_dmg.sh"])
def test_macos_scripts_parse(script):
    subprocess.run(["bash", "-n", str(SPEC_DIR / "macos" / script)], check=True)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("mode", ["app", "dmg"])
def test_signing_is_skipped_cleanly_without_credentials(mode, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in {"MACOS_SIGN_IDENTITY", "APPLE_ID", "APPLE_TEAM_ID", "APPLE_APP_PASSWORD"}}
    proc = subprocess.run(["bash", str(SPEC_DIR / "macos" / "sign_and_notarize.sh"), mode,
                           str(tmp_path / "BeatSync.app")], env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stdout


# ---------------------------------------------------------------- Windows

def test_inno_script_takes_version_and_names_the_installer():
    iss = (SPEC_DIR / "windows" / "beatsync.iss").read_text(encoding="utf-8")
    assert "#error" in iss and "#ifndef AppVersion" in iss            # never a stale literal
    assert not re.search(r"#define\s+AppVersion\s+\"", iss)
    assert "OutputBaseFilename={#AppName}-Setup-{#AppVersion}" in iss
    assert '#define AppName "BeatSync"' in iss
    assert "{autoprograms}" in iss                                     # Start-menu entry
    for ext in (".mp4", ".mov", ".mkv"):                               # Open with → BeatSync
        assert f"Software\\Classes\\{ext}\\OpenWithProgids" in iss
    assert "uninsdeletevalue" in iss and "uninsdeletekey" in iss      # uninstaller cleans up
    assert '""%1""' in iss                                             # the file reaches argv


def test_build_script_passes_pyproject_version_to_inno(monkeypatch, tmp_path):
    sys.path.insert(0, str(SPEC_DIR))
    try:
        import build
    finally:
        sys.path.remove(str(SPEC_DIR))
    assert build.project_meta()["version"] == VERSION
    seen = []
    monkeypatch.setattr(build, "find_iscc", lambda: "ISCC.exe")
    monkeypatch.setattr(build, "run", lambda cmd, **kw: seen.append([str(c) for c in cmd]))
    out = build.windows_installer(VERSION)
    assert out.name == f"BeatSync-Setup-{VERSION}.exe"
    assert f"/DAppVersion={VERSION}" in seen[0]
    assert seen[0][-1].endswith("beatsync.iss")


# ---------------------------------------------------------------- CI

def test_ci_workflow_builds_all_three_systems():
    import yaml
    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "package.yml").read_text(encoding="utf-8"))
    job = wf["jobs"]["package"]
    oses = job["strategy"]["matrix"]["os"]
    assert any(o.startswith("windows") for o in oses)
    assert any(o.startswith("macos") for o in oses)
    assert any(o.startswith("ubuntu") for o in oses)
    runs = " ".join(step.get("run", "") for step in job["steps"])
    assert "build_spec/build.py --installer" in runs
    assert any(step.get("uses", "").startswith("actions/upload-artifact") for step in job["steps"])
