"""Entry point of the frozen BeatSync app (PyInstaller script; also works unfrozen).
It hands over to beatsync_desktop.launcher.main, the one dispatcher of every face:

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
    from beatsync_desktop.launcher import face, main as launch   # every face of the app
    probe = os.environ.pop("BEATSYNC_STARTUP_PROBE", "")
    if probe and face(sys.argv[1:]) == "window":
        _install_startup_probe(probe)
    return launch()


if __name__ == "__main__":
    # multiprocessing in a frozen app must not re-run main() in its workers
    import multiprocessing
    multiprocessing.freeze_support()
    sys.exit(main())
