"""The partner inbox: the list, a report and what staff do to it, the CSV export and the
quarterly referrals summary (a team's own; the partnership's is app/routes/dashboard.py).
Signing in is app/routes/sign_in.py; what every staff page
shares (no-store, idle sign-out, navigation) is app/web/staff_area.py. Which reports a
person sees is decided in app/inbox/visibility.py, never here.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.casework import flags as casework_flags
from app.core import clock, working_days
from app.extensions import db
from app.figures import downloads
from app.figures import referrals as figures_referrals
from app.figures.quarters import Quarter, asked_for, quarter_of
from app.figures.queries import KINDS, OUTCOME_LABELS
from app.inbox import actions, exports, visibility
from app.partnership.teams import all_teams, team_by_slug
from app.reporting import targets as case_targets
from app.staff import audit
from app.staff.accounts import can
from app.staff.models import StaffUser
from app.web.auth import requires
from app.web.casework import settings as casework_settings
from app.web.form_errors import error_summary
from app.web.forms.staff import (
    AcknowledgeForm,
    AssignForm,
    ExportForm,
    ForwardForm,
    InboxFilterForm,
    NoteForm,
    PublicUpdateForm,
    ReclassifyForm,
    RedactPassageForm,
    RedactPhotoForm,
    StatusForm,
)
from app.web.report_view import answer_label, answer_rows, contact_rows
from app.web.request_guard import page_number

bp = Blueprint("staff", __name__, url_prefix="/staff")

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


def _holidays() -> set:
    return working_days.non_working_days(current_app.config["NON_WORKING_DAYS"])


def _levels() -> dict:
    return case_targets.targets(current_app.config["CONTENT_DIR"])


@bp.get("/")
@requires(None)
def home():
    if can(current_user, "work_reports"):
        return redirect(url_for(".inbox"))
    if can(current_user, "see_figures"):
        return redirect(url_for("dashboard.index"))
    return render_template("staff/home.html")


# --- the inbox ---------------------------------------------------------------------------

@bp.get("/inbox", endpoint="inbox")
@requires("work_reports")
def inbox_view():
    form = InboxFilterForm(formdata=request.args)
    form.set_areas(visibility.areas(current_user))
    form.set_teams(all_teams())
    form.validate()
    for field in (form.status, form.kind, form.risk, form.area, form.assigned, form.sort,
                  form.due):
        if field.errors:  # a stale or edited link: show everything rather than an error
            field.data, field.errors = field.default, []
    filters = visibility.InboxFilters(
        status=form.status.data or "open", kind=form.kind.data or "",
        risk=form.risk.data or "", area=form.area.data or "",
        received_from=None if form.received_from.errors else form.received_from.data,
        received_to=None if form.received_to.errors else form.received_to.data,
        assigned=form.assigned.data or "", reference=form.reference.data or "",
        sort=form.sort.data or "risk", due=form.due.data or "", team=form.team.data or "",
    )
    page = casework_flags.inbox_page(current_user, filters,
                                     request.args.get("page", 1, type=page_number),
                                     current_app.config["INBOX_PAGE_SIZE"], casework_settings())
    return render_template(
        "staff/inbox.html", form=form, page=page, filters=filters,
        overdue=visibility.OverdueCheck(_levels(), _holidays()),
        counts=visibility.counts_by_status(current_user),
        overdue_count=visibility.overdue_count(current_user, _levels(), _holidays()),
    ), 400 if form.errors else 200



# --- a report ----------------------------------------------------------------------------

ACTION_FORMS = {
    "acknowledge": AcknowledgeForm,
    "assign": AssignForm,
    "status": StatusForm,
    "reclassify": ReclassifyForm,
    "note": NoteForm,
    "public_update": PublicUpdateForm,
    "forward": ForwardForm,
    "redact": RedactPassageForm,
}


def _report_or_404(reference: str):
    report = visibility.report_for(current_user, reference)
    if report is None:
        abort(404)
    return report


def _action_forms(report, bound: str | None = None) -> dict:
    forms = {}
    for name, form_class in ACTION_FORMS.items():
        form = form_class(prefix=f"{name}-") if name == bound else form_class(
            formdata=None, prefix=f"{name}-")
        form.action_errors = []
        forms[name] = form
    forms["assign"].set_people(actions.assignable(report))
    if report.assigned_to_id and not forms["assign"].is_submitted():
        forms["assign"].assignee.data = str(report.assigned_to_id)
    forms["status"].set_current(report.status)
    forms["forward"].set_teams(actions.forward_targets(report, all_teams()))
    forms["redact"].set_fields({key: answer_label(key)
                                for key in actions.redactable_answers(report)})
    return forms


def _render_report(report, forms: dict | None = None, status: int = 200):
    level = visibility.access(current_user, report)
    forms = forms or _action_forms(report)
    staff_emails = {p.id: p.email for p in db.session.query(StaffUser)
                    .filter(StaffUser.id.in_({e.staff_id for e in report.events if e.staff_id}
                                             | {report.assigned_to_id or 0}))}
    photo_forms = {photo.id: RedactPhotoForm(formdata=None, prefix=f"photo-{photo.id}-")
                   for photo in report.photos}
    check = visibility.OverdueCheck(_levels(), _holidays())

    def actor(event) -> str:
        if event.staff_id:
            return staff_emails.get(event.staff_id, "A member of staff")
        if event.kind in ("created", "reporter_added", "case_review", "reporter_answer",
                          "diary_entry"):
            return "The person who reported it"
        return "So Safe"

    return render_template(
        "staff/report.html", report=report, level=level, forms=forms,
        photo_forms=photo_forms, staff_emails=staff_emails, actor=actor, overdue=check(report),
        due=check.due(report), answers=answer_rows(report), contact=contact_rows(report),
        errors=error_summary(*forms.values()), classes=actions.CLASSES,
        classification=actions.classification(report),
    ), status


@bp.get("/reports/<reference>")
@requires("work_reports")
def report(reference):
    report = _report_or_404(reference)
    actions.record_view(current_user, report)
    db.session.commit()
    return _render_report(report)


@bp.get("/reports/<reference>/photos/<int:photo_id>")
@requires("work_reports")
def photo(reference, photo_id):
    report = _report_or_404(reference)
    photo = next((p for p in report.photos if p.id == photo_id and not p.redacted), None)
    if photo is None:
        abort(404)
    audit.record(current_user, "report_photo_viewed", report.reference, photo_id=photo.id)
    db.session.commit()
    content_type = photo.content_type if photo.content_type in PHOTO_TYPES else (
        "application/octet-stream")
    return Response(photo.data, content_type=content_type,
                    headers={"Content-Disposition": "inline"})


def _act(reference: str, name: str, perform, done: str):
    """Run one action from the report page: validate its form, do it, commit, and go back
    to the report; or show the report again with the form's errors."""
    report = _report_or_404(reference)
    if visibility.access(current_user, report) != "full":
        abort(403)
    forms = _action_forms(report, bound=name)
    form = forms[name]
    if form.validate_on_submit():
        try:
            perform(report, form)
        except actions.ActionError as error:
            db.session.rollback()
            form.action_errors.append(str(error))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for(".report", reference=report.reference))
    return _render_report(report, forms, 400)


@bp.post("/reports/<reference>/acknowledge")
@requires("work_reports")
def acknowledge(reference):
    return _act(reference, "acknowledge",
                lambda report, form: actions.acknowledge(current_user, report),
                "Report acknowledged.")


@bp.post("/reports/<reference>/assign")
@requires("work_reports")
def assign(reference):
    def perform(report, form):
        value = form.assignee.data
        actions.assign(current_user, report, int(value) if value else None)

    return _act(reference, "assign", perform, "Assignment changed.")


@bp.post("/reports/<reference>/status")
@requires("work_reports")
def change_status(reference):
    return _act(reference, "status", lambda report, form: actions.change_status(
        current_user, report, form.status.data, form.outcome.data), "Status changed.")


@bp.post("/reports/<reference>/classification")
@requires("work_reports")
def reclassify(reference):
    return _act(reference, "reclassify", lambda report, form: actions.reclassify(
        current_user, report, form.to.data, form.reason.data), "Classification changed.")


@bp.post("/reports/<reference>/notes")
@requires("work_reports")
def add_note(reference):
    return _act(reference, "note", lambda report, form: actions.add_note(
        current_user, report, form.text.data), "Note added.")


@bp.post("/reports/<reference>/updates")
@requires("work_reports")
def post_update(reference):
    return _act(reference, "public_update", lambda report, form: actions.post_public_update(
        current_user, report, form.text.data, site_url=current_app.config["SITE_URL"]),
        "Update posted. The person who reported it can read it when they follow up.")


@bp.post("/reports/<reference>/forward")
@requires("work_reports")
def forward(reference):
    forwarded = {}

    def perform(report, form):
        team = team_by_slug(form.team.data)
        actions.forward(current_user, report, team, form.reason.data,
                        form.keep_read_access.data == "yes",
                        site_url=current_app.config["SITE_URL"])
        forwarded["team"] = team

    response = _act(reference, "forward", perform, "Report forwarded.")
    if forwarded and visibility.report_for(current_user, reference) is None:
        # Forwarded away without read access: the report is no longer ours to show.
        return redirect(url_for(".inbox"))
    return response


@bp.post("/reports/<reference>/redact")
@requires("work_reports")
def redact_passage(reference):
    return _act(reference, "redact", lambda report, form: actions.redact_passage(
        current_user, report, form.field.data, form.passage.data), "Words removed.")


@bp.post("/reports/<reference>/photos/<int:photo_id>/remove")
@requires("work_reports")
def redact_photo(reference, photo_id):
    report = _report_or_404(reference)
    if visibility.access(current_user, report) != "full":
        abort(403)
    form = RedactPhotoForm(prefix=f"photo-{photo_id}-")
    if not form.validate_on_submit():
        abort(400)
    try:
        actions.redact_photo(current_user, report, photo_id)
    except actions.ActionError:
        db.session.rollback()
        abort(404)
    db.session.commit()
    flash("Photo removed.", "success")
    return redirect(url_for(".report", reference=report.reference))


# --- export and the referrals summary ------------------------------------------------------

@bp.get("/export")
@requires("export")
def export():
    submitted = bool(request.args)
    form = ExportForm(formdata=request.args if submitted else None)
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
