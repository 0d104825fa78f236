"""Comms staff publishing pages in the browser: revisions, publishing, scheduling, rollback.

Every save makes a new PageRevision; revisions are never changed afterwards. The markdown
is rendered through app.markdown_render (the one renderer the seed uses too) when the
revision is made, and the cleaned HTML is stored with it.

Two people editing one page: the editor form carries the revision it started from (the
page's ``latest_revision_id`` then). A save whose base is no longer the latest revision is
refused with ``EditConflict``. The check is made again in the database, by an UPDATE that
only matches while the page still points at that base, so two saves racing each other
cannot both win.

What the public sees is decided by three columns of Page (see live_condition in app/pages/live.py):
``published_revision_id``, ``publish_at`` and ``unpublish_at``. They are checked on every
request, so a scheduled page appears and disappears on time with no job to run.
Unpublishing sets ``unpublish_at`` to now, which keeps the dates honest for export.

These functions add to the session and flush; the caller commits. Each records what it
did in the audit trail in the same transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.pages import approval, images, rendering, sources
from app.pages.models import SECTIONS, Page, PageRevision
from app.staff import accounts, audit
from app.staff.models import StaffUser

STATUSES = {
    "draft": "Draft",
    "scheduled": "Scheduled",
    "published": "Published",
    "unpublished": "Unpublished",
}


class PublishingError(ValueError):
    """Something the person asked for cannot be done; the message says why, plainly."""

    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


class EditConflict(PublishingError):
    """Someone else saved the page after this editor opened it."""


@dataclass
class PageEdit:
    """What the editor form sends: the words of a revision and the page's address."""

    title: str
    summary: str
    body_markdown: str
    slug: str
    exit_this_page: bool = False
    runs_from: date | None = None
    runs_until: date | None = None
    # Host names whose links count as ours (sources.own_hosts(SITE_URL)), from the caller.
    own_hosts: tuple[str, ...] = ()
    lead_image: dict | None = None  # app.campaign_parts: src, alt, width, height
    # The longest page text accepted (PAGE_BODY_MAX_CHARS), from the caller; None: no cap.
    max_body_chars: int | None = None


# --- reading ---------------------------------------------------------------------------

def status(page: Page, now: datetime) -> str:
    """draft (never published), scheduled, published (live now) or unpublished."""
    if page.published_revision_id is None:
        return "draft"
    if page.unpublish_at is not None and page.unpublish_at <= now:
        return "unpublished"
    if page.publish_at is not None and page.publish_at > now:
        return "scheduled"
    return "published"


def has_unpublished_changes(page: Page) -> bool:
    return (page.published_revision_id is not None
            and page.latest_revision_id != page.published_revision_id)


def all_pages() -> list[Page]:
    """Every page with its newest revision, newest change first."""
    query = (sa.select(Page).options(sa.orm.joinedload(Page.latest_revision))
             .order_by(Page.updated_at.desc(), Page.id.desc()))
    return list(db.session.scalars(query).unique())


def revision(page: Page, number: int) -> PageRevision | None:
    return db.session.scalar(sa.select(PageRevision).filter_by(page_id=page.id, number=number))


def editor_emails(revisions: list[PageRevision]) -> dict[int, str]:
    """Staff id -> email for the people who made these revisions."""
    return accounts.emails_of(r.created_by_id for r in revisions)


# --- writing ---------------------------------------------------------------------------

def render_body(body_markdown: str, own_hosts: tuple[str, ...] = (),
                max_chars: int | None = None) -> str:
    """The cleaned HTML readers will see: the seed's renderer, with the seed's settings.
    Text the renderer refuses (too long, nested too deeply) raises PublishingError for the
    page text field."""
    try:
        return rendering.render(body_markdown, own_hosts=own_hosts, max_chars=max_chars)
    except rendering.MarkdownError as error:
        raise PublishingError(str(error), "body") from error


def normalise_markdown(text: str) -> str:
    """Browsers send CRLF line ends; files and the seed use LF and end with one newline."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip() + "\n"


def create_page(section: str, edit: PageEdit, staff: StaffUser) -> Page:
    """A new page with its first revision, as a draft nobody can see yet."""
    if section not in SECTIONS:
        raise PublishingError("Choose what kind of page this is", "section")
    body_html = _check_edit(edit, page=None)
    page = Page(slug=edit.slug, section=section, edited_in_browser=True)
    db.session.add(page)
    db.session.flush()
    new = _new_revision(page, edit, body_html, {}, staff, number=1)
    page.latest_revision_id = new.id
    audit.record(staff, "page.create", f"page:{page.slug}", revision=1, section=section)
    db.session.flush()
    return page


def save_revision(page: Page, base_revision_id: int | None, edit: PageEdit,
                  staff: StaffUser) -> PageRevision:
    """A new revision from the editor. Refused if someone saved since ``base_revision_id``."""
    _check_base(page, base_revision_id)
    body_html = _check_edit(edit, page)
    base = db.session.get(PageRevision, base_revision_id) if base_revision_id else None
    settings = dict(base.settings or {}) if base else {}
    new = _claim(page, base_revision_id,
                 lambda number: _new_revision(page, edit, body_html, settings, staff,
                                                number))
    if edit.slug != page.slug:
        audit.record(staff, "page.slug", f"page:{page.slug}", to=edit.slug)
        page.slug = edit.slug
    audit.record(staff, "page.save", f"page:{page.slug}", revision=new.number)
    db.session.flush()
    return new


def rollback(page: Page, old: PageRevision, base_revision_id: int | None,
             staff: StaffUser, own_hosts: tuple[str, ...] = ()) -> PageRevision:
    """A new revision with exactly the words and settings of an old one.

    The HTML is rendered again from the old markdown rather than copied, so a fix to the
    renderer's cleaning also covers text brought back from before the fix. For the same
    renderer the result is identical.
    """
    if old.page_id != page.id:
        raise PublishingError("That version belongs to another page")
    _check_base(page, base_revision_id)

    def copy(number: int) -> PageRevision:
        new = PageRevision(
            page_id=page.id, number=number, title=old.title, summary=old.summary,
            body_markdown=old.body_markdown, body_html=render_body(old.body_markdown, own_hosts),
            settings=dict(old.settings or {}), created_by_id=staff.id,
        )
        db.session.add(new)
        db.session.flush()
        return new

    new = _claim(page, base_revision_id, copy)
    audit.record(staff, "page.rollback", f"page:{page.slug}", revision=new.number,
                 restored=old.number)
    db.session.flush()
    return new


def publish_now(page: Page, staff: StaffUser, now: datetime) -> None:
    """The newest revision goes live at once. A future end date is kept; a start date
    still to come or an end date already passed is cleared, or the page would not show."""
    _check_may_publish(page, staff)
    page.published_revision_id = page.latest_revision_id
    if page.publish_at is not None and page.publish_at > now:
        page.publish_at = None
    if page.unpublish_at is not None and page.unpublish_at <= now:
        page.unpublish_at = None
    page.edited_in_browser = True
    audit.record(staff, "page.publish", f"page:{page.slug}", revision=_number(page))
    db.session.flush()


def schedule(page: Page, publish_at: datetime | None, unpublish_at: datetime | None,
             staff: StaffUser) -> None:
    """The newest revision is shown from ``publish_at`` until ``unpublish_at`` (either may
    be open). The page is checked against these times on every request."""
    _check_may_publish(page, staff)
    if publish_at and unpublish_at and unpublish_at <= publish_at:
        raise PublishingError("The date to take the page down must be after the date to "
                              "publish it", "unpublish_at")
    page.published_revision_id = page.latest_revision_id
    page.publish_at = publish_at
    page.unpublish_at = unpublish_at
    page.edited_in_browser = True
    audit.record(staff, "page.schedule", f"page:{page.slug}", revision=_number(page),
                 publish_at=_iso(publish_at), unpublish_at=_iso(unpublish_at))
    db.session.flush()


def unpublish(page: Page, staff: StaffUser, now: datetime) -> None:
    """Take the page down now. Its revisions and published version are kept, so it can
    be published again."""
    if status(page, now) not in ("published", "scheduled"):
        raise PublishingError("This page is not published")
    page.unpublish_at = now
    if page.publish_at is not None and page.publish_at > now:
        page.publish_at = None
    page.edited_in_browser = True
    audit.record(staff, "page.unpublish", f"page:{page.slug}")
    db.session.flush()


def _check_may_publish(page: Page, staff: StaffUser) -> None:
    """Something to publish, and the second pair of eyes the team asks for, if any."""
    if page.latest_revision_id is None:
        raise PublishingError("This page has nothing to publish yet")
    if not approval.cleared(page, staff):
        raise PublishingError(approval.not_cleared_message(page))


def _check_base(page: Page, base_revision_id: int | None) -> None:
    if page.latest_revision_id != base_revision_id:
        raise EditConflict(_conflict_message(page))


def _conflict_message(page: Page) -> str:
    latest = page.latest_revision
    who = ""
    if latest is not None and latest.created_by_id is not None:
        editor = db.session.get(StaffUser, latest.created_by_id)
        who = f" ({editor.email} saved version {latest.number})" if editor else ""
    return (f"Someone else saved this page while you were editing it{who}. Your changes "
            "have not been saved. Copy your text, open the page again to see their "
            "version, then make your changes again.")


def _claim(page: Page, base_revision_id: int | None, make) -> PageRevision:
    """Make the next revision and point the page at it, only if the page still points at
    ``base_revision_id``. The WHERE clause is the lock: of two racing saves one matches,
    and the other's new revision is rolled back with everything else it did."""
    number = (db.session.scalar(sa.select(sa.func.max(PageRevision.number))
                                .where(PageRevision.page_id == page.id)) or 0) + 1
    try:
        new = make(number)
        result = db.session.execute(
            sa.update(Page)
            .where(Page.id == page.id, _is(Page.latest_revision_id, base_revision_id))
            .values(latest_revision_id=new.id, edited_in_browser=True)
            .execution_options(synchronize_session=False)
        )
        moved_on = result.rowcount != 1
    except IntegrityError:  # the other save took this revision number first
        moved_on = True
    if moved_on:
        db.session.rollback()
        raise EditConflict(_conflict_message(page))
    db.session.expire(page, ["latest_revision_id", "latest_revision", "edited_in_browser",
                             "revisions"])
    return new


def _is(column, value):
    return column.is_(None) if value is None else column == value


def _new_revision(page: Page, edit: PageEdit, body_html: str, settings: dict,
                  staff: StaffUser, number: int) -> PageRevision:
    settings = dict(settings)
    settings["exit_this_page"] = bool(edit.exit_this_page)
    for key in ("runs_from", "runs_until"):
        value = getattr(edit, key)
        if value:
            settings[key] = value.isoformat()
        else:
            settings.pop(key, None)
    if edit.lead_image:
        settings["lead_image"] = edit.lead_image
    else:
        settings.pop("lead_image", None)
    settings.setdefault("help_tags", [])
    new = PageRevision(page_id=page.id, number=number, title=edit.title.strip(),
                       summary=edit.summary.strip(),
                       body_markdown=normalise_markdown(edit.body_markdown),
                       body_html=body_html, settings=settings,
                       created_by_id=staff.id)
    db.session.add(new)
    db.session.flush()
    return new


def _check_edit(edit: PageEdit, page: Page | None) -> str:
    """Refuse an edit that cannot be saved; return its page text rendered and cleaned."""
    if not edit.title.strip():
        raise PublishingError("Enter a title", "title")
    if not edit.summary.strip():
        raise PublishingError("Enter a summary", "summary")
    if edit.runs_from and edit.runs_until and edit.runs_until < edit.runs_from:
        raise PublishingError("The end date must be the same as or after the start date",
                              "runs_until")
    if page is None or edit.slug != page.slug:
        _check_slug(edit.slug, page)
    body_html = render_body(normalise_markdown(edit.body_markdown), edit.own_hosts,
                            edit.max_body_chars)
    if images.images_without_alt(body_html):
        raise PublishingError("Every image needs a description for people who cannot see "
                              "it: write it between the square brackets, like "
                              "![New lights on Julians Road](/media/1.jpg)", "body")
    return body_html


SLUG_MESSAGE = ("The web address must be lower case letters and numbers, with a hyphen "
                "between words, like safer-routes")


def valid_slug(slug: str) -> bool:
    return bool(slug) and len(slug) <= 100 and sources.SLUG.match(slug) is not None


def _check_slug(slug: str, page: Page | None) -> None:
    if not valid_slug(slug):
        raise PublishingError(SLUG_MESSAGE, "slug")
    clash = db.session.scalar(sa.select(Page.id).where(Page.slug == slug))
    if clash is not None and (page is None or clash != page.id):
        raise PublishingError("Another page already uses that web address", "slug")


def _number(page: Page) -> int | None:
    published = db.session.get(PageRevision, page.published_revision_id)
    return published.number if published else None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
