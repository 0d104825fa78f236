"""The officer's day at a desktop's 1366 px: acknowledge, assign to self, post an update
from a template and close with an outcome, each at most two clicks from the report page
and back to it with a success banner; the inbox's full-width columns; the new staff pages
and their error states checked by axe; and a phone report taken by the contact centre."""

import pytest

from tests import factories
from tests.browser.chromium import open_page
from tests.browser.test_reports import ASB as ASB_ANSWERS
from tests.browser.test_reports import press, walk
from tests.staff_helpers import ADMIN, ASB

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 768}
REFERENCE = "FHGN-TMDH"


@pytest.fixture
def desktop(browser, live_server):
    page = open_page(browser, live_server, viewport=DESKTOP)
    yield page
    page.context.close()


class Clicks:
    """Counts the clicks an action takes from the report page, and waits for each page."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def __call__(self, locator) -> None:
        self.count += 1
        with self.page.expect_navigation(wait_until="load"):
            locator.click()


def sign_in(page, email: str) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Sign in").click()


def action_from_report(page, report_url: str, steps, banner: str) -> None:
    """Do one action from the report page: at most 2 clicks, back to the same report with
    a success banner."""
    page.goto(report_url)
    clicks = Clicks(page)
    steps(page, clicks)
    assert clicks.count <= 2, f"{banner}: {clicks.count} clicks"
    assert page.url.endswith(report_url), page.url
    assert banner in page.locator(".govuk-notification-banner").inner_text()


def test_an_officer_works_a_report_at_1366_px(people, desktop, assert_accessible):
    with people.app_context():
        factories.report("sbc-asb", reference=REFERENCE, risk="high", area="pin-green",
                         age_days=10, answers={
                             "asb_what": "threats", "where": "By the garages",
                             "area": "pin-green", "description": "Shouting at night.",
                             "effects": ["vulnerable_household", "sleep"]})
    sign_in(desktop, ASB)
    assert desktop.locator("h1").inner_text() == "Inbox"
    table = desktop.locator("#reports")
    assert table.bounding_box()["width"] > 1000  # full width, not 960 px
    assert desktop.locator("details#filters").get_attribute("open") is not None
    row = desktop.locator("#reports tbody tr").first.inner_text()
    assert "Pin Green" in row and "Overdue" in row and "Shouting at night." in row
    assert_accessible(desktop, "inbox at 1366 px")

    url = f"/staff/reports/{REFERENCE}"
    desktop.goto(url)
    # The facts and the tasks are in the first screen, the answers beside the history.
    assert desktop.get_by_role("button", name="Acknowledge").bounding_box()["y"] < 768
    answers = desktop.locator("#answers").bounding_box()
    history = desktop.locator("#history-list").bounding_box()
    assert history["x"] > answers["x"] + answers["width"] - 1 and abs(
        history["y"] - answers["y"]) < 200
    ticked = desktop.locator("#answers .app-answer-lines li")
    assert ticked.count() == 2
    assert ticked.nth(0).bounding_box()["y"] < ticked.nth(1).bounding_box()["y"]
    assert_accessible(desktop, "report at 1366 px")

    action_from_report(desktop, url, lambda page, click: click(
        page.get_by_role("button", name="Acknowledge")), "Report acknowledged.")
    action_from_report(desktop, url, lambda page, click: click(
        page.get_by_role("button", name="Assign to me")), "Report assigned to you.")

    def update_from_template(page, click):
        click(page.get_by_role("link", name="Update: We have visited"))
        assert REFERENCE in page.get_by_label("Update for the person who reported it") \
            .input_value()
        assert_accessible(page, "update from a template")
        click(page.get_by_role("button", name="Post update"))

    action_from_report(desktop, url, update_from_template, "Update posted.")

    def close(page, click):
        click(page.get_by_role("link", name="Close with an outcome"))
        assert_accessible(page, "close with an outcome")
        click(page.get_by_role("button", name="Resolved"))

    action_from_report(desktop, url, close, "Report closed.")
    history = desktop.locator("#history-list").inner_text()
    assert history.index("Acknowledged") < history.index(f"Assigned to {ASB}") < \
        history.index("Status changed from Acknowledged to Closed: Resolved")

    # Every other task page, and an error state of each kind.
    for path, label in [("/contact", "record contact"), ("/status", "change status"),
                        ("/notes", "add a note"), ("/assign", "assign"),
                        ("/forward", "forward"), ("/classification", "reclassify")]:
        desktop.goto(url + path)
        assert_accessible(desktop, label)
    desktop.goto(url + "/contact")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Record contact").click()
    assert desktop.title().startswith("Error: ")
    assert_accessible(desktop, "record contact with an error")
    desktop.goto("/staff/inbox")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Save these filters").click()
    assert desktop.title().startswith("Error: ")
    assert_accessible(desktop, "inbox with an error")
    desktop.get_by_label("Name these filters").fill("Everything open")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Save these filters").click()
    assert_accessible(desktop, "inbox with saved filters")
    desktop.goto("/staff/export")
    assert_accessible(desktop, "export from the last quarter")
    assert desktop.third_party_requests == []


def test_administrators_edit_templates_in_the_browser(people, desktop, assert_accessible):
    sign_in(desktop, ADMIN)
    desktop.goto("/staff/templates/?team=sbc-asb")
    assert_accessible(desktop, "templates")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Add a template").click()
    assert_accessible(desktop, "add a template")
    desktop.get_by_label("Name").fill("Visit booked")
    desktop.get_by_label("Text").fill("About {description}")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Save template").click()
    assert desktop.title().startswith("Error: ")
    assert_accessible(desktop, "add a template with an error")
    desktop.get_by_label("Text").fill("An officer from the {team} will visit ({reference}).")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Save template").click()
    assert "Visit booked" in desktop.locator("#templates").inner_text()


def test_the_contact_centre_takes_a_report_by_phone(people, desktop, assert_accessible):
    with people.app_context():
        factories.staff("contact.centre@example.org", "sbc-community-safety",
                        role="contact_centre")
    sign_in(desktop, "contact.centre@example.org")
    assert desktop.locator("h1").inner_text() == "Take a report by phone"
    assert_accessible(desktop, "take a report by phone")
    with desktop.expect_navigation(wait_until="load"):
        desktop.get_by_role("button", name="Report anti-social behaviour").click()
    assert "taking this report by phone" in desktop.locator("#phone-call").inner_text()
    walk(desktop, assert_accessible, "asb", ASB_ANSWERS)  # axe on every page of the call
    press(desktop, "Send report")
    assert desktop.locator("h1").inner_text() == "Read these out to the caller"
    reference = desktop.locator("#reference").inner_text()
    assert "-" in reference and desktop.locator("#receipt-code").inner_text()
    assert_accessible(desktop, "read these out to the caller")
    response = desktop.goto("/staff/inbox")
    assert response.status == 403
