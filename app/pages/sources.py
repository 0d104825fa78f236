"""The partnership's pages as files: content/pages/*.md checked and loaded as revisions.

A page file is YAML front matter between two ``---`` lines, then markdown:

    ---
    slug: safer-routes            # the file is safer-routes.md
    title: Safer Routes
    summary: One or two sentences for lists and search results.
    section: campaign             # campaign | help | info
    exit_this_page: false         # help pages always have it
    home_order: 2                 # campaigns listed on the home page, smallest first
    runs_from: 2026-11-25         # the dates a campaign runs (shown, and "current" on home)
    runs_until: 2026-12-10
    publish_from: 2026-11-18      # the page is public from the start of this day (UK time)
    publish_until: 2026-12-31     # ... to the end of this day; a date-time is taken exactly
    help_tags: [domestic-abuse]   # needs from the help directory this page points to
    video: {youtube_id: ..., title: ..., duration: ..., still: name.jpg}
    lead_image, key_fact, events, action: campaigns only, see app.campaign_parts
    ---

``load_pages`` (one of the loaders in app/seeding.py) makes a PageRevision with its HTML rendered
there and then; requests only ever read the stored HTML. A page whose file has not changed
is left alone (Page.source_hash), and so is a page staff have edited in the browser.

Which pages the public sees, and when, is app/pages/live.py.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa

from app.core import clock
from app.core.content_files import SeedError, load_yaml
from app.extensions import db
from app.pages import campaign_parts
from app.pages import rendering as markdown_render
from app.pages.models import SECTIONS, Page, PageRevision
from app.partnership.help_directory import NEEDS

PAGES_DIR = "pages"
# Video stills are our own files (no third-party request): app/static/images/.
STATIC_IMAGES = Path(__file__).resolve().parents[1] / "static" / "images"

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIDEO_TO_BE_CONFIRMED = "TO-BE-CONFIRMED"
STILL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(jpg|jpeg|png|webp)$")
KNOWN_KEYS = {
    "slug", "title", "summary", "section", "exit_this_page", "home_order", "runs_from",
    "runs_until", "publish_from", "publish_until", "help_tags", "video", *campaign_parts.KEYS,
}
VIDEO_KEYS = {"youtube_id", "title", "duration", "still"}


# --- reading a page file ----------------------------------------------------------------

@dataclass
class PageSource:
    """A page file, checked, ready to become a revision."""

    path: Path
    slug: str
    title: str
    summary: str
    section: str
    body: str
    source_hash: str
    home_order: int | None = None
    publish_at: datetime | None = None
    unpublish_at: datetime | None = None
    settings: dict = field(default_factory=dict)


class _FrontMatter:
    """The front matter mapping, with the line of each top-level key for error messages."""

    def __init__(self, path: Path, data: dict, lines: list[str], first_line: int):
        self.path, self.data, self.first_line = path, data, first_line
        self.key_lines = {}  # "title" -> 3, "video.still" -> 12
        parent = None
        for number, line in enumerate(lines, start=first_line):
            match = re.match(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)\s*:", line)
            if not match:
                continue
            if not match.group(1):
                parent = match.group(2)
                self.key_lines.setdefault(parent, number)
            elif parent:
                self.key_lines.setdefault(f"{parent}.{match.group(2)}", number)

    def error(self, key: str | None, message: str) -> SeedError:
        """An error on the line of ``key`` ("video.still" for a nested one), else on the
        front matter's opening line."""
        line = self.key_lines.get(key) or self.key_lines.get((key or "").split(".")[0])
        return SeedError(self.path, line or self.first_line - 1, message)

    def get(self, key: str, kind: type | tuple, required: bool = False):
        value = self.data.get(key)
        if value is None or value == "":
            if required:
                return self._missing(key)
            return None
        # bool is an int in Python; a number field must not accept `true`.
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
            name = " or ".join(k.__name__ for k in kind) if isinstance(kind, tuple) else (
                kind.__name__)
            raise self.error(key, f"'{key}' should be {name}, found {value!r}")
        return value

    def _missing(self, key: str):
        raise self.error(None, f"'{key}' is missing from the front matter")


def split_front_matter(path: Path, text: str) -> tuple[list[str], int, str]:
    """The front matter lines, the line number of the first one, and the markdown body."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise SeedError(path, 1, "a page must start with front matter between two '---' lines")
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return lines[1:index], 2, "\n".join(lines[index + 1:]).strip() + "\n"
    raise SeedError(path, 1, "the front matter is not closed with a '---' line")


def parse_page(path: Path, text: str | None = None, own_hosts: tuple[str, ...] = ()
               ) -> PageSource:
    """Read and check one page file. Raises SeedError naming the file and line."""
    path = Path(path)
    try:
        raw = path.read_bytes() if text is None else text.encode("utf-8")
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SeedError(path, None, str(error)) from error
    lines, first_line, body = split_front_matter(path, text)
    try:
        data = load_yaml(path, "\n".join(lines))
    except SeedError as error:
        line = error.line + first_line - 1 if error.line else first_line
        raise SeedError(path, line, error.message) from error
    if not isinstance(data, dict):
        raise SeedError(path, first_line, "the front matter should be 'key: value' lines")
    front = _FrontMatter(path, data, lines, first_line)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise front.error(unknown[0], f"unknown front matter key '{unknown[0]}'")

    slug = front.get("slug", str, required=True)
    if not SLUG.match(slug):
        raise front.error("slug", f"slug '{slug}' should be lower case words joined by '-'")
    if slug != path.stem:
        raise front.error("slug", f"slug '{slug}' should match the file name '{path.name}'")
    section = front.get("section", str, required=True)
    if section not in SECTIONS:
        raise front.error("section", f"section should be one of {', '.join(SECTIONS)}")

    publish_at = _moment(front, "publish_from", end=False)
    unpublish_at = _moment(front, "publish_until", end=True)
    if publish_at and unpublish_at and unpublish_at <= publish_at:
        raise front.error("publish_until", "publish_until should be after publish_from")
    runs_from = front.get("runs_from", date)
    runs_until = front.get("runs_until", date)
    if runs_from and runs_until and runs_until < runs_from:
        raise front.error("runs_until", "runs_until should not be before runs_from")

    settings = _settings(front, section, runs_from, runs_until)
    try:
        markdown_render.check(body)
    except markdown_render.MarkdownError as error:
        raise SeedError(path, None, str(error)) from error
    digest = hashlib.sha256(raw + b"\0renderer " + markdown_render.RENDERER_VERSION.encode())
    return PageSource(
        path=path, slug=slug, section=section, body=body, source_hash=digest.hexdigest(),
        title=front.get("title", str, required=True).strip(),
        summary=front.get("summary", str, required=True).strip(),
        home_order=front.get("home_order", int),
        publish_at=publish_at, unpublish_at=unpublish_at, settings=settings,
    )


def _settings(front: _FrontMatter, section: str, runs_from, runs_until) -> dict:
    """What a revision keeps from the front matter besides its words and dates of showing."""
    settings = {
        "exit_this_page": bool(front.get("exit_this_page", bool)),
        "help_tags": _help_tags(front),
    }
    for key, value in (("runs_from", runs_from), ("runs_until", runs_until)):
        if value:
            settings[key] = _as_date(value).isoformat()
    video = _video(front)
    if video:
        settings["video"] = video
    parts = campaign_parts.read(front, STATIC_IMAGES)
    if parts and section != "campaign":
        raise front.error(next(iter(parts)), f"'{next(iter(parts))}' is for campaign pages")
    return settings | parts


def _as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def _moment(front: _FrontMatter, key: str, end: bool) -> datetime | None:
    """A date means the start of that day in the UK (or of the next day, for an end);
    a date-time without a zone is UK time."""
    value = front.get(key, (datetime, date))
    if value is None:
        return None
    if isinstance(value, datetime):
        local = value if value.tzinfo else value.replace(tzinfo=clock.LONDON)
    else:
        day = value + timedelta(days=1) if end else value
        local = datetime.combine(day, time(0), tzinfo=clock.LONDON)
    return local.astimezone(UTC)


def _help_tags(front: _FrontMatter) -> list[str]:
    tags = front.get("help_tags", list) or []
    for tag in tags:
        if not isinstance(tag, str) or tag not in NEEDS:
            raise front.error("help_tags", f"unknown help tag {tag!r}: use one of "
                              + ", ".join(NEEDS))
    return list(tags)


def _video(front: _FrontMatter) -> dict | None:
    video = front.get("video", dict)
    if video is None:
        return None
    unknown = sorted(set(video) - VIDEO_KEYS)
    if unknown:
        raise front.error(f"video.{unknown[0]}", f"unknown video key '{unknown[0]}'")
    values = {}
    for key in sorted(VIDEO_KEYS):
        value = video.get(key)
        if not isinstance(value, str) or not value.strip():
            raise front.error(f"video.{key}", f"video '{key}' is missing")
        values[key] = value.strip()
    if not (YOUTUBE_ID.match(values["youtube_id"])
            or values["youtube_id"] == VIDEO_TO_BE_CONFIRMED):
        raise front.error("video.youtube_id", "video 'youtube_id' should be the 11-character "
                          f"id from the video's address, or {VIDEO_TO_BE_CONFIRMED}")
    still = values["still"]
    if not STILL_NAME.match(still):
        raise front.error("video.still", "video 'still' should be an image file name, such as "
                          "film-still.jpg, in app/static/images/")
    if not (STATIC_IMAGES / still).is_file():
        raise front.error("video.still", f"video still '{still}' is not in app/static/images/")
    return values


# --- loading ---------------------------------------------------------------------------------

def load_pages(content_dir: Path, site_url: str | None = None) -> None:
    """Seed loader: every content/pages/*.md file becomes (or updates) a page."""
    directory = Path(content_dir) / PAGES_DIR
    if not directory.is_dir():
        return
    hosts = own_hosts(site_url)
    sources = [parse_page(path) for path in sorted(directory.glob("*.md"))]
    # Every file is checked before anything is written: one bad file loads nothing.
    for source in sources:
        apply_source(source, hosts)


def own_hosts(site_url: str | None) -> tuple[str, ...]:
    """Host names whose absolute links count as ours when rendering (the seed and the
    editor, app/pages/publishing.py, render with the same)."""
    host = urlsplit(site_url or "").hostname
    return (host,) if host else ()


def apply_source(source: PageSource, own_hosts: tuple[str, ...] = ()) -> Page:
    page = db.session.scalar(sa.select(Page).filter_by(slug=source.slug))
    if page is not None and (page.source_hash == source.source_hash or page.edited_in_browser):
        return page  # unchanged, or staff own the page now
    if page is None:
        page = Page(slug=source.slug, section=source.section)
        db.session.add(page)
    revision = PageRevision(
        page=page,
        number=len(page.revisions) + 1,
        title=source.title,
        summary=source.summary,
        body_markdown=source.body,
        body_html=markdown_render.render(source.body, own_hosts=own_hosts),
        settings=source.settings,
    )
    db.session.add(revision)
    page.section = source.section
    page.home_order = source.home_order
    page.publish_at = source.publish_at
    page.unpublish_at = source.unpublish_at
    page.source_hash = source.source_hash
    page.published_revision = revision
    page.latest_revision = revision
    db.session.flush()
    return page
