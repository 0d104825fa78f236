"""Working a report: acknowledge, assign, status with outcomes, notes, public updates,
forwarding and redaction. Each leaves a history entry and an audit entry."""

import pytest
import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.extensions import db
from app.inbox import actions
from app.reporting.models import Report, ReportPhoto
from app.staff.accounts import by_email
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import (
    ASB,
    ASB_COLLEAGUE,
    SADA,
    post_form,
)

URL = "/staff/reports/ASB0001"


@pytest.fixture
def report_ref(people):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001", photos=2,
                         answers={"what_happened": "Ben Smith at 4 High Street shouts at us",
                                  "how_often": ["daily", "nightly"]},
                         contact={"name": "Ann", "email": "ann@example.org",
                                  "safe_times": "after 6pm"},
                         wants_updates_by_email=True)
    return "ASB0001"


def stored(app) -> Report:
    return db.session.scalars(sa.select(Report).filter_by(reference="ASB0001")).one()


def audit_actions(app) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def test_the_report_page_shows_every_answer_contact_routes_and_history(report_ref, signed_in):
    page = Page(signed_in(ASB).get(URL))
    text = page.text()
    assert page.title == "Report ASB0001 – So Safe Stevenage"
    assert "Ben Smith at 4 High Street shouts at us" in text
    # A list answer (several ticked boxes) reads a line each, never as one sentence.
    lines = [li.get_text(strip=True) for li in page.soup.select("#answers .app-answer-lines li")]
    assert lines == ["daily", "nightly"]
    assert "after 6pm" in text and "ann@example.org" in text
    assert "routing rule test-sbc-asb" in text
    assert "Report received" in text
    images = page.soup.select("img")
    assert [img["src"] for img in images] == [
        f"/staff/reports/ASB0001/photos/{n}" for n in (1, 2)]
    assert all(img["alt"] for img in images)


def test_every_view_is_audited(people, report_ref, signed_in):
    client = signed_in(ASB)
    client.get(URL)
    client.get(URL + "/photos/1")
    with people.app_context():
        rows = db.session.execute(sa.select(AuditEvent.action, AuditEvent.target,
                                            AuditEvent.staff_id)).all()
        staff_id = by_email(ASB).id
        assert ("report_viewed", "ASB0001", staff_id) in rows
        assert ("report_photo_viewed", "ASB0001", staff_id) in rows


def test_acknowledge_assign_and_close_with_an_outcome(people, report_ref, signed_in):
    client = signed_in(ASB)
    assert post_form(client, URL, URL + "/acknowledge", {}).status_code == 302
    with people.app_context():
        colleague_id = by_email(ASB_COLLEAGUE).id
    assert post_form(client, URL + "/assign", URL + "/assign",
                     {"assign-assignee": str(colleague_id)}).status_code == 302
    missing_outcome = post_form(client, URL + "/close", URL + "/close", {})
    assert missing_outcome.status_code == 400
    page = Page(missing_outcome)
    assert page.title.startswith("Error: ")
    link = page.soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Select the outcome"
    assert page.soup.select_one(link["href"]) is not None
    response = post_form(client, URL + "/close", URL + "/close",
                         {"close-outcome": "not_asb_gnmp"}, follow=True)
    history = Page(response).text()
    assert "Status changed from Acknowledged to Closed: Not ASB – Good Neighbourhood" in history
    assert f"Assigned to {ASB_COLLEAGUE}" in history
    with people.app_context():
        report = stored(people)
        assert report.status == "closed" and report.outcome == "not_asb_gnmp"
        assert report.acknowledged_at is not None and report.closed_at is not None
        assert report.assigned_to_id == colleague_id
        # Closing an ASB report as GNMP reclassifies it (counted by the partnership).
        assert not report.counts_as_asb
        # The team's acknowledgement template (content/response_templates.yaml) is posted
        # by itself when the report is acknowledged.
        assert [e.kind for e in report.events] == ["created", "acknowledged", "public_update",
                                                   "assigned", "reclassified", "status"]
        acknowledgement = report.events[2]
        assert acknowledgement.public and "ASB0001" in acknowledgement.body
        assert "Anti-social Behaviour team (Stevenage Borough Council)" in acknowledgement.body
        assert all(e.staff_id == by_email(ASB).id for e in report.events[1:])
        assert {"report_acknowledged", "report_assigned", "report_status"} <= set(
            audit_actions(people))


def test_an_impossible_status_change_is_refused(people, report_ref):
    with people.app_context():
        officer = by_email(ASB)
        report = stored(people)
        with pytest.raises(actions.ActionError):
            actions.change_status(officer, report, "new")
        actions.change_status(officer, report, "closed", "resolved")
        with pytest.raises(actions.ActionError):
            actions.acknowledge(officer, report)
        actions.change_status(officer, report, "in_progress")  # reopened
        assert report.outcome is None and report.closed_at is None


def test_assigning_to_someone_outside_the_teams_working_it_is_refused(people, report_ref):
    with people.app_context():
        with pytest.raises(actions.ActionError):
            actions.assign(by_email(ASB), stored(people), by_email(SADA).id)


def test_internal_notes_are_not_public_and_updates_are(people, report_ref, signed_in):
    client = signed_in(ASB)
    post_form(client, URL + "/notes", URL + "/notes", {"note-text": "Known to us already"})
    response = post_form(client, URL + "/updates", URL + "/updates",
                         {"public_update-text": "We have spoken to the neighbour."}, follow=True)
    assert "Update posted" in Page(response).text()
    with people.app_context():
        report = stored(people)
        note, update = report.events[1:]
        assert (note.kind, note.public, note.body) == ("note", False, "Known to us already")
        assert (update.kind, update.public) == ("public_update", True)
        # The reporter asked for emails: told there is an update, never what it says.
        message = db.session.scalars(sa.select(OutboxMessage)).one()
        assert message.to_address == "ann@example.org"
        assert message.template == "reporter_update"
        assert "spoken" not in str(message.personalisation)


def test_an_empty_update_is_refused_and_keeps_nothing(people, report_ref, signed_in):
    response = post_form(signed_in(ASB), URL + "/updates", URL + "/updates",
                         {"public_update-text": "  "})
    assert response.status_code == 400
    assert "Enter the update" in Page(response).text()
    with people.app_context():
        assert [e.kind for e in stored(people).events] == ["created"]


def test_forwarding_needs_a_team_a_reason_and_a_decision(people, report_ref, signed_in):
    response = post_form(signed_in(ASB), URL + "/forward", URL + "/forward",
                         {"forward-team": "sbc-sada"})
    page = Page(response)
    assert response.status_code == 400
    errors = [a.get_text(strip=True) for a in page.soup.select(".govuk-error-summary a")]
    assert errors == ["Enter why you are forwarding it",
                      "Select whether your team should still be able to read it"]


def test_forwarding_tells_the_new_team_without_report_content(people, report_ref, signed_in):
    post_form(signed_in(ASB), URL + "/forward", URL + "/forward", {
        "forward-team": "sbc-sada", "forward-reason": "Ex-partner", "forward-keep_read_access":
        "no"})
    with people.app_context():
        message = db.session.scalars(sa.select(OutboxMessage)).one()
        assert message.template == "forwarded_report"
        assert message.to_address == "sada@sosafe.example.invalid"
        assert set(message.personalisation) == {"reference", "priority", "link"}
        report = stored(people)
        old, new = report.routes
        assert (old.active, new.team.slug, new.rule_id, new.reason) == (
            False, "sbc-sada", "forward", "Ex-partner")
        assert new.forwarded_from_team_id == old.team_id
        forwarded = report.events[-1]
        assert forwarded.data == {"to": "sbc-sada", "from": "sbc-asb", "kept_read_access": False}


def test_removing_a_photo_deletes_its_image(people, report_ref, signed_in):
    client = signed_in(ASB)
    response = post_form(client, URL, URL + "/photos/1/remove", {}, follow=True)
    assert "Photo 1 was removed" in Page(response).text()
    assert client.get(URL + "/photos/1").status_code == 404
    assert client.get(URL + "/photos/2").status_code == 200
    with people.app_context():
        photo = db.session.get(ReportPhoto, 1)
        assert photo.redacted and photo.data == b""
        assert stored(people).events[-1].data == {"photo_id": 1}


def test_removing_a_passage_keeps_the_rest_and_never_the_words(people, report_ref, signed_in):
    client = signed_in(ASB)
    response = post_form(client, URL + "/redact", URL + "/redact", {
        "redact-field": "what_happened", "redact-passage": "at 4 High Street"}, follow=True)
    page = Page(response)
    assert "Words removed from the answer “What happened”" in page.text()
    assert "Ben Smith [redacted] shouts at us" in page.text()
    with people.app_context():
        report = stored(people)
        assert report.answers["what_happened"] == "Ben Smith [redacted] shouts at us"
        assert "High Street" not in str([(e.body, e.data) for e in report.events])
        assert "High Street" not in str(db.session.scalars(sa.select(AuditEvent.detail)).all())
    missing = post_form(client, URL + "/redact", URL + "/redact", {
        "redact-field": "what_happened", "redact-passage": "not in there"})
    assert missing.status_code == 400
    assert "Those words are not in that answer" in Page(missing).text()


def test_reclassify_an_asb_report_as_gnmp_and_back(people, report_ref, signed_in):
    client = signed_in(ASB)
    missing = post_form(client, URL + "/classification", URL + "/classification",
                        {"reclassify-to": "gnmp"})
    assert missing.status_code == 400
    page = Page(missing)
    assert page.soup.select_one("#reclassify-reason-error").get_text(strip=True).endswith(
        "Enter why you are changing it")
    same = post_form(client, URL + "/classification", URL + "/classification",
                     {"reclassify-to": "asb", "reclassify-reason": "Checking"})
    assert same.status_code == 400
    assert "already classed as Anti-social behaviour" in Page(same).text()
    done = post_form(client, URL + "/classification", URL + "/classification",
                     {"reclassify-to": "gnmp", "reclassify-reason": "A boundary dispute"},
                     follow=True)
    history = Page(done).text()
    assert "Classed as Good Neighbourhood Management (GNMP), not ASB" in history
    assert "A boundary dispute" in history
    with people.app_context():
        report = stored(people)
        assert report.counts_as_asb is False
        assert actions.classification(report) == "gnmp"
        event = report.events[-1]
        assert (event.kind, event.data, event.public) == (
            "reclassified", {"from": "asb", "to": "gnmp"}, False)
        audit = db.session.scalars(sa.select(AuditEvent).filter_by(
            action="report_reclassified")).one()
        assert audit.detail == {"from": "asb", "to": "gnmp"} and audit.target == "ASB0001"


def test_only_asb_reports_are_reclassified(people, signed_in):
    with people.app_context():
        factories.report("sbc-sada", kind="stalking", reference="STALK01")
    client = signed_in(SADA)
    page = Page(client.get("/staff/reports/STALK01"))
    assert page.soup.select_one('form[action$="/classification"]') is None
    with people.app_context():
        report = db.session.scalars(sa.select(Report).filter_by(reference="STALK01")).one()
        with pytest.raises(actions.ActionError, match="Only anti-social behaviour"):
            actions.reclassify(by_email(SADA), report, "gnmp", "Not stalking")


def test_another_team_cannot_reclassify(people, report_ref, signed_in):
    with people.app_context():
        report = stored(people)
        with pytest.raises(actions.NotAllowed):
            actions.reclassify(by_email(SADA), report, "gnmp", "Not ours")
