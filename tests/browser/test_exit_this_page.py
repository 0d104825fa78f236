"""Exit this page wherever someone may need to leave quickly: the home page, every report
and follow-up page, every help page, and the campaigns about domestic abuse and cuckooing
(docs/product.md, the promises to the people who report)."""

from datetime import UTC, datetime

import pytest

from app.core import clock
from tests.routes_catalogue import public_get_urls

# Inside the 16 Days page's publishing dates (content/pages/16-days-of-activism.md).
DURING_16_DAYS = datetime(2026, 11, 26, 12, tzinfo=UTC)
CAMPAIGNS_WITH_EXIT = ("/campaigns/16-days-of-activism", "/campaigns/cuckooing")
PREFIXES_WITH_EXIT = ("/report", "/follow-up", "/get-help")


def urls_with_exit(app) -> list[str]:
    found = [url for url in public_get_urls(app) if url.startswith(PREFIXES_WITH_EXIT)]
    return ["/", *CAMPAIGNS_WITH_EXIT, *found]


@pytest.fixture
def during_16_days(monkeypatch):
    monkeypatch.setattr(clock, "current_time", lambda: DURING_16_DAYS)


def test_the_pages_that_need_it_are_all_listed(seeded_app):
    urls = urls_with_exit(seeded_app)
    for expected in ("/", "/report", "/report/stalking-or-harassment",
                     "/report/hate-crime/danger-now", "/follow-up", "/get-help",
                     "/get-help/domestic-abuse", "/get-help/hate-crime"):
        assert expected in urls


def test_every_page_that_needs_it_has_the_button_and_its_skip_link(seeded_app, get_html,
                                                                    during_16_days):
    for url in urls_with_exit(seeded_app):
        response_page = get_html(url, follow_redirects=True)
        soup = response_page.soup
        assert soup.select_one("main [data-module='govuk-exit-this-page']"), url
        skip = soup.select("header a.govuk-skip-link")
        assert skip[0]["href"] == "/exit" and "Exit this page" in skip[0].get_text(), url


def test_pages_without_a_reason_to_leave_quickly_do_not_have_it(seeded_app, get_html):
    for url in ("/campaigns/safer-routes", "/campaigns", "/about"):
        assert not get_html(url).soup.select(".govuk-exit-this-page"), url


@pytest.mark.browser
def test_shift_pressed_three_times_leaves_each_page(seeded_app, phone, live_server,
                                                   during_16_days):
    for url in urls_with_exit(seeded_app):
        # A fresh tab for each page: the last one is left on the other site's error page.
        tab = phone.context.new_page()
        tab.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(live_server) else route.abort())
        tab.goto(url)
        assert tab.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        with tab.expect_request(lambda request: "bbc.co.uk/weather" in request.url) as left:
            for _ in range(3):
                tab.keyboard.press("Shift")
        assert left.value.redirected_from.url.endswith("/exit"), url
        tab.close()
