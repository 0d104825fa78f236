"""The case-work rules that come from the app's configuration and content files, gathered
once a request by the view (app/web/casework.py) and passed in."""

from dataclasses import dataclass
from datetime import date

from app.reporting.targets import LevelTargets


@dataclass(frozen=True)
class Settings:
    levels: dict[str, LevelTargets]
    holidays: frozenset[date]
    repeat_window_days: int
    case_review_threshold: int
    case_review_window_days: int
