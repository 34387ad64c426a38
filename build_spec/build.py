"""Build BeatSync Desktop for the machine it runs on: bundle, smoke test, installer.

    python build_spec/build.py                 # onedir bundle in dist/ + smoke test
    python build_spec/build.py --installer     # … + Windows setup.exe / macOS .dmg / Linux .tar.gz
    python build_spec/build.py --no-smoke      # bundle only
    python build_spec/build.py --wine-installer   # Linux: compile the Windows setup.exe under Wine

Everything is driven by pyproject.toml ([project] name and version). Needs the app's
dependencies plus the `build` extra: `pip install -e ".[build]"` (PyInstaller, Pillow).
Outputs: dist/BeatSync/ (Linux, Windows) or dist/BeatSync.app (macOS); installers in dist/.

macOS signing/notarisation runs only when these are set (skipped cleanly otherwise):
  MACOS_SIGN_IDENTITY  "Developer ID Application: …"   (certificate in the keychain)
  APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD           (notarytool credentials)
Windows: Inno Setup 6 (ISCC.exe on PATH or in its default folder).

--wine-installer (Linux, no PyInstaller run): stages a folder laid out as the Windows onedir
build lays it out — names taken from beatsync.spec run as on Windows, the real data files —
and compiles windows/beatsync.iss against it with Inno Setup's ISCC.exe under Wine, in a
throwaway Wine prefix. Needs `wine` (with 32-bit support: ISCC.exe is a 32-bit program; on
Debian `dpkg --add-architecture i386 && apt-get install wine wine32:i386 wine64`) and either
npm or the npm package INNOSETUP_NPM below already installed (`npm install -g innosetup@…`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import types
from dataclasses import dataclass, field
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
# Inno Setup's compiler for Linux hosts (run under Wine): the npm package ships ISCC.exe.
# Pinned exactly; .ci/run installs the same version.
INNOSETUP_NPM = "innosetup@6.4.1"


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


def numeric_version(version: str) -> str:
    """VersionInfoVersion must be numeric (1.2.3[.4]): 1.0rc1 → 1.0.1."""
    return ".".join(re.findall(r"\d+", version)[:4]) or "0"


def windows_installer(version: str) -> Path:
    iscc = find_iscc()
    if not iscc:
        raise SystemExit("Inno Setup 6 not found (install it: choco install innosetup)")
    numeric = numeric_version(version)
    run([iscc, f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric}", f"/DSourceDir={DIST / APP_NAME}",
         f"/DOutputDir={DIST}", f"/DIconFile={ROOT / 'resources' / 'icons' / 'beatsync.ico'}",
         SPEC_DIR / "windows" / "beatsync.iss"])
    return DIST / f"{APP_NAME}-Setup-{version}.exe"


# ---------------------------------------------------------------- Windows installer under Wine

def spec_layout(platform: str = "win32") -> dict:
    """What beatsync.spec would build on `platform`, without PyInstaller: the spec runs with
    stand-ins for PyInstaller's build classes that record their arguments. Returns the bundle
    folder name, executable name, contents directory and (destination, source) data files."""
    calls: dict[str, list] = {}

    class Stub:
        def __init__(self, *args, **kwargs):
            self.args, self.kwargs = args, kwargs
            calls.setdefault(type(self).__name__, []).append(self)
            self.binaries = list(kwargs.get("binaries", []))
            self.datas = [(dest, src, "DATA") for src, dest in kwargs.get("datas", [])]
            self.pure, self.scripts = [], []

    def stub(name):
        return type(name, (Stub,), {})

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: []
    versioninfo = types.ModuleType("PyInstaller.utils.win32.versioninfo")
    for cls in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                "StringStruct", "VarFileInfo", "VarStruct"):
        setattr(versioninfo, cls, stub(cls))
    bindepend = types.ModuleType("PyInstaller.depend.bindepend")
    bindepend.get_imports = lambda src: set()
    fakes = {"PyInstaller": types.ModuleType("PyInstaller"),
             "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
             "PyInstaller.utils.hooks": hooks,
             "PyInstaller.utils.win32": types.ModuleType("PyInstaller.utils.win32"),
             "PyInstaller.utils.win32.versioninfo": versioninfo,
             "PyInstaller.depend": types.ModuleType("PyInstaller.depend"),
             "PyInstaller.depend.bindepend": bindepend}
    fakes["PyInstaller.utils.win32"].versioninfo = versioninfo
    fakes["PyInstaller.depend"].bindepend = bindepend
    saved_modules = {name: sys.modules.get(name) for name in fakes}
    saved_platform = sys.platform
    spec = SPEC_DIR / "beatsync.spec"
    ns = {"SPECPATH": str(SPEC_DIR), "workpath": tempfile.gettempdir(), "__file__": str(spec),
          "__name__": "__main__"}
    ns.update({name: stub(name) for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")})
    try:
        sys.modules.update(fakes)
        sys.platform = platform
        exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), ns)
    finally:
        sys.platform = saved_platform
        for name, module in saved_modules.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    (exe,) = calls["EXE"]
    (coll,) = calls["COLLECT"]
    exe_name = exe.kwargs["name"]
    if platform.startswith("win") and not exe_name.lower().endswith(".exe"):
        exe_name += ".exe"                       # PyInstaller adds it on Windows
    datas = []
    for dest_dir, src, _kind in coll.args[2]:    # COLLECT(exe, a.binaries, a.datas, …)
        datas.append((Path(dest_dir, Path(src).name).as_posix(), Path(src)))
    return {"folder": coll.kwargs["name"], "exe": exe_name,
            # PyInstaller >= 6 puts everything but the executable in this folder
            "contents": exe.kwargs.get("contents_directory", "_internal"),
            "icon": Path(exe.kwargs["icon"]), "version": ns["VERSION"], "datas": datas,
            "info_plist": calls["BUNDLE"][0].kwargs["info_plist"] if "BUNDLE" in calls else None}


def stage_windows_layout(dest: Path) -> Path:
    """A folder laid out as the Windows onedir build: BeatSync/BeatSync.exe (a stand-in: a
    Windows executable cannot be built here) and BeatSync/_internal/ with the spec's real data
    files (demo media, icons, translations). Returns the bundle folder."""
    layout = spec_layout("win32")
    bundle = dest / layout["folder"]
    shutil.rmtree(bundle, ignore_errors=True)
    (bundle / layout["contents"]).mkdir(parents=True)
    (bundle / layout["exe"]).write_bytes(
        b"MZ stand-in for the PyInstaller bootloader; the compile only packs it\n")
    for rel, src in layout["datas"]:
        target = bundle / layout["contents"] / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return bundle


def windows_path(path: Path) -> str:
    """The path as Wine's programs see it (Wine maps drive Z: to /)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


def _npm_iscc(prefix: Path) -> Path | None:
    pkg = prefix / "innosetup"
    try:
        version = json.loads((pkg / "package.json").read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    iscc = pkg / "bin" / "ISCC.exe"
    return iscc if version == INNOSETUP_NPM.split("@")[1] and iscc.is_file() else None


def find_wine_iscc(install: bool = True) -> Path | None:
    """ISCC.exe of the pinned npm package: $BEATSYNC_ISCC, the global npm package (.ci/run
    installs it), or build/tools/ — installed there with npm when missing and `install`."""
    if os.environ.get("BEATSYNC_ISCC"):
        return Path(os.environ["BEATSYNC_ISCC"])
    npm = shutil.which("npm")
    if npm:
        try:
            root = subprocess.run([npm, "root", "-g"], capture_output=True, text=True,
                                  timeout=60).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            root = ""
        if root and (found := _npm_iscc(Path(root))):
            return found
    local = ROOT / "build" / "tools"
    if (found := _npm_iscc(local / "node_modules")):
        return found
    if npm and install:
        local.mkdir(parents=True, exist_ok=True)
        run([npm, "install", "--prefix", local, "--no-save", "--no-audit", "--no-fund",
             "--loglevel=error", INNOSETUP_NPM])
        return _npm_iscc(local / "node_modules")
    return None


@dataclass
class WineCompile:
    setup: Path                  # dist/BeatSync-Setup-<version>.exe (or wherever out_dir is)
    log: str                     # ISCC's output
    returncode: int
    prefix_s: float              # creating the throwaway Wine prefix
    compile_s: float             # ISCC itself (wine start-up included)
    warnings: list[str] = field(default_factory=list)


def _wine_env(prefix: Path) -> dict:
    tmp = prefix.parent / "tmp"          # wineserver's socket folder goes here, removed with it
    tmp.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", TMPDIR=str(tmp),
               WINEDLLOVERRIDES="mscoree,mshtml=")     # no Mono/Gecko install prompts
    env.pop("DISPLAY", None)     # headless: ISCC is a console program and needs no X server
    env.pop("WAYLAND_DISPLAY", None)
    return env


def wine_compile_installer(version: str, out_dir: Path, source_dir: Path | None = None,
                           iscc: Path | None = None, work: Path | None = None) -> WineCompile:
    """Compile windows/beatsync.iss with ISCC.exe under Wine against `source_dir` (staged
    with stage_windows_layout() when None), in a throwaway Wine prefix that is removed after."""
    wine = shutil.which("wine")
    if not wine:
        raise SystemExit("wine not found (Debian: dpkg --add-architecture i386 && apt-get update"
                         " && apt-get install wine wine32:i386 wine64)")
    iscc = iscc or find_wine_iscc()
    if not iscc:
        raise SystemExit(f"ISCC.exe not found: npm install -g {INNOSETUP_NPM}")
    out_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="beatsync-wine-", dir=work))
    env = _wine_env(work / "prefix")
    try:
        if source_dir is None:
            source_dir = stage_windows_layout(work / "stage")
        t0 = time.perf_counter()
        boot = subprocess.run([wine, "wineboot", "--init"], env=env, capture_output=True,
                              text=True, errors="replace", timeout=600)
        prefix_s = time.perf_counter() - t0
        if boot.returncode:
            raise SystemExit(f"wineboot failed ({boot.returncode}): {boot.stderr[-2000:]}")
        numeric = numeric_version(version)
        cmd = [wine, str(iscc), f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric}",
               f"/DSourceDir={windows_path(source_dir)}", f"/DOutputDir={windows_path(out_dir)}",
               f"/DIconFile={windows_path(ROOT / 'resources' / 'icons' / 'beatsync.ico')}",
               windows_path(SPEC_DIR / "windows" / "beatsync.iss")]
        log(f"$ {' '.join(cmd)}")
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, timeout=600)
        compile_s = time.perf_counter() - t0
        text = (proc.stdout + proc.stderr).decode("utf-8", "replace").replace("\r\n", "\n")
        return WineCompile(setup=out_dir / f"{APP_NAME}-Setup-{version}.exe", log=text,
                           returncode=proc.returncode, prefix_s=prefix_s, compile_s=compile_s,
                           warnings=[ln.strip() for ln in text.splitlines()
                                     if ln.strip().startswith("Warning")])
    finally:
        server = shutil.which("wineserver")
        if server and (work / "prefix").exists():    # stop this prefix's server, then remove it
            subprocess.run([server, "-k"], env=env, capture_output=True, timeout=120)
        shutil.rmtree(work, ignore_errors=True)


# ---------------------------------------------------------------- reading a Windows executable

def pe_resources(path: Path) -> dict[int, list[bytes]]:
    """The resources of a PE file (setup.exe), by numeric type (3 icon, 14 icon group,
    16 version): the data of every name/language leaf. Pure Python, any platform."""
    data = Path(path).read_bytes()
    if data[:2] != b"MZ":
        raise ValueError(f"{path} is not a Windows executable")
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe:pe + 4] != b"PE\0\0":
        raise ValueError(f"{path} has no PE header")
    n_sections = struct.unpack_from("<H", data, pe + 6)[0]
    opt_size = struct.unpack_from("<H", data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from("<H", data, opt)[0]
    dirs = opt + (96 if magic == 0x10B else 112)
    res_rva, _res_size = struct.unpack_from("<II", data, dirs + 2 * 8)
    sections = []
    for i in range(n_sections):
        sh = opt + opt_size + 40 * i
        vsize, vaddr, raw_size, raw_ptr = struct.unpack_from("<IIII", data, sh + 8)
        sections.append((vaddr, max(vsize, raw_size), raw_ptr))

    def offset(rva: int) -> int:
        for vaddr, size, raw_ptr in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raw_ptr
        raise ValueError(f"RVA {rva:#x} is in no section")

    base = offset(res_rva)

    def entries(rel: int):
        named, ids = struct.unpack_from("<HH", data, base + rel + 12)
        for i in range(named + ids):
            name, target = struct.unpack_from("<II", data, base + rel + 16 + 8 * i)
            yield name, target

    out: dict[int, list[bytes]] = {}
    for type_id, type_dir in entries(0):
        if not type_dir & 0x80000000 or type_id & 0x80000000:
            continue
        for _name, name_dir in entries(type_dir & 0x7FFFFFFF):
            leaves = entries(name_dir & 0x7FFFFFFF) if name_dir & 0x80000000 else [(0, name_dir)]
            for _lang, leaf in leaves:
                rva, size = struct.unpack_from("<II", data, base + (leaf & 0x7FFFFFFF))
                start = offset(rva)
                out.setdefault(type_id, []).append(data[start:start + size])
    return out


def pe_version_info(path: Path) -> dict[str, str]:
    """The version resource of a PE file: its string table (FileVersion, ProductVersion, …,
    stripped of Inno Setup's padding) and the numeric "FixedFileVersion"/"FixedProductVersion"."""
    (blob, *_rest) = pe_resources(path)[16]
    info: dict[str, str] = {}

    def walk(off: int, end: int, depth: int) -> None:
        while off + 6 <= end:
            length, value_len, kind = struct.unpack_from("<HHH", blob, off)
            if length == 0:
                break
            key_end = off + 6
            while blob[key_end:key_end + 2] != b"\0\0":
                key_end += 2
            key = blob[off + 6:key_end].decode("utf-16-le")
            pos = (key_end + 2 + 3) & ~3
            if key == "VS_VERSION_INFO" and value_len >= 52:
                ms, ls, pms, pls = struct.unpack_from("<IIII", blob, pos + 8)
                info["FixedFileVersion"] = f"{ms >> 16}.{ms & 0xFFFF}.{ls >> 16}.{ls & 0xFFFF}"
                info["FixedProductVersion"] = f"{pms >> 16}.{pms & 0xFFFF}.{pls >> 16}.{pls & 0xFFFF}"
            value_bytes = value_len * 2 if kind == 1 else value_len
            if depth == 3 and kind == 1:             # String: key = name, value = text
                raw = blob[pos:pos + value_bytes].decode("utf-16-le", "replace")
                info[key] = raw.split("\0")[0].strip()
            child = (pos + value_bytes + 3) & ~3
            walk(child, off + length, depth + 1)
            off = (off + length + 3) & ~3

    walk(0, len(blob), 0)
    return info


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
    ap.add_argument("--wine-installer", action="store_true",
                    help="Linux: stage the Windows layout and compile the Inno Setup installer "
                         "with ISCC.exe under Wine (no PyInstaller run)")
    args = ap.parse_args(argv)

    meta = project_meta()
    version = meta["version"]
    log(f"{meta['name']} {version} on {sys.platform}, Python {sys.version.split()[0]}")
    if args.wine_installer:
        return wine_installer_main(version)
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


def wine_installer_main(version: str) -> int:
    t0 = time.perf_counter()
    result = wine_compile_installer(version, DIST)
    print(result.log, end="" if result.log.endswith("\n") else "\n")
    if result.returncode or not result.setup.is_file():
        log(f"ISCC FAILED (exit {result.returncode})")
        return result.returncode or 1
    info = pe_version_info(result.setup)
    log(f"installer: {result.setup} ({result.setup.stat().st_size / 2**20:.1f} MiB), "
        f"ProductVersion {info.get('ProductVersion')}; Wine prefix {result.prefix_s:.1f} s, "
        f"ISCC {result.compile_s:.1f} s, total {time.perf_counter() - t0:.1f} s")
    for warning in result.warnings:
        log(warning)
    return 1 if result.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
