import shutil

import pytest
import sqlalchemy as sa

from app.core.content_files import SeedError
from app.extensions import db
from app.partnership.models import Partner, Team
from app.seeding import seed_all


def snapshot():
    return [
        (t.slug, t.name, t.partner.slug, t.notification_email, t.is_fallback,
         t.requires_totp, t.pages_need_approval, t.public_response_text)
        for t in db.session.scalars(sa.select(Team).order_by(Team.slug))
    ]


def test_seed_twice_changes_nothing(app):
    with app.app_context():
        seed_all(app.config["CONTENT_DIR"])
        first = snapshot()
        seed_all(app.config["CONTENT_DIR"])
        assert snapshot() == first
        assert db.session.scalar(sa.select(sa.func.count(Team.id))) == len(first)
    slugs = {row[0] for row in first}
    assert {"sbc-asb", "sbc-community-safety", "sbc-neighbourhoods", "sbc-sada",
            "sbc-resettlement", "sbc-rough-sleepers", "herts-police-stevenage"} <= slugs


def test_exactly_one_fallback_team(seeded_app):
    with seeded_app.app_context():
        assert [t.slug for t in db.session.scalars(sa.select(Team).filter_by(
            is_fallback=True))] == ["sbc-community-safety"]


@pytest.fixture
def content_copy(app, tmp_path):
    target = tmp_path / "content"
    shutil.copytree(app.config["CONTENT_DIR"], target)
    return target


def test_a_malformed_file_names_the_file_and_line_and_loads_nothing(app, content_copy):
    teams = content_copy / "teams.yaml"
    lines = teams.read_text().splitlines()
    first_team = next(i for i, line in enumerate(lines) if "- slug: sbc-community-safety" in line)
    lines[first_team + 1] = "        nme: misspelt key"
    teams.write_text("\n".join(lines) + "\n")
    with app.app_context():
        with pytest.raises(SeedError) as raised:
            seed_all(content_copy)
        assert raised.value.path.name == "teams.yaml"
        assert raised.value.line == first_team + 1
        assert "'name' is missing" in str(raised.value)
        assert db.session.scalar(sa.select(sa.func.count(Partner.id))) == 0


def test_a_team_can_ask_for_a_second_pair_of_eyes_on_publishing(app, content_copy):
    teams = content_copy / "teams.yaml"
    text = teams.read_text()
    assert "pages_need_approval: false" in text
    teams.write_text(text.replace("pages_need_approval: false", "pages_need_approval: true"))
    with app.app_context():
        seed_all(content_copy)
        asking = db.session.scalars(sa.select(Team.slug).filter_by(pages_need_approval=True))
        assert list(asking) == ["sbc-communications"]
    teams.write_text(text.replace("pages_need_approval: false", "pages_need_approval: maybe"))
    with app.app_context():
        with pytest.raises(SeedError, match="pages_need_approval must be true or false"):
            seed_all(content_copy)


def test_a_yaml_syntax_error_names_the_line(app, content_copy):
    (content_copy / "teams.yaml").write_text("partners:\n  - slug: x\n    name: [unclosed\n")
    with app.app_context(), pytest.raises(SeedError) as raised:
        seed_all(content_copy)
    assert raised.value.line is not None and raised.value.line >= 3


def test_seed_command_reports_errors_clearly(app, runner, content_copy):
    (content_copy / "teams.yaml").write_text("partners: nope\n")
    app.config["CONTENT_DIR"] = str(content_copy)
    result = runner.invoke(args=["seed"])
    assert result.exit_code != 0
    assert "Nothing was loaded" in result.output and "teams.yaml" in result.output


def test_teams_list_prints_slug_first(app, runner):
    assert runner.invoke(args=["seed"]).exit_code == 0
    result = runner.invoke(args=["teams", "list"])
    assert result.exit_code == 0
    lines = result.output.strip().splitlines()
    assert "sbc-asb\tAnti-social Behaviour team (Stevenage Borough Council)" in lines
    assert all(line.split("\t")[0] == line.split("\t")[0].strip() for line in lines)
