"""The one entry point: `python -m beatsync_desktop`, the `beatsync` and `beatsync-desktop`
commands and the frozen app (build_spec/beatsync_entry.py) all come through `main`.

    main(argv)                      the window (beatsync_desktop.ui.app)
    main(["--encode-helper"])       internal: the engine's second AAC encoder process
    main(["--self-test", …])        headless check of the installation (selftest.py)
    main(["--cli", …]) / cli(argv)  the command line (cli.py)

Each face is imported only when chosen, so the helper process and the CLI never load Qt.
"""

from __future__ import annotations

import sys
from typing import Optional, Sequence


def face(args: Sequence[str]) -> str:
    """Which face of the app a command line asks for: helper, self-test, cli or window."""
    if list(args[:1]) == ["--encode-helper"]:
        return "helper"
    if "--self-test" in args:
        return "self-test"
    if list(args[:1]) == ["--cli"]:
        return "cli"
    return "window"


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    chosen = face(args)
    if chosen == "cli" and argv is None:
        # This process is the `beatsync` command: a stop (Ctrl+C) from here on ends in
        # words, also while the command's modules load, never in a traceback.
        from .stop_signals import install
        install()
    from .child_env import clean_environ
    clean_environ()                      # frozen: children must not inherit the bundle's paths
    if chosen == "helper":               # started by the engine, speaks on stdin/stdout
        from .core.encode_helper import main as helper_main
        return helper_main()
    if chosen == "self-test":
        from .selftest import main as selftest_main
        return int(selftest_main([a for a in args if a != "--self-test"]) or 0)
    if chosen == "cli":
        from .cli import main as cli_main
        if argv is None:                 # the process's own command line (see cli.main)
            sys.argv = [sys.argv[0], *args[1:]]
            return cli_main()
        return cli_main(args[1:])
    from .ui.app import main as window_main
    return window_main(args)


def cli(argv: Optional[Sequence[str]] = None) -> int:
    """The `beatsync` command."""
    if argv is None:
        sys.argv = [sys.argv[0], "--cli", *sys.argv[1:]]
        return main()
    return main(["--cli", *argv])
