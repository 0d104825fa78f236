"""Connections that heal (app/web/retry.py), and error pages that never need the database
(app/web/errors.py, app/web/site_alert.py, app/web/last_resort.py)."""

import sqlalchemy as sa

from app.config import engine_options
from app.core import clock
from app.extensions import db
from app.pages import alerts
from app.reporting.models import Draft
from app.web import last_resort, retry
from tests import factories
from tests.conftest import Page
from tests.database_faults import database_away, engine_of
from tests.reporting_helpers import ASB_THREATS, Reporter, jpeg_file


def drafts(app) -> list[Draft]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(Draft)))
        db.session.expunge_all()
        return found


# --- connections ----------------------------------------------------------------------------

def test_pooled_connections_are_tested_before_use(app):
    with app.app_context():
        assert db.engine.pool._pre_ping


def test_postgresql_waits_are_bounded_and_pre_ping_cannot_be_lost():
    options = engine_options("postgresql+psycopg://db/sosafe", {}, 5, 10)
    assert options == {"pool_pre_ping": True, "pool_timeout": 10,
                       "connect_args": {"connect_timeout": 5}}
    assert engine_options("sqlite:///x.db", {"echo": False}) == {"pool_pre_ping": True,
                                                                 "echo": False}


def test_a_page_whose_connection_dropped_is_fetched_again(seeded_app, client, caplog):
    with database_away(engine_of(seeded_app), failures=1) as tried:
        response = client.get("/campaigns")
    assert response.status_code == 200
    assert len(tried) > 1
    assert any("trying once more" in record.getMessage() for record in caplog.records)


def test_saving_answers_is_tried_again_after_a_dropped_connection(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    with database_away(engine_of(seeded_app), failures=1):
        response = reporter.post(ASB_THREATS["danger-now"])
    assert response.status_code == 302
    assert [d.answers for d in drafts(seeded_app)] == [{"danger_now": "no"}]


def test_a_photo_upload_is_not_run_twice(seeded_app, client):
    """Its upload has been read: the person is asked to try again instead."""
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    with database_away(engine_of(seeded_app), failures=1) as tried:
        response = reporter.post({"photos": [(jpeg_file(), "IMG_1.jpg")]},
                                 content_type="multipart/form-data")
    assert response.status_code == 503 and len(tried) == 1


def test_a_request_that_committed_a_change_is_never_run_again(app, client):
    calls = []

    def saves_then_loses_the_connection():
        calls.append(1)
        db.session.add(Draft(id=f"draft-{len(calls)}", kind="asb", answers={}))
        db.session.commit()
        db.session.execute(sa.text("SELECT 'after the save'"))
        return "done"

    app.add_url_rule("/_test/saves", view_func=retry.retrying(saves_then_loses_the_connection))
    with database_away(engine_of(app), only="after the save"):
        response = client.get("/_test/saves")
    assert response.status_code == 503
    assert calls == [1] and [d.id for d in drafts(app)] == ["draft-1"]


def test_closing_a_session_whose_connection_died_does_not_escape(app, monkeypatch):
    closed = []
    remove = db.session.remove

    def dies_once():
        closed.append(1)
        if len(closed) == 1:
            raise sa.exc.OperationalError("ROLLBACK", {}, Exception("terminating connection"))
        remove()

    monkeypatch.setattr(db.session, "remove", dies_once)
    assert app.test_client().get("/no-such-page").status_code == 404
    assert len(closed) >= 2


# --- pages while the database is away -------------------------------------------------------

def test_the_503_page_asks_nothing_of_the_database_and_keeps_the_banner(seeded_app, client):
    with seeded_app.app_context():
        comms = factories.staff("comms@example.org", role="comms")
        alerts.set_alert("Scam calls claiming to be the council", "warning", None, comms,
                         clock.current_time())
        db.session.commit()
    assert "Scam calls" in Page(client.get("/")).text()  # read, and remembered
    with database_away(engine_of(seeded_app)) as tried:
        response = client.get("/campaigns")
        tried_by_the_view = len(tried)
    page = Page(response)
    assert response.status_code == 503 and response.headers["Retry-After"] == "60"
    assert page.title.endswith("– So Safe Stevenage")
    assert "Wait a minute, then try again" in page.text()
    assert "999" in page.text() and "press 55" in page.text()
    assert "Scam calls claiming to be the council" in page.text()
    assert page.soup.select_one("nav a[href='/report']")
    # Two tries of the view (the first and one more); the error page added none.
    assert tried_by_the_view == 2


def test_healthz_says_503_while_the_database_is_away(app, client):
    with database_away(engine_of(app)):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}
    assert client.get("/healthz").status_code == 200


def test_an_error_outside_the_views_still_gets_our_page(app, client):
    @app.teardown_request
    def broken(exception):
        raise RuntimeError("a bug in a teardown")

    response = client.get("/")
    page = Page(response)
    assert response.status_code == 500
    assert page.h1 == "Sorry, there is a problem with the service"
    assert "press 55" in page.text()
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]


def test_if_even_our_page_cannot_render_the_plain_one_still_helps(app, client, monkeypatch):
    @app.teardown_request
    def broken(exception):
        raise RuntimeError("a bug in a teardown")

    def cannot_render(*args, **kwargs):
        raise RuntimeError("templates missing")

    monkeypatch.setattr(last_resort, "render_template", cannot_render)
    response = client.get("/")
    assert response.status_code == 500
    assert "call 999" in response.get_data(as_text=True)
