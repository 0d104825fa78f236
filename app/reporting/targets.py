"""Case-work targets per risk level, from content/casework.yaml: how soon a report is first
contacted and how often its risk is looked at again, in working days.

This file is the one source of these numbers. The reporter's confirmation page, the
inbox's "overdue" flags, the risk reviews (app/casework) and the partnership's dashboard
all read them from here, so a change to the file changes them all together.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml, parsed_when_changed, require
from app.core.working_days import (
    add_working_days,
    last_start_overdue,
    local_date,
    start_of_local_day,
)
from app.reporting.models import RISK_LEVELS, Report

CASEWORK_FILE = "casework.yaml"
TARGET_KEYS = ("first_contact_working_days", "review_every_working_days")


@dataclass(frozen=True)
class LevelTargets:
    first_contact_working_days: int
    review_every_working_days: int


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


def targets(content_dir: Path | str) -> dict[str, LevelTargets]:
    return parsed_when_changed(Path(content_dir) / CASEWORK_FILE, parse_targets)


def level_of(report: Report) -> str:
    """The level a report's targets follow: its priority (for ASB, set from its risk)."""
    level = report.priority or report.risk
    return level if level in RISK_LEVELS else "standard"


def level_column() -> sa.ColumnElement:
    """``level_of`` in SQL, for counting and filtering many reports at once."""
    priority = sa.func.coalesce(sa.func.nullif(Report.priority, ""), Report.risk)
    return sa.case((priority.in_(RISK_LEVELS), priority), else_="standard")


def started_overdue(moment: sa.ColumnElement, key: str, levels: dict[str, LevelTargets],
                    holidays: set[date], today: date) -> sa.ColumnElement:
    """SQL: true where a target of its level's ``key`` (one of TARGET_KEYS) working days,
    counted from the day of ``moment``, fell due before ``today``."""
    level = level_column()
    return sa.or_(*(sa.and_(level == name, moment < start_of_local_day(
        last_start_overdue(today, getattr(targets, key), holidays) + timedelta(days=1)))
        for name, targets in levels.items()))


def first_contact_overdue(levels: dict[str, LevelTargets], holidays: set[date],
                          today: date) -> sa.ColumnElement:
    """SQL: ``first_contact_due`` has passed and the report is still new."""
    return sa.and_(Report.status == "new", started_overdue(
        Report.created_at, "first_contact_working_days", levels, holidays, today))


def first_contact_due(report: Report, levels: dict[str, LevelTargets],
                      holidays: set[date]) -> date:
    days = levels[level_of(report)].first_contact_working_days
    return add_working_days(local_date(report.created_at), days, holidays)


def review_due_after(moment: datetime, level: str, levels: dict[str, LevelTargets],
                     holidays: set[date]) -> date:
    """When the risk is next due to be looked at, after a look (or arrival) at ``moment``."""
    days = levels[level if level in RISK_LEVELS else "standard"].review_every_working_days
    return add_working_days(local_date(moment), days, holidays)


def check_targets_file(content_dir: Path) -> None:
    """Seed loader: a broken casework file stops `flask seed` with its line."""
    parse_targets(Path(content_dir) / CASEWORK_FILE)
