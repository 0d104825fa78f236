"""Signing in to the staff area and out of it: a password, then a code when the person has
set one up or their team requires it; and the page where staff turn codes on or off.

One generic message for every refusal (unknown email, wrong password, disabled, locked),
a lock-out after ``STAFF_LOCKOUT_ATTEMPTS`` failures, limits on attempts per address and
account, and a session that starts afresh at sign-in. Sign-out ends every session of the account.
"""

import posixpath
import time
from urllib.parse import quote, unquote, urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from app.core import clock
from app.extensions import db
from app.staff import accounts, audit, totp
from app.staff.models import StaffUser
from app.web import staff_area
from app.web.auth import requires
from app.web.form_errors import error_summary
from app.web.forms.staff import CodeForm, LoginForm
from app.web.privacy import rate_limit_key_with
from app.web.rate_limits import limiter

bp = Blueprint("sign_in", __name__, url_prefix="/staff")

PENDING_KEY = "staff_pending_sign_in"
PENDING_SECONDS = 5 * 60
SIGN_IN_PROBLEM = ("Enter a correct email address and password. If you have tried several "
                   "times, wait 15 minutes and try again.")


def _sign_in_account() -> str:
    """Who a sign-in attempt is for: the email typed on the first page; on the code pages,
    the account half signed in."""
    if request.endpoint == "sign_in.login":
        return accounts.normalise_email(request.form.get("email", ""))
    pending = session.get(PENDING_KEY) or {}
    return f"account:{pending.get('id')}"


_per_address_and_account = limiter.shared_limit(
    lambda: current_app.config["STAFF_LOGIN_RATE_LIMIT"], scope="staff-sign-in",
    methods=["POST"], key_func=lambda: rate_limit_key_with(_sign_in_account()))
_per_address = limiter.shared_limit(
    lambda: current_app.config["STAFF_LOGIN_ADDRESS_LIMIT"], scope="staff-sign-in-address",
    methods=["POST"])


def sign_in_throttle(view):
    """Sign-in attempts are limited per address and account together, so one office behind
    one address is never shut out by a colleague's typing; the address alone has a much
    higher ceiling, against one machine trying many accounts. The lock-out after repeated
    failures (app/staff/accounts.py) holds per account whatever the address."""
    return _per_address(_per_address_and_account(view))


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
    home = url_for("staff.home")
    if not (normal.startswith(home) or normal == home.rstrip("/")):
        return None
    return quote(normal) + (f"?{parts.query}" if parts.query else "")


def _unsafe_in_path(text: str) -> bool:
    return (text.startswith("//") or "\\" in text
            or any(ord(character) < 32 or ord(character) == 127 for character in text))


@bp.route("/login", methods=["GET", "POST"])
@sign_in_throttle
def login():
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = LoginForm()
    problem = None
    if form.validate_on_submit():
        check = accounts.check_password(form.email.data, form.password.data,
                                        rules=_account_rules())
        if check.staff is None:
            db.session.commit()  # keep the count of failures and the audit entry
            problem = SIGN_IN_PROBLEM
        else:
            staff = check.staff
            next_url = _safe_next(request.args.get("next"))
            if accounts.needs_second_factor(staff):
                db.session.commit()
                session[PENDING_KEY] = {"id": staff.id, "at": time.time(), "next": next_url}
                if staff.totp_secret:
                    return redirect(url_for(".login_code"))
                return redirect(url_for(".login_set_up_code"))
            return _finish_sign_in(staff, next_url)
    if problem:
        form.email.errors = [problem]
    status = 400 if form.errors else 200
    return render_template("sign_in/login.html", form=form), status


def _account_rules() -> accounts.AccountRules:
    return accounts.AccountRules.from_config(current_app.config)


def _pending_staff() -> StaffUser | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    staff = db.session.get(StaffUser, pending["id"])
    if staff is None or not staff.active or accounts.is_locked(staff):
        return None
    return staff


def _finish_sign_in(staff: StaffUser, next_url: str | None):
    accounts.complete_sign_in(staff)
    db.session.commit()
    session.clear()  # nothing from before signing in carries over
    login_user(staff)
    session.pop("_id", None)  # Flask-Login's hash of address and browser: not wanted
    staff_area.mark_seen()
    return redirect(next_url or url_for("staff.home"))


def _code_failed(staff: StaffUser, form: CodeForm):
    accounts.register_failure(staff, clock.current_time(), "code", rules=_account_rules())
    db.session.commit()
    if accounts.is_locked(staff):
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
        if step is not None and accounts.claim_code_step(staff, step):
            return _finish_sign_in(staff, session[PENDING_KEY].get("next"))
        failed = _code_failed(staff, form)
        if failed is not None:
            return failed
    return render_template("sign_in/login_code.html", form=form), 400 if form.errors else 200


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
    return _render_set_up(staff, form, "sign_in/login_set_up_code.html")


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
        accounts.end_sessions(staff)
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
            return render_template("sign_in/two_factor_on.html", staff=staff, form=None)
        turn_off = CodeForm(prefix="off")
        turn_off.submit.label.text = "Stop asking for a code"
        if turn_off.validate_on_submit():
            step = totp.verify(staff.totp_secret, turn_off.code.data, staff.totp_last_step)
            if step is None or not accounts.claim_code_step(staff, step):
                turn_off.code.errors = ["The code is not right. Enter the code your app shows now"]
            else:
                staff.totp_secret = None
                staff.totp_last_step = None
                audit.record(staff, "totp_turned_off", staff.email)
                db.session.commit()
                flash("You will no longer be asked for a code when you sign in.", "success")
                return redirect(url_for(".two_factor"))
        return render_template("sign_in/two_factor_on.html", staff=staff, form=turn_off,
                               errors=error_summary(turn_off)), 400 if turn_off.errors else 200
    if form.validate_on_submit() and staff.totp_pending_secret:
        step = totp.verify(staff.totp_pending_secret, form.code.data, None)
        if step is not None:
            _turn_on_codes(staff, step)
            db.session.commit()
            flash("Done. From now on you will be asked for a code when you sign in.", "success")
            return redirect(url_for(".two_factor"))
        form.code.errors = ["The code is not right. Enter the code your app shows now"]
    return _render_set_up(staff, form, "sign_in/two_factor_set_up.html")
