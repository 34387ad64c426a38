"""Derive every platform icon from the one source image.

    python build_spec/make_icons.py            # writes resources/icons/beatsync.{ico,icns,png}
    python build_spec/make_icons.py --check    # exit 1 if the derived icons are missing/stale

Source: resources/icons/beatsync-source.png (1024×1024 RGBA, drawn by
build_spec/icons/draw_icon_source.py). Outputs:
  beatsync.ico   Windows (exe + installer + file association), 16…256 px
  beatsync.icns  macOS .app bundle, 16…1024 px (incl. @2x)
  beatsync.png   512 px, window icon for Qt and the Linux .desktop entry
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parents[1] / "resources" / "icons"
SOURCE = ICON_DIR / "beatsync-source.png"
ICO_SIZES = [16, 20, 24, 32, 40, 48, 64, 128, 256]
PNG_SIZE = 512
OUTPUTS = ("beatsync.ico", "beatsync.icns", "beatsync.png")


def make_icons(source: Path = SOURCE, out_dir: Path = ICON_DIR) -> list[Path]:
    from PIL import Image

    img = Image.open(source).convert("RGBA")
    if img.size[0] != img.size[1] or img.size[0] < 1024:
        raise SystemExit(f"{source}: need a square image of at least 1024 px, got {img.size}")
    if img.size[0] != 1024:
        img = img.resize((1024, 1024), Image.LANCZOS)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []

    # .ico: Pillow resamples the largest image for every listed size (PNG-compressed 256 entry)
    ico = out_dir / "beatsync.ico"
    img.resize((256, 256), Image.LANCZOS).save(ico, sizes=[(s, s) for s in ICO_SIZES])
    written.append(ico)

    # .icns: Pillow writes all standard sizes (16…512 and @2x up to 1024) from a 1024 image
    icns = out_dir / "beatsync.icns"
    img.save(icns, format="ICNS")
    written.append(icns)

    png = out_dir / "beatsync.png"
    img.resize((PNG_SIZE, PNG_SIZE), Image.LANCZOS).save(png, optimize=True)
    written.append(png)
    return written


def stale(out_dir: Path = ICON_DIR) -> list[str]:
    src_mtime = SOURCE.stat().st_mtime
    bad = []
    for name in OUTPUTS:
        p = out_dir / name
        if not p.exists() or p.stat().st_mtime < src_mtime:
            bad.append(name)
    return bad


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only check that the icons are up to date")
    args = ap.parse_args(argv)
    if args.check:
        bad = stale()
        if bad:
            print("missing or older than the source:", ", ".join(bad))
            return 1
        print("icons up to date")
        return 0
    for p in make_icons():
        print(f"wrote {p} ({p.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
