"""What leaves the inbox in bulk: a CSV of a team's reports for a date range. (The
quarterly referrals tables are the partnership's figures: app/figures/.)

It is built on ``app.inbox.visible_reports``, so an export holds only what its reader
may see. Free-text answers are never exported (they can name people); reporter contact
details only when the role allows it (``export_contact``: administrators) and the person
asks. Cells that a spreadsheet would treat as a formula are neutralised, here and in every
other download (``spreadsheet_safe``).
"""

import csv
import io
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.inbox.visibility import local_zone, start_of_local_day, visible_reports
from app.reporting.models import Report
from app.reporting.questions import QUESTIONS, area_name
from app.staff.accounts import can
from app.staff.models import StaffUser

REPORT_COLUMNS = [
    "reference", "received", "kind", "category", "counts_as_asb", "risk", "priority",
    "status", "outcome", "area", "teams", "assigned_to", "acknowledged", "closed", "anonymous",
]
CONTACT_COLUMNS = ["contact_name", "contact_email", "contact_phone", "contact_preferences"]
# The "select all that apply" answers: chosen from fixed lists, so they name no one and may
# be exported. Each choice is its label, and choices are separated by CHOICE_SEPARATOR.
CHOICE_COLUMNS = [key for key, question in QUESTIONS.items()
                  if question.multiple and key not in ("contact_ways",)]
CHOICE_SEPARATOR = "; "


# What a spreadsheet may take as the start of a formula: = + - @ (also in their full-width
# forms, which some spreadsheets read as the ASCII ones), tab and carriage return...
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# ...even behind a byte-order mark or zero-width characters, which it may drop.
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"


def spreadsheet_safe(value) -> str:
    """The cell as text a spreadsheet shows rather than runs: a leading ' makes it text."""
    text = "" if value is None else str(value)
    if text.lstrip(INVISIBLE).startswith(FORMULA_STARTS):
        return "'" + text
    return text


def choices_text(key: str, value) -> str:
    """A "select all that apply" answer for a cell: its labels, clearly apart."""
    values = value if isinstance(value, list) else [] if value in (None, "") else [value]
    question = QUESTIONS.get(key)
    return CHOICE_SEPARATOR.join(question.label_for(v) if question else str(v) for v in values)


def _preferences(contact: dict) -> str:
    return CHOICE_SEPARATOR.join(f"{k}: {choices_text(k, v)}" for k, v in sorted(contact.items()))


def _local(moment) -> str:
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M") if moment else ""


def reports_in_range(staff: StaffUser, first: date, last: date) -> list[Report]:
    query = visible_reports(staff).where(
        Report.created_at >= start_of_local_day(first),
        Report.created_at < start_of_local_day(date.fromordinal(last.toordinal() + 1)),
    ).order_by(Report.created_at, Report.id)
    return list(db.session.scalars(query))


def reports_csv(staff: StaffUser, first: date, last: date,
                include_contact: bool) -> tuple[str, int]:
    """The CSV text and how many reports it holds."""
    include_contact = include_contact and can(staff, "export_contact")
    reports = reports_in_range(staff, first, last)
    staff_emails = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(REPORT_COLUMNS + CHOICE_COLUMNS
                    + (CONTACT_COLUMNS if include_contact else []))
    for report in reports:
        row = [
            report.reference, _local(report.created_at), report.kind, report.category,
            "yes" if report.counts_as_asb else "no", report.risk, report.priority,
            report.status, report.outcome, area_name(report.area),
            " ".join(r.team.slug for r in report.working_routes),
            staff_emails.get(report.assigned_to_id), _local(report.acknowledged_at),
            _local(report.closed_at), "yes" if report.anonymous else "no",
            *(choices_text(key, (report.answers or {}).get(key)) for key in CHOICE_COLUMNS),
        ]
        if include_contact:
            contact = dict(report.contact or {})
            row += [contact.pop("name", ""), contact.pop("email", ""), contact.pop("phone", ""),
                    _preferences(contact)]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return output.getvalue(), len(reports)
