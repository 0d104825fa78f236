"""Campaign pages: the lead image, the key fact with its source, event dates, one primary
action, and what a film page says while its video is still to come."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from app.core import clock
from app.core.content_files import SeedError
from app.extensions import db
from app.pages import sources as pages
from app.pages.models import PageImage
from app.seeding import seed_all
from tests.conftest import Page as HtmlPage
from tests.content_fixtures import write_fixture_content
from tests.routes.test_publishing import editor_fields, page_id, publish, save

PARTS = """---
slug: {slug}
title: Lit streets
summary: Brighter streets in the Old Town.
section: {section}
runs_from: 2026-11-25
runs_until: 2026-12-10
lead_image: {{src: the-orphan-still.jpg, alt: A film strip}}
key_fact:
  text: One in five children in the UK experience domestic abuse.
  source: A cited source
  url: https://www.example.org/fact
events:
  - {{date: 2026-11-25, text: The walk}}
  - {{date: 2026-12-01, text: A stall at the market}}
action: {{text: Report a problem, href: /report}}
---
## Signs to look out for

Dark corners.
"""


def parse(tmp_path: Path, text: str, slug: str = "lit-streets") -> pages.PageSource:
    path = tmp_path / f"{slug}.md"
    path.write_text(text)
    return pages.parse_page(path)


@pytest.fixture
def content(app, tmp_path):
    directory = write_fixture_content(tmp_path / "content")
    (directory / "pages" / "lit-streets.md").write_text(
        PARTS.format(slug="lit-streets", section="campaign"))
    app.config["CONTENT_DIR"] = str(directory)
    with app.app_context():
        seed_all(directory)
    return directory


def primary_buttons(page: HtmlPage) -> list:
    return [b for b in page.soup.select("main .govuk-button")
            if "govuk-exit-this-page__button" not in b["class"]]


# --- reading the front matter --------------------------------------------------------------

def test_the_parts_are_read_into_the_revision_settings(app, tmp_path):
    with app.app_context():
        settings = parse(tmp_path, PARTS.format(slug="lit-streets",
                                                section="campaign")).settings
    assert settings["lead_image"] == {"src": "the-orphan-still.jpg", "alt": "A film strip",
                                      "width": 640, "height": 360}
    assert settings["key_fact"]["url"] == "https://www.example.org/fact"
    assert settings["events"][1] == {"date": "2026-12-01", "text": "A stall at the market"}
    assert settings["action"] == {"text": "Report a problem", "href": "/report"}


@pytest.mark.parametrize(("change", "line", "message"), [
    (("href: /report", "href: https://elsewhere.example"), 16, "an address on this site"),
    (("href: /report", "href: //elsewhere.example"), 16, "an address on this site"),
    (("src: the-orphan-still.jpg", "src: missing.jpg"), 8, "not an image"),
    (("src: the-orphan-still.jpg", "src: ../secret.jpg"), 8, "image file name"),
    (("src: the-orphan-still.jpg", "src: /media/99.jpg"), 8, "was not uploaded here"),
    (("  source: A cited source\n", ""), 9, "key_fact 'source' is missing"),
    (("2026-12-01", "soon"), 13, "should be a date"),
    (("2026-12-01", "2026-12-01 10:00"), 13, "should be a date"),
    (("url: https://www.example.org/fact", "url: javascript:alert(1)"), 12,
     "should start with https://"),
    (("section: campaign", "section: help"), 8, "is for campaign pages"),
])
def test_a_bad_part_is_refused_on_its_line(app, tmp_path, change, line, message):
    text = PARTS.format(slug="lit-streets", section="campaign").replace(*change)
    with app.app_context(), pytest.raises(SeedError) as error:
        parse(tmp_path, text)
    assert message in error.value.message
    assert error.value.line == line, error.value


# --- what a reader sees --------------------------------------------------------------------

def test_a_campaign_shows_its_parts(content, get_html):
    page = get_html("/campaigns/lit-streets")
    image = page.soup.select_one("main img.app-lead-image")
    assert image["alt"] == "A film strip" and image["width"] == "640"
    assert re.fullmatch(r"/static/dist/the-orphan-still-[0-9a-f]{8}\.jpg", image["src"])
    fact = page.soup.select_one(".app-key-fact")
    assert "One in five children" in fact.get_text()
    assert fact.find("a", href="https://www.example.org/fact").get_text() == "A cited source"
    days = [(t["datetime"], t.get_text()) for t in page.soup.select(".app-event-list time")]
    assert days == [("2026-11-25", "25 November 2026"), ("2026-12-01", "1 December 2026")]
    when = page.soup.find("strong", string="When:").parent
    assert [t["datetime"] for t in when.select("time")] == ["2026-11-25", "2026-12-10"]
    assert " ".join(when.get_text().split()) == "When: 25 November to 10 December 2026"
    [button] = primary_buttons(page)
    assert button.get_text(strip=True) == "Report a problem" and button["href"] == "/report"


def test_every_seeded_campaign_has_one_primary_action(seeded_app, get_html, monkeypatch):
    # Inside the 16 Days page's publishing dates.
    monkeypatch.setattr(clock, "current_time", lambda: datetime(2026, 11, 26, tzinfo=UTC))
    for slug in ("16-days-of-activism", "safer-routes", "the-orphan", "online-fraud",
                 "cuckooing"):
        page = get_html(f"/campaigns/{slug}")
        assert len(primary_buttons(page)) == 1, slug
        assert page.soup.select_one(".app-key-fact") or slug == "safer-routes", slug


def test_a_film_still_to_come_says_so_and_nothing_about_a_player(seeded_app, get_html):
    page = get_html("/campaigns/the-orphan")
    main = page.soup.find("main")
    text = " ".join(main.get_text(" ").split())
    assert "The film is coming" in text
    for player_words in ("press play", "Play video", "player", "YouTube loads",
                         "Watching the film", "Before you watch"):
        assert player_words not in text, player_words
    signs = main.find("a", string="read the signs to look out for")
    assert main.find(id=signs["href"].removeprefix("#")).name == "h2"
    assert main.find("a", string="find help")["href"] == "/get-help?need=exploitation#services"
    assert page.soup.select_one("img.app-video-placeholder__image") is None


def test_a_film_with_its_video_offers_the_player_and_says_how_it_loads(content, get_html):
    page = get_html("/campaigns/film-night")
    text = " ".join(page.soup.find("main").get_text(" ").split())
    assert "Nothing from YouTube loads until you press play" in text
    assert "The film is coming" not in text
    assert page.soup.select_one('[data-module="app-video-placeholder"]')
    assert page.soup.select_one("img.app-lead-image") is None


# --- the editor ----------------------------------------------------------------------------

def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 27), "navy").save(out, "PNG")
    return out.getvalue()


def test_comms_choose_an_uploaded_image_as_the_lead_image(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    comms.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(png_bytes()), "lights.png"),
        "alt": "New street lights on Julians Road"}, content_type="multipart/form-data")
    editor = HtmlPage(comms.get(f"/staff/pages/{pid}/edit"))
    choices = {i["value"]: i.find_next("label").get_text(strip=True)
               for i in editor.soup.select("input[name=lead_image]")}
    assert choices[""] == "No lead image"
    [image_id] = [value for value in choices if value]
    assert choices[image_id] == "New street lights on Julians Road"

    fields = editor_fields(editor)
    assert save(comms, pid, fields | {"lead_image": "999"}).status_code == 400
    save(comms, pid, fields | {"lead_image": image_id, "lead_image_alt": ""})
    publish(comms, pid)
    image = HtmlPage(comms.get("/campaigns/safer-routes")).soup.select_one("img.app-lead-image")
    with seeded_app.app_context():
        token = db.session.get(PageImage, int(image_id)).token
    assert image["src"] == f"/media/{token}.jpg"  # re-encoded on upload
    assert image["alt"] == "New street lights on Julians Road"
    assert (image["width"], image["height"]) == ("48", "27")

    fields = editor_fields(HtmlPage(comms.get(f"/staff/pages/{pid}/edit")))
    assert fields["lead_image"] == image_id
    save(comms, pid, fields | {"lead_image_alt": "Julians Road at night, now well lit"})
    publish(comms, pid)
    image = HtmlPage(comms.get("/campaigns/safer-routes")).soup.select_one("img.app-lead-image")
    assert image["alt"] == "Julians Road at night, now well lit"

    save(comms, pid, editor_fields(HtmlPage(comms.get(f"/staff/pages/{pid}/edit")))
         | {"lead_image": ""})
    publish(comms, pid)
    assert not HtmlPage(comms.get("/campaigns/safer-routes")).soup.select("img.app-lead-image")


def test_the_parts_go_back_to_files_and_come_back_the_same(content, app, tmp_path):
    from app.pages.export import export_pages

    with app.app_context():
        export_pages(tmp_path / "out")
        original = pages.parse_page(Path(content) / "pages" / "lit-streets.md")
        exported = pages.parse_page(tmp_path / "out" / "pages" / "lit-streets.md")
    assert exported.settings == original.settings


def test_an_uploaded_lead_image_goes_back_to_its_file_too(seeded_app, comms, tmp_path):
    from app.pages.export import export_pages

    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    comms.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(png_bytes()), "lights.png"), "alt": "New street lights"},
        content_type="multipart/form-data")
    fields = editor_fields(HtmlPage(comms.get(f"/staff/pages/{pid}/edit")))
    save(comms, pid, fields | {"lead_image": "1"})
    publish(comms, pid)
    with seeded_app.app_context():
        export_pages(tmp_path)
        source = pages.parse_page(tmp_path / "pages" / "safer-routes.md")
        token = db.session.get(PageImage, 1).token
    assert source.settings["lead_image"] == {"src": f"/media/{token}.jpg",
                                             "alt": "New street lights",
                                             "width": 48, "height": 27}


def test_help_pages_have_no_lead_image_field(seeded_app, comms):
    pid = page_id(seeded_app, "domestic-abuse")
    editor = HtmlPage(comms.get(f"/staff/pages/{pid}/edit"))
    assert editor.soup.select_one("textarea[name=body]"), "the editor opened"
    assert editor.soup.select("input[name=lead_image]") == []


@pytest.mark.browser
@pytest.mark.parametrize("url", ["/campaigns/lit-streets", "/campaigns/film-later"])
def test_campaign_parts_are_accessible_on_a_phone(content, phone, assert_accessible, url):
    phone.goto(url)
    assert_accessible(phone, url)
    assert phone.third_party_requests == []
