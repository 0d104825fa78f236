"""What comms staff put beside the public figures: "You said, we did" items (what
residents told the partnership and what it did), and links to campaign pages. Each change
is audited; the caller commits. Linked campaigns show only while their page is live."""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.figures.models import NumbersCampaign, YouSaidWeDid
from app.pages import live
from app.pages.models import Page
from app.staff import audit
from app.staff.models import StaffUser


class ContentError(ValueError):
    """The change cannot be made; the message says why."""


def you_said_items() -> list[YouSaidWeDid]:
    """Newest first."""
    return list(db.session.scalars(sa.select(YouSaidWeDid).order_by(
        YouSaidWeDid.created_at.desc(), YouSaidWeDid.id.desc())))


def add_you_said(staff: StaffUser, you_said: str, we_did: str, now: datetime) -> YouSaidWeDid:
    item = YouSaidWeDid(you_said=you_said.strip(), we_did=we_did.strip(),
                        created_by_id=staff.id, created_at=now)
    db.session.add(item)
    db.session.flush()
    audit.record(staff, "you_said_added", str(item.id))
    return item


def remove_you_said(staff: StaffUser, item_id: int) -> None:
    item = db.session.get(YouSaidWeDid, item_id)
    if item is None:
        raise ContentError("That item has already been removed")
    db.session.delete(item)
    audit.record(staff, "you_said_removed", str(item_id))


def linked_page_ids() -> list[int]:
    return list(db.session.scalars(sa.select(NumbersCampaign.page_id)
                                   .order_by(NumbersCampaign.id)))


def linkable_campaigns() -> list[Page]:
    """Campaign pages not linked yet, by slug."""
    linked = sa.select(NumbersCampaign.page_id)
    return list(db.session.scalars(sa.select(Page).where(
        Page.section == "campaign", Page.id.not_in(linked)).order_by(Page.slug)))


def linked_campaigns() -> list[Page]:
    return list(db.session.scalars(sa.select(Page).join(
        NumbersCampaign, NumbersCampaign.page_id == Page.id).order_by(NumbersCampaign.id)))


def link_campaign(staff: StaffUser, page_id: int | None, now: datetime) -> None:
    page = db.session.get(Page, page_id) if page_id else None
    if page is None or page.section != "campaign":
        raise ContentError("Select a campaign")
    if page.id in linked_page_ids():
        raise ContentError("That campaign is already linked")
    db.session.add(NumbersCampaign(page_id=page.id, added_by_id=staff.id, added_at=now))
    audit.record(staff, "numbers_campaign_linked", page.slug)


def unlink_campaign(staff: StaffUser, page_id: int) -> None:
    link = db.session.scalar(sa.select(NumbersCampaign).filter_by(page_id=page_id))
    if link is None:
        raise ContentError("That campaign is not linked")
    db.session.delete(link)
    audit.record(staff, "numbers_campaign_unlinked", str(page_id))


def live_linked_campaigns(now: datetime | None = None) -> list[live.LivePage]:
    """The linked campaigns the public can read now, in the order they were linked."""
    order = {page_id: index for index, page_id in enumerate(linked_page_ids())}
    shown = [p for p in live.live_pages("campaign", now) if p.id in order]
    return sorted(shown, key=lambda p: order[p.id])


def version() -> tuple:
    """What the public page shows besides the snapshot, for its ETag."""
    items = tuple((i.id, i.created_at.isoformat()) for i in you_said_items())
    return ("numbers-content", items, tuple(linked_page_ids()))
