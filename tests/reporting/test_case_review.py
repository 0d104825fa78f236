"""The ASB Case Review threshold: which earlier complaints count, within which window."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from app.reporting import (
    case_review,
)

CONTENT = Path(__file__).resolve().parents[2] / "content"



NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def complaint(reference, days_ago, incident_days_before=0, **changes):
    made = NOW - timedelta(days=days_ago)
    values = {"reference": reference, "kind": "asb", "counts_as_asb": True,
              "anonymous": False, "made_at": made,
              "incident_on": (made - timedelta(days=incident_days_before)).date()}
    return case_review.Complaint(**{**values, **changes})


def test_three_qualifying_complaints_in_six_months_meet_the_threshold():
    result = case_review.assess([complaint("A", 10), complaint("B", 40), complaint("C", 170)],
                                NOW, threshold=3, window_days=183)
    assert result.met and [c.reference for c in result.qualifying] == ["C", "B", "A"]


def test_what_does_not_count_and_why():
    result = case_review.assess([
        complaint("OLD", 200),
        complaint("LATE", 20, incident_days_before=40),
        complaint("ANON", 30, anonymous=True),
        complaint("GNMP", 30, counts_as_asb=False),
        complaint("HATE", 30, kind="hate"),
        complaint("GOING", 5, incident_on=None),
    ], NOW, threshold=3, window_days=183)
    assert not result.met and result.still_needed == 2
    reasons = {c.reference: why for c, why in result.not_counted}
    assert "before" in reasons["OLD"]
    assert "more than a month after" in reasons["LATE"]
    assert "anonymous" in reasons["ANON"]
    assert "not counted as anti-social behaviour" in reasons["GNMP"]
    assert "not a report of anti-social behaviour" in reasons["HATE"]
    assert [c.reference for c in result.qualifying] == ["GOING"]


def test_two_reports_in_six_months_bring_the_explanation():
    one = case_review.assess([complaint("A", 5)], NOW, 3, 183)
    two = case_review.assess([complaint("A", 5), complaint("B", 9, anonymous=True)],
                             NOW, 3, 183)
    assert not one.explain and two.explain and not two.met


def test_the_threshold_is_a_setting():
    complaints = [complaint("A", 5), complaint("B", 9)]
    assert case_review.assess(complaints, NOW, threshold=2, window_days=183).met


def test_one_month_after_handles_short_months():
    assert case_review.one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert case_review.one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)
