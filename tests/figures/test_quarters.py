"""Quarters of the UK financial year (Q1 is April to June), as the partnership reports."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.figures.quarters import Quarter, asked_for, quarter_of

LONDON = ZoneInfo("Europe/London")


def test_a_financial_year_runs_april_to_march():
    q1 = Quarter(2025, 1)
    assert (q1.first_day, q1.next.first_day) == (date(2025, 4, 1), date(2025, 7, 1))
    q4 = Quarter(2025, 4)
    assert (q4.first_day, q4.next.first_day) == (date(2026, 1, 1), date(2026, 4, 1))
    assert q4.next == Quarter(2026, 1) and Quarter(2026, 1).previous == q4
    assert Quarter.containing(date(2026, 3, 31)) == q4
    assert Quarter.containing(date(2026, 4, 1)) == Quarter(2026, 1)
    assert Quarter.containing(date(2025, 12, 31)) == Quarter(2025, 3)


def test_names_and_keys():
    q4 = Quarter(2025, 4)
    assert q4.key == "2025-26-Q4"
    assert q4.short_label == "Q4 2025/26"
    assert q4.label == "Q4 2025/26 (January to March 2026)"
    assert Quarter(2099, 1).key == "2099-00-Q1"
    assert Quarter.parse("2025-26-q4") == q4
    for text in ("2025-Q4", "2025-27-Q1", "2025-26-Q5", "nope", "", None, "25-26-Q1",
                 "2025-26-Q", "2025-26-Qx"):
        assert Quarter.parse(text) is None, text


def test_bounds_are_local_midnight():
    start, end = Quarter(2025, 1).bounds(LONDON)
    # 1 April 2025 is in British Summer Time: midnight there is 23:00 UTC the day before.
    assert start == datetime(2025, 3, 31, 23, tzinfo=UTC)
    assert end == datetime(2025, 6, 30, 23, tzinfo=UTC)
    assert quarter_of(datetime(2025, 3, 31, 23, 30, tzinfo=UTC), LONDON) == Quarter(2025, 1)


def test_the_last_eight_and_a_clamped_choice():
    quarters = Quarter(2025, 2).last(8)
    assert [q.key for q in quarters][:2] == ["2023-24-Q3", "2023-24-Q4"]
    assert quarters[-1] == Quarter(2025, 2) and len(quarters) == 8
    latest = Quarter(2025, 3)
    assert asked_for("2025-26-Q1", latest) == Quarter(2025, 1)
    assert asked_for("2026-27-Q1", latest) == latest  # the future: the latest instead
    assert asked_for("rubbish", latest) == latest
