"""ASB risk at first contact: standard, medium or high, scored from the harm answers by the
weights, bands and triggers in content/risk.yaml (which the partnership must confirm
against the matrix it uses: docs/sources.md §2 found no verified bands).

``parse`` validates the file (naming the line of a mistake); ``assess`` scores answers.
The live model is the newest saved version (administrators change the weights and bands in
the browser, app/reporting/risk_editing.py); content/risk.yaml is its seed.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from app.core import versions
from app.core.content_files import SeedError, load_yaml, parsed_when_changed, require
from app.reporting.questions import QUESTIONS

RISK_FILE = "risk.yaml"
AREA = "risk"
LEVELS = ("standard", "medium", "high")


@dataclass(frozen=True)
class Trigger:
    name: str
    level: str
    answers: dict  # question key -> answers that must all have been given


@dataclass(frozen=True)
class RiskModel:
    weights: dict  # question key -> {answer value: weight}
    medium: int
    high: int
    triggers: tuple[Trigger, ...]

    def score(self, answers: dict) -> int:
        total = 0
        for key, weights in self.weights.items():
            for value in _given(answers, key):
                total += weights.get(value, 0)
        return total

    def assess(self, answers: dict) -> str:
        score = self.score(answers)
        level = "high" if score >= self.high else "medium" if score >= self.medium else "standard"
        for trigger in self.triggers:  # a trigger can raise the level, never lower it
            if all(set(values) <= set(_given(answers, key))
                   for key, values in trigger.answers.items()):
                level = max(level, trigger.level, key=LEVELS.index)
        return level


def _given(answers: dict, key: str) -> list:
    value = answers.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _check_answers(path: Path, line, key: str, values) -> None:
    question = QUESTIONS.get(key)
    if question is None or not question.choices:
        raise SeedError(path, line, f"'{key}' is not a question with set answers")
    for value in values:
        if value not in question.values:
            raise SeedError(path, line, f"'{value}' is not an answer to '{key}' "
                                        f"(answers: {', '.join(sorted(question.values))})")


def parse(path: Path | str, text: str | None = None) -> RiskModel:
    """Read and check the risk file (or ``text`` in its format)."""
    path = Path(path)
    data = load_yaml(path, text)
    if not isinstance(data, dict):
        raise SeedError(path, 1, "expected 'weights', 'bands' and 'triggers'")
    weights = require(data, "weights", path, dict)
    for key, table in weights.items():
        if not isinstance(table, dict):
            raise SeedError(path, weights.line_of(key), f"weights for '{key}' should map "
                                                        "answers to numbers")
        _check_answers(path, weights.line_of(key), key, table.keys())
        if not all(isinstance(v, int) and v >= 0 for v in table.values()):
            raise SeedError(path, table.line, f"weights for '{key}' must be whole numbers, "
                                              "0 or more")
    bands = require(data, "bands", path, dict)
    medium = require(bands, "medium", path, int)
    high = require(bands, "high", path, int)
    if not 0 < medium < high:
        raise SeedError(path, bands.line, "bands: medium must be above 0 and below high")
    triggers = []
    for item in data.get("triggers") or []:
        level = require(item, "level", path)
        if level not in LEVELS[1:]:
            raise SeedError(path, item.line_of("level"),
                            "a trigger's level must be medium or high")
        answers = require(item, "answers", path, dict)
        for key, values in answers.items():
            if not isinstance(values, list) or not values:
                raise SeedError(path, answers.line_of(key),
                                f"trigger answers for '{key}' must be a list")
            _check_answers(path, answers.line_of(key), key, values)
        triggers.append(Trigger(require(item, "name", path), level, dict(answers)))
    return RiskModel({k: dict(v) for k, v in weights.items()}, medium, high, tuple(triggers))


def as_data(risk: RiskModel) -> dict:
    """The model as content/risk.yaml writes it."""
    return {
        "weights": {key: dict(table) for key, table in risk.weights.items()},
        "bands": {"medium": risk.medium, "high": risk.high},
        "triggers": [{"name": t.name, "level": t.level,
                      "answers": {k: list(v) for k, v in t.answers.items()}}
                     for t in risk.triggers],
    }


def from_data(data: dict, where: str = "the saved risk scoring") -> RiskModel:
    """A model from its data, checked exactly as the file is."""
    return parse(where, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


_saved: dict[int, RiskModel] = {}


def model(content_dir: Path | str) -> RiskModel:
    """The live model: the newest saved version, or content/ before the first seed."""
    newest = versions.latest(AREA)
    if newest is None:
        return file_model(content_dir)
    if newest.id not in _saved:
        _saved.clear()
        _saved[newest.id] = from_data(newest.data)
    return _saved[newest.id]


def file_model(content_dir: Path | str) -> RiskModel:
    """The risk model from content/, read again only when the file changes."""
    return parsed_when_changed(Path(content_dir) / RISK_FILE, parse)


def load_risk(content_dir: Path, overwrite: bool = False) -> str | None:
    """Seed loader: content/risk.yaml becomes the live model, unless the scoring was
    changed in the browser since (then it says so). A broken file stops the seed."""
    risk = parse(Path(content_dir) / RISK_FILE)
    return versions.seed_decision(AREA, as_data(risk), RISK_FILE, overwrite).notice
