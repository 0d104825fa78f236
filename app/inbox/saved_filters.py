"""Inbox views a person names and keeps ("high risk in Bedwell"), for them alone.

A saved filter is the inbox's URL arguments (``InboxFilters.as_query_args``), so opening
one is opening a link; what it shows is still decided by ``visible_reports``.
"""

import sqlalchemy as sa

from app.extensions import db
from app.inbox.models import SavedFilter
from app.staff.models import StaffUser

MAX_SAVED = 20
MAX_NAME = 80


class SavedFilterError(ValueError):
    """The filter cannot be saved as asked; the message says why."""


def of(staff: StaffUser) -> list[SavedFilter]:
    return list(db.session.scalars(sa.select(SavedFilter).filter_by(staff_id=staff.id)
                                   .order_by(SavedFilter.name, SavedFilter.id)))


def save(staff: StaffUser, name: str, query: dict) -> SavedFilter:
    """Keep these filters under a name; the same name again replaces them. The caller
    commits."""
    name = (name or "").strip()
    if not name:
        raise SavedFilterError("Enter a name for these filters")
    if len(name) > MAX_NAME:
        raise SavedFilterError(f"The name must be {MAX_NAME} characters or fewer")
    kept = of(staff)
    existing = next((f for f in kept if f.name.lower() == name.lower()), None)
    if existing is None:
        if len(kept) >= MAX_SAVED:
            raise SavedFilterError(f"You can keep up to {MAX_SAVED} saved filters. "
                                   "Delete one first")
        existing = SavedFilter(staff_id=staff.id, name=name)
        db.session.add(existing)
    existing.query = dict(query)
    return existing


def delete(staff: StaffUser, filter_id: int) -> bool:
    """Delete one of this person's saved filters (never anyone else's)."""
    saved = db.session.get(SavedFilter, filter_id)
    if saved is None or saved.staff_id != staff.id:
        return False
    db.session.delete(saved)
    return True
