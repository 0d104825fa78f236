"""The inbox for scanning: its columns (risk, status, due or overdue, assignee, area name,
received), a one-line preview for the teams the report was sent to only, the quick views
and each person's saved filters."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.inbox.models import SavedFilter
from app.staff.accounts import by_email
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, ASB_COLLEAGUE, post_form

LONG = ("A group of people gathers by the garages every night, shouting and throwing "
        "bottles at the windows of the flats, and it has gone on for three weeks now.")


def cells(page: Page) -> list[dict]:
    headings = [th.get_text(strip=True) for th in page.soup.select("#reports thead th")]
    return [dict(zip(headings, (td.get_text(" ", strip=True) for td in tr.select("td")),
                     strict=True))
            for tr in page.soup.select("#reports tbody tr")]


def test_the_columns_an_officer_scans(people, signed_in):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001", risk="high", age_days=30,
                         area="pin-green", answers={"description": LONG},
                         assigned_to_id=by_email(ASB_COLLEAGUE).id)
    page = Page(signed_in(ASB).get("/staff/inbox"))
    assert [th.get_text(strip=True) for th in page.soup.select("#reports thead th")] == [
        "Report", "Risk", "Status", "Due or overdue", "Assigned to", "Area", "Received"]
    [row] = cells(page)
    assert row["Risk"] == "High risk" and row["Status"] == "New"
    assert row["Due or overdue"].startswith("Overdue: first contact was due")
    assert row["Assigned to"] == ASB_COLLEAGUE
    assert row["Area"] == "Pin Green"
    assert "pin-green" not in page.text()
    # One line of what happened: the start of it, cut at a word.
    preview = page.soup.select_one(".app-inbox__preview").get_text()
    assert LONG.startswith(preview.removesuffix("\u2026")) and preview.endswith("\u2026")
    assert len(preview) <= 111


@pytest.mark.parametrize("age_days, status, shown", [
    (30, "new", "Overdue: first contact was due"),  # first contact (5 days) comes first
    (30, "acknowledged", "Overdue: risk review was due"),  # contacted: the review is next
    (0, "in_progress", "Risk review due"),
    (0, "closed", "\u2013"),  # nothing is due on a closed report
])
def test_the_due_column_shows_the_nearer_of_first_contact_and_risk_review(
        people, signed_in, age_days, status, shown):
    with people.app_context():
        factories.report("sbc-asb", reference="DUE0001", risk="standard", age_days=age_days,
                         status=status)
    page = Page(signed_in(ASB).get("/staff/inbox?status=all"))
    [row] = cells(page)
    assert row["Due or overdue"].startswith(shown)
    due_cell = page.soup.select("#reports tbody td")[3]
    assert len(due_cell.select(".govuk-tag")) <= 1  # one date: the nearer


def test_the_preview_is_only_for_the_teams_it_was_sent_to(people, signed_in):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001", answers={"description": "SECRET"})
    assert "SECRET" in Page(signed_in(ASB).get("/staff/inbox")).text()
    admin_page = Page(signed_in(ADMIN).get("/staff/inbox"))  # sees every team's list
    assert "ASB0001" in admin_page.text() and "SECRET" not in admin_page.text()


def test_assigned_to_me_and_unassigned_views(people, signed_in):
    with people.app_context():
        factories.report(reference="MINE", assigned_to_id=by_email(ASB).id)
        factories.report(reference="THEIRS", assigned_to_id=by_email(ASB_COLLEAGUE).id)
        factories.report(reference="NOBODY")
    client = signed_in(ASB)
    page = Page(client.get("/staff/inbox"))
    views = {a.get_text(strip=True): a["href"] for a in page.soup.select("#views a")}
    assert page.soup.select_one("#views [aria-current=page]").get_text() == "All open reports"
    mine = Page(client.get(views["Assigned to me"]))
    assert [r["Report"].split()[0] for r in cells(mine)] == ["MINE"]
    nobody = Page(client.get(views["Unassigned"]))
    assert [r["Report"].split()[0] for r in cells(nobody)] == ["NOBODY"]


def test_filters_are_open_and_saved_per_person(people, signed_in):
    with people.app_context():
        factories.report(reference="HIGH1", risk="high")
        factories.report(reference="LOW1", risk="standard")
    client = signed_in(ASB)
    url = "/staff/inbox?risk=high"
    page = Page(client.get(url))
    assert page.soup.select_one("details#filters").has_attr("open")
    action = "/staff/inbox/saved?risk=high"
    empty = post_form(client, url, action, {"name": "  "})
    assert empty.status_code == 400
    assert "Enter a name for these filters" in Page(empty).soup.select_one(
        ".govuk-error-summary").get_text()
    saved = post_form(client, url, action, {"name": "High risk"}, follow=True)
    assert "Filters saved" in Page(saved).text()
    link = Page(client.get("/staff/inbox")).soup.select_one('#views a[href*="risk=high"]')
    assert link.get_text(strip=True) == "High risk"
    assert [r["Report"].split()[0] for r in cells(Page(client.get(link["href"])))] == ["HIGH1"]
    # Another person does not see them, and cannot delete them.
    colleague = signed_in(ASB_COLLEAGUE)
    assert "High risk" not in Page(colleague.get("/staff/inbox")).soup.select_one(
        "#views").get_text()
    with people.app_context():
        filter_id = db.session.scalars(sa.select(SavedFilter.id)).one()
    token = Page(colleague.get("/staff/inbox")).form_data(
        'form[action="/staff/inbox/saved"]')["csrf_token"]
    colleague.post(f"/staff/inbox/saved/{filter_id}/delete", data={"csrf_token": token})
    with people.app_context():
        assert db.session.scalars(sa.select(SavedFilter.id)).all() == [filter_id]
    post_form(client, "/staff/inbox", f"/staff/inbox/saved/{filter_id}/delete", {})
    with people.app_context():
        assert db.session.scalars(sa.select(SavedFilter.id)).all() == []


def test_the_area_filter_and_the_export_use_area_names(people, signed_in):
    with people.app_context():
        factories.report(reference="PG1", area="pin-green",
                         answers={"effects": ["sleep", "health"]})
    client = signed_in(ASB)
    page = Page(client.get("/staff/inbox"))
    options = [o.get_text(strip=True) for o in page.soup.select("#area option")]
    assert "Pin Green" in options and "pin-green" not in options
    csv_text = client.get("/staff/export?received_from=2000-01-01&received_to=2100-12-31"
                          ).get_data(as_text=True)
    assert "Pin Green" in csv_text and "pin-green" not in csv_text
    # Ticked boxes are each a label, clearly apart.
    assert ("It is affecting my sleep; It is affecting my health, or the health of someone "
            "I live with") in csv_text


def test_the_export_starts_with_the_last_quarter(people, signed_in):
    page = Page(signed_in(ASB).get("/staff/export"))
    first = page.soup.select_one("#received_from")
    last = page.soup.select_one("#received_to")
    assert first["type"] == last["type"] == "date"
    assert first["value"][5:] in ("01-01", "04-01", "07-01", "10-01")
    assert last["value"][5:] in ("03-31", "06-30", "09-30", "12-31")
