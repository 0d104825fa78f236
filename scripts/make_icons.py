#!/usr/bin/env python3
"""Generate So Safe's own icons into app/static/images/ (committed).

The mark: a white shield with a tick on a deep purple rounded square. No GOV.UK
crown or any other GOV.UK artwork. Needs Pillow (pinned in pyproject.toml):

    python scripts/make_icons.py

Outputs (all small): favicon.svg, favicon.ico (16/32/48), mask-icon.svg
(one colour, for Safari pinned tabs), apple-touch-icon.png (180, full bleed),
icon-192.png and icon-512.png (web app manifest).
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

BRAND = "#3d2c6e"  # keep in step with assets/scss/_settings.scss
WHITE = "#ffffff"
OUT = Path(__file__).resolve().parent.parent / "app" / "static" / "images"

# Geometry on a 512 x 512 canvas.
SIZE = 512
RADIUS = 96
# Shield: top point, shoulders, straight sides, two cubic curves to the tip.
SHIELD_TOP, SHIELD_SHOULDER_Y, SHIELD_SIDE_END_Y, SHIELD_TIP_Y = 84, 136, 244, 436
SHIELD_LEFT, SHIELD_RIGHT = 116, 396
# Tick: a thick polyline A -> B -> C.
TICK = [(184.0, 262.0), (236.0, 314.0), (332.0, 206.0)]
TICK_WIDTH = 42.0


def cubic(p0, p1, p2, p3, steps=48):
    pts = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        x = u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0]
        y = u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1]
        pts.append((x, y))
    return pts


def shield_points():
    cx = SIZE / 2
    right_end = (SHIELD_RIGHT, SHIELD_SIDE_END_Y)
    tip = (cx, SHIELD_TIP_Y)
    left_end = (SHIELD_LEFT, SHIELD_SIDE_END_Y)
    pts = [(cx, SHIELD_TOP), (SHIELD_RIGHT, SHIELD_SHOULDER_Y), right_end]
    pts += cubic(right_end, (SHIELD_RIGHT, 336), (340, 402), tip)
    pts += cubic(tip, (172, 402), (SHIELD_LEFT, 336), left_end)
    pts.append((SHIELD_LEFT, SHIELD_SHOULDER_Y))
    return pts


def shield_svg_path():
    cx = SIZE / 2
    return (
        f"M{cx:g} {SHIELD_TOP}L{SHIELD_RIGHT} {SHIELD_SHOULDER_Y}V{SHIELD_SIDE_END_Y}"
        f"C{SHIELD_RIGHT} 336 340 402 {cx:g} {SHIELD_TIP_Y}"
        f"C172 402 {SHIELD_LEFT} 336 {SHIELD_LEFT} {SHIELD_SIDE_END_Y}"
        f"V{SHIELD_SHOULDER_Y}Z"
    )


def tick_polygon():
    """Outline of the thick tick (butt ends, mitred corner), clockwise."""
    (ax, ay), (bx, by), (cx, cy) = TICK
    h = TICK_WIDTH / 2

    def unit(dx, dy):
        n = math.hypot(dx, dy)
        return dx / n, dy / n

    d1 = unit(bx - ax, by - ay)
    d2 = unit(cx - bx, cy - by)
    n1 = (-d1[1], d1[0])
    n2 = (-d2[1], d2[0])
    # Miter at B on each side.
    m = unit(n1[0] + n2[0], n1[1] + n2[1])
    k = h / (m[0] * n1[0] + m[1] * n1[1])
    return [
        (ax + n1[0] * h, ay + n1[1] * h),
        (bx + m[0] * k, by + m[1] * k),
        (cx + n2[0] * h, cy + n2[1] * h),
        (cx - n2[0] * h, cy - n2[1] * h),
        (bx - m[0] * k, by - m[1] * k),
        (ax - n1[0] * h, ay - n1[1] * h),
    ]


def svg_points(points):
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


def write_svgs():
    shield = shield_svg_path()
    tick = svg_points(tick_polygon())
    favicon = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<rect width="512" height="512" rx="{RADIUS}" fill="{BRAND}"/>'
        f'<path d="{shield}" fill="{WHITE}"/>'
        f'<path d="{tick}" fill="{BRAND}"/>'
        "</svg>\n"
    )
    # Pinned-tab mask: one colour, transparent background, tick cut out.
    mask = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">'
        f'<path fill-rule="evenodd" d="{shield}{tick}"/>'
        "</svg>\n"
    )
    (OUT / "favicon.svg").write_text(favicon, encoding="utf-8")
    (OUT / "mask-icon.svg").write_text(mask, encoding="utf-8")


def render(size: int, rounded: bool) -> Image.Image:
    scale = 4  # draw large, then downsample for smooth edges
    big = SIZE * scale
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if rounded:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=RADIUS * scale, fill=BRAND)
    else:
        draw.rectangle((0, 0, big - 1, big - 1), fill=BRAND)
    draw.polygon([(x * scale, y * scale) for x, y in shield_points()], fill=WHITE)
    draw.polygon([(x * scale, y * scale) for x, y in tick_polygon()], fill=BRAND)
    return img.resize((size, size), Image.LANCZOS)


def save_png(img: Image.Image, name: str, opaque: bool = False):
    if opaque:
        img = img.convert("RGB")
    # Two colours and their anti-aliased edges: a 64-colour palette is plenty.
    method = Image.Quantize.MEDIANCUT if opaque else Image.Quantize.FASTOCTREE
    img.quantize(colors=64, method=method).save(OUT / name, optimize=True)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    write_svgs()
    # iOS draws its own rounded corners and dislikes transparency.
    save_png(render(180, rounded=False), "apple-touch-icon.png", opaque=True)
    save_png(render(192, rounded=True), "icon-192.png")
    save_png(render(512, rounded=True), "icon-512.png")
    render(48, rounded=True).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for path in sorted(OUT.iterdir()):
        print(f"{path.stat().st_size:>7}  {path.relative_to(OUT.parent.parent.parent)}")


if __name__ == "__main__":
    main()
