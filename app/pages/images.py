"""Pictures for pages: uploaded by comms staff, served by us.

An upload goes through app.photos.clean, the same check and re-encoding report photos
get: the type is sniffed from the bytes and the picture is drawn again with Pillow, so no
EXIF, GPS or other metadata is stored. Pictures live in the database and are served from
our own origin at ``/media/<id>.jpg`` (the only image addresses, besides /static/, that the
markdown renderer lets through), so pages make no third-party request.

Alt text is required twice over: an upload needs a description, and a revision whose page
text shows an image without one is refused (``images_without_alt``).
"""

import re

import sqlalchemy as sa

from app.core import photos
from app.extensions import db
from app.pages.models import Page, PageImage
from app.staff import audit
from app.staff.models import StaffUser

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ALT = re.compile(r'\balt="([^"]*)"', re.IGNORECASE)
SRC = re.compile(r'\bsrc="([^"]*)"', re.IGNORECASE)


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
    return f"/media/{image.id}.{EXTENSIONS.get(image.content_type, 'jpg')}"


def markdown_for(image: PageImage) -> str:
    """What to paste into the page text to show the image."""
    alt = image.alt_text.replace("[", "(").replace("]", ")")
    return f"![{alt}]({address(image)})"


def image_for_address(image_id: int, extension: str) -> PageImage | None:
    image = db.session.get(PageImage, image_id)
    if image is None or EXTENSIONS.get(image.content_type) != extension:
        return None
    return image


def images_without_alt(body_html: str) -> list[str]:
    """Addresses of images in rendered page text that have no description."""
    missing = []
    for tag in IMG_TAG.findall(body_html):
        alt = ALT.search(tag)
        if alt is None or not alt.group(1).strip():
            src = SRC.search(tag)
            missing.append(src.group(1) if src else "")
    return missing
