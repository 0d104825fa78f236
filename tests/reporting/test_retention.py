"""Deleting what we promised not to keep: idle drafts and old closed reports."""

from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.partnership.models import Team
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto, ReportRoute
from app.reporting.retention import purge

CONTENT = Path(__file__).resolve().parents[2] / "content"



def test_retention_purges_idle_drafts_and_old_closed_reports(seeded_app):
    now = clock.current_time()
    with seeded_app.app_context():
        team = db.session.scalars(sa.select(Team)).first()
        idle = Draft(id="idle", kind="asb", answers={},
                     updated_at=now - timedelta(minutes=61))
        fresh = Draft(id="fresh", kind="asb", answers={}, updated_at=now)
        db.session.add_all([idle, fresh, ReportPhoto(draft_id="idle", content_type="image/jpeg",
                                                     data=b"x")])

        def report(reference, status, closed_days_ago=None):
            r = Report(reference=reference, receipt_hash="h", kind="asb", status=status,
                       closed_at=now - timedelta(days=closed_days_ago)
                       if closed_days_ago is not None else None)
            r.routes.append(ReportRoute(team=team, rule_id="asb"))
            r.events.append(ReportEvent(kind="created"))
            r.photos.append(ReportPhoto(content_type="image/jpeg", data=b"y"))
            db.session.add(r)

        report("OLD-CLOSED", "closed", 400)
        report("NEW-CLOSED", "closed", 30)
        report("OLD-OPEN", "in_progress")
        db.session.commit()
        result = purge(draft_idle_minutes=60, retention_months=12, now=now)
        assert (result.drafts, result.reports) == (1, 1)
        assert [d.id for d in db.session.scalars(sa.select(Draft))] == ["fresh"]
        assert sorted(db.session.scalars(sa.select(Report.reference))) == [
            "NEW-CLOSED", "OLD-OPEN"]
        for model in (ReportPhoto, ReportEvent, ReportRoute):
            assert db.session.scalar(sa.select(sa.func.count(model.id))) == 2


def test_retention_purge_command(seeded_app):
    result = seeded_app.test_cli_runner().invoke(args=["retention", "purge"])
    assert result.exit_code == 0, result.output
    assert "Deleted 0 idle drafts and 0 reports closed more than 12 months ago" in result.output
