"""Delivering the outbox: retries with backoff, failures kept, SMTP against a real server
on loopback (aiosmtpd), and the GOV.UK Notify adapter against a stand-in API."""

import json
import socket
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import sqlalchemy as sa

from app.core import clock, outbox
from app.core.models import OutboxMessage
from app.extensions import db
from tests import factories

NOTIFY_KEY = "test_key-" + "11111111-2222-3333-4444-555555555555" + "-" + (
    "66666666-7777-8888-9999-000000000000")


class FakeBackend:
    def __init__(self, failures=()):
        self.failures = list(failures)
        self.sent = []

    def send(self, email):
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(email)

    def close(self):
        pass


def queued(app, n=1, template="new_report"):
    with app.app_context():
        for i in range(n):
            outbox.enqueue(f"team{i}@example.org", template, reference=f"REF{i}",
                           priority="high", link="http://test/staff/reports/REF")
        db.session.commit()


def messages(app):
    with app.app_context():
        rows = db.session.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)).all()
        db.session.expunge_all()
        return rows


# --- what a message may carry ---------------------------------------------------------------

def test_messages_carry_only_a_reference_a_priority_and_a_link(app):
    with app.app_context():
        with pytest.raises(ValueError, match="never report content"):
            outbox.enqueue("a@example.org", "new_report", reference="R1",
                           description="what happened")
        with pytest.raises(ValueError, match="unknown outbox template"):
            outbox.enqueue("a@example.org", "free_text", reference="R1")
        with pytest.raises(ValueError, match="short string"):
            outbox.enqueue("a@example.org", "new_report", reference="R" * 400)


def test_every_template_renders_without_any_report_content(app):
    with app.app_context():
        for name in outbox.TEMPLATES:
            email = outbox.render(OutboxMessage(id=1, to_address="a@example.org",
                                                template=name, personalisation={
                                                    "reference": "ABC123", "priority": "high",
                                                    "link": "https://site/x"}))
            assert "https://site/x" in email.body
            assert "{" not in email.subject + email.body


def test_the_reporter_is_told_there_is_an_update_never_what_it_is(app):
    with app.app_context():
        email = outbox.render(OutboxMessage(id=1, to_address="a@example.org",
                                            template="reporter_update", personalisation={
                                                "reference": "ABC123", "link": "https://s/f"}))
    assert "There is an update" in email.body
    assert "reference" in email.body and "receipt code" in email.body
    assert "never put updates in emails" in email.body


# --- retries and failures ------------------------------------------------------------------

def test_a_sent_message_is_marked_and_not_sent_again(app):
    queued(app, 2)
    backend = FakeBackend()
    with app.app_context():
        result = outbox.deliver_due(app.config, backend=backend)
        assert len(result.sent) == 2 and str(result) == "Sent 2, will retry 0, failed 0."
        assert outbox.deliver_due(app.config, backend=backend).sent == []
    assert len(backend.sent) == 2
    assert all(m.status == "sent" and m.sent_at and m.attempts == 1 for m in messages(app))


def test_a_temporary_failure_is_retried_later_with_growing_waits(app):
    queued(app)
    failures = [outbox.TemporaryFailure("server busy")] * 3
    backend = FakeBackend(failures)
    start = clock.current_time()
    waits = []
    with app.app_context():
        now = start
        for _ in range(3):
            assert outbox.deliver_due(app.config, now=now, backend=backend).retrying == [1]
            message = db.session.get(OutboxMessage, 1)
            waits.append(message.next_attempt_at - now)
            assert "server busy" in message.last_error
            # Not due yet: nothing is tried.
            not_yet = outbox.deliver_due(app.config, now=now + waits[-1] / 2, backend=backend)
            assert not_yet.retrying == []
            now = message.next_attempt_at
        assert outbox.deliver_due(app.config, now=now, backend=backend).sent == [1]
    assert waits == [timedelta(seconds=60), timedelta(seconds=120), timedelta(seconds=240)]
    [message] = messages(app)
    assert (message.status, message.attempts, message.last_error) == ("sent", 4, None)


def test_the_wait_is_capped_and_the_message_fails_after_the_last_attempt(app):
    app.config.update(OUTBOX_MAX_ATTEMPTS=3)
    assert outbox.retry_delay(30, app.config) == timedelta(seconds=3600)
    queued(app)
    backend = FakeBackend([outbox.TemporaryFailure("down")] * 5)
    with app.app_context():
        now = clock.current_time()
        for _ in range(3):
            result = outbox.deliver_due(app.config, now=now, backend=backend)
            now += timedelta(days=1)
        assert result.failed == [1]
    [message] = messages(app)
    assert (message.status, message.attempts) == ("failed", 3)
    assert "down" in message.last_error


def test_a_permanent_refusal_fails_at_once_and_status_shows_why(app):
    queued(app, 2)
    with app.app_context():
        result = outbox.deliver_due(app.config,
                                    backend=FakeBackend([outbox.PermanentFailure("no such")]))
    assert result.failed == [1] and result.sent == [2]
    assert messages(app)[0].status == "failed"
    output = app.test_cli_runner().invoke(args=["outbox", "status"]).output.splitlines()
    assert output == ["failed\t1", "sent\t1",
                      "failed #1\tnew_report\t1 attempts\tPermanentFailure: no such"]


def test_the_send_command_reports_what_happened(app):
    queued(app, 1)
    app.config.update(MAIL_PORT=free_port())  # nothing listening
    result = app.test_cli_runner().invoke(args=["outbox", "send"])
    assert result.exit_code == 0
    assert "Sent 0, will retry 1, failed 0." in result.output


# --- SMTP, against a real server on loopback ------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content,
                                                                    policy=policy.default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_port():
    return free_port()


@pytest.fixture
def smtp_server(smtp_port):
    from aiosmtpd.controller import Controller

    servers = []

    def start():
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        servers.append(controller)
        return mailbox

    yield start
    for controller in servers:
        controller.stop()


def test_a_report_gives_one_email_per_team_with_no_report_content(seeded_app, smtp_port,
                                                                  smtp_server):
    mailbox = smtp_server()
    seeded_app.config.update(MAIL_PORT=smtp_port, MAIL_FROM="inbox@sosafe.example.org")
    with seeded_app.app_context():
        report = factories.report(
            "sbc-asb", "herts-police-stevenage", risk="high", notify=True,
            answers={"what_happened": "UNIQUE-DESCRIPTION-TEXT", "where": "UNIQUE-PLACE"},
            contact={"name": "UNIQUE-NAME", "email": "reporter@example.org",
                     "phone": "07700900123"})
        reference = report.reference
        result = outbox.deliver_due(seeded_app.config)
    assert len(result.sent) == 2
    recipients = sorted(tuple(rcpts) for rcpts, _ in mailbox.messages)
    assert recipients == [("asb@sosafe.example.invalid",),
                          ("police-stevenage@sosafe.example.invalid",)]
    for _, message in mailbox.messages:
        text = message.as_string()
        body = message.get_body().get_content()
        assert reference in body and "/staff/reports/" + reference in body
        assert message["From"] == "inbox@sosafe.example.org"
        assert "high priority" in message["Subject"]
        for secret in ("UNIQUE-DESCRIPTION-TEXT", "UNIQUE-PLACE", "UNIQUE-NAME",
                       "reporter@example.org", "07700900123"):
            assert secret not in text


def test_with_the_smtp_server_down_nothing_is_lost_and_it_is_sent_when_back(
        seeded_app, smtp_port, smtp_server):
    seeded_app.config.update(MAIL_PORT=smtp_port, MAIL_TIMEOUT_SECONDS=2)
    with seeded_app.app_context():
        factories.report("sbc-asb", notify=True)
        down = outbox.deliver_due(seeded_app.config)
        assert down.sent == [] and down.retrying == [1]
        message = db.session.get(OutboxMessage, 1)
        assert message.status == "pending" and message.attempts == 1
        assert "Connection" in message.last_error or "refused" in message.last_error
        retry_at = message.next_attempt_at
    mailbox = smtp_server()
    with seeded_app.app_context():
        assert outbox.deliver_due(seeded_app.config, now=retry_at - timedelta(seconds=1)).sent == []
        assert outbox.deliver_due(seeded_app.config, now=retry_at).sent == [1]
        assert outbox.deliver_due(seeded_app.config, now=retry_at + timedelta(days=1)).sent == []
    assert len(mailbox.messages) == 1
    assert messages(seeded_app)[0].status == "sent"


# --- GOV.UK Notify ----------------------------------------------------------------------------

@pytest.fixture
def notify_api():
    """A stand-in for the Notify API: records each request and answers with ``status``."""
    calls = []
    state = {"status": 201}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            length = int(self.headers["Content-Length"])
            calls.append((self.path, self.headers["Authorization"],
                          json.loads(self.rfile.read(length))))
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            body = {"id": "x"} if state["status"] == 201 else {
                "errors": [{"error": "BadRequestError", "message": "nope"}]}
            self.wfile.write(json.dumps(body).encode())

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", calls, state
    server.shutdown()
    server.server_close()


def use_notify(app, url: str, template_ids: str) -> None:
    app.config.update(MAIL_BACKEND="notify", NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_BASE_URL=url,
                      NOTIFY_TEMPLATE_IDS=template_ids)
    queued(app)


def test_notify_sends_the_template_id_and_only_the_allowed_fields(app, notify_api):
    url, calls, _ = notify_api
    use_notify(app, url, "new_report=aaaa-1111, reporter_update=bbbb-2222")
    with app.app_context():
        assert outbox.deliver_due(app.config).sent == [1]
    [(path, authorisation, payload)] = calls
    assert path == "/v2/notifications/email"
    assert authorisation.startswith("Bearer ")
    assert payload["template_id"] == "aaaa-1111"
    assert payload["email_address"] == "team0@example.org"
    assert payload["personalisation"] == {"reference": "REF0", "priority": "high",
                                          "link": "http://test/staff/reports/REF"}
    assert payload["reference"] == "outbox-1"


@pytest.mark.parametrize("status, outcome", [(400, "failed"), (500, "pending")])
def test_notify_refusals_fail_and_outages_are_retried(app, notify_api, status, outcome):
    url, _, state = notify_api
    state["status"] = status
    use_notify(app, url, "new_report=aaaa-1111")
    with app.app_context():
        outbox.deliver_due(app.config)
    assert messages(app)[0].status == outcome
    assert f"Notify {status}" in messages(app)[0].last_error


def test_notify_without_a_template_id_fails_and_says_which(app, notify_api):
    url, calls, _ = notify_api
    use_notify(app, url, "")
    with app.app_context():
        assert outbox.deliver_due(app.config).failed == [1]
    assert calls == []
    assert "NOTIFY_TEMPLATE_IDS" in messages(app)[0].last_error


def test_the_loop_keeps_sending_until_stopped(app, monkeypatch):
    queued(app, 2)
    backend = FakeBackend()
    monkeypatch.setattr(outbox, "backend_for", lambda config: backend)
    rounds, said = [], []

    def should_stop():
        rounds.append(1)
        if len(rounds) == 2:  # a message arrives between rounds
            queued(app, 1)
        return len(rounds) > 3

    with app.app_context():
        outbox.run_forever(app.config, 0, said.append, should_stop)
    assert len(backend.sent) == 3
    assert said == ["Sent 2, will retry 0, failed 0.", "Sent 1, will retry 0, failed 0."]


def test_a_report_sent_through_the_journey_emails_each_routed_team_once(
        seeded_app, smtp_port, smtp_server):
    """The real reporting journey into the real outbox and a real SMTP server."""
    from app.reporting.models import Report
    from tests.reporting_helpers import HATE, Reporter

    mailbox = smtp_server()
    seeded_app.config.update(MAIL_PORT=smtp_port)
    reporter = Reporter(seeded_app.test_client())
    reporter.start("hate")
    reporter.walk(HATE)
    reporter.send()
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        teams = sorted(route.team.notification_email for route in report.routes)
        reference = report.reference
        assert len(outbox.deliver_due(seeded_app.config).sent) == len(teams) >= 2
    assert sorted(rcpts[0] for rcpts, _ in mailbox.messages) == teams
    for _, message in mailbox.messages:
        text = message.as_string()
        assert reference in text
        for answer in ("A group shouted threats", "Marshgate", "red coat", "religion"):
            assert answer not in text


@pytest.mark.parametrize("failures", [[], [outbox.PermanentFailure("refused")]])
def test_a_one_time_sign_in_link_is_not_kept_once_the_message_is_done(app, failures):
    """The invitation's link signs a person in: once the email is sent (or has failed for
    good) the outbox forgets it, so nobody reading the outbox later finds a working link."""
    with app.app_context():
        outbox.enqueue("new.officer@example.org", "staff_invitation",
                       link="https://sosafe.example/staff/welcome/SECRET-PART")
        db.session.commit()
        backend = FakeBackend(failures)
        outbox.deliver_due(app.config, backend=backend)
        message = db.session.scalar(sa.select(OutboxMessage))
        db.session.refresh(message)
        assert message.status == ("sent" if not failures else "failed")
        assert "SECRET-PART" not in json.dumps(message.personalisation)
        if not failures:
            assert "SECRET-PART" in backend.sent[0].body
