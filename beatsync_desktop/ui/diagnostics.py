"""Logs and crash handling: nothing dies silently.

- a rotating log file in the user's log folder (platformdirs), plus stderr when there is one
  (in a windowed frozen app `sys.stderr` may be None);
- Qt's own warnings go through `qInstallMessageHandler` into the same log;
- `sys.excepthook` and `threading.excepthook` log the traceback and ask the GUI thread
  (via a queued signal) to show an error dialog.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, QtMsgType, Qt, Signal, qInstallMessageHandler

log = logging.getLogger("beatsync_desktop")
_qt_log = logging.getLogger("beatsync_desktop.qt")


def log_dir() -> Path:
    override = os.environ.get("BEATSYNC_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir
    return Path(user_log_dir("BeatSync", "BeatSync"))


def setup_logging(level: int = logging.INFO) -> Path:
    """Configure the 'beatsync_desktop' logger once; returns the log file path."""
    folder = log_dir()
    logfile = folder / "beatsync.log"
    root = logging.getLogger("beatsync_desktop")
    if getattr(root, "_beatsync_configured", False):
        return logfile
    root.setLevel(level)
    fmt = logging.Formatter("%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(logfile, maxBytes=1_000_000, backupCount=3,
                                                  encoding="utf-8")
        fh.setFormatter(fmt)
        root.addHandler(fh)
    except OSError:   # read-only home: still run, log to stderr only
        pass
    if sys.stderr is not None:
        sh = logging.StreamHandler(sys.stderr)
        sh.setFormatter(fmt)
        sh.setLevel(logging.WARNING)
        root.addHandler(sh)
    root._beatsync_configured = True
    return logfile


_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message_handler(mode, context, message) -> None:
    _qt_log.log(_QT_LEVELS.get(mode, logging.WARNING), "%s", message)


def install_qt_message_handler() -> None:
    qInstallMessageHandler(_qt_message_handler)


class ErrorReporter(QObject):
    """Receives crashes from any thread; shows them on the GUI thread."""
    crashed = Signal(str, str)          # summary, traceback text

    def __init__(self, parent: Optional[QObject] = None, show_dialogs: bool = True) -> None:
        super().__init__(parent)
        self.show_dialogs = show_dialogs
        self.parent_widget = None
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._dialogs = []

    def install(self) -> None:
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_excepthook

    def _excepthook(self, exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.critical("Unhandled exception:\n%s", text)
        self.crashed.emit(f"{exc_type.__name__}: {exc}", text)

    def _thread_excepthook(self, args) -> None:
        if args.exc_type is SystemExit:
            return
        self._excepthook(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, summary: str, text: str) -> None:
        if not self.show_dialogs:
            return
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(self.parent_widget)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("BeatSync — unexpected error"))
        box.setText(self.tr("Something went wrong inside BeatSync. Your files are safe; the "
                            "details were written to the log file."))
        box.setInformativeText(summary)
        box.setDetailedText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda *_: self._dialogs.remove(box) if box in self._dialogs else None)
        self._dialogs.append(box)
        box.open()      # not exec(): no nested event loop inside a crash handler
