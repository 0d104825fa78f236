"""Photos people add to a report.

Nothing is stored as sent. The type is sniffed from the bytes (never the file name or the
browser's say-so), the size is capped, and the picture is decoded and drawn again into a new
image with Pillow, so no EXIF, GPS, XMP, comment or colour-profile block survives. Anything
Pillow cannot decode is refused with a message the person can act on.

Memory. A small file can hold a huge picture: a 143 KB PNG of 7000 x 7000 pixels takes
about 200 MB once decoded, and four of them sent at once took a worker to 1.9 GB. So:

- the size is read from the file's header (Pillow opens lazily), and a JPEG is decoded
  straight at a reduced scale when it is much larger than we keep (Pillow's ``draft``),
  before a single pixel is decoded;
- a picture that would still decode to more than ``DecodeRules.max_pixels`` is refused;
- at most ``DecodeRules.at_once`` pictures are decoded at a time in each process (a
  semaphore), and a photo that waits longer than ``wait_seconds`` for its turn is refused
  with "try again" rather than piling up;
- the picture is shrunk before anything else is done with it, so only one full-size copy
  is ever held.

A worker's photo memory is then bounded by about ``at_once * max_pixels * 4`` bytes. The
settings come from the caller (``DecodeRules.from_config``): PHOTO_MAX_PIXELS,
PHOTO_DECODES_AT_ONCE and PHOTO_DECODE_WAIT_SECONDS.
"""

import io
import threading
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PHOTOS = 5
# Big enough to read a number plate, small enough to keep reports light.
MAX_SIDE = 2560
JPEG_QUALITY = 85

ORIENTATION = 0x0112  # the EXIF tag a camera sets when it was held sideways
TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}

SIGNATURES = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
)


class PhotoError(ValueError):
    """A photo we will not store, with a message for the person."""


@dataclass(frozen=True)
class DecodeRules:
    """How much decoding one process may do (see the module's docstring)."""

    # 25 million pixels: any phone screenshot, and any camera photo once a JPEG is decoded
    # at a reduced scale; a 7000 x 7000 PNG (49 million) is refused.
    max_pixels: int = 25_000_000
    at_once: int = 2
    wait_seconds: float = 20.0

    @classmethod
    def from_config(cls, config: Mapping) -> "DecodeRules":
        return cls(config["PHOTO_MAX_PIXELS"], config["PHOTO_DECODES_AT_ONCE"],
                   config["PHOTO_DECODE_WAIT_SECONDS"])

    def turn(self) -> threading.BoundedSemaphore:
        """The process's semaphore for this many decodes at once."""
        with _gates_lock:
            return _gates.setdefault(self.at_once, threading.BoundedSemaphore(self.at_once))


DEFAULT_RULES = DecodeRules()
_gates: dict[int, threading.BoundedSemaphore] = {}
_gates_lock = threading.Lock()


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


def clean(data: bytes, name: str = "The photo", rules: DecodeRules = DEFAULT_RULES
          ) -> CleanPhoto:
    """Check and re-encode one photo; raise PhotoError with a plain message otherwise."""
    kind = _checked_kind(data, name)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[kind]) as image:
                _check_pixels(image, name, rules)
                turn = rules.turn()
                if not turn.acquire(timeout=rules.wait_seconds):
                    raise PhotoError(f"{name} could not be checked just now because many "
                                     "photos are being sent. Try again in a minute.")
                try:
                    return _redraw(image)
                finally:
                    turn.release()
    except PhotoError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise PhotoError(f"{name} could not be opened. It may be damaged. "
                         "Choose another photo.") from error


def _checked_kind(data: bytes, name: str) -> str:
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
    return kind


def _check_pixels(image: Image.Image, name: str, rules: DecodeRules) -> None:
    """From the header alone: a JPEG is set to decode at the smallest scale that still
    covers MAX_SIDE, then what would be decoded is checked against the cap."""
    if image.format == "JPEG":
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    if image.width * image.height > rules.max_pixels:
        megapixels = image.width * image.height / 1_000_000
        raise PhotoError(f"{name} is too large a picture ({image.width} by {image.height} "
                         f"pixels, {megapixels:.0f} million). Choose one of no more than "
                         f"{rules.max_pixels / 1_000_000:.0f} million pixels, or a screenshot "
                         "of it.")


def clean_uploads(uploads, rules: DecodeRules = DEFAULT_RULES) -> list[CleanPhoto]:
    """Every upload (anything with ``filename`` and ``read``) checked and re-encoded; the
    first that cannot be raises PhotoError, so none of them is stored."""
    return [clean(upload.read(MAX_BYTES + 1), name=upload.filename, rules=rules)
            for upload in uploads]


def _redraw(image: Image.Image) -> CleanPhoto:
    """Decode, shrink first (so only one full-size copy is ever held), turn upright, and
    draw into a brand-new RGB image holding pixels only."""
    orientation = image.getexif().get(ORIENTATION)
    image.load()
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if _has_transparency(image) else "RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    if orientation in TRANSPOSE:
        image = image.transpose(TRANSPOSE[orientation])
    if image.mode in ("RGBA", "LA"):
        rgba = image.convert("RGBA")
        image = Image.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode != "RGB":
        image = image.convert("RGB")
    # A brand-new image holds pixels only: none of the original's info, EXIF or ICC data.
    fresh = Image.frombytes("RGB", image.size, image.tobytes())
    out = io.BytesIO()
    fresh.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return CleanPhoto("image/jpeg", out.getvalue(), fresh.width, fresh.height)


def _has_transparency(image: Image.Image) -> bool:
    return image.mode in ("PA", "RGBa", "La") or "transparency" in image.info
