"""When things are due on a report (first contact, risk review), for one report, an inbox
page, and the inbox's counts, "overdue" filter and "due first" order.

The dates come from app/reporting/targets.py and app/casework/reviews.py. Counts and the
filter ask the database with those modules' SQL twins of the same rules, so a busy inbox
never reads every waiting report; "due first" reads a few columns of the open reports.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_sqlalchemy.pagination import SelectPagination

from app.casework import reviews
from app.casework.settings import Settings
from app.core import clock
from app.core.working_days import local_date
from app.extensions import db
from app.inbox import visibility
from app.inbox.visibility import WITH_ROUTES, Deadline
from app.reporting.models import OPEN_STATUSES, Report
from app.reporting.targets import first_contact_due, first_contact_overdue
from app.staff.models import StaffUser


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


def dues(reports: list, settings: Settings, now: datetime | None = None,
         reviewed: dict[int, date] | None = None) -> dict[int, Due]:
    """Each report's dates. ``reports`` may be rows with the columns the targets read (id,
    status, created_at, priority, risk); ``reviewed`` is ``reviews.next_review_dates`` for
    them, read here if not given."""
    today = local_date(now or clock.current_time())
    if reviewed is None:
        reviewed = reviews.next_review_dates([r.id for r in reports])
    levels, holidays = settings.levels, settings.holidays
    return {report.id: Due(
        first_contact=first_contact_due(report, levels, holidays)
        if report.status == "new" else None,
        review=reviews.review_due(report, levels, holidays, reviewed)
        if report.status != "closed" else None,
        today=today) for report in reports}


def overdue(settings: Settings, now: datetime | None = None) -> sa.ColumnElement:
    """SQL: first contact or the risk review is overdue (the inbox's "overdue" filter)."""
    today = local_date(now or clock.current_time())
    holidays = set(settings.holidays)
    return sa.or_(first_contact_overdue(settings.levels, holidays, today),
                  reviews.review_overdue(settings.levels, holidays, today))


def inbox_summary(staff: StaffUser, settings: Settings,
                  now: datetime | None = None) -> visibility.Summary:
    """The inbox's counts by status and its areas, with how many reports are overdue for
    first contact ("first_contact_overdue") and for their risk review ("review_overdue"),
    in one query."""
    today = local_date(now or clock.current_time())
    holidays = set(settings.holidays)
    return visibility.summary(staff, {
        "first_contact_overdue": first_contact_overdue(settings.levels, holidays, today),
        "review_overdue": reviews.review_overdue(settings.levels, holidays, today)})


class DueFirstPagination(SelectPagination):
    """A page of ``select``'s reports, soonest due first and, within a day, in the query's
    own order. Only open reports have due dates: they are sorted from a few columns each,
    and the closed ones follow in the query's order, paged by the database."""

    def _query_items(self) -> list:
        select, settings = self._query_args["select"], self._query_args["settings"]
        start, size = self._query_offset, self.per_page
        dated = db.session.execute(select.where(Report.status.in_(OPEN_STATUSES)).with_only_columns(
            Report.id, Report.status, Report.created_at, Report.priority, Report.risk,
            reviews.latest_next_review().label("next_review_on"))).all()
        reviewed = {row.id: row.next_review_on for row in dated if row.next_review_on}
        found = dues(dated, settings, self._query_args["now"], reviewed)
        dated.sort(key=lambda row: found[row.id].next)  # stable: the query's order within a day
        ids = [row.id for row in dated[start:start + size]]
        if len(ids) < size:
            ids += db.session.scalars(
                select.where(Report.status == "closed").with_only_columns(Report.id)
                .offset(max(start - len(dated), 0)).limit(size - len(ids))).all()
        loaded = {r.id: r for r in db.session.scalars(
            sa.select(Report).where(Report.id.in_(ids or [0])).options(WITH_ROUTES))}
        return [loaded[i] for i in ids]
