"""Reports taken by phone: contact-centre staff start one of the public journeys on a
caller's behalf (the same questions, the caller's details as the caller chooses, anonymous
included), and read the reference and receipt code back from a page that says so. The
mark that a call is being taken is app/web/phone_calls.py; the journeys are
app/routes/reports.py. Contact-centre staff have no inbox: their role lacks
``work_reports``.
"""

from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask_login import current_user

from app.extensions import db
from app.reporting import journeys, sending
from app.web import phone_calls
from app.web.auth import requires
from app.web.forms.staff import StartCallForm

bp = Blueprint("phone_reports", __name__, url_prefix="/staff/phone")

# The journeys a caller may report through (an ASB Case Review needs earlier reports'
# receipt codes, which a caller reads out in the same way; it is offered too).
PHONE_KINDS = ("asb", "hate", "stalking", "case_review")


@bp.get("/")
@requires("take_phone_reports")
def start():
    return render_template("phone_reports/start.html", kinds=PHONE_KINDS,
                           names=journeys.JOURNEY_NAMES, url_names=journeys.URL_NAMES)


@bp.post("/<journey>")
@requires("take_phone_reports")
def begin(journey):
    """Start a fresh journey for a caller: any half-taken report of an earlier call goes."""
    kind = journeys.KIND_FOR_URL.get(journey)
    if kind not in PHONE_KINDS or not StartCallForm().validate_on_submit():
        abort(404 if kind not in PHONE_KINDS else 400)
    sending.delete_draft(session.pop("draft_id", None))
    db.session.commit()
    phone_calls.start(current_user)
    first = journeys.steps(kind)[0].slug
    return redirect(url_for("reports.question", journey=journey, step=first))
