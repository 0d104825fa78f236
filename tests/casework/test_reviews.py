"""Risk reviews: the same harm questions and scoring as the first assessment, the level,
who set it and why, and the next review the interval for the new level after today."""

from datetime import UTC, date, datetime

import pytest

from app.casework import reviews
from app.casework.models import RiskReview
from app.extensions import db
from app.inbox.actions import ActionError, NotAllowed
from app.reporting import risk, targets
from app.staff.accounts import by_email
from tests import factories
from tests.staff_helpers import ASB, SADA

FRIDAY = datetime(2026, 11, 27, 10, tzinfo=UTC)


def review(people, report, officer, answers, **kwargs):
    content = people.config["CONTENT_DIR"]
    return reviews.reassess(officer, report, answers, kwargs.pop("reason", "Looked again"),
                            risk_model=risk.model(content), levels=targets.targets(content),
                            holidays=kwargs.pop("holidays", set()), now=FRIDAY, **kwargs)


def test_the_level_comes_from_the_answers_and_sets_the_next_review(people):
    with people.app_context():
        report = factories.report(reference="R1", risk="high", status="in_progress")
        officer = by_email(ASB)
        done = review(people, report, officer, {"repeat": "first_time", "effects": ["none"]})
        assert done == reviews.Reviewed("standard", date(2026, 12, 25))  # 20 working days
        assert (report.risk, report.priority) == ("standard", "standard")
        stored = db.session.query(RiskReview).one()
        assert (stored.level_before, stored.staff_id) == ("high", officer.id)
        # Holidays are skipped; an officer may set another level, with their reason.
        done = review(people, report, officer, {"repeat": "often", "effects": ["sleep"]},
                      chosen_level="high", holidays={date(2026, 11, 30)})
        assert done == reviews.Reviewed("high", date(2026, 12, 7))
        assert reviews.harm_answers(report) == {"repeat": "often", "effects": ["sleep"]}
        assert reviews.review_due(report, targets.targets(people.config["CONTENT_DIR"]),
                                  set()) == date(2026, 12, 7)


@pytest.mark.parametrize("answers, message", [
    ({"effects": ["sleep"]}, "Has it happened before"),
    ({"repeat": "sometimes", "effects": ["sleep"]}, "from the list"),
    ({"repeat": "often", "effects": ["sleep", "bribery"]}, "from the list"),
])
def test_bad_answers_are_refused(people, answers, message):
    with people.app_context():
        report = factories.report(reference="R1")
        with pytest.raises(ActionError, match=message):
            review(people, report, by_email(ASB), answers)


def test_only_the_team_working_it_can_review_and_not_once_closed(people):
    with people.app_context():
        report = factories.report(reference="R1")
        with pytest.raises(NotAllowed):
            review(people, report, by_email(SADA), {"repeat": "often", "effects": ["none"]})
        report.status = "closed"
        with pytest.raises(ActionError, match="closed"):
            review(people, report, by_email(ASB), {"repeat": "often", "effects": ["none"]})
        with pytest.raises(ActionError, match="why you set"):
            report.status = "in_progress"
            review(people, report, by_email(ASB), {"repeat": "often", "effects": ["none"]},
                   reason="  ")


def test_without_a_review_it_falls_due_the_interval_after_arrival(people):
    with people.app_context():
        report = factories.report(reference="R1", risk="medium")
        report.created_at = FRIDAY
        levels = targets.targets(people.config["CONTENT_DIR"])
        assert reviews.review_due(report, levels, set()) == date(2026, 12, 11)  # 10 days
