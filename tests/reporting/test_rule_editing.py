"""Checking a changed rule set exactly as the seed does, and saying what changed."""

from dataclasses import replace

import pytest

from app.reporting import routing, rule_editing
from app.reporting.rule_editing import RuleProblem

HATE_RULE = routing.Rule("hate-liaison", "hate", {"near_asylum_accommodation": "yes"},
                         ("sbc-resettlement",), "high", "Liaison")


def test_conditions_are_typed_as_the_file_has_them():
    assert rule_editing.parse_conditions("near_asylum_accommodation: yes\n\n"
                                         "category: environmental, gnmp\n"
                                         "counts_as_asb: false") == {
        "near_asylum_accommodation": "yes", "category": ["environmental", "gnmp"],
        "counts_as_asb": False}
    for text, message in (("no colon", "Line 1"), ("a: b\na: c", "'a' is there twice"),
                          ("key:", "Line 1")):
        with pytest.raises(RuleProblem, match=message) as raised:
            rule_editing.parse_conditions(text)
        assert raised.value.field_name == "conditions"
    assert rule_editing.conditions_text({"counts_as_asb": True, "category": ["a", "b"]}) == (
        "counts_as_asb: true\ncategory: a, b")


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"when": {"near_asylum_accommodation": "maybe"}}, "conditions", "'maybe' is not a value"),
    ({"when": {"colour": "red"}}, "conditions", "'colour' is not an answer a rule can use"),
    ({"id": "hate"}, "rule_id", "used twice"),
    ({"id": "Bad Name"}, "rule_id", "lower-case letters"),
    ({"teams": ("nobody",)}, "teams", "There is no team 'nobody'"),
    ({"teams": ()}, "teams", "'teams' must name at least one team"),
])
def test_a_problem_in_the_changed_rule_names_its_field(seeded_app, change, field, message):
    with seeded_app.app_context():
        rules, focus = rule_editing.with_rule(routing.stored_rules(),
                                              replace(HATE_RULE, **change), None)
        with pytest.raises(RuleProblem, match=message) as raised:
            rule_editing.check(rules, focus)
        assert raised.value.field_name == field


def test_a_good_rule_passes_and_its_changes_are_said(seeded_app):
    with seeded_app.app_context():
        before = routing.stored_rules()
        after = rule_editing.check(*rule_editing.with_rule(before, HATE_RULE, None))
    assert after[-1].id == "hate-liaison"
    moved = [before[1], before[0], *before[2:]]
    said = rule_editing.changes(before, moved)
    assert said == ["New order: " + ", ".join(r.id for r in moved)]
    edited = [replace(before[0], priority="high", enabled=False), *before[1:]]
    assert set(rule_editing.changes(before, edited)) == {
        "Rule asb: priority was standard, now high", "Rule asb: enabled was true, now false"}
    assert rule_editing.changes(before, before) == []


def test_the_dry_run_is_the_decision_sending_makes(seeded_app):
    with seeded_app.app_context():
        rules = [*routing.stored_rules(), HATE_RULE]
        trial = rule_editing.dry_run(rules, "hate", {"near_asylum_accommodation": "yes"},
                                     None, "sbc-community-safety")
        assert trial.priority == "high"
        assert ("sbc-resettlement", "hate-asylum-accommodation") in [
            (r.team, r.rule_id) for r in trial.routes]
        off = [replace(r, enabled=False) for r in rules]
        fallback = rule_editing.dry_run(off, "hate", {}, None, "sbc-community-safety")
        assert [(r.team, r.rule_id) for r in fallback.routes] == [
            ("sbc-community-safety", routing.FALLBACK_RULE)]
    with pytest.raises(RuleProblem, match="'often' is not an answer to 'hate_for'"):
        rule_editing.check_answers({"hate_for": "often"})
    assert rule_editing.check_answers({"effects": "sleep"}) == {"effects": ["sleep"]}
