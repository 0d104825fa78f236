"""An Open311 GeoReport v2 client we did not write, civicbot's (PyPI ``civicbot``), driven
against our server on a loopback port (the ``live_server`` fixture of the browser tests),
as another front end would drive it.

civicbot sends ``api_key`` with a POST, as the spec has it, but not with reads; our reads
need a key, so the test gives the client a transport (its own extension point, "every
network call goes through a transport object") that adds the team's key to each call, as
a system holding a key would. Everything else is the client's own code: URLs, parameters,
validation against our service definition, parsing our JSON.
"""

import pytest

from app.extensions import db
from app.open311 import updates
from app.partnership.teams import team_by_slug
from tests.open311.helpers import ASB_REQUEST, issue_key

civicbot = pytest.importorskip("civicbot", reason="pip install -e '.[test]' (civicbot)")
from civicbot.http import HttpError, HttpTransport, RateLimiter  # noqa: E402
from civicbot.open311 import CONFIRM_TOKEN, Open311Client  # noqa: E402
from civicbot.registry import Endpoint  # noqa: E402


class KeyedTransport(HttpTransport):
    """civicbot's transport, with the key added to reads too."""

    def __init__(self, api_key: str | None):
        super().__init__(rate_limiter=RateLimiter(min_interval=0))
        self.api_key = api_key

    def get_bytes(self, url, params=None, headers=None):
        params = dict(params or {})
        if self.api_key:
            params["api_key"] = self.api_key
        return super().get_bytes(url, params, headers)


def client_for(base_url: str, api_key: str | None = None) -> Open311Client:
    endpoint = Endpoint(id="so-safe", name="So Safe Stevenage", write=True,
                        base_url=f"{base_url}/open311/v2")
    return Open311Client(endpoint, transport=KeyedTransport(api_key))


def attributes_of(form: dict) -> dict:
    """Our test request's attributes, as civicbot takes them (a list for a multivaluelist)."""
    found = {}
    for name, value in form.items():
        if name.startswith("attribute["):
            found[name[len("attribute["):].split("]")[0]] = value
    return found


def test_the_client_lists_services_and_reads_a_definition(seeded_app, live_server):
    url = live_server
    client = client_for(url)
    services = client.list_services()
    assert [s["service_code"] for s in services] == ["asb", "hate", "stalking"]
    definition = client.get_service_definition("asb")
    codes = [a["code"] for a in definition["attributes"]]
    assert codes[:2] == ["danger_now", "asb_what"]


def test_the_client_creates_an_asb_request_reads_it_back_and_reads_its_updates(
        seeded_app, live_server):
    key = issue_key(seeded_app, "A partner's case system", "sbc-asb")
    url = live_server
    client = client_for(url, key)
    # civicbot checks the request against our live definition before it sends it.
    prepared = client.create_request(
        "asb", dry_run=False, confirm=CONFIRM_TOKEN, api_key=key, validate_remote=True,
        address_string=ASB_REQUEST["address_string"],
        description=ASB_REQUEST["description"], attributes=attributes_of(ASB_REQUEST))
    [created] = prepared.response
    reference = created["service_request_id"]

    request = client.get_request(reference)
    assert request["status"] == "open"
    assert request["service_code"] == "asb"
    assert request["description"] == ASB_REQUEST["description"]
    assert [r["service_request_id"] for r in client.list_requests()] == [reference]

    # The team's case system says it is being dealt with; the client reads it.
    with seeded_app.app_context():
        updates.apply(team_by_slug("sbc-asb"), {
            "service_request_id": reference, "update_id": "R-1",
            "status": "investigating", "description": "An officer is looking into it."},
            site_url=seeded_app.config["SITE_URL"])
        db.session.commit()
    request = client.get_request(reference)
    assert request["status_notes"] == "An officer is looking into it."
    feed = client.http.get_json(client._url("servicerequestupdates"), client._params())
    assert [(u["service_request_id"], u["description"]) for u in feed] == [
        (reference, "An officer is looking into it.")]
    assert client.get_token(reference) == [{"service_request_id": reference,
                                            "token": reference}]


def test_the_client_without_a_key_is_refused_with_403_in_the_error_format(seeded_app, live_server):
    url = live_server
    client = client_for(url)
    with pytest.raises(HttpError) as refused:
        client.http.post_form(f"{url}/open311/v2/requests.json", ASB_REQUEST)
    assert refused.value.status == 403
    assert '"code": 403' in refused.value.body


def test_another_teams_key_cannot_read_the_request(seeded_app, live_server):
    asb_key = issue_key(seeded_app, "REACT adapter", "sbc-asb")
    sada_key = issue_key(seeded_app, "SADA case system", "sbc-sada")
    url = live_server
    created = client_for(url, asb_key).create_request(
        "asb", dry_run=False, confirm=CONFIRM_TOKEN, api_key=asb_key,
        address_string=ASB_REQUEST["address_string"],
        description=ASB_REQUEST["description"], attributes=attributes_of(ASB_REQUEST))
    reference = created.response[0]["service_request_id"]
    other = client_for(url, sada_key)
    with pytest.raises(HttpError) as not_found:
        other.get_request(reference)
    assert not_found.value.status == 404
    assert other.list_requests() == []
