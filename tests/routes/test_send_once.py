"""A report is confirmed exactly when it is stored: the confirmation needs nothing more from
the database, a send repeated because its answer never arrived finds the report made from
that draft (never a second one), and a failed send keeps the draft."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.reporting import sending
from app.reporting.models import Draft, Report
from app.reporting.retention import purge
from tests.conftest import Page
from tests.database_faults import database_away, engine_of
from tests.reporting_helpers import ASB_THREATS, STALKING, Reporter

CHECK = "/report/anti-social-behaviour/check-your-answers"


def reports(app) -> list[Report]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Report)))
        db.session.expunge_all()
        return found


def confirmation(page: Page) -> tuple[str, str]:
    return (page.soup.select_one(".app-reference").get_text(strip=True),
            page.soup.select_one("#receipt-code").get_text(strip=True))


def ready_to_send(client, kind="asb", answers=ASB_THREATS) -> Reporter:
    reporter = Reporter(client)
    reporter.start(kind)
    reporter.walk(answers)
    return reporter


def test_a_send_whose_answer_was_lost_shows_the_report_again_with_a_new_receipt(
        seeded_app, client):
    reporter = ready_to_send(client)
    token = reporter.token()
    before = client.get_cookie("sosafe_session").value
    assert reporter.send().status_code == 200
    reference, receipt = confirmation(reporter.page)
    # The answer never arrived: the phone still holds the session from before the send,
    # and the person presses Send report again.
    client.set_cookie("sosafe_session", before)
    again = Page(client.post(CHECK, data={"csrf_token": token}))
    assert again.response.status_code == 200
    new_reference, new_receipt = confirmation(again)
    assert new_reference == reference and new_receipt != receipt
    assert "You had already sent this report" in again.text()
    assert "The code shown before no longer works" in again.text()
    assert [r.reference for r in reports(seeded_app)] == [reference]
    with seeded_app.app_context():
        assert sending.find_by_receipt(reference, receipt) is None
        assert sending.find_by_receipt(reference, new_receipt).reference == reference


def test_a_send_after_the_confirmation_was_seen_has_nothing_to_send(seeded_app, client):
    reporter = ready_to_send(client)
    token = reporter.token()
    reporter.send()
    again = client.post(CHECK, data={"csrf_token": token})
    assert again.status_code == 410
    assert len(reports(seeded_app)) == 1


def test_a_repeated_send_is_honoured_only_while_a_draft_would_be_kept(seeded_app, client):
    reporter = ready_to_send(client)
    with client.session_transaction() as session:
        draft_id = session["draft_id"]
    reporter.send()
    [report] = reports(seeded_app)
    with seeded_app.app_context():
        late = report.created_at + timedelta(minutes=61)
        content_dir = seeded_app.config["CONTENT_DIR"]
        assert sending.send_again(draft_id, within_minutes=60, now=late,
                                  content_dir=content_dir) is None
        assert sending.send_again(draft_id, within_minutes=60, content_dir=content_dir,
                                  now=late - timedelta(minutes=2)).reference == \
            report.reference
        # The retention purge forgets which draft it came from once that time is over.
        purge(draft_idle_minutes=60, retention_months=12, now=late)
        assert db.session.get(Report, report.id).sent_from_draft is None


def test_two_sends_of_one_draft_at_the_same_moment_make_one_report(
        seeded_app, client, monkeypatch):
    real_send = sending.send

    def the_other_request_stored_it_first(draft, **kwargs):
        real_send(draft, **kwargs)
        raise sa.exc.IntegrityError("INSERT INTO report", {}, Exception(
            "duplicate key value violates unique constraint uq_report_sent_from_draft"))

    reporter = ready_to_send(client)
    monkeypatch.setattr(sending, "send", the_other_request_stored_it_first)
    response = reporter.send()
    assert response.status_code == 200
    assert confirmation(reporter.page)[0] == reports(seeded_app)[0].reference
    assert len(reports(seeded_app)) == 1


def test_once_stored_a_report_is_confirmed_even_if_the_database_goes_at_once(
        seeded_app, client, monkeypatch):
    real_send = sending.send
    away = database_away(engine_of(seeded_app))

    def stored_then_the_database_goes(draft, **kwargs):
        sent = real_send(draft, **kwargs)
        away.start()
        return sent

    reporter = ready_to_send(client, "stalking", {
        **STALKING, "who-is-doing-it": {"relationship": "former_partner"}})
    monkeypatch.setattr(sending, "send", stored_then_the_database_goes)
    try:
        response = reporter.send()
    finally:
        away.stop()
    assert response.status_code == 200, response.status_code
    reference, receipt = confirmation(reporter.page)
    assert reference == reports(seeded_app)[0].reference and receipt
    assert "Who we sent it to" in reporter.page.text()
    assert "Survivors Against Domestic Abuse" in reporter.page.text()  # signposting
    assert away.tried == []  # nothing at all was asked of the database after the commit


def test_a_failed_send_keeps_the_answers_and_shows_them_without_the_database(
        seeded_app, client, monkeypatch):
    reporter = ready_to_send(client)
    away = database_away(engine_of(seeded_app))

    def commit_fails_and_the_database_goes():
        away.start()
        raise sa.exc.OperationalError("COMMIT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(sending.db.session, "commit", commit_fails_and_the_database_goes)
    try:
        response = reporter.send()
    finally:
        away.stop()
        monkeypatch.undo()
    # Storing was tried once more (its first statement failed: the database was away);
    # then the page was shown from what was read before the send.
    assert response.status_code == 503 and len(away.tried) == 1
    assert "Your report has not been sent yet" in reporter.page.text()
    assert "Outside the shops on Marshgate" in reporter.page.text()
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Draft.id))) == 1
    assert reporter.send().status_code == 200
    assert len(reports(seeded_app)) == 1


def test_a_send_whose_commit_went_through_but_whose_answer_was_lost_is_found(
        seeded_app, client, monkeypatch):
    """The database stored the report, then the connection dropped before it said so:
    storing is tried once more, finds the report, and confirms it."""
    reporter = ready_to_send(client)
    dialect = engine_of(seeded_app).dialect
    commit, lost = dialect.do_commit, []

    def commits_then_the_connection_drops(dbapi_connection):
        commit(dbapi_connection)
        if not lost:
            lost.append(1)
            raise dialect.loaded_dbapi.OperationalError("server closed the connection "
                                                        "unexpectedly")

    monkeypatch.setattr(dialect, "do_commit", commits_then_the_connection_drops)
    response = reporter.send()
    monkeypatch.undo()
    assert lost and response.status_code == 200
    reference, receipt = confirmation(reporter.page)
    assert "You had already sent this report" in reporter.page.text()
    assert [r.reference for r in reports(seeded_app)] == [reference]
    with seeded_app.app_context():
        assert sending.find_by_receipt(reference, receipt).reference == reference
