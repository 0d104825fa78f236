"""The site-wide alert banner: one short message (a scam warning, a closure) shown on every
page until its end date, written by comms staff.

There is one banner for the whole site: saving it again changes the same row, and taking it
down switches it off. The layout shows it through the ``site_alert`` template variable, set
by a context processor in app/web/site_alert.py. That is one small query per rendered page
(none on error pages); content pages that answer 304 render nothing and make none. It never
reads the session, so content pages stay cookie-free and cacheable; app/web/http_cache.py puts the
banner's id and ``updated_at`` in their ETag using ``showing_condition`` from here, so a new
banner is not hidden by a cache.
"""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.pages.models import AlertBanner
from app.staff import audit
from app.staff.models import StaffUser

# level -> what the banner's title says (and the class that colours it)
LEVELS = {
    "info": "Important",
    "warning": "Warning",
}
MAX_MESSAGE_LENGTH = 300


class AlertError(ValueError):
    def __init__(self, message: str, field_name: str | None = None):
        super().__init__(message)
        self.message = message
        self.field_name = field_name


def showing_condition(now: datetime):
    """Banners the public sees at ``now``: switched on and not past their end."""
    return sa.and_(
        AlertBanner.active.is_(True),
        sa.or_(AlertBanner.ends_at.is_(None), AlertBanner.ends_at > now),
    )


def showing_alert(now: datetime) -> AlertBanner | None:
    return db.session.scalar(
        sa.select(AlertBanner).where(showing_condition(now)).order_by(AlertBanner.id).limit(1)
    )


def the_banner() -> AlertBanner | None:
    """The site's one banner row, shown or not (the editor opens it)."""
    return db.session.scalar(sa.select(AlertBanner).order_by(AlertBanner.id).limit(1))


def set_alert(message: str, level: str, ends_at: datetime | None, staff: StaffUser,
              now: datetime) -> AlertBanner:
    """Show ``message`` on every page from now until ``ends_at`` (or until taken down)."""
    message = " ".join(message.split())
    if not message:
        raise AlertError("Enter the message to show", "message")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise AlertError(f"The message must be {MAX_MESSAGE_LENGTH} characters or fewer",
                         "message")
    if level not in LEVELS:
        raise AlertError("Choose how important the message is", "level")
    if ends_at is not None and ends_at <= now:
        raise AlertError("The end date must be in the future", "ends_at")
    banner = the_banner()
    if banner is None:
        banner = AlertBanner(message=message)
        db.session.add(banner)
    banner.message, banner.level, banner.ends_at = message, level, ends_at
    banner.active = True
    banner.updated_by_id = staff.id
    banner.updated_at = now
    audit.record(staff, "alert.set", "alert", level=level,
                 ends_at=ends_at.isoformat() if ends_at else None)
    db.session.flush()
    return banner


def take_down(staff: StaffUser, now: datetime) -> None:
    banner = the_banner()
    if banner is None or not banner.active:
        return
    banner.active = False
    banner.updated_by_id = staff.id
    banner.updated_at = now
    audit.record(staff, "alert.remove", "alert")
    db.session.flush()
