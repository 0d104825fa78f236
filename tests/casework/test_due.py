"""The inbox's overdue counts, its "overdue" filter and its "due first" order ask the
database with SQL twins of the rules each report page shows (app/casework/due.py). These
tests hold the two to the same answers, so a change to one that misses the other fails."""

from datetime import date, timedelta

import sqlalchemy as sa

from app.casework import due
from app.casework.models import RiskReview
from app.casework.settings import Settings
from app.core import clock
from app.extensions import db
from app.inbox import visibility
from app.reporting import targets
from app.staff.accounts import by_email
from tests import factories
from tests.staff_helpers import ADMIN, ASB

STATUSES = ("new", "acknowledged", "in_progress", "closed")
LEVELS = ("high", "medium", "standard", None)


def _settings(app, holidays) -> Settings:
    return Settings(targets.targets(app.config["CONTENT_DIR"]), frozenset(holidays),
                    app.config["REPEAT_WINDOW_DAYS"], app.config["CASE_REVIEW_THRESHOLD"],
                    app.config["CASE_REVIEW_WINDOW_DAYS"])


def _many_reports(officer_id: int) -> None:
    """Every status and level, arriving over six weeks at all hours (weekends too), some
    reviewed once or twice with dates either side of today, one forwarded to the police."""
    today = clock.current_time().date()
    for number in range(64):
        status, level = STATUSES[number % 4], LEVELS[number // 4 % 4]
        teams = ("sbc-asb",) if number % 7 else ("herts-police-stevenage",)
        report = factories.report(*teams, reference=f"DUE{number:02d}", status=status,
                                  risk=level, priority=level, age_days=number * 0.67 + 0.3)
        for review in range(number % 3 if number % 5 else 0):
            db.session.add(RiskReview(
                report_id=report.id, level="medium", reason="Looked again", answers={},
                staff_id=officer_id,
                next_review_on=today + timedelta(days=(number % 9) - 4 + 3 * review)))
    db.session.commit()


def test_the_database_counts_and_filters_what_each_reports_dates_say(people):
    holidays = {clock.current_time().date() - timedelta(days=d) for d in (3, 10, 17)}
    settings = _settings(people, holidays)
    with people.app_context():
        _many_reports(by_email(ASB).id)
        for email in (ASB, ADMIN):
            staff = by_email(email)
            seen = list(db.session.scalars(visibility.visible_reports(staff)))
            for days_on in range(0, 15, 2):  # today and the next fortnight, holidays too
                now = clock.current_time() + timedelta(days=days_on)
                dates = due.dues(seen, settings, now)
                first = {i for i, d in dates.items() if d.first_contact_overdue}
                review = {i for i, d in dates.items() if d.review_overdue}
                assert first and review, "the reports must include overdue ones"
                counted = due.inbox_summary(staff, settings, now).flagged
                assert counted == {"first_contact_overdue": len(first),
                                   "review_overdue": len(review)}, (email, days_on)
                filtered = set(db.session.scalars(visibility.visible_reports(staff).where(
                    due.overdue(settings, now)).with_only_columns(
                        visibility.Report.id)))
                assert filtered == first | review, (email, days_on)


def test_due_first_sorts_the_open_reports_then_pages_on_into_the_closed(people):
    settings = _settings(people, set())
    with people.app_context():
        _many_reports(by_email(ASB).id)
        officer = by_email(ASB)
        everything = visibility.filtered(officer, visibility.InboxFilters(status="all"))
        reports = list(db.session.scalars(everything))
        dates = due.dues(reports, settings)
        expected = sorted(reports, key=lambda r: dates[r.id].next or date.max)
        assert expected[-1].status == "closed" and expected[0].status != "closed"
        pages, page = [], 1
        while True:
            found = due.DueFirstPagination(select=visibility.filtered(
                officer, visibility.InboxFilters(status="all")), session=db.session,
                settings=settings, now=None, page=page, per_page=5, error_out=False)
            if not found.items:
                break
            pages += [r.reference for r in found.items]
            assert found.total == len(reports)
            page += 1
        assert pages == [r.reference for r in expected]


def test_a_review_after_the_latest_is_the_one_that_counts(people):
    """The latest review sets the date, even when an earlier one set a later date."""
    settings = _settings(people, set())
    with people.app_context():
        officer = by_email(ASB)
        report = factories.report(reference="R1", status="in_progress", age_days=1)
        today = clock.current_time().date()
        db.session.add(RiskReview(report_id=report.id, level="high", reason="First",
                                  answers={}, staff_id=officer.id,
                                  next_review_on=today + timedelta(days=10)))
        db.session.flush()
        db.session.add(RiskReview(report_id=report.id, level="high", reason="Second",
                                  answers={}, staff_id=officer.id,
                                  next_review_on=today - timedelta(days=1)))
        db.session.commit()
        assert due.dues([report], settings)[report.id].review_overdue
        assert due.inbox_summary(officer, settings).flagged["review_overdue"] == 1
        assert db.session.scalar(sa.select(sa.func.count(RiskReview.id))) == 2
