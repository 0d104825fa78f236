"""The partner inbox for scanning: the list with its filters and each person's saved
filters, the CSV export, and the quarterly referrals summary (a team's own; the
partnership's is app/routes/dashboard.py). A report and what staff do to it is
app/routes/staff.py. Which reports a person sees is decided in app/inbox/visibility.py,
never here; the list's columns come from app/web/inbox_view.py.
"""

from datetime import timedelta

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.casework import due as casework_due
from app.casework import flags as casework_flags
from app.core import clock
from app.extensions import db
from app.figures import downloads
from app.figures import referrals as figures_referrals
from app.figures.quarters import Quarter, asked_for, quarter_of
from app.figures.queries import KINDS, OUTCOME_LABELS
from app.inbox import exports, saved_filters, visibility
from app.partnership.teams import all_teams
from app.staff import audit
from app.staff.accounts import can
from app.web import inbox_view
from app.web.auth import requires
from app.web.casework import settings as casework_settings
from app.web.form_errors import error_summary
from app.web.forms.staff import DeleteFilterForm, ExportForm, InboxFilterForm, SaveFilterForm
from app.web.inbox_view import INBOX_COLUMNS, VIEWS
from app.web.request_guard import page_number

bp = Blueprint("inbox", __name__, url_prefix="/staff")


def _filters(form: InboxFilterForm, areas: list[str] | None = None) -> visibility.InboxFilters:
    if areas is None:
        areas = visibility.counts_and_areas(current_user)[1]
    form.set_areas(areas)
    form.set_teams(all_teams())
    form.validate()
    for field in (form.status, form.kind, form.risk, form.area, form.assigned, form.sort,
                  form.due):
        if field.errors:  # a stale or edited link: show everything rather than an error
            field.data, field.errors = field.default, []
    return visibility.InboxFilters(
        status=form.status.data or "open", kind=form.kind.data or "",
        risk=form.risk.data or "", area=form.area.data or "",
        received_from=None if form.received_from.errors else form.received_from.data,
        received_to=None if form.received_to.errors else form.received_to.data,
        assigned=form.assigned.data or "", reference=form.reference.data or "",
        sort=form.sort.data or "risk", due=form.due.data or "", team=form.team.data or "",
    )


def _render_inbox(save_form: SaveFilterForm | None = None, status: int = 200):
    form = InboxFilterForm(formdata=request.args)
    rules = casework_settings()
    summary = casework_due.inbox_summary(current_user, rules)
    filters = _filters(form, summary.areas)
    page = casework_flags.inbox_page(current_user, filters,
                                     request.args.get("page", 1, type=page_number),
                                     current_app.config["INBOX_PAGE_SIZE"], rules)
    save_form = save_form or SaveFilterForm(formdata=None)
    errors = error_summary(form, save_form)
    return render_template(
        "staff/inbox.html", form=form, page=page, filters=filters, errors=errors,
        save_form=save_form, delete_form=DeleteFilterForm(formdata=None),
        saved=saved_filters.of(current_user), columns=INBOX_COLUMNS, views=VIEWS,
        rows=inbox_view.rows(current_user, page.items, rules),
        counts=summary.by_status, overdue_count=summary.flagged["first_contact_overdue"],
        review_overdue_count=summary.flagged["review_overdue"],
    ), 400 if errors else status


@bp.get("/inbox", endpoint="index")
@requires("work_reports")
def index():
    return _render_inbox()


@bp.post("/inbox/saved")
@requires("work_reports")
def save_filter():
    """Keep the filters in the page's URL (the form posts to ?status=…) under a name."""
    save_form = SaveFilterForm()
    if save_form.validate_on_submit():
        filters = _filters(InboxFilterForm(formdata=request.args))
        try:
            saved_filters.save(current_user, save_form.name.data, filters.as_query_args())
        except saved_filters.SavedFilterError as error:
            db.session.rollback()
            save_form.name.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Filters saved as \u201c{save_form.name.data.strip()}\u201d.", "success")
            return redirect(url_for(".index", **request.args))
    return _render_inbox(save_form, 400)


@bp.post("/inbox/saved/<int:filter_id>/delete")
@requires("work_reports")
def delete_filter(filter_id):
    if DeleteFilterForm().validate_on_submit() and saved_filters.delete(current_user,
                                                                        filter_id):
        db.session.commit()
        flash("Saved filters deleted.", "success")
    return redirect(url_for(".index"))


# --- export and the referrals summary ------------------------------------------------------

def _last_quarter() -> Quarter:
    return quarter_of(clock.current_time(), visibility.local_zone()).previous


@bp.get("/export")
@requires("export")
def export():
    submitted = bool(request.args)
    form = ExportForm(formdata=request.args if submitted else None)
    if not submitted:  # the last whole quarter, the range the quarterly meeting asks for
        quarter = _last_quarter()
        form.received_from.data = quarter.first_day
        form.received_to.data = quarter.next.first_day - timedelta(days=1)
    if submitted and form.validate():
        include_contact = bool(form.include_contact.data) and can(current_user, "export_contact")
        first, last = form.received_from.data, form.received_to.data
        text, count = exports.reports_csv(current_user, first, last, include_contact)
        audit.record(current_user, "reports_exported", None, first=first.isoformat(),
                     last=last.isoformat(), reports=count, contact=include_contact)
        db.session.commit()
        return Response(text, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="so-safe-reports-{first}-to-{last}.csv"'
        })
    return render_template("staff/export.html", form=form,
                           may_include_contact=can(current_user, "export_contact"),
                           errors=error_summary(form)), 400 if form.errors else 200


def _quarter() -> tuple[Quarter, Quarter]:
    """(the quarter asked for, the quarter we are in)."""
    this_quarter = quarter_of(clock.current_time(), visibility.local_zone())
    return asked_for(request.args.get("quarter"), this_quarter), this_quarter


@bp.get("/referrals")
@requires("work_reports")
def referrals():
    quarter, this_quarter = _quarter()
    rows = figures_referrals.referrals_for(current_user, quarter, visibility.local_zone())
    return render_template("staff/referrals.html", quarter=quarter, rows=rows,
                           totals=figures_referrals.totals(rows) if len(rows) > 1 else None,
                           kinds=KINDS, outcomes=OUTCOME_LABELS, this_quarter=this_quarter)


@bp.get("/referrals.csv")
@requires("work_reports")
def referrals_csv():
    quarter, _ = _quarter()
    rows = figures_referrals.referrals_for(current_user, quarter, visibility.local_zone())
    audit.record(current_user, "referrals_exported", None, quarter=quarter.key)
    db.session.commit()
    return Response(downloads.teams_csv(rows), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="so-safe-referrals-{quarter.key}.csv"'
    })
