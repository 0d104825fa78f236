"""Delivery to a team's own case system from the outbox, and its status updates read back
(polled, or pushed to us) into the inbox and /follow-up. The case system is a stand-in on
loopback that speaks Open311 as FixMyStreet's councils' systems do."""

import pytest
import sqlalchemy as sa

from app.core import outbox
from app.core.models import OutboxMessage
from app.extensions import db
from app.open311 import delivery, settings, updates
from app.partnership.teams import team_by_slug
from app.reporting.models import Report, ReportRoute
from tests.open311.helpers import ASB_REQUEST, StandInCaseSystem, issue_key
from tests.reporting_helpers import ASB_THREATS, Reporter
from tests.staff_helpers import ASB

CASE_SYSTEM_KEY = "react-gave-us-this"


class Mailbox:
    def __init__(self):
        self.sent = []

    def send(self, email):
        self.sent.append(email)

    def close(self):
        pass


@pytest.fixture
def case_system(people):
    with StandInCaseSystem() as stand_in:
        people.config["OPEN311_CASE_SYSTEM_KEYS"] = f"sbc-asb={CASE_SYSTEM_KEY}"
        with people.app_context():
            settings.point_at_case_system(team_by_slug("sbc-asb"), stand_in.url, "stevenage",
                                          True, None)
            db.session.commit()
        yield stand_in


def send_asb_report(client) -> tuple[str, str]:
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    reporter.send()
    page = reporter.page
    return (page.soup.select_one(".app-reference").get_text(strip=True),
            page.soup.select_one("#receipt-code").get_text(strip=True))


def deliver(app, **kwargs):
    with app.app_context():
        return outbox.deliver_due(app.config, backend=Mailbox(),
                                  methods=delivery.methods(app.config), **kwargs)


def test_a_new_report_reaches_the_case_system_once(people, case_system):
    reference, _ = send_asb_report(people.test_client())
    first = deliver(people)
    assert len(first.sent) == 3  # the ASB team's email, the police's, the case system
    assert deliver(people).sent == []
    [form] = case_system.posted
    assert form["api_key"] == [CASE_SYSTEM_KEY]
    assert form["jurisdiction_id"] == ["stevenage"]
    assert form["service_code"] == ["asb"]
    assert form["attribute[so_safe_reference]"] == [reference]
    assert form["description"] == [ASB_THREATS["what-happened"]["description"]]
    assert form["attribute[effects][]"] == ["unsafe_at_home", "sleep"]
    with people.app_context():
        route = db.session.scalar(sa.select(ReportRoute).join(Report).where(
            Report.reference == reference, ReportRoute.team_id == team_by_slug("sbc-asb").id))
        assert route.case_system_request_id == "REACT-9001"


def test_a_team_without_a_case_system_gets_only_its_email(people, case_system):
    with people.app_context():
        settings.stop_case_system(team_by_slug("sbc-asb"), None)
        db.session.commit()
    send_asb_report(people.test_client())
    assert len(deliver(people).sent) == 2
    assert case_system.posted == []


def test_a_sender_without_the_method_leaves_the_delivery_waiting(people, case_system):
    send_asb_report(people.test_client())
    with people.app_context():
        result = outbox.deliver_due(people.config, backend=Mailbox())
        assert len(result.sent) == 2 and result.failed == []
        waiting = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="case_system_report")).one()
        assert waiting.status == "pending" and waiting.attempts == 0


def test_a_case_system_that_is_down_is_tried_again_like_mail(people, case_system):
    send_asb_report(people.test_client())
    case_system.status = 503
    down = deliver(people)
    assert len(down.retrying) == 1 and down.failed == []
    with people.app_context():
        message = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="case_system_report")).one()
        assert "503" in message.last_error
        retry_at = message.next_attempt_at
    case_system.status = 200
    assert len(deliver(people, now=retry_at).sent) == 1
    assert len(case_system.posted) == 1


def test_a_case_system_that_refuses_fails_the_delivery_for_good(people, case_system):
    send_asb_report(people.test_client())
    case_system.status = 400
    assert len(deliver(people).failed) == 1
    with people.app_context():
        [failed] = outbox.failed_messages()
        assert failed.template == "case_system_report" and "400" in failed.last_error


def update_xml(request_id: str, update_id: str, status: str, text: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n<service_requests_updates>\n'
            f"<request_update><update_id>{update_id}</update_id>"
            f"<service_request_id>{request_id}</service_request_id><status>{status}</status>"
            f"<description>{text}</description>"
            "<updated_datetime>2026-12-01T12:00:00Z</updated_datetime></request_update>\n"
            "</service_requests_updates>\n")


def test_a_status_update_there_shows_in_the_inbox_and_at_follow_up(people, case_system,
                                                                    signed_in):
    client = people.test_client()
    reference, receipt = send_asb_report(client)
    deliver(people)
    case_system.updates_xml = update_xml("REACT-9001", "U1", "IN_PROGRESS",
                                         "An officer will visit on Friday.")
    with people.app_context():
        result = updates.poll(people.config)
        assert (result.recorded, result.problems) == (1, [])
        # Read again: the same update is not recorded twice.
        assert updates.poll(people.config).recorded == 0
        report = db.session.scalar(sa.select(Report).filter_by(reference=reference))
        assert report.status == "in_progress"
    assert case_system.polls[0]["api_key"] == [CASE_SYSTEM_KEY]

    inbox = signed_in(ASB).get(f"/staff/reports/{reference}").get_data(as_text=True)
    assert "An officer will visit on Friday." in inbox
    assert "Update from the case system of Anti-social Behaviour team" in inbox

    follow_up = Reporter(client)
    follow_up.get("/follow-up")
    follow_up.post({"reference": reference, "receipt": receipt})
    text = follow_up.page.text()
    assert "An officer will visit on Friday." in text
    assert "In progress" in text


def test_updates_stay_in_the_inbox_unless_the_team_says_they_are_public(people,
                                                                         case_system):
    with people.app_context():
        team_by_slug("sbc-asb").case_system_public_updates = False
        db.session.commit()
    send_asb_report(people.test_client())
    deliver(people)
    case_system.updates_xml = update_xml("REACT-9001", "U1", "CLOSED", "Suspect is known.")
    with people.app_context():
        updates.poll(people.config)
        report = db.session.scalars(sa.select(Report)).one()
        assert report.status == "closed" and report.outcome == "resolved"
        [event] = [e for e in report.events if e.kind == "case_system_update"]
        assert not event.public


def test_a_hostile_updates_document_is_refused_and_nothing_breaks(people, case_system):
    send_asb_report(people.test_client())
    deliver(people)
    case_system.updates_xml = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                               '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
                               "<service_requests_updates>&lol2;</service_requests_updates>")
    with people.app_context():
        result = updates.poll(people.config)
        assert result.recorded == 0 and "sbc-asb" in result.problems[0]


def test_a_team_case_system_may_push_its_updates_to_us(people, case_system, client):
    team_key = issue_key(people, "REACT adapter", "sbc-asb")
    partner_key = issue_key(people, "FixMyStreet", None)
    created = client.post("/open311/v2/requests.json",
                          data={**ASB_REQUEST, "api_key": partner_key}).get_json()
    reference = created[0]["service_request_id"]
    deliver(people)
    update = {"api_key": team_key, "service_request_id": "REACT-9001", "update_id": "U7",
              "status": "investigating", "description": "Visited today.",
              "updated_datetime": "2026-12-01T12:00:00Z"}
    pushed = client.post("/open311/v2/servicerequestupdates.xml", data=update)
    assert pushed.status_code == 200, pushed.get_data(as_text=True)
    assert "<update_id>" in pushed.get_data(as_text=True)
    again = client.post("/open311/v2/servicerequestupdates.json", data=update)
    assert again.status_code == 400 and "already exists" in again.get_json()[0]["description"]
    unknown = client.post("/open311/v2/servicerequestupdates.json",
                          data={**update, "service_request_id": "NOPE", "update_id": "U8"})
    assert unknown.status_code == 400
    not_a_team = client.post("/open311/v2/servicerequestupdates.json",
                             data={**update, "api_key": partner_key, "update_id": "U9"})
    assert not_a_team.status_code == 403

    # Read back: the partner sees the public note on the request it handed in.
    listed = client.get("/open311/v2/servicerequestupdates.json",
                        query_string={"api_key": partner_key}).get_json()
    assert [(u["service_request_id"], u["description"]) for u in listed] == [
        (reference, "Visited today.")]
    [seen] = client.get(f"/open311/v2/requests/{reference}.json",
                        query_string={"api_key": partner_key}).get_json()
    assert seen["status_notes"] == "Visited today."


def test_a_report_forwarded_to_a_team_with_a_case_system_reaches_it(people, signed_in):
    from tests import factories
    from tests.staff_helpers import post_form

    with StandInCaseSystem() as sada_system:
        with people.app_context():
            settings.point_at_case_system(team_by_slug("sbc-sada"), sada_system.url, "",
                                          False, None)
            factories.report("sbc-asb", reference="ASB0001")
            db.session.commit()
        url = "/staff/reports/ASB0001/forward"  # the task's own page (the report links it)
        response = post_form(signed_in(ASB), url, url, {
            "forward-team": "sbc-sada", "forward-reason": "Ex-partner",
            "forward-keep_read_access": "no"})
        assert response.status_code == 302
        assert len(deliver(people).sent) == 2  # SADA's email and its case system
        [form] = sada_system.posted
        assert form["attribute[so_safe_reference]"] == ["ASB0001"]
