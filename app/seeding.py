"""Loading the partnership's content files (content/) into the database.

``flask seed`` runs every loader in ``loaders`` inside one transaction: a malformed file stops
the whole seed with a message naming the file and line, and nothing is half-loaded.
Loaders must be idempotent: running the seed twice changes nothing.
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from flask import current_app

from app.extensions import db
from app.figures.definitions import check_files as check_figures_files
from app.pages.sources import load_pages
from app.partnership.help_directory import load_help_services
from app.partnership.teams import load_partners, load_teams
from app.reporting.risk import check_risk_file
from app.reporting.routing import load_routing_rules
from app.reporting.targets import check_targets_file


def loaders(site_url: str | None) -> list[Callable[[Path], None]]:
    """Run in this order (routing needs the teams); each takes the content directory."""
    return [
        load_teams,
        load_partners,
        load_help_services,
        partial(load_pages, site_url=site_url),  # links to our own site are not "external"
        load_routing_rules,
        check_risk_file,
        check_targets_file,
        check_figures_files,
    ]


def seed_all(content_dir: Path | str) -> None:
    content_dir = Path(content_dir)
    try:
        for load in loaders(current_app.config.get("SITE_URL")):
            load(content_dir)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
