"""HTTP caching for the public content pages (campaigns, help, information, home).

These pages send a weak ETag and ``Cache-Control: public, max-age=...``, answer a matching
``If-None-Match`` with 304 before anything is rendered, and never touch the session, so they
set no cookie and a front cache may share them.

Same bytes for everyone
-----------------------
The template's one inline script is allowed by its hash on these pages, not by a nonce
(app/web/security.py), so a page's body and headers are the same for every request until
what it shows changes. The ETag names what the page shows: the page's published revision,
the help directory rows, the alert banner, and a fingerprint of the code, templates and
asset manifest that turn them into HTML. It stays weak (``W/"..."``) because the front
compresses the body. A page is rendered once per ETag: app/web/page_store.py keeps the
answer and serves it again, and when Flask is asked (once a second at most, or after a
change) the same ETag reuses the stored body without rendering.

A 304 carries no Content-Security-Policy (app/web/security.py): the browser keeps the
policy that came with the body it cached. With ``public`` a shared cache hands one copy to
many people; these pages hold nothing from the person viewing them (only markdown written by
staff and cleaned by bleach), so sharing it gives nothing away.
"""

import hashlib
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, Response, current_app, make_response, request
from flask.globals import request_ctx
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.pages import alerts
from app.pages.models import AlertBanner
from app.web.page_store import STORABLE
from app.web.security import allow_inline_script_by_hash

# Long enough for a front cache to absorb a rush, short enough that a correction or an
# unpublished page is gone from caches within five minutes.
CONTENT_MAX_AGE = 300
# How long a shared cache (the nginx front) may hand out its copy before asking us again
# (s-maxage). Asking costs us a 304 from the page store, and under a rush the front
# answers from its copy while one request asks, so a short time costs nothing and a
# publish shows through the front within a second or two.
SHARED_MAX_AGE = 1


def build_fingerprint() -> str:
    """A hash of everything that turns content into HTML: our Python code, the templates
    and the asset manifest (the CSS and JS file names). Computed once per process."""
    cached = current_app.extensions.get("content_build_fingerprint")
    if cached:
        return cached
    root = Path(current_app.root_path)
    digest = hashlib.sha256()
    files = sorted([*root.rglob("*.py"), *root.rglob("*.html"),
                    root / "static" / "dist" / "manifest.json"])
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    fingerprint = digest.hexdigest()[:16]
    current_app.extensions["content_build_fingerprint"] = fingerprint
    return fingerprint


# The same test app/pages/alerts.py uses to choose the banner the layout shows.
_SHOWN_BANNERS = sa.select(
    AlertBanner.id, AlertBanner.updated_at, AlertBanner.message, AlertBanner.level
).where(
    alerts.showing_condition(sa.bindparam("now"))
).order_by(AlertBanner.id)


def _alert_banner_version(now: datetime) -> tuple:
    """The banners the layout may show. Must stay in step with whatever shows them. What
    they say is part of it: two edits in the same instant (a moved clock) still differ."""
    rows = db.session.execute(_SHOWN_BANNERS, {"now": now})
    return tuple((row.id, row.updated_at.isoformat(), row.message, row.level) for row in rows)


def etag_for(*parts) -> str:
    now = clock.current_time()
    text = repr((build_fingerprint(), _alert_banner_version(now), request.path,
                 sorted(request.args.items(multi=True)), parts))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _html(etag: str, render) -> str | bytes:
    """The page's body: the stored one when it is still this ETag's, else ``render()``."""
    stored = current_app.extensions["page_store"].get(request.environ)
    if stored is not None and stored.etag == etag:
        return stored.body
    return render()


def _session_was_read() -> bool:
    # Read the flag directly: going through flask.session would itself mark it accessed.
    return request_ctx._session is not None and request_ctx._session.accessed


def cached_page(render, *parts, expires_at: datetime | None = None) -> Response:
    """Answer with ``render()`` (a string of HTML) or a 304, cacheable by anyone.

    ``parts`` are everything the page shows besides the code and the alert banner, e.g.
    ``page.version`` or the help directory's ``version``. ``expires_at`` (when the page
    stops being published) shortens max-age so no cache keeps it past then.
    """
    allow_inline_script_by_hash()
    etag = etag_for(*parts)
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = make_response(_html(etag, render))
    response.set_etag(etag, weak=True)
    max_age = CONTENT_MAX_AGE
    if expires_at is not None:
        max_age = max(0, min(max_age, int((expires_at - clock.current_time()).total_seconds())))
    if _session_was_read():
        # Something read the session while rendering (current_user in a template, say): the
        # page may differ per person, so it must not be shared. Tests assert this never
        # happens on a content page.
        current_app.logger.warning("content page %s touched the session", request.path)
        response.cache_control.private = True
        response.cache_control.no_cache = True
    else:
        response.cache_control.public = True
        response.cache_control.max_age = max_age
        response.cache_control.s_maxage = min(SHARED_MAX_AGE, max_age)
        if max_age:
            request.environ[STORABLE] = (etag, max_age)
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that a response marked ``public`` never
    carries the session cookie (nor ``Vary: Cookie``): a shared cache would hand one
    person's cookie to everyone. Content pages are the only public responses."""

    def save_session(self, app: Flask, session, response: Response) -> None:
        if response.cache_control.public:
            return
        super().save_session(app, session, response)


def no_store(response: Response) -> Response:
    """For pages that must stay out of every cache, the back-forward one included: a
    blueprint registers it with ``bp.after_request(no_store)``."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.session_interface = SessionInterface()
    # Flask-Login's own context processor loads the user, reading the session, whenever
    # any template renders; this one hands templates the lazy proxy, so only a template
    # that really uses current_user reads the session. (login_manager.init_app is called
    # with add_context_processor=False.)
    app.context_processor(lambda: {"current_user": current_user})
