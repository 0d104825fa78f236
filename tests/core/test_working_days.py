"""Working days, counted one way for the inbox, the figures and case work."""

from datetime import UTC, date, datetime

from app.core import working_days


def test_adding_working_days_skips_weekends_and_holidays():
    friday = date(2026, 11, 27)
    assert working_days.add_working_days(friday, 1, set()) == date(2026, 11, 30)  # Monday
    assert working_days.add_working_days(friday, 5, set()) == date(2026, 12, 4)
    assert working_days.add_working_days(friday, 1, {date(2026, 11, 30)}) == date(2026, 12, 1)
    saturday = date(2026, 11, 28)
    assert working_days.add_working_days(saturday, 1, set()) == date(2026, 11, 30)


def test_counting_working_days_between_two_dates():
    friday, monday, tuesday = date(2025, 5, 2), date(2025, 5, 5), date(2025, 5, 6)
    assert working_days.working_days_between(friday, friday, set()) == 0
    assert working_days.working_days_between(friday, monday, set()) == 1
    assert working_days.working_days_between(friday, tuesday, {monday}) == 1


def test_the_setting_and_the_local_day():
    assert working_days.non_working_days(" 2026-12-25, 2026-12-28 ,") == {
        date(2026, 12, 25), date(2026, 12, 28)}
    # 23:30 UTC on 31 March 2025 is already 1 April in London (summer time).
    assert working_days.local_date(datetime(2025, 3, 31, 23, 30, tzinfo=UTC)) == date(2025, 4, 1)


def test_the_last_overdue_start_is_the_day_the_dates_themselves_give():
    """The inbox asks the database for reports that arrived on or before this day: it must
    be exactly the latest start whose due date is before today, across weekends, holidays
    and every target length, or the overdue counts would disagree with the report pages."""
    holidays = {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}
    for offset in range(40):
        today = date.fromordinal(date(2026, 12, 1).toordinal() + offset)
        for days in (1, 2, 5, 10, 20):
            for holiday_set in (set(), holidays):
                overdue = [start for start in (date.fromordinal(today.toordinal() - back)
                                               for back in range(1, 80))
                           if working_days.add_working_days(start, days, holiday_set) < today]
                assert working_days.last_start_overdue(today, days, holiday_set) == max(
                    overdue), (today, days, holiday_set)


def test_the_start_of_a_local_day_follows_summer_time():
    assert working_days.start_of_local_day(date(2026, 7, 1)) == datetime(
        2026, 6, 30, 23, tzinfo=UTC)
    assert working_days.start_of_local_day(date(2026, 12, 1)) == datetime(
        2026, 12, 1, tzinfo=UTC)
