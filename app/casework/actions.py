"""What officers do in case work besides reviews: link and unlink reports, mark one a
duplicate of another, and ask the reporter a question. Like app/inbox/actions.py, each
checks the officer may change the report, writes the report's history and the audit trail,
and leaves the commit to the caller.
"""

from datetime import datetime

from app.casework import links
from app.core import clock
from app.core.outbox import enqueue
from app.inbox.actions import ActionError, clean_text, record_event, require_full_access
from app.inbox.visibility import report_for
from app.reporting.links import follow_up_link
from app.reporting.models import Report, ReportEvent
from app.staff.models import StaffUser


def _other(staff: StaffUser, report: Report, reference: str) -> Report:
    other = report_for(staff, reference or "")
    if other is None:
        raise ActionError("There is no report with that reference in your inbox")
    if other.id == report.id:
        raise ActionError("Enter the reference of a different report")
    return other


def _decide(staff: StaffUser, report: Report, reference: str, reason: str, state: str,
            missing: str, now: datetime | None) -> Report:
    require_full_access(staff, report)
    other = _other(staff, report, reference)
    reason = clean_text(reason, missing)
    links.set_link(report, other, state, staff.id, reason, now or clock.current_time())
    record_event(staff, report, state, reason, to=other.reference)
    return other


def link(staff: StaffUser, report: Report, reference: str, reason: str,
         now: datetime | None = None) -> Report:
    """Link two reports the site did not link itself: the same person, or the same problem."""
    return _decide(staff, report, reference, reason, "linked",
                   "why these reports belong together", now)


def unlink(staff: StaffUser, report: Report, reference: str, reason: str,
           now: datetime | None = None) -> Report:
    """Undo a link, the site's own or an officer's: the two no longer count together."""
    return _decide(staff, report, reference, reason, "unlinked",
                   "why these reports do not belong together", now)


def mark_duplicate(staff: StaffUser, report: Report, original_reference: str, reason: str,
                   now: datetime | None = None) -> Report:
    """This report is about the same thing as an earlier one: its reporter then reads the
    original's public updates too (app/casework/reporter.py)."""
    require_full_access(staff, report)
    original = _other(staff, report, original_reference)
    if links.original_of(original) is not None:
        raise ActionError("That report is itself a duplicate: enter the original's reference")
    reason = clean_text(reason, "why this report is a duplicate")
    links.set_link(report, original, "duplicate", staff.id, reason,
                   now or clock.current_time(), duplicate_of=original)
    record_event(staff, report, "marked_duplicate", reason, of=original.reference)
    return original


def ask_question(staff: StaffUser, report: Report, text: str, *, site_url: str) -> ReportEvent:
    """A question the reporter can answer at /follow-up, with their reference and receipt
    code, so they stay as anonymous as they chose to be. A reporter who asked for emails is
    told there is a message; the email never holds it."""
    require_full_access(staff, report)
    if report.status == "closed":
        raise ActionError("This report is closed: reopen it to ask the reporter a question")
    question = record_event(staff, report, "question", clean_text(text, "your question"))
    email = (report.contact or {}).get("email")
    if report.wants_updates_by_email and email:
        enqueue(email, "reporter_message", reference=report.reference,
                link=follow_up_link(site_url))
    return question
