"""The answer when everything else failed: an exception that escaped Flask itself (an error
page that could not render, a teardown that raised). Without this, gunicorn would answer
with its own bare "Internal Server Error" page.

The page is our 500 page (without the database); if even that cannot render, a plain page
that still gives the emergency numbers.
"""

import logging

from flask import Flask, render_template

from app.errors import ERROR_PAGES
from app.web.site_alert import without_database

log = logging.getLogger(__name__)

PLAIN_PAGE = (
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    "<title>Sorry, there is a problem with the service – So Safe Stevenage</title></head>"
    "<body><main><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later. If you were sending a report and did not see a reference number, "
    "go back and send it again: it will not be sent twice.</p>"
    "<h2>If you are in danger now</h2><p>Call <a href=\"tel:999\">999</a> if someone is in "
    "danger or a crime is happening now. If you cannot speak, call 999 from a mobile, then "
    "press 55 when you hear the recorded message.</p><p>For police non-emergencies, call "
    "<a href=\"tel:101\">101</a>.</p><p><a href=\"/\">Go to the So Safe home page</a></p>"
    "</main></body></html>"
)
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
        try:
            with self.app.test_request_context("/"):
                without_database()
                return render_template("errors/error.html", code=500, title=title,
                                       message=message).encode()
        except Exception:  # noqa: BLE001 - the plain page is the answer then
            log.exception("The 500 page could not render; answering with the plain one")
            return PLAIN_PAGE.encode()

    def __call__(self, environ, start_response):
        try:
            return self.inner(environ, start_response)
        except Exception:  # noqa: BLE001 - anything at all: never a bare server page
            log.exception("Unhandled error outside the views on %s", environ.get("PATH_INFO"))
            body = self._render()
            start_response("500 Internal Server Error",
                           [*HEADERS, ("Content-Length", str(len(body)))])
            return [body]
