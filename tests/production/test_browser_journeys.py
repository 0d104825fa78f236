"""The journeys that matter, in Chromium at a phone's size, through the HTTPS front in
production mode: three kinds of report sent and one followed up, the ASB officer signing
in with a code and acting on it, and a comms officer publishing a page a reader then sees.
On every page, no form control is disabled."""

import io
import time

import pyotp
import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.browser.test_reports import ASB, HATE, STALKING, press, send, start, walk
from tests.browser.test_staff import load_after, sign_in
from tests.factories import PASSWORD
from tests.production.front import DISABLED_CONTROLS

pytestmark = [pytest.mark.production, pytest.mark.browser]



def usable(page, label: str = "") -> None:
    """Every control on the page can be used (production once rendered them disabled)."""
    disabled = page.locator(DISABLED_CONTROLS)
    found = disabled.evaluate_all("controls => controls.map(c => c.outerHTML)")
    assert not found, f"{label or page.url}: disabled {found}"


def mail_to(front, address: str, reference: str, seconds: float = 15):
    """The email the outbox sender sent ``address`` about ``reference``, waiting for it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for recipients, message in list(front.mailbox.messages):
            body = message.get_content()
            if address in recipients and reference in body:
                return body
        time.sleep(0.2)
    raise AssertionError(f"no email to {address} about {reference} in {seconds} s")


def report(phone, kind: str, answers: dict) -> tuple[str, str]:
    start(phone, kind)
    walk(phone, usable, kind, answers)
    return send(phone, usable)


def follow_up(phone, reference: str, receipt: str) -> str:
    phone.goto("/follow-up")
    usable(phone, "follow up")
    phone.fill("#reference", reference)
    phone.fill("#receipt", receipt)
    press(phone)
    usable(phone, "your report")
    return phone.locator("main").inner_text()


def set_up_a_code(page) -> str:
    """Ask for a code at sign-in from now on, as an officer may; the app's secret."""
    page.goto("/staff/account/sign-in-codes")
    usable(page, "sign-in codes")
    secret = page.locator("main ol strong").inner_text().replace(" ", "")
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    load_after(page.get_by_role("button", name="Continue"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("From now on")
    return secret


def camera_photo() -> bytes:
    """A photo the size a phone sends, too big for nginx to hold in memory (16 KB): it goes
    through nginx's temporary files on its way to the app."""
    image = Image.effect_noise((1200, 900), 40).convert("RGB")
    output = io.BytesIO()
    image.save(output, "JPEG", quality=90)
    assert output.tell() > 100_000
    return output.getvalue()


def add_photo(phone) -> None:
    phone.set_input_files("#photos", files=[{"name": "photo.jpg", "mimeType": "image/jpeg",
                                             "buffer": camera_photo()}])


def test_an_asb_report_reaches_the_officer_who_signs_in_with_a_code(front_phone, browser,
                                                                     front, staff):
    reference, receipt = report(front_phone, "asb", {**ASB, "photos": add_photo})
    assert f"Your report {reference}" in follow_up(front_phone, reference, receipt)
    email = mail_to(front, "asb@sosafe.example.invalid", reference)
    assert f"{front.site_url}/staff/reports/{reference}" in email
    assert "bus stop" not in email

    officer_context = browser.new_context(base_url=front.site_url, ignore_https_errors=True,
                                          viewport={"width": 375, "height": 740},
                                          is_mobile=True)
    try:
        officer = officer_context.new_page()
        sign_in(officer, staff["officer"], PASSWORD)
        expect(officer.locator("h1")).to_have_text("Inbox")
        secret = set_up_a_code(officer)
        load_after(officer.get_by_role("button", name="Sign out"))

        sign_in(officer, staff["officer"], PASSWORD)
        expect(officer.locator("h1")).to_have_text("Enter the code from your authenticator app")
        usable(officer, "code")
        # The set-up used this 30-second step's code; the next step's is accepted too.
        officer.get_by_label("Code from your authenticator app").fill(
            pyotp.TOTP(secret).at(time.time() + 30))
        load_after(officer.get_by_role("button", name="Continue"))
        expect(officer.locator("h1")).to_have_text("Inbox")
        usable(officer, "inbox")

        load_after(officer.get_by_role("link", name=reference))
        expect(officer.locator("h1")).to_have_text(f"Report {reference}")
        expect(officer.locator("main")).to_contain_text(
            "They followed me from the bus stop and shouted.")
        photo = officer.locator("main img")
        photo.scroll_into_view_if_needed()
        assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
        usable(officer, "report")
        load_after(officer.get_by_role("button", name="Acknowledge"))
        expect(officer.locator(".govuk-notification-banner")).to_contain_text(
            "Report acknowledged")
    finally:
        officer_context.close()

    assert "Seen: a team has looked at it" in follow_up(front_phone, reference, receipt)
    assert front_phone.third_party_requests == []


def test_hate_crime_and_stalking_reports_at_phone_size(front_phone):
    for kind, answers in (("hate", HATE), ("stalking", STALKING)):
        reference, receipt = report(front_phone, kind, answers)
        assert reference and receipt, kind
    expect(front_phone.locator("main")).to_contain_text("National Stalking Helpline")
    assert front_phone.third_party_requests == []


def test_a_comms_officer_publishes_a_page_and_a_reader_sees_it(front_phone, browser, front,
                                                               staff):
    reader = front_phone
    reader.goto("/campaigns/safer-routes")
    expect(reader.locator("h1")).to_have_text("Safer Routes")
    assert "night bus" not in reader.locator("main").inner_text()

    comms_context = browser.new_context(base_url=front.site_url, ignore_https_errors=True)
    try:
        comms = comms_context.new_page()
        sign_in(comms, staff["comms"], PASSWORD)
        comms.goto("/staff/pages")
        load_after(comms.get_by_role("link", name="Safer Routes", exact=True))
        load_after(comms.get_by_role("link", name="Edit and preview the page"))
        usable(comms, "editor")
        body = comms.locator("#body")
        body.fill(body.input_value() + "\n\n## Night buses\n\nA new **night bus** stops here.\n")
        load_after(comms.get_by_role("button", name="Save"))
        expect(comms.locator(".govuk-notification-banner")).to_contain_text("saved")
        load_after(comms.get_by_role("button", name="Publish version 2 now"))
        expect(comms.locator(".govuk-notification-banner")).to_contain_text("Published")
    finally:
        comms_context.close()

    # The front keeps its copy for a second (s-maxage) and the app's other worker may have
    # stored the page for another (PUBLIC_PAGE_RECHECK_SECONDS): a reader sees the change
    # within a few seconds, as a reload finds.
    for _ in range(20):
        reader.reload()
        if "A new night bus stops here." in reader.locator("main").inner_text():
            break
        reader.wait_for_timeout(500)
    expect(reader.locator("main")).to_contain_text("A new night bus stops here.")
    assert reader.third_party_requests == []
