"""The app as production runs it behind one reverse proxy: whose address counts for rate
limits, which host it answers to, and forms posted over HTTPS without a Referer."""

import runpy
from pathlib import Path

import pytest

from app.config import limiter_storage_problem
from app.seeding import seed_all
from tests import factories
from tests.conftest import Page, app_on
from tests.factories import PASSWORD
from tests.staff_helpers import ASB

SITE = "https://sosafe.example.org"
SERVE = Path(__file__).resolve().parents[2] / "serve.py"


@pytest.fixture
def production(database_url):
    """The production configuration, as deployed with PROXY_COUNT=1."""
    yield from app_on(
        database_url, ENVIRONMENT="production", SECRET_KEY="k" * 40, SITE_URL=SITE,
        PROXY_COUNT=1, FOLLOW_UP_LIMIT="3 per 10 minutes", ARGON2_TIME_COST=1,
        ARGON2_MEMORY_COST=1024,
    )


def through_proxy(client_address: str, **headers) -> dict:
    """What the proxy adds to a request from ``client_address`` that arrived over HTTPS."""
    return {"X-Forwarded-For": client_address, "X-Forwarded-Proto": "https",
            "Host": "sosafe.example.org", **headers}


def wrong_follow_up(client, address: str) -> int:
    headers = through_proxy(address)
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    page = Page(client.get("/follow-up", headers=headers, environ_base=proxy))
    data = page.form_data("main form") | {"reference": "AAAA-AAAA", "receipt": "WRONG"}
    return client.post("/follow-up", data=data, headers=headers, environ_base=proxy).status_code


def test_one_client_using_up_its_attempts_does_not_block_another(production):
    first, second = production.test_client(), production.test_client()
    codes = [wrong_follow_up(first, "198.51.100.7") for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    assert wrong_follow_up(second, "203.0.113.20") == 400


def test_the_proxy_cannot_choose_the_host_of_a_redirect(production):
    response = production.test_client().get(
        "/staff", headers=through_proxy("198.51.100.7", **{"X-Forwarded-Host": "evil.example"}))
    assert response.status_code == 308
    assert response.headers["Location"] in ("/staff/", f"{SITE}/staff/")


def test_a_host_the_site_does_not_answer_to_is_refused(production):
    response = production.test_client().get(
        "/staff", headers=through_proxy("198.51.100.7", Host="evil.example"))
    assert response.status_code == 400


def test_staff_sign_in_works_over_https_without_a_referer(production):
    with production.app_context():
        seed_all(production.config["CONTENT_DIR"])
        factories.staff(ASB, "sbc-asb")
    client = production.test_client()
    headers = through_proxy("198.51.100.7", **{"Sec-Fetch-Site": "same-origin"})
    page = Page(client.get("/staff/login", headers=headers))
    data = page.form_data("main form") | {"email": ASB, "password": PASSWORD}
    response = client.post("/staff/login", data=data, headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/")


def test_a_post_the_browser_says_came_from_another_site_is_refused(production):
    client = production.test_client()
    headers = through_proxy("198.51.100.7")
    page = Page(client.get("/follow-up", headers=headers))
    data = page.form_data("main form") | {"reference": "AAAA-AAAA", "receipt": "WRONG"}
    response = client.post("/follow-up", data=data,
                           headers=headers | {"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 400
    assert "There is a problem with your request" in Page(response).text()


def test_a_csrf_failure_on_a_rate_limited_form_is_never_a_500(production):
    client = production.test_client()
    headers = through_proxy("198.51.100.7")
    codes = [client.post("/follow-up", data={"reference": "A", "receipt": "B"},
                         headers=headers).status_code for _ in range(5)]
    assert set(codes) <= {400, 429} and 429 in codes


def test_in_memory_limits_with_several_workers_are_refused_in_production():
    assert "each worker would count on its own" in limiter_storage_problem(
        "production", "memory://", 2)
    assert limiter_storage_problem("production", "memory://", 1) is None
    assert limiter_storage_problem("production", "redis://127.0.0.1:6379/0", 4) is None
    assert limiter_storage_problem("development", "memory://", 2) is None


def test_the_server_will_not_start_workers_with_unshared_limits():
    startup_problem = runpy.run_path(str(SERVE))["startup_problem"]
    environ = {"SOSAFE_ENV": "production", "RATELIMIT_STORAGE_URI": "memory://"}
    assert "RATELIMIT_STORAGE_URI" in startup_problem(environ)
    assert startup_problem(environ | {"WEB_CONCURRENCY": "1"}) is None
    assert startup_problem(environ | {"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}) is None
