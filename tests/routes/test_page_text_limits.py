"""The editor refuses page text that is too long or nested too deeply, in the preview and
on saving, with the message next to the page text and everything typed kept."""

import sqlalchemy as sa

from app.extensions import db
from app.pages.models import PageRevision
from tests.conftest import Page as HtmlPage
from tests.routes.test_publishing import open_editor, page_id, save

DEEP_LIST = "- " * 500 + "deep\n"  # a list in a list ... 500 deep


def _revisions(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(PageRevision.id)))


def test_a_list_nested_500_deep_gets_a_message_next_to_the_page_text(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid) | {"title": "Kept title", "body": DEEP_LIST}
    before = _revisions(seeded_app)
    for button in ("preview", "save"):
        response = save(comms, pid, fields, button=button)
        assert response.status_code == 400, button
        page = HtmlPage(response)
        message = page.soup.select_one("#body-error").get_text(" ", strip=True)
        assert "more than 20 levels inside each other" in message
        summary = page.soup.select_one(".govuk-error-summary a[href='#body']")
        assert summary is not None and "20 levels" in summary.get_text()
        assert page.soup.select_one("input[name=title]")["value"] == "Kept title"
        kept = page.soup.select_one("textarea[name=body]").get_text()
        assert kept.strip("\n") == DEEP_LIST.strip("\n")
    assert _revisions(seeded_app) == before


def test_text_over_the_setting_is_refused_and_nothing_saved(seeded_app, comms):
    seeded_app.config["PAGE_BODY_MAX_CHARS"] = 500
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid) | {"body": "word " * 200}
    before = _revisions(seeded_app)
    for button in ("preview", "save"):
        response = save(comms, pid, fields, button=button)
        assert response.status_code == 400
        message = HtmlPage(response).soup.select_one("#body-error").get_text(" ", strip=True)
        assert "must be 500 characters or fewer. It is 1,000" in message
    assert _revisions(seeded_app) == before
    response = save(comms, pid, fields | {"body": "word " * 50}, button="save")
    assert response.status_code == 302


def test_twenty_kilobytes_of_brackets_preview_quickly(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid) | {"body": "[" * 19_000}
    response = save(comms, pid, fields, button="preview")
    assert response.status_code == 200
    assert HtmlPage(response).soup.select_one(".app-preview").get_text().count("[") == 19_000
