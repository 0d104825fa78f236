"""The expected outputs of mySociety's open311-adapter (t/open311/endpoint.t) that apply to
us, ported: the same XML layout and JSON shapes, the same validation of POST requests, the
same answers to GET requests. Their services are potholes and bins; ours are the report
kinds, so the values differ and the structure is what is compared."""

import json

import pytest
from defusedxml import ElementTree

from app.core import clock
from app.open311 import services
from tests.open311.helpers import ASB_REQUEST, issue_key

BASE = "/open311/v2"


@pytest.fixture
def asb_key(seeded_app):
    return issue_key(seeded_app, "REACT adapter", "sbc-asb")


def test_service_list_xml_is_laid_out_as_the_adapter_lays_it_out(client, seeded_app):
    response = client.get(f"{BASE}/services.xml")
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    text = response.get_data(as_text=True)
    # "GET Service List": declaration, two-space indent, fields in alphabetical order.
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<services>\n  <service>\n'
                           "    <description>Report anti-social behaviour in Stevenage"
                           "</description>\n    <group>community safety</group>\n"
                           "    <keywords>")
    assert "    <metadata>true</metadata>\n    <service_code>asb</service_code>\n" \
           "    <service_name>Report anti-social behaviour</service_name>\n" \
           "    <type>realtime</type>\n  </service>\n" in text
    assert text.endswith("</services>\n")
    codes = [s.findtext("service_code") for s in ElementTree.fromstring(text)]
    assert codes == ["asb", "hate", "stalking"]


def test_service_list_json_has_the_same_records(client, seeded_app):
    listed = client.get(f"{BASE}/services.json").get_json()
    assert [set(s) for s in listed] == [{"keywords", "group", "service_name", "type",
                                        "metadata", "description", "service_code"}] * 3
    assert listed[0]["metadata"] is True and listed[0]["type"] == "realtime"


def test_service_definition_xml_matches_the_adapters_attribute_layout(client, seeded_app):
    text = client.get(f"{BASE}/services/asb.xml").get_data(as_text=True)
    # "GET Service Definition": attributes, then service_code; in each attribute the
    # fields in alphabetical order, values as name then key.
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<service_definition>\n'
                           "  <attributes>\n    <attribute>\n      <code>danger_now</code>\n"
                           "      <datatype>singlevaluelist</datatype>\n"
                           "      <datatype_description>yes | no</datatype_description>\n"
                           "      <description>Is anyone in danger now, or is a crime "
                           "happening now?</description>\n      <order>1</order>\n"
                           "      <required>true</required>\n      <values>\n"
                           "        <value>\n          <name>Yes</name>\n"
                           "          <key>yes</key>\n        </value>\n")
    assert text.endswith("  </attributes>\n  <service_code>asb</service_code>\n"
                         "</service_definition>\n")


def test_service_definition_json_lists_each_question_with_its_allowed_values(client,
                                                                             seeded_app):
    definition = client.get(f"{BASE}/services/asb.json").get_json()
    assert definition["service_code"] == "asb"
    by_code = {a["code"]: a for a in definition["attributes"]}
    assert [a["order"] for a in definition["attributes"]] == list(
        range(1, len(by_code) + 1))
    what = by_code["asb_what"]
    assert what["datatype"] == "singlevaluelist" and what["required"] is True
    assert {"key": "threats", "name":
            "Threats, intimidation or harassment aimed at me or my family"} in what["values"]
    assert by_code["effects"]["datatype"] == "multivaluelist"
    # Asked only about harm to people, so not required on every path.
    assert by_code["repeat"]["required"] is False
    # The standard fields carry these; they are not attributes.
    assert not {"where", "description", "name", "email", "phone",
                "contact_wanted"} & set(by_code)


def test_an_unknown_service_is_a_404_in_the_error_format(client, seeded_app):
    response = client.get(f"{BASE}/services/BADGER.xml")
    assert response.status_code == 404
    root = ElementTree.fromstring(response.data)
    assert root.tag == "errors" and root.find("error/code").text == "404"


@pytest.mark.parametrize("form, status, says", [
    ({}, 403, "api_key is missing"),                              # no service_code, no key
    ({"service_code": "asb"}, 403, "api_key is missing"),          # no api_key
    ({"service_code": "BADGER", "key": True}, 400, "service_code 'BADGER'"),
    ({"service_code": "asb", "address_string": "22 Acacia Avenue", "first_name": "Bob",
      "last_name": "Mould", "key": True}, 400, "attribute[danger_now] is required"),
    ({**ASB_REQUEST, "attribute[asb_what]": "starfish", "key": True}, 400,
     "'starfish' is not one of"),
    ({**ASB_REQUEST, "attribute[badger]": "yes", "key": True}, 400,
     "attribute[badger] is not an attribute of asb"),
    ({**ASB_REQUEST, "address_string": "", "key": True}, 400, "address_string"),
])
def test_post_service_request_validation(client, asb_key, form, status, says):
    """"POST Service Request validation": each of these is refused."""
    form = dict(form)
    if form.pop("key", False):
        form["api_key"] = asb_key
    response = client.post(f"{BASE}/requests.json", data=form)
    assert response.status_code == status
    [error] = response.get_json()
    assert error["code"] == status and says in error["description"]


def test_a_valid_post_answers_with_the_request_id_and_a_notice(client, asb_key):
    """"POST Service Request valid test": JSON, then XML."""
    first = client.post(f"{BASE}/requests.json", data={**ASB_REQUEST, "api_key": asb_key})
    assert first.status_code == 200
    [created] = first.get_json()
    assert set(created) == {"service_request_id", "service_notice"}
    assert created["service_notice"].startswith(f"Reference {created['service_request_id']}")

    second = client.post(f"{BASE}/requests.xml", data={**ASB_REQUEST, "api_key": asb_key})
    text = second.get_data(as_text=True)
    reference = ElementTree.fromstring(second.data).findtext("request/service_request_id")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>\n'
                           "  <request>\n    <service_notice>Reference ")
    assert text.endswith(f"    <service_request_id>{reference}</service_request_id>\n"
                         "  </request>\n</service_requests>\n")
    assert reference != created["service_request_id"]


def test_an_optional_list_left_empty_is_accepted(client, asb_key):
    """"POST Service Request with optional singlevaluelist": nothing picked is fine."""
    response = client.post(f"{BASE}/requests.json", data={
        **ASB_REQUEST, "api_key": asb_key, "attribute[when_time]": ""})
    assert response.status_code == 200


def test_get_service_requests_lists_every_field_in_the_adapters_order(client, asb_key,
                                                                      monkeypatch):
    """"GET Service Requests" and "GET Service Request", with the clock fixed as there."""
    from datetime import UTC, datetime

    monkeypatch.setattr(clock, "current_time", lambda: datetime(2026, 11, 1, 12, tzinfo=UTC))
    [created] = client.post(f"{BASE}/requests.json",
                            data={**ASB_REQUEST, "api_key": asb_key}).get_json()
    reference = created["service_request_id"]
    expected = f"""<?xml version="1.0" encoding="utf-8"?>
<service_requests>
  <request>
    <address>Outside the shops on Marshgate</address>
    <address_id></address_id>
    <agency_responsible>Anti-social Behaviour team (Stevenage Borough Council)</agency_responsible>
    <description>A group shouted threats at my door again.</description>
    <expected_datetime></expected_datetime>
    <lat></lat>
    <long></long>
    <media_url></media_url>
    <requested_datetime>2026-11-01T12:00:00Z</requested_datetime>
    <service_code>asb</service_code>
    <service_name>Report anti-social behaviour</service_name>
    <service_notice></service_notice>
    <service_request_id>{reference}</service_request_id>
    <status>open</status>
    <status_notes></status_notes>
    <updated_datetime>2026-11-01T12:00:00Z</updated_datetime>
    <zipcode></zipcode>
  </request>
</service_requests>
"""
    listed = client.get(f"{BASE}/requests.xml", query_string={
        "api_key": asb_key, "start_date": "2026-10-01T00:00:00Z"})
    assert listed.get_data(as_text=True).replace(
        ", Hertfordshire Constabulary – Stevenage", "") == expected
    by_code = client.get(f"{BASE}/requests.xml", query_string={
        "api_key": asb_key, "service_code": "asb", "start_date": "2026-10-01T00:00:00Z"})
    assert by_code.data == listed.data
    none = client.get(f"{BASE}/requests.xml", query_string={
        "api_key": asb_key, "service_code": "stalking", "start_date": "2026-10-01T00:00:00Z"})
    assert none.get_data(as_text=True) == ('<?xml version="1.0" encoding="utf-8"?>\n'
                                           "<service_requests>\n</service_requests>\n")
    one = client.get(f"{BASE}/requests/{reference}.xml", query_string={"api_key": asb_key})
    assert one.data == listed.data
    as_json = client.get(f"{BASE}/requests/{reference}.json",
                         query_string={"api_key": asb_key}).get_json()
    assert json.loads(json.dumps(as_json))[0]["service_request_id"] == reference


def test_every_service_definition_is_one_the_journeys_can_send(seeded_app):
    """Each required attribute is a question of the journey, with its allowed values."""
    from app.reporting.questions import QUESTIONS

    for kind in services.SERVICE_KINDS:
        for attribute in services.attributes(kind):
            question = QUESTIONS[attribute.code]
            assert {k for k, _ in attribute.values} == question.values
