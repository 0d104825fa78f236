"""Security headers and the Content-Security-Policy, set in Flask so tests see them.

Every response, error pages included, carries them. A view that needs to allow one more
frame source (the click-to-load video) calls ``allow_frame_source``; nothing else widens
the policy.

The GOV.UK template has one inline script (it marks the page as having JavaScript before
anything is drawn). Pages for one person (reports, follow-up, staff) allow it by a fresh
nonce on every response. The public content pages allow it by its hash instead
(``allow_inline_script_by_hash``): then nothing in the page or its headers changes from one
request to the next, so the same stored bytes can be served to everyone
(app/web/http_cache.py, app/web/page_store.py).
"""

import base64
import hashlib
import re
import secrets
from functools import cache
from pathlib import Path

import govuk_frontend_jinja
from flask import Flask, abort, g, request

PERMISSIONS_POLICY = (
    "geolocation=(self), camera=(), microphone=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


GOVUK_TEMPLATE = Path(govuk_frontend_jinja.__file__).parent / "templates" / "template.html"
INLINE_SCRIPT = re.compile(r"<script[^>]*>(?P<body>[^<]+)</script>")


@cache
def inline_script_hash() -> str:
    """The CSP source for the GOV.UK template's inline script, read from the template
    itself so an upgrade of govuk-frontend-jinja cannot leave a stale hash behind."""
    scripts = INLINE_SCRIPT.findall(GOVUK_TEMPLATE.read_text())
    if len(scripts) != 1:
        raise RuntimeError(f"expected one inline script in {GOVUK_TEMPLATE}, found "
                           f"{len(scripts)}: the script-src hash needs a look")
    digest = hashlib.sha256(scripts[0].encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def allow_inline_script_by_hash() -> None:
    """This response allows the inline script by its hash, with no nonce anywhere."""
    g.csp_script_by_hash = True


def csp_nonce() -> str:
    """This response's nonce; empty when the script is allowed by its hash (the template
    then writes no nonce attribute)."""
    if g.get("csp_script_by_hash"):
        return ""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def allow_frame_source(source: str) -> None:
    g.setdefault("csp_frame_sources", []).append(source)


def content_security_policy() -> str:
    frame_sources = " ".join(g.get("csp_frame_sources", [])) or "'none'"
    inline = inline_script_hash() if g.get("csp_script_by_hash") else f"'nonce-{csp_nonce()}'"
    directives = {
        "default-src": "'self'",
        "script-src": f"'self' {inline}",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "manifest-src": "'self'",
        "frame-src": frame_sources,
        "frame-ancestors": "'none'",
        "form-action": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def set_security_headers(response):
    headers = response.headers
    # A 304 has no body: the browser reuses the body it cached and refreshes the stored
    # headers from the 304. A policy with a fresh nonce would replace the one whose nonce
    # the cached body holds and block its inline script, so 304s carry no policy.
    if response.status_code != 304:
        headers["Content-Security-Policy"] = content_security_policy()
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "no-referrer"
    headers["Permissions-Policy"] = PERMISSIONS_POLICY
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# What a browser says of where a request came from (Fetch Metadata). "none" is a person
# typing or bookmarking; same-site is refused too, as another subdomain is another party.
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})


def refuse_cross_site_writes():
    """Refuse a state-changing request that the browser says another site started.

    Browsers send Sec-Fetch-Site whatever the Referrer-Policy, so this holds with our
    no-referrer policy where an Origin or Referer check cannot (with no-referrer a
    same-origin form sends ``Origin: null``). Clients that send no such header, such as
    older browsers and programs, still need the CSRF token.
    """
    if request.method not in UNSAFE_METHODS:
        return
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ALLOWED_FETCH_SITES:
        abort(400)


def init_app(app: Flask) -> None:
    app.before_request(refuse_cross_site_writes)
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
