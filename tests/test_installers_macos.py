"""macOS: the plists parse and hold what the hardened runtime, the document types and the
two languages need. (Signing, notarisation and the .dmg only run on hosted macOS CI.)"""

from __future__ import annotations

import plistlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MACOS = ROOT / "build_spec" / "macos"
UTI = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _info() -> dict:
    return plistlib.loads((MACOS / "Info.plist").read_bytes())


def test_info_plist_declares_english_and_simplified_chinese():
    info = _info()
    assert info["CFBundleDevelopmentRegion"] == "en"
    assert info["CFBundleLocalizations"] == ["en", "zh_Hans"]
    assert info["CFBundleAllowMixedLocalizations"] is True


def test_info_plist_document_types_are_complete():
    info = _info()
    types_ = {d["CFBundleTypeName"]: d for d in info["CFBundleDocumentTypes"]}
    assert set(types_) == {"Video", "Song"}
    for name, doc in types_.items():
        assert doc["CFBundleTypeRole"] == "Viewer", name        # opens, never edits in place
        assert doc["LSHandlerRank"] == "Alternate", name         # the user's player stays default
        utis = doc["LSItemContentTypes"]
        assert utis and all(UTI.match(u) for u in utis), name
        assert all(e == e.lower() and "." not in e for e in doc["CFBundleTypeExtensions"]), name
    assert {"public.movie", "public.mpeg-4", "com.apple.quicktime-movie"} <= set(types_["Video"]["LSItemContentTypes"])
    assert {"public.audio", "public.mp3", "public.mpeg-4-audio"} <= set(types_["Song"]["LSItemContentTypes"])
    assert {"mp4", "mov"} <= set(types_["Video"]["CFBundleTypeExtensions"])
    assert {"mp3", "m4a", "wav"} <= set(types_["Song"]["CFBundleTypeExtensions"])


def test_info_plist_leaves_identity_and_version_to_the_spec():
    info = _info()
    for key in ("CFBundleShortVersionString", "CFBundleVersion", "CFBundleIdentifier",
                "CFBundleExecutable"):
        assert key not in info, key       # the spec / PyInstaller set these from pyproject
    assert info["LSMinimumSystemVersion"] == "12.0"
    assert info["NSHighResolutionCapable"] is True and info["NSRequiresAquaSystemAppearance"] is False


def test_the_spec_merges_the_localisations_into_the_bundle():
    from tests.test_installers_windows import build          # build_spec/build.py
    merged = build.spec_layout("darwin")["info_plist"]
    assert merged["CFBundleLocalizations"] == ["en", "zh_Hans"]
    assert merged["CFBundleIdentifier"] == "org.beatsync.desktop"
    assert merged["CFBundleShortVersionString"] == build.project_meta()["version"]


def test_entitlements_hold_only_what_the_hardened_runtime_needs():
    ent = plistlib.loads((MACOS / "entitlements.plist").read_bytes())
    # CPython's ctypes/libffi closures (PySide6, numpy) need writable+executable memory, and
    # the wheels' dylibs come from several vendors.
    assert ent == {"com.apple.security.cs.allow-unsigned-executable-memory": True,
                   "com.apple.security.cs.disable-library-validation": True}
    assert "com.apple.security.get-task-allow" not in ent       # notarisation refuses it


def test_signing_uses_the_hardened_runtime_and_these_entitlements():
    script = (MACOS / "sign_and_notarize.sh").read_text(encoding="utf-8")
    assert "--options runtime" in script and "--timestamp" in script
    assert 'ENTITLEMENTS="$HERE/entitlements.plist"' in script
    assert '--entitlements "$ENTITLEMENTS"' in script
