"""The query layer of the partner inbox. Every query of reports for a member of staff goes
through ``visible_reports``, so isolation between teams does not depend on templates.

A member of staff sees a report when it has an *active* route to their team: routed there
by a rule, or forwarded there. Administrators see every report. A route kept "read only"
after a forward still shows the report, but ``access`` says the team may not change it.

The inbox lists the highest risk first and, within a risk, the report waiting longest
first ("sort by risk then age"); "newest first" and "due first" (app/casework/due.py) are
options. What is overdue (first contact, risk reviews) is case work's: app/casework/due.py
counts it on the way through ``summary``.
"""

from dataclasses import dataclass, fields
from datetime import date, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core import clock
from app.core.working_days import start_of_local_day
from app.extensions import db
from app.partnership.models import Team
from app.reporting.models import (
    OPEN_STATUSES,
    REPORT_KINDS,
    RISK_LEVELS,
    STATUSES,
    Report,
    ReportRoute,
)
from app.staff.accounts import can
from app.staff.models import StaffUser

STATUS_FILTERS = ("open", *STATUSES, "all")
ASSIGNED_FILTERS = ("", "me", "unassigned")
SORTS = ("risk", "newest", "due")
# "overdue": only reports whose first contact or risk review is overdue (app/casework/flags.py).
DUE_FILTERS = ("", "overdue")

# The inbox shows each report's teams: load them in one go.
WITH_ROUTES = selectinload(Report.routes).selectinload(ReportRoute.team)

RISK_RANK = sa.case({"high": 0, "medium": 1, "standard": 2}, value=Report.risk, else_=3)


# --- who sees what -------------------------------------------------------------------------

def visible_reports(staff: StaffUser) -> sa.Select:
    """``SELECT report`` limited to what this person may see. Build every query on this."""
    query = sa.select(Report)
    if can(staff, "see_all_teams"):
        return query
    if not can(staff, "work_reports"):
        return query.where(sa.false())
    return team_reports(staff.team_id)


def team_reports(team_id: int) -> sa.Select:
    """``SELECT report`` limited to those with an active route to the team: what its staff
    see, and what its Open311 key sees (app/open311/requests.py)."""
    routed_here = sa.select(ReportRoute.report_id).where(
        ReportRoute.team_id == team_id, ReportRoute.active.is_(True)
    )
    return sa.select(Report).where(Report.id.in_(routed_here))


def report_for(staff: StaffUser, reference: str) -> Report | None:
    """The report with this reference, if this person may see it (else None: a 404)."""
    return db.session.scalar(
        visible_reports(staff).where(Report.reference == normalise_reference(reference))
    )


def access(staff: StaffUser, report: Report) -> str | None:
    """"full" (may work it), "read" (forwarded away, read access kept) or None."""
    if can(staff, "see_all_teams"):
        return "full"
    if not can(staff, "work_reports"):
        return None
    routes = [r for r in report.routes if r.team_id == staff.team_id and r.active]
    if any(not r.read_only for r in routes):
        return "full"
    return "read" if routes else None


def sees_preview(staff: StaffUser, report: Report) -> bool:
    """Whether the inbox may show this person a line of what happened: only the teams the
    report was sent to (an administrator looking across teams sees the columns, not the
    words, unless the report was sent to their own team)."""
    return any(r.team_id == staff.team_id and r.active for r in report.routes)


def normalise_reference(reference: str) -> str:
    return "".join((reference or "").split()).upper()


# --- the list ----------------------------------------------------------------------------

@dataclass
class InboxFilters:
    status: str = "open"
    kind: str = ""
    risk: str = ""
    area: str = ""
    received_from: date | None = None
    received_to: date | None = None
    assigned: str = ""
    reference: str = ""
    sort: str = "risk"
    due: str = ""
    team: str = ""  # a team's slug: administrators only (others see their own team anyway)

    def __post_init__(self):
        if self.status not in STATUS_FILTERS:
            self.status = "open"
        if self.kind not in ("", *REPORT_KINDS):
            self.kind = ""
        if self.risk not in ("", *RISK_LEVELS):
            self.risk = ""
        if self.assigned not in ASSIGNED_FILTERS:
            self.assigned = ""
        if self.sort not in SORTS:
            self.sort = "risk"
        if self.due not in DUE_FILTERS:
            self.due = ""

    def as_query_args(self) -> dict:
        """The filters as URL arguments (for pagination links), leaving out the defaults."""
        args = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value not in (None, "", field.default):
                args[field.name] = value.isoformat() if isinstance(value, date) else value
        return args


def filtered(staff: StaffUser, filters: InboxFilters) -> sa.Select:
    query = visible_reports(staff)
    if filters.status == "open":
        query = query.where(Report.status.in_(OPEN_STATUSES))
    elif filters.status != "all":
        query = query.where(Report.status == filters.status)
    if filters.kind:
        query = query.where(Report.kind == filters.kind)
    if filters.risk:
        query = query.where(Report.risk == filters.risk)
    if filters.area:
        query = query.where(Report.area == filters.area)
    if filters.received_from:
        query = query.where(Report.created_at >= start_of_local_day(filters.received_from))
    if filters.received_to:
        query = query.where(
            Report.created_at < start_of_local_day(filters.received_to + timedelta(days=1))
        )
    if filters.assigned == "me":
        query = query.where(Report.assigned_to_id == staff.id)
    elif filters.assigned == "unassigned":
        query = query.where(Report.assigned_to_id.is_(None))
    if filters.reference:
        wanted = normalise_reference(filters.reference)
        escaped = wanted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Report.reference.ilike(f"%{escaped}%", escape="\\"))
    if filters.team and can(staff, "see_all_teams"):
        query = query.where(Report.id.in_(
            sa.select(ReportRoute.report_id).join(Team, Team.id == ReportRoute.team_id)
            .where(Team.slug == filters.team, ReportRoute.active.is_(True))))
    if filters.sort == "newest":
        return query.order_by(Report.created_at.desc(), Report.id.desc())
    return query.order_by(RISK_RANK, Report.created_at, Report.id)


@dataclass(frozen=True)
class Summary:
    """The inbox's counts: reports by status, the areas they are in (for the area filter),
    and how many match each of the caller's ``flagged`` conditions."""

    by_status: dict[str, int]
    areas: list[str]
    flagged: dict[str, int]


def summary(staff: StaffUser, flagged: dict[str, sa.ColumnElement] | None = None) -> Summary:
    """One pass over the reports this person can see, grouped by status and area (which an
    index on (status, area, id) answers), counting the ``flagged`` conditions on the way:
    a busy inbox's counts in a single query."""
    flagged = flagged or {}
    query = visible_reports(staff).with_only_columns(
        Report.status, Report.area, sa.func.count(),
        *(sa.func.sum(sa.case((condition, 1), else_=0)) for condition in flagged.values())
    ).group_by(Report.status, Report.area)
    by_status, areas = dict.fromkeys(STATUSES, 0), set()
    totals = dict.fromkeys(flagged, 0)
    for status, area, count, *flags in db.session.execute(query):
        by_status[status] = by_status.get(status, 0) + count
        if area is not None:
            areas.add(area)
        for name, value in zip(flagged, flags, strict=True):
            totals[name] += value or 0
    return Summary(by_status, sorted(areas), totals)


def counts_and_areas(staff: StaffUser) -> tuple[dict[str, int], list[str]]:
    """How many reports this person can see in each status, and the areas they are in."""
    found = summary(staff)
    return found.by_status, found.areas


# --- days and deadlines ----------------------------------------------------------------

def local_zone() -> ZoneInfo:
    """Staff work in Stevenage: their days and times are the clock's UK ones."""
    return clock.LONDON


@dataclass(frozen=True)
class Deadline:
    """Something due on a report by a day: "First contact" or "Risk review", made by
    app/casework/due.py (``Due.deadlines``). The inbox's "due" column and the report page
    draw these, so another kind of deadline is one more of them."""

    what: str
    day: date
    overdue: bool
