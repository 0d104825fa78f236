"""The report page built for working: facts and risk first, then the tasks in the usual
order, each a button or a small page of its own that comes back to the report with a
success banner; the state machine decides which statuses and outcomes are offered."""

import sqlalchemy as sa

from app.extensions import db
from app.reporting.models import Report
from app.staff.accounts import by_email
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ASB, post_form

URL = "/staff/reports/ASB0001"


def make_report(app, **fields):
    with app.app_context():
        factories.report("sbc-asb", reference="ASB0001", area="pin-green",
                         answers={"where": "By the shops", "area": "pin-green",
                                  "effects": ["vulnerable_household", "health"],
                                  "description": "They shout."}, **fields)


def test_the_usual_next_steps_come_first(people, signed_in):
    make_report(people)
    page = Page(signed_in(ASB).get(URL))
    tasks = [li.get_text(" ", strip=True) for li in page.soup.select("#tasks > li")]
    assert tasks[:4] == ["Acknowledge", "Assign to me", "Record contact with the reporter",
                         "Change status"]
    # The facts and the risk sit above what the reporter said and the history.
    text = page.text()
    assert text.index("Standard risk") < text.index("What they told us") < text.index(
        "History and notes")


def test_case_work_tasks_are_in_the_same_task_list(people, signed_in):
    """Reviewing the risk, asking the reporter, links and the diary are tasks like the
    others, each opening its own page about this report."""
    make_report(people, status="in_progress")
    client = signed_in(ASB)
    page = Page(client.get(URL))
    links = {a.get_text(strip=True): a["href"] for a in page.soup.select("#tasks a")}
    for text, path in [("Review the risk", "/review"),
                       ("Ask the person who reported it a question", "/question"),
                       ("Link, unlink or mark a duplicate", "/links"),
                       ("Read or print the incident diary", "/diary")]:
        assert links[text] == URL + path
        assert client.get(links[text]).status_code == 200, text
    assert page.soup.select_one("#casework-tasks") is None  # not listed twice


def test_each_ticked_answer_is_on_its_own_line(people, signed_in):
    make_report(people)
    page = Page(signed_in(ASB).get(URL))
    row = next(r for r in page.soup.select("#answers .govuk-summary-list__row")
               if "How it affects you" in r.get_text())
    assert [li.get_text(strip=True) for li in row.select("li")] == [
        "Someone in my home is more at risk",
        "It is affecting my health, or the health of someone I live with"]


def test_one_click_buttons_come_back_to_the_report_with_a_banner(people, signed_in):
    make_report(people)
    client = signed_in(ASB)
    done = post_form(client, URL, URL + "/assign-to-me", {}, follow=True)
    assert done.request.path == URL
    assert "Report assigned to you." in Page(done).soup.select_one(
        ".govuk-notification-banner").get_text()
    assert "Assign to me" not in Page(done).soup.select_one("#tasks").get_text()
    done = post_form(client, URL, URL + "/acknowledge", {}, follow=True)
    page = Page(done)
    assert "Report acknowledged." in page.soup.select_one(".govuk-notification-banner").text
    assert "Acknowledge" not in [b.get_text(strip=True) for b in page.soup.select("#tasks button")]
    with people.app_context():
        report = db.session.scalars(sa.select(Report).filter_by(reference="ASB0001")).one()
        assert report.assigned_to_id == by_email(ASB).id and report.status == "acknowledged"


def test_acknowledging_twice_shows_the_reason_on_the_report(people, signed_in):
    make_report(people)
    client = signed_in(ASB)
    data = Page(client.get(URL)).form_data('form[action$="/acknowledge"]')
    client.post(URL + "/acknowledge", data=data)
    again = client.post(URL + "/acknowledge", data=data)
    assert again.status_code == 400
    page = Page(again)
    assert page.title.startswith("Error: Report ASB0001")
    assert "already been acknowledged" in page.soup.select_one(".govuk-error-summary").text


def test_statuses_follow_the_state_machine_and_outcomes_only_show_when_closing(
        people, signed_in):
    make_report(people)
    client = signed_in(ASB)
    status_page = Page(client.get(URL + "/status"))
    offered = [b.get_text(strip=True)
               for b in status_page.soup.select('form[action$="/status"] button')]
    assert offered == ["In progress"]  # not "Acknowledged" (its own task), not "Closed"
    assert "Resolved" not in status_page.text()
    close_page = Page(client.get(URL + "/close"))
    outcomes = [b.get_text(strip=True)
                for b in close_page.soup.select('form[action$="/close"] button')]
    assert "Resolved" in outcomes and "No further action" in outcomes
    refused = post_form(client, URL + "/status", URL + "/status", {"status-status": "closed"})
    assert refused.status_code == 400
    closed = post_form(client, URL + "/close", URL + "/close", {"close-outcome": "resolved"},
                       follow=True)
    assert closed.request.path == URL
    page = Page(closed)
    assert "Report closed." in page.soup.select_one(".govuk-notification-banner").text
    tasks = page.soup.select_one("#tasks").get_text()
    assert "Close with an outcome" not in tasks and "Change status" in tasks  # reopen


def test_recording_contact_acknowledges_a_new_report(people, signed_in):
    make_report(people)
    client = signed_in(ASB)
    missing = post_form(client, URL + "/contact", URL + "/contact", {"contact-note": "Spoke"})
    assert missing.status_code == 400
    page = Page(missing)
    assert page.soup.select_one("#contact-note").get_text() == "Spoke"  # kept
    assert page.soup.select_one(page.soup.select_one(".govuk-error-summary a")["href"])
    done = post_form(client, URL + "/contact", URL + "/contact",
                     {"contact-how": "phone", "contact-note": "Spoke to them"}, follow=True)
    page = Page(done)
    assert "Contact recorded." in page.text()
    history = page.soup.select_one("#history-list").get_text(" ", strip=True)
    assert "Contact with the person who reported it, by phone" in history
    assert history.index("Report received") < history.index("Contact with")  # time order


def test_an_update_from_a_template_is_filled_with_the_reference_and_team_only(
        people, signed_in):
    make_report(people)
    client = signed_in(ASB)
    link = next(a for a in Page(client.get(URL)).soup.select("#tasks a")
                if a.get_text(strip=True) == "Update: We have visited")
    page = Page(client.get(link["href"]))
    text = page.soup.select_one("#public_update-text").get_text()
    assert "report ASB0001" in text and "Anti-social Behaviour team" in text
    assert "They shout" not in text


def test_where_it_was_sent_ends_in_one_full_stop_and_the_area_has_its_name(people, signed_in):
    with people.app_context():
        report = factories.report("sbc-asb", reference="ASB0001", area="pin-green")
        report.routes[0].reason = "ASB goes to the council's ASB team."
        db.session.commit()
    page = Page(signed_in(ASB).get(URL))
    routes = page.soup.select_one("#routes").get_text(" ", strip=True)
    assert ".." not in routes and routes.endswith("team.")
    assert "Pin Green" in page.text() and "pin-green" not in page.text()


def test_the_reference_never_breaks_inside_a_group(people, signed_in):
    with people.app_context():
        factories.report("sbc-asb", reference="FHGN-TMDH")
    page = Page(signed_in(ASB).get("/staff/reports/FHGN-TMDH"))
    groups = [g.get_text() for g in page.soup.select("h1 .app-code .app-code__group")]
    assert groups == ["FHGN-", "TMDH"]
