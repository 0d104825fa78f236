"""Loading the partnership's content files (content/) into the database.

``flask seed`` runs every loader in LOADERS inside one transaction: a malformed file stops
the whole seed with a message naming the file and line, and nothing is half-loaded.
Loaders must be idempotent: running the seed twice changes nothing.
"""

from collections.abc import Callable
from pathlib import Path

from app.extensions import db
from app.pages.sources import load_pages
from app.partnership.help_directory import load_help_services
from app.partnership.teams import load_partners, load_teams
from app.reporting.risk import check_risk_file
from app.reporting.routing import load_routing_rules

# Run in this order (routing needs the teams); each takes the content directory.
LOADERS: list[Callable[[Path], None]] = [
    load_teams,
    load_partners,
    load_help_services,
    load_pages,
    load_routing_rules,
    check_risk_file,
]


def seed_all(content_dir: Path | str) -> None:
    content_dir = Path(content_dir)
    try:
        for load in LOADERS:
            load(content_dir)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
