"""The home page, Exit this page, and the health check."""

import sqlalchemy as sa
from blinker import Namespace
from flask import Blueprint, current_app, redirect, render_template, session

from app.extensions import db

bp = Blueprint("public", __name__)

signals = Namespace()
# Sent by /exit before the session is cleared, so areas can delete what it points at
# (for example a draft report). Receivers get the session's contents as keyword "session".
exit_requested = signals.signal("exit-requested")


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/exit")
def exit_page():
    """Leave in one tap: forget the session and anything it points at, then go elsewhere."""
    exit_requested.send(current_app._get_current_object(), session=dict(session))
    session.clear()
    response = redirect(current_app.config["EXIT_URL"], code=302)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@bp.get("/healthz")
def healthz():
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200
