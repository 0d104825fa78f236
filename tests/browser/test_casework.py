"""Case work in a phone-sized browser, with axe-core on every new page and error state: the
reporter answers a team's question and keeps a diary at /follow-up and is told about the
Case Review; an officer reviews the risk, links reports, asks a question and prints the
diary."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.casework_helpers import RECEIPT, followable
from tests.reporting_helpers import make_jpeg
from tests.staff_helpers import ASB

pytestmark = pytest.mark.browser


def press(page, name):
    with page.expect_navigation(wait_until="load"):
        page.locator("main").get_by_role("button", name=name, exact=True).click()


def follow(locator) -> None:
    """Click a link and wait for the next page to load before looking at it."""
    with locator.page.expect_navigation(wait_until="load"):
        locator.click()


def sign_in(page, email: str) -> None:
    page.goto("/staff/login")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(factories.PASSWORD)
    press(page, "Sign in")


def test_the_reporter_answers_keeps_a_diary_and_is_told_about_the_case_review(
        people, phone, assert_accessible, tmp_path):
    with people.app_context():
        factories.report(reference="FIRST1", age_days=30,
                         answers={"what_happened": "Shouting on the stairs"})
        followable("SECOND1", status="in_progress", age_days=2, answers={
            "what_happened": "Again", "earlier_references": [{"reference": "FIRST1"}]})
    officer = phone.context.new_page()
    sign_in(officer, ASB)
    officer.goto("/staff/reports/SECOND1/question")
    officer.get_by_label("Your question").fill("Which door do they gather at?")
    press(officer, "Send the question")
    officer.close()

    phone.goto("/follow-up")
    phone.fill("#reference", "SECOND1")
    phone.fill("#receipt", RECEIPT)
    press(phone, "Continue")
    expect(phone.locator("#questions")).to_contain_text("Which door do they gather at?")
    expect(phone.locator("#case-review-explained")).to_contain_text("2 reports in the last 6")
    assert_accessible(phone, "your report with a question and the Case Review")

    follow(phone.locator("#questions a"))
    expect(phone.locator("h1")).to_have_text("Answer the team's question")
    assert_accessible(phone, "answer")
    press(phone, "Send my answer")
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter your answer")
    assert_accessible(phone, "answer with an error")
    photo = tmp_path / "door.jpg"
    photo.write_bytes(make_jpeg())
    phone.get_by_label("Your answer").fill("The back door, by the bins.")
    phone.get_by_label("Add photos (optional)").set_input_files(str(photo))
    press(phone, "Send my answer")
    expect(phone.locator(".govuk-notification-banner--success")).to_contain_text(
        "sent your answer")
    assert_accessible(phone, "your report (answered)")

    follow(phone.get_by_role("link", name="Add an incident to your diary"))
    expect(phone.locator("h1")).to_have_text("Add an incident to your diary")
    assert_accessible(phone, "diary entry")
    phone.get_by_label("Day").fill("31")
    phone.get_by_label("Month").fill("2")
    phone.get_by_label("Year").fill("2026")
    phone.get_by_label("What happened?").fill("They kicked the door again.")
    press(phone, "Add to my diary")
    expect(phone.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    expect(phone.get_by_label("What happened?")).to_have_value("They kicked the door again.")
    assert_accessible(phone, "diary entry with an error")
    phone.get_by_label("Day").fill("28")
    phone.get_by_label("Month").fill("11")
    press(phone, "Add to my diary")
    expect(phone.locator("main")).to_contain_text("28 November 2026")
    assert_accessible(phone, "your report (diary added)")
    assert phone.third_party_requests == []


def test_an_officers_case_work_pages_at_phone_size(people, phone, assert_accessible):
    with people.app_context():
        for n in (1, 2, 3):
            factories.report(reference=f"STAIR{n}", area="bedwell", age_days=30 - n,
                             status="in_progress", answers={"what_happened": "Noise",
                                                            "repeat": "often",
                                                            "effects": ["sleep"]})
        diary_report = followable("DIARY1", status="in_progress")
        from app.casework.models import DiaryEntry
        from app.extensions import db

        db.session.add(DiaryEntry(report_id=diary_report.id, happened_on=diary_report
                                  .created_at.date(), what_happened="Door kicked",
                                  photo_ids=[]))
        db.session.commit()
    sign_in(phone, ASB)
    expect(phone.locator("#reports")).to_contain_text("Repeat location: 3 reports")
    expect(phone.locator("#reports")).to_contain_text("Review overdue")
    assert_accessible(phone, "inbox with case-work flags")
    phone.goto("/staff/inbox?due=overdue&sort=due")
    assert_accessible(phone, "inbox, overdue first")

    phone.goto("/staff/reports/STAIR3")
    expect(phone.locator("#tasks")).to_contain_text("Review the risk")  # the one task list
    expect(phone.locator("#casework")).to_be_visible()
    assert_accessible(phone, "report with case work")

    follow(phone.get_by_role("link", name="Review the risk"))
    assert_accessible(phone, "review")
    press(phone, "Save the review")
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "review with an error")
    phone.get_by_label("Why this level?").fill("Visited the block")
    press(phone, "Save the review")
    expect(phone.locator(".govuk-notification-banner")).to_contain_text("Risk reviewed")

    expect(phone.locator("#casework-summary")).to_contain_text("Linked reports 2")
    follow(phone.get_by_role("link", name="Link, unlink or mark a duplicate"))
    assert_accessible(phone, "linked reports")
    phone.get_by_label("Reference of the other report").fill("NOPE99")
    phone.get_by_label("The same person or the same problem").check()
    phone.get_by_label("Why?").fill("Same family")
    press(phone, "Link the reports")
    expect(phone.locator(".govuk-error-summary")).to_contain_text("no report with that")
    assert_accessible(phone, "linked reports with an error")
    follow(phone.get_by_role("link", name="Unlink STAIR1"))
    assert_accessible(phone, "unlink")
    press(phone, "Unlink")
    assert_accessible(phone, "unlink with an error")

    phone.goto("/staff/reports/STAIR3/question")
    assert_accessible(phone, "question")
    press(phone, "Send the question")
    assert_accessible(phone, "question with an error")

    phone.goto("/staff/reports/DIARY1")
    expect(phone.locator("#diary-entries")).to_contain_text("Door kicked")
    expect(phone.locator("#casework-summary")).to_contain_text("Diary entries 1")
    follow(phone.get_by_role("link", name="Read or print the incident diary"))
    expect(phone.locator("h1")).to_have_text("Incident diary")
    assert_accessible(phone, "printable diary")
    assert phone.third_party_requests == []
