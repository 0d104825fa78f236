"""The referrals tables as files: CSV, and an .xlsx spreadsheet laid out the way the
quarterly meeting's table is (team, referrals), with where each number came from beside
it and a second sheet of every team by kind and outcome.

Every text cell goes through ``app.exports.spreadsheet_safe``, so a team name or an email
address can never become a formula, in the CSV or the spreadsheet.
"""

import csv
import io
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from app.figures.quarters import Quarter
from app.figures.queries import KINDS, OUTCOME_LABELS, TeamReferrals
from app.figures.referrals import MeetingLine
from app.inbox.exports import spreadsheet_safe

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEETING_HEADER = ["Team", "Referrals", "Where the figure comes from"]
TEAM_HEADER = ["Team", "Referrals", *KINDS.values(), *OUTCOME_LABELS.values()]
SOURCES = {
    "team": "Reports that reached the team's So Safe inbox",
    "count": "So Safe reports",
}


def source_text(line: MeetingLine, zone: ZoneInfo) -> str:
    if line.source != "entered":
        return SOURCES[line.source]
    if line.value is None:
        return "Not entered yet"
    when = line.entered_at.astimezone(zone).strftime("%-d %B %Y")
    return f"Entered by hand by {line.entered_by or 'a former member of staff'} on {when}"


def _meeting_rows(lines: list[MeetingLine], zone: ZoneInfo) -> list[list]:
    return [[spreadsheet_safe(line.label), line.value, spreadsheet_safe(source_text(line, zone))]
            for line in lines]


def _team_rows(rows: list[TeamReferrals]) -> list[list]:
    return [[spreadsheet_safe(row.team.name), row.referrals, *row.by_kind.values(),
             *row.by_outcome.values()] for row in rows]


def _csv(header: list[str], rows: list[list]) -> str:
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows(["" if value is None else value for value in row] for row in rows)
    return output.getvalue()


def meeting_csv(lines: list[MeetingLine], zone: ZoneInfo) -> str:
    return _csv(MEETING_HEADER, _meeting_rows(lines, zone))


def teams_csv(rows: list[TeamReferrals]) -> str:
    return _csv(TEAM_HEADER, _team_rows(rows))


def _sheet(sheet, title: str, header: list[str], rows: list[list]) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, heading in enumerate(header, start=1):
        widest = max([len(str(r[index - 1] or "")) for r in rows] + [len(heading)])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, widest + 2)
    sheet.freeze_panes = "A4"


def meeting_xlsx(lines: list[MeetingLine], teams: list[TeamReferrals], quarter: Quarter,
                 zone: ZoneInfo) -> bytes:
    workbook = Workbook()
    meeting = workbook.active
    meeting.title = "Referrals"
    _sheet(meeting, f"So Safe referrals, {quarter.label}", MEETING_HEADER,
           _meeting_rows(lines, zone))
    _sheet(workbook.create_sheet("Every team"), f"Referrals to every team, {quarter.label}",
           TEAM_HEADER, _team_rows(teams))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
