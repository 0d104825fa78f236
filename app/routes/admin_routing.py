"""Routing rules for administrators: the list in order, adding and editing a rule, moving
it up or down, switching it off and on, a dry run, and the versions with a way back. The
checks and the saving are app/reporting/rule_editing.py's."""

from dataclasses import replace

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import versions
from app.extensions import db
from app.partnership.teams import all_teams, fallback_team
from app.reporting import routing, rule_editing
from app.reporting.rule_editing import RuleProblem
from app.reporting.sending import risk_of
from app.web import admin_pages
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.admin_rules import RuleForm, answers_form, given_answers, questions_of
from app.web.forms.admin_versions import RestoreForm

bp = Blueprint("admin_routing", __name__, url_prefix="/staff/admin/routing")


def _team_names() -> dict[str, str]:
    return {team.slug: team.name for team in all_teams()}


@bp.get("/")
@requires(admin_pages.PERMISSION)
def index():
    return render_template("admin_routing/index.html", rules=routing.stored_rules(),
                           teams=_team_names(), restore_form=RestoreForm(),
                           changed=admin_pages.changed_version(rule_editing.AREA),
                           **admin_pages.history(rule_editing.AREA))


def _rule_from(form: RuleForm) -> routing.Rule:
    conditions = rule_editing.parse_conditions(form.conditions.data)
    return routing.Rule(form.rule_id.data.strip(), form.kind.data, conditions,
                        tuple(form.teams.data or ()), form.priority.data,
                        " ".join((form.description.data or "").split()),
                        enabled=bool(form.enabled.data))


def _try(form: RuleForm, rules: list[routing.Rule], rule: routing.Rule):
    """The dry run of the rule set with this rule in it, for the answers asked for."""
    if (form.answers.data or "").strip():
        answers = rule_editing.parse_conditions(form.answers.data, "answers")
    else:
        answers = {key: value for key, value in rule.when.items()
                   if key not in routing.DERIVED_KEYS}
    answers = rule_editing.check_answers(answers)
    return rule_editing.dry_run(rules, rule.kind, answers,
                                         risk_of(current_app.config["CONTENT_DIR"]),
                                         fallback_team().slug)


@bp.route("/new", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def new():
    return _edit(None)


@bp.route("/<rule_id>", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def edit(rule_id: str):
    return _edit(rule_id)


def _edit(rule_id: str | None):
    rules = routing.stored_rules()
    existing = next((r for r in rules if r.id == rule_id), None)
    if rule_id is not None and existing is None:
        abort(404)
    form = RuleForm(teams=[(t.slug, t.name) for t in all_teams()])
    if request.method == "GET" and existing is not None:
        form = RuleForm(teams=[(t.slug, t.name) for t in all_teams()], data={
            "rule_id": existing.id, "kind": existing.kind, "teams": list(existing.teams),
            "conditions": rule_editing.conditions_text(existing.when),
            "priority": existing.priority, "description": existing.description,
            "enabled": existing.enabled})
    errors, trial = [], None
    if form.validate_on_submit():
        try:
            rule = _rule_from(form)
            proposed, focus = rule_editing.with_rule(rules, rule, rule_id)
            proposed = rule_editing.check(proposed, focus)
            if form.try_it.data:
                trial = _try(form, proposed, proposed[focus])
            else:
                said = rule_editing.save(proposed, current_user, "routing_rule_added"
                                         if existing is None else "routing_rule_changed",
                                         rule.id)
                db.session.commit()
                return _saved(said)
        except RuleProblem as problem:
            db.session.rollback()
            admin_pages.put_problem(form, problem, errors)
    errors = error_summary(form) + errors
    return render_template("admin_routing/edit.html", form=form, existing=existing,
                           errors=errors, trial=trial, teams=_team_names(),
                           condition_keys=rule_editing.condition_keys()
                           ), 400 if errors else 200


def _saved(said: list[str]):
    if not said:
        return redirect(url_for(".index", unchanged=1))
    newest = versions.latest(rule_editing.AREA)
    return redirect(url_for(".index", changed=newest.id))


def _rule_or_404(rule_id: str) -> tuple[list[routing.Rule], int]:
    rules = routing.stored_rules()
    at = next((i for i, r in enumerate(rules) if r.id == rule_id), None)
    if at is None:
        abort(404)
    return rules, at


@bp.post("/<rule_id>/move")
@requires(admin_pages.PERMISSION)
def move(rule_id: str):
    rules, at = _rule_or_404(rule_id)
    to = at - 1 if request.form.get("direction") == "up" else at + 1
    if request.form.get("direction") not in ("up", "down") or not 0 <= to < len(rules):
        abort(400)
    rules[at], rules[to] = rules[to], rules[at]
    said = rule_editing.save(rules, current_user, "routing_rules_reordered", rule_id)
    db.session.commit()
    return _saved(said)


@bp.post("/<rule_id>/switch")
@requires(admin_pages.PERMISSION)
def switch(rule_id: str):
    rules, at = _rule_or_404(rule_id)
    rules[at] = replace(rules[at], enabled=not rules[at].enabled)
    action = "routing_rule_switched_on" if rules[at].enabled else "routing_rule_switched_off"
    said = rule_editing.save(rules, current_user, action, rule_id)
    db.session.commit()
    return _saved(said)


@bp.post("/versions/<int:version_id>/restore")
@requires(admin_pages.PERMISSION)
def restore(version_id: int):
    if not RestoreForm().validate_on_submit():
        abort(400)
    try:
        said = rule_editing.restore(version_id, current_user)
    except RuleProblem as problem:
        db.session.rollback()
        return render_template("admin_routing/index.html", rules=routing.stored_rules(),
                               teams=_team_names(), restore_form=RestoreForm(), changed=None,
                               errors=[{"text": problem.message, "href": "#versions"}],
                               **admin_pages.history(rule_editing.AREA)), 400
    if said is None:
        abort(404)
    db.session.commit()
    return _saved(said)


@bp.get("/dry-run")
@requires(admin_pages.PERMISSION)
def dry_run():
    kind = request.args.get("kind", "hate")
    if kind not in routing.KINDS:
        abort(404)
    questions = questions_of(kind)
    form = answers_form(questions)(request.args)
    trial = None
    if "run" in request.args and form.validate():
        answers = given_answers(form, questions)
        trial = rule_editing.dry_run(routing.stored_rules(), kind, answers,
                                     risk_of(current_app.config["CONTENT_DIR"]),
                                     fallback_team().slug)
    errors = error_summary(form)
    return render_template("admin_routing/dry_run.html", kind=kind, form=form,
                           questions=questions, trial=trial, teams=_team_names(),
                           kinds=routing.KINDS, errors=errors), 400 if errors else 200
