"""Files the system asks us to open (macOS Dock drops, "Open with"): QFileOpenEvents
collected into one batch. Used by the application object (ui/app.py) and by
`single_instance.FileOpenFilter`."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QTimer


def collect_file_open(event: QEvent, pending: list[str], ready: bool, flush: QTimer) -> bool:
    """True if `event` was a file-open request (its path added to `pending`; the batch
    timer `flush` restarted once someone listens)."""
    if event.type() != QEvent.Type.FileOpen:
        return False
    path = event.file() or event.url().toLocalFile()
    if path:
        pending.append(path)
        if ready:
            flush.start()
    return True
