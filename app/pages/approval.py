"""A second pair of eyes on publishing: a team can ask that each version of a page is
approved by someone else before it goes live.

A team with ``pages_need_approval`` (content/teams.yaml) publishes only versions that
another member of staff who may publish has approved. The author sends the newest version
for approval (``submit``); someone who neither wrote nor sent it approves it or sends it
back with a comment (``approve``, ``send_back``). Each step is a PageReview row and an
audit record, so the page's history shows who asked and who answered.

The rule itself is ``cleared``: app/pages/publishing.py asks it before publishing now or
on a schedule, so no way of publishing (the Publish button, the schedule, restoring an old
version and publishing it) gets round it. A restored version is a new version, so it
needs approving like any other. A version readers already have (the published one) is
cleared: changing its dates or putting it back up shows nobody new words.

Approval is of one version: if someone saves a newer one while a version waits, the
waiting one can no longer be approved and the newer one has to be sent.

These functions add to the session and flush; the caller commits.
"""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.pages.models import Page, PageReview
from app.staff import accounts, audit
from app.staff.models import StaffUser

APPROVED = "approved"
SENT_BACK = "sent_back"
OUTCOMES = {APPROVED: "Approved", SENT_BACK: "Sent back"}


class ReviewRefused(ValueError):
    """A step of the approval that cannot be taken; the message says why, plainly."""

    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


# --- the rule -------------------------------------------------------------------------


def needs_approval(staff: StaffUser) -> bool:
    return bool(staff.team is not None and staff.team.pages_need_approval)


def cleared(page: Page, staff: StaffUser) -> bool:
    """May ``staff`` put the page's newest version in front of readers?"""
    if not needs_approval(staff) or page.latest_revision_id is None:
        return True
    if page.latest_revision_id == page.published_revision_id:
        return True
    return approval_of(page.latest_revision_id) is not None


def not_cleared_message(page: Page) -> str:
    number = page.latest_revision.number if page.latest_revision else None
    return (
        "Your team publishes a page only after another comms officer approves it. "
        f"Send version {number} for approval first."
    )


def approval_of(revision_id: int) -> PageReview | None:
    return db.session.scalar(
        sa.select(PageReview).where(
            PageReview.revision_id == revision_id, PageReview.outcome == APPROVED
        )
    )


def waiting(page: Page) -> PageReview | None:
    """The newest version's request for approval, while nobody has answered it."""
    if page.latest_revision_id is None:
        return None
    return db.session.scalar(
        sa.select(PageReview)
        .where(PageReview.revision_id == page.latest_revision_id, PageReview.outcome.is_(None))
        .order_by(PageReview.id.desc())
        .limit(1)
    )


def may_decide(review: PageReview, staff: StaffUser) -> bool:
    """Someone who may publish, other than the person who sent the version and the
    person who wrote it."""
    return accounts.can(staff, "publish") and staff.id not in (
        review.submitted_by_id,
        review.revision.created_by_id,
    )


def history(page: Page) -> list[PageReview]:
    """Every request for approval of the page and its answer, newest first."""
    return list(
        db.session.scalars(
            sa.select(PageReview)
            .where(PageReview.page_id == page.id)
            .options(sa.orm.joinedload(PageReview.revision))
            .order_by(PageReview.submitted_at.desc(), PageReview.id.desc())
        )
    )


def people(reviews: list[PageReview]) -> dict[int, str]:
    """Staff id -> email for whoever sent or answered these requests."""
    return accounts.emails_of(
        [r.submitted_by_id for r in reviews] + [r.decided_by_id for r in reviews]
    )


# --- the steps ------------------------------------------------------------------------


def submit(page: Page, base_revision_id: int | None, staff: StaffUser, now: datetime) -> PageReview:
    """Send the newest version for approval. ``base_revision_id`` is the version the
    person saw: a newer one is never sent unseen."""
    latest = page.latest_revision
    if latest is None:
        raise ReviewRefused("This page has nothing to send for approval yet")
    if base_revision_id != latest.id:
        raise ReviewRefused(
            "Someone saved a newer version of this page since you opened "
            "it. Check it, then send it for approval."
        )
    if approval_of(latest.id) is not None:
        raise ReviewRefused(f"Version {latest.number} is already approved")
    if waiting(page) is not None:
        raise ReviewRefused(f"Version {latest.number} is already waiting for approval")
    review = PageReview(
        page_id=page.id, revision_id=latest.id, submitted_by_id=staff.id, submitted_at=now
    )
    db.session.add(review)
    audit.record(staff, "page.submit", f"page:{page.slug}", revision=latest.number)
    db.session.flush()
    return review


def approve(
    page: Page, review: PageReview, staff: StaffUser, now: datetime, comment: str = ""
) -> None:
    """Approve the waiting version; the caller then publishes it, or leaves it cleared
    for anyone to publish or schedule."""
    _check_decision(page, review, staff)
    _decide(review, APPROVED, staff, now, comment)
    audit.record(staff, "page.approve", f"page:{page.slug}", revision=review.revision.number)
    db.session.flush()


def send_back(
    page: Page, review: PageReview, staff: StaffUser, now: datetime, comment: str
) -> None:
    """Send the version back to its author with a comment saying what to change."""
    _check_decision(page, review, staff)
    if not comment.strip():
        raise ReviewRefused("Write a comment saying what needs to change", "comment")
    _decide(review, SENT_BACK, staff, now, comment)
    audit.record(staff, "page.send_back", f"page:{page.slug}", revision=review.revision.number)
    db.session.flush()


def _check_decision(page: Page, review: PageReview, staff: StaffUser) -> None:
    if review.page_id != page.id:
        raise ReviewRefused("That request for approval belongs to another page")
    if review.outcome is not None:
        raise ReviewRefused("Someone has already answered this request for approval")
    if review.revision_id != page.latest_revision_id:
        raise ReviewRefused(
            "A newer version was saved after this one was sent, so this one "
            "can no longer be approved. The newer version must be sent "
            "for approval."
        )
    if not accounts.can(staff, "publish"):
        raise ReviewRefused("Only comms staff and administrators approve pages")
    if not may_decide(review, staff):
        raise ReviewRefused(
            "You wrote or sent this version, so another comms officer must approve it"
        )


def _decide(
    review: PageReview, outcome: str, staff: StaffUser, now: datetime, comment: str
) -> None:
    review.outcome = outcome
    review.decided_by_id = staff.id
    review.decided_at = now
    review.comment = comment.strip() or None
