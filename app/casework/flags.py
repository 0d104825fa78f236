"""What the inbox shows about a report's case work: its due dates (first contact, risk
review) and its repeat flags. ``Settings`` carries everything that comes from the app's
configuration and content files, passed in by the view."""

from dataclasses import dataclass, replace
from datetime import date, datetime

import sqlalchemy as sa

from app.casework import links, reporter, reviews
from app.core import clock
from app.core.working_days import local_date
from app.extensions import db
from app.inbox.visibility import (
    WITH_ROUTES,
    Deadline,
    InboxFilters,
    filtered,
    visible_reports,
)
from app.inbox.visibility import inbox_page as inbox_page_by_query
from app.reporting import case_review
from app.reporting.models import Report
from app.reporting.targets import LevelTargets, first_contact_due
from app.staff.models import StaffUser


@dataclass(frozen=True)
class Settings:
    levels: dict[str, LevelTargets]
    holidays: frozenset[date]
    repeat_window_days: int
    case_review_threshold: int
    case_review_window_days: int


@dataclass(frozen=True)
class Due:
    first_contact: date | None  # None once contacted
    review: date | None  # None once closed
    today: date

    @property
    def first_contact_overdue(self) -> bool:
        return self.first_contact is not None and self.today > self.first_contact

    @property
    def review_overdue(self) -> bool:
        return self.review is not None and self.today > self.review

    @property
    def overdue(self) -> bool:
        return self.first_contact_overdue or self.review_overdue

    @property
    def next(self) -> date | None:
        """The nearer of the two dates: what the inbox sorts by."""
        dates = [d for d in (self.first_contact, self.review) if d is not None]
        return min(dates) if dates else None

    def deadlines(self) -> list[Deadline]:
        """Both dates as the report page's "due" tags, soonest first; the inbox's "due or
        overdue" column shows the first of them."""
        found = [Deadline(what, day, self.today > day)
                 for what, day in (("First contact", self.first_contact),
                                   ("Risk review", self.review)) if day is not None]
        return sorted(found, key=lambda deadline: deadline.day)


def dues(reports: list[Report], settings: Settings, now: datetime | None = None
         ) -> dict[int, Due]:
    today = local_date(now or clock.current_time())
    reviewed = reviews.next_review_dates([r.id for r in reports])
    holidays = set(settings.holidays)
    return {report.id: Due(
        first_contact=first_contact_due(report, settings.levels, holidays)
        if report.status == "new" else None,
        review=reviews.review_due(report, settings.levels, holidays, reviewed)
        if report.status != "closed" else None,
        today=today) for report in reports}


def overdue_review_count(staff: StaffUser, settings: Settings,
                         now: datetime | None = None) -> int:
    """Open reports in this person's inbox whose risk review is overdue."""
    open_reports = list(db.session.scalars(
        visible_reports(staff).where(Report.status != "closed")))
    return sum(due.review_overdue for due in dues(open_reports, settings, now).values())


@dataclass(frozen=True)
class Flags:
    place_reports: int  # reports of this kind from this area in the window (0: not a place)
    person_reports: int  # the same person's other reports and diary entries
    case_review: case_review.Assessment | None  # ASB reports only

    @property
    def repeat_location(self) -> bool:
        return self.place_reports >= links.REPEAT_LOCATION_REPORTS

    @property
    def repeat_victim(self) -> bool:
        return self.person_reports > 0

    @property
    def case_review_met(self) -> bool:
        return self.case_review is not None and self.case_review.met

    @property
    def case_review_near(self) -> bool:
        return (self.case_review is not None and not self.case_review.met
                and self.case_review.still_needed == 1)


def flags_for(staff: StaffUser, report: Report, settings: Settings,
              now: datetime | None = None) -> Flags:
    scope = visible_reports(staff)
    window = settings.repeat_window_days
    person = links.person_reports(report, scope, window)
    complaints = reporter.complaints(report, person)
    assessment = None
    if report.kind == "asb":
        assessment = case_review.assess(complaints, now or clock.current_time(),
                                        settings.case_review_threshold,
                                        settings.case_review_window_days)
    return Flags(place_reports=links.reports_at_place(report, scope, window),
                 person_reports=len(complaints) - 1, case_review=assessment)


def page_flags(staff: StaffUser, reports: list[Report], settings: Settings,
               now: datetime | None = None) -> dict[int, Flags]:
    return {report.id: flags_for(staff, report, settings, now) for report in reports}


def _arranged(query: sa.Select, settings: Settings, filters: InboxFilters,
              now: datetime | None) -> list[int]:
    """The ids ``query`` finds, only the overdue ones if asked, soonest due first if asked
    (else in the query's order). Working days cannot be counted in SQL, so this reads the
    reports once and the inbox pages through the ids."""
    reports = list(db.session.scalars(query))
    found = dues(reports, settings, now)
    if filters.due == "overdue":
        reports = [r for r in reports if found[r.id].overdue]
    ids = [r.id for r in reports]
    if filters.sort == "due":
        ids.sort(key=lambda i: found[i].next or date.max)  # stable: risk order within a day
    return ids


def inbox_page(staff: StaffUser, filters: InboxFilters, page: int, per_page: int,
               settings: Settings, now: datetime | None = None):
    """The inbox's page of reports, as ``visibility.inbox_page``, with the "overdue" filter
    and the "due first" order that need the working-day dates."""
    if filters.due != "overdue" and filters.sort != "due":
        return inbox_page_by_query(staff, filters, page, per_page)
    ids = _arranged(filtered(staff, replace(filters, sort="risk")), settings, filters, now)
    query = visible_reports(staff).where(Report.id.in_(ids or [0]))
    if ids:
        query = query.order_by(sa.case({i: n for n, i in enumerate(ids)}, value=Report.id))
    return db.paginate(query.options(WITH_ROUTES), page=max(page, 1), per_page=per_page,
                       error_out=False)
