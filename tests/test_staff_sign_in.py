"""Signing in and out of the staff area: one generic message for every refusal, lock-out
after repeated failures, throttling, idle timeout, and private pages."""

import time
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent
from app.models.base import utcnow
from app.routes.staff import SEEN_KEY, SIGN_IN_PROBLEM, SIGNED_IN_KEY
from app.staff_accounts import by_email, disable_staff
from tests.conftest import Page
from tests.staff_helpers import ASB, sign_in


def refusal_text(response) -> str:
    page = Page(response)
    assert response.status_code == 400
    assert page.title.startswith("Error: ")
    summary = page.soup.select_one(".govuk-error-summary")
    assert summary is not None
    return summary.get_text(" ", strip=True)


def test_sign_in_takes_an_officer_to_their_inbox(people):
    client = people.test_client()
    response = sign_in(client, ASB, follow=True)
    page = Page(response)
    assert page.h1 == "Inbox"
    assert "Signed in as asb.officer@example.org" in page.text()
    with people.app_context():
        assert by_email(ASB).last_login_at is not None
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert "sign_in" in actions


def test_the_email_is_not_case_sensitive(people):
    assert sign_in(people.test_client(), ASB.upper()).status_code == 302


@pytest.mark.parametrize("email, password", [
    (ASB, "not the right password"),
    ("nobody@example.org", "not the right password"),
    ("nobody@example.org", "correct horse battery staple"),
])
def test_every_refusal_says_the_same_thing(people, email, password):
    text = refusal_text(sign_in(people.test_client(), email, password))
    assert SIGN_IN_PROBLEM in text


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(people, signed_in):
    client = signed_in(ASB)
    assert client.get("/staff/inbox").status_code == 200
    with people.app_context():
        disable_staff(ASB)
        db.session.commit()
    assert client.get("/staff/inbox").status_code == 302
    assert SIGN_IN_PROBLEM in refusal_text(sign_in(people.test_client(), ASB))


def test_lock_out_after_repeated_failures_with_the_same_message(people):
    client = people.test_client()
    for _ in range(5):
        assert SIGN_IN_PROBLEM in refusal_text(sign_in(client, ASB, "wrong password here"))
    # Now even the right password is refused, with the same words.
    assert SIGN_IN_PROBLEM in refusal_text(sign_in(client, ASB))
    with people.app_context():
        staff = by_email(ASB)
        assert staff.locked_until > utcnow() + timedelta(minutes=14)
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert actions.count("account_locked") == 1
        staff.locked_until = utcnow() - timedelta(seconds=1)  # the 15 minutes pass
        db.session.commit()
    assert sign_in(client, ASB).status_code == 302


def test_sign_in_is_throttled_per_client(people):
    people.config["STAFF_LOGIN_RATE_LIMIT"] = "3 per minute"
    client = people.test_client()
    statuses = [sign_in(client, "nobody@example.org", "whatever it is").status_code
                for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    page = Page(sign_in(client, ASB))
    assert page.response.status_code == 429
    assert "Too many attempts" in page.h1


def test_sign_out_clears_the_session_and_the_old_cookie_stops_working(people, signed_in):
    client = signed_in(ASB)
    stolen = client.get_cookie("sosafe_session").value
    page = Page(client.get("/staff/inbox"))
    token = page.soup.select_one('form[action="/staff/logout"] input[name=csrf_token]')["value"]
    response = client.post("/staff/logout", data={"csrf_token": token}, follow_redirects=True)
    assert "You have signed out" in Page(response).text()
    assert client.get("/staff/inbox").status_code == 302
    with client.session_transaction() as session:
        assert "_user_id" not in session
    replay = people.test_client()
    replay.set_cookie("sosafe_session", stolen)
    response = replay.get("/staff/inbox")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_sign_out_needs_a_csrf_token(people, signed_in):
    client = signed_in(ASB)
    assert client.post("/staff/logout").status_code == 400
    assert client.get("/staff/inbox").status_code == 200


def test_an_idle_session_ends(people, signed_in):
    client = signed_in(ASB)
    assert client.get("/staff/inbox").status_code == 200
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 31 * 60
    response = client.get("/staff/inbox", follow_redirects=True)
    page = Page(response)
    assert page.h1 == "Sign in to the So Safe staff area"
    assert "signed out because you had done nothing for 30 minutes" in page.text()
    assert client.get("/staff/inbox").status_code == 302


def test_a_session_ends_some_hours_after_signing_in_however_active(people, signed_in):
    client = signed_in(ASB)
    with client.session_transaction() as session:
        session[SIGNED_IN_KEY] = time.time() - 11 * 60 * 60
    assert client.get("/staff/inbox").status_code == 200
    with client.session_transaction() as session:
        session[SIGNED_IN_KEY] = time.time() - 12 * 60 * 60 - 60
        assert time.time() - session[SEEN_KEY] < 60  # busy until now
    page = Page(client.get("/staff/inbox", follow_redirects=True))
    assert page.h1 == "Sign in to the So Safe staff area"
    assert "signed out because you signed in more than 12 hours ago" in page.text()
    assert client.get("/staff/inbox").status_code == 302


def test_the_session_lifetime_is_a_setting(people, signed_in):
    people.config["STAFF_SESSION_MAX_HOURS"] = 2
    client = signed_in(ASB)
    with client.session_transaction() as session:
        session[SIGNED_IN_KEY] = time.time() - 2 * 60 * 60 - 60
    assert client.get("/staff/inbox").status_code == 302


def test_a_link_to_exit_from_another_site_does_not_sign_staff_out(people, signed_in):
    client = signed_in(ASB)
    client.get("/exit", headers={"Sec-Fetch-Site": "cross-site"})
    assert client.get("/staff/inbox").status_code == 200
    client.get("/exit", headers={"Sec-Fetch-Site": "same-origin"})
    assert client.get("/staff/inbox").status_code == 302


def test_an_active_session_carries_on(people, signed_in):
    client = signed_in(ASB)
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 29 * 60
    assert client.get("/staff/inbox").status_code == 200


def test_pages_behind_sign_in_send_you_to_sign_in_and_back(people):
    client = people.test_client()
    response = client.get("/staff/inbox?status=closed")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/staff/login?next=")
    page = Page(client.get(location))
    response = client.post(location, data=page.form_data() | {
        "email": ASB, "password": "correct horse battery staple"})
    assert response.headers["Location"] == "/staff/inbox?status=closed"


@pytest.mark.parametrize("target", [
    "https://evil.example/staff/", "//evil.example/staff/", "/report", "/\\evil.example",
    "/staff/../", "/staff/../report", "/staff/%2e%2e/report", "/staff/..%2Freport",
    "/%2F%2Fevil.example/staff/", "/staff/%5Cevil.example", "javascript:alert(1)//staff/",
    "/staff/inbox\r\nSet-Cookie: a=b", "/staff/%0D%0ASet-Cookie:%20a=b", "/staff/\x7f",
])
def test_sign_in_never_redirects_off_the_staff_area(people, target):
    client = people.test_client()
    page = Page(client.get("/staff/login"))
    response = client.post("/staff/login", query_string={"next": target}, data=page.form_data()
                           | {"email": ASB, "password": "correct horse battery staple"})
    assert response.headers["Location"] == "/staff/"


@pytest.mark.parametrize("target, lands_on", [
    ("/staff/./inbox", "/staff/inbox"),
    ("/staff/reports/../inbox?status=closed", "/staff/inbox?status=closed"),
    ("/staff/inbox?reference=%0D%0A", "/staff/inbox?reference=%0D%0A"),
    ("/staff", "/staff"),
])
def test_sign_in_goes_on_to_the_staff_page_asked_for_read_as_a_browser_would(
        people, target, lands_on):
    client = people.test_client()
    page = Page(client.get("/staff/login"))
    response = client.post("/staff/login", query_string={"next": target}, data=page.form_data()
                           | {"email": ASB, "password": "correct horse battery staple"})
    assert response.headers["Location"] == lands_on


def test_staff_pages_are_private(people, signed_in):
    anonymous = people.test_client()
    login = anonymous.get("/staff/login")
    assert login.headers["Cache-Control"] == "no-store"
    assert "noindex" in login.headers["X-Robots-Tag"]
    assert Page(login).soup.select_one('meta[name=robots]')["content"].startswith("noindex")
    client = signed_in(ASB)
    for url in ("/staff/inbox", "/staff/export", "/staff/referrals",
                "/staff/account/sign-in-codes"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url
        assert Page(response).soup.select_one('meta[name=robots]')["content"].startswith(
            "noindex"), url


def test_the_session_cookie_holds_no_address_or_browser_fingerprint(people, signed_in):
    client = signed_in(ASB)
    with client.session_transaction() as session:
        assert "_id" not in session
        assert session["_user_id"] != str(by_email_id(people))


def by_email_id(app):
    with app.app_context():
        return by_email(ASB).id
