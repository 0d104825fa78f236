"""The answer when everything else failed: an exception that escaped Flask itself (an error
page that could not render, a teardown that raised). Without this, gunicorn would answer
with its own bare "Internal Server Error" page.

The page is our 500 page (without the database); if even that cannot render, a plain page
that still gives the emergency numbers.
"""

import logging
from pathlib import Path

from flask import Flask, render_template

from app.web.errors import ERROR_PAGES
from app.web.site_alert import without_database

log = logging.getLogger(__name__)

# Needs nothing at all: nginx serves the same file when the app cannot answer
# (deploy/nginx/sosafe.conf).
PLAIN_PAGE = Path(__file__).resolve().parent.parent / "static" / "errors" / "unavailable.html"
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Cache-Control", "no-store"),
    ("Content-Security-Policy", "default-src 'self'; script-src 'none'; style-src 'self'; "
     "img-src 'self'; frame-ancestors 'none'; form-action 'self'; object-src 'none'; "
     "base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
]


class LastResort:
    """WSGI middleware, outermost: turns any exception from the app into our 500 page."""

    def __init__(self, app: Flask):
        self.app = app
        self.inner = app.wsgi_app

    def _render(self) -> bytes:
        title, message = ERROR_PAGES[500]
        context = self.app.test_request_context("/")
        context.push()
        try:
            without_database()
            return render_template("errors/error.html", code=500, title=title,
                                   message=message).encode()
        except Exception:  # noqa: BLE001 - the plain page is the answer then
            log.exception("The 500 page could not render; answering with the plain one")
            return PLAIN_PAGE.read_bytes()
        finally:
            try:
                context.pop()
            except Exception:  # noqa: BLE001 - the broken teardown that brought us here
                log.debug("teardown failed again after the 500 page", exc_info=True)

    def __call__(self, environ, start_response):
        try:
            return self.inner(environ, start_response)
        except Exception:  # noqa: BLE001 - anything at all: never a bare server page
            log.exception("Unhandled error outside the views on %s", environ.get("PATH_INFO"))
            body = self._render()
            start_response("500 Internal Server Error",
                           [*HEADERS, ("Content-Length", str(len(body)))])
            return [body]
