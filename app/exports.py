"""What leaves the inbox in bulk: a CSV of a team's reports for a date range, and the
quarterly referrals summary the partnership shows its quarterly meeting.

Both are built on ``app.inbox.visible_reports``, so an export holds only what its reader
may see. Free-text answers are never exported (they can name people); reporter contact
details only when the role allows it (``export_contact``: administrators) and the person
asks. Cells that a spreadsheet would treat as a formula are neutralised.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.inbox import local_date, local_zone, start_of_local_day, visible_reports
from app.models import Report, ReportRoute, StaffUser, Team
from app.report_actions import OUTCOMES
from app.staff_accounts import can

REPORT_COLUMNS = [
    "reference", "received", "kind", "category", "counts_as_asb", "risk", "priority",
    "status", "outcome", "area", "teams", "assigned_to", "acknowledged", "closed", "anonymous",
]
CONTACT_COLUMNS = ["contact_name", "contact_email", "contact_phone", "contact_preferences"]

# Kinds as the quarterly meeting counts them: ASB that is Good Neighbourhood Management
# (neighbour disputes, environmental issues) is shown apart and not counted as ASB.
SUMMARY_KINDS = {
    "asb": "ASB",
    "gnmp": "Good Neighbourhood Management (not ASB)",
    "hate": "Hate crime or incident",
    "stalking": "Stalking or harassment",
    "case_review": "ASB Case Review",
}
SUMMARY_OUTCOMES = {**OUTCOMES, "open": "Still open"}


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
    writer.writerow(REPORT_COLUMNS + (CONTACT_COLUMNS if include_contact else []))
    for report in reports:
        row = [
            report.reference, _local(report.created_at), report.kind, report.category,
            "yes" if report.counts_as_asb else "no", report.risk, report.priority,
            report.status, report.outcome, report.area,
            " ".join(r.team.slug for r in report.working_routes),
            staff_emails.get(report.assigned_to_id), _local(report.acknowledged_at),
            _local(report.closed_at), "yes" if report.anonymous else "no",
        ]
        if include_contact:
            contact = dict(report.contact or {})
            row += [contact.pop("name", ""), contact.pop("email", ""), contact.pop("phone", ""),
                    "; ".join(f"{k}: {v}" for k, v in sorted(contact.items()))]
        writer.writerow([spreadsheet_safe(value) for value in row])
    return output.getvalue(), len(reports)


# --- the quarterly referrals summary ------------------------------------------------------

@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1 = January to March

    @classmethod
    def containing(cls, day: date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> "Quarter | None":
        """"2026-Q2" -> Quarter(2026, 2)"""
        try:
            year, number = text.upper().split("-Q")
            quarter = cls(int(year), int(number))
        except (ValueError, AttributeError):
            return None
        return quarter if 1 <= quarter.number <= 4 and 2000 <= quarter.year <= 2100 else None

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> "Quarter":
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year,
                                                                           self.number + 1)

    @property
    def previous(self) -> "Quarter":
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year,
                                                                           self.number - 1)

    @property
    def key(self) -> str:
        return f"{self.year}-Q{self.number}"

    @property
    def label(self) -> str:
        months = ["January to March", "April to June", "July to September",
                  "October to December"][self.number - 1]
        return f"{months} {self.year}"


@dataclass
class TeamReferrals:
    team: Team
    referrals: int = 0
    by_kind: dict = field(default_factory=lambda: dict.fromkeys(SUMMARY_KINDS, 0))
    by_outcome: dict = field(default_factory=lambda: dict.fromkeys(SUMMARY_OUTCOMES, 0))


def summary_kind(report: Report) -> str:
    if report.kind == "asb" and (report.category == "gnmp" or not report.counts_as_asb):
        return "gnmp"
    return report.kind if report.kind in SUMMARY_KINDS else "asb"


def referrals_summary(staff: StaffUser, quarter: Quarter) -> list[TeamReferrals]:
    """One row a team: reports that reached it (by a rule or a forward) in the quarter,
    counted once a team however many times they arrived, by kind and by outcome.

    Administrators see every team; anyone else sees their own team only."""
    start = start_of_local_day(quarter.first_day)
    end = start_of_local_day(quarter.next.first_day)
    if can(staff, "see_all_teams"):
        teams = list(db.session.scalars(sa.select(Team).order_by(Team.name)))
    else:
        teams = [staff.team] if can(staff, "work_reports") else []
    rows = {team.id: TeamReferrals(team) for team in teams}
    visible_ids = visible_reports(staff).with_only_columns(Report.id)
    pairs = db.session.execute(
        sa.select(ReportRoute.team_id, ReportRoute.report_id)
        .where(ReportRoute.created_at >= start, ReportRoute.created_at < end,
               ReportRoute.team_id.in_(list(rows)), ReportRoute.report_id.in_(visible_ids))
        .distinct()
    ).all()
    reports = {report.id: report for report in db.session.scalars(
        sa.select(Report).where(Report.id.in_([report_id for _, report_id in pairs])))}
    for team_id, report_id in pairs:
        report = reports[report_id]
        row = rows[team_id]
        row.referrals += 1
        row.by_kind[summary_kind(report)] += 1
        outcome = report.outcome if report.status == "closed" and report.outcome else "open"
        row.by_outcome[outcome if outcome in SUMMARY_OUTCOMES else "open"] += 1
    return list(rows.values())


def summary_csv(rows: list[TeamReferrals]) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["Team", "Referrals", *SUMMARY_KINDS.values(), *SUMMARY_OUTCOMES.values()])
    for row in rows:
        writer.writerow([spreadsheet_safe(row.team.name), row.referrals,
                         *row.by_kind.values(), *row.by_outcome.values()])
    return output.getvalue()


def current_quarter() -> Quarter:
    from app.models.base import utcnow

    return Quarter.containing(local_date(utcnow()))
