"""Helpers shared by the publishing tests: staff accounts and a seeded campaign page."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from app import pages
from app.extensions import db
from app.models import Page, StaffUser, Team

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def make_staff(email: str = "comms@sosafe.example.invalid", role: str = "comms") -> StaffUser:
    """A staff account in the first seeded team (no password: these tests sign nobody in)."""
    team = db.session.scalar(sa.select(Team).order_by(Team.slug).limit(1))
    staff = StaffUser(email=email, password_hash="not-a-password", team_id=team.id, role=role)
    db.session.add(staff)
    db.session.flush()
    return staff


def seeded_page(app, slug: str = "safer-routes") -> Page:
    """The page from content/pages/<slug>.md, as `flask seed` loads it."""
    source = pages.parse_page(Path(app.config["CONTENT_DIR"]) / pages.PAGES_DIR / f"{slug}.md")
    page = pages.apply_source(source)
    db.session.commit()
    return page
