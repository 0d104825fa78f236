"""The audit trail: who did what, when. Append-only from the app.

Every staff view of a report, every change, every export and every sign-in (and failed
sign-in) writes an AuditEvent through ``record``, in the same transaction as the change it
describes. The session refuses to flush an update or delete of an AuditEvent, so no code
path in the app can rewrite history; only someone with direct database access could.

``detail`` holds identifiers and choices (a status, a team slug, a count) and never report
content or passwords.
"""

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.extensions import db
from app.staff.models import AuditEvent, StaffUser


class AuditTamperingError(RuntimeError):
    """Raised when code tries to change or delete an audit event."""


def record(staff: StaffUser | None, action: str, target: str | None = None,
           **detail) -> AuditEvent:
    """Add an audit event to the current transaction; the caller commits."""
    audit_event = AuditEvent(staff_id=staff.id if staff is not None else None, action=action,
                             target=target, detail=detail)
    db.session.add(audit_event)
    return audit_event


def recent(page: int = 1, per_page: int = 50, action: str | None = None,
           staff_id: int | None = None):
    """Newest first, for the administrators' audit page."""
    query = sa.select(AuditEvent).order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    if staff_id:
        query = query.where(AuditEvent.staff_id == staff_id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).distinct()
                                   .order_by(AuditEvent.action)))


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, flush_context, instances) -> None:
    for instance in session.deleted:
        if isinstance(instance, AuditEvent):
            raise AuditTamperingError("audit events cannot be deleted")
    for instance in session.dirty:
        if isinstance(instance, AuditEvent) and session.is_modified(instance):
            raise AuditTamperingError("audit events cannot be changed")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_changes(state) -> None:
    if (state.is_update or state.is_delete) and getattr(state.statement, "table", None) is not None:
        if state.statement.table.name == AuditEvent.__tablename__:
            raise AuditTamperingError("audit events cannot be changed or deleted")
