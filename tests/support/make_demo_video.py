"""Make resources/demo/demo_class.mp4: the phone-style class video the `beatsync demo` uses.

The demo song is played "through a speaker in a studio" by the test chain (reverb, crowd,
the teacher counting in), and put under a generated portrait picture, with the phone
covered for the last second. Run from the repo root:  python -m tests.support.make_demo_video
"""

from __future__ import annotations

from pathlib import Path

from .media_factory import make_video
from .studio import EASY, load_audio, simulate_phone_recording

ROOT = Path(__file__).resolve().parents[2]
SONG = ROOT / "resources" / "demo" / "demo_song.mp3"
OUT = ROOT / "resources" / "demo" / "demo_class.mp4"


def main() -> None:
    clean, sr = load_audio(SONG)
    studio = dict(EASY, rt60=0.6, snr_db=10.0)
    rec = simulate_phone_recording(clean, sr, ref_start=4.0, length=18.0, lead_in=5.0,
                                   tail=3.0, seed=7, out_sr=48000, **studio)
    duration = rec.duration
    make_video(OUT, rec.audio, rec.sr, size=(384, 216), fps=30, rotation=90, crf=38,
               black=[(duration - 1.2, duration)], creation_time="2026-06-12T18:30:00Z",
               layout="faststart")
    print(f"{OUT}: {OUT.stat().st_size / 1024:.0f} KiB, {duration:.1f} s, "
          f"music {rec.music_start:.2f}–{rec.music_end:.2f} s, song offset {rec.true_offset:.3f} s")


if __name__ == "__main__":
    main()
