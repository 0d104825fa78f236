"""Helpers shared by the publishing tests: staff accounts and a seeded campaign page."""

from datetime import UTC, datetime
from pathlib import Path

from app.extensions import db
from app.pages import sources
from app.pages.models import Page
from app.staff.models import StaffUser
from tests import factories

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
COMMS = "comms@sosafe.example.invalid"  # the `comms` fixture's account (tests/conftest.py)


def make_staff(email: str = COMMS, role: str = "comms") -> StaffUser:
    """A comms account in the community safety team (committed, as `staff create` does)."""
    return factories.staff(email, "sbc-community-safety", role=role)


def seeded_page(app, slug: str = "safer-routes") -> Page:
    """The page from content/pages/<slug>.md, as `flask seed` loads it."""
    source = sources.parse_page(Path(app.config["CONTENT_DIR"]) / sources.PAGES_DIR / f"{slug}.md")
    page = sources.apply_source(source)
    db.session.commit()
    return page
