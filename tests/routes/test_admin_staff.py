"""Staff accounts in the browser: an invitation sends a one-time link and no password, the
link works once, roles change, accounts are disabled and enabled, a lost code is forgotten,
and the last sign-in shows."""

import re

import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.extensions import db
from app.staff.accounts import by_email
from app.staff.models import AuditEvent
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, post_form, sign_in

INVITE = "/staff/admin/staff/invite"
NEW = "new.officer@example.org"
PASSWORD = "correct horse battery staple"


def invite(admin, **fields):
    return post_form(admin, INVITE, INVITE,
                     {"email": NEW, "team": "sbc-asb", "role": "officer", **fields})


def the_link(app) -> str:
    with app.app_context():
        message = db.session.scalars(sa.select(OutboxMessage).filter_by(
            to_address=NEW, template="staff_invitation").order_by(OutboxMessage.id.desc())
        ).first()
        return message.personalisation["link"]


def test_an_invitation_is_a_one_time_link_and_never_a_password(signed_in, people):
    admin = signed_in(ADMIN)
    assert signed_in(ASB).get(INVITE).status_code == 403
    response = invite(admin)
    assert response.status_code == 302
    link = the_link(people)
    assert re.match(r"^http://127\.0\.0\.1:5000/staff/welcome/[A-Za-z0-9_-]{40,}$", link)
    with people.app_context():
        message = db.session.scalars(sa.select(OutboxMessage).filter_by(to_address=NEW)).one()
        assert set(message.personalisation) == {"link"}
        staff = by_email(NEW)
        assert link.rsplit("/", 1)[1] not in (staff.sign_in_link_hash or "")
    newcomer = people.test_client()
    assert sign_in(newcomer, NEW, PASSWORD).status_code == 400  # no password yet

    path = "/staff/welcome/" + link.rsplit("/", 1)[1]
    page = Page(post_form(newcomer, path, path, {"password": "short", "confirm": "short"}))
    assert page.title.startswith("Error: ") and "at least 12" in page.text()
    response = post_form(newcomer, path, path, {"password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/staff/login")
    assert newcomer.get(path).status_code == 404  # used once
    assert sign_in(newcomer, NEW, PASSWORD).status_code == 302
    response = admin.get("/staff/admin/staff/")
    row = next(r for r in Page(response).soup.select("#accounts tbody tr") if NEW in r.text)
    assert "Never" not in row.text

    response = invite(admin)
    assert "already an account" in Page(response).soup.select_one("#email-error").text
    response = invite(admin, email="not an address")
    assert response.status_code == 400


def test_role_disable_enable_and_forgetting_a_code(signed_in, people):
    admin = signed_in(ADMIN)
    officer = signed_in(ASB)
    with people.app_context():
        staff_id = by_email(ASB).id
        admin_id = by_email(ADMIN).id
    url = f"/staff/admin/staff/{staff_id}"
    response = post_form(admin, url, url, {"role": "comms"}, follow=True)
    assert "is now comms" in Page(response).text()
    assert officer.get("/staff/inbox").status_code == 302  # signed out: sign in again
    post_form(admin, url, f"{url}/disable", {})
    with people.app_context():
        assert not by_email(ASB).active
    assert sign_in(people.test_client(), ASB).status_code == 400  # refused
    post_form(admin, url, f"{url}/enable", {})
    assert sign_in(people.test_client(), ASB).status_code == 302
    with people.app_context():
        by_email(ASB).totp_secret = "JBSWY3DPEHPK3PXP"
        db.session.commit()
    post_form(admin, url, f"{url}/reset-code", {})
    with people.app_context():
        assert by_email(ASB).totp_secret is None
        actions = list(db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.target == ASB, AuditEvent.staff_id == admin_id)
            .order_by(AuditEvent.id)))
        assert actions == ["staff_role_changed", "staff_disabled", "staff_enabled",
                           "totp_reset"]
    history = Page(admin.get(url)).soup.select_one("#history").text
    assert "staff_role_changed" in history and "(officer to comms)" in history

    own = f"/staff/admin/staff/{admin_id}"
    response = post_form(admin, own, f"{own}/disable", {}, follow=True)
    assert "cannot disable your own account" in Page(response).text()
    assert admin.post(f"{url}/explode").status_code in (400, 404)
    assert admin.get("/staff/admin/staff/999999").status_code == 404
    assert people.test_client().get("/staff/welcome/made-up").status_code == 404
