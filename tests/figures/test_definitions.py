"""The meeting's table, read from content/: a mistake names its file and line, and stops
the seed. (The case-work targets are tests/reporting/test_targets.py.)"""

import shutil

import pytest

from app.core.content_files import SeedError
from app.figures import definitions
from app.seeding import seed_all
from tests.conftest import CONTENT_DIR


def test_the_shipped_files_read():
    table = definitions.parse_meeting_table(CONTENT_DIR / definitions.MEETING_FILE)
    assert [row.label for row in table.rows][:3] == ["Strategic Community Safety",
                                                     "No More Service", "SADA Service"]
    assert table.measure("rough-sleeper-count").label == "Rough sleeper count"


@pytest.mark.parametrize("text, line, message", [
    ("rows:\n  - {label: A, count: hate}\npartner_figures:\n  - {slug: x, label: X}\n",
     2, "count must be one of"),
    ("rows:\n  - {label: A, entered: nope}\npartner_figures:\n  - {slug: x, label: X}\n",
     2, "'nope' is not in partner_figures"),
    ("rows:\n  - {label: A}\npartner_figures:\n  - {slug: x, label: X}\n",
     2, "needs one of: team, count, entered"),
    ("rows:\n  - {label: A, count: asb}\npartner_figures:\n  - {slug: x, label: X}\n"
     "  - {slug: x, label: Y}\n", 5, "appears twice"),
    ("rows: []\npartner_figures:\n  - {slug: x, label: X}\n", 1, "expected a 'rows:' list"),
])
def test_a_mistake_in_the_meeting_table_names_its_line(tmp_path, text, line, message):
    path = tmp_path / definitions.MEETING_FILE
    path.write_text(text)
    with pytest.raises(SeedError, match=message) as raised:
        definitions.parse_meeting_table(path)
    assert raised.value.line == line


def test_a_row_for_a_team_that_does_not_exist_stops_the_seed(app, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    path = content / definitions.MEETING_FILE
    path.write_text(path.read_text().replace("team: sbc-sada", "team: sbc-sadda"))
    with app.app_context(), pytest.raises(SeedError, match="no team 'sbc-sadda'") as raised:
        seed_all(content)
    assert raised.value.path.name == definitions.MEETING_FILE
