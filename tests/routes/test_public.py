import pytest

from app.web.signals import exit_requested


def test_home_page(get_html):
    page = get_html("/")
    assert page.h1 == "So Safe Stevenage"
    assert page.soup.html["lang"] == "en"
    assert page.soup.select_one("a.govuk-skip-link[href='#main-content']")
    assert page.soup.find("main", id="main-content")
    nav = [a.get_text(strip=True) for a in page.soup.select(".govuk-service-navigation__link")]
    assert nav == ["Report", "Get help", "Campaigns"]
    footer_links = {a["href"] for a in page.soup.select("footer a")}
    assert {"/privacy", "/accessibility", "/cookies"} <= footer_links
    assert "crown" not in page.response.get_data(as_text=True).lower()


def test_home_page_has_the_exit_button_and_sets_no_cookie(client):
    response = client.get("/")
    assert "govuk-exit-this-page" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


@pytest.fixture
def exits(app):
    """The sessions /exit told other areas to forget."""
    received = []

    def on_exit(sender, session):
        received.append(session)

    exit_requested.connect(on_exit)
    yield received
    exit_requested.disconnect(on_exit)


# No header: a browser too old to send it, or plain HTTP (see the view's docstring).
@pytest.mark.parametrize("fetch_site", ["same-origin", "none", None])
def test_exit_clears_the_session_and_leaves_for_a_neutral_site(client, exits, fetch_site):
    with client.session_transaction() as session:
        session["draft_id"] = "abc"
    headers = {"Sec-Fetch-Site": fetch_site} if fetch_site else {}
    response = client.get("/exit", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Clear-Site-Data"] == '"cookies", "storage"'
    assert exits == [{"draft_id": "abc"}]
    with client.session_transaction() as session:
        assert dict(session) == {}


@pytest.mark.parametrize("fetch_site", ["cross-site", "same-site"])
def test_exit_from_another_site_leaves_but_forgets_nothing(client, exits, fetch_site):
    with client.session_transaction() as session:
        session["draft_id"] = "abc"
    response = client.get("/exit", headers={"Sec-Fetch-Site": fetch_site})
    assert response.status_code == 302
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"
    assert "Clear-Site-Data" not in response.headers
    assert "Set-Cookie" not in response.headers
    assert exits == []
    with client.session_transaction() as session:
        assert dict(session) == {"draft_id": "abc"}


def test_exit_goes_where_configured(app, client):
    app.config["EXIT_URL"] = "https://www.example.org/"
    assert client.get("/exit").headers["Location"] == "https://www.example.org/"


def test_exit_this_page_block_renders_when_switched_on(app):
    from flask import render_template_string

    with app.test_request_context("/"):
        html = render_template_string(
            "{% set exit_this_page = true %}{% extends 'layouts/base.html' %}"
            "{% block title %}T{% endblock %}"
        )
    assert 'data-module="govuk-exit-this-page"' in html
    assert 'href="/exit"' in html
    assert "govuk-js-exit-this-page-skiplink" in html


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_503_when_the_database_is_unreachable(tmp_path):
    from app import create_app

    app = create_app({"ENVIRONMENT": "testing",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/x.db"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_the_home_page_leads_people_who_have_reported_to_their_updates(seeded_app, get_html):
    link = get_html("/").soup.find("a", href="/follow-up")
    assert link.get_text() == "Already reported? Check for updates"
