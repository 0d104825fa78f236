"""The browser fixtures: the test app served on loopback, Debian's Chromium driven by
Playwright at a phone's size (every third-party request recorded and blocked), and
axe-core for WCAG A/AA checks. Without Chromium every test using them skips, naming the
package. tests/conftest.py loads this module for the whole suite (``pytest_plugins``), so
the browser tests and the production tests share one Chromium a run.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 375, "height": 740}

@pytest.fixture
def live_server(app):
    """Serves the test app on a free loopback port for the browser."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.skip(f"browser tests need Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_phone(browser, base_url: str, **options):
    """A Playwright page the size of a small phone on ``base_url``, with every request to
    another host recorded (and blocked) in ``page.third_party_requests``. Close its
    ``page.context`` when done."""
    return open_page(browser, base_url, viewport=PHONE, is_mobile=True, **options)


def open_page(browser, base_url: str, **options):
    """``open_phone`` at any size (``viewport``): a desktop's, say."""
    context = browser.new_context(base_url=base_url, **options)
    page = context.new_page()
    page.third_party_requests = []

    def guard(route):
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            page.third_party_requests.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return page


@pytest.fixture
def phone(browser, live_server):
    page = open_phone(browser, live_server)
    yield page
    page.context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# Every rule axe runs by default: WCAG A/AA and best practice (landmarks, heading order...).
AXE_OPTIONS = {"resultTypes": ["violations"]}


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core on the page as it is now; fail listing every violation, best practice
    included."""

    def check(page, label: str = ""):
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        detail = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} at "
            + ", ".join(str(n["target"]) for n in v["nodes"][:3])
            for v in violations
        )
        assert not violations, f"axe violations on {label or page.url}:\n{detail}"

    return check
