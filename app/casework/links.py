"""Repeats: which reports belong together, and the flags the inbox shows for them.

Two reports are linked when
- one names the other as the reporter's earlier report (``earlier_references``): the
  same person ("person" links, which make a repeat victim);
- they are of the same kind, about the same area of Stevenage, and the later one arrived
  within the repeat window (the REPEAT_WINDOW_DAYS setting) of the earlier: the same place;
- an officer linked them by hand, or marked one a duplicate of the other (person links).

An officer can undo any link ("unlinked"), and that holds for the site's own links too.
Every query that staff see starts from ``visible_reports``: a team counts and links only
the reports it may see, so another team's report never shows, even as a number.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.casework.models import ReportLink
from app.extensions import db
from app.reporting.models import Report

# Areas that are not a place in Stevenage: never a repeat location.
NOT_A_PLACE = ("elsewhere", "dont_know")
# The third report of a kind about one area within the window makes it a repeat location.
REPEAT_LOCATION_REPORTS = 3

PERSON = "person"
PLACE = "place"


@dataclass
class Linked:
    report: Report
    # earlier_reference | same_place | manual | duplicate
    why: set[str] = field(default_factory=set)

    @property
    def same_person(self) -> bool:
        return bool(self.why & {"earlier_reference", "manual", "duplicate"})


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def link_rows(report: Report) -> dict[int, ReportLink]:
    """This report's hand-made rows, by the other report's id."""
    rows = db.session.scalars(sa.select(ReportLink).where(
        sa.or_(ReportLink.report_id == report.id, ReportLink.other_id == report.id)))
    return {row.other_id if row.report_id == report.id else row.report_id: row for row in rows}


def earlier_references(report: Report) -> list[str]:
    return [item.get("reference", "") for item in report.answers.get("earlier_references") or []
            if isinstance(item, dict)]


def is_a_place(area: str | None) -> bool:
    return bool(area) and area not in NOT_A_PLACE


def same_place(report: Report, scope: sa.Select, window_days: int) -> sa.Select:
    """Reports of the same kind and area that arrived within the window before this one."""
    start = report.created_at - timedelta(days=window_days)
    return scope.where(Report.kind == report.kind, Report.area == report.area,
                       Report.created_at >= start, Report.created_at <= report.created_at)


def linked_reports(report: Report, scope: sa.Select, window_days: int) -> list[Linked]:
    """Every report linked to this one, within ``scope`` (visible_reports(staff), or every
    report for the site's own checks), with why."""
    found: dict[int, Linked] = {}

    def add(other: Report, why: str) -> None:
        if other.id != report.id:
            found.setdefault(other.id, Linked(other)).why.add(why)

    references = earlier_references(report)
    for other in db.session.scalars(scope.where(sa.or_(
            Report.reference.in_(references or [""]),
            sa.cast(Report.answers, sa.Text).contains(report.reference)))):
        if other.reference in references or report.reference in earlier_references(other):
            add(other, "earlier_reference")
    if is_a_place(report.area):
        for other in db.session.scalars(same_place(report, scope, window_days)):
            add(other, "same_place")
        later = scope.where(Report.kind == report.kind, Report.area == report.area,
                            Report.created_at > report.created_at,
                            Report.created_at <= report.created_at + timedelta(days=window_days))
        for other in db.session.scalars(later):
            add(other, "same_place")
    rows = link_rows(report)
    if rows:
        for other in db.session.scalars(scope.where(Report.id.in_(list(rows)))):
            row = rows[other.id]
            if row.state == "unlinked":
                found.pop(other.id, None)
            else:
                add(other, "duplicate" if row.state == "duplicate" else "manual")
    return sorted(found.values(), key=lambda linked: linked.report.created_at)


def person_reports(report: Report, scope: sa.Select, window_days: int) -> list[Report]:
    """The same person's other reports: a repeat victim's."""
    return [linked.report for linked in linked_reports(report, scope, window_days)
            if linked.same_person]


def reports_at_place(report: Report, scope: sa.Select, window_days: int) -> int:
    """How many reports (this one too) of its kind came from its area in the window up to
    its arrival, leaving out any an officer unlinked from it."""
    if not is_a_place(report.area):
        return 0
    unlinked = [other for other, row in link_rows(report).items() if row.state == "unlinked"]
    query = same_place(report, scope, window_days).where(Report.id.not_in(unlinked or [0]))
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def original_of(report: Report) -> Report | None:
    """The report this one was marked a duplicate of, if it was."""
    row = db.session.scalar(sa.select(ReportLink).where(
        ReportLink.state == "duplicate",
        sa.or_(ReportLink.report_id == report.id, ReportLink.other_id == report.id),
        ReportLink.duplicate_of_id != report.id))
    return db.session.get(Report, row.duplicate_of_id) if row else None


def set_link(report: Report, other: Report, state: str, staff_id: int, reason: str | None,
             now: datetime, duplicate_of: Report | None = None) -> ReportLink:
    """Record the officer's decision for this pair, replacing any earlier one."""
    low, high = _pair(report.id, other.id)
    row = db.session.scalar(sa.select(ReportLink).filter_by(report_id=low, other_id=high))
    if row is None:
        row = ReportLink(report_id=low, other_id=high)
        db.session.add(row)
    row.state, row.staff_id, row.reason, row.created_at = state, staff_id, reason, now
    row.duplicate_of_id = duplicate_of.id if duplicate_of else None
    return row
