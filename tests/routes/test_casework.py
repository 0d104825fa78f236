"""Case work through the pages, as an officer and a reporter use them: what the inbox shows
(overdue reviews, repeat locations), the risk review moving the next review, questions to
an anonymous reporter and their answers, the diary in the staff timeline and its printable
export, the Case Review explanation at two reports in six months."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.casework.models import DiaryEntry, ReportLink, RiskReview
from app.core import clock
from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Report, ReportPhoto
from app.staff.audit import AuditEvent
from tests import factories
from tests.casework_helpers import followable, open_at_follow_up
from tests.conftest import Page
from tests.reporting_helpers import jpeg_file
from tests.staff_helpers import ASB, SADA, post_form

HARM = {"repeat": "often", "effects": ["sleep", "health"]}


def inbox_row(client, reference: str, query: str = "") -> str:
    page = Page(client.get(f"/staff/inbox?{query}"))
    for row in page.soup.select("#reports tbody tr"):
        if reference in row.get_text():
            return row.get_text(" ", strip=True)
    raise AssertionError(f"{reference} is not in the inbox: {page.text()[:400]}")


def listed(client, query: str) -> list[str]:
    page = Page(client.get(f"/staff/inbox?{query}"))
    return [a.get_text(strip=True) for a in page.soup.select("#reports tbody tr td:first-child a")]


# --- risk reviews ----------------------------------------------------------------------------

def test_an_overdue_review_shows_as_overdue_and_reviewing_moves_it(people, signed_in):
    with people.app_context():
        # Standard risk: a review every 20 working days; 40 days old is overdue.
        factories.report(reference="OLD1", risk="standard", age_days=40, status="in_progress",
                         answers={"what_happened": "Noise", **HARM})
        factories.report(reference="NEW1", risk="standard", age_days=1, status="in_progress")
    officer = signed_in(ASB)
    assert "Review overdue" in inbox_row(officer, "OLD1")
    assert "Review overdue" not in inbox_row(officer, "NEW1")
    assert listed(officer, "due=overdue") == ["OLD1"]
    counts = Page(officer.get("/staff/inbox")).soup.select_one("#counts").get_text(" ")
    assert "Risk review overdue: 1" in " ".join(counts.split())

    review_page = Page(officer.get("/staff/reports/OLD1/review"))
    assert review_page.soup.select_one("input[name=repeat][value=often]").has_attr("checked")
    response = post_form(officer, "/staff/reports/OLD1/review", "/staff/reports/OLD1/review", {
        "repeat": "often", "effects": ["unsafe_at_home", "vulnerable_household"],
        "reason": "Visited: the family is now afraid at home."})
    assert response.status_code == 302

    assert "Review overdue" not in inbox_row(officer, "OLD1")
    assert listed(officer, "due=overdue") == []
    with people.app_context():
        report = db.session.scalar(sa.select(Report).filter_by(reference="OLD1"))
        review = db.session.scalar(sa.select(RiskReview))
        assert (report.risk, report.priority) == ("high", "high")  # risk.yaml's trigger
        assert (review.level_before, review.level) == ("standard", "high")
        assert review.staff_id is not None and "afraid at home" in review.reason
        today = clock.current_time().date()
        # High: the next review 5 working days from today (7 calendar days at most).
        assert today < review.next_review_on <= today + timedelta(days=7)
        event = report.events[-1]
        assert event.kind == "risk_reviewed"
        assert event.data["next_review_on"] == review.next_review_on.isoformat()
        assert db.session.scalar(sa.select(AuditEvent).filter_by(action="report_risk_reviewed"))
    history = Page(officer.get("/staff/reports/OLD1")).text()
    assert "Risk reviewed: High. Next review due" in history


def test_a_review_with_a_missing_answer_keeps_what_was_typed(people, signed_in):
    with people.app_context():
        factories.report(reference="R1", status="in_progress")
    officer = signed_in(ASB)
    response = post_form(officer, "/staff/reports/R1/review", "/staff/reports/R1/review",
                         {"repeat": "often", "reason": "Looked again"})
    page = Page(response)
    assert response.status_code == 400 and page.title.startswith("Error: ")
    summary = page.soup.select_one(".govuk-error-summary").get_text()
    assert "Select which of these are true" in summary
    assert page.soup.select_one("input[name=repeat][value=often]").has_attr("checked")
    assert "Looked again" in page.soup.select_one("textarea[name=reason]").get_text()
    crafted = post_form(officer, "/staff/reports/R1/review", "/staff/reports/R1/review",
                        {"repeat": "sometimes", "effects": ["nonsense"], "reason": "x"})
    assert crafted.status_code == 400
    with people.app_context():
        assert db.session.scalar(sa.select(sa.func.count(RiskReview.id))) == 0


def test_another_teams_report_has_no_case_work_pages(people, signed_in):
    with people.app_context():
        factories.report("sbc-sada", reference="SADA1", kind="stalking")
    officer = signed_in(ASB)
    for url in ("/staff/reports/SADA1/review", "/staff/reports/SADA1/links",
                "/staff/reports/SADA1/question", "/staff/reports/SADA1/diary"):
        assert officer.get(url).status_code == 404, url


# --- repeats -----------------------------------------------------------------------------------

def test_the_third_asb_report_about_an_area_in_the_window_is_a_repeat_location(people,
                                                                                signed_in):
    with people.app_context():
        factories.report(reference="STAIR1", area="Bedwell", age_days=20)
        factories.report(reference="STAIR2", area="Bedwell", age_days=10)
        factories.report(reference="OTHER1", area="Shephall", age_days=5)
        factories.report(reference="LONGAGO", area="Chells", age_days=100)
        factories.report(reference="CHELLS2", area="Chells", age_days=3)
        factories.report(reference="CHELLS3", area="Chells", age_days=2)
    officer = signed_in(ASB)
    assert "Repeat location" not in inbox_row(officer, "STAIR2")
    with people.app_context():
        factories.report(reference="STAIR3", area="Bedwell", age_days=1)
    assert "Repeat location: 3 reports in 28 days" in inbox_row(officer, "STAIR3")
    assert "Repeat location" not in inbox_row(officer, "OTHER1")
    # Outside the window (REPEAT_WINDOW_DAYS) the older report does not count.
    assert "Repeat location" not in inbox_row(officer, "CHELLS3")
    # The SADA team's inbox does not see the ASB team's reports, even as a count.
    with people.app_context():
        factories.report("sbc-sada", reference="SADA1", area="Bedwell", age_days=1)
    assert "Repeat location" not in inbox_row(signed_in(SADA), "SADA1")


def test_unlinking_by_hand_takes_a_report_out_of_the_repeat(people, signed_in):
    with people.app_context():
        for n in (1, 2, 3):
            factories.report(reference=f"STAIR{n}", area="Bedwell", age_days=4 - n)
    officer = signed_in(ASB)
    page = Page(officer.get("/staff/reports/STAIR3/links"))
    assert "same kind and area within 28 days" in page.text()
    response = post_form(officer, "/staff/reports/STAIR3/links/STAIR1/unlink",
                         "/staff/reports/STAIR3/links/STAIR1/unlink",
                         {"reason": "A different block"})
    assert response.status_code == 302
    assert "Repeat location" not in inbox_row(officer, "STAIR3")
    with people.app_context():
        assert db.session.scalar(sa.select(ReportLink.state)) == "unlinked"


def test_a_duplicates_reporter_reads_the_originals_updates(people, signed_in, client):
    with people.app_context():
        factories.report(reference="ORIG1")
        followable("DUPE1")
    officer = signed_in(ASB)
    response = post_form(officer, "/staff/reports/DUPE1/links", "/staff/reports/DUPE1/links",
                         {"reference": "ORIG1", "how": "duplicate", "reason": "Same car"})
    assert response.status_code == 302
    post_form(officer, "/staff/reports/ORIG1/updates", "/staff/reports/ORIG1/updates",
              {"public_update-text": "The car has been removed."})
    reporter = open_at_follow_up(client, "DUPE1")
    assert "The car has been removed." in reporter.page.text()
    # Linking to a reference not in this inbox is an error next to the field.
    wrong = post_form(officer, "/staff/reports/DUPE1/links", "/staff/reports/DUPE1/links",
                      {"reference": "NOPE99", "how": "linked", "reason": "Same"})
    field_error = Page(wrong).soup.select_one("#reference-error").get_text()
    assert wrong.status_code == 400 and "no report with that reference" in field_error


def test_a_high_harm_repeat_raises_the_priority_and_emails_the_team_without_content(
        people, client, monkeypatch):
    from tests.reporting_helpers import ASB_THREATS, Reporter

    with people.app_context():
        factories.report(reference="EARLY1", area="bedwell", risk="medium", age_days=3)
        factories.report(reference="ELSEWHERE", area="chells", risk="medium", age_days=3)
        db.session.execute(sa.delete(OutboxMessage))
        db.session.commit()
    reporter = Reporter(client)
    reporter.start("asb")  # repeated and afraid at home: high risk (content/risk.yaml)
    reporter.walk({**ASB_THREATS, "where": {"where": "The stairwell", "area": "bedwell"}})
    reporter.send()
    with people.app_context():
        early = db.session.scalar(sa.select(Report).filter_by(reference="EARLY1"))
        assert early.priority == "high"
        assert early.events[-1].kind == "escalated"
        [message] = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="repeat_escalated")).all()
        assert message.personalisation["reference"] == "EARLY1"
        assert set(message.personalisation) <= {"reference", "priority", "link"}
        assert "stairwell" not in str(message.personalisation)
        other = db.session.scalar(sa.select(Report).filter_by(reference="ELSEWHERE"))
        assert other.priority == "medium"


# --- two-way contact ---------------------------------------------------------------------

def test_a_question_reaches_an_anonymous_reporter_and_their_answer_reaches_the_officer(
        people, signed_in, client):
    with people.app_context():
        followable("ANON1", status="acknowledged")  # no contact details: anonymous
    officer = signed_in(ASB)
    response = post_form(officer, "/staff/reports/ANON1/question",
                         "/staff/reports/ANON1/question",
                         {"text": "Which door of the block do they gather at?"})
    assert response.status_code == 302

    reporter = open_at_follow_up(client, "ANON1")
    questions = reporter.page.soup.select_one("#questions").get_text(" ", strip=True)
    assert "Which door of the block do they gather at?" in questions
    answer_link = reporter.page.soup.select_one("#questions a")["href"]
    reporter.get(answer_link)
    response = client.post(answer_link, data={
        "csrf_token": reporter.token(), "answer": "The back door, by the bins.",
        "photos": [(jpeg_file(), "door.jpg")]}, content_type="multipart/form-data",
        headers={"User-Agent": "SecretPhone/1.0", "X-Forwarded-For": "203.0.113.9"})
    assert response.status_code == 302
    assert "We have sent your answer" in Page(client.get("/follow-up/your-report")).text()

    with people.app_context():
        report = db.session.scalar(sa.select(Report).filter_by(reference="ANON1"))
        assert report.anonymous and report.contact is None  # nothing added about them
        answer = next(e for e in report.events if e.kind == "reporter_answer")
        assert answer.body == "The back door, by the bins." and answer.staff_id is None
        assert set(answer.data) == {"question", "photos"}
        [photo] = db.session.scalars(sa.select(ReportPhoto).filter_by(report_id=report.id))
        assert b"MarkerPhoneMaker" not in photo.data  # cleaned like the first photos
        stored = str([(e.kind, e.body, e.data) for e in report.events])
        assert "203.0.113.9" not in stored and "SecretPhone" not in stored
        assert not db.session.scalar(sa.select(OutboxMessage).filter_by(
            template="reporter_message"))  # no email address: no email
    thread = Page(officer.get("/staff/reports/ANON1")).soup.select_one("#thread")
    assert "The back door, by the bins." in thread.get_text()
    assert "with 1 photo" in thread.get_text()


def test_a_reporter_who_gave_an_email_is_told_there_is_a_message_never_what(people,
                                                                             signed_in):
    with people.app_context():
        followable("MAIL1", contact={"name": "Ann", "email": "ann@example.org"},
                   wants_updates_by_email=True)
    post_form(signed_in(ASB), "/staff/reports/MAIL1/question", "/staff/reports/MAIL1/question",
              {"text": "Is the car still there?"})
    with people.app_context():
        [message] = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="reporter_message")).all()
        assert message.to_address == "ann@example.org"
        assert "car" not in str(message.personalisation)


def test_an_empty_answer_or_a_crafted_question_id_gets_a_clear_answer(people, signed_in,
                                                                      client):
    with people.app_context():
        followable("ANON2")
    post_form(signed_in(ASB), "/staff/reports/ANON2/question", "/staff/reports/ANON2/question",
              {"text": "When did it start?"})
    reporter = open_at_follow_up(client, "ANON2")
    url = reporter.page.soup.select_one("#questions a")["href"]
    reporter.get(url)
    response = reporter.post({"answer": "   "})
    assert response.status_code == 400
    assert "Enter your answer" in reporter.page.soup.select_one("#answer-error").get_text()
    assert client.get("/follow-up/questions/999999").status_code == 404
    assert client.get("/follow-up/questions/not-a-number").status_code == 404


# --- the diary -------------------------------------------------------------------------------

def test_a_diary_entry_added_at_follow_up_is_in_the_timeline_and_the_export(people, signed_in,
                                                                            client):
    with people.app_context():
        followable("DIARY1", status="in_progress")
    reporter = open_at_follow_up(client, "DIARY1")
    reporter.get("/follow-up/diary/new")
    typed = {"happened_on": ["28", "11", "2026"], "time_of_day": "about 11pm",
             "what_happened": "They kicked the door again.",
             "how_it_affected": "I could not sleep."}
    # A date in the future is an error next to the field, and what was typed is kept.
    response = reporter.post({**typed, "happened_on": ["1", "1", "2100"]})
    assert response.status_code == 400
    assert "today or in the past" in reporter.page.soup.select_one(
        "#happened_on-error").get_text()
    assert "They kicked the door again." in reporter.page.soup.select_one(
        "textarea[name=what_happened]").get_text()
    response = reporter.post(typed)
    assert response.status_code == 302
    assert "They kicked the door again." in reporter.page.soup.select_one("#diary").find_next(
        "ol").get_text()

    officer = signed_in(ASB)
    timeline = Page(officer.get("/staff/reports/DIARY1")).soup.select_one("#diary-entries")
    assert "28 November 2026, about 11pm" in timeline.get_text()
    assert "I could not sleep." in timeline.get_text()
    export = Page(officer.get("/staff/reports/DIARY1/diary"))
    assert export.h1 == "Incident diary"
    assert "They kicked the door again." in export.text()
    with people.app_context():
        assert db.session.scalar(sa.select(DiaryEntry.what_happened)) == (
            "They kicked the door again.")
        assert db.session.scalar(sa.select(AuditEvent).filter_by(action="diary_exported"))


# --- the Case Review -------------------------------------------------------------------------

def test_two_linked_reports_in_six_months_show_the_case_review_explanation(people, client):
    with people.app_context():
        followable("FIRST1", age_days=60)
        followable("SECOND1", age_days=2,
                   answers={"what_happened": "Again",
                            "earlier_references": [{"reference": "FIRST1"}]})
        followable("ALONE1", age_days=2)
    assert "About the ASB Case Review" in open_at_follow_up(client, "SECOND1").page.text()
    assert "About the ASB Case Review" in open_at_follow_up(client, "FIRST1").page.text()
    assert "About the ASB Case Review" not in open_at_follow_up(client, "ALONE1").page.text()


def test_a_diary_entry_counts_towards_the_case_review(people, client):
    with people.app_context():
        report = followable("ONE1", age_days=5)
        db.session.add(DiaryEntry(report_id=report.id, happened_on=clock.current_time().date(),
                                  what_happened="Again", photo_ids=[]))
        db.session.commit()
    page = open_at_follow_up(client, "ONE1").page
    assert "You have made 2 reports in the last 6 months" in " ".join(page.text().split())


# --- crafted and stale requests --------------------------------------------------------------

def test_crafted_requests_get_a_clean_4xx(people, signed_in, client):
    with people.app_context():
        factories.report(reference="R1", status="closed")
        factories.report(reference="R2")
    officer = signed_in(ASB)
    assert officer.get("/staff/reports/R2/links/NOPE99/unlink").status_code == 404
    response = officer.post("/staff/reports/R1/question", data={"text": "Still there?"})
    assert response.status_code == 400  # no CSRF token: the page again, nothing sent
    page = post_form(officer, "/staff/reports/R2/question", "/staff/reports/R2/question",
                     {"text": "y" * 6000})
    assert page.status_code == 400 and "5000 characters" in Page(page).text()
    # The reporter's pages without an opened report send them to start again.
    assert client.get("/follow-up/diary/new").headers["Location"].endswith("/follow-up")
    assert client.get("/follow-up/questions/1").headers["Location"].endswith("/follow-up")
    # A stale inbox link with a made-up filter shows everything rather than an error.
    assert officer.get("/staff/inbox?due=tomorrow&sort=sideways").status_code == 200


def test_a_closed_report_takes_no_question_and_the_reporter_no_diary(people, signed_in,
                                                                      client):
    with people.app_context():
        followable("SHUT1", status="closed")
    officer = signed_in(ASB)
    with people.app_context():
        from app.casework import actions
        from app.inbox.actions import ActionError
        from app.staff.accounts import by_email

        report = db.session.scalar(sa.select(Report).filter_by(reference="SHUT1"))
        with pytest.raises(ActionError, match="closed"):
            actions.ask_question(by_email(ASB), report, "Anything else?", site_url="http://t")
    assert "Ask the person who reported it" not in Page(officer.get("/staff/reports/SHUT1")).text()
    open_at_follow_up(client, "SHUT1")
    assert client.get("/follow-up/diary/new").status_code == 302


def test_a_read_only_team_sees_the_links_but_cannot_change_them(people, signed_in):
    with people.app_context():
        report = factories.report("sbc-asb", reference="R1")
        report.routes[0].read_only = True
        db.session.commit()
    officer = signed_in(ASB)
    page = Page(officer.get("/staff/reports/R1/links"))
    assert "Link the reports" not in page.text() and "Unlink" not in page.text()
    token = page.soup.select_one("input[name=csrf_token]")["value"]  # the sign-out form's
    response = officer.post("/staff/reports/R1/links", data={
        "csrf_token": token, "reference": "R2", "how": "linked", "reason": "x"})
    assert response.status_code == 403
    assert officer.get("/staff/reports/R1/review").status_code == 403


def test_soonest_due_first(people, signed_in):
    with people.app_context():
        factories.report(reference="LATER", risk="standard", age_days=1, status="in_progress")
        factories.report(reference="SOONER", risk="standard", age_days=26, status="in_progress")
        factories.report(reference="HIGHNEW", risk="high", age_days=0, status="in_progress")
    officer = signed_in(ASB)
    # A standard report 26 days old is due for review sooner than a new high-risk one (5
    # working days); risk order would put the high one first.
    assert listed(officer, "sort=due") == ["SOONER", "HIGHNEW", "LATER"]
    assert listed(officer, "")[0] == "HIGHNEW"
