"""Draw BeatSync's one source icon image (1024×1024 PNG) with Pillow.

The motif: a rounded square in an indigo→magenta gradient, a symmetric audio waveform
(bars) across it and a white "play" disc in the middle whose ring marks the beat.
Run once when the design changes; the result `resources/icons/beatsync-source.png` is
committed and every platform icon is derived from it by `build_spec/make_icons.py`.

    python build_spec/icons/draw_icon_source.py
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

SIZE = 1024
SS = 2                      # supersampling factor for smooth edges
OUT = Path(__file__).resolve().parents[2] / "resources" / "icons" / "beatsync-source.png"

TOP = (67, 56, 202)         # indigo
BOTTOM = (219, 39, 119)     # magenta/pink
WHITE = (255, 255, 255, 255)


def _gradient(size: int) -> Image.Image:
    grad = Image.new("RGBA", (size, size))
    px = grad.load()
    for y in range(size):
        for x in range(size):
            t = min(1.0, max(0.0, (0.75 * y + 0.25 * x) / size))
            px[x, y] = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM)) + (255,)
    return grad


def draw() -> Image.Image:
    s = SIZE * SS
    # macOS-style squircle-ish tile with a margin so the icon does not look oversized
    margin = int(s * 0.06)
    radius = int(s * 0.2)
    mask = Image.new("L", (s, s), 0)
    ImageDraw.Draw(mask).rounded_rectangle((margin, margin, s - margin, s - margin), radius, fill=255)

    # gradient drawn small then scaled up (fast; it is smooth anyway)
    tile = _gradient(256).resize((s, s), Image.BICUBIC)
    icon = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    icon.paste(tile, (0, 0), mask)

    # soft drop shadow under the tile
    shadow = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    ImageDraw.Draw(shadow).rounded_rectangle(
        (margin, margin + int(s * 0.012), s - margin, s - margin + int(s * 0.012)), radius,
        fill=(0, 0, 0, 90))
    shadow = shadow.filter(ImageFilter.GaussianBlur(s * 0.012))
    base = Image.alpha_composite(shadow, icon)

    # waveform: symmetric bars, height from an envelope × a beat pulse
    layer = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    cx = cy = s / 2
    n_bars = 17
    left, right = margin + s * 0.09, s - margin - s * 0.09
    pitch = (right - left) / n_bars
    bar_w = pitch * 0.55
    for i in range(n_bars):
        x = left + pitch * (i + 0.5)
        u = (i + 0.5) / n_bars                 # 0..1 across the tile
        envelope = math.sin(math.pi * u) ** 0.8
        pulse = 0.55 + 0.45 * abs(math.cos(2.5 * math.pi * u))
        h = s * 0.30 * envelope * pulse + s * 0.025
        d.rounded_rectangle((x - bar_w / 2, cy - h, x + bar_w / 2, cy + h), bar_w / 2,
                            fill=(255, 255, 255, 150))

    # play disc with a beat ring
    r_ring = s * 0.205
    ring_w = s * 0.022
    d.ellipse((cx - r_ring, cy - r_ring, cx + r_ring, cy + r_ring), outline=WHITE,
              width=int(ring_w))
    r_disc = s * 0.165
    d.ellipse((cx - r_disc, cy - r_disc, cx + r_disc, cy + r_disc), fill=WHITE)
    # play triangle (optically centred: shifted right a little)
    tri = s * 0.085
    ox = cx + tri * 0.18
    d.polygon([(ox - tri * 0.75, cy - tri), (ox - tri * 0.75, cy + tri), (ox + tri * 1.05, cy)],
              fill=TOP + (255,))

    out = Image.alpha_composite(base, layer)
    return out.resize((SIZE, SIZE), Image.LANCZOS)


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    draw().save(OUT, optimize=True)
    print(f"wrote {OUT}")
