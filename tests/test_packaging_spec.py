"""Quick checks of the PyInstaller spec, without running PyInstaller.

The spec is executed with stand-ins for PyInstaller's build classes (Analysis, EXE, …) that
record their arguments, once per target platform (sys.platform is faked), so these tests
also run where PyInstaller is not installed.
"""

from __future__ import annotations

import sys
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "build_spec" / "beatsync.spec"
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


FAKE_IMPORTS: dict[str, set] = {}


class Recorder:
    calls: dict[str, list] = {}

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        Recorder.calls.setdefault(type(self).__name__, []).append(self)
        self.binaries = list(kwargs.get("binaries", []))
        self.datas = [(dest, src, "DATA") for src, dest in kwargs.get("datas", [])]
        self.pure, self.scripts = [], []


def _make(name):
    return type(name, (Recorder,), {})


@pytest.fixture
def run_spec(monkeypatch, tmp_path):
    """Execute the spec for a given sys.platform; return the recorded build calls."""
    def run(platform: str, binaries=()):
        Recorder.calls = {}
        hooks = types.ModuleType("PyInstaller.utils.hooks")
        hooks.collect_submodules = lambda pkg: [pkg + ".fake_submodule"]
        versioninfo = types.ModuleType("PyInstaller.utils.win32.versioninfo")
        for cls in ("VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
                    "StringStruct", "VarFileInfo", "VarStruct"):
            setattr(versioninfo, cls, _make(cls))
        bindepend = types.ModuleType("PyInstaller.depend.bindepend")
        bindepend.get_imports = lambda src: FAKE_IMPORTS.get(src, set())
        depend = types.ModuleType("PyInstaller.depend")
        depend.bindepend = bindepend
        win32 = types.ModuleType("PyInstaller.utils.win32")
        win32.versioninfo = versioninfo
        for name, mod in {"PyInstaller": types.ModuleType("PyInstaller"),
                          "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
                          "PyInstaller.utils.hooks": hooks,
                          "PyInstaller.utils.win32": win32,
                          "PyInstaller.depend": depend,
                          "PyInstaller.depend.bindepend": bindepend,
                          "PyInstaller.utils.win32.versioninfo": versioninfo}.items():
            monkeypatch.setitem(sys.modules, name, mod)
        monkeypatch.setattr(sys, "platform", platform)

        class Analysis(Recorder):
            def __init__(self, *a, **kw):
                super().__init__(*a, **kw)
                self.binaries = list(binaries)

        ns = {"SPECPATH": str(SPEC.parent), "workpath": str(tmp_path), "__file__": str(SPEC),
              "__name__": "__main__", "Analysis": Analysis}
        for name in ("PYZ", "EXE", "COLLECT", "BUNDLE"):
            ns[name] = _make(name)
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), ns)
        return Recorder.calls, ns
    return run


def test_spec_is_onedir_windowed_and_named_from_pyproject(run_spec):
    calls, ns = run_spec("linux")
    assert ns["VERSION"] == VERSION
    (exe,) = calls["EXE"]
    assert exe.kwargs["name"] == "BeatSync"
    assert exe.kwargs["exclude_binaries"] is True          # onedir
    assert exe.kwargs["console"] is False
    assert "COLLECT" in calls and "BUNDLE" not in calls
    (analysis,) = calls["Analysis"]
    script = Path(analysis.args[0][0])
    assert script.is_file() and script.name == "beatsync_entry.py"
    for hook in analysis.kwargs["runtime_hooks"]:
        assert Path(hook).is_file()


def test_resources_land_where_paths_module_looks(run_spec):
    calls, _ = run_spec("linux")
    datas = calls["Analysis"][0].kwargs["datas"]
    dests = {Path(dest).as_posix() for _src, dest in datas}
    assert "beatsync_desktop/resources/icons" in dests
    srcs = {Path(src).name for src, _dest in datas}
    assert "beatsync.png" in srcs
    assert not any(s.endswith(".py") for s in srcs)         # no stray sources as data
    assert "beatsync-source.png" not in srcs                 # the icon master stays out


def test_heavy_unused_packages_are_excluded(run_spec):
    calls, _ = run_spec("linux")
    excludes = set(calls["Analysis"][0].kwargs["excludes"])
    for mod in ("scipy", "numba", "llvmlite", "librosa", "matplotlib", "tkinter", "pandas",
                "IPython", "sklearn", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore",
                "PySide6.QtQuick", "PySide6.QtQml", "PySide6.QtCharts",
                "PySide6.QtDataVisualization", "PySide6.QtPdf", "imageio_ffmpeg"):
        assert mod in excludes, mod
    hidden = calls["Analysis"][0].kwargs["hiddenimports"]
    assert "PySide6.QtMultimedia" in hidden and "PySide6.QtMultimediaWidgets" in hidden


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/lib/libQt6Multimedia.so.6", True),
    ("PySide6/Qt/lib/libQt6MultimediaWidgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", True),          # the FFmpeg media plugin links it
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
    ("PySide6/plugins/multimedia/ffmpegmediaplugin.dll", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/translations/qtbase_de.qm", True),
    ("PySide6/Qt/translations/qtmultimedia_de.qm", True),
    ("av.libs/libavcodec-5e6b81c2.so.62.28.102", True),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", False),
    ("PySide6/Qt6Pdf.dll", False),
    ("PySide6/Qt/lib/QtWebEngineCore.framework/Versions/A/QtWebEngineCore", False),
    ("PySide6/Qt/lib/libQt6VirtualKeyboard.so.6", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
    ("PySide6/plugins/imageformats/qpdf.dll", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/translations/designer_de.qm", False),
])
def test_qt_pruning(run_spec, dest, kept):
    _, ns = run_spec("linux")
    assert ns["_keep"]((dest, "/src", "BINARY")) is kept


def test_macos_bundle_gets_version_icon_and_document_types(run_spec):
    calls, _ = run_spec("darwin")
    (bundle,) = calls["BUNDLE"]
    assert bundle.kwargs["name"] == "BeatSync.app"
    assert bundle.kwargs["icon"].endswith("beatsync.icns") and Path(bundle.kwargs["icon"]).is_file()
    plist = bundle.kwargs["info_plist"]
    assert plist["CFBundleShortVersionString"] == VERSION
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleDocumentTypes"]
    assert calls["EXE"][0].kwargs["argv_emulation"] is False   # Qt gets QFileOpenEvent


def test_windows_exe_gets_ico_and_version_resource(run_spec):
    calls, _ = run_spec("win32")
    exe = calls["EXE"][0]
    assert exe.kwargs["icon"].endswith("beatsync.ico") and Path(exe.kwargs["icon"]).is_file()
    ffi = exe.kwargs["version"].kwargs["ffi"]
    expected = tuple((list(map(int, VERSION.split(".")[:3])) + [0, 0, 0, 0])[:4])
    assert ffi.kwargs["filevers"] == expected


def test_ffmpeg_executable_switch_declares_a_binary(run_spec, monkeypatch):
    fake = types.ModuleType("imageio_ffmpeg")
    fake.get_ffmpeg_exe = lambda: "/opt/ffmpeg/ffmpeg-linux64-v7"
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", fake)
    monkeypatch.setenv("BEATSYNC_BUNDLE_FFMPEG", "1")
    calls, _ = run_spec("linux")
    analysis = calls["Analysis"][0]
    assert ("/opt/ffmpeg/ffmpeg-linux64-v7", "imageio_ffmpeg/binaries") in analysis.kwargs["binaries"]
    assert "imageio_ffmpeg" not in analysis.kwargs["excludes"]


def test_orphaned_system_libraries_are_dropped_on_linux(run_spec):
    """A top-level library only a pruned plugin needed (GTK3 theme → cairo) goes too."""
    FAKE_IMPORTS.clear()
    FAKE_IMPORTS.update({
        "/s/core": {("libicuuc.so.73", "/x")},
        "/s/qxcb": {("libQt6Core.so.6", "/x"), ("libxkbcommon.so.0", "/x")},
        "/s/gtk3": {("libcairo.so.2", "/x")},
    })
    binaries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/core", "BINARY"),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/s/qxcb", "BINARY"),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "/s/gtk3", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libicuuc.so.73", "/s/icu", "BINARY"),
        ("libxkbcommon.so.0", "/s/xkb", "BINARY"),
        ("libcairo.so.2", "/s/cairo", "BINARY"),
        ("libcairo.so", "libcairo.so.2", "SYMLINK"),
        ("libpython3.11.so.1.0", "/s/py", "BINARY"),
    ]
    try:
        calls, ns = run_spec("linux", binaries=binaries)
        kept = {dest for dest, _src, _kind in calls["COLLECT"][0].args[1]}
    finally:
        FAKE_IMPORTS.clear()
    assert {"PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so",
            "libQt6Core.so.6", "libicuuc.so.73", "libxkbcommon.so.0",
            "libpython3.11.so.1.0"} <= kept
    assert not kept & {"PySide6/Qt/plugins/platformthemes/libqgtk3.so", "libcairo.so.2", "libcairo.so"}
