"""Case work is kept only as long as its report: the retention purge that deletes an old
closed report deletes its reviews, links and diary with it."""

from datetime import timedelta

import sqlalchemy as sa

from app.casework.models import DiaryEntry, ReportLink, RiskReview
from app.core import clock
from app.extensions import db
from app.reporting.retention import purge
from app.staff.accounts import by_email
from tests import factories
from tests.staff_helpers import ASB


def test_purging_an_old_closed_report_takes_its_case_work(people):
    now = clock.current_time()
    with people.app_context():
        officer = by_email(ASB)
        old = factories.report(reference="OLD1", status="closed",
                               closed_at=now - timedelta(days=400))
        kept = factories.report(reference="KEPT1", status="in_progress")
        db.session.add_all([
            RiskReview(report_id=old.id, level="high", reason="r", answers={},
                       staff_id=officer.id, next_review_on=now.date()),
            RiskReview(report_id=kept.id, level="high", reason="r", answers={},
                       staff_id=officer.id, next_review_on=now.date()),
            ReportLink(report_id=min(old.id, kept.id), other_id=max(old.id, kept.id),
                       state="linked", staff_id=officer.id),
            DiaryEntry(report_id=old.id, happened_on=now.date(), what_happened="w",
                       photo_ids=[]),
            DiaryEntry(report_id=kept.id, happened_on=now.date(), what_happened="w",
                       photo_ids=[]),
        ])
        db.session.commit()
        purged = purge(draft_idle_minutes=60, retention_months=12)
        assert purged.reports == 1
        assert db.session.scalars(sa.select(RiskReview.report_id)).all() == [kept.id]
        assert db.session.scalars(sa.select(DiaryEntry.report_id)).all() == [kept.id]
        assert db.session.scalar(sa.select(sa.func.count(ReportLink.id))) == 0
