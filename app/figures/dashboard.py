"""Everything the partnership manager's dashboard shows for one quarter, gathered from
app/figures/queries.py in one place so the page, its downloads and the tests agree.

Nothing is worked out in the template: it gets numbers, shares and sentences ready to show.
"""

import statistics
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.figures import charts, definitions, queries, referrals
from app.figures.charts import Point
from app.figures.quarters import Quarter
from app.partnership.teams import all_teams
from app.reporting import targets as case_targets
from app.reporting.questions import QUESTIONS

TREND_QUARTERS = 8
TREND_KINDS = ("asb", "gnmp", "hate", "stalking")
TREND_NAMES = {
    "asb": "ASB reports",
    "gnmp": "Good Neighbourhood Management reports (not ASB)",
    "hate": "hate crime and incident reports",
    "stalking": "stalking and harassment reports",
}


@dataclass(frozen=True)
class FigureSettings:
    """What the figures depend on besides the reports: the partnership's time zone, the
    days that are not working days, and the content folder (targets, the meeting table)."""

    zone: ZoneInfo
    holidays: frozenset[date]
    content_dir: str


@dataclass
class QuarterFigures:
    quarter: Quarter
    meeting: list[referrals.MeetingLine]
    teams: list[queries.TeamReferrals]
    team_totals: dict
    counts: queries.ReportCounts
    first_contact: dict[str, queries.FirstContact]
    overdue_reviews: dict[str, int]
    reclassification: queries.Reclassification
    repeat_locations: list[tuple[str, str, int]]  # area label, kind label, reports
    areas: list[tuple[str, queries.AreaCounts]]  # area label, counts
    area_chart: charts.Chart
    trends: list[charts.Chart]


def area_label(area: str | None) -> str:
    return QUESTIONS["area"].label_for(area) if area else "Not given"


def percent(share: float | None) -> str:
    return "No reports" if share is None else f"{share:.0%}"


def days_text(days: float | None) -> str:
    if days is None:
        return "None contacted"
    return f"{days:g} working {'day' if days == 1 else 'days'}"


def trend_charts(quarter: Quarter, settings: FigureSettings, now: datetime) -> list[charts.Chart]:
    """The last eight quarters: reports of each kind, the reclassification share and the
    median time to first contact."""
    quarters = quarter.last(TREND_QUARTERS)
    counts = queries.counts_by_quarter(quarters, settings.zone)
    made = []
    for kind in TREND_KINDS:
        points = [Point(q.short_label, counts[q][kind], str(counts[q][kind])) for q in quarters]
        made.append(charts.column_chart(
            f"{TREND_NAMES[kind][0].upper()}{TREND_NAMES[kind][1:]} each quarter", points,
            charts.trend_summary(TREND_NAMES[kind], points), "Quarter", "Reports"))
    shares = [queries.reclassification(q, settings.zone).share for q in quarters]
    points = [Point(q.short_label, s, percent(s)) for q, s in zip(quarters, shares, strict=True)]
    made.append(charts.column_chart(
        "Share of ASB reports reclassified each quarter", points,
        charts.trend_summary("the share reclassified", points), "Quarter",
        "Reclassified", percent=True))
    targets = case_targets.targets(settings.content_dir)
    medians = []
    for q in quarters:
        levels = queries.first_contact(q, settings.zone, set(settings.holidays), targets, now)
        days = [d for level in levels.values() for d in level.days]
        medians.append(statistics.median(days) if days else None)
    points = [Point(q.short_label, m, days_text(m)) for q, m in zip(quarters, medians,
                                                                    strict=True)]
    made.append(charts.column_chart(
        "Median time to first contact each quarter", points,
        charts.trend_summary("the median time to first contact", points), "Quarter",
        "Median", whole=False))
    return made


def quarter_figures(quarter: Quarter, settings: FigureSettings, now: datetime) -> QuarterFigures:
    zone, holidays = settings.zone, set(settings.holidays)
    targets = case_targets.targets(settings.content_dir)
    teams = queries.team_referrals(quarter, zone, all_teams())
    counts = queries.report_counts(quarter, zone)
    areas = [(area_label(row.area), row) for row in queries.by_area(quarter, zone)]
    area_points = [Point(label, row.total, str(row.total)) for label, row in areas]
    kinds = queries.KINDS
    return QuarterFigures(
        quarter=quarter,
        meeting=referrals.meeting_lines(definitions.meeting_table(settings.content_dir),
                                        quarter, zone, teams, counts),
        teams=teams,
        team_totals=referrals.totals(teams),
        counts=counts,
        first_contact=queries.first_contact(quarter, zone, holidays, targets, now),
        overdue_reviews=queries.overdue_reviews(quarter, zone, holidays, targets, now),
        reclassification=queries.reclassification(quarter, zone),
        repeat_locations=[(area_label(area), kinds[kind], reports) for area, kind, reports
                          in queries.repeat_locations(quarter, zone)],
        areas=areas,
        area_chart=charts.bar_chart(f"Reports by area, {quarter.short_label}", area_points,
                                    charts.ranking_summary("reports", area_points), "Area",
                                    "Reports"),
        trends=trend_charts(quarter, settings, now),
    )
