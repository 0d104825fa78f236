"""Case work on a report, each task a small page of its own: review the risk, link or
unlink reports (or mark a duplicate), ask the reporter a question, and print the
reporter's diary. The report page lists these tasks with its own (REPORT_TASKS in
app/web/report_view.py) and shows case work through a partial (casework/_report.html) that
calls ``casework_for``; the inbox's rows get theirs from app/web/inbox_view.py. What each
action does is app/casework; which reports a person sees is app/inbox/visibility.py, never
here."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from app.casework import actions, flags, links, reporter, reviews
from app.casework import due as casework_due
from app.core import clock
from app.extensions import db
from app.inbox import visibility
from app.inbox.actions import ActionError
from app.reporting import risk
from app.reporting.models import Report
from app.staff import audit
from app.web.auth import requires
from app.web.casework import settings
from app.web.form_errors import error_summary
from app.web.forms.casework import LinkForm, QuestionForm, ReviewForm, UnlinkForm

bp = Blueprint("casework", __name__, url_prefix="/staff/reports/<reference>")


def casework_for(report: Report) -> dict:
    """What the report page's case-work partial shows."""
    rules = settings()
    due = casework_due.dues([report], rules)[report.id]
    return {"due": due, "flags": flags.flags_for(current_user, report, rules),
            "linked": links.linked_reports(report, visibility.visible_reports(current_user),
                                           rules.repeat_window_days),
            "diary": reporter.diary(report), "questions": reporter.questions(report),
            "reviews": reviews.reviews_of(report),
            "may_change": visibility.access(current_user, report) == "full"}


@bp.record_once
def add_template_helpers(state) -> None:
    state.app.jinja_env.globals.update({
        "casework_for": casework_for})


def _report(reference: str, change: bool = True) -> Report:
    report = visibility.report_for(current_user, reference)
    if report is None:
        abort(404)
    if change and visibility.access(current_user, report) != "full":
        abort(403)
    return report


def _done(report: Report, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff.report", reference=report.reference))


def _page(template: str, report: Report, form, **context):
    errors = error_summary(form)
    return render_template(f"casework/{template}", report=report, form=form, errors=errors,
                           **context), 400 if errors else 200


def _attempt(form, perform, field=None) -> bool:
    """Run an action; on an ActionError undo it and show the message next to ``field`` (or
    the form's button), with everything typed kept."""
    try:
        perform()
    except ActionError as error:
        db.session.rollback()
        if field is not None:
            field.errors = [str(error)]
        else:
            form.action_errors = [str(error)]
        return False
    return True


@bp.route("/review", methods=["GET", "POST"])
@requires("work_reports")
def review(reference):
    report = _report(reference)
    form = ReviewForm()
    if not form.is_submitted():
        answers = reviews.harm_answers(report)
        form.repeat.data, form.effects.data = answers.get("repeat"), answers.get("effects")
    rules = settings()
    if form.validate_on_submit() and _attempt(form, lambda: reviews.reassess(
            current_user, report, {"repeat": form.repeat.data, "effects": form.effects.data},
            form.reason.data, risk_model=risk.model(current_app.config["CONTENT_DIR"]),
            levels=rules.levels, holidays=set(rules.holidays), chosen_level=form.level.data)):
        return _done(report, "Risk reviewed.")
    return _page("review.html", report, form, due=casework_due.dues([report], rules)[report.id])


@bp.route("/links", methods=["GET", "POST"])
@requires("work_reports")
def link(reference):
    report = _report(reference, change=False)
    may_change = visibility.access(current_user, report) == "full"
    form = LinkForm()
    if form.is_submitted() and not may_change:
        abort(403)
    if form.validate_on_submit():
        act = actions.mark_duplicate if form.how.data == "duplicate" else actions.link
        if _attempt(form, lambda: act(current_user, report, form.reference.data,
                                      form.reason.data), field=form.reference):
            return _done(report, "Reports linked.")
    linked = links.linked_reports(report, visibility.visible_reports(current_user),
                                  settings().repeat_window_days)
    return _page("links.html", report, form, linked=linked, may_change=may_change)


@bp.route("/links/<other>/unlink", methods=["GET", "POST"])
@requires("work_reports")
def unlink(reference, other):
    report = _report(reference)
    other_report = visibility.report_for(current_user, other)
    if other_report is None:
        abort(404)
    form = UnlinkForm()
    if form.validate_on_submit() and _attempt(form, lambda: actions.unlink(
            current_user, report, other, form.reason.data)):
        return _done(report, "Reports unlinked.")
    return _page("unlink.html", report, form, other=other_report)


@bp.route("/question", methods=["GET", "POST"])
@requires("work_reports")
def question(reference):
    report = _report(reference)
    form = QuestionForm()
    if form.validate_on_submit() and _attempt(form, lambda: actions.ask_question(
            current_user, report, form.text.data, site_url=current_app.config["SITE_URL"])):
        return _done(report, "Question sent. The person who reported it can answer when "
                             "they follow up.")
    return _page("question.html", report, form, questions=reporter.questions(report))


@bp.get("/diary")
@requires("work_reports")
def diary(reference):
    """The reporter's diary as a printable page, for evidence (the browser prints it, or
    saves it as a PDF)."""
    report = _report(reference, change=False)
    audit.record(current_user, "diary_exported", report.reference)
    db.session.commit()
    return render_template("casework/diary.html", report=report,
                           diary=reporter.diary(report), now=clock.current_time())
