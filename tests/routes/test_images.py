"""Page images: unguessable addresses, private until their page is live, deletable.

A stranger asking for an image of a page not published yet gets the same 404 as for an
address that never existed; comms staff get it marked ``private, no-store`` (for the
editor's preview); once the page is live it is public and cacheable for a few minutes.
"""

import io
import re

import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.pages import publishing
from app.pages.models import Page, PageImage
from app.staff.models import AuditEvent, StaffUser
from app.web.staff_area import SEEN_KEY
from tests import factories
from tests.conftest import Page as HtmlPage
from tests.publishing_helpers import COMMS
from tests.routes.test_publishing import page_id, publish
from tests.staff_helpers import sign_in


def png_bytes(colour: str = "navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (48, 27), colour).save(out, "PNG")
    return out.getvalue()


def draft_page(app) -> int:
    """A campaign page nobody can see yet."""
    with app.app_context():
        staff = db.session.scalar(sa.select(StaffUser).filter_by(email=COMMS))
        edit = publishing.PageEdit(title="Lights", summary="New lights", body_markdown="Soon.",
                                   slug="new-lights")
        page = publishing.create_page("campaign", edit, staff)
        db.session.commit()
        return page.id


def upload(client, pid: int, alt: str = "New street lights") -> str:
    """Upload an image for the page; its address, as the markdown to copy shows it."""
    form = HtmlPage(client.get(f"/staff/pages/{pid}/images"))
    response = client.post(f"/staff/pages/{pid}/images", data=form.form_data() | {
        "image": (io.BytesIO(png_bytes()), "lights.png"), "alt": alt},
        content_type="multipart/form-data", follow_redirects=True)
    snippets = [pre.get_text() for pre in
                HtmlPage(response).soup.select("pre.app-markdown-source")]
    return re.search(r"\((/media/[^)]+)\)", snippets[0])[1]


def test_addresses_are_unguessable_tokens_not_counted_ids(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    first, second = upload(comms, pid), upload(comms, pid)
    for address in (first, second):
        assert re.fullmatch(r"/media/[0-9a-f]{32}\.jpg", address), address
    assert first != second
    for old in ("/media/1.jpg", "/media/2.jpg", "/media/9223372036854775808.jpg",
                "/media/" + "f" * 33 + ".jpg", first.replace(".jpg", ".png")):
        response = comms.get(old)
        assert response.status_code == 404, old
        assert response.headers["Cache-Control"] == "no-store"
    assert comms.get("/media/%00.jpg").status_code == 400  # the request guard's clean refusal


def test_an_image_is_private_until_its_page_is_published(seeded_app, comms, app):
    pid = draft_page(seeded_app)
    address = upload(comms, pid)
    stranger = app.test_client()

    hidden = stranger.get(address)
    assert hidden.status_code == 404 and hidden.headers["Cache-Control"] == "no-store"
    assert HtmlPage(hidden).h1 == HtmlPage(stranger.get("/media/" + "0" * 32 + ".jpg")).h1

    preview = comms.get(address)
    assert preview.status_code == 200 and preview.mimetype == "image/jpeg"
    assert preview.headers["Cache-Control"] == "private, no-store"

    with seeded_app.app_context():
        factories.staff("officer@sosafe.example.invalid", "sbc-asb", role="officer")
    officer = app.test_client()
    sign_in(officer, "officer@sosafe.example.invalid")
    assert officer.get(address).status_code == 404  # signed in, but may not publish

    publish(comms, pid)
    public = stranger.get(address)
    assert public.status_code == 200
    assert public.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in public.headers and public.headers.get("ETag")
    assert stranger.get(address, headers={"If-None-Match": public.headers["ETag"]}
                        ).status_code == 304

    page = HtmlPage(comms.get(f"/staff/pages/{pid}"))
    comms.post(f"/staff/pages/{pid}/unpublish", data=page.form_data(
        f'form[action="/staff/pages/{pid}/unpublish"]'))
    assert stranger.get(address).status_code == 404


def test_a_staff_session_that_has_run_out_does_not_see_private_images(seeded_app, comms):
    pid = draft_page(seeded_app)
    address = upload(comms, pid)
    assert comms.get(address).status_code == 200
    with comms.session_transaction() as session:
        session[SEEN_KEY] -= (seeded_app.config["STAFF_IDLE_MINUTES"] + 1) * 60
    assert comms.get(address).status_code == 404


def test_comms_delete_an_image_and_it_stops_being_served(seeded_app, comms):
    pid = page_id(seeded_app, "safer-routes")
    address = upload(comms, pid, alt="Old lights")
    assert comms.get(address).status_code == 200
    listing = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    button = listing.soup.select_one("form[action*='/delete'] button")
    assert "Delete" in button.get_text() and "Old lights" in button.get_text()
    action = listing.soup.select_one("form[action*='/delete']")["action"]

    assert comms.post(action, data={}).status_code == 400  # no CSRF token: nothing deleted
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PageImage.id))) == 1

    done = comms.post(action, data=listing.form_data(f'form[action="{action}"]'),
                      follow_redirects=True)
    assert done.status_code == 200
    assert "Image deleted. Nobody can see it now." in HtmlPage(done).text()
    assert not HtmlPage(done).soup.select("pre.app-markdown-source")
    assert comms.get(address).status_code == 404
    with seeded_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PageImage.id))) == 0
        event = db.session.scalars(sa.select(AuditEvent).filter_by(
            action="page.image.delete")).one()
        assert event.target == "page:safer-routes"


def test_deleting_an_image_the_page_shows_says_so(seeded_app, comms):
    from tests.routes.test_publishing import open_editor, save

    pid = page_id(seeded_app, "safer-routes")
    address = upload(comms, pid, alt="Lights")
    fields = open_editor(comms, pid)
    save(comms, pid, fields | {"body": fields["body"] + f"\n![Lights]({address})\n"})
    listing = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    action = listing.soup.select_one("form[action*='/delete']")["action"]
    done = comms.post(action, data=listing.form_data(f'form[action="{action}"]'),
                      follow_redirects=True)
    assert "The page still names it" in HtmlPage(done).text()


def test_officers_cannot_delete_images(seeded_app, comms, app):
    pid = page_id(seeded_app, "safer-routes")
    upload(comms, pid)
    with seeded_app.app_context():
        image_id = db.session.scalar(sa.select(PageImage.id))
        factories.staff("officer@sosafe.example.invalid", "sbc-asb", role="officer")
    officer = app.test_client()
    sign_in(officer, "officer@sosafe.example.invalid")
    token = HtmlPage(officer.get("/staff/login", follow_redirects=True)).form_data()["csrf_token"]
    response = officer.post(f"/staff/pages/{pid}/images/{image_id}/delete",
                            data={"csrf_token": token})
    assert response.status_code == 403
    other = page_id(seeded_app, "the-orphan")
    assert comms.get(f"/staff/pages/{other}").status_code == 200
    listing = HtmlPage(comms.get(f"/staff/pages/{pid}/images"))
    wrong_page = comms.post(f"/staff/pages/{other}/images/{image_id}/delete",
                            data={"csrf_token": listing.form_data()["csrf_token"]})
    assert wrong_page.status_code == 404
    with seeded_app.app_context():
        assert db.session.get(Page, pid) and db.session.get(PageImage, image_id)
