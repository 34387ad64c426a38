"""The window's start: `main(argv)`, chosen by beatsync_desktop.launcher for
`beatsync-desktop`, `python -m beatsync_desktop` and the frozen app.

    beatsync-desktop [FILE ...] [--lang en|zh_CN] [--screenshots DIR] [--self-test]

Files given on the command line ("Open with…", or dropped on the Dock icon, which arrives
as a QFileOpenEvent) pre-fill the drop zones. Only Qt and the standard library load at
start; the engine (numpy, PyAV) is imported when the first file is read.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import sys
import time
from pathlib import Path
from typing import Optional

_T0 = time.perf_counter()
log = logging.getLogger("beatsync_desktop.ui")

HEAVY_MODULES = ("numpy", "av", "scipy", "librosa", "numba")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="beatsync-desktop", add_help=True,
                                description="BeatSync: put the clean song under a dance video.")
    p.add_argument("files", nargs="*", help="class video(s) and/or the song to pre-fill")
    p.add_argument("--lang", choices=["en", "zh_CN"], help="user-interface language")
    p.add_argument("--screenshots", metavar="DIR",
                   help="render the window's main states from a real demo job into DIR and exit")
    p.add_argument("--theme", choices=["system", "light", "dark"], default="system",
                   help="colour scheme (default: follow the system)")
    p.add_argument("--self-test", action="store_true",
                   help="check the installation and exit (run by the launcher)")
    p.add_argument("--settings", metavar="FILE", help=argparse.SUPPRESS)
    p.add_argument("--exit-after-show", action="store_true", help=argparse.SUPPRESS)
    # Unknown options (Qt's -platform …, macOS -psn_…) are passed on to Qt.
    args, rest = p.parse_known_args(argv)
    args.qt_args = [a for a in rest if a.startswith("-")]
    return args


def _make_application_class():
    from PySide6.QtCore import QEvent, QTimer, Signal
    from PySide6.QtWidgets import QApplication

    from .file_open import collect_file_open

    class BeatSyncApplication(QApplication):
        """Collects QFileOpenEvents (macOS Dock drops, "Open with") into one batch."""
        files_opened = Signal(list)

        def __init__(self, argv: list[str]) -> None:
            super().__init__(argv)
            self._pending: list[str] = []
            self._flush = QTimer(self)
            self._flush.setSingleShot(True)
            self._flush.setInterval(150)
            self._flush.timeout.connect(self._emit_files)
            self.receiver_ready = False

        def event(self, e) -> bool:
            if e.type() == QEvent.Type.FileOpen:    # (also called before __init__ is done)
                return collect_file_open(e, self._pending, self.receiver_ready, self._flush)
            return super().event(e)

        def take_pending(self) -> list[str]:
            files, self._pending = self._pending, []
            return files

        def _emit_files(self) -> None:
            files = self.take_pending()
            if files:
                self.files_opened.emit(files)

    return BeatSyncApplication


def apply_theme(app, theme: str) -> None:
    """Follow the system colour scheme; `light`/`dark` force one (screenshots, testing)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QPalette
    if theme == "system":
        return
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):   # Qt ≥ 6.8
        hints.setColorScheme(Qt.ColorScheme.Dark if theme == "dark" else Qt.ColorScheme.Light)
    is_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
    if (theme == "dark") != is_dark:      # platform without colour-scheme support
        app.setStyle("Fusion")
        if theme == "dark":
            pal = QPalette()
            for role, color in {
                QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
                QPalette.ColorRole.Base: "#292a2d", QPalette.ColorRole.AlternateBase: "#303134",
                QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#303134",
                QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.Highlight: "#8ab4f8",
                QPalette.ColorRole.HighlightedText: "#202124", QPalette.ColorRole.Mid: "#5f6368",
                QPalette.ColorRole.PlaceholderText: "#9aa0a6", QPalette.ColorRole.ToolTipBase: "#303134",
                QPalette.ColorRole.ToolTipText: "#e8eaed", QPalette.ColorRole.Light: "#3c4043",
                QPalette.ColorRole.Dark: "#17181a", QPalette.ColorRole.Link: "#8ab4f8",
            }.items():
                pal.setColor(role, QColor(color))
            pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6f7378"))
            pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText,
                         QColor("#6f7378"))
            app.setPalette(pal)
        else:
            app.setPalette(app.style().standardPalette())


def _window_icon():
    from PySide6.QtGui import QIcon
    try:
        from ..paths import resource
        path = resource("icons", "beatsync.png")
        if path.is_file():
            return QIcon(str(path))
    except Exception:   # a missing icon must never stop the app
        log.debug("No window icon", exc_info=True)
    return QIcon()


def create_window(settings_path: Optional[str] = None, engine=None, lang: Optional[str] = None,
                  show_dialogs: bool = True, history=None):
    """Build the window, its controller and translations on an existing QApplication.
    `history`: a HistoryStore; by default the user's (`BEATSYNC_DATA_DIR`, else the user
    data folder), opened here — never an exception: a problem is its `notice`."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    from .controller import MainController
    from .diagnostics import log_dir
    from .engine import Engine
    from .i18n import Translations
    from .settings import Settings
    from .views.main_window import MainWindow

    app = QApplication.instance()
    settings = Settings(Path(settings_path) if settings_path else None)
    translations = Translations()
    translations.apply(lang if lang is not None else settings.language)
    window = MainWindow()
    if history is None:
        from ..history import HistoryStore
        history = HistoryStore.open(origin="window")
    controller = MainController(window, settings, engine or Engine(), log_dir=log_dir(),
                                history=history)

    def switch_language(code: str) -> None:
        settings.language = code
        translations.apply(code)        # posts LanguageChange → MainWindow.retranslate()
        QApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    window.retranslated.connect(controller.refresh)     # texts built from state
    controller.language_requested.connect(switch_language)
    controller.translations = translations
    app.styleHints().colorSchemeChanged.connect(lambda *_: controller.refresh())
    return window, controller


def instance_id() -> str:
    """One running app per job history: 'BeatSync', or one per `BEATSYNC_DATA_DIR` (a
    second profile, a portable copy, the tests) — two windows never share a database."""
    folder = os.environ.get("BEATSYNC_DATA_DIR")
    if not folder:
        return "BeatSync"
    return "BeatSync-" + hashlib.sha256(os.path.abspath(folder).encode()).hexdigest()[:12]


def claim_instance(app, files: list[str]):
    """The SingleInstance of this process if it is the one to run; None once the files
    were handed to the BeatSync already running (this process then exits)."""
    from .single_instance import SingleInstance
    instance = SingleInstance(app)
    if instance.claim(instance_id()):
        return instance
    if instance.send_to_running(files):
        log.info("Handed %d file(s) to the BeatSync already running", len(files))
        return None
    log.warning("The running BeatSync did not answer; opening a window anyway")
    return instance


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)

    if args.self_test:   # beatsync_desktop.launcher runs it before the window is chosen
        print("beatsync-desktop: --self-test is run by the launcher "
              "(python -m beatsync_desktop --self-test)", file=sys.stderr)
        return 2

    if args.screenshots or args.exit_after_show:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from .diagnostics import ErrorReporter, install_qt_message_handler, setup_logging
    logfile = setup_logging()
    install_qt_message_handler()
    log.info("Starting BeatSync (log: %s)", logfile)
    from .platform_check import refuse_to_start
    if refuse_to_start(args.qt_args):   # Linux: Qt's xcb plugin would abort; name what it lacks
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from .. import APP_NAME

    app = QApplication.instance() or _make_application_class()([sys.argv[0], *args.qt_args])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("BeatSync")
    if hasattr(app, "setDesktopFileName"):
        app.setDesktopFileName("beatsync-desktop")
    app.setWindowIcon(_window_icon())
    apply_theme(app, args.theme)
    reporter = ErrorReporter(app, show_dialogs=not args.screenshots)
    reporter.install()

    settings_path = args.settings
    if args.screenshots and not settings_path:
        import tempfile
        shots_dir = Path(tempfile.mkdtemp(prefix="beatsync-shots-"))
        settings_path = str(shots_dir / "settings.ini")
        os.environ["BEATSYNC_DATA_DIR"] = str(shots_dir)   # its demo jobs: not your history
    instance, early = None, []
    if not (args.screenshots or args.exit_after_show):
        early = app.take_pending() if hasattr(app, "take_pending") else []
        instance = claim_instance(app, [*args.files, *early])
        if instance is None:
            return 0
    window, controller = create_window(settings_path, lang=args.lang)
    reporter.parent_widget = window

    if args.screenshots:
        from .screenshots import ScreenshotRun
        run = ScreenshotRun(app, window, controller, Path(args.screenshots),
                            lang=controller.translations.current, theme=args.theme)
        QTimer.singleShot(0, run.start)
        window.show()
        rc = app.exec()
        return run.exit_code if rc == 0 else rc

    if args.exit_after_show:
        def report() -> None:
            heavy = sorted(m for m in HEAVY_MODULES if m in sys.modules)
            print(f"BEATSYNC_SHOWN {time.perf_counter() - _T0:.3f} heavy={','.join(heavy)}",
                  flush=True)
            app.quit()
        window.shown.connect(lambda: QTimer.singleShot(0, report))

    # Files from the command line, from a later launch (SingleInstance) and from
    # QFileOpenEvents (macOS) fill the zones as if dropped on the window.
    def bring_forward() -> None:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()

    def hand_over(files: list) -> None:
        log.info("Files handed over: %s", files)
        bring_forward()
        controller.add_files(files, None)

    initial = [f for f in args.files if f] + early
    if hasattr(app, "take_pending"):
        initial += app.take_pending()
        app.files_opened.connect(hand_over)
        app.receiver_ready = True
    else:   # a QApplication made by someone else: catch its file-open events here
        from .single_instance import FileOpenFilter
        opened = FileOpenFilter(app).install(app)
        opened.filesReceived.connect(hand_over)
        opened.set_ready()
    if instance is not None:
        instance.filesReceived.connect(hand_over)
        instance.activationRequested.connect(bring_forward)

    def after_show() -> None:
        if not args.exit_after_show:
            controller.history_window.offer()   # last time's unfinished jobs
        if initial:
            controller.add_files(initial, None)
    QTimer.singleShot(0, after_show)
    window.show()
    rc = app.exec()
    if instance is not None:
        instance.release()
    log.info("BeatSync closed (%s)", rc)
    return rc


if __name__ == "__main__":   # pragma: no cover
    sys.exit(main())
