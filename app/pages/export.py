"""Writing published pages back to markdown files, so the partnership can keep the pages
comms staff edit in the browser under version control.

``flask --app wsgi content export DIR`` writes ``DIR/pages/<slug>.md`` for every page that
has a published version (live, scheduled or taken down), in the format app.pages reads
(YAML front matter, then the markdown), so DIR can be a content directory like ``content/``
and ``flask seed`` loads the files back to the same pages: seed and export round-trip.

Dates go back the way the seed reads them: a page shown from the start of a UK day is
written as that date (``publish_from: 2026-11-18``), a page taken down at the end of a UK
day as that date (``publish_until: 2026-12-31``), and any other moment exactly, with its
UTC offset. A page that was never published is a draft and is not written.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import sqlalchemy as sa
import yaml
from sqlalchemy.orm import joinedload

from app.core import clock
from app.extensions import db
from app.pages import campaign_parts, sources
from app.pages.models import Page, PageRevision

# The order keys appear in content/pages/*.md.
KEY_ORDER = ("slug", "title", "summary", "section", "exit_this_page", "home_order",
             "runs_from", "runs_until", "publish_from", "publish_until", "help_tags", "video",
             *campaign_parts.KEYS)
VIDEO_KEY_ORDER = ("youtube_id", "title", "duration", "still")


@dataclass
class ExportResult:
    written: list[Path]
    drafts: list[str]  # slugs of pages never published, so not written


def front_matter(page: Page, revision: PageRevision) -> dict:
    """The front matter keys for ``revision`` of ``page``, in file order, empty ones left out."""
    settings = revision.settings or {}
    values = {
        "slug": page.slug,
        "title": revision.title,
        "summary": revision.summary,
        "section": page.section,
        "exit_this_page": bool(settings.get("exit_this_page")),
        "home_order": page.home_order,
        "runs_from": _date_setting(settings.get("runs_from")),
        "runs_until": _date_setting(settings.get("runs_until")),
        "publish_from": as_written(page.publish_at, end=False),
        "publish_until": as_written(page.unpublish_at, end=True),
        "help_tags": list(settings.get("help_tags") or []) or None,
        "video": _video(settings.get("video")),
        **campaign_parts.front_matter(settings),
    }
    return {key: values[key] for key in KEY_ORDER if values.get(key) is not None}


def page_file(page: Page, revision: PageRevision) -> str:
    lines = ["---"]
    for key, value in front_matter(page, revision).items():
        lines.append(_yaml_line(key, value))
    lines.append("---")
    return "\n".join(lines) + "\n" + revision.body_markdown.strip() + "\n"


def export_pages(directory: Path | str) -> ExportResult:
    target = Path(directory) / sources.PAGES_DIR
    target.mkdir(parents=True, exist_ok=True)
    query = sa.select(Page).options(joinedload(Page.published_revision)).order_by(Page.slug)
    result = ExportResult(written=[], drafts=[])
    for page in db.session.scalars(query):
        if page.published_revision is None:
            result.drafts.append(page.slug)
            continue
        path = target / f"{page.slug}.md"
        path.write_text(page_file(page, page.published_revision), encoding="utf-8")
        result.written.append(path)
    return result


def _yaml_line(key: str, value) -> str:
    # Lists of words stay on one line (help_tags: [fraud]); the video, and a campaign's
    # parts, are blocks, as in the files.
    inline = isinstance(value, list) and not any(isinstance(item, dict) for item in value)
    text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=10**6,
                          default_flow_style=None if inline else False)
    return text.rstrip("\n")


def _video(video: dict | None) -> dict | None:
    if not video:
        return None
    order = [*VIDEO_KEY_ORDER, *sorted(set(video) - set(VIDEO_KEY_ORDER))]
    return {key: video[key] for key in order if key in video}


def _date_setting(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def as_written(moment: datetime | None, end: bool) -> date | datetime | None:
    """Inverse of app.pages' reading: a UK midnight becomes a date (the day before, for an
    end, since an end date runs to the end of that day); anything else stays exact."""
    if moment is None:
        return None
    local = moment.astimezone(clock.LONDON)
    if local.time() == time(0) and local.fold == 0:
        day = local.date()
        return day - timedelta(days=1) if end else day
    return local
