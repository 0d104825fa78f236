"""Follow-up: the reporter opens their report with its reference and receipt code, sees
its status and the team's public updates, and can add information or photos (the teams
are told). A wrong pair gets one message whatever was wrong; attempts are rate-limited per
client by a daily-rotating hash, never the address."""

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

from app.core import photos
from app.extensions import db
from app.reporting import sending
from app.reporting.models import Report
from app.web.errors import keeps_answers_on_csrf_failure, render_error
from app.web.form_errors import error_summary
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


@bp.route("/follow-up/your-report", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(_limit, methods=["POST"])
@photo_uploads
def your_report():
    report = db.session.get(Report, session.get("follow_up_report") or 0)
    if report is None:
        if g.get("csrf_failed"):
            return render_error(400)
        return redirect(url_for("follow_up.start"))
    form = AddInformationForm()
    if report.status != "closed" and form.validate_on_submit():
        chosen = chosen_files(form.photos)
        if not form.information.data and not chosen:
            form.information.errors = ["Enter what you want to add, or choose a photo"]
        elif len(chosen) > photos.MAX_PHOTOS:
            form.photos.errors = [f"You can add up to {photos.MAX_PHOTOS} photos at a time"]
        else:
            try:
                cleaned = photos.clean_uploads(
                    chosen, photos.DecodeRules.from_config(current_app.config))
            except photos.PhotoError as error:
                form.photos.errors = [str(error)]
            else:
                sending.add_from_reporter(report, form.information.data or "", cleaned,
                                            site_url=current_app.config["SITE_URL"])
                session["follow_up_added"] = True
                return redirect(url_for("follow_up.your_report"))
    errors = error_summary(form)
    added = request.method == "GET" and session.pop("follow_up_added", False)
    return render_template(
        "follow_up/report.html", report=report, form=form, errors=errors, added=added,
        status=STATUS_TEXT.get(report.status, report.status),
        updates=sending.public_events(report), teams=sending.active_teams(report),
    ), (400 if errors else 200)
