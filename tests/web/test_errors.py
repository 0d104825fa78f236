import pytest

from tests.routes_catalogue import ERROR_CODES


@pytest.mark.parametrize("code", ERROR_CODES)
def test_error_pages_are_friendly_and_point_to_help(error_routes, get_html, code):
    page = get_html(f"/_test/error/{code}", status=code)
    text = page.text()
    assert page.h1
    assert "999" in text and "press 55" in text
    assert page.soup.find("a", href="/")
    assert "Traceback" not in text


def test_an_unexpected_error_shows_the_friendly_page_and_no_trace(error_routes, get_html):
    page = get_html("/_test/crash", status=500)
    assert page.h1 == "Sorry, there is a problem with the service"
    assert "secret stack trace" not in page.text()
    assert "Traceback" not in page.text()


def test_unknown_page_is_a_friendly_404(get_html):
    page = get_html("/no-such-page", status=404)
    assert page.h1 == "Page not found"


def test_method_not_allowed_is_friendly(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "This page cannot do that" in response.get_data(as_text=True)
