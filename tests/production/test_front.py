"""The nginx front from deploy/ in front of the app server in production mode: its config, its
redirects, what it passes on to the app, what it serves from disk, what it compresses,
and what it writes to its logs."""

import json
import re
import subprocess
import time

import pytest

from tests.conftest import Page
from tests.production.conftest import USER_AGENT
from tests.production.front import (
    DISABLED_CONTROLS,
    FOLLOW_UP_LIMIT,
    REPO,
    free_ports,
    nginx_test,
    unit_command,
)
from tests.reporting_helpers import STALKING, Reporter

pytestmark = pytest.mark.production

DIST = REPO / "app" / "static" / "dist"
GZIP = {"Accept-Encoding": "gzip"}
# Everything a client could send to choose the host, scheme, port or prefix of a redirect.
CHOSEN_HOST = {"Host": "evil.example", "X-Forwarded-Host": "evil.example",
               "Forwarded": "host=evil.example;proto=http", "X-Forwarded-Proto": "http",
               "X-Forwarded-Port": "8080", "X-Forwarded-Prefix": "/evil"}
MAIN_PAGES = ("/", "/report", "/follow-up", "/get-help", "/campaigns",
              "/campaigns/16-days-of-activism", "/privacy", "/staff/login")


def fingerprinted(name: str) -> str:
    return "/static/dist/" + json.loads((DIST / "manifest.json").read_text())[name]


def test_nginx_accepts_the_deploy_config(front):
    result = nginx_test(front.prefix, front.conf)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_plain_http_is_sent_to_the_configured_https_address(front, client_from):
    response = client_from().get(f"{front.http_url}/report?from=poster",
                                 headers={"Host": "evil.example"})
    assert response.status_code == 301
    assert response.headers["Location"] == f"{front.site_url}/report?from=poster"


@pytest.mark.parametrize("path", ["/staff", "/staff/inbox", "/follow-up/your-report"])
def test_headers_from_the_client_do_not_choose_where_a_redirect_goes(front, client_from, path):
    response = client_from().get(path, headers=CHOSEN_HOST)
    assert response.is_redirect, response.status_code
    location = response.headers["Location"]
    assert location.startswith(("/", f"{front.site_url}/")), location
    assert "evil" not in location and "8080" not in location
    # The scheme comes from nginx, not the client's X-Forwarded-Proto: still HTTPS.
    assert "max-age" in response.headers["Strict-Transport-Security"]


def test_fingerprinted_files_come_from_disk_compressed_and_cached_for_a_year(front,
                                                                            client_from):
    client = client_from()
    for name, content_type in (("public.css", "text/css"),
                               ("report.js", "application/javascript"),
                               ("site.webmanifest", "application/manifest+json"),
                               ("favicon.svg", "image/svg+xml")):
        response = client.get(fingerprinted(name), headers=GZIP)
        assert response.status_code == 200, name
        assert response.headers["Content-Type"].startswith(content_type), name
        assert response.headers["Content-Encoding"] == "gzip", name
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.content == (DIST / fingerprinted(name).rsplit("/", 1)[1]).read_bytes()
    photo = client.get(fingerprinted("the-orphan-still.jpg"), headers=GZIP)
    assert "Content-Encoding" not in photo.headers  # already compressed
    plain = client.get("/static/images/favicon.svg")
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "public, max-age=3600"
    assert "/static/" not in front.app_log.read_text(), "the app served a static file"


def test_a_static_file_missing_from_disk_is_left_to_the_app(client_from):
    response = client_from().get("/static/dist/main-00000000.css")
    assert response.status_code == 404
    assert "So Safe Stevenage" in Page(response).title


def test_public_pages_are_compressed_and_staff_pages_are_not(client_from):
    client = client_from()
    for path in ("/", "/report", "/campaigns/safer-routes"):
        assert client.get(path, headers=GZIP).headers.get("Content-Encoding") == "gzip", path
    # A repeat visit is answered 304 by nginx's cache. The page's policy allows its script
    # by hash, so a 304 that repeats it keeps the browser's cached copy working.
    page = client.get("/campaigns/safer-routes", headers=GZIP)
    repeat = client.get("/campaigns/safer-routes",
                        headers=GZIP | {"If-None-Match": page.headers["ETag"]})
    assert repeat.status_code == 304
    assert repeat.headers.get("Content-Security-Policy", page.headers[
        "Content-Security-Policy"]) == page.headers["Content-Security-Policy"]
    # Staff pages hold a CSRF token beside text a link can choose (BREACH).
    staff = client.get("/staff/login", headers=GZIP)
    assert staff.status_code == 200 and "Content-Encoding" not in staff.headers


def disabled_controls(page: Page, where: str) -> None:
    found = [str(tag) for tag in page.soup.select(DISABLED_CONTROLS)]
    assert not found, f"{where}: {found}"


def test_no_form_control_renders_disabled_in_production(client_from):
    client = client_from()
    for path in MAIN_PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        disabled_controls(Page(response), path)
    reporter = Reporter(client)
    reporter.start("stalking")
    answers = {**STALKING, "contact": {"contact_wanted": "yes"},
               "contact-details": {"phone": "07700 900982", "safe_times": "mornings"}}
    seen = []
    reporter.walk(answers, on_page=lambda page, step: (disabled_controls(page, step),
                                                         seen.append(step)))
    assert {"where", "when", "what-happened", "contact-details"} <= set(seen)


def wrong_pair(client) -> int:
    """Try a reference and receipt code that match no report; the answer's status."""
    page = Page(client.get("/follow-up"))
    response = client.post("/follow-up", data=page.form_data("main form") | {
        "reference": "SS0000AB", "receipt": "AAAAAA-AAAAAA-AAAAAA"})
    return response.status_code


def test_a_client_out_of_follow_up_attempts_does_not_block_another(client_from):
    tired = client_from("127.0.0.2")
    statuses = [wrong_pair(tired) for _ in range(FOLLOW_UP_LIMIT + 1)]
    assert statuses == [400] * FOLLOW_UP_LIMIT + [429]
    assert wrong_pair(client_from("127.0.0.1")) == 400
    assert wrong_pair(tired) == 429


def test_the_front_logs_neither_address_nor_user_agent(front, client_from):
    before = front.settled_length()
    for address in ("127.0.0.1", "127.0.0.2"):
        client = client_from(address)
        assert client.get("/follow-up").status_code == 200
        assert client.get(fingerprinted("public.css")).status_code == 200
        assert client.get("/static/dist/public-00000000.css").status_code == 404
        refused = client.post("/report/anti-social-behaviour/danger-now",
                              data={"danger_now": "no"})  # no CSRF token
        assert refused.status_code == 400
    written = front.access_lines(since=before, count=8)
    assert len(written) == 8, written
    assert any('"POST /report/anti-social-behaviour/danger-now' in line for line in written)

    logs = front.logs() | {"app server": front.app_log.read_text()}
    assert set(logs) >= {"access.log", "error.log", "sosafe.access.log", "sosafe.error.log"}
    for name, text in logs.items():
        kept = ["127.0.0.2", USER_AGENT, "HeadlessChrome", "Mozilla/"]
        if name != "app server":  # it names its own loopback address when it starts
            kept.append("127.0.0.1")
        for secret in kept:
            assert secret not in text, f"{name} holds {secret}"
    assert logs["access.log"] == "", "Debian's http-level access log was written"


def test_nothing_answered_a_server_error(front):
    """Over everything the session sent through the front (the browser journeys run first)."""
    errors = [line for line in front.access_lines() if re.search(r'" 5\d\d ', line)]
    assert not errors, errors
    assert "Traceback" not in front.app_log.read_text()


def test_the_daily_retention_unit_runs_in_production_mode(front):
    command = unit_command("sosafe-retention.service", {})
    result = subprocess.run(command, cwd=REPO, env=front.env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Deleted ")


def test_the_web_unit_will_not_start_with_each_worker_counting_on_its_own(front, tmp_path):
    command = unit_command("sosafe-web.service", {})
    env = front.env | {"RATELIMIT_STORAGE_URI": "memory://",
                       "BIND": f"127.0.0.1:{free_ports(1)[0]}"}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                            timeout=30)
    assert result.returncode != 0
    assert "RATELIMIT_STORAGE_URI is memory:// with 2 workers" in result.stdout + result.stderr


BROTLI = {"Accept-Encoding": "br"}
CACHED_PAGES = ("/", "/campaigns", "/campaigns/safer-routes", "/get-help", "/about",
                "/privacy", "/accessibility", "/cookies")
NEVER_CACHED = ("/report", "/follow-up", "/staff/login", "/open311/services.json")


def test_text_files_are_served_as_the_build_compressed_them(front, client_from):
    client = client_from()
    for name in ("public.css", "report.js", "favicon.svg"):
        built = DIST / fingerprinted(name).rsplit("/", 1)[1]
        for headers, encoding, suffix in ((BROTLI, "br", ".br"), (GZIP, "gzip", ".gz")):
            with client.stream("GET", fingerprinted(name), headers=headers) as response:
                raw = b"".join(response.iter_raw())
            assert response.headers["Content-Encoding"] == encoding, name
            assert raw == built.with_name(built.name + suffix).read_bytes(), name


@pytest.mark.parametrize("path", CACHED_PAGES)
def test_public_pages_come_from_the_front_cache_without_a_cookie(front, client_from, path):
    client = client_from()
    client.get("/staff/login")  # a client holding a session cookie
    assert client.cookies
    first = client.get(path)
    assert first.status_code == 200
    second = client.get(path, headers=BROTLI)
    assert second.headers["X-Cache-Status"] in {"HIT", "UPDATING", "REVALIDATED"}, path
    assert second.headers["Content-Encoding"] == "br"
    for response in (first, second):
        assert "Set-Cookie" not in response.headers, path
        assert response.headers["Cache-Control"].startswith("public, max-age=")
    assert client.get(path).content == first.content  # the same bytes for everyone


@pytest.mark.parametrize("path", NEVER_CACHED)
def test_pages_for_one_person_never_use_the_front_cache(front, client_from, path):
    client = client_from()
    for _ in range(2):
        response = client.get(path)
        assert "X-Cache-Status" not in response.headers, path
    assert front.prefix.joinpath("cache").exists()


def test_a_cached_response_never_carries_a_cookie(front, client_from):
    """Whatever was asked for, by whoever: nothing the cache hands out sets a cookie."""
    client = client_from()
    hits = 0
    for path in (*CACHED_PAGES, *NEVER_CACHED, *MAIN_PAGES):
        for _ in range(2):
            response = client.get(path)
            if response.headers.get("X-Cache-Status") == "HIT":
                hits += 1
                assert "Set-Cookie" not in response.headers, path
    assert hits >= len(CACHED_PAGES)


def test_the_front_asks_the_app_again_after_a_second(front, client_from):
    """The front keeps a public page only for its s-maxage, so a publish shows through it
    within a second or two (docs/performance.md)."""
    client = client_from()
    client.get("/about")
    assert client.get("/about").headers["X-Cache-Status"] == "HIT"
    # Past its s-maxage the front must ask the app again. On a busy machine a request can
    # land just after a refresh, so look a few times over a bounded span, never a year.
    statuses = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        time.sleep(1.5)
        statuses.append(client.get("/about").headers["X-Cache-Status"])
        if statuses[-1] != "HIT":
            break
    assert statuses[-1] != "HIT", statuses
