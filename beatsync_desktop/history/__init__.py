"""Job history and the queue that survives a restart (SQLite), shared by the window and the CLI.

Pure Python: no Qt (a test keeps it that way), and the engine is imported only where a
SyncOptions is rebuilt. `sqlite3` is loaded on first use of the store, so a Python built
without it can still parse `beatsync` command lines and sync (history then only warns).
See store.py for the promises and README.md for the layout.
"""

from .records import (CANCELLED, DONE, FAILED, FINAL, INTERRUPTED, QUEUED, RETRYABLE, RUNNING,
                      UNFINISHED, FileRef, JobRecord, Notice, content_hash)

_FROM_STORE = ("DB_NAME", "ENV_DATA_DIR", "HistoryError", "HistoryStore", "compact_result",
               "data_dir", "new_batch_id")

__all__ = [
    "CANCELLED", "DONE", "FAILED", "FINAL", "FileRef", "INTERRUPTED", "JobRecord", "Notice",
    "QUEUED", "RETRYABLE", "RUNNING", "UNFINISHED", "content_hash", *_FROM_STORE,
]


def __getattr__(name: str):
    if name in _FROM_STORE:
        from . import store
        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
