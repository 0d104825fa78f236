"""The site-wide alert banner on every page: a context processor the layout reads
(components/site_alert.html). What the banner says is decided in app/pages/alerts.py."""

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from app.core import clock
from app.extensions import db
from app.pages import alerts


def _site_alert() -> dict:
    try:
        return {"site_alert": alerts.showing_alert(clock.current_time())}
    except SQLAlchemyError:
        # The error page for a database that is down must still render.
        db.session.rollback()
        return {"site_alert": None}


def init_app(app: Flask) -> None:
    app.context_processor(_site_alert)
    app.jinja_env.globals["alert_levels"] = alerts.LEVELS
