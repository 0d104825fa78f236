"""How a report reads on the staff pages: each answer worded as the reporter saw it, and
each event of its history as a title. Shared by the report page and its templates."""

from datetime import date

from app.inbox import actions
from app.partnership.teams import team_by_slug
from app.reporting import journeys
from app.reporting.questions import QUESTIONS
from app.web.forms.staff import RISK_LABELS


def answer_label(key: str) -> str:
    question = QUESTIONS.get(key)
    return question.label if question else key.replace("_", " ").strip().capitalize()


def answer_text(value) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(answer_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{answer_label(k)}: {answer_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def answer_rows(report) -> list[tuple[str, str]]:
    """Every answer as (question, answer) in the order the journey asked them, worded as
    the reporter saw them; anything the journey does not know comes after, as stored."""
    answers = report.answers or {}
    rows, shown = [], set()
    if report.kind in journeys.KINDS:
        for step, label, text in journeys.answer_rows(report.kind, answers):
            rows.append((label, text))
            shown.update(step.fields)
    rows += [(answer_label(k), answer_text(v)) for k, v in answers.items() if k not in shown]
    return rows


def contact_rows(report) -> list[tuple[str, str]]:
    rows = []
    for key, value in (report.contact or {}).items():
        question = QUESTIONS.get(key)
        rows.append((answer_label(key), question.label_for(value) if question
                     else answer_text(value)))
    return rows


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
    if event.kind == "forwarded":
        team = team_by_slug(data.get("to") or "")
        kept = " Read access kept." if data.get("kept_read_access") else ""
        return f"Forwarded to {team.name if team else data.get('to')}.{kept}"
    if event.kind == "redacted":
        if "photo_id" in data:
            return "A photo was removed"
        return f"Words removed from the answer \u201c{answer_label(data.get('field', ''))}\u201d"
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
