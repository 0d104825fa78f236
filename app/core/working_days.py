"""Working days: Monday to Friday, less the dates in the NON_WORKING_DAYS setting.

Every case-work target (first contact, risk reviews) is counted in working days from the
day something happened, in Stevenage's time. The inbox, the partnership's figures and case
work all count with these functions, so a target means the same thing everywhere.
"""

from datetime import date, datetime, timedelta

from app.core import clock


def non_working_days(text: str) -> set[date]:
    """The NON_WORKING_DAYS setting ("2026-12-25,2026-12-28"), as dates."""
    return {date.fromisoformat(d.strip()) for d in text.split(",") if d.strip()}


def is_working_day(day: date, holidays: set[date]) -> bool:
    return day.weekday() < 5 and day not in holidays


def add_working_days(start: date, days: int, holidays: set[date]) -> date:
    """The date ``days`` working days after ``start``."""
    day = start
    while days > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            days -= 1
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
