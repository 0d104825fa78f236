"""The comms journeys in Chromium at a phone's size: edit, preview and publish Safer Routes
while a reader watches; schedule a page and move the clock past its start and end; and
axe-core over every editor page and error state, signed in."""

import io
import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from PIL import Image
from playwright.sync_api import expect

from app.core import clock as app_clock
from app.extensions import db
from app.pages.models import Page
from tests import factories
from tests.browser.chromium import PHONE
from tests.photo_bombs import png_bomb

pytestmark = pytest.mark.browser

COMMS = "comms@sosafe.example.invalid"
START = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)  # winter: UK time is UTC


@pytest.fixture
def clock(monkeypatch):
    """The time every request sees (app.core.clock.current_time); tests move it on."""
    moment = {"now": START}
    monkeypatch.setattr(app_clock, "current_time", lambda: moment["now"])
    return moment


@pytest.fixture
def comms_phone(seeded_app, clock, phone):
    with seeded_app.app_context():
        factories.staff(COMMS, "sbc-community-safety", role="comms")
    phone.goto("/staff/login")
    phone.fill("#email", COMMS)
    phone.fill("#password", factories.PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/staff/")
    return phone


@pytest.fixture
def reader(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True)
    yield context.new_page()
    context.close()


def open_page(phone, title: str):
    phone.goto("/staff/pages")
    phone.get_by_role("link", name=title, exact=True).click()


def test_comms_edits_previews_and_publishes_and_the_reader_sees_it_at_once(comms_phone,
                                                                           reader):
    reader.goto("/campaigns/safer-routes")
    assert reader.locator("h1").inner_text() == "Safer Routes"
    assert "night bus" not in reader.locator("main").inner_text()

    phone = comms_phone
    open_page(phone, "Safer Routes")
    phone.get_by_role("link", name="Edit and preview the page").click()
    body = phone.locator("#body")
    body.fill(body.input_value() + "\n\n## Night buses\n\nA new **night bus** stops here.\n")
    phone.get_by_role("button", name="Preview").click()
    preview = phone.locator(".app-preview")
    expect(preview.locator("h2", has_text="Night buses")).to_have_count(1)
    expect(preview.locator("strong", has_text="night bus")).to_have_count(1)

    phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Version 2 saved")
    reader.reload()
    assert "night bus" not in reader.locator("main").inner_text()

    phone.get_by_role("button", name="Publish version 2 now").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Published")
    reader.reload()
    assert "A new night bus stops here." in reader.locator("main").inner_text()
    assert reader.locator("main h2#night-buses").count() == 1
    assert comms_phone.third_party_requests == []


def test_preview_works_without_javascript(comms_phone, browser, live_server, seeded_app):
    context = browser.new_context(viewport=PHONE, base_url=live_server,
                                  java_script_enabled=False,
                                  storage_state=comms_phone.context.storage_state())
    try:
        page = context.new_page()
        page.goto(f"/staff/pages/{_page_id(seeded_app, 'safer-routes')}/edit")
        page.fill("#body", "Only *this* for now")
        page.get_by_role("button", name="Preview").click()
        assert page.locator(".app-preview em").inner_text() == "this"
    finally:
        context.close()


def test_with_javascript_the_preview_follows_the_typing(comms_phone, seeded_app):
    phone = comms_phone
    phone.goto(f"/staff/pages/{_page_id(seeded_app, 'safer-routes')}/edit")
    assert phone.locator(".app-preview").count() == 0
    phone.locator("#body").press_sequentially("Typed *live*", delay=10)
    expect(phone.locator(".app-preview__page em")).to_have_text("live")
    phone.locator("#body").fill('<script>alert(1)</script>Still **safe**')
    expect(phone.locator(".app-preview__page")).not_to_contain_text("Better lighting")
    expect(phone.locator(".app-preview__page strong")).to_have_text("safe")
    assert phone.locator(".app-preview script").count() == 0
    assert phone.url.endswith("/edit")  # nothing was submitted or saved
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(Page).filter_by(slug="safer-routes")
                                 ).latest_revision.number == 1


def test_a_scheduled_page_appears_on_time_and_comes_down_after_its_end(comms_phone, reader,
                                                                       clock, browser,
                                                                       live_server):
    phone = comms_phone
    phone.goto("/staff/pages/new")
    phone.get_by_label("Campaign (listed under Campaigns").check()
    phone.fill("#title", "Winter safety")
    phone.fill("#summary", "Staying safe on dark evenings.")
    phone.fill("#slug", "winter-safety")
    phone.fill("#body", "Walk in **well-lit** streets.")
    phone.get_by_role("button", name="Save").click()
    phone.get_by_role("link", name="Choose when the page is shown").click()
    for prefix, (day, month, year) in (("publish_on", ("11", "1", "2027")),
                                       ("unpublish_on", ("12", "1", "2027"))):
        phone.fill(f"#{prefix}-day", day)
        phone.fill(f"#{prefix}-month", month)
        phone.fill(f"#{prefix}-year", year)
    phone.fill("#publish_time", "9am")
    phone.get_by_role("button", name="Schedule").click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text(
        "will appear on the date you chose")
    expect(phone.locator("main .govuk-tag").first).to_have_text("Scheduled")

    def reader_sees() -> bool:
        """A new reader each time: one who already had the page may keep it until its
        max-age runs out, which is at most its end time (app/web/http_cache.py)."""
        context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True)
        try:
            page = context.new_page()
            response = page.goto("/campaigns/winter-safety")
            return response.status == 200 and "well-lit" in page.locator("main").inner_text()
        finally:
            context.close()

    assert not reader_sees()
    clock["now"] = datetime(2027, 1, 11, 8, 59, 59, tzinfo=UTC)
    assert not reader_sees()
    clock["now"] = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    assert reader_sees()
    reader.goto("/campaigns")
    assert reader.get_by_role("link", name="Winter safety").count() == 1
    clock["now"] = datetime(2027, 1, 12, 23, 59, tzinfo=UTC)
    assert reader_sees()
    clock["now"] = datetime(2027, 1, 13, 0, 0, tzinfo=UTC)  # after 12 January ends
    assert not reader_sees()

    phone.goto("/staff/pages")
    row = phone.locator("tbody tr", has_text="Winter safety")
    assert "Unpublished" in row.inner_text()


def _page_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Page.id).filter_by(slug=slug))


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "navy").save(out, "PNG")
    return out.getvalue()


def test_every_editor_page_and_error_state_passes_axe(comms_phone, seeded_app,
                                                      assert_accessible):
    phone = comms_phone
    pid = _page_id(seeded_app, "safer-routes")

    def check(url: str | None, label: str):
        if url:
            phone.goto(url)
        phone.wait_for_load_state()
        assert phone.title().endswith("– So Safe Stevenage"), label
        assert_accessible(phone, label)

    check("/staff/pages", "list")
    check("/staff/pages/new", "new page")
    phone.get_by_role("button", name="Save").click()
    expect(phone).to_have_title(re.compile("^Error: "))
    check(None, "new page with errors")

    check(f"/staff/pages/{pid}/edit", "editor")
    phone.fill("#body", "## Heading\n\nText with a [link](https://example.org).\n\n"
                        "| Team | Referrals |\n|---|--:|\n| SADA | 916 |\n")
    phone.get_by_role("button", name="Preview").click()
    check(None, "editor with preview")
    phone.fill("#title", "")
    phone.get_by_role("button", name="Save").click()
    check(None, "editor with errors")
    phone.fill("#title", "Safer Routes")
    phone.fill("#body", "- " * 500 + "deep")
    phone.get_by_role("button", name="Preview").click()
    expect(phone.locator("#body-error")).to_contain_text("20 levels")
    check(None, "editor with page text nested too deeply")
    phone.fill("#body", "Text.")
    phone.fill("#title", "Safer Routes (changed)")
    phone.get_by_role("button", name="Save").click()
    check(None, "page summary with changes")

    # Someone else saves while this editor is open: the refusal passes too.
    phone.goto(f"/staff/pages/{pid}/edit")
    other = phone.context.new_page()
    other.goto(f"/staff/pages/{pid}/edit")
    other.get_by_role("button", name="Save").click()
    expect(other.locator(".govuk-notification-banner")).to_contain_text("saved")
    other.close()
    phone.get_by_role("button", name="Save").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Someone else saved this page")
    check(None, "edit conflict")

    check(f"/staff/pages/{pid}/schedule", "schedule")
    phone.fill("#publish_time", "half nine")
    phone.get_by_role("button", name="Schedule").click()
    check(None, "schedule with errors")

    check(f"/staff/pages/{pid}/revisions", "versions")
    check(f"/staff/pages/{pid}/revisions/1", "one version")
    check(f"/staff/pages/{pid}/compare?from=1&to=2", "compare")
    check(f"/staff/pages/{pid}/revisions/1/restore", "restore")
    phone.get_by_role("button", name="Restore this version").click()
    check(None, "restore with errors")

    check(f"/staff/pages/{pid}/images", "images")
    phone.get_by_role("button", name="Upload image").click()
    check(None, "images with errors")
    phone.set_input_files("#image", files=[{"name": "lights.png", "mimeType": "image/png",
                                            "buffer": _png()}])
    phone.fill("#alt", "New street lights")
    phone.get_by_role("button", name="Upload image").click()
    check(None, "images with one uploaded")
    phone.set_input_files("#image", files=[{"name": "huge.png", "mimeType": "image/png",
                                            "buffer": png_bomb(7000, 7000)}])
    phone.fill("#alt", "Too big")
    phone.get_by_role("button", name="Upload image").click()
    expect(phone.locator("#image-error")).to_contain_text("too large a picture")
    expect(phone.locator("#alt")).to_have_value("Too big")
    check(None, "images with a picture too large")
    phone.get_by_role("button", name=re.compile("^Delete")).click()
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Image deleted")
    check(None, "images after deleting one")

    check("/staff/alert", "alert banner editor")
    phone.get_by_role("button", name="Show this message").click()
    check(None, "alert banner with errors")
    for level, title in (("Important", "Important"), ("Warning", "Warning")):
        phone.goto("/staff/alert")
        phone.fill("#message", f"{title}: a test message for everyone.")
        phone.get_by_label(level, exact=False).first.check()
        phone.get_by_role("button", name="Show this message").click()
        check(None, f"alert banner editor with a {level} message")
        check("/", f"home page with a {level} banner")
        assert phone.locator("#site-alert-title").inner_text() == title
    assert phone.third_party_requests == []
