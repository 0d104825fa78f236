"""Staff accounts: creating, disabling and listing them, passwords, and signing in.

Passwords are hashed with Argon2id (argon2-cffi's defaults, rehashed when they change).
Signing in is checked here, without a Flask request, so the rules are tested directly:

- a wrong password, an unknown email, a disabled account and a locked account all look
  the same to the person signing in (the views show one generic message), and an unknown
  email still costs one Argon2 verification so timing does not tell them apart;
- after ``STAFF_LOCKOUT_ATTEMPTS`` failures in a row (passwords or second-factor codes) the
  account is locked for ``STAFF_LOCKOUT_MINUTES``.

The per-client throttle on the sign-in forms is Flask-Limiter's, in app/routes/staff.py.
"""

import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm.attributes import set_committed_value

from app.core import clock
from app.extensions import db
from app.partnership.models import Team
from app.staff import audit
from app.staff.models import ROLES, StaffUser

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common_passwords.txt"
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# What each role may do. Officers and admins work reports; comms staff publish campaigns
# (and the public figures); the partnership manager sees the figures of every team and
# types in the partners' own. Reporter contact details may leave the system in a CSV only
# for admins, who alone run the partnership's settings ("administer": teams, staff
# accounts, routing, risk scoring, retention) and keep each team's response templates.
# Contact-centre staff only take reports by phone: no inbox, no report but the one they
# are taking.
PERMISSIONS = {
    "officer": {"work_reports", "export"},
    "comms": {"publish"},
    "manager": {"see_figures", "enter_figures"},
    "admin": {"work_reports", "export", "export_contact", "see_all_teams", "audit", "publish",
              "see_figures", "enter_figures", "manage_integrations", "administer",
              "edit_templates"},
    "contact_centre": {"take_phone_reports"},
}



@lru_cache(maxsize=4)
def _hasher_for(time_cost: int | None, memory_cost: int | None) -> PasswordHasher:
    if time_cost is None:
        return PasswordHasher()  # argon2-cffi's defaults: RFC 9106's low-memory profile
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=1)


@dataclass(frozen=True)
class AccountRules:
    """The settings accounts follow, passed in by the caller (``from_config``): lock-out
    after so many failures, and the password hash's cost (cheap only in tests)."""

    lockout_attempts: int = 5
    lockout_minutes: int = 15
    argon2_time_cost: int | None = None
    argon2_memory_cost: int | None = None

    @classmethod
    def from_config(cls, config: Mapping) -> "AccountRules":
        return cls(config["STAFF_LOCKOUT_ATTEMPTS"], config["STAFF_LOCKOUT_MINUTES"],
                   config.get("ARGON2_TIME_COST"), config.get("ARGON2_MEMORY_COST"))

    def hasher(self) -> PasswordHasher:
        return _hasher_for(self.argon2_time_cost, self.argon2_memory_cost)


class StaffAccountError(ValueError):
    """A request about an account that cannot be done; the message says why, plainly."""


def can(staff: StaffUser, permission: str) -> bool:
    return permission in PERMISSIONS.get(staff.role, set())


# --- passwords ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is refused, in plain words, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password must be at least {MIN_PASSWORD_LENGTH} characters long."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password must be {MAX_PASSWORD_LENGTH} characters or fewer."
    lowered = password.lower()
    stem = lowered.strip("0123456789!@#$%^&*()-_=+.,?;:'\"[]{}<>/\\|`~ ")
    common = _common_passwords()
    if lowered in common or stem in common or len(set(lowered)) <= 3:
        return "The password is too common and easy to guess. Choose a less common one."
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "The password must not contain your email address."
    return None


def hash_password(password: str, rules: AccountRules) -> str:
    return rules.hasher().hash(password)


def _verify(password_hash: str, password: str, hasher: PasswordHasher) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_dummy_hashes: dict[int, str] = {}


def _dummy_hash(hasher: PasswordHasher) -> str:
    """A hash of nothing anyone knows, checked when there is no account to check."""
    if id(hasher) not in _dummy_hashes:
        _dummy_hashes[id(hasher)] = hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[id(hasher)]


# --- accounts ----------------------------------------------------------------------------

def normalise_email(email: str) -> str:
    return email.strip().lower()


def by_email(email: str) -> StaffUser | None:
    return db.session.scalar(sa.select(StaffUser).filter_by(email=normalise_email(email)))


def emails_of(staff_ids) -> dict[int, str]:
    """Staff id -> email, for pages that say who did something."""
    ids = {staff_id for staff_id in staff_ids if staff_id is not None}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(StaffUser.id, StaffUser.email)
                              .where(StaffUser.id.in_(ids)))
    return {staff_id: email for staff_id, email in rows}


def create_staff(email: str, team_slug: str, role: str, password: str, *,
                 rules: AccountRules) -> StaffUser:
    """Make an account; the caller commits. Raises StaffAccountError saying what is wrong."""
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email):
        raise StaffAccountError(f"'{email}' is not an email address.")
    if role not in ROLES:
        raise StaffAccountError(f"The role must be one of: {', '.join(ROLES)}.")
    team = db.session.scalar(sa.select(Team).filter_by(slug=team_slug))
    if team is None:
        raise StaffAccountError(
            f"There is no team '{team_slug}'. `flask --app wsgi teams list` shows the slugs."
        )
    if by_email(email) is not None:
        raise StaffAccountError(f"There is already an account for {email}.")
    problem = password_problem(password, email)
    if problem:
        raise StaffAccountError(problem)
    staff = StaffUser(email=email, password_hash=hash_password(password, rules), team=team,
                      role=role, session_token=new_session_token())
    db.session.add(staff)
    db.session.flush()
    audit.record(None, "staff_created", email, team=team.slug, role=role)
    return staff


def disable_staff(email: str, by: StaffUser | None = None) -> StaffUser:
    """Stop an account signing in, and end its sessions (``by``: the administrator, None
    from the command line). The caller commits."""
    staff = by_email(email)
    if staff is None:
        raise StaffAccountError(f"There is no account for {normalise_email(email)}.")
    staff.active = False
    staff.session_token = new_session_token()
    audit.record(by, "staff_disabled", staff.email)
    return staff


def reset_code(email: str, by: StaffUser | None = None) -> StaffUser:
    """Forget an account's sign-in code and end its sessions (the caller commits)."""
    staff = by_email(email)
    if staff is None:
        raise StaffAccountError(f"There is no account for {normalise_email(email)}.")
    staff.totp_secret = staff.totp_pending_secret = staff.totp_last_step = None
    end_sessions(staff)
    audit.record(by, "totp_reset", staff.email)
    return staff


def list_staff() -> list[StaffUser]:
    return list(db.session.scalars(sa.select(StaffUser).order_by(StaffUser.email)))


def emails_by_id() -> dict[int, str]:
    """Every account's email by id: for pages that say who did something."""
    return dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())


def colleagues(team_ids: list[int]) -> list[StaffUser]:
    """Active people who can work reports in these teams, for "assign to"."""
    return list(db.session.scalars(
        sa.select(StaffUser)
        .where(StaffUser.team_id.in_(team_ids), StaffUser.active.is_(True),
               StaffUser.role.in_([r for r, p in PERMISSIONS.items() if "work_reports" in p]))
        .order_by(StaffUser.email)
    ))


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def end_sessions(staff: StaffUser) -> None:
    """Every session cookie this account has stops working (the caller commits)."""
    staff.session_token = new_session_token()


# --- signing in --------------------------------------------------------------------------

@dataclass
class SignInCheck:
    staff: StaffUser | None  # None: refused (with one generic message, whatever the reason)
    reason: str  # for the audit trail only: ok | unknown | disabled | locked | password


def check_password(email: str, password: str, *, rules: AccountRules,
                   now: datetime | None = None) -> SignInCheck:
    """The first step of signing in. Records failures; the caller commits either way."""
    now = now or clock.current_time()
    hasher = rules.hasher()
    staff = by_email(email)
    if staff is None or not staff.active or _is_locked(staff, now):
        _verify(_dummy_hash(hasher), password, hasher)  # the same time as a real check
        reason = "unknown" if staff is None else ("disabled" if not staff.active else "locked")
        audit.record(staff, "sign_in_refused", staff.email if staff else None, reason=reason)
        return SignInCheck(None, reason)
    if not _verify(staff.password_hash, password, hasher):
        register_failure(staff, now, "password", rules=rules)
        return SignInCheck(None, "password")
    if hasher.check_needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password, rules)
    return SignInCheck(staff, "ok")


def register_failure(staff: StaffUser, now: datetime, reason: str, *,
                     rules: AccountRules) -> None:
    """A wrong password or code: count it, and lock the account when there are too many."""
    staff.failed_logins = (staff.failed_logins or 0) + 1
    audit.record(staff, "sign_in_refused", staff.email, reason=reason)
    if staff.failed_logins >= rules.lockout_attempts:
        minutes = rules.lockout_minutes
        staff.locked_until = now + timedelta(minutes=minutes)
        staff.failed_logins = 0
        audit.record(staff, "account_locked", staff.email, minutes=minutes)


def is_locked(staff: StaffUser, now: datetime | None = None) -> bool:
    return _is_locked(staff, now or clock.current_time())


def _is_locked(staff: StaffUser, now: datetime) -> bool:
    return staff.locked_until is not None and staff.locked_until > now


def complete_sign_in(staff: StaffUser, now: datetime | None = None) -> None:
    """Both factors passed: the caller then calls Flask-Login's login_user and commits."""
    staff.failed_logins = 0
    staff.locked_until = None
    staff.last_login_at = now or clock.current_time()
    if not staff.session_token:
        staff.session_token = new_session_token()
    audit.record(staff, "sign_in", staff.email)


def claim_code_step(staff: StaffUser, step: int) -> bool:
    """Mark a second-factor code's time step as used, unless it (or a later one) already is.

    The check is in the UPDATE's WHERE, so of two requests carrying the same code, in any
    worker or server, exactly one gets the row: a code signs in once. Caller commits.
    """
    result = db.session.execute(
        sa.update(StaffUser)
        .where(StaffUser.id == staff.id,
               sa.or_(StaffUser.totp_last_step.is_(None), StaffUser.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    set_committed_value(staff, "totp_last_step", step)
    return True


def needs_second_factor(staff: StaffUser) -> bool:
    return bool(staff.totp_secret) or bool(staff.team and staff.team.requires_totp)
