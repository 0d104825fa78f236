"""What case work adds to a report: its risk reviews, the links between reports that officers
made or undid by hand, and the reporter's diary.

Each row belongs to a report and goes with it: the foreign keys delete on cascade, so the
retention purge (app/reporting/retention.py) that deletes an old closed report deletes its
case work too. Questions to the reporter and their answers are ReportEvents
("question", "reporter_answer"), so they sit in the report's history with everything else.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db
from app.reporting.models import Report

LINK_STATES = ("linked", "unlinked", "duplicate")


def _report_key(**kwargs):
    return mapped_column(sa.ForeignKey("report.id", ondelete="CASCADE"), **kwargs)


class RiskReview(db.Model):
    """An officer looking at a report's risk again, with the reporter's harm questions."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_key(index=True)
    level_before: Mapped[str | None] = mapped_column(sa.String(16))
    level: Mapped[str] = mapped_column(sa.String(16))
    # The harm answers as the officer found them (same keys as the report's answers).
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    reason: Mapped[str] = mapped_column(sa.Text)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    next_review_on: Mapped[object] = mapped_column(sa.Date)

    report: Mapped[Report] = relationship()


class ReportLink(db.Model):
    """A link between two reports that an officer made, undid, or marked as a duplicate.

    Links the site finds itself (an earlier reference, the same area and kind) are worked
    out when needed (app/casework/links.py); a row here overrides them for its pair:
    "unlinked" keeps an automatic link away. The pair is stored lower id first;
    ``duplicate_of_id`` says which of the two is the original.
    """

    __table_args__ = (sa.UniqueConstraint("report_id", "other_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_key(index=True)
    other_id: Mapped[int] = _report_key(index=True)
    state: Mapped[str] = mapped_column(sa.String(16))
    duplicate_of_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("report.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(sa.Text)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default,
                                               onupdate=column_default)


class DiaryEntry(db.Model):
    """One incident the reporter wrote down, as ASB officers ask victims to keep a diary."""

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = _report_key(index=True)
    happened_on: Mapped[object] = mapped_column(sa.Date)
    time_of_day: Mapped[str | None] = mapped_column(sa.String(64))
    what_happened: Mapped[str] = mapped_column(sa.Text)
    how_it_affected: Mapped[str | None] = mapped_column(sa.Text)
    # Ids of the ReportPhotos added with this entry (the photos belong to the report).
    photo_ids: Mapped[list] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    report: Mapped[Report] = relationship()
