"""Speed and memory benchmark: prints figures, asserts nothing (machines here are noisy).

    python -m tests.benchmark              # 3-minute 1080p30 H.264 phone video (+ a 20-minute one)
    python -m tests.benchmark --quick      # 3-minute video only
    python -m tests.benchmark --stress     # 320 seeded cases over songs × conditions: pass table
    python -m tests.benchmark --stress-runs 60   # restarts, pauses, the song twice, tempo
    python -m tests.benchmark --long-reference   # 3-minute video, 60-minute class mix
    python -m tests.benchmark --batch      # the window's job queue: 50 short clips, some failing

Makes the media once into bench_out/ (ignored by git): a "song" of real music (the three test
clips played back to back, ~2:40, plus the first again: 3:35), a phone recording of it
through the simulated studio, a 1080p30 H.264 video carrying that recording. Then runs the
engine in a fresh process per measurement, and the bare ffmpeg work no tool can avoid
(stream copy of the video plus AAC encoding of the audio span) for the ratio.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench_out"
SR = 48000

CHILD = r'''
import json, sys, threading, time
from pathlib import Path
from beatsync_desktop.core import sync_video

def status_mb(key):
    # /proc, not getrusage: ru_maxrss survives exec, so it would report the parent's peak.
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(key):
                return int(line.split()[1]) / 1024
    return 0.0

def rss_mb():
    return status_mb("VmRSS:")

stage = {"name": "start"}
peaks = {}
stop = threading.Event()
def sample():
    while not stop.is_set():
        r = rss_mb(); n = stage["name"]
        peaks[n] = max(peaks.get(n, 0.0), r)
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
def on_progress(e):
    stage["name"] = e.stage
t0 = time.perf_counter()
result = sync_video(sys.argv[1], sys.argv[2], sys.argv[3], on_progress=on_progress)
total = time.perf_counter() - t0
stop.set()
print(json.dumps({"total": total, "timings": result.timings, "peaks": peaks,
                  "peak_rss_mb": status_mb("VmHWM:"),
                  "plan": result.plan.to_dict(), "alignment": result.alignment.to_dict()}))
'''


def make_media(minutes: float, size: tuple[int, int], tag: str) -> tuple[Path, Path, object]:
    from tests.support.media_factory import make_audio_file, make_video
    from tests.support.studio import HARD, load_audio, simulate_phone_recording
    from tests.support.assets import music_files

    OUT.mkdir(exist_ok=True)
    clips = [load_audio(p, sr=SR)[0] for p in music_files()]
    song = np.concatenate(clips + clips[:1], axis=1)
    ref_path = OUT / "song.mp3"
    if not ref_path.exists():
        make_audio_file(ref_path, song, SR, bitrate=256_000)
    length = min(song.shape[1] / SR - 1.0, minutes * 60 - 13)
    rec = simulate_phone_recording(song, SR, ref_start=0.5, length=length, lead_in=8.0,
                                   tail=5.0, seed=1, **{**HARD, "clip_drive": None})
    if minutes * 60 > rec.duration + 1:   # a long video: the song, then a long tail of class
        extra = int((minutes * 60 - rec.duration) * SR)
        tail = np.tile(rec.audio[: 8 * SR] * 0.05, extra // (8 * SR) + 1)[:extra]
        audio = np.concatenate([rec.audio, tail])
    else:
        audio = rec.audio
    video_path = OUT / f"class_{tag}.mp4"
    if not video_path.exists():
        t = time.time()
        print(f"making {video_path.name} ({audio.size / SR / 60:.1f} min, {size[0]}x{size[1]})…",
              flush=True)
        make_video(video_path, audio, SR, size=size, fps=30, crf=30, gop=60)
        print(f"  made in {time.time() - t:.0f} s", flush=True)
    return video_path, ref_path, rec


def run_engine(video: Path, ref: Path, out: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", CHILD, str(video), str(ref), str(out)],
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bare_ffmpeg(video: Path, ref: Path, plan: dict, alignment: dict, out: Path) -> float:
    """The unavoidable work, done by the ffmpeg CLI: copy the picture span, encode the song span."""
    from tests.support.media_factory import ffmpeg_exe
    start, end = plan["video_start"], plan["end"]
    ref_start = start + alignment["offset"]
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
           "-ss", f"{start:.3f}", "-i", str(video), "-ss", f"{max(0.0, ref_start):.3f}",
           "-i", str(ref), "-map", "0:v", "-map", "1:a", "-c:v", "copy", "-c:a", "aac",
           "-b:a", "192k", "-t", f"{end - start:.3f}", str(out)]
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t


def residuals(out: Path, song_path: Path, rec, plan: dict) -> list[float]:
    """Residual error at 7 points of the output (picture time → expected song time)."""
    from tests.support.media_factory import decode_audio
    from tests.timing import residual_ms
    out_audio = decode_audio(out, SR)
    song = decode_audio(song_path, SR, from_zero=False)
    t0, t1 = rec.music_start + 2, min(rec.music_end, plan["end"]) - 3
    errs = []
    for t in np.linspace(t0, t1, 7):
        errs.append(residual_ms(out_audio, song, SR, t - plan["video_start"],
                                float(rec.ref_time(t))))
    return errs


def report(name: str, video: Path, ref: Path, rec, runs: int) -> None:
    out = OUT / f"out_{name}.mp4"
    results = [run_engine(video, ref, out) for _ in range(runs)]
    best = min(results, key=lambda r: r["total"])
    bare = min(bare_ffmpeg(video, ref, best["plan"], best["alignment"], OUT / "bare.mp4")
               for _ in range(runs))
    errs = residuals(out, ref, rec, best["plan"])
    size_mb = video.stat().st_size / 1e6
    print(f"\n== {name}: {video.name} ({size_mb:.0f} MB), reference {ref.name}")
    print(f"{'stage':<8} {'wall s':>8} {'peak RSS MB':>12}")
    for stage in ("probe", "decode", "align", "plan", "render"):
        print(f"{stage:<8} {best['timings'].get(stage, 0):8.2f} "
              f"{best['peaks'].get(stage, 0):12.0f}")
    print(f"{'total':<8} {best['total']:8.2f} {best['peak_rss_mb']:12.0f}   (best of {runs})")
    print(f"bare ffmpeg (copy video + AAC span): {bare:.2f} s  → ratio {best['total'] / bare:.2f}")
    print(f"residual error at 7 picture times: median {np.median(np.abs(errs)):.2f} ms, "
          f"worst {np.max(np.abs(errs)):.2f} ms")
    print(f"offset {best['alignment']['offset']:.4f} s (true {rec.true_offset:.4f}), "
          f"confidence {best['alignment']['confidence']:.2f}, "
          f"kept {best['plan']['start']:.2f}–{best['plan']['end']:.2f} s")


def long_reference() -> None:
    """A 3-minute class video against a 60-minute class mix (MP3) as the reference."""
    from tests.support import stress
    from tests.support.media_factory import make_video
    from tests.support.studio import HARD, simulate_phone_recording
    OUT.mkdir(exist_ok=True)
    pieces, targets = stress.mix_plan(60)
    song = max(targets, key=lambda name: stress._duration(stress.by_name(name)))
    case = stress.Case(ident="long", kind="ok", song=song, reference=song, ref_minutes=60)
    # Made once, and again whenever the mix plan changes (a file of an older plan would be
    # judged against the new plan's truth: it happened once).
    plan = json.dumps([(p.song, round(p.at, 3), p.rate) for p in pieces]).encode()
    key = hashlib.sha1(plan).hexdigest()[:8]
    ref = OUT / f"mix60-{key}.mp3"
    if not ref.exists():
        print("making the 60-minute mix (a few minutes)…", flush=True)
        stress.write_reference(case, ref)
    _, song_at, total = stress.reference_pieces(case)
    video = OUT / f"class_mix60-{key}.mp4"
    rec_start = min(song_at + 20.0, total - 200.0)
    region = stress.reference_region(pieces, rec_start, rec_start + 180.0)
    rec = simulate_phone_recording(region, SR, length=180.0, lead_in=6.0, tail=4.0, seed=3,
                                   **{**HARD, "clip_drive": None})
    if not video.exists():
        make_video(video, rec.audio, SR, size=(1280, 720), fps=30, crf=30, gop=60)
    result = run_engine(video, ref, OUT / "out_mix60.mp4")
    print(f"\n== 3-minute video against a 60-minute MP3 class mix ({ref.stat().st_size / 1e6:.0f} MB)")
    print(f"{'stage':<8} {'wall s':>8} {'peak RSS MB':>12}")
    for stage in ("probe", "decode", "align", "plan", "render"):
        print(f"{stage:<8} {result['timings'].get(stage, 0):8.2f} "
              f"{result['peaks'].get(stage, 0):12.0f}")
    print(f"{'total':<8} {result['total']:8.2f} {result['peak_rss_mb']:12.0f}")
    found = result["alignment"]["offset"]
    print(f"offset {found:.4f} s (true {rec.true_offset + rec_start:.4f}), confidence "
          f"{result['alignment']['confidence']:.2f}")


def stress_run(count: int, seed: int, split, workers: int) -> None:
    """Hundreds of seeded cases over songs × conditions; prints the pass table."""
    from tests.support import stress, stress_report
    cases = stress.generate(count, seed=seed, split=split)
    rows = stress_report.run(cases, OUT / f"stress-{seed}", workers)
    print()
    print(stress_report.table(rows))
    print()
    print(stress_report.summary(rows))


def stress_runs(count: int, seed: int, split, workers: int) -> None:
    """Seeded class videos with several runs of the song or another tempo (hold-out songs
    unless `split` says otherwise); prints the pass table by scenario and condition."""
    from tests.support import stress_report, stress_runs as runs
    cases = runs.generate(count, seed=seed, split=split or "holdout")
    rows = stress_report.run(cases, OUT / f"stress-runs-{seed}", workers, judge=runs.judge_row)
    print()
    print(stress_report.table(rows, case_of=runs.case_of, columns=runs.OUTCOME_COLUMNS))
    print()
    print(runs.summary(rows))


def _rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import psutil
    return psutil.Process().memory_info().rss / 2**20


def make_batch(folder: Path, clips: int) -> tuple[list[Path], Path, dict[str, list[Path]]]:
    """`clips` short class videos (four phone formats in turn) and the song; one in four
    will fail, in turn: a video of talk with no music, one damaged after it was added, one
    deleted after it was added."""
    import shutil
    from tests import fuzz
    from tests.support import media_factory as mf
    from tests.support.assets import talk_file

    seeds = {s.name: s.path for s in fuzz.build_seeds(fuzz.default_seed_dir())}
    folder.mkdir(parents=True, exist_ok=True)
    kinds = ["class.mp4", "class_hevc.mov", "class_vfr.mkv", "class_rot_bframes.mp4"]
    talk = folder / "_talk.mp4"
    if not talk.exists():
        speech = mf.decode_audio(talk_file(), SR)
        speech = np.tile(speech, int(np.ceil(16 * SR / speech.size)))[: 16 * SR] * 0.5
        mf.make_video(talk, speech.astype(np.float32), SR, size=(160, 96), fps=15)
    videos: list[Path] = []
    spoil: dict[str, list[Path]] = {"talk": [], "damage": [], "delete": []}
    for i in range(clips):
        role = ("talk", "damage", "delete")[i // 4 % 3] if i % 4 == 3 else None
        src = talk if role == "talk" else seeds[kinds[i % len(kinds)]]
        dst = folder / f"clip{i:02d}{src.suffix}"
        shutil.copyfile(src, dst)
        videos.append(dst)
        if role:
            spoil[role].append(dst)
    song = Path(shutil.copyfile(seeds["song.mp3"], folder / "song.mp3"))
    return videos, song, spoil


def run_batch(folder: Path, clips: int = 50, timeout: float = 600.0) -> dict:
    """The window's job queue, offscreen, over the real engine: drop `clips` class videos and
    the song, start the batch, and record each clip's state, time and peak RSS."""
    import os
    import shutil
    import threading
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from beatsync_desktop.ui.engine import Engine
    from tests.ui_fixtures import make_window

    import logging
    logging.getLogger("beatsync_desktop").setLevel(logging.ERROR)   # failures are expected
    app = QApplication.instance() or QApplication([])
    shutil.rmtree(folder, ignore_errors=True)
    videos, song, spoil = make_batch(folder, clips)
    window, c = make_window(folder, Engine(), sync=False)
    c.ask_song_choice = lambda names: -1

    def wait_for(signal, seconds: float) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    start_rss = _rss_mb()
    t0 = time.perf_counter()
    c.add_files(videos + [song], None)
    wait_for(c.files_ready, 300)
    probe_s = time.perf_counter() - t0
    assert len(c.items) == clips and c.song is not None, (len(c.items), c.song)
    for path in spoil["damage"]:            # damaged after it was added (a copy went wrong)
        data = bytearray(path.read_bytes())
        data[len(data) // 5:] = bytes(len(data) - len(data) // 5)
        path.write_bytes(bytes(data))
    for path in spoil["delete"]:            # removed after it was added
        path.unlink()

    current = {"peak": 0.0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            current["peak"] = max(current["peak"], _rss_mb())
            time.sleep(0.01)
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rows: list[dict] = []
    clip_t0 = [time.perf_counter()]

    def finished(item) -> None:
        now = time.perf_counter()
        rows.append({"name": item.path.name, "state": item.state,
                     "message": item.failure.message if item.failure else "",
                     "seconds": now - clip_t0[0], "peak_mb": current["peak"],
                     "rss_mb": _rss_mb()})
        clip_t0[0] = now
        current["peak"] = _rss_mb()
    c.item_finished.connect(finished)
    t1 = time.perf_counter()
    c.start()
    wait_for(c.all_finished, timeout)
    total = time.perf_counter() - t1
    stop.set()
    sampler.join()
    c.job_pool.waitForDone(10000)
    c.probe_pool.waitForDone(10000)
    window.close()
    app.processEvents()
    outputs = [r for r in rows if r["state"] == "done"]
    return {"rows": rows, "start_rss_mb": start_rss, "probe_seconds": probe_s,
            "total_seconds": total, "done": len(outputs),
            "failed": sum(r["state"] == "failed" for r in rows), "clips": clips,
            "spoiled": {k: [p.name for p in v] for k, v in spoil.items()}}


def report_batch(clips: int) -> None:
    result = run_batch(OUT / "batch", clips)
    rows = result["rows"]
    print(f"\n== batch of {clips} short clips in the window's job queue (offscreen, real engine)")
    print(f"reading {clips + 1} dropped files: {result['probe_seconds']:.1f} s; "
          f"RSS before the batch {result['start_rss_mb']:.0f} MB")
    print(f"{'#':>3} {'clip':<12} {'state':<7} {'s':>5} {'peak MB':>8} {'after MB':>9}  message")
    for i, r in enumerate(rows):
        print(f"{i + 1:>3} {r['name']:<12} {r['state']:<7} {r['seconds']:5.2f} "
              f"{r['peak_mb']:8.0f} {r['rss_mb']:9.0f}  {r['message'][:70]}")
    first = rows[0]["peak_mb"]
    worst = max(r["peak_mb"] for r in rows)
    print(f"done {result['done']}, failed {result['failed']} of {len(rows)} in "
          f"{result['total_seconds']:.0f} s; peak RSS: first clip {first:.0f} MB, highest "
          f"{worst:.0f} MB (+{worst - first:.0f} MB), last clip {rows[-1]['peak_mb']:.0f} MB")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the 20-minute video")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--stress", type=int, nargs="?", const=320, metavar="N",
                    help="run N seeded stress cases (default 320) and print the pass table")
    ap.add_argument("--stress-runs", type=int, nargs="?", const=60, metavar="N",
                    help="run N seeded cases of several runs / another tempo (default 60)")
    ap.add_argument("--seed", type=int, default=2026, help="stress: the seed of the cases")
    ap.add_argument("--split", choices=("tune", "holdout"), help="stress: only these songs")
    ap.add_argument("--workers", type=int, default=2, help="stress: processes")
    ap.add_argument("--long-reference", action="store_true",
                    help="only the 3-minute video against a 60-minute class mix")
    ap.add_argument("--batch", action="store_true",
                    help="only the window's batch queue: 50 short clips, some failing")
    ap.add_argument("--clips", type=int, default=50, help="clips in the --batch run (50)")
    args = ap.parse_args()
    if args.stress:
        stress_run(args.stress, args.seed, args.split, args.workers)
        return
    if args.stress_runs:
        stress_runs(args.stress_runs, args.seed, args.split, args.workers)
        return
    if args.long_reference:
        long_reference()
        return
    if args.batch:
        report_batch(args.clips)
        return
    video, ref, rec = make_media(3.0, (1920, 1080), "3min_1080p")
    report("3 min 1080p30", video, ref, rec, args.runs)
    if not args.quick:
        video, ref, rec = make_media(20.0, (640, 360), "20min_360p")
        report("20 min (memory scaling)", video, ref, rec, 1)


if __name__ == "__main__":
    main()
