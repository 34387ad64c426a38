"""App plumbing: crash reporting, logs, translations, command line, file-open events."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import logging
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QUrl, qWarning
from PySide6.QtGui import QFileOpenEvent

from beatsync_desktop.ui import diagnostics
from beatsync_desktop.ui.app import _make_application_class, parse_args

I18N = Path(diagnostics.__file__).resolve().parent / "i18n"


def test_unhandled_exception_is_logged_and_shown(qtbot, tmp_path, monkeypatch, caplog):
    reporter = diagnostics.ErrorReporter(show_dialogs=True)
    try:
        raise ValueError("boom in a slot")
    except ValueError:
        exc_info = sys.exc_info()
    with caplog.at_level(logging.CRITICAL, logger="beatsync_desktop"):
        reporter._excepthook(*exc_info)
    assert "boom in a slot" in caplog.text and "Traceback" in caplog.text
    qtbot.waitUntil(lambda: len(reporter._dialogs) == 1, timeout=2000)
    box = reporter._dialogs[0]
    assert "ValueError: boom in a slot" in box.informativeText()
    assert "Traceback" in box.detailedText() and "Traceback" not in box.text()
    box.close()


def test_thread_exceptions_reach_the_reporter(qtbot, caplog):
    import threading
    reporter = diagnostics.ErrorReporter(show_dialogs=False)
    old = threading.excepthook
    reporter.install()
    try:
        with caplog.at_level(logging.CRITICAL, logger="beatsync_desktop"):
            t = threading.Thread(target=lambda: 1 / 0)
            t.start()
            t.join()
    finally:
        threading.excepthook = old
        sys.excepthook = sys.__excepthook__
    assert "ZeroDivisionError" in caplog.text


def test_qt_messages_go_to_the_log(caplog):
    diagnostics.install_qt_message_handler()
    try:
        with caplog.at_level(logging.WARNING, logger="beatsync_desktop.qt"):
            qWarning("a Qt warning for the log")
    finally:
        from PySide6.QtCore import qInstallMessageHandler
        qInstallMessageHandler(None)
    assert "a Qt warning for the log" in caplog.text


def test_log_file_in_user_log_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("BEATSYNC_LOG_DIR", str(tmp_path))
    root = logging.getLogger("beatsync_desktop")
    saved = (root.handlers[:], getattr(root, "_beatsync_configured", False))
    root._beatsync_configured = False
    try:
        logfile = diagnostics.setup_logging()
        logging.getLogger("beatsync_desktop.test").warning("hello log")
        for h in root.handlers:
            h.flush()
        assert logfile.parent == tmp_path and "hello log" in logfile.read_text()
    finally:
        for h in root.handlers[:]:
            if h not in saved[0]:
                root.removeHandler(h)
                h.close()
        root._beatsync_configured = saved[1]


def test_chinese_translation_is_complete_and_compiled():
    ts = I18N / "beatsync_zh_CN.ts"
    qm = I18N / "beatsync_zh_CN.qm"
    assert qm.exists() and qm.stat().st_mtime >= ts.stat().st_mtime - 1
    unfinished = [m.find("source").text for m in ET.parse(ts).getroot().iter("message")
                  if m.find("translation").get("type") == "unfinished"
                  or not (m.find("translation").text or "").strip()]
    assert unfinished == []


def test_sources_have_no_untranslated_strings():
    """Every tr() string in the UI sources is in the .ts (run i18n --update after edits)."""
    import re
    known = {m.find("source").text for m in ET.parse(I18N / "beatsync_zh_CN.ts").getroot()
             .iter("message")}
    pattern = re.compile(r'(?:self\.tr|translate\("\w+",)\s*\(?\s*"((?:[^"\\]|\\.)*)"')
    missing = []
    for py in (I18N.parent).rglob("*.py"):
        for s in pattern.findall(py.read_text(encoding="utf-8")):
            s = s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
            # (a string split over lines is checked by its first part)
            if not any(k.startswith(s) for k in known) and "\\" not in s:
                missing.append((py.name, s))
    assert missing == []


def test_self_test_delegates_to_selftest_module(monkeypatch):
    calls = []
    fake = types.ModuleType("beatsync_desktop.selftest")
    fake.main = lambda argv=None: calls.append(1) or 0
    monkeypatch.setitem(sys.modules, "beatsync_desktop.selftest", fake)
    import beatsync_desktop
    monkeypatch.setattr(beatsync_desktop, "selftest", fake, raising=False)
    from beatsync_desktop.launcher import main      # the one entry point of every face
    assert main(["--self-test"]) == 0 and calls == [1]


def test_command_line():
    a = parse_args(["v.mp4", "song.mp3", "--lang", "zh_CN", "-platform", "offscreen"])
    assert a.files == ["v.mp4", "song.mp3"] and a.lang == "zh_CN"
    assert a.qt_args == ["-platform"] or "-platform" in a.qt_args
    assert parse_args(["--screenshots", "/tmp/x"]).screenshots == "/tmp/x"


def test_file_open_events_are_collected(tmp_path):
    cls = _make_application_class()
    started = []
    fake = SimpleNamespace(_pending=[], receiver_ready=True,
                           _flush=SimpleNamespace(start=lambda: started.append(1)))
    path = tmp_path / "class.mp4"
    assert cls.event(fake, QFileOpenEvent(QUrl.fromLocalFile(str(path)))) is True
    assert fake._pending == [str(path)] and started == [1]
