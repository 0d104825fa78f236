"""No form control renders ``disabled`` unless a form asked for it, in every environment.

Production once rendered every GOV.UK text input as ``disabled=""`` while the suite, running
in ``testing`` mode, saw enabled ones; so these checks build the app in each environment.
"""

import pytest
from bs4 import BeautifulSoup
from flask import render_template_string

from app.seeding import seed_all
from tests.conftest import app_on
from tests.routes_catalogue import public_get_urls
from tests.web.test_templating import EveryWidget

ENVIRONMENTS = ("production", "development", "testing")
CONTROLS = "input, textarea, select, button"


@pytest.fixture(params=ENVIRONMENTS)
def app_in(request, database_url):
    apps = app_on(database_url, ENVIRONMENT=request.param, SECRET_KEY="k" * 40,
                  RATELIMIT_ENABLED=False, SITE_URL="https://localhost")
    app = next(apps)
    with app.app_context():
        seed_all(app.config["CONTENT_DIR"])
    yield app
    next(apps, None)  # empties the tables


def disabled_controls(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [str(tag)[:120] for tag in soup.select(CONTROLS) if tag.has_attr("disabled")]


def test_every_widget_renders_enabled(app_in):
    with app_in.test_request_context("/", base_url="https://localhost"):
        html = render_template_string(
            "{% for field in form if field.name != 'csrf_token' %}{{ field() }}{% endfor %}",
            form=EveryWidget(),
        )
    assert "govuk-input" in html
    assert disabled_controls(html) == []


def test_a_widget_asked_to_be_disabled_still_is(app_in):
    with app_in.test_request_context("/", base_url="https://localhost"):
        html = render_template_string(
            "{{ form.text(params={'disabled': True}) }}", form=EveryWidget()
        )
    assert len(disabled_controls(html)) == 1


def test_no_page_renders_a_disabled_control(app_in):
    client = app_in.test_client()
    urls = public_get_urls(app_in) + ["/staff/login"]
    found = {}
    for url in urls:
        response = client.get(url, base_url="https://localhost")
        if response.status_code == 200 and response.mimetype == "text/html":
            if bad := disabled_controls(response.get_data(as_text=True)):
                found[url] = bad
    assert found == {}
