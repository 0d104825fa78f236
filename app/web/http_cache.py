"""HTTP caching for the public content pages (campaigns, help, information, home).

These pages send a weak ETag and ``Cache-Control: public, max-age=...``, answer a matching
``If-None-Match`` with 304 before anything is rendered, and never touch the session, so they
set no cookie and a front cache may share them. Each process also keeps the last pages it
rendered, keyed by ETag, so a repeat request only swaps in a fresh nonce (RenderedPages).

How the ETag and the per-response CSP nonce live together
---------------------------------------------------------
Every 200 carries a fresh script nonce, in its Content-Security-Policy header and in the
GOV.UK template's one inline script. So two 200s for the same page are never byte-for-byte
equal, and the ETag is *weak* (``W/"..."``): it names what the page shows (the page's
published revision, the help directory rows, the alert banner, and a fingerprint of the
code, templates and asset manifest that turn them into HTML), not its bytes.

A 304 has no body: the browser keeps the body it cached, together with the headers that
came with it, and refreshes the stored headers from the 304. If the 304 carried a new
Content-Security-Policy, its new nonce would replace the stored policy and block the cached
page's inline script (no ``govuk-frontend-supported`` class, so no Exit this page
JavaScript). So app/web/security.py leaves the policy off 304 responses, and the cached body keeps
the policy whose nonce it holds. A 304 has nothing to protect with a policy of its own.

With ``public`` a shared cache hands one copy (body and header, same nonce) to many
people. The nonce is still unknown to anyone before the copy is served, and these pages hold
nothing from the person viewing them (only markdown written by staff and cleaned by bleach),
so sharing it opens no way in for injected script.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, Response, current_app, g, make_response, request
from flask.globals import request_ctx
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.pages import alerts
from app.pages.models import AlertBanner
from app.web.security import csp_nonce

# Long enough for a front cache to absorb a rush, short enough that a correction or an
# unpublished page is gone from caches within five minutes.
CONTENT_MAX_AGE = 300


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


class RenderedPages:
    """The last few rendered content pages of this process, keyed by ETag, each with a
    stand-in where its script nonce goes.

    The same ETag means the same page, so a hit needs no template rendering: only the
    stand-in is swapped for this response's fresh nonce. A page whose rendering read the
    session is never kept (it may differ per person).
    """

    def __init__(self, size: int = 128):
        self.size, self.pages, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, etag: str) -> tuple[str, str] | None:
        with self.lock:
            if etag in self.pages:
                self.pages.move_to_end(etag)
                return self.pages[etag]
        return None

    def put(self, etag: str, stand_in: str, html: str) -> None:
        with self.lock:
            self.pages[etag] = (stand_in, html)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def _html(etag: str, render) -> str:
    rendered = current_app.extensions["rendered_content_pages"]
    hit = rendered.get(etag)
    if hit is None:
        # Render with a stand-in nonce no page could contain; the response's own nonce is
        # made afterwards, as usual, by app/web/security.py.
        stand_in = "nonce-stand-in-" + secrets.token_urlsafe(18)
        g.csp_nonce = stand_in
        html = render()
        g.pop("csp_nonce")
        if not _session_was_read():
            rendered.put(etag, stand_in, html)
        hit = (stand_in, html)
    stand_in, html = hit
    return html.replace(stand_in, csp_nonce())


def _session_was_read() -> bool:
    # Read the flag directly: going through flask.session would itself mark it accessed.
    return request_ctx._session is not None and request_ctx._session.accessed


def cached_page(render, *parts, expires_at: datetime | None = None) -> Response:
    """Answer with ``render()`` (a string of HTML) or a 304, cacheable by anyone.

    ``parts`` are everything the page shows besides the code and the alert banner, e.g.
    ``page.version`` or the help directory's ``version``. ``expires_at`` (when the page
    stops being published) shortens max-age so no cache keeps it past then.
    """
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
    app.extensions["rendered_content_pages"] = RenderedPages()
    # Flask-Login's own context processor loads the user, reading the session, whenever
    # any template renders; this one hands templates the lazy proxy, so only a template
    # that really uses current_user reads the session. (login_manager.init_app is called
    # with add_context_processor=False.)
    app.context_processor(lambda: {"current_user": current_user})
