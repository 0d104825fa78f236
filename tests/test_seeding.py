"""The round trip with content/: `flask seed` never overwrites a change made in the browser
without saying so, and `flask content export` writes the teams, rules and risk scoring back
in the seed's own format."""

import shutil
from dataclasses import replace

import sqlalchemy as sa

from app.core.content_files import load_yaml
from app.extensions import db
from app.partnership import team_settings, teams
from app.reporting import risk, risk_editing, routing, rule_editing
from app.staff.accounts import by_email
from tests import factories
from tests.conftest import CONTENT_DIR
from tests.staff_helpers import ADMIN


def browser_changes(app) -> None:
    """What an administrator could do on the admin pages."""
    with app.app_context():
        admin = by_email(ADMIN)
        team, _ = team_settings.save_team(None, team_settings.TeamChange(
            name="Asylum Accommodation Liaison", partner_slug="sbc", slug="asylum-liaison",
            notification_email="liaison@example.org"))
        team_settings.record_version(admin.id, "Added asylum-liaison")
        rules = routing.stored_rules() + [routing.Rule(
            "hate-asylum-liaison", "hate", {"near_asylum_accommodation": "yes"},
            ("asylum-liaison",), "high", "Asylum housing liaison")]
        rules[0] = replace(rules[0], enabled=False)
        rule_editing.save(rules, admin, "routing_rule_added")
        current = risk.model(app.config["CONTENT_DIR"])
        risk_editing.save(current, risk_editing.proposed(current, current.weights, 2, 6), admin)
        db.session.commit()


def test_seed_keeps_browser_changes_and_says_so(people):
    browser_changes(people)
    runner = people.test_cli_runner()
    result = runner.invoke(args=["seed"])
    assert result.exit_code == 0, result.output
    for name in ("teams.yaml", "routing.yaml", "risk.yaml"):
        assert f"{name}: not loaded, because the" in result.output
    assert "content export" in result.output
    with people.app_context():
        assert "hate-asylum-liaison" in [r.id for r in routing.stored_rules()]
        assert risk.model(people.config["CONTENT_DIR"]).medium == 2
        assert teams.team_by_slug("asylum-liaison") is not None

    result = runner.invoke(args=["seed", "--overwrite-browser-changes"])
    assert "routing.yaml: replaced the routing rules changed in the browser" in result.output
    with people.app_context():
        assert "hate-asylum-liaison" not in [r.id for r in routing.stored_rules()]
        assert all(r.enabled for r in routing.stored_rules())
        assert risk.model(people.config["CONTENT_DIR"]).medium == 3


def test_export_writes_the_files_the_seed_reads_back(people, tmp_path):
    browser_changes(people)
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    result = people.test_cli_runner().invoke(args=["content", "export", str(content)])
    assert result.exit_code == 0, result.output
    assert f"wrote {content / 'routing.yaml'}" in result.output

    text = (content / "routing.yaml").read_text()
    assert text.startswith("# Which team inboxes a report goes to.")  # its comments kept
    rules = routing.parse(content / "routing.yaml")
    added = next(r for r in rules if r.id == "hate-asylum-liaison")
    assert (added.when, added.teams, added.priority) == (
        {"near_asylum_accommodation": "yes"}, ("asylum-liaison",), "high")
    assert not rules[0].enabled
    assert risk.parse(content / "risk.yaml").medium == 2
    team_file = load_yaml(content / "teams.yaml")
    sbc = next(p for p in team_file["partners"] if p["slug"] == "sbc")
    assert {"slug": "asylum-liaison", "name": "Asylum Accommodation Liaison",
            "notification_email": "liaison@example.org"} in sbc["teams"]

    people.config["CONTENT_DIR"] = str(content)
    result = people.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0 and "not loaded" not in result.output, result.output
    with people.app_context():
        assert [r.id for r in routing.stored_rules()] == [r.id for r in rules]
        count = db.session.scalar(sa.text("SELECT count(*) FROM setting_version"))
    result = people.test_cli_runner().invoke(args=["seed"])
    with people.app_context():  # seeding the same files again adds no version
        assert db.session.scalar(sa.text("SELECT count(*) FROM setting_version")) == count
        assert factories.team("asylum-liaison").notification_email == "liaison@example.org"
