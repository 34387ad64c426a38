"""A batch in the window's job queue, over the real engine: it keeps going past failures and
its memory stays flat from clip to clip (`python -m tests.benchmark --batch` runs 50)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from tests.benchmark import run_batch


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_a_batch_keeps_going_and_keeps_its_memory_flat(qapp, tmp_path):
    result = run_batch(tmp_path / "batch", clips=12)
    rows = result["rows"]
    states = [r["state"] for r in rows]
    # clips 3, 7 and 11 fail (talk without music, damaged, deleted); the others are done
    assert states == ["failed" if i % 4 == 3 else "done" for i in range(12)], rows
    failed = [r["message"] for r in rows if r["state"] == "failed"]
    assert "not found" in failed[0]                        # talk: no song in it
    assert "clip07.mkv" in failed[1] or "clip07" in failed[1]
    assert "File not found" in failed[2]
    for r in rows:
        if r["state"] == "done":
            assert (tmp_path / "batch" / r["name"]).with_name(
                r["name"].rsplit(".", 1)[0] + "_beatsync.mp4").exists()
    first = rows[0]["peak_mb"]
    assert max(r["peak_mb"] for r in rows) - first < 50, rows
