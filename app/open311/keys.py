"""Issuing, finding and revoking Open311 API keys.

A key is 40 random characters behind a fixed ``sos311_`` start (so a leaked key is easy to
recognise in a log or a repository). It is returned once, by ``issue``; only its SHA-256
is stored. Every issue and revocation writes an audit record in the same transaction.
"""

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.open311.models import ApiKey
from app.partnership.models import Team
from app.staff import audit
from app.staff.models import StaffUser

KEY_START = "sos311_"
MAX_NAME_LENGTH = 100


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class IssuedKey:
    """The new key's record and the key itself, which nobody can read again after this."""

    record: ApiKey
    key: str


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "Enter the name of the system that will use the key"
    if len(name.strip()) > MAX_NAME_LENGTH:
        return f"The name must be {MAX_NAME_LENGTH} characters or fewer"
    return None


def issue(name: str, team: Team | None, staff: StaffUser | None) -> IssuedKey:
    """A new key for ``team`` (or, with no team, for a partner system). The caller commits."""
    problem = name_problem(name)
    if problem:
        raise ValueError(problem)
    key = KEY_START + secrets.token_urlsafe(30)
    record = ApiKey(name=name.strip(), team=team, prefix=key[:len(KEY_START) + 4],
                    key_hash=key_hash(key), created_by_id=staff.id if staff else None)
    db.session.add(record)
    db.session.flush()
    audit.record(staff, "open311_key_issued", f"key {record.prefix}", name=record.name,
                 team=team.slug if team else None)
    return IssuedKey(record, key)


def revoke(record: ApiKey, staff: StaffUser | None) -> None:
    """Stop the key working at once. The caller commits."""
    if record.revoked_at is not None:
        return
    record.revoked_at = clock.current_time()
    record.revoked_by_id = staff.id if staff else None
    audit.record(staff, "open311_key_revoked", f"key {record.prefix}", name=record.name,
                 team=record.team.slug if record.team else None)


def find_active(key: str | None) -> ApiKey | None:
    """The key's record if it exists and has not been revoked."""
    if not key or not key.startswith(KEY_START) or len(key) > 200:
        return None
    return db.session.scalar(sa.select(ApiKey).where(ApiKey.key_hash == key_hash(key),
                                                     ApiKey.revoked_at.is_(None)))


def all_keys() -> list[ApiKey]:
    return list(db.session.scalars(sa.select(ApiKey).order_by(ApiKey.revoked_at.is_not(None),
                                                              ApiKey.created_at.desc(),
                                                              ApiKey.id.desc())))


def by_id(key_id: int) -> ApiKey | None:
    return db.session.get(ApiKey, key_id)
