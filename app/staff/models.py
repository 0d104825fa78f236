"""Partner staff who work the inboxes, and the append-only audit trail of what they do."""

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db

# manager: the partnership manager, who reports to the quarterly So Safe meeting. Sees the
# partnership's figures across every team, never the reports themselves.
# contact_centre: council contact-centre staff, who take reports by phone on a caller's
# behalf through the public journeys, and never see an inbox.
ROLES = ("officer", "comms", "manager", "admin", "contact_centre")


class StaffUser(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"))
    role: Mapped[str] = mapped_column(sa.String(16))
    active: Mapped[bool] = mapped_column(default=True)
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # A secret being set up: kept here, not in the (readable) session cookie, until the
    # person proves their authenticator app has it by entering a code.
    totp_pending_secret: Mapped[str | None] = mapped_column(sa.String(64))
    # The last 30-second time step a code was accepted for, so a code works only once.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # What the session cookie carries instead of the id (Flask-Login's alternative id).
    # Changing it (sign-out, disable) ends every session of this account at once.
    session_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[object | None] = mapped_column(UTCDateTime)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
    last_login_at: Mapped[object | None] = mapped_column(UTCDateTime)
    # An invitation's one-time sign-in link: only a hash of its secret is kept, so the
    # database cannot be used to sign in; used once, or after it expires, it is cleared.
    sign_in_link_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    sign_in_link_expires_at: Mapped[object | None] = mapped_column(UTCDateTime)

    team = relationship("Team")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses disabled accounts
        return self.active

    def get_id(self) -> str | None:
        return self.session_token

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class AuditEvent(db.Model):
    """Who did what, when. Append-only: app/staff/audit.py refuses any update or delete."""

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(64))
    target: Mapped[str | None] = mapped_column(sa.String(200))
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default, index=True)
