"""The routing rules pages: only administrators, the seed's checks next to the field, the
dry run, what changed, reordering and switching off, and the way back."""

import sqlalchemy as sa

from app.core.models import SettingVersion
from app.extensions import db
from app.reporting import routing
from app.staff.models import AuditEvent
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, post_form

NEW_RULE = "/staff/admin/routing/new"


def rule_fields(**changes) -> dict:
    return {"rule_id": "hate-asylum-liaison", "kind": "hate",
            "conditions": "near_asylum_accommodation: yes", "teams": ["sbc-rough-sleepers"],
            "priority": "high", "description": "Asylum housing liaison", "enabled": "y",
            **changes}


def test_only_administrators_see_the_routing_pages(signed_in, people):
    for path in ("/staff/admin/", "/staff/admin/routing/", NEW_RULE,
                 "/staff/admin/routing/dry-run", "/staff/admin/routing/asb"):
        assert signed_in(ASB).get(path).status_code == 403
        assert people.test_client().get(path).status_code == 302  # to sign in
        assert signed_in(ADMIN).get(path).status_code == 200


def test_a_rule_the_seed_would_refuse_is_refused_next_to_its_field(signed_in, people):
    admin = signed_in(ADMIN)
    response = post_form(admin, NEW_RULE, NEW_RULE,
                         rule_fields(conditions="near_asylum_accommodation: maybe"))
    page = Page(response)
    assert response.status_code == 400
    assert page.title.startswith("Error: ")
    problem = page.soup.select_one("#conditions-error").get_text(" ", strip=True)
    assert "'maybe' is not a value of 'near_asylum_accommodation'" in problem
    assert page.soup.select_one("#conditions").get_text() == "near_asylum_accommodation: maybe"
    assert page.soup.select_one(".govuk-error-summary a")["href"] == "#conditions"

    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(rule_id="hate"))
    assert "is used twice" in Page(response).soup.select_one("#rule_id-error").get_text()
    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(rule_id="Not OK!"))
    assert "lower-case" in Page(response).soup.select_one("#rule_id-error").get_text()
    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(conditions="no colon here"))
    assert "Line 1" in Page(response).soup.select_one("#conditions-error").get_text()
    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(teams=["no-such-team"]))
    assert response.status_code == 400
    with people.app_context():
        assert "hate-asylum-liaison" not in [r.id for r in routing.stored_rules()]


def test_the_dry_run_of_a_new_rule_saves_nothing_then_saving_shows_what_changed(
        signed_in, people):
    admin = signed_in(ADMIN)
    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(try_it="Try it (dry run)"))
    result = Page(response).soup.select_one("#dry-run-result")
    assert response.status_code == 200
    rows = [r.get_text(" | ", strip=True) for r in result.select("tbody tr")]
    assert "Rough Sleeper team (Stevenage Borough Council) | high | hate-asylum-liaison" in rows
    assert any(row.endswith("| hate") for row in rows)  # the police and Community Safety
    assert "Priority: high" in result.get_text(" ", strip=True)
    with people.app_context():
        assert "hate-asylum-liaison" not in [r.id for r in routing.stored_rules()]

    response = post_form(admin, NEW_RULE, NEW_RULE, rule_fields(), follow=True)
    changed = Page(response).soup.select_one("#what-changed").get_text(" ", strip=True)
    assert "Added rule hate-asylum-liaison: hate reports (near_asylum_accommodation: yes) " \
           "to sbc-rough-sleepers at high priority" in changed
    with people.app_context():
        rule = routing.stored_rules()[-1]
        assert (rule.id, rule.teams, rule.priority) == ("hate-asylum-liaison",
                                                        ("sbc-rough-sleepers",), "high")
        decision = routing.route("hate", {"near_asylum_accommodation": "yes"})
        assert ("sbc-rough-sleepers", "hate-asylum-liaison") in [
            (r.team, r.rule_id) for r in decision]
        entry = db.session.scalars(sa.select(AuditEvent).filter_by(
            action="routing_rule_added")).one()
        assert entry.target == "hate-asylum-liaison" and entry.staff_id is not None


def test_switching_off_and_reordering_and_the_way_back(signed_in, people):
    admin = signed_in(ADMIN)
    index = "/staff/admin/routing/"
    post_form(admin, index, "/staff/admin/routing/hate-asylum-accommodation/switch", {})
    with people.app_context():
        decision = routing.route("hate", {"near_asylum_accommodation": "yes"})
        assert "sbc-resettlement" not in [r.team for r in decision]
        before = [r.id for r in routing.stored_rules()]
    response = post_form(admin, index, "/staff/admin/routing/asb-medium-risk/move",
                         {"direction": "up"}, follow=True)
    assert "New order: asb-medium-risk, asb," in Page(response).text()
    with people.app_context():
        after = [r.id for r in routing.stored_rules()]
        assert after[:2] == ["asb-medium-risk", "asb"] and before[:2] == ["asb",
                                                                          "asb-medium-risk"]
        versions = list(db.session.scalars(sa.select(SettingVersion).filter_by(
            area="routing").order_by(SettingVersion.id)))
        assert [v.source for v in versions] == ["seed", "browser", "browser"]
        seeded = versions[0].id
    assert admin.post("/staff/admin/routing/asb/move", data={"direction": "sideways"}
                      ).status_code == 400
    response = post_form(admin, index, f"/staff/admin/routing/versions/{seeded}/restore", {},
                         follow=True)
    assert response.status_code == 200
    with people.app_context():
        assert [r.id for r in routing.stored_rules()] == before
        assert all(r.enabled for r in routing.stored_rules())


def test_the_dry_run_page_shows_teams_priority_and_rule(signed_in):
    admin = signed_in(ADMIN)
    response = admin.get("/staff/admin/routing/dry-run?kind=hate&run=1&hate_online=in_person"
                         "&near_asylum_accommodation=yes")
    rows = [r.get_text(" | ", strip=True) for r in
            Page(response).soup.select("#dry-run-result tbody tr")]
    assert "Resettlement team (Stevenage Borough Council) | medium | " \
           "hate-asylum-accommodation" in rows
    response = admin.get("/staff/admin/routing/dry-run?kind=asb&run=1&asb_what=nonsense")
    assert response.status_code == 400
    assert Page(response).title.startswith("Error: ")
    assert admin.get("/staff/admin/routing/dry-run?kind=nothing").status_code == 404
