"""The staff area in a phone-sized browser: sign in, triage, post a public update and
forward a report, with axe-core checking every staff page and its error states."""

import pyotp
import pytest

from tests import factories
from tests.staff_helpers import ADMIN, ASB

pytestmark = pytest.mark.browser


def load_after(locator) -> None:
    """Click and wait for the next page to finish loading, so no request of the page is
    cut off half-way by the next step (the test server then leaves a file open)."""
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()


def sign_in(phone, email: str, password: str = factories.PASSWORD) -> None:
    phone.goto("/staff/login")
    phone.get_by_label("Email address").fill(email)
    phone.get_by_label("Password", exact=True).fill(password)
    load_after(phone.get_by_role("button", name="Sign in"))


def test_sign_in_triage_update_and_forward_at_phone_size(people, phone, assert_accessible):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001", risk="high", photos=1,
                         contact={"name": "Ann", "email": "ann@example.org"},
                         wants_updates_by_email=True)
        factories.report("sbc-asb", reference="ASB0002", age_days=10)

    phone.goto("/staff/login")
    assert_accessible(phone, "sign in")
    sign_in(phone, ASB, "not the password at all")
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "sign in with an error")

    sign_in(phone, ASB)
    assert phone.locator("h1").inner_text() == "Inbox"
    rows = phone.locator("#reports tbody tr")
    assert rows.nth(0).inner_text().startswith("ASB0001")  # high risk first
    assert "Overdue" in rows.nth(1).inner_text()
    assert_accessible(phone, "inbox")
    phone.get_by_text("Filter and search").click()
    assert_accessible(phone, "inbox with filters open")

    load_after(phone.get_by_role("link", name="ASB0001"))
    assert phone.locator("h1").inner_text() == "Report ASB0001"
    photo = phone.locator("main img")
    photo.scroll_into_view_if_needed()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 8
    assert_accessible(phone, "report")

    load_after(phone.get_by_role("link", name="Post an update for the reporter"))
    assert_accessible(phone, "post an update")
    load_after(phone.get_by_role("button", name="Post update"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "post an update with an error")
    phone.get_by_role("link", name="Enter the update").click()
    phone.get_by_label("Update for the person who reported it").fill(
        "We have visited and spoken to the people involved.")
    load_after(phone.get_by_role("button", name="Post update"))
    assert "Update posted" in phone.locator(".govuk-notification-banner").inner_text()

    load_after(phone.get_by_role("button", name="Acknowledge"))
    assert "Report acknowledged" in phone.locator(".govuk-notification-banner").inner_text()

    load_after(phone.get_by_role("link", name="Forward to another team"))
    phone.get_by_label("Team to forward to").select_option("sbc-sada")
    phone.get_by_label("Why are you forwarding it?").fill("Partner abuse disclosed")
    phone.get_by_role("group", name="Should your team still be able to read it?") \
        .get_by_label("No").check()
    load_after(phone.get_by_role("button", name="Forward"))
    assert phone.locator("h1").inner_text() == "Inbox"
    assert "ASB0001" not in phone.locator("main").inner_text()

    for path, label in [("/staff/export", "export"), ("/staff/referrals", "referrals"),
                        ("/staff/account/sign-in-codes", "sign-in codes set-up")]:
        phone.goto(path)
        assert_accessible(phone, label)
    phone.goto("/staff/export?received_from=&received_to=2026-01-01")
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "export with an error")

    load_after(phone.get_by_role("button", name="Sign out"))
    assert "You have signed out" in phone.locator("main").inner_text()
    phone.goto("/staff/inbox")
    assert phone.url.split("?")[0].endswith("/staff/login")
    assert phone.third_party_requests == []


def test_the_code_pages_and_the_audit_log_at_phone_size(people, phone, assert_accessible):
    with people.app_context():
        factories.staff("police.officer@example.org", "herts-police-stevenage")
    sign_in(phone, "police.officer@example.org")
    assert phone.locator("h1").inner_text() == "Set up a code for signing in"
    assert phone.locator("svg[role=img]").count() == 1
    assert_accessible(phone, "code set-up")
    load_after(phone.get_by_role("button", name="Continue"))
    assert_accessible(phone, "code set-up with an error")
    secret = phone.locator("main strong").first.inner_text().replace(" ", "")
    phone.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    load_after(phone.get_by_role("button", name="Continue"))
    assert phone.locator("h1").inner_text() == "Inbox"
    load_after(phone.get_by_role("button", name="Sign out"))

    sign_in(phone, "police.officer@example.org")
    assert phone.locator("h1").inner_text() == "Enter the code from your authenticator app"
    assert_accessible(phone, "code")
    assert phone.get_by_role("button", name="Sign out").count() == 0  # not signed in yet

    admin = phone.context.new_page()
    admin.goto("/staff/login")
    admin.get_by_label("Email address").fill(ADMIN)
    admin.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    load_after(admin.get_by_role("button", name="Sign in"))
    admin.goto("/staff/admin/audit")
    assert admin.locator("h1").inner_text() == "Audit log"
    assert_accessible(admin, "audit log")
    admin.close()
    assert phone.third_party_requests == []


def test_a_reporter_reads_a_public_update_through_follow_up(people, browser, live_server, phone,
                                                          assert_accessible):
    """End to end: a resident sends a report through the journey, an ASB officer triages it
    and posts an update at phone size, and the resident reads it with reference and receipt."""
    from tests.browser.chromium import PHONE
    from tests.reporting_helpers import ASB_THREATS, Reporter

    reporter = Reporter(people.test_client())
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    reporter.send()
    reference = reporter.page.soup.select_one(".app-reference").get_text(strip=True)
    receipt = reporter.page.soup.select_one("#receipt-code").get_text(strip=True)

    sign_in(phone, ASB)
    load_after(phone.get_by_role("link", name=reference))
    report_text = phone.locator("main").inner_text()
    assert "A group shouted threats at my door again." in report_text
    assert "What is happening" in report_text  # the question as the resident saw it
    assert "asb_what" not in report_text
    load_after(phone.get_by_role("button", name="Acknowledge"))
    load_after(phone.get_by_role("link", name="Change status"))
    load_after(phone.get_by_role("button", name="In progress"))
    load_after(phone.get_by_role("link", name="Add an internal note"))
    phone.get_by_label("Internal note").fill("Known address; PCSO to visit.")
    load_after(phone.get_by_role("button", name="Add note"))
    load_after(phone.get_by_role("link", name="Post an update for the reporter"))
    phone.get_by_label("Update for the person who reported it").fill(
        "An officer will visit the area this week.")
    load_after(phone.get_by_role("button", name="Post update"))
    assert_accessible(phone, "report with its history")

    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True)
    try:
        resident = context.new_page()
        resident.goto("/follow-up")
        resident.get_by_label("Reference").fill(reference)
        resident.get_by_label("Receipt code").fill(receipt)
        load_after(resident.get_by_role("button", name="Continue"))
        text = resident.locator("main").inner_text()
        assert f"Your report {reference}" in text
        assert "In progress: a team is dealing with it" in text
        assert "An officer will visit the area this week." in text
        assert "PCSO" not in text  # internal notes stay internal
        assert_accessible(resident, "follow-up with an update")
    finally:
        context.close()
    assert phone.third_party_requests == []
