"""Routing: which team inboxes a report goes to, by the rules in content/routing.yaml.

A rule is a report kind plus conditions on the answers (and on what the site works out:
category, counts_as_asb, risk); every matching rule adds its teams at its priority. A
report no rule matches goes to the fallback team, so every report reaches an inbox, and
each route records the rule that made it.

``parse`` validates the file (naming the line of any mistake), ``match`` is the pure
decision, ``load_routing_rules`` is the `flask seed` loader and ``route`` decides from the
rules in the database. The database is the live source: administrators change the rules in
the browser (app/reporting/rule_editing.py), and content/routing.yaml is the seed, kept in
step by `flask content export`.
"""

import re
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from app.core import versions
from app.core.content_files import SeedError, load_yaml, require
from app.extensions import db
from app.partnership.models import Team
from app.partnership.teams import fallback_team
from app.reporting.journeys import DERIVED_KEYS, KINDS
from app.reporting.models import RoutingRule
from app.reporting.questions import QUESTIONS

ROUTING_FILE = "routing.yaml"
PRIORITIES = ("standard", "medium", "high")
FALLBACK_RULE = "fallback"
FALLBACK_REASON = "No routing rule matched, so it went to the fallback team."
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    when: dict
    teams: tuple[str, ...]
    priority: str = "standard"
    description: str = ""
    line: int | None = None
    enabled: bool = True

    def matches(self, kind: str, facts: dict) -> bool:
        return self.enabled and kind == self.kind and all(
            _holds(facts.get(key), expected) for key, expected in self.when.items()
        )


@dataclass(frozen=True)
class Route:
    team: str
    rule_id: str
    priority: str
    reason: str = ""


def _holds(value, expected) -> bool:
    allowed = expected if isinstance(expected, list) else [expected]
    if isinstance(value, list | tuple):
        return any(v in allowed for v in value)
    return value in allowed


def higher(a: str, b: str) -> str:
    return max(a, b, key=PRIORITIES.index)


def overall_priority(routes: list[Route]) -> str:
    """A report's priority: the highest its routes give it."""
    priority = PRIORITIES[0]
    for decision in routes:
        priority = higher(priority, decision.priority)
    return priority


def match(rules: list[Rule], kind: str, facts: dict, fallback: str) -> list[Route]:
    """Teams for a report, in rule order; a team matched twice keeps its first rule and the
    higher priority. No match: the fallback team."""
    routes: dict[str, Route] = {}
    for rule in rules:
        if not rule.matches(kind, facts):
            continue
        for team in rule.teams:
            earlier = routes.get(team)
            if earlier is None:
                routes[team] = Route(team, rule.id, rule.priority, rule.description)
            else:
                routes[team] = Route(team, earlier.rule_id,
                                     higher(earlier.priority, rule.priority), earlier.reason)
    return list(routes.values()) or [Route(fallback, FALLBACK_RULE, "standard", FALLBACK_REASON)]


# --- the rules file ------------------------------------------------------------------

def _check_condition(path: Path, line, key: str, expected) -> None:
    values = expected if isinstance(expected, list) else [expected]
    if not values:
        raise SeedError(path, line, f"'{key}' needs at least one value")
    if key in DERIVED_KEYS:
        allowed = DERIVED_KEYS[key]
    elif key in QUESTIONS and QUESTIONS[key].choices:
        allowed = QUESTIONS[key].values
    else:
        raise SeedError(path, line, f"'{key}' is not an answer a rule can use")
    for value in values:
        if value not in allowed or type(value) is not type(next(iter(allowed))):
            hint = ' (put yes and no in quotes: "yes")' if isinstance(value, bool) else ""
            raise SeedError(path, line, f"{value!r} is not a value of '{key}'{hint}; "
                                        f"expected one of {sorted(map(str, allowed))}")


def parse(path: Path | str, team_slugs: set[str] | None = None,
          text: str | None = None) -> list[Rule]:
    """Read and check the rules file (or ``text`` in its format: the admin pages check a
    change exactly as the seed would); ``team_slugs`` are the teams that exist."""
    path = Path(path)
    data = load_yaml(path, text)
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise SeedError(path, 1, "expected a 'rules:' list")
    rules, seen = [], set()
    for item in data["rules"]:
        rule_id = require(item, "id", path)
        if not _RULE_ID.match(rule_id):
            raise SeedError(path, item.line, f"rule id '{rule_id}' should be lower-case "
                                             "letters, digits and dashes")
        if rule_id in seen or rule_id == FALLBACK_RULE:
            raise SeedError(path, item.line, f"rule id '{rule_id}' is used twice")
        seen.add(rule_id)
        kind = require(item, "kind", path)
        if kind not in KINDS:
            raise SeedError(path, item.line_of("kind"),
                            f"kind '{kind}' should be one of {list(KINDS)}")
        when = item.get("when") or {}
        if not isinstance(when, dict):
            raise SeedError(path, item.line_of("when"), "'when' should map answers to values")
        for key, expected in when.items():
            _check_condition(path, when.line_of(key), key, expected)
        teams = require(item, "teams", path, list)
        if not teams:
            raise SeedError(path, item.line_of("teams"), "'teams' must name at least one team")
        for slug in teams:
            if team_slugs is not None and slug not in team_slugs:
                raise SeedError(path, item.line_of("teams"),
                                f"there is no team '{slug}' in teams.yaml")
        priority = item.get("priority", "standard")
        if priority not in PRIORITIES:
            raise SeedError(path, item.line_of("priority"),
                            f"priority should be one of {list(PRIORITIES)}")
        enabled = item.get("enabled", True)
        if not isinstance(enabled, bool):
            raise SeedError(path, item.line_of("enabled"), "'enabled' should be true or false")
        rules.append(Rule(rule_id, kind, dict(when), tuple(teams), priority,
                          " ".join(str(item.get("description") or "").split()), item.line,
                          enabled))
    return rules


def as_item(rule: Rule) -> dict:
    """A rule as content/routing.yaml writes it (``enabled`` only when switched off)."""
    item = {"id": rule.id, "kind": rule.kind}
    if rule.when:
        item["when"] = dict(rule.when)
    item["teams"] = list(rule.teams)
    if rule.priority != "standard":
        item["priority"] = rule.priority
    if rule.description:
        item["description"] = rule.description
    if not rule.enabled:
        item["enabled"] = False
    return item


def as_data(rules: list[Rule]) -> dict:
    return {"rules": [as_item(rule) for rule in rules]}


def load_routing_rules(content_dir: Path, overwrite: bool = False) -> str | None:
    """Seed loader: the database's rules become exactly those in the file, unless they
    were changed in the browser since (then it says so, and leaves them)."""
    path = Path(content_dir) / ROUTING_FILE
    rules = parse(path, team_slugs())
    decision = versions.seed_decision("routing", as_data(rules), ROUTING_FILE, overwrite)
    if decision.load:
        store(rules)
    return decision.notice


def team_slugs() -> set[str]:
    return set(db.session.scalars(sa.select(Team.slug)))


def store(rules: list[Rule]) -> None:
    """The database's rules become exactly ``rules``, in this order (the caller commits)."""
    existing = {r.rule_id: r for r in db.session.scalars(sa.select(RoutingRule))}
    for position, rule in enumerate(rules):
        values = {"position": position, "kind": rule.kind, "conditions": rule.when,
                  "team_slugs": list(rule.teams), "priority": rule.priority,
                  "description": rule.description, "enabled": rule.enabled}
        row = existing.pop(rule.id, None)
        if row is None:
            db.session.add(RoutingRule(rule_id=rule.id, **values))
            continue
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    for row in existing.values():
        db.session.delete(row)
    db.session.flush()


def stored_rules() -> list[Rule]:
    return [
        Rule(row.rule_id, row.kind, dict(row.conditions), tuple(row.team_slugs),
             row.priority, row.description, enabled=row.enabled)
        for row in db.session.scalars(sa.select(RoutingRule).order_by(RoutingRule.position))
    ]


def route(kind: str, facts: dict) -> list[Route]:
    """Where a report of ``kind`` with these answers and facts goes (database rules)."""
    return match(stored_rules(), kind, facts, fallback_team().slug)
