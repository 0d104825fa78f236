"""Pages (campaigns, help, information) with their revisions, their pictures and the
site-wide alert banner. Markdown is rendered and cleaned once per revision, never per
request: ``body_html`` is stored with the revision."""

import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db

SECTIONS = ("campaign", "help", "info")


class Page(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    section: Mapped[str] = mapped_column(sa.String(16), index=True)
    home_order: Mapped[int | None] = mapped_column()
    # Published revision shown to the public; None while a draft or unpublished.
    published_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("page_revision.id", use_alter=True)
    )
    # Newest revision (the one the editor opens); optimistic lock for concurrent edits.
    latest_revision_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("page_revision.id", use_alter=True)
    )
    publish_at: Mapped[object | None] = mapped_column(UTCDateTime)
    unpublish_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # Set once staff edit the page in the browser; `flask seed` then leaves it alone.
    edited_in_browser: Mapped[bool] = mapped_column(default=False)
    # Hash of the content file last seeded, so an unchanged file changes nothing.
    source_hash: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    updated_at: Mapped[object] = mapped_column(
        UTCDateTime, default=column_default, onupdate=column_default
    )

    published_revision = relationship("PageRevision", foreign_keys=[published_revision_id],
                                      post_update=True)
    latest_revision = relationship("PageRevision", foreign_keys=[latest_revision_id],
                                   post_update=True)
    revisions: Mapped[list["PageRevision"]] = relationship(
        back_populates="page", foreign_keys="PageRevision.page_id",
        order_by="PageRevision.number", cascade="all, delete-orphan",
    )


class PageRevision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("page.id"), index=True)
    number: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body_markdown: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    # Everything else from the front matter: exit_this_page, runs_from, help_tags, video...
    settings: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    page: Mapped[Page] = relationship(back_populates="revisions", foreign_keys=[page_id])

    __table_args__ = (sa.UniqueConstraint("page_id", "number"),)


class AlertBanner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    message: Mapped[str] = mapped_column(sa.Text)
    level: Mapped[str] = mapped_column(sa.String(16), default="info")  # info | warning
    active: Mapped[bool] = mapped_column(default=True)
    ends_at: Mapped[object | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    updated_at: Mapped[object] = mapped_column(
        UTCDateTime, default=column_default, onupdate=column_default
    )


def new_image_token() -> str:
    """128 random bits: an image's address cannot be guessed from another's."""
    return secrets.token_hex(16)


class PageImage(db.Model):
    """A picture comms staff uploaded for pages, re-encoded by app.photos so no metadata
    (EXIF, GPS) survives, and served from our own origin at /media/<token>.jpg: to
    everyone once its page is live, to comms staff alone until then (app/pages/images.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(32), unique=True, default=new_image_token)
    page_id: Mapped[int | None] = mapped_column(sa.ForeignKey("page.id"), index=True)
    content_type: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    width: Mapped[int] = mapped_column()
    height: Mapped[int] = mapped_column()
    # Required: what the image shows, for people who cannot see it.
    alt_text: Mapped[str] = mapped_column(sa.Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)


class PageReview(db.Model):
    """One version of a page sent for a second pair of eyes (app/pages/approval.py): who
    sent it and when, and who approved it or sent it back, with their comment. Rows are
    added and decided once, never removed, so they are the page's approval history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("page.id"), index=True)
    revision_id: Mapped[int] = mapped_column(sa.ForeignKey("page_revision.id"), index=True)
    submitted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))
    submitted_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    # None while waiting; then "approved" or "sent_back".
    outcome: Mapped[str | None] = mapped_column(sa.String(16))
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    decided_at: Mapped[object | None] = mapped_column(UTCDateTime)
    comment: Mapped[str | None] = mapped_column(sa.Text)

    revision: Mapped[PageRevision] = relationship(foreign_keys=[revision_id])
