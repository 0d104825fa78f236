"""The dashboard (signed in as the partnership manager), the comms page that publishes
Stevenage in numbers, and the public page, in a phone-sized Chromium with axe-core on each
page and error state. Charts are drawn on the server: the public page reads the same with
JavaScript off."""

import pytest

from tests.browser.test_staff import load_after, sign_in
from tests.figures.helpers import MANAGER, QUARTER, seed_quarter
from tests.staff_helpers import COMMS

pytestmark = pytest.mark.browser


def test_the_dashboard_at_phone_size(people, manager, phone, assert_accessible):
    seed_quarter(people)
    sign_in(phone, MANAGER)
    assert phone.locator("h1").inner_text() == "Partnership figures"
    phone.get_by_label("Quarter", exact=True).select_option(QUARTER.key)
    load_after(phone.get_by_role("button", name="Show this quarter"))
    assert "Q1 2025/26 (April to June 2025)" in phone.locator(".govuk-caption-l").inner_text()
    assert phone.locator("#meeting-table").inner_text().count("\n") >= 8
    assert phone.locator("svg[role=img]").count() == 7
    assert_accessible(phone, "dashboard")

    load_after(phone.get_by_role("link", name="Type in partner figures for Q1 2025/26"))
    phone.get_by_label("Rough sleeper count").fill("about 16")
    load_after(phone.get_by_role("button", name="Save these figures"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "partner figures with an error")
    phone.get_by_label("Rough sleeper count").fill("16")
    load_after(phone.get_by_role("button", name="Save these figures"))
    assert "Figures saved" in phone.locator(".govuk-notification-banner").inner_text()
    assert "Entered by hand" in phone.locator("#meeting-table").inner_text()
    assert phone.third_party_requests == []


def test_publishing_and_the_public_page(people, phone, browser, live_server,
                                        assert_accessible):
    seed_quarter(people)
    sign_in(phone, COMMS)
    phone.goto("/staff/in-numbers/")
    assert_accessible(phone, "in numbers, for comms")
    load_after(phone.get_by_role("button", name="Add to the page"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "in numbers, for comms, with an error")
    phone.get_by_label("You said").fill("The underpass feels unsafe at night")
    phone.get_by_label("We did").fill("New lighting, and patrols on Fridays")
    load_after(phone.get_by_role("button", name="Add to the page"))
    phone.get_by_label("Quarter to publish").select_option(QUARTER.key)
    load_after(phone.get_by_role("button", name="Publish these figures"))
    assert "is published" in phone.locator(".govuk-notification-banner").inner_text()

    phone.goto("/")
    load_after(phone.locator("footer").get_by_role("link", name="Stevenage in numbers"))
    assert phone.locator("h1").inner_text() == "Stevenage in numbers"
    assert "fewer than 5" in phone.locator("#kinds").inner_text()
    assert_accessible(phone, "Stevenage in numbers")
    assert phone.third_party_requests == []

    without_js = browser.new_context(base_url=live_server, java_script_enabled=False,
                                     viewport={"width": 375, "height": 740})
    try:
        page = without_js.new_page()
        page.goto("/in-numbers")
        chart = page.locator("svg[role=img]").first
        assert chart.is_visible() and chart.bounding_box()["height"] > 100
        assert page.locator("table[data-chart-table]").count() == 5
    finally:
        without_js.close()
