"""A batch in the window's job queue, over the real engine: it keeps going past failures and
its memory stays flat from clip to clip (`python -m tests.benchmark --batch` runs 50)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _batch_in_own_process(folder: Path, clips: int) -> dict:
    """`run_batch` in a fresh Python: RSS measured inside the test session's own process
    carries every earlier test's heap (3.4 GB by then in a full run), where a few tens of MB
    of the allocator's own growth failed the flatness bound once."""
    code = ("import json, sys; from pathlib import Path; from tests.benchmark import run_batch; "
            "print(json.dumps(run_batch(Path(sys.argv[1]), clips=int(sys.argv[2])), "
            "default=str))")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(clips)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads RSS from /proc")
def test_a_batch_keeps_going_and_keeps_its_memory_flat(tmp_path):
    result = _batch_in_own_process(tmp_path / "batch", clips=12)
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
    # Flat after the first round of every kind of clip (three written, then talk without
    # music, whose search for another tempo leaves ~100 MB the allocator keeps, once): a
    # leak grows clip after clip.
    warm = max(r["peak_mb"] for r in rows[:4])
    later = [round(r["peak_mb"]) for r in rows[4:]]
    assert max(later) - warm < 50, (round(warm), later)
