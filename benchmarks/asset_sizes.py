#!/usr/bin/env python3
"""Raw and compressed sizes of the built CSS and JS, and what a page transfers (stdlib only).

Reads app/static/dist/manifest.json (written by `npm run build`) and prints a table of
each area's stylesheet and script. The budget: a report page must stay within 60 KB
transferred in all (HTML + CSS + JS, compressed).

    python benchmarks/asset_sizes.py [--dist DIR] [--budget KB] [PAGE.html ...]

With saved pages, each one's transfer is shown too: its HTML plus the stylesheets and
scripts it links from /static/dist/, each compressed. tests/test_asset_bundles.py measures
every report page this way and asserts the budget.

gzip level 9 is shown (what a static file server or a pre-compressing build would send);
level 6 (a typical on-the-fly default) is shown alongside. Exit status 1 if the manifest
or a file is missing, or if an area's CSS + JS, or a page given, exceeds --budget.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIST = ROOT / "app" / "static" / "dist"
AREAS = ("public", "report", "staff")
BUDGET_KB = 60.0
LINKED = re.compile(r'<(?:link|script)\b[^>]*\b(?:href|src)="/static/dist/([^"?#]+\.(?:css|js))"')


def gzip_size(data: bytes, level: int = 9) -> int:
    # mtime=0 so the figure does not depend on the clock.
    return len(gzip.compress(data, compresslevel=level, mtime=0))


@dataclass
class Transfer:
    """What one page sends: its HTML and each file it links, compressed (gzip -9)."""

    html: int
    files: dict[str, int]

    @property
    def total(self) -> int:
        return self.html + sum(self.files.values())


def page_transfer(html: bytes, dist: Path = DEFAULT_DIST) -> Transfer:
    """The compressed bytes a browser with nothing cached fetches for ``html``: the page and
    the stylesheets and scripts it links from /static/dist/."""
    names = dict.fromkeys(LINKED.findall(html.decode("utf-8")))
    return Transfer(html=gzip_size(html),
                    files={name: gzip_size((dist / name).read_bytes()) for name in names})


def _table(rows: list[tuple]) -> list[str]:
    header = ("asset", "file", "raw B", "gzip-6 B", "gzip-9 B")
    table = [header, *rows]
    widths = [max(len(str(r[i])) for r in table) for i in range(len(header))]

    def line(row):
        cells = [str(c).ljust(w) if i < 2 else str(c).rjust(w)
                 for i, (c, w) in enumerate(zip(row, widths))]
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * w for w in widths), *map(line, rows)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="built assets directory")
    parser.add_argument("--budget", type=float, default=BUDGET_KB,
                        help="KB (1024 bytes) per page, gzip -9")
    parser.add_argument("pages", nargs="*", type=Path, help="saved HTML pages to measure")
    args = parser.parse_args(argv)

    manifest_path = args.dist / "manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"asset_sizes: {manifest_path} not found: run `npm ci && npm run build`", file=sys.stderr)
        return 1

    rows, over = [], False
    for area in AREAS:
        sizes = []
        for logical in (f"{area}.css", f"{area}.js"):
            name = manifest.get(logical)
            if not name:
                print(f"asset_sizes: {logical} is not in {manifest_path}", file=sys.stderr)
                return 1
            data = (args.dist / name).read_bytes()
            sizes.append(gzip_size(data))
            rows.append((logical, name, len(data), gzip_size(data, 6), gzip_size(data)))
        kb = sum(sizes) / 1024
        over |= kb > args.budget
        rows.append((f"{area} CSS + JS", "", "", "", sum(sizes)))
    print("\n".join(_table(rows)))

    for page in args.pages:
        transfer = page_transfer(page.read_bytes(), args.dist)
        kb = transfer.total / 1024
        over |= kb > args.budget
        print(f"\n{page}: {kb:.1f} KB = {100 * kb / args.budget:.0f}% of the {args.budget:g} KB "
              f"budget (HTML {transfer.html} B, "
              + ", ".join(f"{n} {b} B" for n, b in transfer.files.items()) + ")")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
