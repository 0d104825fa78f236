"""Asking for an ASB Case Review: earlier reports proved with their receipt codes, the
threshold worked out, and the request sent to the council's ASB team."""

import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Report, ReportEvent
from tests.reporting_helpers import ASB_THREATS, Reporter

WITH_CONTACT = {**ASB_THREATS, "contact": {"contact_wanted": "yes"},
                "contact-details": {"name": "Sam", "phone": "07700 900982"}}


def send(client, answers):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(answers)
    reporter.send()
    soup = reporter.page.soup
    return (soup.select_one(".app-reference").get_text(strip=True),
            soup.select_one("#receipt-code").get_text(strip=True))


def earlier(pairs):
    data = {}
    for index, (reference, receipt) in enumerate(pairs):
        data[f"reports-{index}-reference"] = reference
        data[f"reports-{index}-receipt"] = receipt
    return data


def test_three_reports_meet_the_threshold_and_the_request_goes_to_asb(seeded_app, client):
    pairs = [send(client, WITH_CONTACT) for _ in range(3)]
    reporter = Reporter(client)
    reporter.start("case_review")
    assert reporter.step == "earlier-reports"
    reporter.answer(earlier(pairs))
    assert reporter.step == "your-details"
    reporter.answer({"name": "Sam Example", "email": "sam@example.org"})
    assert reporter.step == "check-your-answers"
    text = reporter.page.text()
    assert "Yes. 3 of your reports count, and the threshold is 3" in text
    reporter.send()
    assert reporter.page.title == "Request sent – So Safe Stevenage"
    with seeded_app.app_context():
        request = db.session.scalars(sa.select(Report).filter_by(kind="case_review")).one()
        assert not request.anonymous and request.contact["name"] == "Sam Example"
        assert [(r.team.slug, r.rule_id) for r in request.routes] == [("sbc-asb", "case-review")]
        assert sorted(i["reference"] for i in request.answers["earlier_references"]) == sorted(
            p[0] for p in pairs)
        assessment = db.session.scalars(sa.select(ReportEvent).filter_by(
            report_id=request.id, kind="case_review")).one().data
        assert assessment["met"] is True and len(assessment["qualifying"]) == 3
        linked = db.session.scalars(sa.select(ReportEvent).where(
            ReportEvent.kind == "case_review", ReportEvent.report_id != request.id)).all()
        assert len(linked) == 3
        assert all(e.data["case_review_reference"] == request.reference for e in linked)
        assert db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(
            OutboxMessage.personalisation["reference"].as_string() == request.reference)) == 1


def test_two_reports_one_anonymous_explain_the_case_review(seeded_app, client):
    named = send(client, WITH_CONTACT)
    anonymous = send(client, ASB_THREATS)
    reporter = Reporter(client)
    reporter.start("case_review")
    reporter.answer(earlier([named, anonymous]))
    reporter.answer({"name": "Sam Example", "phone": "07700 900982"})
    text = reporter.page.text()
    assert "Not yet. 1 of your reports counts, and the threshold is 3" in text
    listed = [" ".join(item.get_text().split()) for item in reporter.page.soup.select("main li")]
    assert any(item.startswith(f"{anonymous[0]}: it was made without contact details")
               for item in listed), listed
    assert "About the ASB Case Review" in text and "not a complaints procedure" in text


def test_a_wrong_receipt_code_is_refused_for_that_row(seeded_app, client):
    reference, _ = send(client, WITH_CONTACT)
    reporter = Reporter(client)
    reporter.start("case_review")
    response = reporter.post(earlier([(reference, "AAAAAA-AAAAAA-AAAAAA")]))
    assert response.status_code == 400
    link = reporter.page.soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#reports-0-reference"
    assert "do not match" in link.get_text()
    assert reporter.page.soup.select_one("#reports-0-reference")["value"] == reference
    reporter.post({})
    assert "at least one earlier report" in reporter.page.text()


def test_the_case_review_needs_a_name(seeded_app, client):
    pair = send(client, WITH_CONTACT)
    reporter = Reporter(client)
    reporter.start("case_review")
    reporter.answer(earlier([pair]))
    reporter.post({"email": "sam@example.org"})
    assert "Enter your full name" in reporter.page.text()
