"""What a team keeps for working its inbox: response templates for the words officers send
to reporters again and again, and each person's saved inbox filters."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.clock import column_default
from app.core.models import UTCDateTime
from app.extensions import db

# What a template is for: a public update, or a question to the person who reported.
TEMPLATE_PURPOSES = ("update", "question")


class ResponseTemplate(db.Model):
    """A team's wording for a public update or a question. ``status``, when set, ties the
    template to that status: moving a report to it posts the template as an update, so the
    reporter hears (for example) that their report was acknowledged and when to expect
    contact. The body may hold only the placeholders {reference} and {team}: a template is
    filled without reading the report's content (app/inbox/templates.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(sa.ForeignKey("team.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(16), default="update")
    title: Mapped[str] = mapped_column(sa.String(120))
    body: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[str | None] = mapped_column(sa.String(16))
    updated_at: Mapped[object] = mapped_column(
        UTCDateTime, default=column_default, onupdate=column_default)

    team = relationship("Team")


class SavedFilter(db.Model):
    """An inbox view a person named and keeps, as the filters' URL arguments."""

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_user.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    query: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[object] = mapped_column(UTCDateTime, default=column_default)
