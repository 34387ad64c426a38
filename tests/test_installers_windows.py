"""Windows installer, proven on Linux: Inno Setup's own compiler (ISCC.exe 6.4.1 from the
npm package `innosetup`) compiles build_spec/windows/beatsync.iss under Wine against a folder
staged exactly as the Windows onedir build lays it out (names from beatsync.spec run as on
Windows). The compile checks every section, file reference, language file, icon and registry
entry; ISCC's warnings (e.g. a message missing from a language) fail the test. Running the
setup itself under Wine is not reliable, so the proof stops at the compiled setup.exe, whose
version resource and icons are read back here.

Time: creating the throwaway Wine prefix takes 15–40 s on a 2-core machine, the compile
3–12 s. Skips only where Wine or npm is absent (.ci/run installs both on Debian).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import struct
import sys
from pathlib import Path

import pytest

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
SPEC_DIR = ROOT / "build_spec"
WINDOWS = SPEC_DIR / "windows"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"%\d|%n|\[name(?:/ver)?\]|\[gb\]|\[mb\]")

def _load_build():
    """build_spec/build.py under its own name (PyPI's `build` may be importable as `build`)."""
    if "beatsync_build" not in sys.modules:
        spec = importlib.util.spec_from_file_location("beatsync_build", SPEC_DIR / "build.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["beatsync_build"] = module
        spec.loader.exec_module(module)
    return sys.modules["beatsync_build"]


build = _load_build()


def read_isl(path: Path) -> dict[tuple[str, str], str]:
    """(section, key) → value of an Inno Setup .isl/.iss messages file."""
    out, section = {}, ""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("["):
            section = line.strip()
        elif line and not line.startswith(";") and "=" in line:
            key, _, value = line.partition("=")
            out[(section, key)] = value
    return out


# ---------------------------------------------------------------- the compile under Wine

@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    if shutil.which("wine") is None:
        pytest.skip("Wine is not installed (Debian: dpkg --add-architecture i386 && apt-get "
                    "install wine wine32:i386 wine64 — .ci/run does this)")
    iscc = build.find_wine_iscc(install=shutil.which("npm") is not None)
    if iscc is None:
        pytest.skip(f"npm is not installed, nor the npm package {build.INNOSETUP_NPM} "
                    "(.ci/run installs both on Debian)")
    result = build.wine_compile_installer(VERSION, tmp_path_factory.mktemp("setup"), iscc=iscc)
    print(f"\nWine prefix {result.prefix_s:.1f} s, ISCC {result.compile_s:.1f} s")
    return result


def test_iscc_compiles_the_installer_under_wine(compiled):
    assert compiled.returncode == 0, compiled.log[-4000:]
    assert "Compiler engine version: Inno Setup 6.4.1" in compiled.log
    assert "Successful compile" in compiled.log
    assert compiled.warnings == []                    # e.g. a message missing from a language
    assert compiled.setup.name == f"BeatSync-Setup-{VERSION}.exe"
    assert compiled.setup.is_file() and compiled.setup.stat().st_size > 1_000_000
    assert compiled.log.rstrip().endswith(f"\\BeatSync-Setup-{VERSION}.exe")


def test_installer_carries_the_pyproject_version(compiled):
    info = build.pe_version_info(compiled.setup)
    numeric = ".".join((re.findall(r"\d+", VERSION) + ["0", "0", "0"])[:4])
    assert info["ProductVersion"] == VERSION
    assert info["FixedFileVersion"] == numeric and info["FixedProductVersion"] == numeric
    assert info["ProductName"] == "BeatSync" and info["CompanyName"] == "BeatSync Desktop team"


def test_installer_carries_the_app_icon(compiled):
    """Every image of resources/icons/beatsync.ico is an icon resource of setup.exe."""
    ico = (ROOT / "resources" / "icons" / "beatsync.ico").read_bytes()
    count = struct.unpack_from("<H", ico, 4)[0]
    images = []
    for i in range(count):
        size, offset = struct.unpack_from("<II", ico, 6 + 16 * i + 8)
        images.append(ico[offset:offset + size])
    icons = build.pe_resources(compiled.setup)[3]
    assert count >= 4 and all(image in icons for image in images)


def test_installer_packs_the_whole_staged_layout(compiled):
    layout = build.spec_layout("win32")
    packed = {line.split("\\" + layout["folder"] + "\\", 1)[1]
              for line in compiled.log.splitlines() if line.strip().startswith("Compressing: ")}
    expected = {layout["exe"]} | {f"{layout['contents']}\\{rel.replace('/', chr(92))}"
                                  for rel, _src in layout["datas"]}
    assert packed == expected


def test_installer_reads_our_chinese_messages(compiled):
    assert re.search(r"Reading file: .*\\build_spec\\windows\\ChineseSimplified\.isl", compiled.log)


# ---------------------------------------------------------------- the staged layout

def test_staged_layout_is_the_spec_windows_onedir(tmp_path):
    platform, modules = sys.platform, dict(sys.modules)
    layout = build.spec_layout("win32")
    assert sys.platform == platform                     # the stand-ins leave no trace
    assert all(sys.modules.get(name) is module for name, module in modules.items()
               if name.startswith("PyInstaller"))
    assert (layout["folder"], layout["exe"], layout["contents"]) == ("BeatSync", "BeatSync.exe", "_internal")
    assert layout["version"] == VERSION and layout["icon"].name == "beatsync.ico"
    bundle = build.stage_windows_layout(tmp_path)
    files = {p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()}
    assert "BeatSync.exe" in files
    for rel in ("beatsync_desktop/resources/demo/demo_class.mp4",
                "beatsync_desktop/resources/demo/demo_song.mp3",
                "beatsync_desktop/resources/icons/beatsync.ico",
                "beatsync_desktop/ui/i18n/beatsync_zh_CN.qm"):
        assert f"_internal/{rel}" in files, rel
    assert build.spec_layout("linux")["exe"] == "BeatSync"


def test_windows_paths_for_wine():
    assert build.windows_path(Path("/tmp/a b/c.iss")) == "Z:\\tmp\\a b\\c.iss"


# ---------------------------------------------------------------- the Chinese messages file

def _default_isl() -> Path:
    iscc = build.find_wine_iscc(install=False)
    if iscc is None or not (iscc.parent / "Default.isl").is_file():
        pytest.skip(f"Inno Setup's Default.isl not here (npm install -g {build.INNOSETUP_NPM})")
    return iscc.parent / "Default.isl"


def test_chinese_messages_cover_every_default_message():
    english = read_isl(_default_isl())
    chinese = read_isl(WINDOWS / "ChineseSimplified.isl")
    messages = {k for k in english if k[0] in ("[Messages]", "[CustomMessages]")}
    assert messages <= set(chinese), sorted(messages - set(chinese))
    assert set(chinese) - set(english) == set(), "keys Default.isl does not have"


def test_chinese_messages_keep_placeholders_access_keys_and_periods():
    english = read_isl(_default_isl())
    chinese = read_isl(WINDOWS / "ChineseSimplified.isl")
    untranslatable = {"ComponentSize1", "ComponentSize2", "UninstallDisplayNameMark",
                      "UninstallDisplayNameMarks"}
    for (section, key), en in english.items():
        if section not in ("[Messages]", "[CustomMessages]"):
            continue
        zh = chinese[(section, key)]
        assert sorted(PLACEHOLDER.findall(zh)) == sorted(PLACEHOLDER.findall(en)), key
        assert zh.replace("&&", "").count("&") == en.replace("&&", "").count("&"), key
        if not en:
            assert zh == "", key
            continue
        if key not in untranslatable:
            assert CJK.search(zh), f"{key} is not translated"
        # Inno Setup appends the period itself to messages that end without one
        if en[-1] not in ".?:!":
            assert zh[-1] not in "。.", key
        elif en.endswith("..."):                           # "Browse...", "Extracting files..."
            assert zh.endswith("..."), key
        elif en.endswith("."):
            assert zh.endswith("。"), key
        elif en.endswith("?"):
            assert zh.endswith("？"), key
        elif en.endswith(":"):
            assert zh.endswith("："), key


def test_chinese_messages_file_is_utf8_with_the_right_language_id():
    raw = (WINDOWS / "ChineseSimplified.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                 # UTF-8 with BOM, as Default.isl
    options = {k: v for (s, k), v in read_isl(WINDOWS / "ChineseSimplified.isl").items()
               if s == "[LangOptions]"}
    assert options["LanguageName"] == "简体中文"
    assert options["LanguageID"] == "$0804"                  # zh-CN: picked on a Chinese Windows
    assert options["LanguageCodePage"] == "936"


# ---------------------------------------------------------------- the script

def test_script_offers_chinese_chosen_from_the_windows_language():
    iss = (WINDOWS / "beatsync.iss").read_text(encoding="utf-8-sig")
    languages = re.findall(r'^Name: "(\w+)"; MessagesFile: "([^"]+)"', iss, re.MULTILINE)
    assert languages[0] == ("english", "compiler:Default.isl")    # the fallback
    assert ("chinesesimplified", "ChineseSimplified.isl") in languages
    assert re.search(r"^LanguageDetectionMethod=uilanguage$", iss, re.MULTILINE)
    assert re.search(r"^ShowLanguageDialog=(yes|auto)$", iss, re.MULTILINE)


def test_every_custom_message_exists_in_every_language():
    iss = (WINDOWS / "beatsync.iss").read_text(encoding="utf-8-sig")
    languages = re.findall(r'^Name: "(\w+)"; MessagesFile:', iss, re.MULTILINE)
    defined: dict[str, set] = {}
    for lang, name in re.findall(r"^(\w+)\.(\w+)=", iss, re.MULTILINE):
        defined.setdefault(name, set()).add(lang)
    builtin = {k for (s, k) in read_isl(WINDOWS / "ChineseSimplified.isl") if s == "[CustomMessages]"}
    used = set(re.findall(r"\{cm:(\w+)", iss))
    assert used - builtin, "the script should have messages of its own"
    for name in used - builtin:
        assert defined.get(name) == set(languages), f"{name}: {sorted(defined.get(name, ()))}"
    chinese = dict(re.findall(r"^chinesesimplified\.(\w+)=(.*)$", iss, re.MULTILINE))
    assert all(CJK.search(text) for text in chinese.values())


def test_no_user_visible_english_is_hard_coded():
    """Shortcut comments, task texts and the file-type name go through {cm:…}."""
    iss = (WINDOWS / "beatsync.iss").read_text(encoding="utf-8-sig")
    for field in ("Comment", "Description", "GroupDescription"):
        for value in re.findall(rf'\b{field}: "([^"]*)"', iss):
            assert value.startswith("{cm:"), f"{field}: {value}"
    progid_name = re.search(r'Subkey: "Software\\Classes\\\{#ProgId\}"; ValueType: string; '
                            r'ValueName: ""; ValueData: "([^"]*)"', iss)
    assert progid_name and progid_name.group(1).startswith("{cm:")
