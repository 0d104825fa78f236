"""The referrals tables: the quarterly meeting's table laid out row by row as
content/meeting_table.yaml says, the table of every team, and one team's own view.

A meeting row is a team's referrals, a count of ASB or GNMP reports, or a partner figure
typed in by hand; each line says where its number came from, so the downloads can too.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.figures import partner_figures, queries
from app.figures.definitions import MeetingTable
from app.figures.quarters import Quarter
from app.inbox.visibility import visible_reports
from app.partnership.teams import all_teams
from app.reporting.models import Report
from app.staff.accounts import can
from app.staff.models import StaffUser


@dataclass(frozen=True)
class MeetingLine:
    label: str
    value: int | None  # None: a partner figure not entered yet
    source: str  # team | count | entered
    entered_by: str | None = None
    entered_at: datetime | None = None


def meeting_lines(table: MeetingTable, quarter: Quarter, zone: ZoneInfo,
                  teams: list[queries.TeamReferrals],
                  counts: queries.ReportCounts) -> list[MeetingLine]:
    by_slug = {row.team.slug: row.referrals for row in teams}
    entered = partner_figures.for_quarter(quarter)
    emails = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email).where(
        StaffUser.id.in_([f.entered_by_id for f in entered.values()]))).all())
    lines = []
    for row in table.rows:
        if row.source == "team":
            lines.append(MeetingLine(row.label, by_slug.get(row.key, 0), "team"))
        elif row.source == "count":
            lines.append(MeetingLine(row.label, counts.by_kind[row.key], "count"))
        else:
            figure = entered.get(row.key)
            lines.append(MeetingLine(
                row.label, figure.value if figure else None, "entered",
                emails.get(figure.entered_by_id) if figure else None,
                figure.entered_at if figure else None))
    return lines


def referrals_for(staff: StaffUser, quarter: Quarter,
                  zone: ZoneInfo) -> list[queries.TeamReferrals]:
    """The referrals summary a member of staff may see: every team for those who see all
    teams, else their own team, counting only the reports they can see."""
    if can(staff, "see_all_teams"):
        teams = all_teams()
    else:
        teams = [staff.team] if can(staff, "work_reports") else []
    within = visible_reports(staff).with_only_columns(Report.id)
    return queries.team_referrals(quarter, zone, teams, within)


def totals(rows: list[queries.TeamReferrals]) -> dict:
    """Sums across teams (a report sent to two teams counts once for each)."""
    return {
        "referrals": sum(r.referrals for r in rows),
        "by_kind": {k: sum(r.by_kind[k] for r in rows) for k in queries.KINDS},
        "by_outcome": {k: sum(r.by_outcome[k] for r in rows) for k in queries.OUTCOME_LABELS},
    }
