"""A second pair of eyes on publishing, through the test client: with approval required a
comms officer cannot publish alone, by the button, the schedule or a restore; a second one
sees the changes and the checks and approves, and the page goes live; sending back needs a
comment; the steps are in the versions list and the audit log. And the four checks and
readability in the editor's preview and on the page."""

import pytest
import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.pages.models import Page, PageReview
from app.partnership.teams import team_by_slug
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page as HtmlPage
from tests.publishing_helpers import NOW
from tests.routes.test_publishing import open_editor, page_id, public_text, save
from tests.staff_helpers import sign_in

AUTHOR = "author.comms@sosafe.example.invalid"
SECOND = "second.comms@sosafe.example.invalid"
NIGHT_BUS = "A new night bus stops at the station."


@pytest.fixture
def comms_pair(seeded_app, monkeypatch):
    """Two signed-in comms officers of a team that asks for approval."""
    monkeypatch.setattr(clock, "current_time", lambda: NOW)
    with seeded_app.app_context():
        factories.staff(AUTHOR, "sbc-community-safety", role="comms")
        factories.staff(SECOND, "sbc-community-safety", role="comms")
        team_by_slug("sbc-community-safety").pages_need_approval = True
        db.session.commit()
    clients = []
    for email in (AUTHOR, SECOND):
        client = seeded_app.test_client()
        assert sign_in(client, email).status_code == 302
        clients.append(client)
    return clients


def save_night_bus(client, pid):
    fields = open_editor(client, pid)
    assert (
        save(client, pid, fields | {"body": fields["body"] + f"\n{NIGHT_BUS}\n"}).status_code == 302
    )


def page_html(client, pid) -> HtmlPage:
    return HtmlPage(client.get(f"/staff/pages/{pid}"))


def post_page_form(client, pid, action: str, extra: dict | None = None):
    data = page_html(client, pid).form_data(f'form[action="/staff/pages/{pid}/{action}"]')
    return client.post(
        f"/staff/pages/{pid}/{action}", data=data | (extra or {}), follow_redirects=True
    )


def review_url(app, pid) -> str:
    with app.app_context():
        review_id = db.session.scalar(sa.select(sa.func.max(PageReview.id)))
    return f"/staff/pages/{pid}/reviews/{review_id}"


def answer(client, url, **fields):
    token = HtmlPage(client.get(url)).form_data()["csrf_token"]  # any form's token
    return client.post(url, data={"csrf_token": token, **fields})


def test_the_author_cannot_publish_alone_and_a_second_approves(seeded_app, comms_pair):
    author, second = comms_pair
    pid = page_id(seeded_app, "safer-routes")
    save_night_bus(author, pid)

    page = page_html(author, pid)
    assert not page.soup.select("#publish-now")
    assert "only after another comms officer" in page.text()
    token = page.form_data('form[action$="/submit"]')["csrf_token"]
    forced = HtmlPage(
        author.post(
            f"/staff/pages/{pid}/publish",
            follow_redirects=True,
            data={"csrf_token": token, "base_revision": str(_latest_id(seeded_app, pid))},
        )
    )
    assert "Send version 2 for approval first" in forced.text()
    assert NIGHT_BUS not in public_text(author, "/campaigns/safer-routes")

    sent = HtmlPage(post_page_form(author, pid, "submit"))
    assert "Version 2 is waiting for another comms officer" in sent.text()
    assert "Another comms officer must approve it" in sent.text()
    assert not sent.soup.select("#review-version")
    url = review_url(seeded_app, pid)
    own = HtmlPage(author.get(url))
    assert not own.soup.select("form input[name=decision]")
    assert author.post(url, data={"csrf_token": token, "decision": "publish"}).status_code == 403

    waiting = page_html(second, pid)
    assert waiting.soup.select_one("#review-version")["href"] == url
    check = HtmlPage(second.get(url))
    added = [li.get_text(" ", strip=True) for li in check.soup.select(".app-diff__line--added")]
    assert any(NIGHT_BUS in line for line in added)
    assert check.soup.select_one("#page-checks")
    response = answer(second, url, decision="publish", comment="Checked the timetable")
    assert response.status_code == 302
    assert NIGHT_BUS in public_text(second, "/campaigns/safer-routes")

    history = HtmlPage(author.get(f"/staff/pages/{pid}/revisions"))
    row = history.soup.select_one("#approval-history tbody tr").get_text(" ", strip=True)
    assert AUTHOR in row and SECOND in row and "Approved" in row
    assert "Checked the timetable" in row
    with seeded_app.app_context():
        audit = list(
            db.session.execute(
                sa.select(AuditEvent.action, AuditEvent.staff_id)
                .where(AuditEvent.action.like("page.%"))
                .order_by(AuditEvent.id)
            )
        )
    assert [action for action, _ in audit] == [
        "page.save",
        "page.submit",
        "page.approve",
        "page.publish",
    ]


def test_sending_back_needs_a_comment_and_the_author_sees_it(seeded_app, comms_pair):
    author, second = comms_pair
    pid = page_id(seeded_app, "safer-routes")
    save_night_bus(author, pid)
    post_page_form(author, pid, "submit")
    url = review_url(seeded_app, pid)

    response = answer(second, url, decision="send_back", comment="  ")
    page = HtmlPage(response)
    assert response.status_code == 400
    assert page.title.startswith("Error: ")
    assert [
        (a.get_text(strip=True), a["href"]) for a in page.soup.select(".govuk-error-summary a")
    ] == [("Write a comment saying what needs to change", "#comment")]
    nothing = HtmlPage(answer(second, url))
    assert nothing.response.status_code == 400
    assert "Select your answer" in nothing.soup.select_one(".govuk-error-summary").get_text()

    assert answer(second, url, decision="send_back", comment="Which station?").status_code == 302
    history = HtmlPage(author.get(f"/staff/pages/{pid}/revisions")).text()
    assert "Sent back" in history and "Which station?" in history
    assert page_html(author, pid).soup.select_one("#send-for-approval")  # can send again
    assert NIGHT_BUS not in public_text(author, "/campaigns/safer-routes")


def test_schedule_and_restore_do_not_get_round_it(seeded_app, comms_pair):
    author, _ = comms_pair
    pid = page_id(seeded_app, "safer-routes")
    save_night_bus(author, pid)
    form = HtmlPage(author.get(f"/staff/pages/{pid}/schedule")).form_data(
        f'form[action="/staff/pages/{pid}/schedule"]'
    )
    response = author.post(
        f"/staff/pages/{pid}/schedule",
        data=form | {"publish_on-day": "2", "publish_on-month": "11", "publish_on-year": "2026"},
    )
    assert response.status_code == 400
    assert "another comms officer approves it" in HtmlPage(response).text()

    url = f"/staff/pages/{pid}/revisions/1/restore"
    data = HtmlPage(author.get(url)).form_data(f'form[action="{url}"]')
    response = author.post(url, data=data | {"publish": "yes"})
    assert response.status_code == 409
    assert "Send version 3 for approval first" in HtmlPage(response).text()
    with seeded_app.app_context():
        page = db.session.get(Page, pid)
        assert (page.latest_revision.number, page.published_revision.number) == (2, 1)


def test_a_version_saved_after_sending_cannot_be_approved(seeded_app, comms_pair):
    author, second = comms_pair
    pid = page_id(seeded_app, "safer-routes")
    save_night_bus(author, pid)
    post_page_form(author, pid, "submit")
    url = review_url(seeded_app, pid)
    save_night_bus(author, pid)
    assert "can no longer be approved" in HtmlPage(second.get(url)).text()
    response = (
        answer(second, url, decision="publish")
        if HtmlPage(second.get(url)).soup.select("form input[name=decision]")
        else None
    )
    assert response is not None and response.status_code == 400
    assert "newer version was saved" in HtmlPage(response).text()


def test_crafted_review_addresses_are_clean_4xx(seeded_app, comms_pair):
    author, _ = comms_pair
    pid = page_id(seeded_app, "safer-routes")
    other = page_id(seeded_app, "16-days-of-activism")
    save_night_bus(author, pid)
    post_page_form(author, pid, "submit")
    url = review_url(seeded_app, pid)
    assert author.get(url.replace(f"/{pid}/", f"/{other}/")).status_code == 404
    assert author.get(f"/staff/pages/{pid}/reviews/999999").status_code == 404
    assert author.get(f"/staff/pages/{pid}/reviews/99999999999999999999").status_code == 404
    token = page_html(author, pid).form_data()["csrf_token"]
    for base in ("x", "99999999999999999999", ""):
        response = author.post(
            f"/staff/pages/{pid}/submit",
            follow_redirects=True,
            data={"csrf_token": token, "base_revision": base},
        )
        assert response.status_code == 200
        assert "Someone saved a newer version" in HtmlPage(response).text()


def test_officers_cannot_send_or_approve(seeded_app, comms_pair, client):
    with seeded_app.app_context():
        factories.staff("officer@sosafe.example.invalid", "sbc-asb", role="officer")
    sign_in(client, "officer@sosafe.example.invalid")
    pid = page_id(seeded_app, "safer-routes")
    assert client.get(f"/staff/pages/{pid}/reviews/1").status_code == 403
    assert client.post(f"/staff/pages/{pid}/submit").status_code in (400, 403)


def test_the_preview_warns_about_missing_alt_text_and_click_here(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    body = "## Lights\n\n![](/media/1.jpg)\n\nTo apply [click here](/report).\n\n#### Too deep\n"
    page = HtmlPage(save(comms, pid, fields | {"body": body}, button="preview"))
    checks = page.soup.select_one(".app-preview-slot #page-checks")
    found = {li["data-check"]: li.get_text(" ", strip=True) for li in checks.select("[data-check]")}
    assert "/media/1.jpg has no description" in found["image-alt"]
    assert "\u201cclick here\u201d does not say where it goes" in found["vague-link"]
    assert "level 4 straight after level 2" in found["heading-order"]
    assert "3 things to fix" in checks.get_text(" ", strip=True)
    assert "Reading age" in checks.get_text() and "Reading time" in checks.get_text()
    assert checks.select_one("[data-axe-src]")["data-axe-src"].startswith("/static/dist/")


def test_the_page_shows_the_checks_of_the_version_to_publish(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"body": fields["body"] + "\nMore at [here](/get-help).\n"})
    checks = HtmlPage(comms.get(f"/staff/pages/{pid}")).soup.select_one("#page-checks")
    assert checks.select_one('[data-check="vague-link"]')
    assert "About" in checks.get_text()
    assert HtmlPage(comms.get(f"/staff/pages/{pid}")).soup.select_one("#publish-now")


def _latest_id(app, pid) -> int:
    with app.app_context():
        return db.session.get(Page, pid).latest_revision_id
