"""/staff/admin/open311: administrators issue keys (shown once), revoke them, and point a
team at its case system; everyone else is kept out."""

import sqlalchemy as sa
from bs4 import BeautifulSoup

from app.extensions import db
from app.open311 import keys
from app.partnership.teams import team_by_slug
from app.staff.models import AuditEvent
from tests.staff_helpers import ADMIN, ASB, post_form

PAGE = "/staff/admin/open311"


def issue(client, name="REACT adapter", team="sbc-asb"):
    return post_form(client, PAGE, f"{PAGE}/keys", {"name": name, "team": team})


def test_only_administrators_reach_the_pages(signed_in, client):
    assert signed_in(ASB).get(PAGE).status_code == 403
    assert client.get(PAGE).status_code in (302, 401)
    admin = signed_in(ADMIN)
    page = admin.get(PAGE)
    assert page.status_code == 200
    assert "Open311 keys and case systems" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_a_key_is_shown_once_stored_hashed_and_audited(signed_in, people):
    admin = signed_in(ADMIN)
    response = issue(admin)
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    key = soup.select_one("#new-key").get_text(strip=True)
    assert key.startswith("sos311_")
    with people.app_context():
        record = keys.find_active(key)
        assert record.team.slug == "sbc-asb" and record.created_by_id is not None
        [entry] = db.session.scalars(sa.select(AuditEvent).filter_by(
            action="open311_key_issued")).all()
        assert entry.staff_id == record.created_by_id
    again = admin.get(PAGE).get_data(as_text=True)
    assert key not in again and key[:11] in again


def test_a_key_for_a_partner_system_has_no_team(signed_in, people):
    response = issue(signed_in(ADMIN), name="FixMyStreet", team="")
    key = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(
        "#new-key").get_text(strip=True)
    with people.app_context():
        assert keys.find_active(key).team is None


def test_a_key_without_a_name_is_refused_next_to_the_field(signed_in, people):
    response = issue(signed_in(ADMIN), name="  ", team="sbc-asb")
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert soup.title.get_text().startswith("Error:")
    assert "Enter the name of the system" in soup.select_one("#name-error").get_text()
    with people.app_context():
        assert keys.all_keys() == []


def test_an_unknown_team_is_refused(signed_in, people):
    response = issue(signed_in(ADMIN), team="nobody")
    assert response.status_code == 400
    with people.app_context():
        assert keys.all_keys() == []


def test_revoking_stops_the_key_at_once(signed_in, people, client):
    admin = signed_in(ADMIN)
    key = BeautifulSoup(issue(admin).get_data(as_text=True), "html.parser").select_one(
        "#new-key").get_text(strip=True)
    with people.app_context():
        key_id = keys.find_active(key).id
    response = post_form(admin, PAGE, f"{PAGE}/keys/{key_id}/revoke", {})
    assert response.status_code == 302
    assert client.get("/open311/v2/requests.json",
                      query_string={"api_key": key}).status_code == 403
    with people.app_context():
        assert db.session.scalar(sa.select(AuditEvent).filter_by(
            action="open311_key_revoked")) is not None
    assert "Revoked" in admin.get(PAGE).get_data(as_text=True)
    token = BeautifulSoup(admin.get(PAGE).get_data(as_text=True), "html.parser").select_one(
        "input[name=csrf_token]")["value"]
    missing = admin.post(f"{PAGE}/keys/999/revoke", data={"csrf_token": token})
    assert missing.status_code == 404


def test_pointing_a_team_at_its_case_system(signed_in, people):
    admin = signed_in(ADMIN)
    url = f"{PAGE}/teams/sbc-asb"
    bad = post_form(admin, url, url, {"url": "ftp://react", "jurisdiction": "stevenage"})
    assert bad.status_code == 400
    soup = BeautifulSoup(bad.get_data(as_text=True), "html.parser")
    assert "starting https://" in soup.select_one("#url-error").get_text()
    assert soup.select_one("#jurisdiction")["value"] == "stevenage"  # nothing typed is lost

    good = post_form(admin, url, url, {"url": "https://react.example.org/open311/v2/",
                                       "jurisdiction": "stevenage", "public_updates": "y"})
    assert good.status_code == 302
    with people.app_context():
        team = team_by_slug("sbc-asb")
        assert team.case_system_url == "https://react.example.org/open311/v2"
        assert team.case_system_public_updates is True
    assert "https://react.example.org/open311/v2" in admin.get(PAGE).get_data(as_text=True)

    stopped = post_form(admin, url, f"{url}/stop", {})
    assert stopped.status_code == 302
    with people.app_context():
        assert team_by_slug("sbc-asb").case_system_url is None
        actions = db.session.scalars(sa.select(AuditEvent.action)).all()
        assert "case_system_set" in actions and "case_system_cleared" in actions
    assert admin.get(f"{PAGE}/teams/nobody").status_code == 404
