"""Reports from the public, the drafts they grow from, and what happens to them.

A Report is written in one transaction with its routes, photos and outbox messages, before
anything else happens (docs/product.md: a report that passed validation is never lost).
Nothing about the sender's network or device is stored here.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db

REPORT_KINDS = ("asb", "hate", "stalking", "case_review")
RISK_LEVELS = ("standard", "medium", "high")
STATUSES = ("new", "acknowledged", "in_progress", "closed")
OPEN_STATUSES = tuple(s for s in STATUSES if s != "closed")
REFERENCE_LENGTH = 16


class Draft(db.Model):
    """Answers in progress, keyed by a random id that only the session cookie carries."""

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    updated_at: Mapped[object] = mapped_column(
        UTCDateTime, default=column_default, onupdate=column_default
    )


class Report(db.Model):
    # The inbox counts a team's reports by status and lists their areas on every page view:
    # this index answers both from the index alone (docs/performance.md).
    # The repeat-location count (app/casework/links.py) reads a kind and area over a window
    # of days for each report on an inbox page.
    __table_args__ = (sa.Index("ix_report_status_area_id", "status", "area", "id"),
                      sa.Index("ix_report_kind_area_created_at", "kind", "area", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # Short, easy to read out on a phone; no ambiguous characters.
    reference: Mapped[str] = mapped_column(sa.String(REFERENCE_LENGTH), unique=True)
    # Argon2 hash of the receipt code shown once to the reporter.
    receipt_hash: Mapped[str] = mapped_column(sa.String(255))
    # A hash of the draft this was sent from, so a repeated send of that draft finds this
    # report instead of making a second one (app/reporting/sending.py: send_again). Cleared by the
    # retention purge once the draft would have expired.
    sent_from_draft: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(32), index=True)
    # ASB category: personal | nuisance | environmental | gnmp (not counted as ASB).
    category: Mapped[str | None] = mapped_column(sa.String(32))
    counts_as_asb: Mapped[bool] = mapped_column(default=False)
    risk: Mapped[str | None] = mapped_column(sa.String(16), index=True)
    priority: Mapped[str] = mapped_column(sa.String(16), default="standard")
    # Every answer given, as question key -> value. Contact details are kept apart below.
    answers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    area: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    anonymous: Mapped[bool] = mapped_column(default=True)
    # Name, email, phone, safe times, voicemail/letters/texts allowed. None when anonymous.
    contact: Mapped[dict | None] = mapped_column(sa.JSON)
    wants_updates_by_email: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(sa.String(16), default="new", index=True)
    outcome: Mapped[str | None] = mapped_column(sa.String(64))
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default, index=True)
    updated_at: Mapped[object] = mapped_column(
        UTCDateTime, default=column_default, onupdate=column_default
    )
    acknowledged_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # The contact-centre member of staff who took the report on a caller's behalf, by
    # phone (app/routes/phone_reports.py); None when the reporter sent it themselves.
    taken_by_phone_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    closed_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # The system that handed the report in (an Open311 client), or None for the website.
    submitted_by: Mapped[str | None] = mapped_column(sa.String(120))

    routes: Mapped[list["ReportRoute"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportRoute.id"
    )
    photos: Mapped[list["ReportPhoto"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportPhoto.id"
    )
    events: Mapped[list["ReportEvent"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportEvent.id"
    )
    earlier_reference_rows: Mapped[list["EarlierReference"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )

    @validates("answers")
    def _keep_earlier_references(self, _key, answers):
        """Each time the answers change, so do the rows that let "which reports name this
        one as an earlier report" be found from an index (app/casework/links.py)."""
        self.earlier_reference_rows = [EarlierReference(reference=reference)
                                       for reference in earlier_references(answers)]
        return answers

    @property
    def working_routes(self) -> list["ReportRoute"]:
        """Routes of the teams working the report now: not forwarded away, not read-only."""
        return [route for route in self.routes if route.active and not route.read_only]


def earlier_references(answers: dict | None) -> list[str]:
    """The references of the reporter's earlier reports that these answers name (the Case
    Review journey's "earlier reports" step), each once, in order."""
    named = (answers or {}).get("earlier_references") or []
    found = [item.get("reference") for item in named if isinstance(item, dict)]
    # Longer text cannot be a reference, so it could never match one.
    return list(dict.fromkeys(r for r in found
                              if isinstance(r, str) and 0 < len(r) <= REFERENCE_LENGTH))


class EarlierReference(db.Model):
    """A report's answers name another report as the same person's earlier one. Kept beside
    the answers (and written with them) so the other direction is an indexed lookup."""

    report_id: Mapped[int] = mapped_column(
        sa.ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(REFERENCE_LENGTH), primary_key=True,
                                           index=True)


class ReportRoute(db.Model):
    """One team inbox a report was sent to, and which rule (or forward) sent it there."""

    # "The reports routed to this team" (app/inbox/visibility.py), read from the index alone.
    __table_args__ = (
        sa.Index("ix_report_route_team_active_report", "team_id", "active", "report_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("report.id"), index=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), index=True)
    rule_id: Mapped[str] = mapped_column(sa.String(64))  # routing rule id, "fallback" or "forward"
    reason: Mapped[str | None] = mapped_column(sa.Text)
    # False once forwarded away without read access kept.
    active: Mapped[bool] = mapped_column(default=True)
    # True once forwarded away with read access kept: the team still sees the report but
    # can no longer change it (app/inbox/actions.py: forward).
    read_only: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    forwarded_from_team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("team.id"))
    # The id the team's own case system gave the report when it was delivered there.
    case_system_request_id: Mapped[str | None] = mapped_column(sa.String(100))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    report: Mapped[Report] = relationship(back_populates="routes")
    team = relationship("Team", foreign_keys=[team_id])


class ReportPhoto(db.Model):
    """A photo, re-encoded so no EXIF/GPS survives. Stored in the database with its report,
    so it is saved in the same transaction and never served from a public URL.

    While the report is still a draft the photo belongs to the draft (``draft_id``); sending
    the report moves it to the report in the same transaction.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int | None] = mapped_column(sa.ForeignKey("report.id"), index=True)
    draft_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("draft.id", ondelete="CASCADE"), index=True
    )
    content_type: Mapped[str] = mapped_column(sa.String(32))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    redacted: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    report: Mapped[Report | None] = relationship(back_populates="photos")


class ReportEvent(db.Model):
    """The history of a report: status changes, notes, public updates, forwards, additions.

    ``public`` events are shown to the reporter through follow-up.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(sa.ForeignKey("report.id"), index=True)
    # created | acknowledged | status | assigned | note | public_update | forwarded |
    # reporter_added | redacted | case_review | case_system_update
    kind: Mapped[str] = mapped_column(sa.String(32))
    body: Mapped[str | None] = mapped_column(sa.Text)
    data: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    public: Mapped[bool] = mapped_column(default=False)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)

    report: Mapped[Report] = relationship(back_populates="events")


class RoutingRule(db.Model):
    """One routing rule from content/routing.yaml: a report kind plus conditions on its
    answers sends it to one or more team inboxes at a priority. Rules are tried in
    ``position`` order and every matching rule adds its teams (see app/reporting/routing.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    position: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(sa.String(32))
    # answer key -> a value or a list of values, all of which must hold
    conditions: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    team_slugs: Mapped[list] = mapped_column(sa.JSON, default=list)
    priority: Mapped[str] = mapped_column(sa.String(16), default="standard")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Switched off in the administration pages: kept, in its place, but matching nothing.
    enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
