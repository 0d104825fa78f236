"""Public pages are the same bytes for everyone, served from the page store without Flask,
and a change shows at once (app/web/page_store.py)."""

import pytest
from flask import request_started

from app.web import page_store
from tests.routes.test_publishing import open_editor, page_id, publish, save

SAFER_ROUTES = "/campaigns/safer-routes"


@pytest.fixture
def store(seeded_app):
    """The page store with stored pages served for a minute, as a busy worker would."""
    store = seeded_app.extensions["page_store"]
    store.recheck_seconds = 60
    return store


@pytest.fixture
def flask_requests(seeded_app):
    """The paths of the requests that reached Flask."""
    seen = []

    def record(sender, **extra):
        from flask import request

        seen.append(request.path)

    request_started.connect(record, seeded_app)
    yield seen
    request_started.disconnect(record, seeded_app)


def test_two_requests_get_identical_bytes_and_the_second_never_reaches_flask(
    store, seeded_app, flask_requests
):
    client = seeded_app.test_client()
    first, second = client.get(SAFER_ROUTES), client.get(SAFER_ROUTES)
    assert first.status_code == second.status_code == 200
    assert first.get_data() == second.get_data()
    assert first.headers == second.headers
    assert flask_requests == [SAFER_ROUTES]
    assert "Set-Cookie" not in second.headers


def test_a_publish_changes_the_page_at_once(store, seeded_app, comms):
    reader = seeded_app.test_client()
    before = reader.get(SAFER_ROUTES).get_data(as_text=True)
    assert reader.get(SAFER_ROUTES).get_data(as_text=True) == before  # stored

    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"body": fields["body"] + "\n\nA new night bus runs.\n"})
    publish(comms, pid)

    after = reader.get(SAFER_ROUTES)
    assert "A new night bus runs." in after.get_data(as_text=True)
    assert reader.get(SAFER_ROUTES).get_data() == after.get_data()


def test_a_stored_page_is_checked_again_after_the_recheck_time(
    store, seeded_app, flask_requests, monkeypatch
):
    client = seeded_app.test_client()
    now = [1000.0]
    monkeypatch.setattr(page_store.time, "monotonic", lambda: now[0])
    store.recheck_seconds = 1
    first = client.get(SAFER_ROUTES)
    now[0] += 0.5
    client.get(SAFER_ROUTES)
    assert flask_requests == [SAFER_ROUTES]
    now[0] += 1
    again = client.get(SAFER_ROUTES)
    assert flask_requests == [SAFER_ROUTES, SAFER_ROUTES]
    assert again.get_data() == first.get_data()


def test_the_store_answers_if_none_match_and_head(store, seeded_app, flask_requests):
    client = seeded_app.test_client()
    first = client.get(SAFER_ROUTES)
    not_modified = client.get(SAFER_ROUTES, headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.status_code == 304 and not_modified.get_data() == b""
    assert not_modified.headers["ETag"] == first.headers["ETag"]
    assert "Content-Security-Policy" not in not_modified.headers
    head = client.head(SAFER_ROUTES)
    assert head.status_code == 200 and head.get_data() == b""
    assert head.headers["Content-Length"] == first.headers["Content-Length"]
    assert flask_requests == [SAFER_ROUTES]


@pytest.mark.parametrize("url", ["/report", "/follow-up", "/staff/login"])
def test_pages_for_one_person_are_never_stored(store, seeded_app, flask_requests, url):
    client = seeded_app.test_client()
    first, second = client.get(url), client.get(url)
    assert flask_requests == [url, url]
    assert first.get_data() != second.get_data()  # a fresh nonce each time
    assert not store.pages


def test_another_host_is_refused_however_the_page_is_stored(store, seeded_app):
    client = seeded_app.test_client()
    client.get(SAFER_ROUTES)
    seeded_app.config["TRUSTED_HOSTS"] = ["localhost"]
    response = client.get(SAFER_ROUTES, headers={"Host": "evil.example"})
    assert response.status_code == 400


def test_while_one_request_rechecks_a_page_the_others_get_the_stored_bytes(
    store, seeded_app, flask_requests, monkeypatch
):
    client = seeded_app.test_client()
    now = [1000.0]
    monkeypatch.setattr(page_store.time, "monotonic", lambda: now[0])
    store.recheck_seconds = 1
    first = client.get(SAFER_ROUTES)
    now[0] += 2
    key = next(iter(store.pages))
    store.rechecking[key] = now[0]  # another thread is asking Flask right now
    assert client.get(SAFER_ROUTES).get_data() == first.get_data()
    assert flask_requests == [SAFER_ROUTES]
    now[0] += page_store.RECHECK_TIMEOUT + 1  # that request never came back
    client.get(SAFER_ROUTES)
    assert flask_requests == [SAFER_ROUTES, SAFER_ROUTES]
    assert not store.rechecking
