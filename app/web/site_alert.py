"""The alert banner on every page, and on the pages that must not ask the database.

Most pages read the banner (app/pages/alerts.py) as they render, and this process remembers the
last one it read. Pages that must render whatever the database is doing, the error pages
and a report's confirmation, call ``without_database()`` first and show the remembered
banner instead: an error page for a database that is down still renders whole, and a
report that has been stored is always confirmed.
"""

from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, g
from sqlalchemy.exc import SQLAlchemyError

from app.core import clock
from app.pages import alerts
from app.web.retry import rollback

REMEMBERED = "last_site_alert"


@dataclass(frozen=True)
class ShownAlert:
    message: str
    level: str
    ends_at: datetime | None

    def showing(self, now: datetime) -> bool:
        return self.ends_at is None or self.ends_at > now


def without_database() -> None:
    """The page about to render shows the remembered banner and makes no query for it."""
    g.without_database = True


def _read(now: datetime) -> None:
    try:
        banner = alerts.showing_alert(now)
    except SQLAlchemyError:
        rollback()
        return  # keep showing what was last read
    current_app.extensions[REMEMBERED] = banner and ShownAlert(
        banner.message, banner.level, banner.ends_at)


def site_alert() -> dict:
    now = clock.current_time()
    if not g.get("without_database"):
        _read(now)
    shown = current_app.extensions.get(REMEMBERED)
    return {"site_alert": shown if shown and shown.showing(now) else None}


def init_app(app: Flask) -> None:
    app.context_processor(site_alert)
    app.jinja_env.globals["alert_levels"] = alerts.LEVELS
