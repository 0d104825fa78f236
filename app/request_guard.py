"""Input no browser sends, stopped at the door so that it answers 400 or 404, never 500.

- A NUL byte anywhere in the address, the query or a form: PostgreSQL refuses it in text,
  so any view that looked it up or stored it would fail. No keyboard types one, so the
  whole request is refused (400) before CSRF or any view sees it.
- Whole numbers in addresses (``<int:…>``) stop at the largest the database holds
  (SQLite's 64-bit INTEGER); a bigger one is simply not found (404).
- Numbers read from a query string or a form go through ``stored_int`` or ``page_number``.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

LARGEST_INTEGER = 2**63 - 1  # SQLite INTEGER and PostgreSQL BIGINT
# Far more pages than any list here will have, and small enough that the offset it makes
# (page × page size) is still a number the database can take.
LAST_PAGE = 100_000


class StoredIntegerConverter(IntegerConverter):
    """``<int:…>`` bounded by what the database can compare against."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_INTEGER, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def stored_int(text: str) -> int:
    """``request.args.get(name, type=stored_int)`` (or ``request.form``): a number the
    database cannot hold is treated as no number at all (the default)."""
    number = int(text)
    if abs(number) > LARGEST_INTEGER:
        raise ValueError(text)
    return number


def page_number(text: str) -> int:
    """``request.args.get("page", 1, type=page_number)``: from 1 to LAST_PAGE."""
    return min(max(int(text), 1), LAST_PAGE)


def _has_nul(pairs) -> bool:
    return any("\x00" in key or "\x00" in value for key, value in pairs)


def refuse_nul_bytes():
    uploads = ((key, upload.filename or "") for key, upload in request.files.items(multi=True))
    if ("\x00" in request.path or _has_nul(request.args.items(multi=True))
            or _has_nul(request.form.items(multi=True)) or _has_nul(uploads)):
        abort(400)


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered (their rules take the converter)."""
    app.url_map.converters["int"] = StoredIntegerConverter
    # First of all the before-request functions, the CSRF check included: a CSRF failure
    # re-runs some views with the posted data (app/errors.py).
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_nul_bytes)
