"""The home page, the information pages, Exit this page, and the health check. Images for
pages are app/routes/images.py."""

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
)

from app.extensions import db
from app.pages import live
from app.partnership import help_directory, teams
from app.reporting import retention
from app.web.http_cache import cached_page
from app.web.security import ALLOWED_FETCH_SITES
from app.web.signals import exit_requested

bp = Blueprint("public", __name__)



@bp.get("/")
def home():
    campaigns = live.home_campaigns()
    sada = help_directory.shown_service("sada")
    return cached_page(
        lambda: render_template("public/home.html", campaigns=campaigns, sada=sada),
        help_directory.version([sada]), *[campaign.version for campaign in campaigns],
    )


def info_page(slug: str):
    """An information page (section "info" in content/pages/) at /<slug>."""
    page = live.live_page(slug, "info")
    if page is None:
        abort(404)
    # The about page links to the members' own websites (content/partners.yaml).
    websites = [(m.name, m.web) for m in teams.members() if m.web] if slug == "about" else []
    # The privacy notice states the retention period the purge uses (one setting).
    months = retention.retention_months() if slug == "privacy" else None
    body_html = retention.with_period(page.body_html, months) if months else page.body_html
    return cached_page(
        lambda: render_template("public/info.html", page=page, body_html=body_html,
                                websites=websites),
        page.version, websites, months, expires_at=page.unpublish_at,
    )


@bp.get("/about")
def about():
    return info_page("about")


@bp.get("/privacy")
def privacy():
    return info_page("privacy")


@bp.get("/accessibility")
def accessibility():
    return info_page("accessibility")


@bp.get("/cookies")
def cookies():
    return info_page("cookies")


@bp.get("/exit")
def exit_page():
    """Leave in one tap: straight to EXIT_URL, forgetting the session and anything it points
    at (a draft report, an opened report) when the person asked to leave from this site.

    Exit this page is a link (the GOV.UK button and its Shift-three-times shortcut both
    navigate to /exit), so it works without JavaScript and needs no form, but so can
    another site link to it, to sign staff out or delete a visitor's draft. The referrer
    cannot tell them apart (the site sends ``Referrer-Policy: no-referrer``); the browser's
    ``Sec-Fetch-Site`` can. From another site (``cross-site``, ``same-site``) the person is
    sent on just the same, but nothing is forgotten: the rule app/web/security.py applies to
    every write. Without the header (Safari before 16.4, or a site served over plain HTTP)
    the request is believed: for someone leaving in a hurry, their draft going with them
    matters more than a sign-out someone else could cause.
    """
    response = redirect(current_app.config["EXIT_URL"], code=302)
    response.headers["Cache-Control"] = "no-store"
    if request.headers.get("Sec-Fetch-Site", "none") in ALLOWED_FETCH_SITES:
        exit_requested.send(current_app._get_current_object(), session=dict(session))
        session.clear()
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
