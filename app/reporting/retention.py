"""Deleting what we promised not to keep (docs/product.md; the privacy page says the same):

- drafts left idle longer than DRAFT_IDLE_MINUTES, with their photos, and a report's note
  of the draft it was sent from once that draft would have expired;
- reports closed more than the retention period ago, with their photos, events and routes.

The retention period is a number of months that administrators set in the browser (a
setting in the database, versioned like the other settings); the privacy page's text reads
the same setting, so the promise and the practice cannot drift apart.

Run by `flask --app wsgi retention purge` (app/cli.py) (daily from cron or a systemd timer).
"""

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core import clock, versions
from app.extensions import db
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto, ReportRoute
from app.staff import audit

AREA = "retention"
DEFAULT_MONTHS = 12  # what the privacy notice has always promised
MIN_MONTHS, MAX_MONTHS = 1, 120
# Where the privacy page's markdown says how long reports are kept.
PERIOD_PLACEHOLDER = "{{retention_period}}"


class RetentionError(ValueError):
    """A retention period that cannot be saved; the message says why."""


def retention_months() -> int:
    newest = versions.latest(AREA)
    return int(newest.data["months"]) if newest is not None else DEFAULT_MONTHS


def period_text(months: int) -> str:
    return "1 month" if months == 1 else f"{months} months"


def with_period(html: str, months: int) -> str:
    """The privacy page's text with the retention period written in."""
    return html.replace(PERIOD_PLACEHOLDER, period_text(months))


def set_retention_months(months: int, staff, now: datetime | None = None) -> bool:
    """Save a new period (the caller commits); False when it is the period already."""
    if not isinstance(months, int) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise RetentionError(f"Enter a whole number of months from {MIN_MONTHS} to "
                             f"{MAX_MONTHS}")
    before = retention_months()
    if months == before:
        return False
    versions.record(AREA, {"months": months}, versions.BROWSER, staff.id,
                    f"{period_text(before)} to {period_text(months)}")
    audit.record(staff, "retention_changed", None, before=before, after=months)
    return True


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when
    that month is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


@dataclass
class Purged:
    drafts: int
    reports: int


def purge(*, draft_idle_minutes: int, retention_months: int,
          now: datetime | None = None) -> Purged:
    now = now or clock.current_time()
    idle_before = now - timedelta(minutes=draft_idle_minutes)
    drafts = list(db.session.scalars(sa.select(Draft.id).where(Draft.updated_at < idle_before)))
    if drafts:
        db.session.execute(sa.delete(ReportPhoto).where(ReportPhoto.draft_id.in_(drafts)))
        db.session.execute(sa.delete(Draft).where(Draft.id.in_(drafts)))
    db.session.execute(sa.update(Report).where(
        Report.sent_from_draft.is_not(None), Report.created_at < idle_before)
        .values(sent_from_draft=None))

    closed_before = months_before(now, retention_months)
    reports = list(db.session.scalars(sa.select(Report.id).where(
        Report.status == "closed", Report.closed_at.is_not(None),
        Report.closed_at < closed_before)))
    for chunk in (reports[i:i + 500] for i in range(0, len(reports), 500)):
        for model in (ReportPhoto, ReportEvent, ReportRoute):
            db.session.execute(sa.delete(model).where(model.report_id.in_(chunk)))
        db.session.execute(sa.delete(Report).where(Report.id.in_(chunk)))
    db.session.commit()
    return Purged(drafts=len(drafts), reports=len(reports))
