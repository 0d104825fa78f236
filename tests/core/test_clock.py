"""One clock: moving ``clock.current_time`` moves every "now" in the app at once."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.core import clock
from app.core.models import OutboxMessage
from app.core.outbox import enqueue
from app.extensions import db
from app.staff import accounts
from app.staff.models import AuditEvent
from tests import factories

MOMENT = datetime(2031, 3, 4, 5, 6, 7, tzinfo=UTC)


def test_stored_times_come_from_the_moved_clock(seeded_app, monkeypatch):
    monkeypatch.setattr(clock, "current_time", lambda: MOMENT)
    with seeded_app.app_context():
        person = factories.staff("clock@sosafe.example.invalid", "sbc-asb")
        rules = accounts.AccountRules.from_config(seeded_app.config)
        enqueue("someone@example.invalid", "new_report", reference="SS-TEST", priority="high",
                link="https://sosafe.example.invalid/staff/reports/SS-TEST")
        accounts.register_failure(person, clock.current_time(), "password", rules=rules)
        db.session.commit()
        assert person.created_at == MOMENT
        message = db.session.scalars(sa.select(OutboxMessage)).one()
        assert (message.created_at, message.next_attempt_at) == (MOMENT, MOMENT)
        assert {event.created_at for event in db.session.scalars(sa.select(AuditEvent))} \
            == {MOMENT}


def test_a_lock_out_ends_when_the_moved_clock_passes_it(seeded_app, monkeypatch):
    moment = {"now": MOMENT}
    monkeypatch.setattr(clock, "current_time", lambda: moment["now"])
    with seeded_app.app_context():
        person = factories.staff("locked@sosafe.example.invalid", "sbc-asb")
        rules = accounts.AccountRules.from_config(seeded_app.config)
        for _ in range(seeded_app.config["STAFF_LOCKOUT_ATTEMPTS"]):
            accounts.register_failure(person, clock.current_time(), "password", rules=rules)
        assert accounts.is_locked(person)
        moment["now"] = MOMENT + timedelta(minutes=seeded_app.config["STAFF_LOCKOUT_MINUTES"],
                                           seconds=1)
        assert not accounts.is_locked(person)


def test_today_is_the_date_in_stevenage_not_in_utc(monkeypatch):
    # 00:30 on 1 July in the UK is still 30 June in UTC.
    monkeypatch.setattr(clock, "current_time",
                        lambda: datetime(2030, 6, 30, 23, 30, tzinfo=UTC))
    assert clock.today().isoformat() == "2030-07-01"
