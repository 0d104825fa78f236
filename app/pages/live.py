"""The pages the public sees: a page is live when it has a published revision and
publish_at <= now < unpublish_at (either end may be open). That test is one indexed query,
made on every request, so scheduled publishing needs no job to run.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.core import clock
from app.extensions import db
from app.pages.models import Page
from app.pages.sources import YOUTUBE_ID


@dataclass(frozen=True)
class LivePage:
    """A published page as the public sees it: its published revision's words."""

    id: int
    revision_id: int
    slug: str
    section: str
    home_order: int | None
    title: str
    summary: str
    body_html: str
    settings: dict
    unpublish_at: datetime | None
    updated_at: datetime

    @property
    def exit_this_page(self) -> bool:
        # Every help page offers a quick exit, whatever its file says (docs/product.md).
        return self.section == "help" or bool(self.settings.get("exit_this_page"))

    @property
    def help_tags(self) -> list[str]:
        return list(self.settings.get("help_tags", []))

    @property
    def runs_from(self) -> date | None:
        value = self.settings.get("runs_from")
        return date.fromisoformat(value) if value else None

    @property
    def runs_until(self) -> date | None:
        value = self.settings.get("runs_until")
        return date.fromisoformat(value) if value else None

    @property
    def video(self) -> dict | None:
        """The video to offer, or None while its id is still to be confirmed."""
        video = self.settings.get("video")
        if video and YOUTUBE_ID.match(video.get("youtube_id", "")):
            return video
        return None

    @property
    def runs_text(self) -> str | None:
        """'25 November to 10 December 2026', for people to read."""
        start, end = self.runs_from, self.runs_until
        if start and end:
            first = f"{start.day} {start:%B}" if start.year == end.year else long_date(start)
            return f"{first} to {long_date(end)}"
        if start:
            return f"From {long_date(start)}"
        if end:
            return f"Until {long_date(end)}"
        return None

    def is_running(self, today: date) -> bool:
        """Not finished yet: no end date, or the end date is today or later."""
        return self.runs_until is None or self.runs_until >= today

    @property
    def version(self) -> tuple:
        """What the page's HTML depends on, for its ETag (and the rendered-page cache).

        Revisions are never changed once made, and any change to the Page row (order,
        dates, section) moves its updated_at, so these three name the page's content.
        """
        return ("page", self.id, self.revision_id, self.updated_at.isoformat())


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def live_condition(now):
    """Live at ``now`` (a datetime, or a bind parameter)."""
    return sa.and_(
        Page.published_revision_id.is_not(None),
        sa.or_(Page.publish_at.is_(None), Page.publish_at <= now),
        sa.or_(Page.unpublish_at.is_(None), Page.unpublish_at > now),
    )


def _live(page: Page) -> LivePage:
    revision = page.published_revision
    return LivePage(
        id=page.id, revision_id=revision.id, slug=page.slug, section=page.section,
        home_order=page.home_order, title=revision.title, summary=revision.summary,
        body_html=revision.body_html, settings=dict(revision.settings or {}),
        unpublish_at=page.unpublish_at, updated_at=page.updated_at,
    )


# Built once: these run on every public request.
_LIVE_IN_SECTION = (
    sa.select(Page)
    .options(joinedload(Page.published_revision))
    .where(live_condition(sa.bindparam("now")), Page.section == sa.bindparam("section"))
)
_LIVE_PAGE = _LIVE_IN_SECTION.where(Page.slug == sa.bindparam("slug"))


def live_page(slug: str, section: str, now: datetime | None = None) -> LivePage | None:
    page = db.session.scalar(_LIVE_PAGE, {"now": now or clock.current_time(), "section": section,
                                          "slug": slug})
    return _live(page) if page else None


def live_pages(section: str, now: datetime | None = None) -> list[LivePage]:
    """A section's live pages: those with a home order first (in that order), then by title."""
    rows = db.session.scalars(_LIVE_IN_SECTION, {"now": now or clock.current_time(),
                                                 "section": section})
    pages = [_live(p) for p in rows]
    return sorted(pages, key=lambda p: (p.home_order is None, p.home_order or 0,
                                        p.title.lower()))


def home_campaigns(now: datetime | None = None) -> list[LivePage]:
    """Campaigns for the home page: live, given a home order, and not finished running."""
    now = now or clock.current_time()
    today = now.astimezone(clock.LONDON).date()
    return [p for p in live_pages("campaign", now)
            if p.home_order is not None and p.is_running(today)]
