"""The desktop window over the sync engine (PySide6).

Layout:
- ``views/``      widgets that only lay things out and emit signals (no behaviour);
- ``controller``  what the window does: probing dropped files, running jobs, batch queue;
- ``workers``     ``QRunnable`` tasks whose signals update the window (no polling);
- ``engine``      the only module that touches ``beatsync_desktop.core`` — lazily, so the
                  window is on screen before numpy/PyAV are loaded;
- ``app``         ``main()``: command line, logging, translations, screenshots.
"""
