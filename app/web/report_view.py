"""How a report reads on the staff pages: each answer worded as the reporter saw it (each
ticked box on a line of its own), each event of its history as a title, and the list of
tasks the report page offers.

The tasks are listed once here, in the order an officer usually needs them: acknowledge,
assign to me, record contact, change status, then the rest. A task is a one-click button
on the report page or a link to a small page of its own; another task (a risk review, a
question to the reporter) is one more entry in ``REPORT_TASKS``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app.inbox import actions
from app.partnership.teams import team_by_slug
from app.reporting import journeys
from app.reporting.questions import QUESTIONS, area_name
from app.web.forms.staff import RISK_LABELS


def answer_label(key: str) -> str:
    question = QUESTIONS.get(key)
    return question.label if question else key.replace("_", " ").strip().capitalize()


def answer_text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return "\n".join(answer_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{answer_label(k)}: {answer_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _lines(text: str) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()] or [""]


def answer_rows(report) -> list[tuple[str, list[str]]]:
    """Every answer as (question, lines) in the order the journey asked them, worded as
    the reporter saw them: a "select all that apply" answer has a line per ticked box, as
    on check your answers, so two choices never read as one sentence. Anything the journey
    does not know comes after, as stored."""
    answers = report.answers or {}
    rows, shown = [], set()
    if report.kind in journeys.KINDS:
        for step, label, text in journeys.answer_rows(report.kind, answers):
            rows.append((label, _lines(text)))
            shown.update(step.fields)
    rows += [(answer_label(k), _lines(_worded(k, v))) for k, v in answers.items()
             if k not in shown]
    return rows


def _worded(key: str, value) -> str:
    question = QUESTIONS.get(key)
    return question.label_for(value) if question else answer_text(value)


def contact_rows(report) -> list[tuple[str, list[str]]]:
    rows = []
    for key, value in (report.contact or {}).items():
        rows.append((answer_label(key), _lines(_worded(key, value))))
    return rows


# --- the tasks on the report page ------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    key: str
    text: str
    endpoint: str  # the button's form posts there, the link opens it
    button: bool = False  # done in one click from the report page
    applies: Callable = lambda report, staff: True


REPORT_TASKS = [
    Task("acknowledge", "Acknowledge", "staff.acknowledge", button=True,
         applies=lambda report, staff: report.status == "new"),
    Task("assign_to_me", "Assign to me", "staff.assign_to_me", button=True,
         applies=lambda report, staff: report.assigned_to_id != staff.id
         and staff.id in {p.id for p in actions.assignable(report)}),
    Task("contact", "Record contact with the reporter", "staff.record_contact",
         applies=lambda report, staff: report.status != "closed"),
    Task("status", "Change status", "staff.change_status",
         applies=lambda report, staff: any(s != "closed"
                                           for s in actions.NEXT_STATUSES[report.status])),
    Task("close", "Close with an outcome", "staff.close",
         applies=lambda report, staff: "closed" in actions.NEXT_STATUSES[report.status]),
    # Case work (app/routes/casework.py): each its own page.
    Task("review", "Review the risk", "casework.review",
         applies=lambda report, staff: report.status != "closed"),
    Task("public_update", "Post an update for the reporter", "staff.post_update"),
    Task("question", "Ask the person who reported it a question", "casework.question",
         applies=lambda report, staff: report.status != "closed"),
    Task("note", "Add an internal note", "staff.add_note"),
    Task("assign", "Assign to someone else", "staff.assign"),
    Task("forward", "Forward to another team", "staff.forward"),
    Task("links", "Link, unlink or mark a duplicate", "casework.link"),
    Task("reclassify", "Change ASB or GNMP", "staff.reclassify",
         applies=lambda report, staff: report.kind == "asb"),
    Task("redact", "Remove words from an answer", "staff.redact_passage",
         applies=lambda report, staff: bool(actions.redactable_answers(report))),
    Task("diary", "Read or print the incident diary", "casework.diary"),
]
TASKS_BY_KEY = {task.key: task for task in REPORT_TASKS}


def tasks_for(report, staff) -> list[Task]:
    return [task for task in REPORT_TASKS if task.applies(report, staff)]


# --- the history ------------------------------------------------------------------------------

EVENT_TITLES = {
    "created": "Report received",
    "acknowledged": "Acknowledged",
    "note": "Internal note",
    "public_update": "Update for the person who reported it",
    "reporter_added": "The person who reported it added information",
    "case_review": "ASB Case Review request",
    "question": "Question for the person who reported it",
    "reporter_answer": "The person who reported it answered a question",
    "diary_entry": "The person who reported it added an incident to their diary",
    "linked": "Linked to another report",
    "unlinked": "Unlinked from another report",
    "marked_duplicate": "Marked a duplicate",
}


def event_title(event) -> str:
    data = event.data or {}
    if event.kind == "status":
        title = (f"Status changed from {actions.STATUS_LABELS.get(data.get('from'), '')} "
                 f"to {actions.STATUS_LABELS.get(data.get('to'), '')}".replace("  ", " "))
        if data.get("outcome"):
            title += f": {actions.OUTCOMES.get(data['outcome'], data['outcome'])}"
        return title
    if event.kind == "reclassified":
        return f"Classed as {actions.CLASSES.get(data.get('to'), data.get('to'))}"
    if event.kind == "assigned":
        return f"Assigned to {data['to']}" if data.get("to") else "Unassigned"
    if event.kind == "contact":
        how = actions.CONTACT_METHODS.get(data.get("how"), "").lower()
        return f"Contact with the person who reported it, {how}".rstrip(", ")
    if event.kind == "forwarded":
        team = team_by_slug(data.get("to") or "")
        kept = " Read access kept." if data.get("kept_read_access") else ""
        return f"Forwarded to {team.name if team else data.get('to')}.{kept}"
    if event.kind == "redacted":
        if "photo_id" in data:
            return "A photo was removed"
        return f"Words removed from the answer \u201c{answer_label(data.get('field', ''))}\u201d"
    if event.kind == "case_system_update":
        team = team_by_slug(data.get("team") or "")
        shown = " Shown to the person who reported it." if event.public else ""
        return (f"Update from the case system of {team.name if team else data.get('team')}"
                f" (status: {data.get('status', '')}).{shown}")
    if event.kind == "risk_reviewed":
        return (f"Risk reviewed: {RISK_LABELS.get(data.get('to'), data.get('to'))}. "
                f"Next review due {date.fromisoformat(data['next_review_on']):%-d %B %Y}")
    if event.kind == "escalated":
        return "Raised to high priority: part of a repeat with high harm"
    if event.kind == "linked":
        return f"Linked to {data.get('to', 'another report')}"
    if event.kind == "unlinked":
        return f"Unlinked from {data.get('to', 'another report')}"
    if event.kind == "marked_duplicate":
        return f"Marked a duplicate of {data.get('of', '')}"
    return EVENT_TITLES.get(event.kind, event.kind.replace("_", " ").capitalize())


def where_text(report) -> str:
    """Where it happened, with the area's name (never its slug)."""
    answers = report.answers or {}
    parts = [answers.get("where") or "", area_name(report.area)]
    return ", ".join(p for p in parts if p) or "Not given"
