"""A report taken by phone: contact-centre staff go through the public journeys on a
caller's behalf. The session remembers who is taking the call (``PHONE_KEY``), set only
by app/routes/phone_reports.py for someone whose role may take phone reports; the reports
blueprint asks ``taker()`` when it sends, so the report is marked "taken by phone by" them
and its reference and receipt code are shown on a page for reading out.

The mark is checked against the signed-in account every time: a session that carries it
without a signed-in contact-centre account (signed out, or a copied cookie) is an ordinary
public report.
"""

from flask import session
from flask_login import current_user

from app.staff.accounts import can
from app.staff.models import StaffUser

PHONE_KEY = "phone_call_by"


def start(staff: StaffUser) -> None:
    session[PHONE_KEY] = staff.id


def finish() -> None:
    session.pop(PHONE_KEY, None)


def taker() -> StaffUser | None:
    """The contact-centre member of staff taking this report by phone, or None."""
    staff_id = session.get(PHONE_KEY)
    if staff_id is None or not current_user.is_authenticated:
        return None
    if current_user.id != staff_id or not can(current_user, "take_phone_reports"):
        return None
    return current_user._get_current_object()


def init_app(app) -> None:
    # The journeys' pages say, for the person taking the call, that it is a phone report.
    app.jinja_env.globals["phone_call_taker"] = taker
