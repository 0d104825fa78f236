"""Time-based one-time codes (TOTP, RFC 6238) as an optional second factor.

A code is accepted for the current 30-second step or the one either side (clocks drift),
and only once: the step it was accepted for is stored and no earlier or equal step is
accepted again. The QR code for setting up an authenticator app is drawn here as inline
SVG, so the secret never goes to an image service.
"""

import time

import pyotp
import segno
from markupsafe import Markup

ISSUER = "So Safe Stevenage"
STEP_SECONDS = 30
VALID_WINDOW = 1


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_svg(uri: str) -> Markup:
    """The set-up QR code as an inline SVG element (its accessible name says what it is)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=4, dark="#0b0c0c",
                                                 light="#ffffff", title="QR code for setting up "
                                                 "your authenticator app")
    svg = svg.replace("<svg ", '<svg role="img" aria-label="QR code for setting up your '
                      'authenticator app" ', 1)
    return Markup(svg)  # noqa: S704 - segno's own output; the URI is escaped by it


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def verify(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step the code is valid for, or None. Refuses a step already used."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6 or not secret:
        return None
    now = time.time() if now is None else now
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.at(step * STEP_SECONDS), code):
            return step
    return None
