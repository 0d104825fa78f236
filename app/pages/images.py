"""Pictures for pages: uploaded by comms staff, served by us.

An upload goes through app.photos.clean, the same check and re-encoding report photos
get: the type is sniffed from the bytes and the picture is drawn again with Pillow, so no
EXIF, GPS or other metadata is stored. Pictures live in the database and are served from
our own origin at ``/media/<token>.jpg`` (the only image addresses, besides /static/, that
the markdown renderer lets through), so pages make no third-party request.

An image is private until its page is published: the token is 128 random bits, so no
address can be guessed from another (the old ``/media/<id>.jpg`` ones were counted), and
``is_public`` says whether its page is live now; until it is, only comms staff see it.
A comms officer can delete an image (``delete_image``, audited); it is then gone from
the database and its address answers 404.

Alt text is required twice over: an upload needs a description, and a revision whose page
text shows an image without one is refused (``images_without_alt``).
"""

import re
from datetime import datetime

import sqlalchemy as sa

from app.core import photos
from app.extensions import db
from app.pages.live import live_condition
from app.pages.models import Page, PageImage, PageRevision
from app.staff import audit
from app.staff.models import StaffUser

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
SRC = re.compile(r'\bsrc="([^"]*)"', re.IGNORECASE)
TOKEN = re.compile(r"^[0-9a-f]{32}$")


class ImageError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def add_image(page: Page, data: bytes, alt_text: str, staff: StaffUser,
              rules: photos.DecodeRules = photos.DEFAULT_RULES) -> PageImage:
    alt_text = " ".join(alt_text.split())
    if not alt_text:
        raise ImageError("Describe the image")
    try:
        clean = photos.clean(data, "The image", rules)
    except photos.PhotoError as error:
        raise ImageError(str(error)) from error
    image = PageImage(page_id=page.id, content_type=clean.content_type, data=clean.data,
                      width=clean.width, height=clean.height, alt_text=alt_text,
                      uploaded_by_id=staff.id)
    db.session.add(image)
    db.session.flush()
    audit.record(staff, "page.image", f"page:{page.slug}", image=image.id)
    return image


def images_for(page: Page) -> list[PageImage]:
    return list(db.session.scalars(
        sa.select(PageImage).filter_by(page_id=page.id).order_by(PageImage.id.desc())))


def address(image: PageImage) -> str:
    return f"/media/{image.token}.{EXTENSIONS.get(image.content_type, 'jpg')}"


def markdown_for(image: PageImage) -> str:
    """What to paste into the page text to show the image."""
    alt = image.alt_text.replace("[", "(").replace("]", ")")
    return f"![{alt}]({address(image)})"


def image_for_address(token: str, extension: str) -> PageImage | None:
    """The image at ``/media/<token>.<extension>``; None for anything else, including the
    old counted addresses."""
    if not TOKEN.match(token):
        return None
    image = db.session.scalar(sa.select(PageImage).filter_by(token=token))
    if image is None or EXTENSIONS.get(image.content_type) != extension:
        return None
    return image


def is_public(image: PageImage, now: datetime) -> bool:
    """Anyone may see an image whose page is live at ``now``; until then only comms staff."""
    if image.page_id is None:
        return False
    query = sa.select(Page.id).where(Page.id == image.page_id, live_condition(now))
    return db.session.scalar(query) is not None


def image_for_page(page: Page, image_id: int) -> PageImage | None:
    image = db.session.get(PageImage, image_id)
    return image if image is not None and image.page_id == page.id else None


def delete_image(page: Page, image: PageImage, staff: StaffUser) -> list[PageRevision]:
    """Delete an image uploaded for ``page``, with an audit record. Returns the page's
    newest and published revisions that still show it, so the person can be told to take
    it out of their text: they are left as written (revisions never change)."""
    showing = still_showing(page, image)
    audit.record(staff, "page.image.delete", f"page:{page.slug}", image=image.id)
    db.session.delete(image)
    db.session.flush()
    return showing


def still_showing(page: Page, image: PageImage) -> list[PageRevision]:
    src = address(image)
    revisions = {r.id: r for r in (page.latest_revision, page.published_revision) if r}
    return [r for r in revisions.values()
            if src in r.body_html or (r.settings or {}).get("lead_image", {}).get("src") == src]


def images_without_alt(body_html: str) -> list[str]:
    """Addresses of images in rendered page text that have no description."""
    missing = []
    for tag in IMG_TAG.findall(body_html):
        alt = ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = SRC.search(tag)
            missing.append(src.group(1) if src else "")
    return missing
