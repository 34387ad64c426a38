"""Stop signals of the `beatsync` command: Ctrl+C, `kill`, a closed terminal.

A stop becomes a cooperative cancel (the engine removes its partial file, the command says
"Cancelled: nothing was written." and exits 130, 143 after SIGTERM, 129 after SIGHUP).
The command's entry points call `install()` first thing, before the command's modules
load (launcher.main for `beatsync` and the app's `--cli`; the top of cli.py for `python -m
beatsync_desktop.cli`): until then Python's own handler turns a Ctrl+C into a
KeyboardInterrupt traceback wherever the start-up happens to be.

Only the standard library's `signal` is imported here: loading this module is itself part
of the start-up that it protects.
"""

from __future__ import annotations

import signal

# Signals that stop a job the way Ctrl+C does, so the engine removes its partial file:
# a terminal closed (SIGHUP), `kill`, a service manager or a logout (SIGTERM).
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
                     if hasattr(signal, name))


class Stopper:
    """Turns a stop signal into a cooperative cancel; remembers which signal it was.

    A stop that arrives before the job has its cancel token (`token`) is remembered in
    `signum`; the command checks it before it starts the work."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.token = None
        self.previous = {}
        for signum in STOP_SIGNALS:
            try:
                self.previous[signum] = signal.signal(signum, self._handle)
            except (ValueError, OSError):   # not the main thread, or not allowed here
                pass

    def _handle(self, signum, _frame) -> None:
        if self.signum is None:
            self.signum = signum
        if self.token is not None:
            self.token.cancel()

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum or signal.SIGINT)

    def ignore(self) -> None:
        for signum in self.previous:
            try:
                signal.signal(signum, signal.SIG_IGN)
            except (ValueError, OSError):
                pass

    def restore(self) -> None:
        for signum, handler in self.previous.items():
            try:
                signal.signal(signum, handler)
            except (ValueError, OSError, TypeError):
                pass


_installed: Stopper | None = None


def install() -> Stopper:
    """The process's stopper, installed now unless an entry point already did: for the
    process that *is* the command (never for `cli.main(argv)` called in-process)."""
    global _installed
    if _installed is None:
        _installed = Stopper()
    return _installed
