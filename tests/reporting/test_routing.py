"""Routing rules from content/routing.yaml: each starting rule, the fallback, and a broken
rules file (which stops `flask seed` naming the line and changes nothing)."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.content_files import SeedError
from app.extensions import db
from app.partnership.models import Team
from app.reporting import routing as routing_rules
from app.reporting.models import RoutingRule
from app.reporting.routing import Route, Rule, match
from app.seeding import seed_all

CONTENT = Path(__file__).resolve().parents[2] / "content"
RULES = routing_rules.parse(CONTENT / "routing.yaml")


def teams_for(kind, **facts):
    return {(r.team, r.rule_id, r.priority) for r in match(RULES, kind, facts,
                                                          "sbc-community-safety")}


def test_asb_goes_to_the_council_asb_team():
    assert teams_for("asb", asb_what="groups", category="nuisance", counts_as_asb=True,
                     risk="standard") == {("sbc-asb", "asb", "standard")}


def test_medium_risk_asb_is_medium_priority():
    assert teams_for("asb", category="nuisance", counts_as_asb=True, risk="medium") == {
        ("sbc-asb", "asb", "medium")}


def test_high_risk_asb_also_goes_to_police_at_high_priority():
    assert teams_for("asb", category="personal", counts_as_asb=True, risk="high") == {
        ("sbc-asb", "asb", "high"), ("herts-police-stevenage", "asb-high-risk", "high")}


@pytest.mark.parametrize("category", ["environmental", "gnmp"])
def test_environmental_and_neighbour_problems_go_to_the_neighbourhood_team(category):
    assert teams_for("asb", category=category, counts_as_asb=False, risk=None) == {
        ("sbc-neighbourhoods", "asb-neighbourhood", "standard")}


def test_a_high_risk_neighbour_dispute_also_goes_to_asb_and_police():
    assert teams_for("asb", category="gnmp", counts_as_asb=False, risk="high") == {
        ("sbc-neighbourhoods", "asb-neighbourhood", "standard"),
        ("sbc-asb", "asb-high-risk", "high"),
        ("herts-police-stevenage", "asb-high-risk", "high")}


def test_hate_goes_to_police_and_community_safety():
    assert teams_for("hate", near_asylum_accommodation="no") == {
        ("herts-police-stevenage", "hate", "medium"),
        ("sbc-community-safety", "hate", "medium")}


def test_hate_near_asylum_housing_also_goes_to_resettlement():
    assert ("sbc-resettlement", "hate-asylum-accommodation", "medium") in teams_for(
        "hate", near_asylum_accommodation="yes")


def test_stalking_goes_to_police():
    assert teams_for("stalking", relationship="stranger") == {
        ("herts-police-stevenage", "stalking", "medium")}


@pytest.mark.parametrize("relationship", ["current_partner", "former_partner", "family"])
def test_stalking_by_partner_ex_or_family_also_goes_to_sada(relationship):
    assert ("sbc-sada", "stalking-partner-or-family", "high") in teams_for(
        "stalking", relationship=relationship)


def test_case_review_goes_to_the_council_asb_team():
    assert teams_for("case_review") == {("sbc-asb", "case-review", "medium")}


def test_what_no_rule_matches_goes_to_the_fallback_team():
    assert teams_for("asb", category="other", counts_as_asb=False, risk="standard") == {
        ("sbc-community-safety", "fallback", "standard")}
    assert match([], "hate", {}, "fallback-team") == [
        Route("fallback-team", "fallback", "standard", routing_rules.FALLBACK_REASON)]


def test_tick_all_that_apply_answers_match_any_listed_value():
    rule = Rule("x", "stalking", {"behaviours": ["threats", "damage"]}, ("t",))
    assert rule.matches("stalking", {"behaviours": ["following", "threats"]})
    assert not rule.matches("stalking", {"behaviours": ["following"]})
    assert not rule.matches("stalking", {})


def test_route_uses_the_seeded_rules_and_the_seeded_fallback(seeded_app):
    with seeded_app.app_context():
        assert [r.rule_id for r in routing_rules.route("case_review", {})] == ["case-review"]
        db.session.execute(sa.delete(RoutingRule))
        assert routing_rules.route("hate", {}) == [
            Route("sbc-community-safety", "fallback", "standard",
                  routing_rules.FALLBACK_REASON)]


# --- the file ------------------------------------------------------------------------

@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def break_line(path: Path, find: str, replace: str) -> int:
    lines = path.read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if find in line)
    lines[index] = lines[index].replace(find, replace)
    path.write_text("\n".join(lines) + "\n")
    return index + 1


@pytest.mark.parametrize("find, replace, message", [
    ("teams: [sbc-resettlement]", "teams: [sbc-resetlement]",
     "there is no team 'sbc-resetlement'"),
    ('when: {near_asylum_accommodation: "yes"}', "when: {near_asylum_accommodation: yes}",
     'put yes and no in quotes'),
    ("when: {category: [environmental, gnmp]}", "when: {category: [enviromental]}",
     "'enviromental' is not a value of 'category'"),
    ("when: {relationship: [current_partner, former_partner, family]}",
     "when: {relation: [family]}", "'relation' is not an answer a rule can use"),
    ("kind: stalking", "kind: stalkng", "kind 'stalkng' should be one of"),
    ("priority: high", "priority: urgent", "priority should be one of"),
])
def test_a_broken_rules_file_stops_the_seed_with_its_line_and_changes_nothing(
        seeded_app, content_copy, find, replace, message):
    with seeded_app.app_context():
        before = [(r.rule_id, r.team_slugs) for r in db.session.scalars(
            sa.select(RoutingRule).order_by(RoutingRule.position))]
        assert before
        line = break_line(content_copy / "routing.yaml", find, replace)
        # Also change a team in teams.yaml: it must not be loaded either.
        teams_file = content_copy / "teams.yaml"
        teams_file.write_text(teams_file.read_text().replace(
            "name: Resettlement team (Stevenage Borough Council)", "name: Renamed team"))
        with pytest.raises(SeedError) as raised:
            seed_all(content_copy)
        assert raised.value.path.name == "routing.yaml"
        assert message in str(raised.value)
        assert raised.value.line == line
        after = [(r.rule_id, r.team_slugs) for r in db.session.scalars(
            sa.select(RoutingRule).order_by(RoutingRule.position))]
        assert after == before
        assert db.session.scalar(sa.select(Team.name).filter_by(
            slug="sbc-resettlement")) == "Resettlement team (Stevenage Borough Council)"


def test_the_seed_command_reports_a_broken_rules_file(app, runner, content_copy):
    break_line(content_copy / "routing.yaml", "kind: hate", "kind: hatred")
    app.config["CONTENT_DIR"] = str(content_copy)
    result = runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "Nothing was loaded" in result.output and "routing.yaml, line" in result.output


def test_a_rule_id_used_twice_is_refused(tmp_path):
    path = tmp_path / "routing.yaml"
    path.write_text("rules:\n  - {id: a, kind: hate, teams: [x]}\n"
                    "  - {id: a, kind: hate, teams: [y]}\n")
    with pytest.raises(SeedError, match="used twice") as raised:
        routing_rules.parse(path)
    assert raised.value.line == 3


def test_seeding_again_updates_and_removes_rules(seeded_app, content_copy):
    path = content_copy / "routing.yaml"
    text = path.read_text()
    start = text.index("  - id: case-review")
    path.write_text(text[:start].replace("teams: [herts-police-stevenage]\n    priority: medium",
                                         "teams: [herts-police-stevenage]\n    priority: high"))
    with seeded_app.app_context():
        seed_all(content_copy)
        rules = {r.rule_id: r for r in db.session.scalars(sa.select(RoutingRule))}
        assert "case-review" not in rules
        assert rules["stalking"].priority == "high"
