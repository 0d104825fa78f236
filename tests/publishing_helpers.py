"""Helpers shared by the publishing tests: staff accounts and a seeded campaign page."""

from datetime import UTC, datetime
from pathlib import Path

from app import pages
from app.extensions import db
from app.models import Page, StaffUser
from tests import factories

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
COMMS = "comms@sosafe.example.invalid"  # the `comms` fixture's account (tests/conftest.py)


def make_staff(email: str = COMMS, role: str = "comms") -> StaffUser:
    """A comms account in the community safety team (committed, as `staff create` does)."""
    return factories.staff(email, "sbc-community-safety", role=role)


def seeded_page(app, slug: str = "safer-routes") -> Page:
    """The page from content/pages/<slug>.md, as `flask seed` loads it."""
    source = pages.parse_page(Path(app.config["CONTENT_DIR"]) / pages.PAGES_DIR / f"{slug}.md")
    page = pages.apply_source(source)
    db.session.commit()
    return page
