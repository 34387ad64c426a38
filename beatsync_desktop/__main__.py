"""`python -m beatsync_desktop` opens the window (the CLI is the `beatsync` command)."""

import sys

from beatsync_desktop.launcher import main

if __name__ == "__main__":
    sys.exit(main())
