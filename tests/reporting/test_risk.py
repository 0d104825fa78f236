"""ASB risk scoring from content/risk.yaml, and a broken risk file stopping the seed."""

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core.content_files import SeedError
from app.extensions import db
from app.partnership.models import Team
from app.reporting import (
    risk as triage,
)
from app.seeding import seed_all

CONTENT = Path(__file__).resolve().parents[2] / "content"



def test_risk_bands_and_triggers():
    model = triage.file_model(CONTENT)
    assert model.assess({"repeat": "first_time", "effects": ["none"]}) == "standard"
    assert model.assess({"repeat": "a_few_times", "effects": ["health"]}) == "medium"
    assert model.assess({"repeat": "often", "effects": ["health", "sleep",
                                                       "vulnerable_household"]}) == "high"
    # Triggers: afraid at home with someone more at risk is high whatever the score.
    assert model.score({"effects": ["unsafe_at_home", "vulnerable_household"]}) < model.high
    assert model.assess({"repeat": "first_time",
                         "effects": ["unsafe_at_home", "vulnerable_household"]}) == "high"


def test_the_risk_file_says_the_partnership_must_confirm_it():
    text = (CONTENT / "risk.yaml").read_text()
    assert "MUST CONFIRM" in text and "docs/sources.md §2" in text
    sources = (CONTENT.parent / "docs" / "sources.md").read_text()
    assert "## 2. ASB risk at first contact" in sources  # the section it cites is there


@pytest.mark.parametrize("find, replace, message", [
    ("    often: 2", "    oftn: 2", "'oftn' is not an answer to 'repeat'"),
    ("  high: 6", "  high: 2", "medium must be above 0 and below high"),
    ("    level: high\n    answers:\n      repeat", "    level: urgent\n    answers:\n      repeat",
     "level must be medium or high"),
])
def test_a_broken_risk_file_stops_the_seed(app, tmp_path, find, replace, message):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "risk.yaml"
    assert find in path.read_text()
    path.write_text(path.read_text().replace(find, replace))
    with app.app_context(), pytest.raises(SeedError, match=message) as raised:
        seed_all(content)
    assert raised.value.path.name == "risk.yaml" and raised.value.line
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Team.id))) == 0
