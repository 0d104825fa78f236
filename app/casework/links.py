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
from app.core.models import UTCDateTime
from app.extensions import db
from app.reporting.models import EarlierReference, Report, earlier_references

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


def link_rows(report_ids: list[int]) -> dict[int, dict[int, ReportLink]]:
    """The hand-made rows of these reports: for each, by the other report's id."""
    found: dict[int, dict[int, ReportLink]] = {report_id: {} for report_id in report_ids}
    if not report_ids:
        return found
    for row in db.session.scalars(sa.select(ReportLink).where(sa.or_(
            ReportLink.report_id.in_(report_ids), ReportLink.other_id.in_(report_ids)))):
        for mine, other in ((row.report_id, row.other_id), (row.other_id, row.report_id)):
            if mine in found:
                found[mine][other] = row
    return found


def is_a_place(area: str | None) -> bool:
    return bool(area) and area not in NOT_A_PLACE


def _at_place(kind, area, start, end) -> sa.ColumnElement:
    """SQL: a report of this kind about this area that arrived from ``start`` to ``end``
    (values, or the columns of a page's windows in ``place_counts``)."""
    return sa.and_(Report.kind == kind, Report.area == area, Report.created_at >= start,
                   Report.created_at <= end)


def window_start(report: Report, window_days: int) -> datetime:
    """The repeat window up to a report's arrival opens this many days before it."""
    return report.created_at - timedelta(days=window_days)


def same_place(report: Report, scope: sa.Select, window_days: int) -> sa.Select:
    """Reports of the same kind and area that arrived within the window before this one."""
    return scope.where(_at_place(report.kind, report.area, window_start(report, window_days),
                                 report.created_at))


def _named_and_naming(reports: list[Report]) -> tuple[dict[int, list[str]], list[tuple]]:
    """(the references each report names as earlier, (naming report id, named reference)
    for the reports that name one of these)."""
    named = {report.id: earlier_references(report.answers) for report in reports}
    naming = db.session.execute(
        sa.select(EarlierReference.report_id, EarlierReference.reference)
        .where(EarlierReference.reference.in_([r.reference for r in reports]))).all()
    return named, naming


def _links(reports: list[Report], scope: sa.Select, place_window_days: int | None
           ) -> dict[int, dict[int, Linked]]:
    """For each report, the reports linked to it within ``scope``, by id, with why. Same-place
    links are looked for only when ``place_window_days`` is given (the report page)."""
    named, naming = _named_and_naming(reports)
    rows = link_rows([r.id for r in reports])
    wanted = {reference for references in named.values() for reference in references}
    other_ids = {i for i, _ in naming} | {other for per in rows.values() for other in per}
    others = list(db.session.scalars(scope.where(sa.or_(
        Report.reference.in_(wanted), Report.id.in_(other_ids))))) if wanted or other_ids else []
    by_id, by_reference = {o.id: o for o in others}, {o.reference: o for o in others}
    found: dict[int, dict[int, Linked]] = {report.id: {} for report in reports}

    def add(report_id: int, other: Report, why: str) -> None:
        if other.id != report_id:
            found[report_id].setdefault(other.id, Linked(other)).why.add(why)

    for report in reports:
        for reference in named[report.id]:
            if reference in by_reference:
                add(report.id, by_reference[reference], "earlier_reference")
    ids_by_reference = {report.reference: report.id for report in reports}
    for naming_id, reference in naming:
        if naming_id in by_id:
            add(ids_by_reference[reference], by_id[naming_id], "earlier_reference")
    if place_window_days is not None:
        for report in reports:
            _add_same_place(report, scope, place_window_days, lambda o, r=report: add(
                r.id, o, "same_place"))
    for report_id, per in rows.items():
        for other_id, row in per.items():
            if row.state == "unlinked":
                found[report_id].pop(other_id, None)
            elif other_id in by_id:
                add(report_id, by_id[other_id], "duplicate" if row.state == "duplicate"
                    else "manual")
    return found


def _add_same_place(report: Report, scope: sa.Select, window_days: int, add) -> None:
    if not is_a_place(report.area):
        return
    later = scope.where(_at_place(report.kind, report.area, report.created_at,
                                  report.created_at + timedelta(days=window_days)))
    for query in (same_place(report, scope, window_days), later):
        for other in db.session.scalars(query):
            add(other)


def _in_order(linked: dict[int, Linked]) -> list[Linked]:
    return sorted(linked.values(), key=lambda item: item.report.created_at)


def linked_reports(report: Report, scope: sa.Select, window_days: int) -> list[Linked]:
    """Every report linked to this one, within ``scope`` (visible_reports(staff), or every
    report for the site's own checks), with why."""
    return _in_order(_links([report], scope, window_days)[report.id])


def people_reports(reports: list[Report], scope: sa.Select) -> dict[int, list[Report]]:
    """For each report, the same person's other reports (a repeat victim's), oldest first:
    a few queries for a whole inbox page."""
    return {report_id: [item.report for item in _in_order(linked) if item.same_person]
            for report_id, linked in _links(reports, scope, None).items()}


def person_reports(report: Report, scope: sa.Select) -> list[Report]:
    """The same person's other reports: a repeat victim's."""
    return people_reports([report], scope)[report.id]


def place_counts(reports: list[Report], scope: sa.Select, window_days: int) -> dict[int, int]:
    """For each report, how many reports (it too) of its kind came from its area in the
    window up to its arrival, leaving out any an officer unlinked from it; 0 when its area
    is not a place. One query for a whole inbox page: the page's windows (those of
    ``same_place``), as rows, joined to the reports this person sees."""
    counts = dict.fromkeys((r.id for r in reports), 0)
    places = [r for r in reports if is_a_place(r.area)]
    if not places:
        return counts
    windows = sa.union_all(*(sa.select(
        sa.literal(r.id).label("id"), sa.literal(r.kind).label("kind"),
        sa.literal(r.area).label("area"),
        sa.literal(window_start(r, window_days), UTCDateTime).label("start"),
        sa.literal(r.created_at, UTCDateTime).label("end")) for r in places)).cte("windows")
    seen = scope.with_only_columns(Report.id)
    unlinked = [(mine, other) for mine, per in link_rows([r.id for r in places]).items()
                for other, row in per.items() if row.state == "unlinked"]
    query = (sa.select(windows.c.id, sa.func.count(Report.id))
             .join(Report, _at_place(windows.c.kind, windows.c.area, windows.c.start,
                                     windows.c.end))
             .where(Report.id.in_(seen.scalar_subquery()))
             .group_by(windows.c.id))
    if unlinked:
        query = query.where(~sa.or_(*(sa.and_(windows.c.id == mine, Report.id == other)
                                      for mine, other in unlinked)))
    counts.update(db.session.execute(query).all())
    return counts


def reports_at_place(report: Report, scope: sa.Select, window_days: int) -> int:
    """How many reports (this one too) of its kind came from its area in the window up to
    its arrival, leaving out any an officer unlinked from it."""
    return place_counts([report], scope, window_days)[report.id]


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
