"""Codes from an authenticator app at sign-in: optional for a person, required by a team."""

import time

import pyotp
import pytest

from app import totp
from app.extensions import db
from app.routes.staff import SIGN_IN_PROBLEM
from app.staff_accounts import by_email
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ASB, sign_in

POLICE = "police.officer@example.org"


def test_a_code_is_accepted_once_and_for_a_step_either_side():
    secret = totp.new_secret()
    now = time.time()
    code = pyotp.TOTP(secret).at(now)
    step = totp.verify(secret, code, None, now=now)
    assert step == int(now // 30)
    assert totp.verify(secret, code, step, now=now) is None  # no replay
    assert totp.verify(secret, pyotp.TOTP(secret).at(now - 30), None, now=now) is not None
    assert totp.verify(secret, pyotp.TOTP(secret).at(now - 90), None, now=now) is None
    assert totp.verify(secret, "12345", None, now=now) is None
    assert totp.verify(secret, "", None, now=now) is None


def test_the_qr_code_is_drawn_here_as_svg_with_a_name():
    svg = totp.qr_svg(totp.provisioning_uri(totp.new_secret(), "a@example.org"))
    assert svg.startswith("<svg ") and 'role="img"' in svg and "aria-label=" in svg
    assert "http" not in svg.split(">", 1)[0].replace("http://www.w3.org", "")


def set_up_page_secret(page: Page) -> str:
    strong = page.soup.find("strong", string=lambda s: s and len(s.replace(" ", "")) >= 16)
    return strong.get_text().replace(" ", "")


def post_code(client, url: str, code: str, prefix: str = ""):
    page = Page(client.get(url))
    return client.post(url, data=page.form_data() | {f"{prefix}code": code})


@pytest.fixture
def police(people):
    with people.app_context():
        factories.staff(POLICE, "herts-police-stevenage")
    return people


def test_a_team_that_requires_codes_makes_you_set_one_up(police):
    client = police.test_client()
    response = sign_in(client, POLICE)
    assert response.headers["Location"] == "/staff/login/set-up-code"
    # Not signed in yet.
    assert client.get("/staff/inbox").status_code == 302
    page = Page(client.get("/staff/login/set-up-code"))
    assert page.soup.select_one("svg[role=img]") is not None
    assert not page.soup.select("img[src^=http]")
    secret = set_up_page_secret(page)
    wrong = post_code(client, "/staff/login/set-up-code", "000000")
    assert wrong.status_code == 400 and "The code is not right" in Page(wrong).text()
    response = post_code(client, "/staff/login/set-up-code", pyotp.TOTP(secret).now())
    assert response.status_code == 302
    assert client.get("/staff/inbox").status_code == 200
    with police.app_context():
        staff = by_email(POLICE)
        assert staff.totp_secret == secret and staff.totp_pending_secret is None


def test_with_codes_set_up_sign_in_asks_for_one_and_refuses_a_replay(police):
    with police.app_context():
        staff = by_email(POLICE)
        staff.totp_secret = secret = totp.new_secret()
        db.session.commit()
    client = police.test_client()
    assert sign_in(client, POLICE).headers["Location"] == "/staff/login/code"
    code = pyotp.TOTP(secret).now()
    assert post_code(client, "/staff/login/code", code).status_code == 302
    assert client.get("/staff/inbox").status_code == 200

    other = police.test_client()
    sign_in(other, POLICE)
    replay = post_code(other, "/staff/login/code", code)
    assert replay.status_code == 400
    assert other.get("/staff/inbox").status_code == 302


def test_wrong_codes_count_towards_the_lock_out(police):
    with police.app_context():
        staff = by_email(POLICE)
        staff.totp_secret = secret = totp.new_secret()
        db.session.commit()
    client = police.test_client()
    sign_in(client, POLICE)
    for _ in range(4):
        assert post_code(client, "/staff/login/code", "000000").status_code == 400
    locked = post_code(client, "/staff/login/code", "000000")
    assert locked.headers["Location"] == "/staff/login"
    assert SIGN_IN_PROBLEM in Page(client.get("/staff/login")).text()
    # Locked: even the right password and code do not get in.
    again = sign_in(client, POLICE)
    assert again.status_code == 400
    assert client.get("/staff/login/code").headers["Location"] == "/staff/login"
    del secret


def test_the_code_step_needs_a_password_first(police):
    client = police.test_client()
    assert client.get("/staff/login/code").headers["Location"] == "/staff/login"
    assert client.get("/staff/login/set-up-code").headers["Location"] == "/staff/login"


def test_anyone_can_choose_codes_and_turn_them_off_when_not_required(people, signed_in):
    client = signed_in(ASB)
    page = Page(client.get("/staff/account/sign-in-codes"))
    assert page.h1 == "Ask for a code when I sign in"
    secret = set_up_page_secret(page)
    response = post_code(client, "/staff/account/sign-in-codes", pyotp.TOTP(secret).now(),
                         prefix="code-")
    assert response.status_code == 302
    page = Page(client.get("/staff/account/sign-in-codes"))
    assert "You are asked for a code" in page.text()

    fresh = people.test_client()
    assert sign_in(fresh, ASB).headers["Location"] == "/staff/login/code"

    data = page.form_data("main form")
    refused = client.post("/staff/account/sign-in-codes", data=data | {"off-code": "000000"})
    assert refused.status_code == 400
    with people.app_context():
        assert by_email(ASB).totp_secret == secret
    later = pyotp.TOTP(secret).at(time.time() + 30)  # the code already used is spent
    client.post("/staff/account/sign-in-codes", data=data | {"off-code": later})
    with people.app_context():
        assert by_email(ASB).totp_secret is None


def test_one_code_posted_at_once_from_several_sessions_signs_in_once(police, monkeypatch):
    """Each request checks the code before any of them records it, as parallel requests
    to different workers would; only one may get in."""
    import threading

    with police.app_context():
        staff = by_email(POLICE)
        staff.totp_secret = secret = totp.new_secret()
        db.session.commit()
    clients = [police.test_client() for _ in range(3)]
    forms = []
    for client in clients:
        assert sign_in(client, POLICE).headers["Location"] == "/staff/login/code"
        forms.append(Page(client.get("/staff/login/code")).form_data())
    everyone_checked = threading.Barrier(len(clients), timeout=10)
    real_verify = totp.verify

    def verify_then_wait(*args, **kwargs):
        step = real_verify(*args, **kwargs)
        everyone_checked.wait()
        return step

    monkeypatch.setattr(totp, "verify", verify_then_wait)
    code = pyotp.TOTP(secret).now()
    results = []

    def post(client, form):
        results.append(client.post("/staff/login/code", data=form | {"code": code}).status_code)

    pairs = zip(clients, forms, strict=True)
    threads = [threading.Thread(target=post, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [302, 400, 400]
    assert sum(c.get("/staff/inbox").status_code == 200 for c in clients) == 1
