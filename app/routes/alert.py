"""The site-wide alert banner (a scam warning, a closure): comms staff set one message,
its level and its last day, or take it down. What is shown, and its audit record, is
decided in app/pages/alerts.py; the banner reaches every page through app/web/site_alert.py.
"""

from datetime import datetime

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.pages import alerts
from app.pages.export import as_written
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.publishing import AlertForm, uk_moment

bp = Blueprint("alert", __name__, url_prefix="/staff")


@bp.route("/alert", methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def edit():
    banner = alerts.the_banner()
    now = clock.current_time()
    showing = alerts.showing_alert(now)
    if request.method == "GET" and showing is not None:
        ends = as_written(showing.ends_at, end=True)
        form = AlertForm(data={"message": showing.message, "level": showing.level,
                               "ends_on": ends.date() if isinstance(ends, datetime) else ends})
    else:
        form = AlertForm()
    errors = []
    if form.validate_on_submit():
        ends_at = uk_moment(form.ends_on.data, None, end=True)
        try:
            alerts.set_alert(form.message.data, form.level.data, ends_at, current_user, now)
        except alerts.AlertError as error:
            db.session.rollback()
            field = {"ends_at": "ends_on"}.get(error.field_name, error.field_name)
            form[field].errors = [error.message]
        else:
            db.session.commit()
            flash("The message is now shown at the top of every page.", "success")
            return redirect(url_for(".edit"))
    status = 400 if form.errors or errors else 200
    return render_template("alert/edit.html", form=form, banner=banner, showing=showing,
                           max_length=alerts.MAX_MESSAGE_LENGTH,
                           errors=error_summary(form) + errors), status


@bp.post("/alert/remove")
@requires("publish")
def remove():
    alerts.take_down(current_user, clock.current_time())
    db.session.commit()
    flash("The message has been taken down.", "success")
    return redirect(url_for(".edit"))
