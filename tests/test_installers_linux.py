"""Linux: the start-up check that names the libraries Qt's xcb plugin lacks, the bundle's
install.sh check, and the menu entry's Chinese name."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from beatsync_desktop.ui import platform_check as pc

ROOT = Path(__file__).resolve().parents[1]
LINUX = ROOT / "build_spec" / "linux"
CJK = re.compile(r"[\u4e00-\u9fff]")

# What `ldd libqxcb.so` prints on a minimal Debian desktop (trimmed; note the repeats: ldd
# lists a library once per object that needs it).
FAKE_LDD = """\
\tlinux-vdso.so.1 (0x00007ffd4e5f3000)
\tlibQt6XcbQpa.so.6 => /opt/BeatSync/_internal/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1c)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f1b)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\tlibdbus-1.so.3 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1a)
"""
LOADER_ERROR = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"


# ---------------------------------------------------------------- platform_check (the app)

@pytest.mark.parametrize("soname, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),     # name ends in a digit: hyphen
    ("libX11-xcb.so.1", "libx11-xcb1"),                   # lower-cased
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),                 # exception
])
def test_debian_package_names(soname, package):
    assert pc.debian_package(soname) == package


def test_missing_libraries_are_read_from_ldd_once_each_in_order():
    assert pc.missing_from_ldd(FAKE_LDD) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4",
                                              "libxcb-keysyms.so.1", "libdbus-1.so.3"]
    assert pc.missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize("env, platform, qt_args, expected", [
    ({"DISPLAY": ":0"}, "linux", (), True),                                   # unset → xcb
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux", (), True),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", (), False),
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "wayland"}, "linux", (), False),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", (), False),                         # no DISPLAY
    ({}, "linux", (), False),
    ({"DISPLAY": ":0"}, "darwin", (), False),
    ({"DISPLAY": ":0"}, "win32", (), False),
    # a Wayland session: Qt tries its Wayland plugin first
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", (), False),
    ({"DISPLAY": ":0", "XDG_SESSION_TYPE": "x11"}, "linux", (), True),
    ({"DISPLAY": ":0"}, "linux", ("-platform", "offscreen"), False),         # Qt's option wins
    ({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux", ("-platform", "xcb"), True),
    ({"DISPLAY": ":0"}, "linux", ("-platform",), False),                      # value lost: cannot tell
])
def test_the_check_runs_only_where_qt_will_use_xcb(env, platform, qt_args, expected):
    assert pc.should_check(env, platform, qt_args) is expected


def test_startup_problem_names_every_missing_library_and_the_apt_command(tmp_path):
    plugin = tmp_path / "libqxcb.so"
    problem = pc.startup_problem(environ={"DISPLAY": ":0"}, platform="linux", plugin=plugin,
                                 load=lambda p: LOADER_ERROR, ldd=lambda p: FAKE_LDD)
    assert problem == (
        "BeatSync cannot open its window: Qt's X11 platform plugin (xcb) needs "
        "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1 and libdbus-1.so.3, which "
        "are not installed (on Debian/Ubuntu: sudo apt-get install libxcb-cursor0 "
        "libxcb-icccm4 libxcb-keysyms1 libdbus-1-3).")
    assert problem.count(". ") == 0 and problem.endswith(").")     # one sentence


def test_without_ldd_the_loader_error_still_names_the_library(tmp_path):
    problem = pc.startup_problem(environ={"DISPLAY": ":0"}, platform="linux",
                                 plugin=tmp_path / "libqxcb.so",
                                 load=lambda p: LOADER_ERROR, ldd=lambda p: None)
    assert "needs libxcb-cursor.so.0, which is not installed" in problem
    assert problem.endswith("sudo apt-get install libxcb-cursor0).")


def test_no_sentence_when_the_plugin_loads_or_the_check_does_not_apply(tmp_path):
    plugin = tmp_path / "libqxcb.so"
    never = lambda p: pytest.fail("must not be called")          # noqa: E731
    assert pc.startup_problem(environ={"DISPLAY": ":0"}, platform="linux", plugin=plugin,
                              load=lambda p: None, ldd=never) is None
    assert pc.startup_problem(environ={"QT_QPA_PLATFORM": "offscreen", "DISPLAY": ":0"},
                              platform="linux", plugin=plugin, load=never, ldd=never) is None
    # a load error that names no library (e.g. a wrong architecture) is not ours to explain
    assert pc.startup_problem(environ={"DISPLAY": ":0"}, platform="linux", plugin=plugin,
                              load=lambda p: "wrong ELF class: ELFCLASS32",
                              ldd=lambda p: "") is None


def test_refuse_to_start_logs_and_prints_the_sentence_once(monkeypatch, capsys):
    monkeypatch.setattr(pc, "startup_problem", lambda qt_args=(): "BeatSync cannot open its window: X.")
    assert pc.refuse_to_start(["-style", "fusion"]) is True
    err = capsys.readouterr().err
    assert err.count("BeatSync cannot open its window: X.") == 1
    monkeypatch.setattr(pc, "startup_problem", lambda qt_args=(): None)
    assert pc.refuse_to_start() is False
    def boom(qt_args=()):
        raise RuntimeError("a bug in the check")
    monkeypatch.setattr(pc, "startup_problem", boom)
    assert pc.refuse_to_start() is False                 # the check never stops a working app


def test_the_app_stops_before_qt_with_the_sentence(monkeypatch, tmp_path, caplog):
    """app.main() consults the check before any QApplication exists and returns 1."""
    from beatsync_desktop.ui import app, diagnostics
    monkeypatch.setattr(diagnostics, "setup_logging", lambda: tmp_path / "beatsync.log")
    monkeypatch.setattr(diagnostics, "install_qt_message_handler", lambda: None)
    seen = []
    monkeypatch.setattr(pc, "startup_problem", lambda qt_args=(): seen.append(qt_args) or "missing X.")
    monkeypatch.setattr(app, "_make_application_class",
                        lambda: pytest.fail("QApplication must not be created"))
    with caplog.at_level("ERROR", logger="beatsync_desktop.ui"):
        assert app.main(["-platform", "xcb"]) == 1
    assert seen == [["-platform"]]                       # app.py passes on its Qt arguments
    assert "missing X." in caplog.text


def test_the_real_plugin_on_this_machine(tmp_path):
    """End to end with this machine's PySide6: when ldd says the xcb plugin lacks libraries,
    the app exits 1 with the sentence instead of Qt's abort (134); otherwise there is nothing
    to report and the check stays silent."""
    plugin = pc.find_xcb_plugin()
    if plugin is None or not sys.platform.startswith("linux") or not shutil.which("ldd"):
        pytest.skip("needs Linux, ldd and PySide6's xcb plugin")
    missing = pc.missing_from_ldd(subprocess.run(["ldd", str(plugin)], capture_output=True,
                                                 text=True).stdout)
    env = {k: v for k, v in os.environ.items()
           if k not in {"QT_QPA_PLATFORM", "WAYLAND_DISPLAY", "XDG_SESSION_TYPE"}}
    env.update(DISPLAY=":97", BEATSYNC_LOG_DIR=str(tmp_path))   # no X server needed: Qt never starts
    if not missing:
        assert pc.startup_problem(environ=env) is None
        pytest.skip("every library of Qt's xcb plugin is installed here: nothing to report")
    proc = subprocess.run([sys.executable, "-m", "beatsync_desktop"], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    for lib in missing:
        assert lib in proc.stderr and pc.debian_package(lib) in proc.stderr
    assert "sudo apt-get install" in proc.stderr
    assert "no Qt platform plugin could be initialized" not in proc.stderr


# ---------------------------------------------------------------- install.sh

def _fake_bundle(tmp_path: Path, ldd_output: str) -> tuple[Path, dict]:
    bundle = tmp_path / "BeatSync-0.1.0"
    internal = bundle / "_internal"
    (internal / "PySide6/Qt/plugins/platforms").mkdir(parents=True)
    (internal / "PySide6/Qt/plugins/platforms/libqxcb.so").write_bytes(b"\x7fELF")
    (internal / "beatsync_desktop/resources/icons").mkdir(parents=True)
    shutil.copy(ROOT / "resources/icons/beatsync.png", internal / "beatsync_desktop/resources/icons")
    shutil.copy(LINUX / "beatsync.desktop", bundle)
    shutil.copy(LINUX / "install.sh", bundle)
    (bundle / "BeatSync").write_text("#!/bin/sh\n")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    # A fake ldd that also records the LD_LIBRARY_PATH it was given.
    (bin_dir / "ldd").write_text("#!/bin/sh\necho \"$LD_LIBRARY_PATH\" > \"$(dirname \"$0\")/ldpath\"\n"
                                 f"cat <<'EOF'\n{ldd_output}EOF\n")
    (bin_dir / "ldd").chmod(0o755)
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
           "HOME": str(home), "LANG": "C.UTF-8"}
    return bundle, env


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_install_sh_says_which_libraries_are_missing_and_still_installs(tmp_path):
    bundle, env = _fake_bundle(tmp_path, FAKE_LDD)
    proc = subprocess.run(["sh", str(bundle / "install.sh")], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert lines[0].startswith("BeatSync installed in ")
    assert lines[1] == ("BeatSync's window cannot open until these system libraries are installed: "
                        "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1, libdbus-1.so.3 "
                        "(on Debian/Ubuntu: sudo apt-get install libxcb-cursor0 libxcb-icccm4 "
                        "libxcb-keysyms1 libdbus-1-3).")
    installed = Path(env["HOME"]) / ".local/opt/BeatSync"
    # ldd looked at the installed copy and saw the bundle's own libraries first
    assert (tmp_path / "bin/ldpath").read_text().split(":")[0].strip() == str(installed / "_internal")
    desktop = (Path(env["HOME"]) / ".local/share/applications/beatsync.desktop").read_text(encoding="utf-8")
    assert f'Exec="{installed}/BeatSync" %F' in desktop and "Name[zh_CN]=" in desktop


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_install_sh_check_mode(tmp_path):
    bundle, env = _fake_bundle(tmp_path, FAKE_LDD)
    proc = subprocess.run(["sh", str(bundle / "install.sh"), "--check"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "sudo apt-get install libxcb-cursor0" in proc.stdout
    assert not (Path(env["HOME"]) / ".local/opt").exists()        # --check installs nothing
    (tmp_path / "bin/ldd").write_text("#!/bin/sh\necho '\tlibc.so.6 => /lib/libc.so.6 (0x1)'\n")
    proc = subprocess.run(["sh", str(bundle / "install.sh"), "--check"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "all system libraries" in proc.stdout


@pytest.mark.skipif(not (sys.platform.startswith("linux") and shutil.which("ldd")
                         and shutil.which("sh")), reason="needs Linux, sh and ldd")
def test_install_sh_and_the_app_agree_on_the_real_plugin(tmp_path):
    """Real ldd on PySide6's real libqxcb.so: install.sh names the same libraries and
    packages as the app's check (whatever this machine lacks, possibly nothing)."""
    plugin = pc.find_xcb_plugin()
    if plugin is None:
        pytest.skip("PySide6's xcb plugin not found")
    bundle = tmp_path / "b"
    (bundle / "_internal").mkdir(parents=True)
    os.symlink(plugin.parents[3], bundle / "_internal" / "PySide6")     # …/PySide6
    shutil.copy(LINUX / "install.sh", bundle)
    proc = subprocess.run(["sh", str(bundle / "install.sh"), "--check"], capture_output=True,
                          text=True, timeout=60)
    missing = pc.missing_from_ldd(subprocess.run(["ldd", str(plugin)], capture_output=True,
                                                 text=True).stdout)
    assert proc.returncode == (1 if missing else 0), proc.stdout + proc.stderr
    for lib in missing:
        assert lib in proc.stdout and pc.debian_package(lib) in proc.stdout


def test_package_lists_agree():
    """README.md, install.sh and platform_check name the same set of packages."""
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in pc.XCB_PACKAGES:
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", script), package
        assert re.search(rf"(?<![\w-]){re.escape(package)}(?![\w-])", readme), package


@pytest.mark.skipif(shutil.which("sh") is None, reason="needs a POSIX shell")
def test_install_sh_parses():
    subprocess.run(["sh", "-n", str(LINUX / "install.sh")], check=True)


# ---------------------------------------------------------------- the menu entry

def _desktop_entry() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None, strict=True)
    cp.optionxform = str                             # keys are case-sensitive
    cp.read(LINUX / "beatsync.desktop", encoding="utf-8")
    return cp["Desktop Entry"]


def test_desktop_entry_speaks_chinese():
    entry = _desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        if key in entry:
            assert f"{key}[zh_CN]" in entry, f"{key}[zh_CN] missing"
            assert CJK.search(entry[f"{key}[zh_CN]"]), f"{key}[zh_CN] is not Chinese"
    assert "Name[zh_CN]" in entry and "Comment[zh_CN]" in entry
    assert entry["Name[zh_CN]"].startswith("BeatSync")          # the name people will search for
    assert entry["Exec"] == "BeatSync %F"                       # install.sh rewrites this prefix


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate not installed (Debian: desktop-file-utils)")
def test_desktop_entry_is_valid():
    proc = subprocess.run(["desktop-file-validate", str(LINUX / "beatsync.desktop")],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
