"""Entry point of the frozen BeatSync app (PyInstaller script; also works unfrozen).

    BeatSync                     the window (beatsync_desktop.ui.app.main)
    BeatSync FILE…               the window, with the video(s) opened (Explorer/Finder/xdg)
    BeatSync --self-test [--report FILE]
                                 headless end-to-end check (beatsync_desktop.selftest)
    BeatSync --cli ARGS…         the command-line interface (beatsync_desktop.cli.main)
    BeatSync --encode-helper     internal: the engine's second AAC encoder process

BEATSYNC_STARTUP_PROBE=FILE makes the window quit as soon as it is on screen and write
"BEATSYNC_WINDOW_SHOWN <epoch seconds> <seconds since entry> <window class>" to FILE (and
stdout): build_spec/smoke_test.py uses it to time start-up. A file, because a windowed
Windows build has no stdout.
"""

import os
import sys
import time

_T0 = time.perf_counter()


def _clean_qt_env_for_children() -> None:
    """PyInstaller's PySide6 hook sets QT_PLUGIN_PATH/QML2_IMPORT_PATH to the bundle; child
    processes (a system file manager or player we open) would load our Qt plugins. Our own
    Qt finds them through the embedded qt.conf prefix registered by the same hook, so the
    variables can go. (PATH on Windows is left alone: Qt's plugin DLLs resolve through it.)"""
    if getattr(sys, "frozen", False):
        for var in ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH"):
            os.environ.pop(var, None)


def _install_startup_probe(report: str) -> None:
    """Quit once a top-level window is visible and report when that happened."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec

    def probing_exec(*args, **kwargs):
        app = QApplication.instance()
        deadline = time.perf_counter() + 60

        def check():
            shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
            if shown:
                _report(f"BEATSYNC_WINDOW_SHOWN {time.time():.3f} {time.perf_counter() - _T0:.3f} "
                        f"{type(shown[0]).__name__}")
                app.quit()
            elif time.perf_counter() > deadline:
                _report("BEATSYNC_WINDOW_TIMEOUT")
                app.exit(3)
            else:
                QTimer.singleShot(20, check)

        def _report(line: str) -> None:
            print(line, flush=True)
            if report != "1":
                with open(report, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")

        QTimer.singleShot(0, check)
        return original_exec()          # static in Qt: drop the instance argument

    QApplication.exec = probing_exec


def main() -> int:
    if not getattr(sys, "frozen", False):      # `python build_spec/beatsync_entry.py` in a checkout
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if root not in sys.path:
            sys.path.insert(1, root)
    _clean_qt_env_for_children()
    argv = sys.argv[1:]
    if argv[:1] == ["--encode-helper"]:      # started by the engine, speaks on stdin/stdout
        from beatsync_desktop.core.encode_helper import main as helper_main
        return helper_main()
    if "--self-test" in argv:
        from beatsync_desktop.selftest import main as selftest_main
        return selftest_main([a for a in argv if a != "--self-test"])
    if argv[:1] == ["--cli"]:
        from beatsync_desktop.cli import main as cli_main
        sys.argv = [sys.argv[0]] + argv[1:]
        return cli_main()
    probe = os.environ.pop("BEATSYNC_STARTUP_PROBE", "")
    if probe:
        _install_startup_probe(probe)
    from beatsync_desktop.ui.app import main as gui_main
    return gui_main()


if __name__ == "__main__":
    # multiprocessing in a frozen app must not re-run main() in its workers
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())
