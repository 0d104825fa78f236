#!/usr/bin/env python3
"""Raw and compressed sizes of the built CSS and JS (stdlib only).

Reads app/static/dist/manifest.json (written by `npm run build`) and prints a
small table. Budget context: a report page must stay within 60 KB transferred
in all (HTML + CSS + JS, compressed), so CSS + JS should leave room for HTML.

    python benchmarks/asset_sizes.py [--dist DIR] [--budget KB]

gzip level 9 is shown (what a static file server or a pre-compressing build
would send); level 6 (a typical on-the-fly default) is shown alongside.
Exit status 1 if the manifest or a file is missing, or if CSS + JS (gzip -9)
exceeds --budget (default 60 KB).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIST = ROOT / "app" / "static" / "dist"
ASSETS = ("main.css", "main.js")


def gzip_size(data: bytes, level: int) -> int:
    # mtime=0 so the figure does not depend on the clock.
    return len(gzip.compress(data, compresslevel=level, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built assets directory")
    parser.add_argument("--budget", type=float, default=60.0, help="KB (1024 bytes) for CSS + JS, gzip -9")
    args = parser.parse_args(argv)

    manifest_path = args.dist / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"asset_sizes: {manifest_path} not found: run `npm ci && npm run build`", file=sys.stderr)
        return 1

    rows = []
    for logical in ASSETS:
        name = manifest.get(logical)
        if not name:
            print(f"asset_sizes: {logical} is not in {manifest_path}", file=sys.stderr)
            return 1
        data = (args.dist / name).read_bytes()
        rows.append((logical, name, len(data), gzip_size(data, 6), gzip_size(data, 9)))

    totals = ("total", "", *(sum(r[i] for r in rows) for i in (2, 3, 4)))
    header = ("asset", "file", "raw B", "gzip-6 B", "gzip-9 B")
    table = [header, *rows, totals]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]

    def line(row):
        cells = [str(c).ljust(w) if i < 2 else str(c).rjust(w) for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    print(line(header))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))
    print("  ".join("-" * w for w in widths))
    print(line(totals))

    total_kb = totals[4] / 1024
    share = 100 * total_kb / args.budget
    print(f"\nCSS + JS, gzip -9: {total_kb:.1f} KB = {share:.0f}% of the {args.budget:g} KB report-page budget")
    return 0 if total_kb <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
