"""Staff accounts for administrators: the list with each account's last sign-in, inviting
someone by email with a one-time link (no password is ever sent), changing a role,
disabling and enabling, forgetting a lost sign-in code, a fresh link; and the page the
link opens, where the new member of staff chooses their password.
The rules are app/staff/invitations.py's."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.extensions import db
from app.partnership.teams import all_teams
from app.staff import accounts, invitations
from app.staff.accounts import AccountRules, StaffAccountError
from app.staff.models import StaffUser
from app.web import admin_pages
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.admin_staff import ROLE_HINTS, ChoosePasswordForm, InviteForm, RoleForm

bp = Blueprint("admin_staff", __name__)


def _link_for(secret: str) -> str:
    return current_app.config["SITE_URL"].rstrip("/") + url_for(".welcome", secret=secret)


def _rules() -> AccountRules:
    return AccountRules.from_config(current_app.config)


@bp.get("/staff/admin/staff/")
@requires(admin_pages.PERMISSION)
def index():
    return render_template("admin_staff/index.html", people=accounts.list_staff())


@bp.route("/staff/admin/staff/invite", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def invite():
    form = InviteForm(teams=[(t.slug, t.name) for t in all_teams()])
    if form.validate_on_submit():
        try:
            staff = invitations.invite(form.email.data, form.team.data, form.role.data,
                                       by=current_user, link_for=_link_for, rules=_rules())
        except StaffAccountError as error:
            db.session.rollback()
            form.email.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Invitation sent to {staff.email}. The link works once, for 3 days.",
                  "success")
            return redirect(url_for(".account", staff_id=staff.id))
    errors = error_summary(form)
    return render_template("admin_staff/invite.html", form=form, errors=errors,
                           role_hints=ROLE_HINTS), 400 if errors else 200


def _account_or_404(staff_id: int) -> StaffUser:
    return db.session.get(StaffUser, staff_id) or abort(404)


@bp.route("/staff/admin/staff/<int:staff_id>", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def account(staff_id: int):
    staff = _account_or_404(staff_id)
    form = RoleForm(data={"role": staff.role}) if request.method == "GET" else RoleForm()
    if form.validate_on_submit():
        try:
            changed = invitations.change_role(staff, form.role.data, by=current_user)
        except StaffAccountError as error:
            db.session.rollback()
            form.role.errors = [str(error)]
        else:
            db.session.commit()
            if changed:
                flash(f"{staff.email} is now {form.role.data}. They sign in again.", "success")
            return redirect(url_for(".account", staff_id=staff.id))
    errors = error_summary(form)
    return render_template("admin_staff/account.html", staff=staff, form=form, errors=errors,
                           history=invitations.history(staff),
                           emails=accounts.emails_by_id(),
                           locked=accounts.is_locked(staff)), 400 if errors else 200


ACTIONS = {
    "disable": lambda staff: invitations.set_active(staff, False, by=current_user),
    "enable": lambda staff: invitations.set_active(staff, True, by=current_user),
    "reset-code": lambda staff: accounts.reset_code(staff.email, by=current_user),
    "new-link": lambda staff: invitations.send_new_link(staff, by=current_user,
                                                        link_for=_link_for),
}
DONE = {"disable": "{} can no longer sign in.", "enable": "{} can sign in again.",
        "reset-code": "{}'s sign-in code is forgotten: they set up a new one next time.",
        "new-link": "A new one-time link was sent to {}. Any earlier link no longer works."}


@bp.post("/staff/admin/staff/<int:staff_id>/<action>")
@requires(admin_pages.PERMISSION)
def act(staff_id: int, action: str):
    staff = _account_or_404(staff_id)
    if action not in ACTIONS:
        abort(404)
    try:
        ACTIONS[action](staff)
    except StaffAccountError as error:
        db.session.rollback()
        flash(str(error))
    else:
        db.session.commit()
        flash(DONE[action].format(staff.email), "success")
    return redirect(url_for(".account", staff_id=staff.id))


@bp.route("/staff/welcome/<secret>", methods=["GET", "POST"])
def welcome(secret: str):
    """The invitation link: choose a password, once. (A password box is never filled in
    again, so an expired form is simply a 400, as for signing in.)"""
    staff = invitations.by_link(secret)
    if staff is None:
        return render_template("admin_staff/link_used.html"), 404
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            invitations.accept(staff, form.password.data, rules=_rules())
        except StaffAccountError as error:
            db.session.rollback()
            form.password.errors = [str(error)]
        else:
            db.session.commit()
            flash("Your password is saved. Sign in with it now.", "success")
            return redirect(url_for("sign_in.login"))
    errors = error_summary(form)
    return render_template("admin_staff/welcome.html", form=form, staff=staff,
                           errors=errors, secret=secret), 400 if errors else 200
