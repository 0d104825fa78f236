"""Reports taken by phone: a contact-centre member of staff goes through the public
journey on a caller's behalf; the report lands in the team's inbox marked "taken by phone
by" them, the reference and receipt code are shown once on a page for reading out, and
contact-centre staff never see an inbox."""

import sqlalchemy as sa

from app.extensions import db
from app.reporting import sending
from app.reporting.models import Report
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.reporting_helpers import ASB_THREATS, Reporter
from tests.staff_helpers import ASB, sign_in

CALL_TAKER = "contact.centre@example.org"


def contact_centre(people):
    with people.app_context():
        factories.staff(CALL_TAKER, "sbc-community-safety", role="contact_centre")
    client = people.test_client()
    assert sign_in(client, CALL_TAKER).status_code == 302
    return client


def take_asb_call(client, contact: dict, details: dict | None = None) -> Reporter:
    start = Page(client.get("/staff/phone/"))
    assert start.h1 == "Take a report by phone"
    form = start.soup.select_one('form[action="/staff/phone/anti-social-behaviour"]')
    token = form.select_one("input[name=csrf_token]")["value"]
    caller = Reporter(client)
    caller.page = start
    caller.post({"csrf_token": token}, url="/staff/phone/anti-social-behaviour")
    assert caller.step == "danger-now"
    assert "taking this report by phone for a caller" in caller.page.text()
    caller.walk({**ASB_THREATS, "contact": contact,
                 **({"contact-details": details} if details else {})})
    caller.send()
    return caller


def test_a_contact_centre_call_lands_in_the_asb_inbox_marked_as_taken_by_phone(
        people, signed_in):
    client = contact_centre(people)
    caller = take_asb_call(client, {"contact_wanted": "no"})
    page = caller.page
    assert page.h1 == "Read these out to the caller"
    reference = page.soup.select_one("#reference").get_text(strip=True)
    receipt = page.soup.select_one("#receipt-code").get_text(strip=True)
    # Spelled out a character at a time, a pause between groups, for reading out.
    first_group = reference.split("-")[0]
    assert f"Say: {' '.join(first_group)}, then" in page.text()

    with people.app_context():
        report = db.session.scalars(sa.select(Report).filter_by(reference=reference)).one()
        assert report.anonymous and report.contact is None  # as the caller chose
        assert report.taken_by_phone_id is not None
        assert "sbc-asb" in [r.team.slug for r in report.routes]
        assert sending.find_by_receipt(reference, receipt) is not None
        assert ("phone_report_taken", reference) in db.session.execute(
            sa.select(AuditEvent.action, AuditEvent.target)).all()

    officer = signed_in(ASB)
    inbox = Page(officer.get("/staff/inbox"))
    row = next(tr for tr in inbox.soup.select("#reports tbody tr") if reference in tr.get_text())
    assert f"Taken by phone by {CALL_TAKER}" in row.get_text(" ", strip=True)
    report_page = Page(officer.get(f"/staff/reports/{reference}"))
    assert f"Taken by phone by {CALL_TAKER}" in report_page.text()


def test_the_caller_may_give_their_details(people):
    client = contact_centre(people)
    caller = take_asb_call(client, {"contact_wanted": "yes"},
                           {"name": "Pat Caller", "phone": "07700900456"})
    reference = caller.page.soup.select_one("#reference").get_text(strip=True)
    with people.app_context():
        report = db.session.scalars(sa.select(Report).filter_by(reference=reference)).one()
        assert not report.anonymous and report.contact["name"] == "Pat Caller"


def test_contact_centre_staff_cannot_open_the_inbox_or_a_report(people):
    with people.app_context():
        theirs = factories.report("sbc-asb").reference
    client = contact_centre(people)
    for url in ("/staff/inbox", f"/staff/reports/{theirs}", "/staff/export",
                "/staff/referrals", "/staff/templates/"):
        assert client.get(url).status_code == 403, url
    home = client.get("/staff/")
    assert home.headers["Location"].endswith("/staff/phone/")
    nav = Page(client.get("/staff/phone/")).soup.select(".govuk-service-navigation a")
    assert "Inbox" not in [a.get_text(strip=True) for a in nav]


def test_an_officer_cannot_take_phone_reports_and_a_public_report_is_not_marked(
        people, signed_in, client):
    assert signed_in(ASB).get("/staff/phone/").status_code == 403
    reporter = Reporter(client)
    reporter.start("asb")
    assert "taking this report by phone" not in reporter.page.text()
    reporter.walk(ASB_THREATS)
    reporter.send()
    assert reporter.page.h1 != "Read these out to the caller"
    with people.app_context():
        assert db.session.scalars(sa.select(Report.taken_by_phone_id)).all() == [None]
