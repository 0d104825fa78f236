"""Staff accounts run by administrators in the browser: inviting someone with a one-time
sign-in link, changing a role, disabling and enabling, and forgetting a lost code.

An invitation never carries a password. The new account gets a password nobody knows and a
link secret; the email (through the outbox, so it is sent after the commit) carries the
link, and only the secret's SHA-256 is stored. The link works once, within
``LINK_VALID_HOURS``: the person chooses their password there and signs in as usual. An
administrator can send a fresh link, which makes the old one stop working.

Each function takes the administrator (``by``) and records the audit entry; the caller
commits. The history of an account is its audit entries.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from app.core import clock, outbox
from app.extensions import db
from app.staff import accounts, audit
from app.staff.accounts import AccountRules, StaffAccountError
from app.staff.models import ROLES, AuditEvent, StaffUser

LINK_VALID_HOURS = 72


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_link(staff: StaffUser, now: datetime) -> str:
    secret = secrets.token_urlsafe(32)
    staff.sign_in_link_hash = _digest(secret)
    staff.sign_in_link_expires_at = now + timedelta(hours=LINK_VALID_HOURS)
    return secret


def invite(email: str, team_slug: str, role: str, *, by: StaffUser, link_for,
           rules: AccountRules, now: datetime | None = None) -> StaffUser:
    """Make an account and email it a one-time link; ``link_for(secret)`` is its address."""
    now = now or clock.current_time()
    staff = accounts.create_staff(email, team_slug, role, secrets.token_urlsafe(48) + "Aa1!",
                                  rules=rules)
    secret = _new_link(staff, now)
    outbox.enqueue(staff.email, "staff_invitation", link=link_for(secret))
    audit.record(by, "staff_invited", staff.email, team=team_slug, role=role)
    return staff


def send_new_link(staff: StaffUser, *, by: StaffUser, link_for,
                  now: datetime | None = None) -> None:
    secret = _new_link(staff, now or clock.current_time())
    outbox.enqueue(staff.email, "staff_invitation", link=link_for(secret))
    audit.record(by, "staff_link_sent", staff.email)


def by_link(secret: str, now: datetime | None = None) -> StaffUser | None:
    """The account a link is for, while it is unused and in date."""
    if not secret or len(secret) > 100:
        return None
    staff = db.session.scalar(sa.select(StaffUser).filter_by(sign_in_link_hash=_digest(secret)))
    now = now or clock.current_time()
    if staff is None or not staff.active or staff.sign_in_link_expires_at is None \
            or staff.sign_in_link_expires_at <= now:
        return None
    return staff


def accept(staff: StaffUser, password: str, *, rules: AccountRules) -> None:
    """Set the chosen password and use the link up (the caller commits)."""
    problem = accounts.password_problem(password, staff.email)
    if problem:
        raise StaffAccountError(problem)
    staff.password_hash = accounts.hash_password(password, rules)
    staff.sign_in_link_hash = staff.sign_in_link_expires_at = None
    accounts.end_sessions(staff)
    audit.record(staff, "staff_link_used", staff.email)


def change_role(staff: StaffUser, role: str, *, by: StaffUser) -> bool:
    if role not in ROLES:
        raise StaffAccountError(f"The role must be one of: {', '.join(ROLES)}.")
    if role == staff.role:
        return False
    if staff.id == by.id:
        raise StaffAccountError("You cannot change your own role: ask another administrator.")
    before, staff.role = staff.role, role
    accounts.end_sessions(staff)  # what they may see changes: sign in again
    audit.record(by, "staff_role_changed", staff.email, before=before, after=role)
    return True


def set_active(staff: StaffUser, active: bool, *, by: StaffUser) -> bool:
    if staff.active == active:
        return False
    if staff.id == by.id:
        raise StaffAccountError("You cannot disable your own account.")
    if not active:
        accounts.disable_staff(staff.email, by)
        return True
    staff.active = True
    accounts.end_sessions(staff)
    audit.record(by, "staff_enabled", staff.email)
    return True


def history(staff: StaffUser, limit: int = 20):
    """The account's audit entries, newest first: what was done to it and by it."""
    return list(db.session.scalars(
        sa.select(AuditEvent).where(sa.or_(AuditEvent.target == staff.email,
                                           AuditEvent.staff_id == staff.id))
        .order_by(AuditEvent.id.desc()).limit(limit)))
