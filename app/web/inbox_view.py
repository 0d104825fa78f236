"""How the inbox list reads: its columns, its quick views, and the one-line preview.

The columns are listed once here and drawn by one macro each in
app/templates/staff/_inbox_cells.html, so another column (a flag, a review date) is one
entry here and one macro there.
"""

from dataclasses import dataclass

from app.casework import due as casework_due
from app.casework import flags as casework_flags
from app.casework.settings import Settings
from app.extensions import db
from app.inbox import visibility
from app.staff.models import StaffUser

PREVIEW_LENGTH = 110


@dataclass(frozen=True)
class Column:
    key: str  # the macro in staff/_inbox_cells.html that draws the cell
    heading: str


INBOX_COLUMNS = [
    Column("report", "Report"),
    Column("risk", "Risk"),
    Column("status", "Status"),
    Column("due", "Due or overdue"),
    Column("assignee", "Assigned to"),
    Column("area", "Area"),
    Column("received", "Received"),
]

# The quick views above the list: (text, the filters' URL arguments).
VIEWS = [
    ("All open reports", {}),
    ("Assigned to me", {"assigned": "me"}),
    ("Unassigned", {"assigned": "unassigned"}),
]


def preview(staff, report) -> str:
    """The start of what happened, on one line, for the teams the report was sent to only;
    "" for anyone else (an administrator scanning every team)."""
    if not visibility.sees_preview(staff, report):
        return ""
    text = " ".join(str((report.answers or {}).get("description") or "").split())
    if len(text) <= PREVIEW_LENGTH:
        return text
    return text[:PREVIEW_LENGTH].rsplit(" ", 1)[0] + "\u2026"


@dataclass(frozen=True)
class Row:
    """What the cells need besides the report: worked out once a row."""

    deadlines: list  # the nearer of first contact (until contacted) and risk review
    preview: str
    people: dict  # staff id -> email, for the assignee and "taken by phone by"
    case: dict  # case work's "due" and repeat "flags", for casework/_inbox_row.html


def rows(staff, reports, settings: Settings) -> list[tuple]:
    wanted = {r.assigned_to_id for r in reports} | {r.taken_by_phone_id for r in reports}
    wanted.discard(None)
    people = dict(db.session.execute(
        db.select(StaffUser.id, StaffUser.email).where(StaffUser.id.in_(wanted))).all()
    ) if wanted else {}
    dues = casework_due.dues(reports, settings)
    flags = casework_flags.page_flags(staff, reports, settings)
    return [(report, Row(dues[report.id].deadlines()[:1], preview(staff, report), people,
                         {"due": dues[report.id], "flags": flags[report.id]}))
            for report in reports]
