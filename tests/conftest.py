"""Fixtures in the flaskr shape: app, client, runner, plus parsed pages and signed-in staff.
The phone browser and axe-core live in tests/browser/chromium.py.

Every test gets a fresh database: a new SQLite file, or (when TEST_DATABASE_URL points at
PostgreSQL) a database made for this run whose tables are emptied after each test.
"""

import os
import secrets
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from app import create_app
from app.extensions import db
from app.seeding import seed_all

# The Playwright and axe-core fixtures live with the browser tests; the production tests
# drive the same Chromium, so they are loaded for the whole suite (one browser a run).
pytest_plugins = ["tests.browser.chromium"]

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


# --- database ------------------------------------------------------------------------

@contextmanager
def own_postgres_database(base_url: str, prefix: str = "sosafe_test"):
    """A new, empty database on the server of ``base_url``, dropped on the way out."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    admin_url = base_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database of our own for this run, dropped afterwards."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield None
        return
    with own_postgres_database(base) as url:
        yield url


@pytest.fixture(scope="session")
def _postgres_schema(postgres_url):
    if postgres_url is None:
        return None
    app = create_app({"ENVIRONMENT": "testing", "SQLALCHEMY_DATABASE_URI": postgres_url})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return postgres_url


@pytest.fixture
def database_url(_postgres_schema, tmp_path):
    return _postgres_schema or f"sqlite:///{tmp_path / 'test.db'}"


def app_on(database_url: str, **config):
    """An app on the test database with its tables made, emptied again afterwards; the
    configuration is ``testing`` unless ``config`` says otherwise."""
    app = create_app({
        "ENVIRONMENT": "testing",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "CONTENT_DIR": str(CONTENT_DIR),
        **config,
    })
    with app.app_context():
        if database_url.startswith("sqlite"):
            db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if not database_url.startswith("sqlite"):
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            with db.engine.begin() as conn:
                conn.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.engine.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    yield from app_on(database_url)


@pytest.fixture
def seeded_app(app):
    """The app with content/ loaded, as `flask seed` would."""
    with app.app_context():
        seed_all(app.config["CONTENT_DIR"])
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# --- parsed pages ---------------------------------------------------------------------

class Page:
    """A response (the Flask test client's, or httpx's through the production front) and
    its parsed HTML, with the checks every page must pass."""

    def __init__(self, response):
        self.response = response
        self.soup = BeautifulSoup(response.text, "html.parser")

    @property
    def title(self) -> str:
        return self.soup.title.get_text(strip=True) if self.soup.title else ""

    @property
    def h1(self) -> str:
        heading = self.soup.find("h1")
        return heading.get_text(" ", strip=True) if heading else ""

    def text(self) -> str:
        return self.soup.get_text(" ", strip=True)

    def form_data(self, form_selector: str = "form") -> dict:
        """The hidden inputs of a form (CSRF token and the like), ready to post back."""
        form = self.soup.select_one(form_selector)
        return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


@pytest.fixture
def get_html(client):
    """GET a URL and return a Page; checks the status and the title format."""

    def get(url: str, status: int = 200, **kwargs) -> Page:
        response = client.get(url, **kwargs)
        assert response.status_code == status, f"{url}: {response.status_code}"
        page = Page(response)
        assert page.title.endswith("– So Safe Stevenage"), f"{url}: title {page.title!r}"
        return page

    return get


@pytest.fixture
def error_routes(app):
    """Test-only routes that raise each error, so every error page can be checked."""
    from flask import Blueprint, abort

    bp = Blueprint("_test_errors", __name__, url_prefix="/_test")

    @bp.get("/error/<int:code>")
    def raise_error(code):
        abort(code)

    @bp.get("/crash")
    def crash():
        raise RuntimeError("a bug with a secret stack trace")

    app.register_blueprint(bp)
    return app


# --- staff -------------------------------------------------------------------------------

@pytest.fixture
def people(seeded_app):
    """Staff accounts (emails in tests/staff_helpers.py): an ASB officer and colleague, a
    SADA worker, an administrator and a comms officer. No team of theirs asks for a code."""
    from tests import factories
    from tests import staff_helpers as s

    with seeded_app.app_context():
        factories.staff(s.ASB, "sbc-asb")
        factories.staff(s.ASB_COLLEAGUE, "sbc-asb")
        factories.staff(s.SADA, "sbc-sada")
        factories.staff(s.ADMIN, "sbc-community-safety", role="admin")
        factories.staff(s.COMMS, "sbc-communications", role="comms")
    return seeded_app


@pytest.fixture
def signed_in(people):
    """A signed-in test client per person: ``signed_in(ASB)``."""
    from tests.staff_helpers import sign_in

    clients = {}

    def client_for(email: str):
        if email not in clients:
            client = people.test_client()
            response = sign_in(client, email)
            assert response.status_code == 302, f"{email} could not sign in"
            clients[email] = client
        return clients[email]

    return client_for


@pytest.fixture
def comms(seeded_app, client, monkeypatch):
    """The test client signed in as a comms officer, on a fixed day (1 November 2026)."""
    from app.core import clock
    from tests import factories
    from tests.publishing_helpers import COMMS, NOW
    from tests.staff_helpers import sign_in

    monkeypatch.setattr(clock, "current_time", lambda: NOW)
    with seeded_app.app_context():
        factories.staff(COMMS, "sbc-community-safety", role="comms")
    sign_in(client, COMMS)
    return client
