"""The shared column type (UTC datetimes on every database) and the outbox's messages.

Outbox messages are written in the same transaction as what caused them, then delivered by
``flask outbox send`` with retries, so mail can never undo a report."""

from datetime import UTC

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.core.clock import column_default
from app.extensions import db


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on SQLite (which drops the zone) and PostgreSQL alike."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given; use clock.current_time()")
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(320))
    # Which fixed message to send, e.g. "new_report", "forwarded_report", "reporter_update".
    template: Mapped[str] = mapped_column(sa.String(64))
    # Only what the template needs: never report content.
    personalisation: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default, index=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    sent_at: Mapped[object | None] = mapped_column(UTCDateTime)


class SettingVersion(db.Model):
    """One saved state of something the administrators run from the browser (the teams,
    the routing rules, the risk scoring, the retention period), in the seed's format.

    Every save adds a row and none is ever changed, so the history is complete and any
    earlier state can be brought back (app/core/versions.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    area: Mapped[str] = mapped_column(sa.String(32), index=True)
    data: Mapped[dict] = mapped_column(sa.JSON)
    # "seed": read from content/ by `flask seed`; "browser": saved on an admin page.
    source: Mapped[str] = mapped_column(sa.String(16))
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
