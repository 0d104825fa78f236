"""What every page of the staff area shares, whichever blueprint serves it (sign-in, the
inbox, publishing, the audit log): ``Cache-Control: no-store`` and ``noindex``, sign-out
after ``STAFF_IDLE_MINUTES`` without a request, the navigation, and the template helpers.
Registered once by ``init_app``, so no blueprint imports another for them.
"""

import time

from flask import Flask, Response, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from app.inbox import actions, visibility
from app.reporting.questions import area_name
from app.staff.accounts import can
from app.web.forms.staff import KIND_LABELS, RISK_LABELS
from app.web.report_view import event_title

AREA = "/staff/"
SEEN_KEY = "staff_seen_at"
SIGNED_IN_KEY = "staff_signed_in_at"

# The staff navigation: (endpoint, text, permission). Other areas add their own entries.
STAFF_NAVIGATION = [
    ("inbox.index", "Inbox", "work_reports"),
    ("phone_reports.start", "Take a report by phone", "take_phone_reports"),
    ("inbox.referrals", "Referrals summary", "work_reports"),
    ("inbox.export", "Export", "export"),
    ("response_templates.index", "Response templates", "edit_templates"),
    ("dashboard.index", "Partnership figures", "see_figures"),
    ("publishing.index", "Pages", "publish"),
    ("alert.edit", "Alert banner", "publish"),
    ("numbers_publishing.index", "In numbers", "publish"),
    ("admin.index", "Administration", "administer"),
    ("admin.audit_log", "Audit log", "audit"),
    ("open311_admin.index", "Open311", "manage_integrations"),
    ("sign_in.two_factor", "Sign-in codes", None),
]


def end_idle_sessions():
    """Signs out, at their next request to the staff area (any blueprint under /staff), a
    person idle for ``STAFF_IDLE_MINUTES``, and anyone who signed in more than
    ``STAFF_SESSION_MAX_HOURS`` ago however busy since: a session picked up at a desk left
    unlocked, or from a copied cookie, cannot be kept alive by using it. Public pages are
    left alone: they never touch the session."""
    if not request.path.startswith(AREA) or not current_user.is_authenticated:
        return None
    ended = _session_ended()
    if ended:
        return _signed_out(ended)
    session[SEEN_KEY] = time.time()
    return None


def _session_ended() -> str | None:
    """Why the signed-in person's session is over (idle, or too old), or None."""
    now, config = time.time(), current_app.config
    seen = session.get(SEEN_KEY)
    if seen is not None and now - seen > config["STAFF_IDLE_MINUTES"] * 60:
        return (f"You were signed out because you had done nothing for "
                f"{config['STAFF_IDLE_MINUTES']} minutes. Sign in again.")
    if now - session.get(SIGNED_IN_KEY, 0) > config["STAFF_SESSION_MAX_HOURS"] * 3600:
        return (f"You were signed out because you signed in more than "
                f"{config['STAFF_SESSION_MAX_HOURS']} hours ago. Sign in again.")
    return None


def signed_in_staff_may(permission: str) -> bool:
    """For a view outside /staff (a private page image): a signed-in member of staff whose
    session has not run out and whose role has ``permission``. It does not sign anyone out
    or count as activity; the next page of the staff area does that."""
    return (current_user.is_authenticated and _session_ended() is None
            and can(current_user, permission))


def _signed_out(message: str):
    logout_user()
    session.clear()
    flash(message)
    return redirect(url_for("sign_in.login"))


def mark_seen() -> None:
    """A person has just signed in: their idle time and their session's age start now."""
    session[SEEN_KEY] = session[SIGNED_IN_KEY] = time.time()


def private_pages(response: Response) -> Response:
    if request.path.startswith(AREA) or request.path == AREA.rstrip("/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def staff_navigation() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    items = []
    for endpoint, text, permission in STAFF_NAVIGATION:
        if endpoint not in current_app.view_functions:
            continue
        if permission and not can(current_user, permission):
            continue
        href = url_for(endpoint)
        items.append({"href": href, "text": text, "active": request.path.startswith(href)})
    return items


def _local_time(moment) -> str:
    if not moment:
        return ""
    local = moment.astimezone(visibility.local_zone()).strftime("%-d %B %Y, %-I:%M%p")
    return local.replace("AM", "am").replace("PM", "pm")


def init_app(app: Flask) -> None:
    app.before_request(end_idle_sessions)
    app.after_request(private_pages)
    # Globals (not a context processor) so that imported macros see them too.
    app.jinja_env.globals.update({
        "staff_navigation": staff_navigation,
        "kind_label": lambda kind: KIND_LABELS.get(kind, kind or ""),
        "risk_label": lambda risk: RISK_LABELS.get(risk, "Not assessed"),
        "status_label": lambda status: actions.STATUS_LABELS.get(status, status),
        "outcome_label": lambda outcome: actions.OUTCOMES.get(outcome, outcome or ""),
        "local_time": _local_time,
        "local_day": lambda day: day.strftime("%-d %B %Y") if day else "",
        "area_name": area_name,
        "event_title": event_title,
    })
