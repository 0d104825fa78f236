"""The retention period for administrators: how many months after closing a report is
deleted. The privacy notice and `flask retention purge` both read this one setting
(app/reporting/retention.py)."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import versions
from app.extensions import db
from app.reporting import retention
from app.reporting.retention import RetentionError
from app.web import admin_pages
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.admin_rules import RetentionForm

bp = Blueprint("admin_retention", __name__, url_prefix="/staff/admin/retention")


@bp.route("/", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def index():
    months = retention.retention_months()
    form = RetentionForm(data={"months": months}) if request.method == "GET" \
        else RetentionForm()
    if form.validate_on_submit():
        try:
            changed = retention.set_retention_months(form.months.data, current_user)
        except RetentionError as error:
            form.months.errors = [str(error)]
        else:
            db.session.commit()
            if not changed:
                return redirect(url_for(".index", unchanged=1))
            return redirect(url_for(".index", changed=versions.latest(retention.AREA).id))
    errors = error_summary(form)
    return render_template("admin_retention/index.html", form=form, months=months,
                           period=retention.period_text(months), errors=errors,
                           changed=admin_pages.changed_version(retention.AREA),
                           **admin_pages.history(retention.AREA)), 400 if errors else 200
