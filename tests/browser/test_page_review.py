"""The second pair of eyes and the accessibility check in Chromium at a phone's size: with
approval required one comms officer cannot publish alone, a second one checks the changes
and approves, and a reader sees the page; the editor's preview warns about an image
without a description and a "click here" link, with axe-core from our own static files
running under the site's Content-Security-Policy; axe finds nothing on the new pages and
their error states."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.core import clock as app_clock
from app.extensions import db
from app.pages.models import Page
from app.partnership.teams import team_by_slug
from tests import factories
from tests.browser.chromium import open_phone

pytestmark = pytest.mark.browser

AUTHOR = "author.comms@sosafe.example.invalid"
SECOND = "second.comms@sosafe.example.invalid"
START = datetime(2027, 1, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def team_needs_approval(seeded_app, monkeypatch):
    monkeypatch.setattr(app_clock, "current_time", lambda: START)
    with seeded_app.app_context():
        factories.staff(AUTHOR, "sbc-community-safety", role="comms")
        factories.staff(SECOND, "sbc-community-safety", role="comms")
        team_by_slug("sbc-community-safety").pages_need_approval = True
        db.session.commit()
        return db.session.scalar(sa.select(Page.id).filter_by(slug="safer-routes"))


def signed_in(browser, live_server, email: str):
    phone = open_phone(browser, live_server)
    phone.console_errors = []
    phone.on("console", lambda message: message.type == "error"
             and phone.console_errors.append(message.text))
    phone.goto("/staff/login")
    phone.fill("#email", email)
    phone.fill("#password", factories.PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.wait_for_url("**/staff/")
    return phone


def test_one_cannot_publish_alone_and_a_second_approves(browser, live_server,
                                                        team_needs_approval,
                                                        assert_accessible):
    pid = team_needs_approval
    author = signed_in(browser, live_server, AUTHOR)
    second = signed_in(browser, live_server, SECOND)
    try:
        author.goto(f"/staff/pages/{pid}/edit")
        body = author.locator("#body")
        body.fill(body.input_value() + "\n\nA new **night bus** stops at the station.\n")
        author.get_by_role("button", name="Save").click()
        expect(author.locator(".govuk-notification-banner")).to_contain_text("Version 2 saved")
        expect(author.get_by_role("button", name="Publish version 2 now")).to_have_count(0)
        assert_accessible(author, "page needing approval")
        author.get_by_role("button", name="Send version 2 for approval").click()
        expect(author.locator(".govuk-notification-banner")).to_contain_text(
            "waiting for another comms officer")
        expect(author.get_by_role("button", name="Check and approve version 2")).to_have_count(0)
        assert_accessible(author, "page waiting for approval")
        author.goto(f"/staff/pages/{pid}/revisions")
        waiting = author.get_by_role("link", name="Waiting for approval of version 2")
        author.goto(waiting.get_attribute("href"))
        expect(author.locator("main")).to_contain_text("another comms officer must approve it")
        expect(author.get_by_role("button", name="Send your answer")).to_have_count(0)
        assert_accessible(author, "review seen by its author")

        second.goto(f"/staff/pages/{pid}")
        second.get_by_role("button", name="Check and approve version 2").click()
        expect(second.locator(".app-diff__line--added")).to_contain_text(["night bus"])
        assert_accessible(second, "review")
        second.get_by_label("Send it back to change").check()
        second.get_by_role("button", name="Send your answer").click()
        expect(second.locator(".govuk-error-summary")).to_contain_text("Write a comment")
        assert_accessible(second, "review with errors")
        second.get_by_label("Approve it and publish it now").check()
        second.fill("#comment", "Checked with the bus company")
        second.get_by_role("button", name="Send your answer").click()
        expect(second.locator(".govuk-notification-banner")).to_contain_text(
            "approved and published")

        reader = open_phone(browser, live_server)
        reader.goto("/campaigns/safer-routes")
        assert "A new night bus stops at the station." in reader.locator("main").inner_text()
        reader.context.close()

        author.goto(f"/staff/pages/{pid}/revisions")
        history = author.locator("#approval-history")
        expect(history).to_contain_text("Approved")
        expect(history).to_contain_text("Checked with the bus company")
        assert_accessible(author, "versions with approval history")
        assert author.third_party_requests == [] and second.third_party_requests == []
    finally:
        author.context.close()
        second.context.close()


def test_the_editor_warns_before_publishing(browser, live_server, team_needs_approval,
                                            assert_accessible):
    pid = team_needs_approval
    phone = signed_in(browser, live_server, AUTHOR)
    try:
        phone.goto(f"/staff/pages/{pid}/edit")
        body = ("## Lights\n\n![](/static/dist/missing.jpg)\n\n"
                "To find out about the new lights [click here](/get-help).\n")
        phone.fill("#body", body)
        checks = phone.locator(".app-preview-slot #page-checks")  # the live preview
        expect(checks.locator('[data-check="image-alt"]')).to_contain_text("no description")
        expect(checks.locator('[data-check="vague-link"]')).to_contain_text("click here")
        expect(checks).to_contain_text("Reading age")
        axe_box = checks.locator(".app-page-checks__axe")
        expect(axe_box).to_have_attribute("data-axe-done", "true")
        assert_accessible(phone, "editor with warnings")

        phone.get_by_role("button", name="Preview").click()  # the same without the script
        expect(phone.locator('[data-check="image-alt"]')).to_have_count(1)
        expect(phone.locator(".app-page-checks__axe")).to_have_attribute("data-axe-done",
                                                                         "true")
        # axe-core, run in the browser on the drawn preview, finds an empty link too. (It
        # takes an empty description as a decorative image; the site does not.)
        phone.fill("#body", body + "\nOr [](/report)\n")
        expect(checks.locator('[data-check="empty-link"]')).to_have_count(1)
        expect(checks.locator('.app-page-checks__axe [data-axe-rule="link-name"]')
               ).to_have_count(1)
        assert not [e for e in phone.console_errors if "Content Security Policy" in e]
        assert phone.third_party_requests == []
    finally:
        phone.context.close()
