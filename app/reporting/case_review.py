"""ASB Case Review (formerly the Community Trigger): does a set of earlier reports meet the
threshold?

docs/sources.md §1.1: the statutory default is three "qualifying complaints" in six months, or a
number set locally. A qualifying complaint was made within one month of the behaviour and
the application comes within six months of the complaint. A Case Review cannot be asked
for anonymously, so an anonymous report does not count. The 2025 statutory guidance asks
that the Case Review is explained to anyone who has made two reports in six months
(docs/sources.md §1.3), whether or not the threshold is met.

The threshold and window are settings (CASE_REVIEW_THRESHOLD, CASE_REVIEW_WINDOW_DAYS)
because Stevenage's local threshold is not yet confirmed (docs/sources.md §11, item 1).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

# docs/sources.md §1.3: explain the Case Review at two reports in any six-month period.
EXPLAIN_AT = 2


@dataclass(frozen=True)
class Complaint:
    reference: str
    kind: str
    counts_as_asb: bool
    anonymous: bool
    made_at: datetime
    incident_on: date | None  # None when the behaviour "is still going on"


@dataclass
class Assessment:
    qualifying: list[Complaint] = field(default_factory=list)
    not_counted: list[tuple[Complaint, str]] = field(default_factory=list)
    threshold: int = 3
    recent: int = 0  # linked reports made within the window, counted or not

    @property
    def met(self) -> bool:
        return len(self.qualifying) >= self.threshold

    @property
    def explain(self) -> bool:
        return self.recent >= EXPLAIN_AT

    @property
    def still_needed(self) -> int:
        return max(self.threshold - len(self.qualifying), 0)


def one_month_after(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reason_not_counted(complaint: Complaint, now: datetime, window_days: int) -> str | None:
    """Why a report is not a qualifying complaint, in plain words; None if it is one."""
    if complaint.kind != "asb":
        return "it was not a report of anti-social behaviour"
    if not complaint.counts_as_asb:
        return ("it was about an environmental problem or a neighbour dispute, which is not "
                "counted as anti-social behaviour")
    if complaint.anonymous:
        return "it was made without contact details, and anonymous reports cannot count"
    start = now - timedelta(days=window_days)
    if complaint.made_at < start:
        return f"it was made before {start:%-d %B %Y}"
    if complaint.incident_on and complaint.made_at.date() > one_month_after(
            complaint.incident_on):
        return "it was made more than a month after the anti-social behaviour happened"
    return None


def assess(complaints: list[Complaint], now: datetime, threshold: int,
           window_days: int) -> Assessment:
    result = Assessment(threshold=threshold)
    for complaint in sorted(complaints, key=lambda c: c.made_at):
        if complaint.made_at >= now - timedelta(days=window_days):
            result.recent += 1
        reason = reason_not_counted(complaint, now, window_days)
        if reason is None:
            result.qualifying.append(complaint)
        else:
            result.not_counted.append((complaint, reason))
    return result
