"""What the inbox shows about a report's case work: its repeat flags, and the inbox's page
of reports with the "overdue" filter and "due first" order (the dates are
app/casework/due.py). A page's flags take a few queries whatever its length."""

from dataclasses import dataclass, replace
from datetime import datetime

from app.casework import due, links, reporter
from app.casework.settings import Settings
from app.core import clock
from app.extensions import db
from app.inbox.visibility import WITH_ROUTES, InboxFilters, filtered, visible_reports
from app.reporting import case_review
from app.reporting.models import Report
from app.staff.models import StaffUser


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


def page_flags(staff: StaffUser, reports: list[Report], settings: Settings,
               now: datetime | None = None) -> dict[int, Flags]:
    """Each report's flags, counting only what this person may see."""
    scope = visible_reports(staff)
    people = links.people_reports(reports, scope)
    places = links.place_counts(reports, scope, settings.repeat_window_days)
    owners = {r.id for r in reports} | {o.id for found in people.values() for o in found}
    diary_of = reporter.diaries(sorted(owners))
    now = now or clock.current_time()
    found = {}
    for report in reports:
        complaints = reporter.complaints(report, people[report.id], diary_of)
        assessment = None
        if report.kind == "asb":
            assessment = case_review.assess(complaints, now, settings.case_review_threshold,
                                            settings.case_review_window_days)
        found[report.id] = Flags(place_reports=places[report.id],
                                 person_reports=len(complaints) - 1, case_review=assessment)
    return found


def flags_for(staff: StaffUser, report: Report, settings: Settings,
              now: datetime | None = None) -> Flags:
    return page_flags(staff, [report], settings, now)[report.id]


def inbox_page(staff: StaffUser, filters: InboxFilters, page: int, per_page: int,
               settings: Settings, now: datetime | None = None):
    """The inbox's page of reports: the filters, with "overdue" asked of the database, in
    the chosen order ("due first" through ``due.DueFirstPagination``)."""
    query = filtered(staff, replace(filters, sort="risk") if filters.sort == "due" else filters)
    if filters.due == "overdue":
        query = query.where(due.overdue(settings, now))
    page = max(page, 1)
    if filters.sort == "due":
        return due.DueFirstPagination(select=query, session=db.session, settings=settings,
                                      now=now, page=page, per_page=per_page, error_out=False)
    return db.paginate(query.options(WITH_ROUTES), page=page, per_page=per_page,
                       error_out=False)
