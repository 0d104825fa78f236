"""Changing the routing rules in the browser, and trying rules out before saving them.

A change is checked exactly as `flask seed` checks content/routing.yaml: the whole rule set,
with the change in it, is written out in the file's format and read back by
``routing.parse``, so the browser cannot save a rule the seed would refuse. The problem is
then put next to the form field it is about.

Conditions (and the answers of a dry run) are typed one a line, as the file has them:
``near_asylum_accommodation: yes`` or ``category: environmental, gnmp``.

Every save stores the new rule set (``routing.store``), a version of it (the way back) and
an audit entry listing what changed; the caller commits.
"""

from dataclasses import dataclass, replace

import yaml

from app.core import versions
from app.core.content_files import SeedError
from app.reporting import journeys, routing
from app.reporting.journeys import DERIVED_KEYS, KINDS
from app.reporting.questions import QUESTIONS
from app.reporting.routing import Route, Rule
from app.staff import audit

AREA = "routing"
# The keys of a rule in the file, and the form field each one's problems are shown on.
FIELDS = {"id": "rule_id", "kind": "kind", "when": "conditions", "teams": "teams",
          "priority": "priority", "description": "description", "enabled": "enabled"}
WHERE = "the routing rules"


class RuleProblem(ValueError):
    def __init__(self, field_name: str | None, message: str):
        super().__init__(message)
        self.field_name, self.message = field_name, message


# --- conditions as text ---------------------------------------------------------------

def _value(key: str, text: str):
    if key in DERIVED_KEYS and isinstance(next(iter(DERIVED_KEYS[key])), bool):
        return {"true": True, "false": False}.get(text.lower(), text)
    return text


def parse_conditions(text: str, field_name: str = "conditions") -> dict:
    """'key: value, value' lines -> {key: value or [values]}; the values are checked later,
    with the rest of the rule."""
    conditions = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        key, colon, values = line.partition(":")
        parts = [part.strip() for part in values.split(",") if part.strip()]
        if not colon or not key.strip() or not parts:
            raise RuleProblem(field_name, f"Line {number}: write an answer key, a colon and "
                                          "its values, like near_asylum_accommodation: yes")
        key = key.strip()
        if key in conditions:
            raise RuleProblem(field_name, f"Line {number}: '{key}' is there twice")
        found = [_value(key, part) for part in parts]
        conditions[key] = found[0] if len(found) == 1 else found
    return conditions


def conditions_text(conditions: dict) -> str:
    def written(value):
        return str(value).lower() if isinstance(value, bool) else str(value)

    return "\n".join(f"{key}: " + ", ".join(written(v) for v in
                                            (value if isinstance(value, list) else [value]))
                     for key, value in conditions.items())


def condition_keys() -> list[tuple[str, list[str]]]:
    """Every answer a condition can use, with its values: what the site works out first,
    then the questions with set answers."""
    derived = [(key, sorted(str(v).lower() if isinstance(v, bool) else v for v in values))
               for key, values in DERIVED_KEYS.items()]
    return derived + [(q.key, sorted(q.values)) for q in QUESTIONS.values() if q.choices]


# --- checking a rule set as the seed does -----------------------------------------------

def _key_at_each_line(text: str) -> dict[int, tuple[int, str]]:
    """Line number -> (rule index, top-level key) in ``yaml.safe_dump`` of the rules."""
    found, index, key = {}, -1, None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("- "):
            index += 1
            key = line[2:].split(":", 1)[0]
        elif line.startswith("  ") and not line.startswith("   ") and line[2] != "-":
            key = line[2:].split(":", 1)[0]
        found[number] = (index, key)
    return found


def check(rules: list[Rule], focus: int | None = None) -> list[Rule]:
    """The rule set as the seed would read it; a problem in rule ``focus`` names its form
    field, a problem elsewhere none."""
    text = yaml.safe_dump(routing.as_data(rules), sort_keys=False, allow_unicode=True)
    try:
        return routing.parse(WHERE, routing.team_slugs(), text=text)
    except SeedError as error:
        index, key = _key_at_each_line(text).get(error.line or 0, (None, None))
        if focus is not None and index == focus:
            raise RuleProblem(FIELDS.get(key), error.message[:1].upper() + error.message[1:]
                              ) from error
        raise RuleProblem(None, f"Rule {index + 1}: {error.message}" if index is not None
                          and index >= 0 else error.message) from error


def with_rule(rules: list[Rule], rule: Rule, replacing: str | None) -> tuple[list[Rule], int]:
    """The rule set with ``rule`` in place of ``replacing`` (or added at the end)."""
    ids = [r.id for r in rules]
    if replacing in ids:
        at = ids.index(replacing)
        return rules[:at] + [rule] + rules[at + 1:], at
    return rules + [rule], len(rules)


# --- what changed -----------------------------------------------------------------------

def changes(before: list[Rule], after: list[Rule]) -> list[str]:
    """Plain sentences saying how ``after`` differs from ``before``."""
    old = {r.id: routing.as_item(replace(r, line=None)) for r in before}
    new = {r.id: routing.as_item(replace(r, line=None)) for r in after}
    said = []
    for rule_id in new.keys() - old.keys():
        said.append(f"Added rule {rule_id}: {describe(new[rule_id])}")
    for rule_id in old.keys() - new.keys():
        said.append(f"Removed rule {rule_id}")
    for rule_id in new.keys() & old.keys():
        for key in FIELDS:
            if old[rule_id].get(key) != new[rule_id].get(key):
                said.append(f"Rule {rule_id}: {key} was {_shown(old[rule_id], key)}, "
                            f"now {_shown(new[rule_id], key)}")
    kept_old = [r.id for r in before if r.id in new]
    kept_new = [r.id for r in after if r.id in old]
    if kept_old != kept_new:
        said.append("New order: " + ", ".join(r.id for r in after))
    return sorted(said, key=lambda s: (not s.startswith("Added"), s)) if said else []


def _shown(item: dict, key: str) -> str:
    value = item.get(key, {"priority": "standard", "enabled": True}.get(key))
    if value in (None, "", {}):
        return "nothing"
    if isinstance(value, dict):
        return conditions_text(value).replace("\n", "; ")
    if isinstance(value, list):
        return ", ".join(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def describe(item: dict) -> str:
    when = conditions_text(item.get("when") or {}).replace("\n", "; ") or "always"
    return (f"{item['kind']} reports ({when}) to {', '.join(item['teams'])} at "
            f"{item.get('priority', 'standard')} priority")


def save(rules: list[Rule], staff, action: str, target: str | None = None) -> list[str]:
    """Store the rule set, a version and an audit entry; returns what changed (the caller
    commits). Nothing changed: nothing is stored."""
    before = routing.stored_rules()
    said = changes(before, rules)
    if not said:
        return []
    routing.store(rules)
    versions.record(AREA, routing.as_data(rules), versions.BROWSER, staff.id, "\n".join(said))
    audit.record(staff, action, target, changes=said)
    return said


def restore(version_id: int, staff) -> list[str] | None:
    """Bring back an earlier rule set (a new version, so this can be undone too)."""
    earlier = versions.version(AREA, version_id)
    if earlier is None:
        return None
    text = yaml.safe_dump(earlier.data, sort_keys=False, allow_unicode=True)
    try:
        rules = routing.parse(WHERE, routing.team_slugs(), text=text)
    except SeedError as error:
        raise RuleProblem(None, f"That version cannot come back: {error.message}") from error
    return save(rules, staff, "routing_rules_restored", str(version_id))


# --- dry run ----------------------------------------------------------------------------

@dataclass(frozen=True)
class DryRun:
    facts: journeys.Facts
    routes: list[Route]
    priority: str


def dry_run(rules: list[Rule], kind: str, answers: dict, risk_of, fallback: str) -> DryRun:
    """Where a report of ``kind`` with ``answers`` would go under ``rules``: the decision
    sending makes, without sending anything."""
    if kind not in KINDS:
        raise RuleProblem("kind", f"Choose one of: {', '.join(KINDS)}")
    facts = journeys.facts(kind, answers, risk_of)
    routes = routing.match(rules, kind, {**answers, **facts.as_dict()}, fallback)
    return DryRun(facts, routes, routing.overall_priority(routes))


def check_answers(answers: dict, field_name: str = "answers") -> dict:
    """Answers to try must be answers the questions allow (lists for tick-all questions)."""
    checked = {}
    for key, value in answers.items():
        question = QUESTIONS.get(key)
        values = value if isinstance(value, list) else [value]
        if question is None or not question.choices:
            raise RuleProblem(field_name, f"'{key}' is not a question with set answers")
        for one in values:
            if one not in question.values:
                raise RuleProblem(field_name, f"'{one}' is not an answer to '{key}'; answers: "
                                              f"{', '.join(sorted(question.values))}")
        checked[key] = values if question.multiple else values[0]
    return checked
