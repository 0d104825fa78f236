"""Campaign, help and information pages as the public sees them, and their HTTP caching."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.pages.models import Page, PageRevision
from app.pages.sources import parse_page
from app.seeding import seed_all
from app.web.http_cache import CONTENT_MAX_AGE
from tests.content_fixtures import VIDEO_ID, write_fixture_content
from tests.routes_catalogue import SAMPLE_ARGUMENTS

CONTENT_URLS = [
    "/", "/campaigns", "/campaigns/winter-walk", "/campaigns/film-night", "/get-help",
    "/get-help?need=fraud", "/get-help?show=all", "/get-help/domestic-abuse",
    "/get-help/staying-safe-online",
    "/about", "/privacy", "/accessibility", "/cookies", "/in-numbers",
]


@pytest.fixture
def content(app, tmp_path):
    directory = write_fixture_content(tmp_path / "content")
    app.config["CONTENT_DIR"] = str(directory)
    with app.app_context():
        seed_all(directory)
    return directory


def exit_button(page):
    return page.soup.select_one('[data-module="govuk-exit-this-page"]')


# --- what each page shows ----------------------------------------------------------------

@pytest.mark.parametrize("url", CONTENT_URLS)
def test_every_content_page_answers(content, get_html, url):
    page = get_html(url)
    assert page.h1


@pytest.mark.parametrize("url", [
    "/campaigns/next-year", "/campaigns/last-year", "/campaigns/domestic-abuse",
    "/get-help/winter-walk", "/get-help/nothing-here", "/campaigns/about",
])
def test_pages_not_live_or_in_another_section_are_not_found(content, get_html, url):
    assert get_html(url, status=404).h1 == "Page not found"


def test_a_scheduled_page_appears_when_its_day_comes(content, client, monkeypatch):
    assert client.get("/campaigns/next-year").status_code == 404
    monkeypatch.setattr(clock, "current_time", lambda: datetime(2999, 1, 1, tzinfo=UTC))
    assert client.get("/campaigns/next-year").status_code == 200


def test_a_campaign_page(content, get_html):
    page = get_html("/campaigns/winter-walk")
    assert page.title == "Winter walk – So Safe Stevenage"
    assert page.h1 == "Winter walk"
    assert page.soup.find("meta", attrs={"name": "description"})["content"] == (
        "A walk against domestic abuse.")
    assert "When: 25 November to 10 December 2026" in page.text()
    assert page.soup.find("h2", id="what-happens")
    assert page.soup.select_one("td.govuk-table__cell--numeric").get_text() == "12"
    assert exit_button(page), "the file asks for Exit this page"
    help_link = page.soup.find("a", string="Find services that can help")
    assert help_link["href"] == "/get-help?need=domestic-abuse#services"


def test_a_campaign_without_exit_this_page(content, get_html):
    page = get_html("/campaigns/film-night")
    assert exit_button(page) is None
    assert page.soup.find("a", href="https://www.example.org/county-lines")["rel"] == [
        "noopener", "noreferrer"]


def test_the_campaign_list_and_the_home_page_list_live_campaigns(content, get_html,
                                                                 monkeypatch):
    monkeypatch.setattr(clock, "current_time", lambda: datetime(2026, 12, 1, tzinfo=UTC))
    listed = [a.get_text() for a in get_html("/campaigns").soup.select("main h2 a")]
    assert listed == ["Film night", "Winter walk", "Film to come"]
    home = get_html("/")
    links = [a["href"] for a in home.soup.select("main a") if "/campaigns/" in a["href"]]
    assert links == ["/campaigns/film-night", "/campaigns/winter-walk"]


def test_the_home_page_gets_domestic_abuse_victims_to_sada(content, get_html):
    page = get_html("/")
    sada = page.soup.find("a", href="tel:01438242666")
    assert sada.get_text() == "01438 242666"
    assert "SADA (Survivors Against Domestic Abuse)" in sada.parent.get_text()
    assert page.soup.find("a", href="/get-help/domestic-abuse")
    assert page.soup.find("a", href="tel:999")  # the emergency numbers
    assert {"/report", "/get-help", "/campaigns"} <= {a["href"] for a in page.soup.select("main a")}


@pytest.mark.parametrize("url", ["/get-help", "/get-help/domestic-abuse",
                                 "/get-help/staying-safe-online", "/get-help?need=hate"])
def test_every_help_page_opens_with_emergency_guidance_and_has_exit_this_page(
        content, get_html, url):
    page = get_html(url)
    assert exit_button(page)
    assert page.soup.select_one("a.govuk-js-exit-this-page-skiplink[href='/exit']")
    main = page.soup.find("main")
    first_section = main.find(["h2", "div"], class_=["app-emergency", "govuk-heading-m",
                                                    "govuk-heading-l"])
    assert "app-emergency" in first_section["class"], "emergency guidance comes first"
    text = first_section.get_text(" ", strip=True)
    assert "999" in text and "55" in text and "Silent Solution" in text


def test_the_help_directory_shows_only_verified_services_with_dialling_links(content,
                                                                             get_html):
    page = get_html("/get-help?show=all")
    names = [h.get_text() for h in page.soup.select(".app-help-service__title")]
    assert names == ["SADA (Survivors Against Domestic Abuse)", "Report Fraud",
                     "Report a scam text"]
    assert "Unconfirmed helpline" not in page.text() and "0800 000 0000" not in page.text()
    fraud = page.soup.find(id="service-report-fraud")
    phone = fraud.find("a", href="tel:03001232040")
    assert phone.get_text() == "0300 123 2040"
    assert "(free)" in phone.parent.get_text()
    assert "Open: Monday to Friday 8am to 8pm" in fraud.get_text()
    assert fraud.find("a", href="https://reportfraud.police.uk").get_text() == (
        "reportfraud.police.uk")
    texts = page.soup.find(id="service-scam-texts")
    assert "Text: 7726" in texts.get_text(" ", strip=True)
    assert texts.find("a", href="mailto:report@phishing.gov.uk")
    assert "Who it is for: People affected by domestic abuse." in page.soup.find(
        id="service-sada").get_text(" ", strip=True)


def test_the_help_directory_leads_with_what_people_need(content, get_html):
    page = get_html("/get-help")
    assert page.soup.find("h2", id="services").get_text() == "What do you need help with?"
    assert page.soup.select(".app-help-service") == [], "no services before a need is chosen"
    needs = [(a.get_text(), a["href"]) for a in page.soup.select("#services + ul a")]
    assert needs[0] == ("Domestic abuse", "/get-help?need=domestic-abuse#services")
    assert len(needs) == 10
    assert page.soup.find("a", string="See all 3 services")["href"] == (
        "/get-help?show=all#services")


def test_a_need_shows_its_few_services_without_javascript(content, get_html):
    page = get_html("/get-help?need=fraud&need=not-a-need")
    names = [h.get_text() for h in page.soup.select(".app-help-service__title")]
    assert names == ["Report Fraud", "Report a scam text"]
    assert page.soup.find("h2", id="services").get_text() == "Fraud and scams"
    assert "2 services can help." in page.text()
    assert page.soup.find("a", string="Choose something else")["href"] == "/get-help"
    assert page.soup.find("a", string="see all 3 services")["href"] == (
        "/get-help?show=all#services")
    several = get_html("/get-help?need=fraud&need=domestic-abuse")
    assert len(several.soup.select(".app-help-service")) == 3
    assert several.soup.find("h2", id="services").get_text() == "Domestic abuse, Fraud and scams"


def test_the_help_pages_are_reached_from_the_help_index(content, get_html):
    """A help page about a need is offered with that need's services; the others are
    listed before any need is chosen."""
    page = get_html("/get-help")
    hrefs = [a["href"] for a in page.soup.select("main ul a[href^='/get-help/']")]
    assert hrefs == ["/get-help/staying-safe-online"]
    chosen = get_html("/get-help?need=domestic-abuse")
    assert chosen.soup.select_one("main a[href='/get-help/domestic-abuse']").get_text() == (
        "Domestic abuse")


def test_a_help_page_points_to_its_needs_in_the_directory(content, get_html):
    page = get_html("/get-help/domestic-abuse")
    assert page.soup.find("a", href="/get-help?need=domestic-abuse#services")
    assert page.soup.find("a", href="tel:01438242666")


@pytest.mark.parametrize(("url", "title"), [
    ("/about", "About us"), ("/privacy", "Privacy notice"),
    ("/accessibility", "Accessibility statement"), ("/cookies", "Cookies"),
])
def test_information_pages(content, get_html, url, title):
    page = get_html(url)
    assert page.h1 == title and page.title == f"{title} – So Safe Stevenage"
    assert exit_button(page) is None


def test_the_about_page_links_to_members_websites(content, get_html):
    page = get_html("/about")
    link = page.soup.find("a", string="Stevenage Borough Council")
    assert link["href"] == "https://www.stevenage.gov.uk"


# --- the video ----------------------------------------------------------------------------

def test_the_video_is_a_placeholder_that_loads_nothing_from_youtube(content, get_html):
    page = get_html("/campaigns/film-night")
    placeholder = page.soup.select_one('[data-module="app-video-placeholder"]')
    assert placeholder["data-video-id"] == VIDEO_ID
    assert placeholder["data-video-title"] == "The Film"
    still = placeholder.find("img")
    assert still["src"].startswith("/static/images/") and still["alt"] == ""
    button = placeholder.find("button")
    assert button.get_text(strip=True) == "Play video from YouTube (YouTube may set cookies)"
    # Without JavaScript: a plain link, with the title and the duration.
    link = page.soup.find("a", href=f"https://www.youtube.com/watch?v={VIDEO_ID}")
    assert "The Film (12 minutes)" in link.parent.get_text(" ", strip=True)
    # Nothing on the page would fetch from another site.
    for tag in page.soup.find_all(["img", "iframe", "script", "link", "source", "video"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not re.match(r"^(https?:)?//", url), f"{tag.name} loads {url}"


def test_only_the_video_page_may_frame_youtube_nocookie(content, client):
    policy = client.get("/campaigns/film-night").headers["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com;" in policy
    for url in ("/campaigns/winter-walk", "/campaigns/film-later", "/get-help", "/"):
        assert "frame-src 'none'" in client.get(url).headers["Content-Security-Policy"], url


def test_a_video_still_to_be_confirmed_is_not_offered(content, get_html):
    page = get_html("/campaigns/film-later")
    assert page.soup.select_one('[data-module="app-video-placeholder"]') is None
    assert "youtube" not in page.response.get_data(as_text=True).lower()


# --- HTTP caching and cookies -------------------------------------------------------------

@pytest.mark.parametrize("url", CONTENT_URLS)
def test_content_pages_are_cacheable_and_set_no_cookie(content, client, url):
    # Even for someone part-way through a report, whose session is permanent.
    with client.session_transaction() as session:
        session["draft_id"] = "a-draft"
        session.permanent = True
    first = client.get(url)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert "Cookie" not in first.headers.get("Vary", "")
    etag = first.headers["ETag"]
    assert etag.startswith('W/"')
    assert first.cache_control.public and first.cache_control.max_age == CONTENT_MAX_AGE

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""
    assert again.headers["ETag"] == etag
    assert "Set-Cookie" not in again.headers
    # The cached body keeps the policy that came with it (see app/web/security.py).
    assert "Content-Security-Policy" not in again.headers

    other = client.get(url, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_every_200_is_the_same_bytes_under_the_same_etag(content, client):
    first, second = client.get("/about"), client.get("/about")
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.get_data() == second.get_data()
    assert first.headers["Content-Security-Policy"] == second.headers["Content-Security-Policy"]


def test_a_new_revision_changes_the_etag(app, content, client):
    before = client.get("/campaigns/winter-walk").headers["ETag"]
    path = Path(content) / "pages" / "winter-walk.md"
    path.write_text(path.read_text().replace("Old Town", "New Town"))
    with app.app_context():
        seed_all(content)
    response = client.get("/campaigns/winter-walk", headers={"If-None-Match": before})
    assert response.status_code == 200 and "New Town" in response.get_data(as_text=True)
    assert response.headers["ETag"] != before


def test_a_help_directory_change_changes_the_etag(app, content, client):
    before = client.get("/get-help?need=fraud").headers["ETag"]
    path = Path(content) / "help_services.yaml"
    path.write_text(path.read_text().replace("Monday to Friday 8am to 8pm",
                                             "Monday to Friday 8am to 6pm"))
    with app.app_context():
        seed_all(content)
    assert client.get("/get-help?need=fraud",
                      headers={"If-None-Match": before}).status_code == 200


def test_an_alert_banner_changes_the_etag(app, content, client):
    from app.pages.models import AlertBanner

    before = client.get("/about").headers["ETag"]
    with app.app_context():
        db.session.add(AlertBanner(message="Roadworks on the route", active=True))
        db.session.commit()
    assert client.get("/about").headers["ETag"] != before


def test_a_page_about_to_be_unpublished_is_cached_only_until_then(app, content, client,
                                                                   monkeypatch):
    now = datetime(2026, 12, 31, 23, 58, tzinfo=UTC)
    monkeypatch.setattr(clock, "current_time", lambda: now)
    with app.app_context():
        page = db.session.scalar(sa.select(Page).filter_by(slug="winter-walk"))
        page.unpublish_at = now + timedelta(seconds=90)
        db.session.commit()
    assert client.get("/campaigns/winter-walk").cache_control.max_age == 90


def test_a_content_page_that_reads_the_session_is_not_shared(app, content, client):
    from flask import render_template_string, session

    from app.web.http_cache import cached_page

    def touches_session():
        return cached_page(lambda: render_template_string("{{ current_user.is_authenticated }}"
                                                          + session.get("x", "")))

    app.add_url_rule("/_test/touches-session", view_func=touches_session)
    response = client.get("/_test/touches-session")
    assert response.cache_control.private and not response.cache_control.public


def test_pages_never_rendered_per_request(app, content, client, monkeypatch):
    """The stored HTML is served as it is: the renderer is not called for a request."""
    from app.pages import rendering

    def fail(*args, **kwargs):
        raise AssertionError("rendered markdown during a request")

    monkeypatch.setattr(rendering, "render", fail)
    assert client.get("/campaigns/winter-walk").status_code == 200


# --- the partnership's real content -------------------------------------------------------

REAL_PAGES = sorted((Path(__file__).resolve().parents[2] / "content" / "pages").glob("*.md"))
URL_FOR_SECTION = {"campaign": "/campaigns/{}", "help": "/get-help/{}", "info": "/{}"}
EXIT_THIS_PAGE_REQUIRED = {"16-days-of-activism", "domestic-abuse", "stalking-and-harassment"}


@pytest.mark.parametrize("path", REAL_PAGES, ids=[p.stem for p in REAL_PAGES])
def test_every_real_page_answers_while_it_is_published(seeded_app, get_html, monkeypatch,
                                                      path):
    with seeded_app.app_context():
        source = parse_page(path)
    if source.publish_at:  # look at it on a day it is published
        monkeypatch.setattr(clock, "current_time", lambda: source.publish_at)
    page = get_html(URL_FOR_SECTION[source.section].format(source.slug))
    assert page.h1 == source.title
    if source.section == "help" or source.slug in EXIT_THIS_PAGE_REQUIRED:
        assert exit_button(page), f"{source.slug} needs Exit this page"


def test_the_catalogue_visits_every_real_campaign_and_help_page(seeded_app):
    with seeded_app.app_context():
        live = {(p.section, p.slug) for p in db.session.scalars(sa.select(Page))}
    sampled = {("campaign", a["slug"]) for a in SAMPLE_ARGUMENTS["campaigns.page"]} | {
        ("help", a["slug"]) for a in SAMPLE_ARGUMENTS["help.page"]}
    assert {entry for entry in live if entry[0] != "info"} == sampled


def test_the_real_help_directory_hides_what_is_to_be_confirmed(seeded_app, get_html):
    from app.partnership.models import HelpService

    with seeded_app.app_context():
        hidden = list(db.session.scalars(sa.select(HelpService).filter_by(shown=False)))
    page = get_html("/get-help?show=all")
    assert hidden, "content marks some services to-be-confirmed"
    for service in hidden:
        assert page.soup.find(id=f"service-{service.slug}") is None
    assert page.soup.find(id="service-sada")


def test_stored_revisions_hold_cleaned_html(seeded_app):
    with seeded_app.app_context():
        for revision in db.session.scalars(sa.select(PageRevision)):
            assert "<script" not in revision.body_html.lower()


def test_a_repeat_request_reuses_the_rendered_page(app, content, client):
    from flask import template_rendered

    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    template_rendered.connect(record, app)
    try:
        first, second = client.get("/campaigns/winter-walk"), client.get("/campaigns/winter-walk")
    finally:
        template_rendered.disconnect(record, app)
    assert rendered == ["campaigns/page.html"]
    assert first.get_data() == second.get_data()
