"""Measure how fast the window is on screen: `python -m beatsync_desktop.ui.startup_probe`.

Starts the app in a fresh process (offscreen), which prints a marker once the window has
been shown; the time is measured from just before the process is spawned, so it includes
the interpreter start. Also reports which heavy modules were loaded by then (should be none).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 1.5


def measure(runs: int = 3) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.setdefault("BEATSYNC_LOG_DIR", tempfile.mkdtemp(prefix="beatsync-log-"))
    settings = Path(tempfile.mkdtemp(prefix="beatsync-probe-")) / "settings.ini"
    times, heavy, inside = [], set(), []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "beatsync_desktop", "--exit-after-show",
                                 "--settings", str(settings)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = ""
        for line in proc.stdout:
            if line.startswith("BEATSYNC_SHOWN"):
                times.append(time.perf_counter() - t0)
                break
        proc.wait(timeout=30)
        if not line.startswith("BEATSYNC_SHOWN"):
            raise RuntimeError(f"the window never showed: {proc.stderr.read()}")
        fields = dict(part.split("=", 1) for part in line.split()[2:])
        inside.append(float(line.split()[1]))
        heavy.update(m for m in fields.get("heavy", "").split(",") if m)
    return {"best_s": min(times), "median_s": sorted(times)[len(times) // 2],
            "in_process_s": min(inside), "heavy_modules": sorted(heavy), "runs": runs}


def main() -> int:
    r = measure()
    print(f"Window shown after {r['best_s']:.2f} s (median {r['median_s']:.2f} s over "
          f"{r['runs']} runs; {r['in_process_s']:.2f} s after the app module loaded). "
          f"Target: < {TARGET_S} s.")
    print("Heavy modules loaded at start:", ", ".join(r["heavy_modules"]) or "none")
    return 0 if r["best_s"] < TARGET_S and not r["heavy_modules"] else 1


if __name__ == "__main__":
    sys.exit(main())
