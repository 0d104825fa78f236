"""/follow-up: reference + receipt code open a report; wrong pairs get one message; the
reporter sees public updates and can add information, and the teams are told."""

import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Report, ReportEvent, ReportPhoto
from tests.reporting_helpers import (
    STALKING,
    Reporter,
    jpeg_file,
)


def send_report(client, answers=STALKING, kind="stalking"):
    reporter = Reporter(client)
    reporter.start(kind)
    reporter.walk(answers)
    reporter.send()
    page = reporter.page
    return (page.soup.select_one(".app-reference").get_text(strip=True),
            page.soup.select_one("#receipt-code").get_text(strip=True))


def open_report(client, reference, receipt):
    reporter = Reporter(client)
    reporter.get("/follow-up")
    response = reporter.post({"reference": reference, "receipt": receipt})
    return reporter, response


def test_the_right_pair_shows_status_and_public_updates_only(seeded_app, client):
    reference, receipt = send_report(client)
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        report.status = "acknowledged"
        db.session.add_all([
            ReportEvent(report=report, kind="public_update", public=True,
                        body="We have passed this to a stalking officer."),
            ReportEvent(report=report, kind="note", public=False,
                        body="Internal: suspect known to us."),
        ])
        db.session.commit()
    # Typed the way people type: lower case, spaces instead of dashes.
    reporter, response = open_report(client, reference.lower().replace("-", " "),
                                     receipt.lower().replace("-", ""))
    assert response.status_code == 302
    page = reporter.page
    # As written (the code's groups are separate elements, drawn together).
    assert " ".join(page.soup.find("h1").get_text().split()) == f"Your report {reference}"
    text = page.text()
    assert "Seen: a team has looked at it" in text
    assert "We have passed this to a stalking officer." in text
    assert "Internal" not in text and "suspect" not in text
    assert "Hertfordshire Constabulary" in text
    assert page.response.headers["Cache-Control"] == "no-store"


def test_wrong_pairs_get_one_generic_message(seeded_app, client):
    reference, receipt = send_report(client)
    other_reference, other_receipt = send_report(client)
    messages = set()
    for ref, code in ((reference, other_receipt), ("ACDE-FGHJ", receipt),
                      (reference, "nonsense")):
        reporter, response = open_report(client, ref, code)
        assert response.status_code == 400
        assert reporter.page.title.startswith("Error: ")
        messages.add(reporter.page.soup.select_one(".govuk-error-summary a").get_text())
    assert messages == {"We could not find a report with that reference and receipt code. "
                        "Check them and try again"}


def test_follow_up_attempts_are_rate_limited(seeded_app, client):
    seeded_app.config["FOLLOW_UP_LIMIT"] = "3 per 10 minutes"
    reference, receipt = send_report(client)
    statuses = [open_report(client, reference, "WRONG")[1].status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    reporter, response = open_report(client, reference, receipt)
    assert response.status_code == 429
    assert "Too many attempts" in reporter.page.text()


def test_adding_information_tells_each_active_team_without_the_content(seeded_app, client):
    answers = {**STALKING, "who-is-doing-it": {"relationship": "family"}}
    reference, receipt = send_report(client, answers)
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        police = next(r for r in report.routes if r.team.slug == "herts-police-stevenage")
        police.active = False  # forwarded away: that team is no longer told
        db.session.commit()
    reporter, _ = open_report(client, reference, receipt)
    response = reporter.post({"information": "He was outside my work today.",
                              "photos": [(jpeg_file(), "car.jpg")]},
                             content_type="multipart/form-data")
    assert response.status_code == 302
    assert "We have added this to your report and told the team." in reporter.page.text()
    with seeded_app.app_context():
        event = db.session.scalars(sa.select(ReportEvent).filter_by(
            kind="reporter_added")).one()
        assert event.body == "He was outside my work today." and not event.public
        assert db.session.scalar(sa.select(sa.func.count(ReportPhoto.id)).filter_by(
            report_id=event.report_id)) == 1
        updates = list(db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="update_from_reporter")))
        assert [m.to_address for m in updates] == ["sada@sosafe.example.invalid"]
        assert set(updates[0].personalisation) == {"reference", "priority", "link"}
        assert "outside my work" not in str(updates[0].personalisation)


def test_a_team_that_kept_read_only_access_is_not_told_or_listed(seeded_app, client):
    """Forwarded with read access kept: the team can still read the report, but it no
    longer works it, so the reporter's additions go to the working teams only."""
    answers = {**STALKING, "who-is-doing-it": {"relationship": "family"}}
    reference, receipt = send_report(client, answers)
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        police = next(r for r in report.routes if r.team.slug == "herts-police-stevenage")
        police.read_only = True
        db.session.commit()
    reporter, _ = open_report(client, reference, receipt)
    sent_to = next(row for row in reporter.page.soup.select(".govuk-summary-list__row")
                   if "Sent to" in row.get_text())
    assert "Constabulary" not in sent_to.get_text() and "SADA" in sent_to.get_text()
    reporter.post({"information": "He called again."})
    with seeded_app.app_context():
        updates = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="update_from_reporter"))
        assert [m.to_address for m in updates] == ["sada@sosafe.example.invalid"]


def test_adding_nothing_is_an_error(seeded_app, client):
    reference, receipt = send_report(client)
    reporter, _ = open_report(client, reference, receipt)
    response = reporter.post({"information": "   "})
    assert response.status_code == 400
    assert reporter.page.soup.select_one(".govuk-error-summary a")["href"] == "#information"


def test_a_closed_report_cannot_be_added_to(seeded_app, client):
    reference, receipt = send_report(client)
    with seeded_app.app_context():
        db.session.scalars(sa.select(Report)).one().status = "closed"
        db.session.commit()
    reporter, _ = open_report(client, reference, receipt)
    assert "This report is closed" in reporter.page.text()
    assert not reporter.page.soup.select("textarea[name=information]")


def test_without_opening_a_report_the_page_sends_you_to_follow_up(client):
    response = client.get("/follow-up/your-report")
    assert response.status_code == 302 and response.headers["Location"].endswith("/follow-up")


def test_exit_forgets_the_opened_report(seeded_app, client):
    reference, receipt = send_report(client)
    open_report(client, reference, receipt)
    assert client.get("/follow-up/your-report").status_code == 200
    client.get("/exit")
    assert client.get("/follow-up/your-report").status_code == 302
