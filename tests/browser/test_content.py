"""Content pages in a phone-sized Chromium: the click-to-load video, no third-party
requests, accessibility of states the sweep does not reach, and a 304 keeping the page's
JavaScript working."""

import pytest

from app.seeding import seed_all
from tests.content_fixtures import VIDEO_ID, write_fixture_content

pytestmark = pytest.mark.browser

NOCOOKIE_EMBED = f"https://www.youtube-nocookie.com/embed/{VIDEO_ID}"


@pytest.fixture
def content(app, tmp_path):
    directory = write_fixture_content(tmp_path / "content")
    with app.app_context():
        seed_all(directory)
    return directory


def frontend_started(page) -> bool:
    return page.evaluate("document.body.classList.contains('govuk-frontend-supported')")


def test_the_video_loads_nothing_from_youtube_until_play_is_pressed(content, phone,
                                                                    assert_accessible):
    phone.goto("/campaigns/film-night")
    if not frontend_started(phone):
        pytest.fail("GOV.UK Frontend JavaScript did not start")
    phone.wait_for_load_state("networkidle")
    assert phone.third_party_requests == []
    assert phone.locator("iframe").count() == 0
    assert_accessible(phone, "video placeholder")

    button = phone.get_by_role("button", name="Play video from YouTube (YouTube may set cookies)")
    with phone.expect_request(lambda request: "youtube-nocookie.com" in request.url):
        button.click()
    iframe = phone.locator("iframe.app-video-placeholder__iframe")
    assert iframe.get_attribute("src").startswith(NOCOOKIE_EMBED)
    assert iframe.get_attribute("title") == "The Film"
    # The policy let the frame through (a blocked frame makes no request), and only that.
    assert phone.third_party_requests
    assert all(url.startswith("https://www.youtube-nocookie.com/")
               for url in phone.third_party_requests), phone.third_party_requests


def test_without_javascript_the_video_is_a_plain_link(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, base_url=live_server,
                                  viewport={"width": 375, "height": 740})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto("/campaigns/film-night")
        assert not page.get_by_role("button", name="Play video from YouTube (YouTube may "
                                    "set cookies)").is_visible()
        link = page.get_by_role("link", name="Watch The Film on YouTube")
        assert link.get_attribute("href") == f"https://www.youtube.com/watch?v={VIDEO_ID}"
        assert all(url.startswith(live_server) for url in requests), requests
    finally:
        context.close()


@pytest.mark.parametrize("url", ["/get-help?need=fraud&need=domestic-abuse",
                                 "/get-help?need=hate", "/get-help?show=all",
                                 "/campaigns/winter-walk"])
def test_states_the_sweep_does_not_reach_are_accessible(content, phone, assert_accessible,
                                                        url):
    phone.goto(url)
    assert_accessible(phone, url)
    assert phone.third_party_requests == []


def test_choosing_a_need_shows_its_services(content, phone):
    phone.goto("/get-help")
    phone.get_by_role("link", name="Fraud and scams").click()
    phone.wait_for_url("**/get-help?need=fraud#services")
    titles = phone.locator(".app-help-service__title").all_inner_texts()
    assert titles == ["Report Fraud", "Report a scam text"]


def test_a_page_revalidated_with_304_keeps_its_javascript(app, browser, live_server,
                                                         content):
    """The phone fixture's request blocking turns the HTTP cache off, so this test uses a
    plain context and checks every request stays on our own host."""
    answered = []  # (status, carries a Content-Security-Policy) as sent on the wire
    inner = app.wsgi_app

    def record(environ, start_response):
        def start(status, headers, exc_info=None):
            has_policy = any(name.lower() == "content-security-policy" for name, _ in headers)
            answered.append((int(status[:3]), has_policy))
            return start_response(status, headers, exc_info)

        return inner(environ, start)

    app.wsgi_app = record

    context = browser.new_context(base_url=live_server, viewport={"width": 375, "height": 740})
    page = context.new_page()
    requests, csp_errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: csp_errors.append(message.text)
            if "Content Security Policy" in message.text else None)
    try:
        page.goto("/about")
        assert frontend_started(page)
        answered.clear()
        page.reload()
        assert frontend_started(page), "the cached page's inline script was blocked"
        assert (304, False) in answered, answered
        assert csp_errors == []
        assert all(url.startswith(live_server) for url in requests), requests
    finally:
        context.close()


def test_the_real_help_index_is_under_three_phone_screens_before_a_need_is_chosen(
        seeded_app, phone):
    phone.goto("/get-help")
    screen = phone.viewport_size["height"]
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height < 3 * screen, f"/get-help is {height} px tall on a {screen} px screen"
    phone.get_by_role("link", name="Domestic abuse").click()
    phone.wait_for_url("**/get-help?need=domestic-abuse#services")
    assert phone.locator(".app-help-service").count() >= 3
    phone.get_by_role("link", name="see all").click()
    phone.wait_for_url("**/get-help?show=all#services")
    with seeded_app.app_context():
        from app.partnership import help_directory

        assert phone.locator(".app-help-service").count() == len(
            help_directory.shown_services())
