"""The public content pages as stored bytes, served before Flask is even asked.

A content page (app/web/http_cache.py) is the same bytes for everyone: its inline script is
allowed by hash, it reads no session and sets no cookie. So this WSGI middleware keeps, per
address, the last 200 such a page answered with (status, headers, body and ETag) and hands
the same bytes to the next requests, with no routing, no database and no template.

How long a stored page is served unasked
----------------------------------------
What a page shows can change without a request to this process: another worker or server
publishes, a scheduled page goes live, a banner's time comes. So a stored page is served
from here for at most ``PUBLIC_PAGE_RECHECK_SECONDS`` (1 second by default, never past its
own max-age). Then the next request goes through Flask, which works out the page's ETag from
the database as usual: the same ETag renews the stored page without rendering it, another
one renders and stores the new page. Any change made through this process (a POST, PUT,
PATCH or DELETE, such as a publish) drops every stored page at once. With 0 seconds nothing
is served from here, but Flask still reuses the stored body when the ETag is unchanged.

Under load that is one database check per page per worker a second instead of one per
request; nginx in front (deploy/nginx/sosafe.conf) keeps the page for its max-age anyway.
While one request is asking Flask, the others for the same page are given the stored bytes
rather than all asking at once (for at most RECHECK_TIMEOUT seconds).
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask
from werkzeug.http import parse_etags

# Set in the WSGI environ by http_cache.cached_page on a response that may be stored:
# (ETag, max-age in seconds).
STORABLE = "sosafe.storable_page"
READ_METHODS = frozenset({"GET", "HEAD"})
# Longest a stored page is handed out while one request checks it with Flask.
RECHECK_TIMEOUT = 10.0
# A 304 repeats the ETag and caching headers; these belong to a body, which it has not. The
# policy is left off as Flask leaves it off (app/web/security.py).
NOT_ON_304 = frozenset({"content-length", "content-type", "content-security-policy"})


@dataclass(frozen=True)
class StoredPage:
    etag: str
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    fresh_until: float  # time.monotonic()

    def not_modified_headers(self) -> list[tuple[str, str]]:
        return [(name, value) for name, value in self.headers if name.lower() not in NOT_ON_304]


def key_of(environ: dict) -> tuple:
    """Everything in a request that decides which page it gets. The host is the one the
    client sent: only a host the site answers to ever gets a 200 to store."""
    return (
        environ.get("wsgi.url_scheme"),
        environ.get("HTTP_HOST"),
        environ.get("SCRIPT_NAME", ""),
        environ.get("PATH_INFO"),
        environ.get("QUERY_STRING", ""),
    )


class PageStore:
    """WSGI middleware holding the last ``size`` stored pages of this process."""

    def __init__(self, wsgi_app, recheck_seconds: float, size: int = 256):
        self.wsgi_app, self.recheck_seconds, self.size = wsgi_app, recheck_seconds, size
        self.pages: OrderedDict[tuple, StoredPage] = OrderedDict()
        self.rechecking: dict[tuple, float] = {}  # key -> when its check with Flask began
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") not in READ_METHODS:
            try:
                return self.wsgi_app(environ, start_response)
            finally:
                self.clear()
        key = key_of(environ)
        page = self.pages.get(key)
        if page is not None and not self.claim_recheck(key, page):
            return self.serve(page, environ, start_response)
        try:
            return self.ask_flask(key, environ, start_response)
        finally:
            self.rechecking.pop(key, None)

    def claim_recheck(self, key: tuple, page: StoredPage) -> bool:
        """Whether this request should ask Flask about a stored page: it is stale, and no
        other request is asking already."""
        now = time.monotonic()
        if now < page.fresh_until:
            return False
        with self.lock:
            started = self.rechecking.get(key)
            if started is not None and now - started < RECHECK_TIMEOUT:
                return False
            self.rechecking[key] = now
            return True

    def get(self, environ: dict) -> StoredPage | None:
        """The page stored for this request's address, however old."""
        return self.pages.get(key_of(environ))

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()

    def serve(self, page: StoredPage, environ, start_response):
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match and parse_etags(if_none_match).contains_weak(page.etag):
            start_response("304 NOT MODIFIED", page.not_modified_headers())
            return []
        start_response(page.status, page.headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [page.body]

    def ask_flask(self, key: tuple, environ, start_response):
        answered = {}

        def remember(status, headers, exc_info=None):
            answered.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember)
        storable = environ.get(STORABLE)
        if storable is None or environ["REQUEST_METHOD"] != "GET":
            return body
        etag, max_age = storable
        fresh_until = time.monotonic() + min(self.recheck_seconds, max_age)
        status, headers = answered["status"], answered["headers"]
        if status.startswith("304"):
            self.renew(key, etag, fresh_until)
            return body
        if not status.startswith("200") or any(name.lower() == "set-cookie" for name, _ in headers):
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        self.put(key, StoredPage(etag, status, list(headers), content, fresh_until))
        return [content]

    def renew(self, key: tuple, etag: str, fresh_until: float) -> None:
        """Flask answered 304 for the stored ETag: the stored page is still the page."""
        page = self.pages.get(key)
        if page is not None and page.etag == etag:
            self.put(key, StoredPage(page.etag, page.status, page.headers, page.body, fresh_until))

    def put(self, key: tuple, page: StoredPage) -> None:
        with self.lock:
            self.pages[key] = page
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)


def init_app(app: Flask) -> PageStore:
    """Wrap the app; call before ProxyFix wraps it, so the scheme is the one ProxyFix
    resolved (it decides HSTS)."""
    store = PageStore(app.wsgi_app, app.config["PUBLIC_PAGE_RECHECK_SECONDS"])
    app.wsgi_app = store
    app.extensions["page_store"] = store
    return store
