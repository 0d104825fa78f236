"""axe-core over every public page and every error page, at a phone's size, in Chromium.

Pages are found from the URL map (tests/routes_catalogue.py), so a new page is checked
without anyone remembering to add it. Each page must also make no request to another site.
"""

import pytest

from tests.routes_catalogue import ERROR_CODES, public_get_urls

pytestmark = pytest.mark.browser


def test_every_public_page_passes_axe_at_phone_size(seeded_app, error_routes, phone,
                                                    assert_accessible):
    urls = public_get_urls(seeded_app) + [f"/_test/error/{code}" for code in ERROR_CODES]
    assert "/" in urls
    for url in urls:
        phone.goto(url)
        assert phone.title().endswith("– So Safe Stevenage"), url
        assert_accessible(phone, url)
    assert phone.third_party_requests == []


def test_exit_this_page_shift_three_times_leaves(seeded_app, phone, live_server):
    from flask import render_template_string

    def exit_demo():
        return render_template_string(
            "{% set exit_this_page = true %}{% extends 'layouts/base.html' %}"
            "{% block title %}Exit demo{% endblock %}"
            "{% block content %}<h1 class='govuk-heading-l'>Exit demo</h1>{% endblock %}"
        )

    seeded_app.add_url_rule("/_test/exit-demo", view_func=exit_demo)
    phone.goto("/_test/exit-demo")
    if not phone.evaluate("document.body.classList.contains('govuk-frontend-supported')"):
        pytest.fail("GOV.UK Frontend JavaScript did not start")
    with phone.expect_request(lambda request: "bbc.co.uk/weather" in request.url) as left:
        for _ in range(3):
            phone.keyboard.press("Shift")
    assert left.value.redirected_from.url.endswith("/exit")


def test_the_sweep_runs_best_practice_rules_too(seeded_app, phone, assert_accessible):
    """A paragraph outside every landmark breaks only axe's best-practice "region" rule."""
    from flask import render_template_string

    seeded_app.add_url_rule("/_test/outside-landmarks", view_func=lambda: render_template_string(
        "{% extends 'layouts/base.html' %}{% block title %}Outside{% endblock %}"
        "{% block footer %}<p>Outside every landmark</p>{% endblock %}"
        "{% block content %}<h1 class='govuk-heading-l'>Outside</h1>{% endblock %}"))
    phone.goto("/_test/outside-landmarks")
    with pytest.raises(AssertionError, match="region"):
        assert_accessible(phone)
