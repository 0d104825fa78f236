"""Deleting what we promised not to keep (docs/product.md; the privacy page says the same):

- drafts left idle longer than DRAFT_IDLE_MINUTES, with their photos, and a report's note
  of the draft it was sent from once that draft would have expired;
- reports closed more than REPORT_RETENTION_DAYS ago, with their photos, events and routes.

Run by `flask --app wsgi retention purge` (app/cli.py) (daily from cron or a systemd timer).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto, ReportRoute


@dataclass
class Purged:
    drafts: int
    reports: int


def purge(*, draft_idle_minutes: int, retention_days: int,
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

    closed_before = now - timedelta(days=retention_days)
    reports = list(db.session.scalars(sa.select(Report.id).where(
        Report.status == "closed", Report.closed_at.is_not(None),
        Report.closed_at < closed_before)))
    for chunk in (reports[i:i + 500] for i in range(0, len(reports), 500)):
        for model in (ReportPhoto, ReportEvent, ReportRoute):
            db.session.execute(sa.delete(model).where(model.report_id.in_(chunk)))
        db.session.execute(sa.delete(Report).where(Report.id.in_(chunk)))
    db.session.commit()
    return Purged(drafts=len(drafts), reports=len(reports))
