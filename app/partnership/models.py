"""Partners of the So Safe partnership, the teams whose inboxes receive reports, and the
help directory's services.

Seeded from content/teams.yaml, content/partners.yaml and content/help_services.yaml.
"""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import UTCDateTime
from app.extensions import db


class Partner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    # From content/partners.yaml: what the member is, its website, and its place in the
    # list of the partnership's members (None: a partner with teams that is not listed).
    description: Mapped[str | None] = mapped_column(sa.Text)
    web: Mapped[str | None] = mapped_column(sa.String(300))
    member_order: Mapped[int | None] = mapped_column()

    teams: Mapped[list["Team"]] = relationship(back_populates="partner", order_by="Team.slug")


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("partner.id"))
    # Where "a new report is in your inbox" emails go. Never carries report content.
    notification_email: Mapped[str | None] = mapped_column(sa.String(320))
    # Catches every report that no routing rule matches.
    is_fallback: Mapped[bool] = mapped_column(default=False)
    requires_totp: Mapped[bool] = mapped_column(default=False)
    # A second pair of eyes: this team's comms staff publish a page only once another
    # member of staff who may publish has approved that version (app/pages/approval.py).
    pages_need_approval: Mapped[bool] = mapped_column(default=False,
                                                      server_default=sa.false())
    # What reporters are told about when to expect contact.
    public_response_text: Mapped[str | None] = mapped_column(sa.Text)
    # The team's own case system, if its reports are also pushed there over Open311
    # GeoReport v2 (app/open311/delivery.py). The key for it is a setting, never stored here.
    case_system_url: Mapped[str | None] = mapped_column(sa.String(300))
    case_system_jurisdiction: Mapped[str | None] = mapped_column(sa.String(100))
    # Whether the case system's status notes may be shown to the reporter at /follow-up.
    case_system_public_updates: Mapped[bool] = mapped_column(default=False,
                                                             server_default=sa.false())
    # Up to when the case system's updates have been read (app/open311/updates.py).
    case_system_polled_at: Mapped[object | None] = mapped_column(UTCDateTime)

    partner: Mapped[Partner] = relationship(back_populates="teams")

    def __repr__(self) -> str:
        return f"<Team {self.slug}>"


class HelpService(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    sort_order: Mapped[int] = mapped_column(default=100)
    tags: Mapped[list] = mapped_column(sa.JSON, default=list)
    # what, phone, text, web, email, hours, who_for, free, source, status
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    shown: Mapped[bool] = mapped_column(default=True)
