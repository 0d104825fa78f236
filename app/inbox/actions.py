"""What staff do to a report. Each action checks the person may change the report, then
writes a ReportEvent (the report's history) and an AuditEvent (who did what) in the same
transaction as the change; the caller commits.

Forwarding and read access: forwarding moves a report to another team, with a reason. By
default the forwarding team loses access (its route becomes inactive): reports hold
sensitive personal information, and a team that has handed a case on has no need to keep
reading it. The officer may decide instead that their team keeps *read-only* access, for
joint working (say, police and the ASB team on the same household); that choice is asked
every time, is recorded in the report's history and the audit trail, and can be undone by
an administrator forwarding again. A read-only team sees the report but cannot change it.
"""

from datetime import datetime

from app.core import clock
from app.core.outbox import enqueue
from app.extensions import db
from app.inbox import templates
from app.partnership.models import Team
from app.reporting.links import follow_up_link, staff_report_link
from app.reporting.models import Report, ReportEvent, ReportPhoto, ReportRoute
from app.reporting.sending import tell_case_system
from app.staff import audit
from app.staff.accounts import colleagues
from app.staff.models import StaffUser

STATUS_LABELS = {
    "new": "New",
    "acknowledged": "Acknowledged",
    "in_progress": "In progress",
    "closed": "Closed",
}
# Where each status may go next. "Acknowledged" is reached by acknowledging (or recording a
# first contact), never chosen as a status, so the two do not repeat each other. Closing
# straight from "new" is allowed (for example a report that is plainly Good Neighbourhood
# Management); a closed report can be reopened.
NEXT_STATUSES = {
    "new": ("in_progress", "closed"),
    "acknowledged": ("in_progress", "closed"),
    "in_progress": ("closed",),
    "closed": ("in_progress",),
}
OUTCOMES = {
    "resolved": "Resolved",
    "referred": "Referred to another service",
    "no_further_action": "No further action",
    "not_asb_gnmp": "Not ASB – Good Neighbourhood Management (GNMP)",
    "duplicate": "Duplicate of another report",
}
# How an ASB report is classed: anti-social behaviour, or Good Neighbourhood Management
# (neighbour disputes and environmental problems), which is dealt with apart and not
# counted as ASB. The site classes a report when it arrives (app/reporting/journeys.py);
# staff may reclassify it, and the partnership counts how often they do.
CLASSES = {
    "asb": "Anti-social behaviour (ASB)",
    "gnmp": "Good Neighbourhood Management (GNMP), not ASB",
}
GNMP_OUTCOME = "not_asb_gnmp"
# How a member of staff reached the person who reported ("record contact").
CONTACT_METHODS = {
    "phone": "By phone",
    "email": "By email",
    "letter": "By letter",
    "in_person": "In person",
    "other": "Another way",
}
MAX_TEXT = 5000
REDACTED = "[redacted]"


class ActionError(ValueError):
    """The action cannot be done as asked; the message tells the person why."""


class NotAllowed(PermissionError):
    """This person may not change this report (another team's, or read-only for them)."""


def require_full_access(staff: StaffUser, report: Report) -> None:
    from app.inbox.visibility import access

    if access(staff, report) != "full":
        raise NotAllowed(report.reference)


def record_event(staff: StaffUser, report: Report, kind: str, body: str | None = None,
           public: bool = False, **data) -> ReportEvent:
    report_event = ReportEvent(report=report, kind=kind, body=body, public=public, data=data,
                               staff_id=staff.id)
    db.session.add(report_event)
    audit.record(staff, f"report_{kind}", report.reference, **data)
    return report_event


def clean_text(text: str | None, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ActionError(f"Enter {what}")
    if len(text) > MAX_TEXT:
        raise ActionError(f"{what[0].upper()}{what[1:]} must be {MAX_TEXT} characters or fewer")
    return text


def record_view(staff: StaffUser, report: Report) -> None:
    audit.record(staff, "report_viewed", report.reference)


def acknowledge(staff: StaffUser, report: Report, now: datetime | None = None, *,
                site_url: str | None = None) -> None:
    require_full_access(staff, report)
    if report.status != "new":
        raise ActionError("This report has already been acknowledged")
    report.status = "acknowledged"
    report.acknowledged_at = now or clock.current_time()
    record_event(staff, report, "acknowledged", **{"from": "new", "to": "acknowledged"})
    _post_tied_templates(staff, report, "acknowledged", site_url)


def record_contact(staff: StaffUser, report: Report, how: str, note: str | None = None,
                   now: datetime | None = None, *, site_url: str | None = None) -> None:
    """Record that someone working the report reached the person who reported it, and how.
    A first contact on a new report acknowledges it too: the target was to make contact."""
    require_full_access(staff, report)
    if how not in CONTACT_METHODS:
        raise ActionError("Select how you contacted them")
    note = (note or "").strip()
    if len(note) > MAX_TEXT:
        raise ActionError(f"The note must be {MAX_TEXT} characters or fewer")
    record_event(staff, report, "contact", note or None, how=how)
    if report.status == "new":
        acknowledge(staff, report, now, site_url=site_url)


def _post_tied_templates(staff: StaffUser, report: Report, status: str,
                         site_url: str | None) -> None:
    """Post, as public updates, the templates tied to ``status`` of the acting person's
    team (or, for someone outside the teams working it, of those teams)."""
    working = [r.team_id for r in report.working_routes]
    team_ids = [staff.team_id] if staff.team_id in working else working
    for template in templates.tied_to(team_ids, status):
        _public_update(staff, report, templates.fill(template, report.reference), site_url,
                       template_id=template.id)


def assignable(report: Report) -> list[StaffUser]:
    """Colleagues who may be given this report: people in the teams working it."""
    team_ids = [r.team_id for r in report.working_routes]
    return colleagues(team_ids)


def assign(staff: StaffUser, report: Report, assignee_id: int | None) -> None:
    require_full_access(staff, report)
    if assignee_id is None:
        if report.assigned_to_id is None:
            raise ActionError("This report is not assigned to anyone")
        report.assigned_to_id = None
        record_event(staff, report, "assigned", to=None)
        return
    assignee = next((p for p in assignable(report) if p.id == assignee_id), None)
    if assignee is None:
        raise ActionError("Select someone from a team working this report")
    report.assigned_to_id = assignee.id
    record_event(staff, report, "assigned", to=assignee.email)


def change_status(staff: StaffUser, report: Report, status: str, outcome: str | None = None,
                  now: datetime | None = None, *, site_url: str | None = None) -> None:
    require_full_access(staff, report)
    now = now or clock.current_time()
    if status not in NEXT_STATUSES.get(report.status, ()):
        raise ActionError(f"A report that is {STATUS_LABELS[report.status].lower()} cannot "
                          f"be moved to {STATUS_LABELS.get(status, status).lower()}")
    if status == "closed":
        if outcome not in OUTCOMES:
            raise ActionError("Select the outcome")
        report.outcome = outcome
        report.closed_at = now
        if outcome == GNMP_OUTCOME and classification(report) == "asb":
            _reclassify(staff, report, "gnmp", "Closed as Good Neighbourhood Management")
    else:
        report.outcome = None
        report.closed_at = None
    if report.acknowledged_at is None:
        report.acknowledged_at = now
    previous, report.status = report.status, status
    record_event(staff, report, "status",
                 **{"from": previous, "to": status, "outcome": report.outcome})
    _post_tied_templates(staff, report, status, site_url)


def classification(report: Report) -> str | None:
    """"asb" or "gnmp" for an ASB report as it is classed now; None for other kinds."""
    if report.kind != "asb":
        return None
    return "asb" if report.counts_as_asb else "gnmp"


def _reclassify(staff: StaffUser, report: Report, to: str, reason: str) -> None:
    previous = classification(report)
    report.counts_as_asb = to == "asb"
    record_event(staff, report, "reclassified", reason, **{"from": previous, "to": to})


def reclassify(staff: StaffUser, report: Report, to: str | None, reason: str) -> None:
    """Class an ASB report as ASB or as GNMP, saying why. The history keeps what it was, so
    the partnership can count reports reclassified after their first contact."""
    require_full_access(staff, report)
    if report.kind != "asb":
        raise ActionError("Only anti-social behaviour reports are classed as ASB or GNMP")
    if to not in CLASSES:
        raise ActionError("Select how the report should be classed")
    if to == classification(report):
        raise ActionError(f"This report is already classed as {CLASSES[to]}")
    _reclassify(staff, report, to, clean_text(reason, "why you are changing it"))


def add_note(staff: StaffUser, report: Report, text: str) -> None:
    """An internal note: seen by the teams working the report, never by the reporter."""
    require_full_access(staff, report)
    record_event(staff, report, "note", clean_text(text, "the note"))


def post_public_update(staff: StaffUser, report: Report, text: str, *, site_url: str) -> None:
    """An update the reporter reads through follow-up. If they left an email address and
    asked for updates, they are told there is one; the email never holds the update."""
    require_full_access(staff, report)
    _public_update(staff, report, clean_text(text, "the update"), site_url)


def _public_update(staff: StaffUser, report: Report, text: str, site_url: str | None,
                   **data) -> None:
    record_event(staff, report, "public_update", text, public=True, **data)
    email = (report.contact or {}).get("email")
    if report.wants_updates_by_email and email and site_url:
        enqueue(email, "reporter_update", reference=report.reference, link=follow_up_link(site_url))


def forward_targets(report: Report, teams: list[Team]) -> list[Team]:
    """Teams a report can be forwarded to: those not already working it."""
    working = {r.team_id for r in report.working_routes}
    return [t for t in teams if t.id not in working]


def forward(staff: StaffUser, report: Report, team: Team | None, reason: str,
            keep_read_access: bool | None, *, site_url: str) -> ReportRoute:
    require_full_access(staff, report)
    if team is None:
        raise ActionError("Select the team to forward the report to")
    reason = clean_text(reason, "why you are forwarding it")
    if keep_read_access is None:
        raise ActionError("Select whether your team should still be able to read the report")
    if any(r.team_id == team.id for r in report.working_routes):
        raise ActionError(f"{team.name} already has this report")
    from_team_id = None
    for route in report.working_routes:
        if route.team_id == staff.team_id:
            from_team_id = staff.team_id
            if keep_read_access:
                route.read_only = True
            else:
                route.active = False
    new_route = ReportRoute(report=report, team=team, rule_id="forward", reason=reason,
                            forwarded_from_team_id=from_team_id)
    db.session.add(new_route)
    if team.notification_email:
        enqueue(team.notification_email, "forwarded_report", reference=report.reference,
                priority=report.priority, link=staff_report_link(site_url, report.reference))
    tell_case_system(team, report.reference)
    record_event(staff, report, "forwarded", reason, to=team.slug,
           **{"from": staff.team.slug if from_team_id else None,
              "kept_read_access": bool(from_team_id and keep_read_access)})
    return new_route


def redact_photo(staff: StaffUser, report: Report, photo_id: int) -> None:
    """Remove a photo's image for good; the history says that one was removed and by whom."""
    require_full_access(staff, report)
    photo = db.session.get(ReportPhoto, photo_id)
    if photo is None or photo.report_id != report.id:
        raise ActionError("That photo is not part of this report")
    if photo.redacted:
        raise ActionError("That photo has already been removed")
    photo.data = b""
    photo.redacted = True
    record_event(staff, report, "redacted", photo_id=photo.id)


def redactable_answers(report: Report) -> list[str]:
    return [key for key, value in (report.answers or {}).items() if isinstance(value, str)]


def redact_passage(staff: StaffUser, report: Report, field: str, passage: str) -> None:
    """Replace every copy of a passage in one answer with "[redacted]". The history records
    which answer, never the words taken out."""
    require_full_access(staff, report)
    if field not in redactable_answers(report):
        raise ActionError("Select the answer the passage is in")
    passage = (passage or "").strip()
    if not passage:
        raise ActionError("Enter the words to remove, exactly as they appear")
    answers = dict(report.answers)
    if passage not in answers[field]:
        raise ActionError("Those words are not in that answer. Copy them exactly")
    answers[field] = answers[field].replace(passage, REDACTED)
    report.answers = answers
    record_event(staff, report, "redacted", field=field)
