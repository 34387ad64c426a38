"""Build BeatSync Desktop for the machine it runs on: bundle, smoke test, installer.

    python build_spec/build.py                 # onedir bundle in dist/ + smoke test
    python build_spec/build.py --installer     # … + Windows setup.exe / macOS .dmg / Linux .tar.gz
    python build_spec/build.py --no-smoke      # bundle only

Everything is driven by pyproject.toml ([project] name and version). Needs the app's
dependencies plus the `build` extra: `pip install -e ".[build]"` (PyInstaller, Pillow).
Outputs: dist/BeatSync/ (Linux, Windows) or dist/BeatSync.app (macOS); installers in dist/.

macOS signing/notarisation runs only when these are set (skipped cleanly otherwise):
  MACOS_SIGN_IDENTITY  "Developer ID Application: …"   (certificate in the keychain)
  APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD           (notarytool credentials)
Windows: Inno Setup 6 (ISCC.exe on PATH or in its default folder).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:     # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "build_spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP_NAME = "BeatSync"
IS_WIN = sys.platform.startswith("win")
IS_MAC = sys.platform == "darwin"


def project_meta() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def log(msg: str) -> None:
    print(f"[build] {msg}", flush=True)


def run(cmd: list[str], **kw) -> None:
    log("$ " + " ".join(str(c) for c in cmd))
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def tree_size(path: Path) -> tuple[int, int]:
    """Bytes and file count, not following symlinks (PyInstaller 6 bundles use them)."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(path):
        for n in names:
            p = os.path.join(dirpath, n)
            if not os.path.islink(p):
                total += os.path.getsize(p)
                files += 1
    return total, files


def ensure_icons() -> None:
    sys.path.insert(0, str(SPEC_DIR))
    import make_icons
    if make_icons.stale():
        log("icons missing or stale: regenerating from the source image")
        make_icons.make_icons()


def build_bundle(clean: bool) -> Path:
    if clean:
        shutil.rmtree(WORK, ignore_errors=True)
    for old in (DIST / APP_NAME, DIST / f"{APP_NAME}.app"):
        shutil.rmtree(old, ignore_errors=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", DIST, "--workpath", WORK, SPEC_DIR / "beatsync.spec"]
    if clean:
        cmd.insert(3, "--clean")
    run(cmd, cwd=ROOT)
    return DIST / (f"{APP_NAME}.app" if IS_MAC else APP_NAME)


def app_executable(bundle: Path) -> Path:
    if IS_MAC:
        return bundle / "Contents" / "MacOS" / APP_NAME
    return bundle / (f"{APP_NAME}.exe" if IS_WIN else APP_NAME)


# ---------------------------------------------------------------- installers

def find_iscc() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles")):
        if base and (Path(base) / "Inno Setup 6" / "ISCC.exe").is_file():
            return str(Path(base) / "Inno Setup 6" / "ISCC.exe")
    return None


def windows_installer(version: str) -> Path:
    iscc = find_iscc()
    if not iscc:
        raise SystemExit("Inno Setup 6 not found (install it: choco install innosetup)")
    numeric = ".".join(re.findall(r"\d+", version)[:4]) or "0"
    run([iscc, f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric}", f"/DSourceDir={DIST / APP_NAME}",
         f"/DOutputDir={DIST}", f"/DIconFile={ROOT / 'resources' / 'icons' / 'beatsync.ico'}",
         SPEC_DIR / "windows" / "beatsync.iss"])
    return DIST / f"{APP_NAME}-Setup-{version}.exe"


def macos_installer(bundle: Path, version: str) -> Path:
    env = dict(os.environ, APP_VERSION=version)
    run(["bash", SPEC_DIR / "macos" / "sign_and_notarize.sh", "app", bundle], env=env)
    dmg = DIST / f"{APP_NAME}-{version}.dmg"
    run(["bash", SPEC_DIR / "macos" / "make_dmg.sh", bundle, dmg], env=env)
    run(["bash", SPEC_DIR / "macos" / "sign_and_notarize.sh", "dmg", dmg], env=env)
    return dmg


def linux_archive(bundle: Path, version: str) -> Path:
    """tar keeps the symlinks of a PyInstaller 6 bundle (zip would duplicate the files)."""
    out = DIST / f"{APP_NAME}-{version}-linux-x86_64.tar.gz"
    shutil.copy2(SPEC_DIR / "linux" / "beatsync.desktop", bundle / "beatsync.desktop")
    shutil.copy2(SPEC_DIR / "linux" / "install.sh", bundle / "install.sh")
    with tarfile.open(out, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=f"{APP_NAME}-{version}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--installer", action="store_true", help="also make the installer/archive")
    ap.add_argument("--no-smoke", action="store_true", help="skip the smoke test")
    ap.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's work folder")
    args = ap.parse_args(argv)

    meta = project_meta()
    version = meta["version"]
    log(f"{meta['name']} {version} on {sys.platform}, Python {sys.version.split()[0]}")
    ensure_icons()

    t0 = time.perf_counter()
    bundle = build_bundle(clean=not args.no_clean)
    build_s = time.perf_counter() - t0
    size, files = tree_size(bundle)
    log(f"bundle {bundle} built in {build_s:.0f} s: {size / 2**20:.0f} MiB, {files} files")

    code = 0
    if not args.no_smoke:
        code = subprocess.run([sys.executable, SPEC_DIR / "smoke_test.py", app_executable(bundle)]
                              ).returncode
        if code:
            log("smoke test FAILED")
            return code

    if args.installer:
        if IS_WIN:
            out = windows_installer(version)
        elif IS_MAC:
            out = macos_installer(bundle, version)
        else:
            out = linux_archive(bundle, version)
        log(f"installer: {out} ({out.stat().st_size / 2**20:.0f} MiB)")
    log(f"done in {time.perf_counter() - t0:.0f} s")
    return code


if __name__ == "__main__":
    sys.exit(main())
