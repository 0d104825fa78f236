"""Messages waiting to be sent. Written in the same transaction as what caused them,
then delivered by ``flask outbox send`` with retries, so mail can never undo a report."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(320))
    # Which fixed message to send, e.g. "new_report", "forwarded_report", "reporter_update".
    template: Mapped[str] = mapped_column(sa.String(64))
    # Only what the template needs: never report content.
    personalisation: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    status: Mapped[str] = mapped_column(sa.String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[object | None] = mapped_column(UTCDateTime)
