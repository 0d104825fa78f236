"""The staff area: signing in (a password, then a code when the person has set one up or
their team requires it), the partner inbox, a report and what staff do to it, the CSV
export and the quarterly referrals summary.

Every page here is ``noindex`` and ``Cache-Control: no-store``. A session ends after
``STAFF_IDLE_MINUTES`` without a request, ``STAFF_SESSION_MAX_HOURS`` after signing in, and
on sign-out (which also ends the account's
other sessions). Which reports a person sees is decided in app/inbox.py, never here.
"""

import posixpath
import time
from urllib.parse import quote, unquote, urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from app import audit, exports, inbox, report_actions, report_journeys, staff_accounts, totp
from app.auth import requires
from app.extensions import db, limiter
from app.forms.fields import GovDateField
from app.forms.staff import (
    KIND_LABELS,
    RISK_LABELS,
    AcknowledgeForm,
    AssignForm,
    CodeForm,
    ExportForm,
    ForwardForm,
    InboxFilterForm,
    LoginForm,
    NoteForm,
    PublicUpdateForm,
    RedactPassageForm,
    RedactPhotoForm,
    StatusForm,
)
from app.models import StaffUser
from app.models.base import utcnow
from app.request_guard import page_number
from app.staff_accounts import can
from app.teams import all_teams, team_by_slug

bp = Blueprint("staff", __name__, url_prefix="/staff")

PENDING_KEY = "staff_pending_sign_in"
SEEN_KEY = "staff_seen_at"
SIGNED_IN_KEY = "staff_signed_in_at"
PENDING_SECONDS = 5 * 60
SIGN_IN_PROBLEM = ("Enter a correct email address and password. If you have tried several "
                   "times, wait 15 minutes and try again.")
PHOTO_TYPES = {"image/jpeg", "image/png", "image/webp"}

# The staff navigation: (endpoint, text, permission). Other areas add their own entries.
STAFF_NAVIGATION = [
    ("staff.inbox", "Inbox", "work_reports"),
    ("staff.referrals", "Referrals summary", "work_reports"),
    ("staff.export", "Export", "export"),
    ("publishing.index", "Pages", "publish"),
    ("publishing.alert", "Alert banner", "publish"),
    ("admin.audit_log", "Audit log", "audit"),
    ("staff.two_factor", "Sign-in codes", None),
]

sign_in_throttle = limiter.shared_limit(
    lambda: current_app.config["STAFF_LOGIN_RATE_LIMIT"], scope="staff-sign-in",
    methods=["POST"],
)


# --- every staff page ----------------------------------------------------------------------

@bp.before_app_request
def end_idle_sessions():
    """Signs out, at their next request to the staff area (any blueprint under /staff), a
    person idle for ``STAFF_IDLE_MINUTES``, and anyone who signed in more than
    ``STAFF_SESSION_MAX_HOURS`` ago however busy since: a session picked up at a desk left
    unlocked, or from a copied cookie, cannot be kept alive by using it. Public pages are
    left alone: they never touch the session."""
    if not request.path.startswith("/staff/") or not current_user.is_authenticated:
        return None
    now, config = time.time(), current_app.config
    seen = session.get(SEEN_KEY)
    if seen is not None and now - seen > config["STAFF_IDLE_MINUTES"] * 60:
        return _signed_out(f"You were signed out because you had done nothing for "
                           f"{config['STAFF_IDLE_MINUTES']} minutes. Sign in again.")
    if now - session.get(SIGNED_IN_KEY, 0) > config["STAFF_SESSION_MAX_HOURS"] * 3600:
        return _signed_out(f"You were signed out because you signed in more than "
                           f"{config['STAFF_SESSION_MAX_HOURS']} hours ago. Sign in again.")
    session[SEEN_KEY] = now
    return None


def _signed_out(message: str):
    logout_user()
    session.clear()
    flash(message)
    return redirect(url_for("staff.login"))


@bp.after_request
def private_pages(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.record_once
def add_template_helpers(state) -> None:
    """Globals (not a context processor) so that imported macros see them too."""
    state.app.jinja_env.globals.update({
        "staff_navigation": staff_navigation,
        "kind_label": lambda kind: KIND_LABELS.get(kind, kind or ""),
        "risk_label": lambda risk: RISK_LABELS.get(risk, "Not assessed"),
        "status_label": lambda status: report_actions.STATUS_LABELS.get(status, status),
        "outcome_label": lambda outcome: report_actions.OUTCOMES.get(outcome, outcome or ""),
        "local_time": lambda moment: (moment.astimezone(inbox.local_zone())
                                      .strftime("%-d %B %Y, %-I:%M%p").replace("AM", "am")
                                      .replace("PM", "pm")) if moment else "",
        "local_day": lambda day: day.strftime("%-d %B %Y") if day else "",
        "error_items": error_items,
        "event_title": event_title,
    })


EVENT_TITLES = {
    "created": "Report received",
    "acknowledged": "Acknowledged",
    "note": "Internal note",
    "public_update": "Update for the person who reported it",
    "reporter_added": "The person who reported it added information",
    "case_review": "ASB Case Review request",
}


def event_title(event) -> str:
    data = event.data or {}
    if event.kind == "status":
        title = (f"Status changed from {report_actions.STATUS_LABELS.get(data.get('from'), '')} "
                 f"to {report_actions.STATUS_LABELS.get(data.get('to'), '')}".replace("  ", " "))
        if data.get("outcome"):
            title += f": {report_actions.OUTCOMES.get(data['outcome'], data['outcome'])}"
        return title
    if event.kind == "assigned":
        return f"Assigned to {data['to']}" if data.get("to") else "Unassigned"
    if event.kind == "forwarded":
        team = team_by_slug(data.get("to") or "")
        kept = " Read access kept." if data.get("kept_read_access") else ""
        return f"Forwarded to {team.name if team else data.get('to')}.{kept}"
    if event.kind == "redacted":
        if "photo_id" in data:
            return "A photo was removed"
        return f"Words removed from the answer \u201c{answer_label(data.get('field', ''))}\u201d"
    return EVENT_TITLES.get(event.kind, event.kind.replace("_", " ").capitalize())


def staff_navigation() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, text, permission in STAFF_NAVIGATION:
        if endpoint not in current_app.view_functions:
            continue
        if permission and not can(current_user, permission):
            continue
        href = url_for(endpoint)
        items.append({"href": href, "text": text, "active": request.path.startswith(href)})
    return items


def error_items(*forms) -> list[dict]:
    """The error summary's list: one link a message, to the field it is about."""
    items = []
    for form in forms:
        if form is None:
            continue
        for field in form:
            for message in field.errors:
                if field.type == "CSRFTokenField":
                    message = "This page was open too long. Try again."
                    anchor = form._prefix + "submit"
                elif isinstance(field, GovDateField):
                    anchor = f"{field.id}-day"
                else:
                    anchor = field.id
                items.append({"text": message, "href": f"#{anchor}"})
        for message in getattr(form, "action_errors", []):
            items.append({"text": message, "href": f"#{form._prefix}submit"})
    return items


def _safe_next(target: str | None) -> str | None:
    """Where to go after signing in, from ``next`` in the address (which anyone can write):
    only a page of the staff area of this site, else None.

    The path is read as a browser resolves it, percent-decoded and with "." and ".."
    segments removed (``posixpath.normpath``), so ``/staff/../`` is refused. So is anything
    naming a scheme or host, ``//``, a backslash (browsers read it as ``/``), and control
    characters (CR/LF would split the Location header).
    """
    if not target or _unsafe_in_path(target):
        return None
    parts = urlsplit(target)
    path = unquote(parts.path)
    if parts.scheme or parts.netloc or _unsafe_in_path(path):
        return None
    normal = posixpath.normpath(path)
    if path.endswith("/") and normal != "/":
        normal += "/"
    home = url_for(".home")
    if not (normal.startswith(home) or normal == home.rstrip("/")):
        return None
    return quote(normal) + (f"?{parts.query}" if parts.query else "")


def _unsafe_in_path(text: str) -> bool:
    return (text.startswith("//") or "\\" in text
            or any(ord(character) < 32 or ord(character) == 127 for character in text))


# --- signing in and out ---------------------------------------------------------------------

@bp.route("/login", methods=["GET", "POST"])
@sign_in_throttle
def login():
    if current_user.is_authenticated:
        return redirect(url_for(".home"))
    form = LoginForm()
    problem = None
    if form.validate_on_submit():
        check = staff_accounts.check_password(form.email.data, form.password.data)
        if check.staff is None:
            db.session.commit()  # keep the count of failures and the audit entry
            problem = SIGN_IN_PROBLEM
        else:
            staff = check.staff
            next_url = _safe_next(request.args.get("next"))
            if staff_accounts.needs_second_factor(staff):
                db.session.commit()
                session[PENDING_KEY] = {"id": staff.id, "at": time.time(), "next": next_url}
                if staff.totp_secret:
                    return redirect(url_for(".login_code"))
                return redirect(url_for(".login_set_up_code"))
            return _finish_sign_in(staff, next_url)
    if problem:
        form.email.errors = [problem]
    status = 400 if form.errors else 200
    return render_template("staff/login.html", form=form), status


def _pending_staff() -> StaffUser | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    staff = db.session.get(StaffUser, pending["id"])
    if staff is None or not staff.active or staff_accounts.is_locked(staff):
        return None
    return staff


def _finish_sign_in(staff: StaffUser, next_url: str | None):
    staff_accounts.complete_sign_in(staff)
    db.session.commit()
    session.clear()  # nothing from before signing in carries over
    login_user(staff)
    session.pop("_id", None)  # Flask-Login's hash of address and browser: not wanted
    session[SEEN_KEY] = session[SIGNED_IN_KEY] = time.time()
    return redirect(next_url or url_for(".home"))


def _code_failed(staff: StaffUser, form: CodeForm):
    staff_accounts.register_failure(staff, utcnow(), "code")
    db.session.commit()
    if staff_accounts.is_locked(staff):
        session.pop(PENDING_KEY, None)
        flash(SIGN_IN_PROBLEM)
        return redirect(url_for(".login"))
    form.code.errors = ["The code is not right. Enter the code your app shows now"]
    return None


@bp.route("/login/code", methods=["GET", "POST"])
@sign_in_throttle
def login_code():
    staff = _pending_staff()
    if staff is None or not staff.totp_secret:
        flash("Sign in again.")
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit():
        step = totp.verify(staff.totp_secret, form.code.data, staff.totp_last_step)
        if step is not None and staff_accounts.claim_code_step(staff, step):
            return _finish_sign_in(staff, session[PENDING_KEY].get("next"))
        failed = _code_failed(staff, form)
        if failed is not None:
            return failed
    return render_template("staff/login_code.html", form=form), 400 if form.errors else 200


@bp.route("/login/set-up-code", methods=["GET", "POST"])
@sign_in_throttle
def login_set_up_code():
    """First sign-in to a team that requires codes: set up an authenticator app."""
    staff = _pending_staff()
    if staff is None or staff.totp_secret:
        flash("Sign in again.")
        return redirect(url_for(".login"))
    form = CodeForm()
    if form.validate_on_submit() and staff.totp_pending_secret:
        step = totp.verify(staff.totp_pending_secret, form.code.data, None)
        if step is not None:
            _turn_on_codes(staff, step)
            return _finish_sign_in(staff, session[PENDING_KEY].get("next"))
        failed = _code_failed(staff, form)
        if failed is not None:
            return failed
    return _render_set_up(staff, form, "staff/login_set_up_code.html")


def _render_set_up(staff: StaffUser, form: CodeForm, template: str):
    if not staff.totp_pending_secret:
        staff.totp_pending_secret = totp.new_secret()
        db.session.commit()
    secret = staff.totp_pending_secret
    return render_template(
        template, form=form, staff=staff,
        qr=totp.qr_svg(totp.provisioning_uri(secret, staff.email)),
        secret=totp.grouped(secret),
    ), 400 if form.errors else 200


def _turn_on_codes(staff: StaffUser, step: int) -> None:
    staff.totp_secret = staff.totp_pending_secret
    staff.totp_pending_secret = None
    staff.totp_last_step = step
    audit.record(staff, "totp_turned_on", staff.email)


@bp.post("/logout")
def logout():
    if current_user.is_authenticated:
        staff = db.session.get(StaffUser, current_user.id)
        audit.record(staff, "sign_out", staff.email)
        staff_accounts.end_sessions(staff)
        db.session.commit()
    logout_user()
    session.clear()
    flash("You have signed out.", "success")
    return redirect(url_for(".login"))


@bp.route("/account/sign-in-codes", methods=["GET", "POST"])
@requires(None)
def two_factor():
    """Set up (or, when the team does not require it, turn off) codes at sign-in."""
    staff = db.session.get(StaffUser, current_user.id)
    form = CodeForm(prefix="code")
    if staff.totp_secret:
        if staff.team.requires_totp:
            return render_template("staff/two_factor_on.html", staff=staff, form=None)
        turn_off = CodeForm(prefix="off")
        turn_off.submit.label.text = "Stop asking for a code"
        if turn_off.validate_on_submit():
            step = totp.verify(staff.totp_secret, turn_off.code.data, staff.totp_last_step)
            if step is None or not staff_accounts.claim_code_step(staff, step):
                turn_off.code.errors = ["The code is not right. Enter the code your app shows now"]
            else:
                staff.totp_secret = None
                staff.totp_last_step = None
                audit.record(staff, "totp_turned_off", staff.email)
                db.session.commit()
                flash("You will no longer be asked for a code when you sign in.", "success")
                return redirect(url_for(".two_factor"))
        return render_template("staff/two_factor_on.html", staff=staff, form=turn_off,
                               errors=error_items(turn_off)), 400 if turn_off.errors else 200
    if form.validate_on_submit() and staff.totp_pending_secret:
        step = totp.verify(staff.totp_pending_secret, form.code.data, None)
        if step is not None:
            _turn_on_codes(staff, step)
            db.session.commit()
            flash("Done. From now on you will be asked for a code when you sign in.", "success")
            return redirect(url_for(".two_factor"))
        form.code.errors = ["The code is not right. Enter the code your app shows now"]
    return _render_set_up(staff, form, "staff/two_factor_set_up.html")


@bp.get("/")
@requires(None)
def home():
    if can(current_user, "work_reports"):
        return redirect(url_for(".inbox"))
    return render_template("staff/home.html")


# --- the inbox ---------------------------------------------------------------------------

@bp.get("/inbox", endpoint="inbox")
@requires("work_reports")
def inbox_view():
    form = InboxFilterForm(formdata=request.args)
    form.set_areas(inbox.areas(current_user))
    form.set_teams(all_teams())
    form.validate()
    for field in (form.status, form.kind, form.risk, form.area, form.assigned, form.sort):
        if field.errors:  # a stale or edited link: show everything rather than an error
            field.data, field.errors = field.default, []
    filters = inbox.InboxFilters(
        status=form.status.data or "open", kind=form.kind.data or "",
        risk=form.risk.data or "", area=form.area.data or "",
        received_from=None if form.received_from.errors else form.received_from.data,
        received_to=None if form.received_to.errors else form.received_to.data,
        assigned=form.assigned.data or "", reference=form.reference.data or "",
        sort=form.sort.data or "risk", team=form.team.data or "",
    )
    page = inbox.inbox_page(current_user, filters, request.args.get("page", 1, type=page_number))
    return render_template(
        "staff/inbox.html", form=form, page=page, filters=filters,
        overdue=inbox.OverdueCheck(current_user), counts=inbox.counts_by_status(current_user),
        overdue_count=inbox.overdue_count(current_user),
    ), 400 if form.errors else 200



# --- a report ----------------------------------------------------------------------------

ACTION_FORMS = {
    "acknowledge": AcknowledgeForm,
    "assign": AssignForm,
    "status": StatusForm,
    "note": NoteForm,
    "public_update": PublicUpdateForm,
    "forward": ForwardForm,
    "redact": RedactPassageForm,
}


def _report_or_404(reference: str):
    report = inbox.report_for(current_user, reference)
    if report is None:
        abort(404)
    return report


def answer_label(key: str) -> str:
    question = report_journeys.QUESTIONS.get(key)
    return question.label if question else key.replace("_", " ").strip().capitalize()


def answer_text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(answer_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{answer_label(k)}: {answer_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def answer_rows(report) -> list[tuple[str, str]]:
    """Every answer as (question, answer) in the order the journey asked them, worded as
    the reporter saw them; anything the journey does not know comes after, as stored."""
    answers = report.answers or {}
    rows, shown = [], set()
    if report.kind in report_journeys.KINDS:
        for step, label, text in report_journeys.answer_rows(report.kind, answers):
            rows.append((label, text))
            shown.update(step.fields)
    rows += [(answer_label(k), answer_text(v)) for k, v in answers.items() if k not in shown]
    return rows


def contact_rows(report) -> list[tuple[str, str]]:
    rows = []
    for key, value in (report.contact or {}).items():
        question = report_journeys.QUESTIONS.get(key)
        rows.append((answer_label(key), question.label_for(value) if question
                     else answer_text(value)))
    return rows


def _action_forms(report, bound: str | None = None) -> dict:
    forms = {}
    for name, form_class in ACTION_FORMS.items():
        form = form_class(prefix=f"{name}-") if name == bound else form_class(
            formdata=None, prefix=f"{name}-")
        form.action_errors = []
        forms[name] = form
    forms["assign"].set_people(report_actions.assignable(report))
    if report.assigned_to_id and not forms["assign"].is_submitted():
        forms["assign"].assignee.data = str(report.assigned_to_id)
    forms["status"].set_current(report.status)
    forms["forward"].set_teams(report_actions.forward_targets(report, all_teams()))
    forms["redact"].set_fields({key: answer_label(key)
                                for key in report_actions.redactable_answers(report)})
    return forms


def _render_report(report, forms: dict | None = None, status: int = 200):
    level = inbox.access(current_user, report)
    forms = forms or _action_forms(report)
    staff_emails = {p.id: p.email for p in db.session.query(StaffUser)
                    .filter(StaffUser.id.in_({e.staff_id for e in report.events if e.staff_id}
                                             | {report.assigned_to_id or 0}))}
    photo_forms = {photo.id: RedactPhotoForm(formdata=None, prefix=f"photo-{photo.id}-")
                   for photo in report.photos}
    check = inbox.OverdueCheck(current_user)

    def actor(event) -> str:
        if event.staff_id:
            return staff_emails.get(event.staff_id, "A member of staff")
        if event.kind in ("created", "reporter_added", "case_review"):
            return "The person who reported it"
        return "So Safe"

    return render_template(
        "staff/report.html", report=report, level=level, forms=forms,
        photo_forms=photo_forms, staff_emails=staff_emails, actor=actor, overdue=check(report),
        due=check.due(report), answers=answer_rows(report), contact=contact_rows(report),
        errors=error_items(*forms.values()),
    ), status


@bp.get("/reports/<reference>")
@requires("work_reports")
def report(reference):
    report = _report_or_404(reference)
    report_actions.record_view(current_user, report)
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
    if inbox.access(current_user, report) != "full":
        abort(403)
    forms = _action_forms(report, bound=name)
    form = forms[name]
    if form.validate_on_submit():
        try:
            perform(report, form)
        except report_actions.ActionError as error:
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
                lambda report, form: report_actions.acknowledge(current_user, report),
                "Report acknowledged.")


@bp.post("/reports/<reference>/assign")
@requires("work_reports")
def assign(reference):
    def perform(report, form):
        value = form.assignee.data
        report_actions.assign(current_user, report, int(value) if value else None)

    return _act(reference, "assign", perform, "Assignment changed.")


@bp.post("/reports/<reference>/status")
@requires("work_reports")
def change_status(reference):
    return _act(reference, "status", lambda report, form: report_actions.change_status(
        current_user, report, form.status.data, form.outcome.data), "Status changed.")


@bp.post("/reports/<reference>/notes")
@requires("work_reports")
def add_note(reference):
    return _act(reference, "note", lambda report, form: report_actions.add_note(
        current_user, report, form.text.data), "Note added.")


@bp.post("/reports/<reference>/updates")
@requires("work_reports")
def post_update(reference):
    return _act(reference, "public_update", lambda report, form: report_actions.post_public_update(
        current_user, report, form.text.data),
        "Update posted. The person who reported it can read it when they follow up.")


@bp.post("/reports/<reference>/forward")
@requires("work_reports")
def forward(reference):
    forwarded = {}

    def perform(report, form):
        team = team_by_slug(form.team.data)
        report_actions.forward(current_user, report, team, form.reason.data,
                               form.keep_read_access.data == "yes")
        forwarded["team"] = team

    response = _act(reference, "forward", perform, "Report forwarded.")
    if forwarded and inbox.report_for(current_user, reference) is None:
        # Forwarded away without read access: the report is no longer ours to show.
        return redirect(url_for(".inbox"))
    return response


@bp.post("/reports/<reference>/redact")
@requires("work_reports")
def redact_passage(reference):
    return _act(reference, "redact", lambda report, form: report_actions.redact_passage(
        current_user, report, form.field.data, form.passage.data), "Words removed.")


@bp.post("/reports/<reference>/photos/<int:photo_id>/remove")
@requires("work_reports")
def redact_photo(reference, photo_id):
    report = _report_or_404(reference)
    if inbox.access(current_user, report) != "full":
        abort(403)
    form = RedactPhotoForm(prefix=f"photo-{photo_id}-")
    if not form.validate_on_submit():
        abort(400)
    try:
        report_actions.redact_photo(current_user, report, photo_id)
    except report_actions.ActionError:
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
                           errors=error_items(form)), 400 if form.errors else 200


def _quarter() -> exports.Quarter:
    return exports.Quarter.parse(request.args.get("quarter", "")) or exports.current_quarter()


@bp.get("/referrals")
@requires("work_reports")
def referrals():
    quarter = _quarter()
    rows = exports.referrals_summary(current_user, quarter)
    totals = None
    if len(rows) > 1:
        totals = {
            "referrals": sum(r.referrals for r in rows),
            "by_kind": {k: sum(r.by_kind[k] for r in rows) for k in exports.SUMMARY_KINDS},
            "by_outcome": {k: sum(r.by_outcome[k] for r in rows)
                           for k in exports.SUMMARY_OUTCOMES},
        }
    return render_template("staff/referrals.html", quarter=quarter, rows=rows, totals=totals,
                           kinds=exports.SUMMARY_KINDS, outcomes=exports.SUMMARY_OUTCOMES,
                           this_quarter=exports.current_quarter())


@bp.get("/referrals.csv")
@requires("work_reports")
def referrals_csv():
    quarter = _quarter()
    rows = exports.referrals_summary(current_user, quarter)
    audit.record(current_user, "referrals_exported", None, quarter=quarter.key)
    db.session.commit()
    return Response(exports.summary_csv(rows), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="so-safe-referrals-{quarter.key}.csv"'
    })

