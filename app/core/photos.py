"""Photos people add to a report.

Nothing is stored as sent. The type is sniffed from the bytes (never the file name or the
browser's say-so), the size is capped, and the picture is decoded and drawn again into a new
image with Pillow, so no EXIF, GPS, XMP, comment or colour-profile block survives. Anything
Pillow cannot decode is refused with a message the person can act on.
"""

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
# Big enough to read a number plate, small enough to keep reports light.
MAX_SIDE = 2560
MAX_PIXELS = 50_000_000  # refuses decompression bombs long before memory runs out
JPEG_QUALITY = 85

SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


class PhotoError(ValueError):
    """A photo we will not store, with a message for the person."""


@dataclass(frozen=True)
class CleanPhoto:
    content_type: str
    data: bytes
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    """The image format from the file's first bytes, or None."""
    for signature, name in SIGNATURES:
        if data.startswith(signature):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "HEIC"
    return None


def clean(data: bytes, name: str = "The photo") -> CleanPhoto:
    """Check and re-encode one photo; raise PhotoError with a plain message otherwise."""
    if not data:
        raise PhotoError(f"{name} is empty. Choose the photo again.")
    if len(data) > MAX_BYTES:
        raise PhotoError(f"{name} must be smaller than 5 MB.")
    kind = sniff(data)
    if kind == "HEIC":
        raise PhotoError(f"{name} is a HEIC photo, which we cannot open. Choose a JPG or "
                         "PNG, or change your camera settings to 'Most compatible'.")
    if kind is None:
        raise PhotoError(f"{name} must be a JPG, PNG, GIF or WEBP picture.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoError(f"{name} is too large a picture. Choose a smaller one.")
                image.load()
                upright = ImageOps.exif_transpose(image)
                return _redraw(upright)
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(f"{name} could not be opened. It may be damaged. "
                         "Choose another photo.") from error


def clean_uploads(uploads) -> list[CleanPhoto]:
    """Every upload (anything with ``filename`` and ``read``) checked and re-encoded; the
    first that cannot be raises PhotoError, so none of them is stored."""
    return [clean(upload.read(MAX_BYTES + 1), name=upload.filename) for upload in uploads]


def _redraw(image: Image.Image) -> CleanPhoto:
    if image.mode in ("RGBA", "LA", "P", "PA"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    # A brand-new image holds pixels only: none of the original's info, EXIF or ICC data.
    fresh = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto("image/jpeg", out.getvalue(), fresh.width, fresh.height)
