"""Working days: Monday to Friday, less the dates in the NON_WORKING_DAYS setting.

Every case-work target (first contact, risk reviews) is counted in working days from the
day something happened, in Stevenage's time. The inbox, the partnership's figures and case
work all count with these functions, so a target means the same thing everywhere.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from app.core import clock


def non_working_days(text: str) -> set[date]:
    """The NON_WORKING_DAYS setting ("2026-12-25,2026-12-28"), as dates."""
    return {date.fromisoformat(d.strip()) for d in text.split(",") if d.strip()}


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: set[date]) -> date:
    """The date ``days`` working days after ``start``."""
    return _add_working_days(start, days, frozenset(holidays))


# A page of reports sorted by due date asks for thousands of these, mostly the same ones
# request after request: the answer depends only on the three arguments.
@lru_cache(maxsize=16384)
def _add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
    return day


def last_start_overdue(today: date, days: int, holidays: set[date]) -> date:
    """The latest day a target of ``days`` working days could have started on and be
    overdue ``today`` (due before today). A start a day earlier is never due later, so
    every earlier start is overdue too: the inbox asks the database for "arrived on or
    before this day" instead of working out each report's date (app/reporting/targets.py)."""
    day = today - timedelta(days=1)
    while add_working_days(day, days, holidays) >= today:
        day -= timedelta(days=1)
    return day


def working_days_between(start: date, end: date, holidays: set[date]) -> int:
    """Working days after ``start`` up to and including ``end`` (0 on the same day)."""
    days, day = 0, start
    while day < end:
        day += timedelta(days=1)
        days += is_working_day(day, holidays)
    return days


def local_date(moment: datetime) -> date:
    """The day in Stevenage that a stored (UTC) moment falls on."""
    return moment.astimezone(clock.LONDON).date()


def start_of_local_day(day: date) -> datetime:
    """The (UTC) moment a day in Stevenage begins."""
    return datetime.combine(day, time.min, tzinfo=clock.LONDON).astimezone(UTC)
