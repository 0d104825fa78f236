"""The audit trail is append-only from the app, and administrators can read it."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.staff import audit
from app.staff.audit import AuditTamperingError
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB


def test_audit_events_cannot_be_changed_or_deleted(app):
    with app.app_context():
        entry = audit.record(None, "something", "X1", n=1)
        db.session.commit()
        entry.action = "something else"
        with pytest.raises(AuditTamperingError):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.get(AuditEvent, entry.id))
        with pytest.raises(AuditTamperingError):
            db.session.flush()
        db.session.rollback()
        with pytest.raises(AuditTamperingError):
            db.session.execute(sa.update(AuditEvent).values(action="x"))
        with pytest.raises(AuditTamperingError):
            db.session.execute(sa.delete(AuditEvent))
        db.session.rollback()
        assert db.session.scalars(sa.select(AuditEvent.action)).all() == ["something"]


def test_administrators_read_the_audit_log_and_officers_cannot(people, signed_in):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001")
    officer = signed_in(ASB)
    officer.get("/staff/reports/ASB0001")
    assert officer.get("/staff/admin/audit").status_code == 403
    page = Page(signed_in(ADMIN).get("/staff/admin/audit"))
    rows = [row.get_text(" ", strip=True) for row in page.soup.select("tbody tr")]
    assert any(ASB in row and "report_viewed ASB0001" in row for row in rows)
    assert any(ADMIN in row and "sign_in" in row for row in rows)
    filtered = Page(signed_in(ADMIN).get("/staff/admin/audit?action=report_viewed"))
    assert all("report_viewed" in row.get_text() for row in filtered.soup.select("tbody tr"))
