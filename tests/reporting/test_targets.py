"""The case-work targets per risk level, from content/casework.yaml: the one source of the
first-contact and review targets, and a mistake in it names its line."""

import pytest

from app.core.content_files import SeedError
from app.reporting import targets
from tests.conftest import CONTENT_DIR


def test_the_shipped_file_reads():
    levels = targets.parse_targets(CONTENT_DIR / targets.CASEWORK_FILE)
    assert levels["high"] == targets.LevelTargets(1, 5)
    assert levels["medium"] == targets.LevelTargets(3, 10)
    assert levels["standard"].review_every_working_days == 20


LEVELS = ("risk_levels:\n"
          "  standard: {first_contact_working_days: 5, review_every_working_days: 20}\n"
          "  medium: {first_contact_working_days: 3, review_every_working_days: 10}\n"
          "  high: {first_contact_working_days: 1, review_every_working_days: 5}\n")


@pytest.mark.parametrize("text, line, message", [
    (LEVELS.replace("first_contact_working_days: 1,", "first_contact_working_days: 0,"),
     4, "high: 'first_contact_working_days' must be a whole number of days"),
    (LEVELS.replace("  medium: {first_contact_working_days: 3, review_every_working_days: 10}\n",
                    ""), 2, "risk_levels needs 'medium'"),
    (LEVELS + "  urgent: {first_contact_working_days: 1, review_every_working_days: 1}\n",
     5, "'urgent' is not a risk level"),
    ("nothing: here\n", 1, "'risk_levels' is missing"),
])
def test_a_mistake_in_the_targets_names_its_line(tmp_path, text, line, message):
    path = tmp_path / targets.CASEWORK_FILE
    path.write_text(text)
    with pytest.raises(SeedError, match=message) as raised:
        targets.parse_targets(path)
    assert raised.value.line == line


def test_teams_no_longer_set_their_own_targets(app, tmp_path):
    """One source: a response_targets left in teams.yaml stops the seed with its line."""
    from app.partnership.teams import load_teams

    content = tmp_path / "content"
    content.mkdir()
    (content / "teams.yaml").write_text(
        "partners:\n  - slug: p\n    name: P\n    teams:\n      - slug: t\n"
        "        name: T\n        fallback: true\n        response_targets: {high: 1}\n")
    with app.app_context(), pytest.raises(SeedError, match="casework.yaml") as raised:
        load_teams(content)
    assert raised.value.line == 8
