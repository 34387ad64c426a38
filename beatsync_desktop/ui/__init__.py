"""The desktop window over the sync engine (PySide6). The map is in README.md beside this.

- ``views/``       widgets that only lay things out and emit signals (no behaviour);
- ``controller``   the window's state and what changes it; ``placement`` (which file is the
                   song, pure Python), ``job_queue`` (the jobs), ``presenter`` (draws state);
- ``workers``      ``run_task``: the one way to run work off the GUI thread;
- ``engine``       the typed door to ``beatsync_desktop.core`` (probe, sync), heavy modules
                   imported lazily so the window is on screen before numpy/PyAV load;
- ``app``          ``main()``: command line, logging, translations, screenshots.
"""
