"""Loading the partnership's content files (content/) into the database.

``flask seed`` runs every loader in ``loaders`` inside one transaction: a malformed file stops
the whole seed with a message naming the file and line, and nothing is half-loaded.
Loaders must be idempotent: running the seed twice changes nothing. A loader may return a
notice for the person running the seed: the teams, routing rules and risk scoring are left
as they are, saying so, when they were changed in the browser since (app/core/versions.py).
"""

from collections.abc import Callable
from functools import partial
from pathlib import Path

from flask import current_app

from app.core.content_files import write_yaml
from app.extensions import db
from app.figures.definitions import check_files as check_figures_files
from app.inbox.templates import load_response_templates
from app.pages.sources import load_pages
from app.partnership.help_directory import load_help_services
from app.partnership.teams import TEAMS_FILE, load_partners, load_teams, teams_data
from app.reporting import risk, routing
from app.reporting.risk import RISK_FILE, load_risk
from app.reporting.routing import ROUTING_FILE, load_routing_rules
from app.reporting.targets import check_targets_file


def loaders(site_url: str | None,
            overwrite: bool = False) -> list[Callable[[Path], str | None]]:
    """Run in this order (routing needs the teams); each takes the content directory.
    ``overwrite``: replace what was changed in the browser with the files."""
    return [
        partial(load_teams, overwrite=overwrite),
        load_partners,
        load_help_services,
        partial(load_pages, site_url=site_url),  # links to our own site are not "external"
        partial(load_routing_rules, overwrite=overwrite),
        load_response_templates,
        partial(load_risk, overwrite=overwrite),
        check_targets_file,
        check_figures_files,
    ]


def seed_all(content_dir: Path | str, overwrite_browser_changes: bool = False) -> list[str]:
    """Load content/; returns the notices of what was left as the browser has it."""
    content_dir = Path(content_dir)
    notices = []
    try:
        for load in loaders(current_app.config.get("SITE_URL"), overwrite_browser_changes):
            notice = load(content_dir)
            if isinstance(notice, str):
                notices.append(notice)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return notices


def export_settings(directory: Path | str, content_dir: Path | str) -> list[Path]:
    """Write the live teams, routing rules and risk scoring to ``directory`` in the files'
    own format (``flask seed`` reads them back), keeping each file's opening comments."""
    directory = Path(directory)
    written = []
    for name, data in ((TEAMS_FILE, teams_data()),
                       (ROUTING_FILE, routing.as_data(routing.stored_rules())),
                       (RISK_FILE, risk.as_data(risk.model(content_dir)))):
        write_yaml(directory / name, data)
        written.append(directory / name)
    return written
