"""API keys for Open311 clients.

A key belongs to a team (that team's case system, or an adapter in front of it) or to a
partner system with no team (another front end, such as FixMyStreet, handing reports in).
Only a hash of the key is stored: the key is shown once, when it is issued. The first
characters (``prefix``) are kept in the clear so staff can tell keys apart in the list and
the audit log.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db


class ApiKey(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Who uses it, in words: "REACT adapter", "FixMyStreet".
    name: Mapped[str] = mapped_column(sa.String(100))
    # None for a partner system that hands reports in but is no team's case system.
    team_id: Mapped[int | None] = mapped_column(sa.ForeignKey("team.id"), index=True)
    prefix: Mapped[str] = mapped_column(sa.String(16))
    # SHA-256 of the whole key: keys are long and random, so a slow hash adds nothing.
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))
    revoked_at: Mapped[object | None] = mapped_column(UTCDateTime)
    revoked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"))

    team = relationship("Team")

    @property
    def client_name(self) -> str:
        """What a report sent with this key records as the client that sent it (the key's
        start too, so two systems of the same name stay apart)."""
        return f"Open311: {self.name} ({self.prefix})"
