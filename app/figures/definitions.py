"""What the partnership's figures are laid out by, read from content/meeting_table.yaml so
the partnership can change it without a code change: the rows of the quarterly meeting's
referrals table, and the partner figures the manager types in by hand. (What they are
measured against, the first-contact and review targets, is app/reporting/targets.py.)

``parse_meeting_table`` checks the file and names the line of a mistake (the seed runs it,
so a broken file stops `flask seed`); ``meeting_table`` reads it again only when the file
changes.
"""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml, parsed_when_changed, require
from app.extensions import db
from app.partnership.models import Team

MEETING_FILE = "meeting_table.yaml"
COUNTS = ("asb", "gnmp")
ROW_SOURCES = ("team", "count", "entered")


@dataclass(frozen=True)
class PartnerMeasure:
    slug: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class MeetingRow:
    label: str
    source: str  # team | count | entered
    key: str  # a team slug, "asb"/"gnmp", or a partner measure's slug


@dataclass(frozen=True)
class MeetingTable:
    rows: tuple[MeetingRow, ...]
    measures: tuple[PartnerMeasure, ...]

    def measure(self, slug: str) -> PartnerMeasure | None:
        return next((m for m in self.measures if m.slug == slug), None)


def _mapping_list(data, key: str, path: Path) -> list:
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise SeedError(path, getattr(data, "line", 1), f"expected a '{key}:' list")
    return items


def _measures(data, path: Path) -> tuple[PartnerMeasure, ...]:
    measures = []
    for item in _mapping_list(data, "partner_figures", path):
        slug = require(item, "slug", path)
        if any(m.slug == slug for m in measures):
            raise SeedError(path, item.line, f"partner figure '{slug}' appears twice")
        measures.append(PartnerMeasure(slug, require(item, "label", path),
                                       str(item.get("hint") or "")))
    return tuple(measures)


def _row(item, path: Path, measures: tuple[PartnerMeasure, ...],
         team_slugs: set[str] | None) -> MeetingRow:
    label = require(item, "label", path)
    sources = [s for s in ROW_SOURCES if s in item]
    if len(sources) != 1:
        raise SeedError(path, item.line, f"row '{label}' needs one of: team, count, entered")
    source = sources[0]
    key = require(item, source, path)
    if source == "count" and key not in COUNTS:
        raise SeedError(path, item.line_of("count"), f"count must be one of: {', '.join(COUNTS)}")
    if source == "entered" and not any(m.slug == key for m in measures):
        raise SeedError(path, item.line_of("entered"),
                        f"'{key}' is not in partner_figures below")
    if source == "team" and team_slugs is not None and key not in team_slugs:
        raise SeedError(path, item.line_of("team"), f"there is no team '{key}' in teams.yaml")
    return MeetingRow(label, source, key)


def parse_meeting_table(path: Path | str, team_slugs: set[str] | None = None) -> MeetingTable:
    path = Path(path)
    data = load_yaml(path)
    measures = _measures(data, path)
    rows = tuple(_row(item, path, measures, team_slugs)
                 for item in _mapping_list(data, "rows", path))
    return MeetingTable(rows, measures)


def meeting_table(content_dir: Path | str) -> MeetingTable:
    return parsed_when_changed(Path(content_dir) / MEETING_FILE, parse_meeting_table)


def check_files(content_dir: Path) -> None:
    """Seed loader: a broken file, or a row naming a team that does not exist, stops
    `flask seed` with the file and line. Runs after the teams are loaded."""
    slugs = set(db.session.scalars(sa.select(Team.slug)))
    parse_meeting_table(Path(content_dir) / MEETING_FILE, slugs)
