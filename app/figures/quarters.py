"""Quarters of the UK financial year, the partnership's reporting year: Q1 is April to June,
so the quarterly So Safe meeting's "2025/26" runs from April 2025 to March 2026.

A quarter is named by the year its financial year starts in and its number; its key
("2025-26-Q1") is what URLs and stored rows carry. Its bounds are midnight in the
partnership's own time zone, passed in by the caller.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

MONTHS = ("April to June", "July to September", "October to December", "January to March")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int  # the calendar year the financial year starts in: 2025 for 2025/26
    number: int  # 1 = April to June ... 4 = January to March

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        if day.month >= 4:
            return cls(day.year, (day.month - 4) // 3 + 1)
        return cls(day.year - 1, 4)

    @classmethod
    def parse(cls, text: str | None) -> "Quarter | None":
        """"2025-26-Q1" -> Quarter(2025, 1); anything else (an old or edited link) -> None."""
        try:
            years, number = (text or "").upper().split("-Q")
            start, end = years.split("-")
            quarter = cls(int(start), int(number))
        except ValueError:
            return None
        if end != f"{(quarter.year + 1) % 100:02d}" or len(start) != 4:
            return None
        return quarter if 1 <= quarter.number <= 4 and 2000 <= quarter.year <= 2100 else None

    @property
    def first_day(self) -> date:
        month = 3 * self.number + 1
        return date(self.year, month, 1) if month <= 12 else date(self.year + 1, month - 12, 1)

    @property
    def next(self) -> "Quarter":
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    @property
    def previous(self) -> "Quarter":
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    @property
    def financial_year(self) -> str:
        return f"{self.year}/{(self.year + 1) % 100:02d}"

    @property
    def key(self) -> str:
        return f"{self.year}-{(self.year + 1) % 100:02d}-Q{self.number}"

    @property
    def short_label(self) -> str:
        """"Q1 2025/26": for chart axes and table rows."""
        return f"Q{self.number} {self.financial_year}"

    @property
    def months(self) -> str:
        """"April to June 2025"."""
        last_month_year = self.year + 1 if self.number == 4 else self.year
        return f"{MONTHS[self.number - 1]} {last_month_year}"

    @property
    def label(self) -> str:
        """"Q1 2025/26 (April to June 2025)"."""
        return f"{self.short_label} ({self.months})"

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """The quarter as [start, end) in UTC: midnight local time on its first day and on
        the next quarter's."""
        return start_of_day(self.first_day, zone), start_of_day(self.next.first_day, zone)

    def last(self, count: int) -> list["Quarter"]:
        """The ``count`` quarters ending with this one, oldest first."""
        quarters = [self]
        while len(quarters) < count:
            quarters.insert(0, quarters[0].previous)
        return quarters


def start_of_day(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def quarter_of(moment: datetime, zone: ZoneInfo) -> Quarter:
    return Quarter.containing(moment.astimezone(zone).date())


def asked_for(text: str | None, latest: Quarter) -> Quarter:
    """The quarter a link asks for, if it names one no later than ``latest``; else
    ``latest`` (a missing, malformed or future quarter is not an error)."""
    asked = Quarter.parse(text)
    return asked if asked is not None and asked <= latest else latest
