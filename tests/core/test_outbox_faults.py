"""The outbox through faults: a claimed message is no other sender's until its lease runs
out, a message that went is recorded as sent through a database restart, and the send loop
outlives the database going away."""

from datetime import timedelta

import sqlalchemy as sa

from app.core import clock, outbox
from app.core.models import OutboxMessage
from app.extensions import db
from tests.database_faults import database_away, engine_of


class Backend:
    def __init__(self, on_send=None):
        self.sent, self.on_send = [], on_send

    def send(self, email):
        self.sent.append(email.reference)
        if self.on_send:
            self.on_send()

    def close(self):
        pass


def queue(app, n=1):
    with app.app_context():
        for i in range(n):
            outbox.enqueue(f"team{i}@example.org", "new_report", reference=f"REF{i}",
                           priority="high", link="http://test/staff/reports/REF")
        db.session.commit()


def message(app, message_id=1) -> OutboxMessage:
    with app.app_context():
        found = db.session.get(OutboxMessage, message_id)
        db.session.expunge_all()
        return found


def test_a_claimed_message_is_no_other_senders_until_its_lease_runs_out(app):
    queue(app)
    now = clock.current_time()
    lease = now + timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"])
    with app.app_context():
        claimed = outbox._claim_next(now, lease)
        assert claimed.id == 1 and claimed.attempts == 1
        # Another sender, now or until the lease ends, finds nothing due.
        assert outbox._claim_next(now, lease) is None
        early = lease - timedelta(seconds=1)
        assert outbox.deliver_due(app.config, now=early, backend=Backend()).sent == []
        # The first sender died without saying what happened: once the lease is over, the
        # message is sent after all (at least once).
        backend = Backend()
        assert outbox.deliver_due(app.config, now=lease, backend=backend).sent == [1]
    assert backend.sent == ["outbox-1"]
    assert (message(app).status, message(app).attempts) == ("sent", 2)


def test_a_message_that_went_is_recorded_as_sent_through_a_database_restart(
        app, monkeypatch):
    """The mail server accepted it, then the database went for a moment: the sender keeps
    trying to record it, so it is never sent twice."""
    queue(app)
    monkeypatch.setattr(outbox.time, "sleep", lambda seconds: None)
    away = database_away(engine_of(app), failures=2, only="UPDATE outbox_message SET status")
    backend = Backend(on_send=away.start)
    try:
        with app.app_context():
            result = outbox.deliver_due(app.config, backend=backend)
    finally:
        away.stop()
    assert len(away.tried) == 3  # two failed tries to record it, then it was recorded
    assert result.sent == [1] and backend.sent == ["outbox-1"]
    assert message(app).status == "sent"
    with app.app_context():
        later = clock.current_time() + timedelta(days=1)
        assert outbox.deliver_due(app.config, now=later, backend=backend).sent == []
    assert backend.sent == ["outbox-1"]


def test_the_send_loop_outlives_the_database_going_away(app, monkeypatch):
    queue(app)
    backend = Backend()
    monkeypatch.setattr(outbox, "backend_for", lambda config: backend)
    monkeypatch.setattr(outbox.time, "sleep", lambda seconds: None)
    rounds, said = [], []
    away = database_away(engine_of(app)).start()

    def should_stop():
        rounds.append(1)
        if len(rounds) == 3:
            away.stop()  # the database is back for the third round
        return len(rounds) > 3

    try:
        with app.app_context():
            outbox.run_forever(app.config, 0, said.append, should_stop)
    finally:
        away.stop()
    assert backend.sent == ["outbox-1"]
    assert said == ["Sent 1, will retry 0, failed 0."]
    with app.app_context():
        assert db.session.scalar(sa.select(OutboxMessage.status)) == "sent"
