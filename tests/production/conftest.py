"""Fixtures for the tests of the site as deployed: one production front for the session
(tests/production/front.py), staff made with `flask staff create`, and phones and HTTP
clients that reach the site only through nginx over HTTPS."""

import os
from contextlib import ExitStack

import httpx
import pytest

from tests.browser.chromium import open_phone
from tests.conftest import own_postgres_database
from tests.factories import PASSWORD
from tests.production.front import REDIS_URL, missing_tool, running_front

OFFICER = "asb.officer@sosafe.example.invalid"
COMMS = "comms.officer@sosafe.example.invalid"
USER_AGENT = "SoSafeProductionTest/1.0 (loopback)"


@pytest.fixture(scope="session")
def front(tmp_path_factory):
    """The app server and nginx running in production mode on loopback, on a database of their
    own: PostgreSQL when TEST_DATABASE_URL is set, otherwise a SQLite file."""
    reason = missing_tool()
    if reason and os.environ.get("REQUIRE_PRODUCTION_TESTS"):
        pytest.fail(f"REQUIRE_PRODUCTION_TESTS is set, but {reason}")
    if reason:
        pytest.skip(reason)
    # The limiter's Redis database is the tests' own: empty it, so counts left by an
    # earlier run (CI runs these twice, minutes apart) do not refuse this run's requests.
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    directory = tmp_path_factory.mktemp("production")
    with ExitStack() as stack:
        base = os.environ.get("TEST_DATABASE_URL")
        if base:
            database_url = stack.enter_context(own_postgres_database(base, "sosafe_front"))
        else:
            database_url = f"sqlite:///{directory / 'sosafe.db'}"
        yield stack.enter_context(running_front(directory, database_url))


@pytest.fixture(scope="session")
def staff(front):
    """An ASB officer and a comms officer, made as an administrator would make them."""
    teams = dict(line.split("\t", 1) for line in front.flask("teams", "list").splitlines())
    for email, team, role in ((OFFICER, "sbc-asb", "officer"),
                              (COMMS, "sbc-communications", "comms")):
        assert team in teams, f"no team {team} in `teams list`"
        front.flask("staff", "create", email, "--team", team, "--role", role,
                    stdin=PASSWORD + "\n")
    return {"officer": OFFICER, "comms": COMMS}


@pytest.fixture
def front_phone(browser, front):
    """A phone-sized Chromium page on the site through the HTTPS front."""
    page = open_phone(browser, front.site_url, ignore_https_errors=True)
    yield page
    page.context.close()


@pytest.fixture
def client_from(front):
    """``client_from("127.0.0.2")``: an HTTP client whose connections to the front come
    from that loopback address, trusting the front's certificate."""
    clients = []

    def make(address: str = "127.0.0.1") -> httpx.Client:
        transport = httpx.HTTPTransport(local_address=address, verify=front.tls_context())
        client = httpx.Client(base_url=front.site_url, transport=transport,
                              headers={"User-Agent": USER_AGENT}, timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
