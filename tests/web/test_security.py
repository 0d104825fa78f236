import base64
import hashlib
import re

import pytest

from tests.routes_catalogue import ERROR_CODES, public_get_urls

REQUIRED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def assert_secure_headers(response, url):
    for name, value in REQUIRED.items():
        assert response.headers.get(name) == value, f"{url}: {name}"
    assert "geolocation=(self)" in response.headers["Permissions-Policy"]
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, url
    for directive in ("frame-ancestors 'none'", "form-action 'self'", "object-src 'none'",
                      "base-uri 'none'", "default-src 'self'"):
        assert directive in csp, f"{url}: {directive} missing"
    return csp


def test_every_public_page_carries_the_security_headers(seeded_app):
    client = seeded_app.test_client()
    urls = public_get_urls(seeded_app)
    assert "/" in urls
    for url in urls:
        response = client.get(url)
        assert_secure_headers(response, url)


@pytest.mark.parametrize("code", ERROR_CODES)
def test_error_pages_carry_the_security_headers(error_routes, client, code):
    response = client.get(f"/_test/error/{code}")
    assert response.status_code == code
    assert_secure_headers(response, f"error {code}")


@pytest.mark.parametrize("url", ["/report", "/follow-up", "/staff/login"])
def test_pages_for_one_person_allow_the_inline_script_by_a_fresh_nonce(client, url):
    first = client.get(url)
    second = client.get(url)
    nonce = re.search(r"'nonce-([^']+)'", first.headers["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in first.get_data(as_text=True)
    assert nonce not in second.headers["Content-Security-Policy"]
    assert "sha256-" not in first.headers["Content-Security-Policy"]
    assert first.headers["Cache-Control"] == "no-store"


def test_public_pages_allow_the_inline_script_by_its_hash(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    source = re.search(r"script-src 'self' 'sha256-([^']+)'", csp).group(1)
    assert "nonce" not in csp and "nonce" not in response.get_data(as_text=True)
    scripts = re.findall(r"<script>([^<]+)</script>", response.get_data(as_text=True))
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert source == digest


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_fingerprinted_assets_are_cached_for_a_year(app, client):
    manifest = app.extensions["asset_manifest"]
    if "public.css" not in manifest:
        pytest.skip("assets are not built: run `make assets` (npm ci && npm run build)")
    with client.get(f"/static/dist/{manifest['public.css']}") as response:
        assert response.status_code == 200
        assert "max-age=31536000" in response.headers["Cache-Control"]
