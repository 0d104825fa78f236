"""The comms pages through the test client: who may use them, the editor and its preview,
publishing, the conflicting-edit case, rollback, images, the alert banner, and hostile
markdown typed into the editor (the same cases as the renderer's own tests)."""

import io
import re

import sqlalchemy as sa
from PIL import Image

from app.core import clock
from app.extensions import db
from app.pages.models import Page, PageImage, PageRevision
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page as HtmlPage
from tests.pages.test_rendering import HOSTILE, assert_nothing_executable
from tests.publishing_helpers import COMMS, NOW
from tests.staff_helpers import sign_in


def page_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Page.id).filter_by(slug=slug))


def editor_fields(page: HtmlPage) -> dict:
    """Everything the editor form would send as it stands (text fields, checkboxes ticked)."""
    form = page.soup.select_one('form[action$="/edit"], form[action$="/new"]')
    data = {}
    for field in form.select("input, textarea"):
        kind = field.get("type", "text")
        if kind in ("submit", "file") or not field.get("name"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[field["name"]] = field.get("value", "y")
            continue
        data.setdefault(field["name"], [])
        value = field.get_text() if field.name == "textarea" else field.get("value", "")
        data[field["name"]].append(value.removeprefix("\n") if field.name == "textarea"
                                   else value)
    return {k: (v if len(v) > 1 else v[0]) if isinstance(v, list) else v
            for k, v in data.items()}


def open_editor(client, pid: int) -> dict:
    response = client.get(f"/staff/pages/{pid}/edit")
    assert response.status_code == 200
    return editor_fields(HtmlPage(response))


def save(client, pid: int, fields: dict, button: str = "save"):
    return client.post(f"/staff/pages/{pid}/edit", data=fields | {button: "y"})


def publish(client, pid: int):
    page = HtmlPage(client.get(f"/staff/pages/{pid}"))
    data = page.form_data(f'form[action="/staff/pages/{pid}/publish"]')
    return client.post(f"/staff/pages/{pid}/publish", data=data, follow_redirects=True)


def public_text(client, url: str) -> str:
    return HtmlPage(client.get(url)).soup.select_one("main").get_text(" ", strip=True)


# --- who may use them -------------------------------------------------------------------------

STAFF_URLS = ["/staff/pages", "/staff/pages/new", "/staff/pages/{id}", "/staff/pages/{id}/edit",
              "/staff/pages/{id}/schedule", "/staff/pages/{id}/revisions",
              "/staff/pages/{id}/revisions/1", "/staff/pages/{id}/compare?from=1&to=1",
              "/staff/pages/{id}/revisions/1/restore", "/staff/pages/{id}/images",
              "/staff/alert"]


def test_officers_get_403_and_strangers_are_sent_to_sign_in(seeded_app, client):
    pid = page_id(seeded_app, "safer-routes")
    for url in STAFF_URLS:
        response = client.get(url.format(id=pid))
        assert response.status_code == 302 and "/staff/login" in response.location, url
    with seeded_app.app_context():
        factories.staff("officer@sosafe.example.invalid", "sbc-asb", role="officer")
    sign_in(client, "officer@sosafe.example.invalid")
    for url in STAFF_URLS:
        assert client.get(url.format(id=pid)).status_code == 403, url
    token = HtmlPage(client.get("/staff/login", follow_redirects=True)).form_data()["csrf_token"]
    for action in ("publish", "unpublish"):
        response = client.post(f"/staff/pages/{pid}/{action}", data={"csrf_token": token})
        assert response.status_code == 403
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(Page).filter_by(slug="safer-routes")
                                 ).edited_in_browser is False


def test_comms_and_admins_may(seeded_app, comms, get_html):
    page = get_html("/staff/pages")
    assert page.h1 == "Pages"
    rows = {row.select_one("a").get_text(strip=True): row.get_text(" ", strip=True)
            for row in page.soup.select("tbody tr")}
    assert "Published" in rows["Safer Routes"]
    assert "Loaded from content files" in rows["Safer Routes"]
    assert page.response.headers["Cache-Control"] == "no-store"


def test_the_list_shows_status_editor_and_date(seeded_app, comms, get_html):
    pid = page_id(seeded_app, "16-days-of-activism")
    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"title": "16 Days of Activism 2026"})
    rows = {row.select_one("a").get_text(strip=True): row.get_text(" ", strip=True)
            for row in get_html("/staff/pages").soup.select("tbody tr")}
    row = rows["16 Days of Activism 2026"]
    assert "Scheduled" in row  # publish_from 18 November; it is 1 November in this test
    assert "Has changes not published" in row
    today = clock.current_time().astimezone(clock.LONDON).strftime("%-d %B %Y")  # the edit
    assert COMMS in row and today in row


# --- editing, previewing, publishing ----------------------------------------------------------

def test_edit_preview_publish_and_the_reader_sees_it(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    assert fields["title"] == "Safer Routes"
    body = fields["body"] + "\n## Night buses\n\nA new **night bus** stops at the station.\n"

    preview = HtmlPage(save(comms, pid, fields | {"body": body}, button="preview"))
    shown = preview.soup.select_one(".app-preview")
    assert shown.select("strong")[-1].get_text() == "night bus"
    assert shown.find("h2", id="preview-night-buses")
    assert preview.soup.select_one("textarea[name=body]").get_text().strip() == body.strip()
    assert "night bus" not in public_text(comms, "/campaigns/safer-routes")  # not saved

    response = save(comms, pid, fields | {"body": body})
    assert response.status_code == 302
    assert "night bus" not in public_text(comms, "/campaigns/safer-routes")  # not published

    done = HtmlPage(publish(comms, pid))
    assert done.soup.select_one(".govuk-notification-banner__heading").get_text(strip=True) == (
        "Published. Readers see version 2 now.")
    assert "A new night bus stops at the station." in public_text(comms, "/campaigns/safer-routes")
    with seeded_app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEvent.action)
                                          .where(AuditEvent.action.like("page.%"))))
    assert actions == ["page.save", "page.publish"]


def test_preview_works_with_empty_fields_and_saves_nothing(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    page = HtmlPage(save(comms, pid, fields | {"title": "", "body": "Just *this*"}, "preview"))
    assert page.soup.select_one(".app-preview em").get_text() == "this"
    assert not page.soup.select(".govuk-error-summary")
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PageRevision.id))
                                 .filter_by(page_id=pid)) == 1


def test_errors_are_listed_and_what_was_typed_is_kept(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    response = save(comms, pid, fields | {"title": "", "slug": "Not A Slug",
                                          "body": "kept text"})
    page = HtmlPage(response)
    assert response.status_code == 400
    assert page.title.startswith("Error: ")
    summary = [(a.get_text(strip=True), a["href"])
               for a in page.soup.select(".govuk-error-summary a")]
    assert ("Enter a title", "#title") in summary
    assert any(href == "#slug" for _, href in summary)
    assert page.soup.select_one("textarea[name=body]").get_text().strip() == "kept text"


def test_an_expired_form_keeps_the_text_and_saves_nothing(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid) | {"csrf_token": "expired", "body": "Hours of work"}
    page = HtmlPage(save(comms, pid, fields))
    assert page.response.status_code == 400
    assert page.soup.select_one("textarea[name=body]").get_text().strip() == "Hours of work"
    assert page.soup.select_one(".govuk-error-summary")
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PageRevision.id))
                                 .filter_by(page_id=pid)) == 1


def test_a_second_editor_with_an_old_copy_is_refused(seeded_app, comms, client):
    pid = page_id(seeded_app, "safer-routes")
    first = open_editor(comms, pid)
    second = dict(first)  # both opened the editor at version 1
    assert save(comms, pid, first | {"title": "First editor's title"}).status_code == 302

    response = save(comms, pid, second | {"title": "Second editor's title",
                                          "body": "My long careful text"})
    page = HtmlPage(response)
    assert response.status_code == 409
    message = page.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert (f"Someone else saved this page while you were editing it ({COMMS} saved "
            "version 2)") in message
    assert "have not been saved" in message
    # Their text is still in the box to copy.
    assert page.soup.select_one("textarea[name=body]").get_text().strip() == (
        "My long careful text")
    with seeded_app.app_context():
        titles = list(db.session.scalars(sa.select(PageRevision.title).filter_by(page_id=pid)
                                         .order_by(PageRevision.number)))
    assert titles == ["Safer Routes", "First editor's title"]


def test_publishing_an_older_view_of_the_page_is_refused(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    save(comms, pid, open_editor(comms, pid) | {"title": "Checked"})
    stale = HtmlPage(comms.get(f"/staff/pages/{pid}")).form_data(
        f'form[action="/staff/pages/{pid}/publish"]')
    save(comms, pid, open_editor(comms, pid) | {"title": "Newer"})
    page = HtmlPage(comms.post(f"/staff/pages/{pid}/publish", data=stale,
                               follow_redirects=True))
    assert "Someone saved a newer version" in page.text()
    text = public_text(comms, "/campaigns/safer-routes")
    assert "Newer" not in text and "Checked" not in text


def test_create_a_page_then_publish_it(seeded_app, comms):
    page = HtmlPage(comms.get("/staff/pages/new"))
    sections = [i["value"] for i in page.soup.select("input[name=section]")]
    assert sections == ["campaign", "help"]
    data = page.form_data() | {"section": "campaign", "title": "Bike marking",
                               "summary": "Free bike marking.", "slug": "bike-marking",
                               "body": "Come to the **Forum**.", "save": "y"}
    response = comms.post("/staff/pages/new", data=data)
    assert response.status_code == 302
    assert comms.get("/campaigns/bike-marking").status_code == 404
    pid = page_id(seeded_app, "bike-marking")
    publish(comms, pid)
    assert "Come to the Forum ." in public_text(comms, "/campaigns/bike-marking")


def test_a_taken_address_is_refused_when_creating(seeded_app, comms):
    page = HtmlPage(comms.get("/staff/pages/new"))
    data = page.form_data() | {"section": "campaign", "title": "x", "summary": "y",
                               "slug": "cuckooing", "body": "z", "save": "y"}
    result = HtmlPage(comms.post("/staff/pages/new", data=data))
    assert result.response.status_code == 400
    assert "Another page already uses that web address" in result.text()


# --- scheduling and unpublishing --------------------------------------------------------------

def test_schedule_and_unpublish(seeded_app, comms, monkeypatch):
    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/schedule"))
    data = form.form_data() | {"publish_on": ["25", "11", "2026"], "publish_time": "9am",
                               "unpublish_on": ["10", "12", "2026"], "unpublish_time": ""}
    response = comms.post(f"/staff/pages/{pid}/schedule", data=data, follow_redirects=True)
    assert "The page will appear on the date you chose." in HtmlPage(response).text()
    assert comms.get("/campaigns/safer-routes").status_code == 404

    with seeded_app.app_context():
        page = db.session.get(Page, pid)
        assert page.publish_at.isoformat() == "2026-11-25T09:00:00+00:00"
        assert page.unpublish_at.isoformat() == "2026-12-11T00:00:00+00:00"
    # The form shows the dates back as they were chosen.
    again = HtmlPage(comms.get(f"/staff/pages/{pid}/schedule"))
    assert again.soup.select_one("#publish_time")["value"] == "09:00"
    assert again.soup.select_one("#unpublish_on-day")["value"] == "10"
    assert again.soup.select_one("#unpublish_time").get("value", "") == ""

    token = again.form_data()["csrf_token"]
    comms.post(f"/staff/pages/{pid}/unpublish", data={"csrf_token": token})
    with seeded_app.app_context():
        assert db.session.get(Page, pid).unpublish_at == NOW


def test_schedule_errors(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/schedule"))
    data = form.form_data() | {"publish_on": ["25", "11", "2026"], "publish_time": "25 past",
                               "unpublish_on": ["1", "11", "2026"]}
    page = HtmlPage(comms.post(f"/staff/pages/{pid}/schedule", data=data))
    assert page.response.status_code == 400
    assert "Enter a time like 9am or 17:30" in page.text()
    data["publish_time"] = ""
    page = HtmlPage(comms.post(f"/staff/pages/{pid}/schedule", data=data))
    assert "must be after the date to publish it" in page.text()


# --- revisions --------------------------------------------------------------------------------

def test_compare_and_restore_through_the_pages(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    original_body = fields["body"]
    save(comms, pid, fields | {"body": "Everything deleted by mistake."})
    publish(comms, pid)
    assert "Better lighting" not in public_text(comms, "/campaigns/safer-routes")

    listing = HtmlPage(comms.get(f"/staff/pages/{pid}/revisions"))
    assert [c.get_text(" ", strip=True).split()[0] for c in
            listing.soup.select("tbody tr td:first-child")] == ["2", "1"]
    diff = HtmlPage(comms.get(f"/staff/pages/{pid}/compare?from=1&to=2"))
    added = [li.get_text(" ", strip=True) for li in diff.soup.select(".app-diff__line--added")]
    assert added == ["Added: + Everything deleted by mistake."]
    assert diff.soup.select(".app-diff__line--removed")

    restore = HtmlPage(comms.get(f"/staff/pages/{pid}/revisions/1/restore"))
    data = restore.form_data('form[action$="/restore"]') | {"publish": "yes"}
    done = HtmlPage(comms.post(f"/staff/pages/{pid}/revisions/1/restore", data=data,
                               follow_redirects=True))
    assert "Version 1 restored as version 3 and published." in done.text()
    assert "Better lighting" in public_text(comms, "/campaigns/safer-routes")
    with seeded_app.app_context():
        restored = db.session.scalar(sa.select(PageRevision).filter_by(page_id=pid, number=3))
        first = db.session.scalar(sa.select(PageRevision).filter_by(page_id=pid, number=1))
        assert restored.body_markdown == first.body_markdown
        assert restored.body_html == first.body_html
        assert original_body.strip() == first.body_markdown.strip()


def test_restore_needs_an_answer_and_a_fresh_page(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    restore = HtmlPage(comms.get(f"/staff/pages/{pid}/revisions/1/restore"))
    page = HtmlPage(comms.post(f"/staff/pages/{pid}/revisions/1/restore",
                               data=restore.form_data('form[action$="/restore"]')))
    assert page.response.status_code == 400
    assert "Select whether to publish it now" in page.text()
    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"title": "Moved on"})
    stale = restore.form_data('form[action$="/restore"]') | {"publish": "no"}
    page = HtmlPage(comms.post(f"/staff/pages/{pid}/revisions/1/restore", data=stale))
    assert page.response.status_code == 409
    assert "Someone else saved this page" in page.text()


# --- hostile markdown through the editor ------------------------------------------------------

def test_hostile_markdown_is_cleaned_in_preview_and_published_page(seeded_app, comms):
    """Every case from the renderer's own tests, typed into the editor, previewed, saved
    and published (one page after another: one sign-in keeps the test quick)."""
    pid = page_id(seeded_app, "safer-routes")
    refused = []
    for name, markdown in HOSTILE.items():
        fields = open_editor(comms, pid) | {"body": markdown}

        preview = HtmlPage(save(comms, pid, fields, button="preview"))
        assert_nothing_executable(preview.soup.select_one(".app-preview__page")
                                  .decode_contents())

        response = save(comms, pid, fields)
        if response.status_code == 400:  # an image with no description: refused, not saved
            assert "Every image needs a description" in HtmlPage(response).text(), name
            refused.append(name)
            continue
        assert response.status_code == 302, name
        publish(comms, pid)
        with seeded_app.app_context():
            stored = db.session.scalar(sa.select(PageRevision).where(
                PageRevision.id == sa.select(Page.published_revision_id)
                .where(Page.id == pid).scalar_subquery()))
        assert stored.body_markdown.strip() == markdown.strip(), name
        assert_nothing_executable(stored.body_html)
        public = comms.get("/campaigns/safer-routes").get_data(as_text=True)
        assert stored.body_html in public, name
        main = HtmlPage(comms.get("/campaigns/safer-routes")).soup.select_one("main")
        assert not main.select("script, iframe, object, embed, svg, style, form"), name
        assert not [a for tag in main.find_all(True) for a in tag.attrs
                    if a.startswith("on")], name
    assert refused == ["image with onerror", "name attribute clobbering"]


# --- images -----------------------------------------------------------------------------------

def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 54.0, 0.0)})  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"SecretCameraMaker" in out.getvalue()
    return out.getvalue()


def test_upload_an_image_and_use_it_in_a_page(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    no_alt = comms.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(jpeg_with_gps()), "street.jpg"), "alt": ""},
        content_type="multipart/form-data")
    assert no_alt.status_code == 400 and "Describe the image" in HtmlPage(no_alt).text()
    response = comms.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(jpeg_with_gps()), "street.jpg"),
        "alt": "New street lights on Julians Road"}, content_type="multipart/form-data",
        follow_redirects=True)
    page = HtmlPage(response)
    snippet = page.soup.select_one("pre.app-markdown-source").get_text()
    match = re.fullmatch(r"!\[New street lights on Julians Road\]\((/media/([0-9a-f]{32})\.jpg)\)",
                         snippet)
    assert match, snippet

    media = comms.get(match.group(1))
    assert media.status_code == 200 and media.mimetype == "image/jpeg"
    assert b"SecretCameraMaker" not in media.data and b"Exif" not in media.data
    assert "public" in media.headers["Cache-Control"]
    assert "Set-Cookie" not in media.headers
    with Image.open(io.BytesIO(media.data)) as stored:
        assert not stored.getexif()
    assert comms.get(f"/media/{match.group(2)}.png").status_code == 404

    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"body": fields["body"] + "\n" + snippet + "\n"})
    publish(comms, pid)
    public = HtmlPage(comms.get("/campaigns/safer-routes"))
    image = public.soup.select_one(f'main img[src="{match.group(1)}"]')
    assert image["alt"] == "New street lights on Julians Road"


def test_a_file_that_is_not_an_image_is_refused(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    form = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    response = comms.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(b"<svg onload=alert(1)>"), "x.jpg"), "alt": "x"},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "must be a JPG, PNG, GIF or WEBP picture" in HtmlPage(response).text()
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PageImage.id))) == 0


def test_an_image_without_a_description_in_the_page_text_is_refused(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    fields = open_editor(comms, pid)
    response = save(comms, pid, fields | {"body": "![](/media/1.jpg)"})
    assert response.status_code == 400
    assert "Every image needs a description" in HtmlPage(response).text()


# --- the alert banner -------------------------------------------------------------------------

def test_alert_banner_editor(seeded_app, comms, get_html):
    form = get_html("/staff/alert")
    assert "No message is shown now." in form.text()
    data = form.form_data() | {"message": "Scam calls claiming to be the council.",
                               "level": "warning", "ends_on": ["31", "1", "2027"]}
    page = HtmlPage(comms.post("/staff/alert", data=data, follow_redirects=True))
    assert "The message is now shown at the top of every page." in page.text()
    assert page.soup.select_one("textarea[name=message]").get_text().strip() == (
        "Scam calls claiming to be the council.")
    assert page.soup.select_one("#ends_on-day")["value"] == "31"

    home = get_html("/")
    assert home.soup.select_one("#site-alert-title").get_text(strip=True) == "Warning"

    token = page.form_data('form[action="/staff/alert/remove"]')
    comms.post("/staff/alert/remove", data=token)
    assert get_html("/").soup.select_one("#site-alert-title") is None
    with seeded_app.app_context():
        actions = list(db.session.scalars(sa.select(AuditEvent.action)
                                          .where(AuditEvent.action.like("alert.%"))))
    assert actions == ["alert.set", "alert.remove"]


def test_alert_banner_errors(seeded_app, comms, get_html):
    form = get_html("/staff/alert")
    page = HtmlPage(comms.post("/staff/alert", data=form.form_data() | {
        "message": "", "ends_on": ["1", "1", "2020"]}))
    assert page.response.status_code == 400
    summary = page.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert "Enter the message to show" in summary
    assert "Select how important the message is" in summary
