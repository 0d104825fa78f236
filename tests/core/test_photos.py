"""Photos people add to a report: sniffed, size-checked, shrunk and stripped."""

import io
from pathlib import Path

import pytest
from PIL import Image

from app.core import photos
from tests.reporting_helpers import make_jpeg

CONTENT = Path(__file__).resolve().parents[2] / "content"



def test_photos_are_sniffed_from_content_not_the_name():
    png = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(png, "PNG")
    assert photos.sniff(png.getvalue()) == "PNG"
    assert photos.sniff(make_jpeg()) == "JPEG"
    assert photos.sniff(b"<html>") is None
    cleaned = photos.clean(png.getvalue(), name="photo.jpg")
    assert cleaned.content_type == "image/jpeg"
    assert Image.open(io.BytesIO(cleaned.data)).getpixel((0, 0)) == (255, 255, 255)


def test_photos_too_big_heic_or_broken_are_refused():
    with pytest.raises(photos.PhotoError, match="smaller than 5 MB"):
        photos.clean(b"\xff\xd8\xff" + b"0" * photos.MAX_BYTES)
    with pytest.raises(photos.PhotoError, match="HEIC"):
        photos.clean(b"\x00\x00\x00\x18ftypheic" + b"\x00" * 32)
    with pytest.raises(photos.PhotoError, match="could not be opened"):
        photos.clean(make_jpeg()[:40])
    with pytest.raises(photos.PhotoError, match="empty"):
        photos.clean(b"")


def test_huge_pictures_are_shrunk():
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(big, "JPEG")
    cleaned = photos.clean(big.getvalue())
    assert max(cleaned.width, cleaned.height) == photos.MAX_SIDE
