"""Follow-up: the reporter opens their report with its reference and receipt code, sees its
status and the team's public updates, and can add information or photos (the teams are
told), answer a team's question and keep a diary of incidents
(app/casework/reporter.py). A wrong pair gets one message whatever was wrong; attempts
are rate-limited per client by a daily-rotating hash, never the address."""

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from app.casework import reporter
from app.extensions import db
from app.reporting import sending
from app.reporting.models import Report
from app.web.casework import cleaned_photos, escalate_repeats
from app.web.casework import settings as casework_settings
from app.web.errors import keeps_answers_on_csrf_failure, render_error
from app.web.form_errors import error_summary
from app.web.forms.casework import AnswerForm, DiaryEntryForm
from app.web.forms.follow_up import AddInformationForm, OpenReportForm
from app.web.forms.reports import chosen_files
from app.web.http_cache import no_store
from app.web.rate_limits import limiter, photo_uploads

bp = Blueprint("follow_up", __name__)
bp.after_request(no_store)

WRONG_PAIR = ("We could not find a report with that reference and receipt code. Check them "
              "and try again")
STATUS_TEXT = {
    "new": "Received: it is waiting for a team to look at it",
    "acknowledged": "Seen: a team has looked at it",
    "in_progress": "In progress: a team is dealing with it",
    "closed": "Closed",
}


def _limit() -> str:
    return current_app.config["FOLLOW_UP_LIMIT"]


@bp.route("/follow-up", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(_limit, methods=["POST"])
def start():
    form = OpenReportForm()
    if form.validate_on_submit():
        report = sending.find_by_receipt(form.reference.data, form.receipt.data)
        if report is not None:
            session["follow_up_report"] = report.id
            return redirect(url_for("follow_up.your_report"))
        form.reference.errors = [WRONG_PAIR]
    errors = error_summary(form)
    return render_template("follow_up/start.html", form=form, errors=errors), (
        400 if errors else 200)


def _reporters_report() -> Report | None:
    """The report this session opened with its reference and receipt code."""
    return db.session.get(Report, session.get("follow_up_report") or 0)


def _not_opened():
    """A follow-up page without an opened report: start again (a 400 if the post also
    failed its CSRF check, so nothing is taken as done)."""
    if g.get("csrf_failed"):
        return render_error(400)
    return redirect(url_for("follow_up.start"))


def _added(message: str):
    session["follow_up_added"] = message
    return redirect(url_for("follow_up.your_report"))


@bp.route("/follow-up/your-report", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(_limit, methods=["POST"])
@photo_uploads
def your_report():
    report = _reporters_report()
    if report is None:
        return _not_opened()
    form = AddInformationForm()
    if report.status != "closed" and form.validate_on_submit():
        if not form.information.data and not chosen_files(form.photos):
            form.information.errors = ["Enter what you want to add, or choose a photo"]
        elif (cleaned := cleaned_photos(form.photos)) is not None:
            sending.add_from_reporter(report, form.information.data or "", cleaned,
                                      site_url=current_app.config["SITE_URL"])
            return _added("We have added this to your report and told the team.")
    errors = error_summary(form)
    added = request.method == "GET" and session.pop("follow_up_added", False)
    rules = casework_settings()
    return render_template(
        "follow_up/report.html", report=report, form=form, errors=errors, added=added,
        status=STATUS_TEXT.get(report.status, report.status),
        updates=reporter.updates(report), teams=sending.active_teams(report),
        questions=reporter.questions(report), diary=reporter.diary(report),
        case_review=reporter.case_review_for(
            report, threshold=rules.case_review_threshold,
            window_days=rules.case_review_window_days) if report.kind == "asb" else None,
    ), (400 if errors else 200)


@bp.route("/follow-up/questions/<int:question_id>", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(_limit, methods=["POST"])
@photo_uploads
def answer(question_id):
    report = _reporters_report()
    if report is None:
        return _not_opened()
    asked = reporter.question(report, question_id)
    if asked is None or report.status == "closed":
        return render_error(404)
    form = AnswerForm()
    if form.validate_on_submit():
        if not form.answer.data and not chosen_files(form.photos):
            form.answer.errors = ["Enter your answer, or choose a photo"]
        elif (cleaned := cleaned_photos(form.photos)) is not None:
            reporter.answer(report, asked, form.answer.data or "", cleaned,
                            site_url=current_app.config["SITE_URL"])
            return _added("We have sent your answer to the team.")
    errors = error_summary(form)
    return render_template("follow_up/answer.html", report=report, question=asked, form=form,
                           errors=errors, back_url=url_for("follow_up.your_report")), (
        400 if errors else 200)


@bp.route("/follow-up/diary/new", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(_limit, methods=["POST"])
@photo_uploads
def add_diary_entry():
    report = _reporters_report()
    if report is None:
        return _not_opened()
    if report.status == "closed":
        return redirect(url_for("follow_up.your_report"))
    form = DiaryEntryForm()
    if form.validate_on_submit() and (cleaned := cleaned_photos(form.photos)) is not None:
        reporter.add_diary_entry(report, form.happened_on.data, form.time_of_day.data,
                                 form.what_happened.data, form.how_it_affected.data, cleaned,
                                 site_url=current_app.config["SITE_URL"])
        escalate_repeats(report)
        db.session.commit()
        return _added("We have added this to your diary and told the team.")
    errors = error_summary(form)
    return render_template("follow_up/diary_entry.html", report=report, form=form,
                           errors=errors, back_url=url_for("follow_up.your_report")), (
        400 if errors else 200)
