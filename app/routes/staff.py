"""A report and what staff do to it: the report page, built for working, and the small
page of each task it links to. The list of reports, its saved filters, the export and the
referrals summary are app/routes/inbox.py; signing in is app/routes/sign_in.py; what every
staff page shares (no-store, idle sign-out, navigation) is app/web/staff_area.py. Which
reports a person sees is decided in app/inbox/visibility.py, never here.

Each task is one form: a button on the report page (acknowledge, assign to me) or a page
of its own (GET shows it, POST does it). Done, it comes back to the same report with a
success banner; wrong, it shows its page again with the error next to the field.
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

from app.casework import due as casework_due
from app.extensions import db
from app.inbox import actions, templates, visibility
from app.partnership.teams import all_teams, team_by_slug
from app.reporting.targets import first_contact_due
from app.staff import audit
from app.staff.accounts import can
from app.staff.models import StaffUser
from app.web.auth import requires
from app.web.casework import settings as casework_settings
from app.web.form_errors import error_summary
from app.web.forms.staff import (
    AcknowledgeForm,
    AssignForm,
    AssignToMeForm,
    CloseForm,
    ContactForm,
    ForwardForm,
    NoteForm,
    PublicUpdateForm,
    ReclassifyForm,
    RedactPassageForm,
    RedactPhotoForm,
    StatusForm,
)
from app.web.report_view import (
    TASKS_BY_KEY,
    answer_label,
    answer_rows,
    contact_rows,
    tasks_for,
    where_text,
)
from app.web.request_guard import stored_int

bp = Blueprint("staff", __name__, url_prefix="/staff")

PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}


@bp.get("/")
@requires(None)
def home():
    if can(current_user, "work_reports"):
        return redirect(url_for("inbox.index"))
    if can(current_user, "take_phone_reports"):
        return redirect(url_for("phone_reports.start"))
    if can(current_user, "see_figures"):
        return redirect(url_for("dashboard.index"))
    return render_template("staff/home.html")


# --- a report ----------------------------------------------------------------------------

TASK_FORMS = {
    "acknowledge": AcknowledgeForm,
    "assign_to_me": AssignToMeForm,
    "contact": ContactForm,
    "status": StatusForm,
    "close": CloseForm,
    "assign": AssignForm,
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


def _form(report, name: str, bound: bool = False):
    form_class = TASK_FORMS[name]
    form = form_class(prefix=f"{name}-") if bound else form_class(formdata=None,
                                                                  prefix=f"{name}-")
    form.action_errors = []
    if name == "assign":
        form.set_people(actions.assignable(report))
        if report.assigned_to_id and not bound:
            form.assignee.data = str(report.assigned_to_id)
    elif name == "status":
        form.set_current(report.status)
    elif name == "forward":
        form.set_teams(actions.forward_targets(report, all_teams()))
    elif name == "redact":
        form.set_fields({key: answer_label(key)
                         for key in actions.redactable_answers(report)})
    return form


def _people(report) -> dict[int, str]:
    wanted = {e.staff_id for e in report.events if e.staff_id}
    wanted |= {report.assigned_to_id or 0, report.taken_by_phone_id or 0}
    return {p.id: p.email for p in db.session.query(StaffUser).filter(StaffUser.id.in_(wanted))}


def _team_templates(report) -> list:
    """The response templates offered on this report: the person's own team's, or (for
    someone outside the teams working it) those teams'."""
    working = [r.team_id for r in report.working_routes]
    team_ids = [current_user.team_id] if current_user.team_id in working else working
    return templates.for_teams(team_ids)


def _render_report(report, failed: tuple | None = None, status: int = 200):
    """The report page; ``failed``: (task name, its form) when a button's action failed."""
    level = visibility.access(current_user, report)
    people = _people(report)
    rules = casework_settings()
    due = casework_due.dues([report], rules)[report.id]

    def actor(event) -> str:
        if event.staff_id:
            return people.get(event.staff_id, "A member of staff")
        if event.kind in ("created", "reporter_added", "case_review", "reporter_answer",
                          "diary_entry"):
            return "The person who reported it"
        return "So Safe"

    buttons = {name: _form(report, name) for name in ("acknowledge", "assign_to_me")}
    if failed is not None:
        buttons[failed[0]] = failed[1]
    return render_template(
        "staff/report.html", report=report, level=level, buttons=buttons,
        tasks=tasks_for(report, current_user) if level == "full" else [],
        templates=_team_templates(report) if level == "full" else [],
        photo_forms={photo.id: RedactPhotoForm(formdata=None, prefix=f"photo-{photo.id}-")
                     for photo in report.photos},
        people=people, actor=actor, deadlines=due.deadlines(),
        due=first_contact_due(report, rules.levels, set(rules.holidays)),
        answers=answer_rows(report), contact=contact_rows(report), where=where_text(report),
        errors=error_summary(failed[1] if failed else None), classes=actions.CLASSES,
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


def _render_task(report, name: str, form, status: int = 200, **extra):
    return render_template(
        "staff/task.html", report=report, task=TASKS_BY_KEY[name], form=form,
        errors=error_summary(form), classes=actions.CLASSES,
        classification=actions.classification(report), **extra), status


def _task(reference: str, name: str, perform, done: str, prepare=None, **extra):
    """Show a task's page (GET), or do it (POST): validate its form, perform it, commit and
    go back to the report with ``done`` as the banner; or show the form again, with its
    errors, where it was (the report page for a button, else the task's own page)."""
    report = _report_or_404(reference)
    if visibility.access(current_user, report) != "full":
        abort(403)
    task = TASKS_BY_KEY[name]
    if request.method == "GET":
        if task.button:
            return redirect(url_for(".report", reference=report.reference))
        form = _form(report, name)
        if prepare:
            prepare(report, form)
        return _render_task(report, name, form, **extra)
    form = _form(report, name, bound=True)
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
    if task.button:
        return _render_report(report, failed=(name, form), status=400)
    return _render_task(report, name, form, 400, **extra)


def _site_url() -> str:
    return current_app.config["SITE_URL"]


TASK_METHODS = ["GET", "POST"]


@bp.post("/reports/<reference>/acknowledge")
@requires("work_reports")
def acknowledge(reference):
    return _task(reference, "acknowledge", lambda report, form: actions.acknowledge(
        current_user, report, site_url=_site_url()), "Report acknowledged.")


@bp.post("/reports/<reference>/assign-to-me")
@requires("work_reports")
def assign_to_me(reference):
    return _task(reference, "assign_to_me", lambda report, form: actions.assign(
        current_user, report, current_user.id), "Report assigned to you.")


@bp.route("/reports/<reference>/assign", methods=TASK_METHODS)
@requires("work_reports")
def assign(reference):
    def perform(report, form):
        value = form.assignee.data
        actions.assign(current_user, report, int(value) if value else None)

    return _task(reference, "assign", perform, "Assignment changed.")


@bp.route("/reports/<reference>/contact", methods=TASK_METHODS)
@requires("work_reports")
def record_contact(reference):
    return _task(reference, "contact", lambda report, form: actions.record_contact(
        current_user, report, form.how.data, form.note.data, site_url=_site_url()),
        "Contact recorded.")


@bp.route("/reports/<reference>/status", methods=TASK_METHODS)
@requires("work_reports")
def change_status(reference):
    return _task(reference, "status", lambda report, form: actions.change_status(
        current_user, report, form.status.data, site_url=_site_url()), "Status changed.")


@bp.route("/reports/<reference>/close", methods=TASK_METHODS)
@requires("work_reports")
def close(reference):
    return _task(reference, "close", lambda report, form: actions.change_status(
        current_user, report, "closed", form.outcome.data, site_url=_site_url()),
        "Report closed.")


@bp.route("/reports/<reference>/classification", methods=TASK_METHODS)
@requires("work_reports")
def reclassify(reference):
    return _task(reference, "reclassify", lambda report, form: actions.reclassify(
        current_user, report, form.to.data, form.reason.data), "Classification changed.")


@bp.route("/reports/<reference>/notes", methods=TASK_METHODS)
@requires("work_reports")
def add_note(reference):
    return _task(reference, "note", lambda report, form: actions.add_note(
        current_user, report, form.text.data), "Note added.")


@bp.route("/reports/<reference>/updates", methods=TASK_METHODS)
@requires("work_reports")
def post_update(reference):
    """The update's page; ?template=<id> fills the text from one of the team's response
    templates (the officer can still change it before posting)."""
    report = _report_or_404(reference)
    offered = _team_templates(report)

    def prepare(report, form):
        wanted = request.args.get("template", type=stored_int)
        chosen = next((t for t in offered if t.id == wanted), None)
        if chosen is not None:
            form.text.data = templates.fill(chosen, report.reference)

    return _task(reference, "public_update", lambda report, form: actions.post_public_update(
        current_user, report, form.text.data, site_url=_site_url()),
        "Update posted. The person who reported it can read it when they follow up.",
        prepare=prepare, templates=offered)


@bp.route("/reports/<reference>/forward", methods=TASK_METHODS)
@requires("work_reports")
def forward(reference):
    forwarded = {}

    def perform(report, form):
        team = team_by_slug(form.team.data)
        actions.forward(current_user, report, team, form.reason.data,
                        form.keep_read_access.data == "yes", site_url=_site_url())
        forwarded["team"] = team

    response = _task(reference, "forward", perform, "Report forwarded.")
    if forwarded and visibility.report_for(current_user, reference) is None:
        # Forwarded away without read access: the report is no longer ours to show.
        return redirect(url_for("inbox.index"))
    return response


@bp.route("/reports/<reference>/redact", methods=TASK_METHODS)
@requires("work_reports")
def redact_passage(reference):
    return _task(reference, "redact", lambda report, form: actions.redact_passage(
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
