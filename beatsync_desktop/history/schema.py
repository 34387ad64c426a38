"""The history database's layout, as an ordered list of migrations.

Rules for whoever adds version N+1:
- append a `Migration`; never edit one that has shipped (files in the wild were made by it);
- each runs in its own transaction together with its row in `schema_version`;
- `writable_by` is the oldest code version that can still use a file at this version: keep it
  at the previous value when the change is additive (a new column with a default, a new index
  or table the older code ignores), raise it to N+1 when older code would write wrong rows.
  An older BeatSync that meets a file it cannot write keeps history in memory and says so,
  leaving the file untouched.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    writable_by: int
    summary: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, 1, "jobs: inputs, options, outcome", (
        """CREATE TABLE jobs (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id      TEXT NOT NULL,
            status        TEXT NOT NULL,
            created_at    TEXT NOT NULL,
            started_at    TEXT,
            finished_at   TEXT,
            video_path    TEXT NOT NULL,
            song_path     TEXT NOT NULL,
            options_json  TEXT NOT NULL DEFAULT '{}',
            output_path   TEXT,
            result_json   TEXT,
            error_kind    TEXT,
            error_message TEXT
        )""",
        "CREATE INDEX jobs_created ON jobs (created_at)",
        "CREATE INDEX jobs_status ON jobs (status)",
    )),
    Migration(2, 2, "file identity (size, mtime, content hash); owning process; retries", (
        "ALTER TABLE jobs ADD COLUMN video_size INTEGER",
        "ALTER TABLE jobs ADD COLUMN video_mtime REAL",
        "ALTER TABLE jobs ADD COLUMN video_hash TEXT",
        "ALTER TABLE jobs ADD COLUMN song_size INTEGER",
        "ALTER TABLE jobs ADD COLUMN song_mtime REAL",
        "ALTER TABLE jobs ADD COLUMN song_hash TEXT",
        "ALTER TABLE jobs ADD COLUMN origin TEXT NOT NULL DEFAULT 'window'",
        "ALTER TABLE jobs ADD COLUMN owner TEXT",
        "ALTER TABLE jobs ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE jobs ADD COLUMN rerun_of INTEGER",
        "ALTER TABLE jobs ADD COLUMN error_detail TEXT",
        "CREATE INDEX jobs_video_hash ON jobs (video_hash)",
        "CREATE INDEX jobs_song_hash ON jobs (song_hash)",
        # Rows from version 1 that were started count as one attempt.
        "UPDATE jobs SET attempts = 1 WHERE started_at IS NOT NULL",
    )),
)

LATEST = MIGRATIONS[-1].version

# Kept apart from the jobs so that reading the version never depends on the jobs' layout.
VERSION_TABLE = """CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    writable_by INTEGER NOT NULL,
    applied_at  TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT ''
)"""
