"""What the partnership's figures are laid out by and measured against, read from two
content files so the partnership can change them without a code change:

- content/meeting_table.yaml: the rows of the quarterly meeting's referrals table, and the
  partner figures the manager types in by hand;
- content/casework.yaml: first-contact targets and review intervals per risk level.

``parse_*`` check a file and name the line of a mistake (the seed runs them, so a broken
file stops `flask seed`); ``meeting_table`` and ``targets`` read them again only when the
file changes.
"""

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml, require
from app.extensions import db
from app.partnership.models import Team
from app.reporting.models import RISK_LEVELS

MEETING_FILE = "meeting_table.yaml"
CASEWORK_FILE = "casework.yaml"
COUNTS = ("asb", "gnmp")
ROW_SOURCES = ("team", "count", "entered")
TARGET_KEYS = ("first_contact_working_days", "review_every_working_days")


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


@dataclass(frozen=True)
class LevelTargets:
    first_contact_working_days: int
    review_every_working_days: int


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


def parse_targets(path: Path | str) -> dict[str, LevelTargets]:
    path = Path(path)
    data = load_yaml(path)
    levels = require(data if isinstance(data, dict) else {}, "risk_levels", path, dict)
    targets = {}
    for level in RISK_LEVELS:
        item = levels.get(level)
        if not isinstance(item, dict):
            raise SeedError(path, levels.line, f"risk_levels needs '{level}'")
        for key in TARGET_KEYS:
            value = item.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise SeedError(path, item.line_of(key),
                                f"{level}: '{key}' must be a whole number of days, 1 or more")
        targets[level] = LevelTargets(item[TARGET_KEYS[0]], item[TARGET_KEYS[1]])
    unknown = sorted(set(levels) - set(RISK_LEVELS))
    if unknown:
        raise SeedError(path, levels.line_of(unknown[0]),
                        f"'{unknown[0]}' is not a risk level ({', '.join(RISK_LEVELS)})")
    return targets


_cache: dict[Path, tuple[float, object]] = {}


def _cached(path: Path, parse):
    mtime = path.stat().st_mtime
    cached = _cache.get(path)
    if cached is None or cached[0] != mtime:
        cached = (mtime, parse(path))
        _cache[path] = cached
    return cached[1]


def meeting_table(content_dir: Path | str) -> MeetingTable:
    return _cached(Path(content_dir) / MEETING_FILE, parse_meeting_table)


def targets(content_dir: Path | str) -> dict[str, LevelTargets]:
    return _cached(Path(content_dir) / CASEWORK_FILE, parse_targets)


def check_files(content_dir: Path) -> None:
    """Seed loader: a broken file, or a row naming a team that does not exist, stops
    `flask seed` with the file and line. Runs after the teams are loaded."""
    slugs = set(db.session.scalars(sa.select(Team.slug)))
    parse_meeting_table(Path(content_dir) / MEETING_FILE, slugs)
    parse_targets(Path(content_dir) / CASEWORK_FILE)
