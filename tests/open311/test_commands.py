"""`flask open311 …`: keys and case systems from the command line, as the README shows,
and `case_system:` in content/teams.yaml."""

import shutil

import pytest
import sqlalchemy as sa

from app.core.content_files import SeedError
from app.extensions import db
from app.open311 import keys
from app.partnership.teams import team_by_slug
from app.seeding import seed_all
from app.staff.models import AuditEvent
from tests.open311.helpers import StandInCaseSystem


def test_issue_list_and_revoke_a_key(seeded_app):
    runner = seeded_app.test_cli_runner()
    issued = runner.invoke(args=["open311", "issue-key", "REACT adapter", "--team", "sbc-asb"])
    assert issued.exit_code == 0, issued.output
    key = issued.output.splitlines()[1]
    assert key.startswith("sos311_") and "will not be shown again" in issued.output
    with seeded_app.app_context():
        assert keys.find_active(key).team.slug == "sbc-asb"
    listed = runner.invoke(args=["open311", "keys"])
    assert "REACT adapter\tsbc-asb\tactive" in listed.output and key not in listed.output
    revoked = runner.invoke(args=["open311", "revoke-key", "1"])
    assert revoked.exit_code == 0
    with seeded_app.app_context():
        assert keys.find_active(key) is None
        assert db.session.scalars(sa.select(AuditEvent.action)).all() == [
            "open311_key_issued", "open311_key_revoked"]


def test_the_commands_refuse_unknown_teams_and_keys(seeded_app):
    runner = seeded_app.test_cli_runner()
    assert runner.invoke(args=["open311", "issue-key", "X", "--team", "nope"]).exit_code == 1
    assert runner.invoke(args=["open311", "issue-key", " "]).exit_code == 1
    assert runner.invoke(args=["open311", "revoke-key", "42"]).exit_code == 1
    bad = runner.invoke(args=["open311", "case-system", "sbc-asb", "file:///etc/passwd"])
    assert bad.exit_code == 1 and "https://" in bad.output


def test_point_a_team_at_a_case_system_and_poll_it(seeded_app):
    runner = seeded_app.test_cli_runner()
    with StandInCaseSystem() as case_system:
        pointed = runner.invoke(args=["open311", "case-system", "sbc-asb", case_system.url,
                                      "--jurisdiction", "stevenage", "--public-updates"])
        assert pointed.exit_code == 0, pointed.output
        polled = runner.invoke(args=["open311", "poll"])
        assert polled.exit_code == 0, polled.output
        assert "Recorded 0 updates" in polled.output
        assert len(case_system.polls) == 1
    with seeded_app.app_context():
        team = team_by_slug("sbc-asb")
        assert team.case_system_jurisdiction == "stevenage" and team.case_system_polled_at
    down = runner.invoke(args=["open311", "poll"])  # the stand-in has gone
    assert down.exit_code == 1 and "sbc-asb: case system unreachable" in down.output
    stopped = runner.invoke(args=["open311", "case-system", "sbc-asb", "--stop"])
    assert stopped.exit_code == 0
    with seeded_app.app_context():
        assert team_by_slug("sbc-asb").case_system_url is None


@pytest.fixture
def content_copy(tmp_path):
    from tests.conftest import CONTENT_DIR

    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def with_case_system(content_dir, block: str) -> None:
    path = content_dir / "teams.yaml"
    text = path.read_text()
    anchor = "        notification_email: asb@sosafe.example.invalid\n"
    path.write_text(text.replace(anchor, anchor + block))


def test_teams_yaml_can_point_a_team_at_its_case_system(app, content_copy):
    with_case_system(content_copy, "        case_system:\n"
                     "          url: https://react.example.org/open311/v2/\n"
                     "          public_updates: true\n")
    with app.app_context():
        seed_all(content_copy)
        team = team_by_slug("sbc-asb")
        assert team.case_system_url == "https://react.example.org/open311/v2"
        assert team.case_system_public_updates is True
        # Set in the browser for a team the file says nothing about: seeding keeps it.
        team_by_slug("sbc-sada").case_system_url = "https://sada.example.org/open311/v2"
        db.session.commit()
        seed_all(content_copy)
        assert team_by_slug("sbc-sada").case_system_url == "https://sada.example.org/open311/v2"


def test_a_wrong_case_system_in_teams_yaml_names_the_line(app, content_copy):
    with_case_system(content_copy, "        case_system:\n          url: react\n")
    with app.app_context(), pytest.raises(SeedError) as error:
        seed_all(content_copy)
    assert "teams.yaml" in str(error.value) and "case_system" in str(error.value)
