"""The figures, from a quarter of known reports (tests/figures/helpers.py). Run on
PostgreSQL too with TEST_DATABASE_URL set, like the rest of the suite."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.casework.models import RiskReview
from app.extensions import db
from app.figures import queries
from app.figures.quarters import Quarter
from app.inbox.actions import change_status, reclassify
from app.partnership.teams import all_teams
from app.reporting.models import Report
from app.reporting.targets import LevelTargets
from app.staff.accounts import by_email
from tests.figures.helpers import IN_QUARTER, LONDON, QUARTER, REFERRALS, at, seed_quarter
from tests.staff_helpers import ADMIN, ASB

TARGETS = {"high": LevelTargets(1, 5), "medium": LevelTargets(3, 10),
           "standard": LevelTargets(5, 20)}


def report(reference: str) -> Report:
    return db.session.scalars(sa.select(Report).filter_by(reference=reference)).one()


def test_referrals_per_team_count_each_report_once_a_team(people):
    seed_quarter(people)
    with people.app_context():
        at(IN_QUARTER - timedelta(days=60), "sbc-asb")  # the quarter before: not counted
        rows = queries.team_referrals(QUARTER, LONDON, all_teams())
        counted = {row.team.slug: row.referrals for row in rows}
        assert counted == REFERRALS
        police = next(row for row in rows if row.team.slug == "herts-police-stevenage")
        assert police.by_kind == {"asb": 0, "gnmp": 0, "hate": 3, "stalking": 1,
                                  "case_review": 0}
        assert police.by_outcome["open"] == 4


def test_reports_by_kind_risk_and_outcome(people):
    refs = seed_quarter(people)
    with people.app_context():
        closed = report(refs["asb0"])
        closed.status, closed.outcome = "closed", "resolved"
        db.session.commit()
        counts = queries.report_counts(QUARTER, LONDON)
    assert counts.by_kind == {"asb": 5, "gnmp": 2, "hate": 3, "stalking": 1, "case_review": 0}
    assert counts.total == 11
    assert counts.asb_risk == {"high": 1, "medium": 1, "standard": 3, "not_assessed": 0}
    assert counts.by_outcome["resolved"] == 1 and counts.by_outcome["open"] == 10


def test_a_quarter_starts_at_local_midnight(people):
    with people.app_context():
        # 23:30 UTC on 31 March 2025 is 00:30 on 1 April in London (summer time): Q1.
        at(datetime(2025, 3, 31, 23, 30, tzinfo=UTC), "sbc-asb")
        at(datetime(2025, 3, 31, 22, 30, tzinfo=UTC), "sbc-asb")  # 23:30 on 31 March: Q4
        counts = queries.counts_by_quarter([QUARTER.previous, QUARTER], LONDON)
    assert counts[QUARTER]["asb"] == 1 and counts[QUARTER.previous]["asb"] == 1


def test_time_to_first_contact_against_the_targets(people):
    monday = datetime(2025, 5, 12, 9, tzinfo=UTC)
    with people.app_context():
        for days in (0, 1, 4):  # standard: contacted after 0, 1 and 4 working days
            made = at(monday, "sbc-asb", risk="standard")
            made.acknowledged_at = monday + timedelta(days=days)
        late = at(monday, "sbc-asb", risk="standard")
        late.acknowledged_at = monday + timedelta(days=14)  # 10 working days: past 5
        at(monday, "sbc-asb", risk="high")  # never contacted, 1-day target long gone
        db.session.commit()
        levels = queries.first_contact(QUARTER, LONDON, set(), TARGETS,
                                       now=datetime(2025, 7, 1, tzinfo=UTC))
    standard, high = levels["standard"], levels["high"]
    assert (standard.reports, standard.contacted, standard.within_target) == (4, 4, 3)
    assert sorted(standard.days) == [0, 1, 4, 10] and standard.median_days == 2.5
    assert standard.within_target_share == 0.75
    assert (high.reports, high.contacted, high.waiting_overdue) == (1, 0, 1)
    assert high.median_days is None


def test_overdue_reviews_at_the_end_of_the_quarter(people):
    with people.app_context():
        at(datetime(2025, 4, 1, 9, tzinfo=UTC), "sbc-asb", risk="high")  # open all quarter
        closed_early = at(datetime(2025, 4, 1, 9, tzinfo=UTC), "sbc-asb", risk="high")
        closed_early.status, closed_early.closed_at = "closed", datetime(2025, 4, 2,
                                                                         tzinfo=UTC)
        at(datetime(2025, 6, 27, 9, tzinfo=UTC), "sbc-asb", risk="high")  # review not due yet
        at(datetime(2025, 4, 1, 9, tzinfo=UTC), "sbc-asb", risk="standard")  # 20 days: overdue
        db.session.commit()
        overdue = queries.overdue_reviews(QUARTER, LONDON, set(), TARGETS,
                                          now=datetime(2026, 1, 1, tzinfo=UTC))
    assert overdue == {"high": 1, "medium": 0, "standard": 1}


def test_a_risk_review_moves_the_review_the_figures_count(people):
    """The dashboard counts reviews the way the inbox does (app/casework/reviews.py)."""
    with people.app_context():
        reviewed = at(datetime(2025, 4, 1, 9, tzinfo=UTC), "sbc-asb", risk="high")
        later = at(datetime(2025, 4, 1, 9, tzinfo=UTC), "sbc-asb", risk="high")
        officer = by_email(ASB)
        db.session.add_all([
            RiskReview(report_id=reviewed.id, level="high", reason="Visited", answers={},
                       staff_id=officer.id, created_at=datetime(2025, 6, 26, tzinfo=UTC),
                       next_review_on=date(2025, 7, 3)),
            # Made after the quarter ended: at its end, this report was still overdue.
            RiskReview(report_id=later.id, level="high", reason="Late", answers={},
                       staff_id=officer.id, created_at=datetime(2025, 7, 2, tzinfo=UTC),
                       next_review_on=date(2025, 7, 9))])
        db.session.commit()
        overdue = queries.overdue_reviews(QUARTER, LONDON, set(), TARGETS,
                                          now=datetime(2026, 1, 1, tzinfo=UTC))
    assert overdue["high"] == 1


def test_a_report_closed_as_gnmp_after_it_arrived_as_asb_is_reclassified(people):
    refs = seed_quarter(people)
    with people.app_context():
        officer = by_email(ASB)
        change_status(officer, report(refs["asb1"]), "closed", "not_asb_gnmp")
        db.session.commit()
        result = queries.reclassification(QUARTER, LONDON)
        assert (result.arrived_asb, result.asb_to_gnmp) == (5, 1)
        assert result.asb_to_gnmp_share == pytest.approx(0.2)
        assert (result.arrived_gnmp, result.gnmp_to_asb) == (2, 0)
        # Now counted as GNMP, not ASB, in the quarter's kinds.
        assert queries.report_counts(QUARTER, LONDON).by_kind["gnmp"] == 3


def test_reclassified_the_other_way_and_back(people):
    refs = seed_quarter(people)
    with people.app_context():
        officer = by_email(ADMIN)  # works every team's reports
        reclassify(officer, report(refs["gnmp0"]), "asb", "Threats, not a boundary dispute")
        asb = report(refs["asb2"])
        reclassify(officer, asb, "gnmp", "A hedge")
        reclassify(officer, asb, "asb", "It was threats after all")  # back as it arrived
        db.session.commit()
        result = queries.reclassification(QUARTER, LONDON)
    assert (result.arrived_asb, result.asb_to_gnmp) == (5, 0)
    assert (result.arrived_gnmp, result.gnmp_to_asb) == (2, 1)
    assert result.share == pytest.approx(1 / 7)


def test_repeat_locations_and_areas(people):
    seed_quarter(people)
    with people.app_context():
        for _ in range(3):
            at(IN_QUARTER, "sbc-asb", area="elsewhere")  # not a place: never a repeat
        repeats = queries.repeat_locations(QUARTER, LONDON)
        areas = queries.by_area(QUARTER, LONDON)
    assert repeats == [("bedwell", "asb", 3), ("bedwell", "hate", 3)]
    assert [(a.area, a.total) for a in areas] == [
        ("bedwell", 6), ("chells", 3), ("elsewhere", 3), ("old-town", 1), (None, 1)]


def test_an_empty_quarter(people):
    with people.app_context():
        assert queries.report_counts(Quarter(2020, 1), LONDON).total == 0
        assert queries.reclassification(Quarter(2020, 1), LONDON).share is None
        assert queries.by_area(Quarter(2020, 1), LONDON) == []
