"""The Open311 server's promises: keys, team isolation (the inbox's rule), privacy, the
spec's error format for anything crafted, and reports going through the website's sending."""

import pytest
import sqlalchemy as sa
from defusedxml import ElementTree

from app.core.models import OutboxMessage
from app.extensions import db
from app.open311 import keys
from app.reporting.models import Report
from tests.open311.helpers import ASB_REQUEST, HATE_REQUEST, issue_key

BASE = "/open311/v2"


@pytest.fixture
def team_keys(seeded_app):
    return {"asb": issue_key(seeded_app, "REACT adapter", "sbc-asb"),
            "police": issue_key(seeded_app, "Police case system", "herts-police-stevenage"),
            "sada": issue_key(seeded_app, "SADA case system", "sbc-sada"),
            "partner": issue_key(seeded_app, "FixMyStreet", None)}


def create(client, key, form=ASB_REQUEST, fmt="json") -> str:
    response = client.post(f"{BASE}/requests.{fmt}", data={**form, "api_key": key})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()[0]["service_request_id"]


def listed(client, key) -> list[str]:
    response = client.get(f"{BASE}/requests.json", query_string={"api_key": key})
    assert response.status_code == 200
    return [r["service_request_id"] for r in response.get_json()]


@pytest.mark.parametrize("url", ["/discovery.json", "/discovery.xml", "/services.json",
                                 "/services.xml", "/services/hate.json"])
def test_without_a_key_discovery_and_services_answer(client, seeded_app, url):
    response = client.get(BASE + url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_discovery_names_this_endpoint_and_its_formats(client, seeded_app):
    endpoint = client.get(f"{BASE}/discovery.json").get_json()["endpoints"][0]
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]


@pytest.mark.parametrize("method, url", [
    ("post", "/requests.xml"), ("get", "/requests.json"), ("get", "/requests/ABCD-EFGH.json"),
    ("get", "/tokens/ABCD-EFGH.json"), ("get", "/servicerequestupdates.xml"),
    ("post", "/servicerequestupdates.json")])
def test_without_a_key_everything_else_is_refused_with_403(client, seeded_app, method, url):
    response = getattr(client, method)(BASE + url, data=ASB_REQUEST if method == "post"
                                       else None)
    assert response.status_code == 403
    if url.endswith(".xml"):
        root = ElementTree.fromstring(response.data)
        assert root.tag == "errors" and root.findtext("error/code") == "403"
        assert root.findtext("error/description") == "api_key is missing"
    else:
        assert response.get_json() == [{"code": 403, "description": "api_key is missing"}]
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 0


def test_a_wrong_or_revoked_key_is_refused(client, seeded_app, team_keys):
    wrong = client.get(f"{BASE}/requests.json", query_string={"api_key": "sos311_guess"})
    assert wrong.status_code == 403 and "not valid" in wrong.get_json()[0]["description"]
    with seeded_app.app_context():
        record = keys.find_active(team_keys["asb"])
        keys.revoke(record, None)
        db.session.commit()
    revoked = client.post(f"{BASE}/requests.json",
                          data={**ASB_REQUEST, "api_key": team_keys["asb"]})
    assert revoked.status_code == 403


def test_a_request_goes_through_the_websites_routing_risk_and_outbox(client, seeded_app,
                                                                     team_keys):
    reference = create(client, team_keys["partner"])
    with seeded_app.app_context():
        report = db.session.scalar(sa.select(Report).filter_by(reference=reference))
        assert report.submitted_by.startswith("Open311: FixMyStreet (sos311_")
        assert report.kind == "asb" and report.category == "personal"
        assert report.risk is not None and report.anonymous
        assert report.answers["effects"] == ["unsafe_at_home", "sleep"]
        assert {r.team.slug for r in report.routes} == {"sbc-asb", "herts-police-stevenage"}
        told = db.session.scalars(sa.select(OutboxMessage.to_address)).all()
        assert sorted(told) == sorted(r.team.notification_email for r in report.routes)


def test_contact_details_are_kept_apart_and_never_listed(client, seeded_app, team_keys):
    reference = create(client, team_keys["partner"], {
        **ASB_REQUEST, "first_name": "Sam", "last_name": "Jones", "email": "sam@example.org",
        "attribute[safe_times]": "After 6pm", "attribute[contact_ways][]": ["texts"],
        "attribute[email_updates]": "yes"})
    with seeded_app.app_context():
        report = db.session.scalar(sa.select(Report).filter_by(reference=reference))
        assert not report.anonymous and report.contact["email"] == "sam@example.org"
        assert report.contact["safe_times"] == "After 6pm"
        assert report.contact["contact_ways"] == ["texts"]
        assert report.wants_updates_by_email
    for key in (team_keys["asb"], team_keys["partner"]):
        text = client.get(f"{BASE}/requests/{reference}.xml",
                          query_string={"api_key": key}).get_data(as_text=True)
        assert "Sam" not in text and "sam@example.org" not in text


def test_a_key_reads_only_its_own_teams_requests(client, seeded_app, team_keys):
    asb = create(client, team_keys["asb"])
    hate = create(client, team_keys["partner"], HATE_REQUEST)
    assert listed(client, team_keys["asb"]) == [asb]
    assert hate in listed(client, team_keys["police"])
    assert listed(client, team_keys["sada"]) == []
    for key, reference in ((team_keys["sada"], asb), (team_keys["asb"], hate)):
        response = client.get(f"{BASE}/requests/{reference}.json",
                              query_string={"api_key": key})
        assert response.status_code == 404
        assert response.get_json()[0]["code"] == 404
        by_id = client.get(f"{BASE}/requests.json", query_string={
            "api_key": key, "service_request_id": reference})
        assert by_id.get_json() == []


def test_a_partner_system_sees_its_own_asb_requests_without_the_reporters_words(
        client, seeded_app, team_keys):
    asb = create(client, team_keys["partner"])
    hate = create(client, team_keys["partner"], HATE_REQUEST)
    create(client, team_keys["asb"])  # handed in by another system
    assert listed(client, team_keys["partner"]) == [asb]
    assert client.get(f"{BASE}/requests/{hate}.json",
                      query_string={"api_key": team_keys["partner"]}).status_code == 404
    [seen] = client.get(f"{BASE}/requests/{asb}.json",
                        query_string={"api_key": team_keys["partner"]}).get_json()
    assert seen["status"] == "open"
    assert seen["description"] == "" and seen["address"] == ""
    [team_view] = client.get(f"{BASE}/requests/{asb}.json",
                             query_string={"api_key": team_keys["asb"]}).get_json()
    assert team_view["description"] == ASB_REQUEST["description"]


def test_a_token_is_the_request_id(client, seeded_app, team_keys):
    reference = create(client, team_keys["asb"])
    answer = client.get(f"{BASE}/tokens/{reference}.json",
                        query_string={"api_key": team_keys["asb"]}).get_json()
    assert answer == [{"service_request_id": reference, "token": reference}]
    assert client.get(f"{BASE}/tokens/{reference}.json", query_string={
        "api_key": team_keys["sada"]}).status_code == 404


@pytest.mark.parametrize("query, says", [
    ({"start_date": "yesterday"}, "start_date must be a date and time"),
    ({"end_date": "2026-13-45T00:00:00Z"}, "end_date must be a date and time"),
    ({"start_date": "2026-11-01T00:00:00"}, "time zone"),
    ({"status": "badgered"}, "status must be open or closed"),
])
def test_crafted_queries_get_a_400_in_the_error_format(client, team_keys, query, says):
    response = client.get(f"{BASE}/requests.xml",
                          query_string={"api_key": team_keys["asb"], **query})
    assert response.status_code == 400
    assert says in ElementTree.fromstring(response.data).findtext("error/description")


@pytest.mark.parametrize("form, says", [
    ({"attribute[when_date]": "tomorrow-ish", "attribute[when_kind]": "date"},
     "when_date] must be a date"),
    ({"attribute[when_date]": "2999-01-01", "attribute[when_kind]": "date"}, "in the future"),
    ({"attribute[when_kind]": "date"}, "when_date"),
    ({"description": "x" * 5001}, "5000 characters"),
    ({"attribute[danger_now]": ["yes", "no"]}, "takes one value"),
    ({"email": "not an email"}, "email"),
    ({"attribute[]": "x"}, "attribute[] is not an attribute"),
])
def test_crafted_posts_get_a_400_and_store_nothing(client, seeded_app, team_keys, form, says):
    response = client.post(f"{BASE}/requests.json",
                           data={**ASB_REQUEST, **form, "api_key": team_keys["asb"]})
    assert response.status_code == 400, response.get_data(as_text=True)
    assert says in response.get_json()[0]["description"]
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 0


@pytest.mark.parametrize("method, url, status", [
    ("get", "/nothing.json", 404), ("get", "/requests.html", 404),
    ("put", "/requests.json", 405), ("get", "/services/asb.csv", 404)])
def test_unknown_calls_get_the_error_format(client, seeded_app, method, url, status):
    response = getattr(client, method)(BASE + url)
    assert response.status_code == status
    body = response.get_data(as_text=True)
    assert f"<code>{status}</code>" in body or f'"code": {status}' in body


def test_an_api_answer_never_sets_a_cookie(client, team_keys):
    response = client.post(f"{BASE}/requests.json",
                           data={**ASB_REQUEST, "api_key": team_keys["asb"]})
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_only_a_hash_of_a_key_is_stored_and_issuing_is_audited(seeded_app):
    from app.staff.models import AuditEvent

    key = issue_key(seeded_app, "REACT adapter", "sbc-asb")
    with seeded_app.app_context():
        record = keys.find_active(key)
        assert record.key_hash != key and key not in record.prefix + record.key_hash
        assert key.startswith(record.prefix)
        [entry] = db.session.scalars(sa.select(AuditEvent).filter_by(
            action="open311_key_issued")).all()
        assert entry.detail == {"name": "REACT adapter", "team": "sbc-asb"}


def test_text_xml_cannot_carry_is_left_out_so_the_answer_still_parses(client, team_keys):
    reference = create(client, team_keys["asb"], {
        **ASB_REQUEST, "description": "Shouting\x01 at night & <worse>\x1b"})
    response = client.get(f"{BASE}/requests/{reference}.xml",
                          query_string={"api_key": team_keys["asb"]})
    parsed = ElementTree.fromstring(response.data)
    assert parsed.findtext("request/description") == "Shouting at night & <worse>"


def test_posts_are_rate_limited_in_the_error_format(seeded_app, team_keys):
    from app.web.rate_limits import limiter

    seeded_app.config["OPEN311_POST_LIMIT"] = "2 per hour"
    limiter.reset()
    client = seeded_app.test_client()
    for _ in range(2):
        assert client.post(f"{BASE}/requests.json", data={"api_key": team_keys["asb"]}
                           ).status_code == 400
    limited = client.post(f"{BASE}/requests.json", data={"api_key": team_keys["asb"]})
    assert limited.status_code == 429
    assert limited.get_json()[0]["code"] == 429
