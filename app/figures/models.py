"""What the partnership's figures store: partner figures typed in by hand, the public
snapshots comms staff publish, and the "You said, we did" items and campaign links shown
beside them. Everything else on the dashboard is counted from the reports when asked."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db


class PartnerFigure(db.Model):
    """A figure the site does not hold (a rough sleeper count, police arrests), typed in
    for one quarter by the partnership manager. Changing it keeps the old value in the
    audit trail."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(sa.String(12))  # Quarter.key, e.g. "2025-26-Q1"
    measure: Mapped[str] = mapped_column(sa.String(64))  # a slug in content/meeting_table.yaml
    value: Mapped[int] = mapped_column()
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    entered_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    entered_by = relationship("StaffUser")

    __table_args__ = (sa.UniqueConstraint("quarter", "measure"),)


class PublishedNumbers(db.Model):
    """One quarter's public figures as they were when a comms officer published them:
    counts already suppressed, so what the public page shows never changes with the
    reports underneath (app/figures/public.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    quarter: Mapped[str] = mapped_column(sa.String(12), unique=True)
    figures: Mapped[dict] = mapped_column(sa.JSON)
    published_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    published_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)


class YouSaidWeDid(db.Model):
    """What residents told the partnership and what it did about it, written by comms."""

    id: Mapped[int] = mapped_column(primary_key=True)
    you_said: Mapped[str] = mapped_column(sa.Text)
    we_did: Mapped[str] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)


class NumbersCampaign(db.Model):
    """A campaign page linked from the public figures page (shown while it is live)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(sa.ForeignKey("page.id"), unique=True)
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    added_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    page = relationship("Page")
