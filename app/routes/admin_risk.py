"""Risk scoring for administrators: the weights of the harm answers and the two bands, a
dry run (the score and level some answers would get), and the versions with a way back.
The checks and the saving are app/reporting/risk_editing.py's."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import versions
from app.extensions import db
from app.reporting import risk, risk_editing
from app.reporting.questions import QUESTIONS
from app.reporting.risk_editing import RiskProblem, weight_field
from app.web import admin_pages
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.admin_rules import given_answers, risk_form
from app.web.forms.admin_versions import RestoreForm

bp = Blueprint("admin_risk", __name__, url_prefix="/staff/admin/risk")


def _harm_questions(current: risk.RiskModel) -> list:
    keys = list(current.weights)
    for trigger in current.triggers:
        keys += [key for key in trigger.answers if key not in keys]
    return [QUESTIONS[key] for key in keys]


@bp.route("/", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def index():
    current = risk.model(current_app.config["CONTENT_DIR"])
    questions = _harm_questions(current)
    form_class = risk_form(current.weights, questions)
    if request.method == "GET":
        form = form_class(data={"medium": current.medium, "high": current.high, **{
            weight_field(key, value): weight
            for key, table in current.weights.items() for value, weight in table.items()}})
    else:
        form = form_class()
    errors, trial = [], None
    if form.validate_on_submit():
        weights = {key: {value: form[weight_field(key, value)].data for value in table}
                   for key, table in current.weights.items()}
        try:
            proposed = risk_editing.proposed(current, weights, form.medium.data,
                                             form.high.data)
        except RiskProblem as problem:
            admin_pages.put_problem(form, problem, errors)
        else:
            if form.try_it.data:
                answers = given_answers(form, questions, prefix="try-")
                trial = {"score": proposed.score(answers), "level": proposed.assess(answers),
                         "now": current.assess(answers)}
            else:
                said = risk_editing.save(current, proposed, current_user)
                db.session.commit()
                return _saved(said)
    errors = error_summary(form) + errors
    return render_template("admin_risk/index.html", form=form, current=current,
                           questions=questions, trial=trial, errors=errors,
                           restore_form=RestoreForm(),
                           changed=admin_pages.changed_version(risk.AREA),
                           **admin_pages.history(risk.AREA)), 400 if errors else 200


def _saved(said: list[str]):
    if not said:
        return redirect(url_for(".index", unchanged=1))
    return redirect(url_for(".index", changed=versions.latest(risk.AREA).id))


@bp.post("/versions/<int:version_id>/restore")
@requires(admin_pages.PERMISSION)
def restore(version_id: int):
    if not RestoreForm().validate_on_submit():
        abort(400)
    said = risk_editing.restore(version_id, risk.model(current_app.config["CONTENT_DIR"]),
                                current_user)
    if said is None:
        abort(404)
    db.session.commit()
    return _saved(said)
