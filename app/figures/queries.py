"""Every figure the partnership counts, as plain queries over the reports.

Each function takes the quarter (or quarters), the partnership's time zone and anything
else it needs (working-day holidays, targets, "now") as arguments: nothing here reads a
request or the app's configuration, so the same numbers come out of the dashboard, its
downloads, the public snapshot and the tests.

What is counted, and when:
- a *report* belongs to the quarter it arrived in (``Report.created_at``);
- a *referral* is a report reaching a team's inbox, by a routing rule or a forward, in the
  quarter (``ReportRoute.created_at``), counted once a team however often it arrived;
- an ASB report is classed ASB or Good Neighbourhood Management (GNMP) as staff class it
  now (``counts_as_asb``); what it was classed when it arrived is the ``from`` of its first
  ``reclassified`` event, or the same as now if it has none (app/inbox/actions.py).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.casework.links import NOT_A_PLACE, REPEAT_LOCATION_REPORTS
from app.casework.reviews import next_review_dates, review_due
from app.core.working_days import working_days_between
from app.extensions import db
from app.figures.quarters import Quarter
from app.inbox.actions import OUTCOMES
from app.partnership.models import Team
from app.reporting.models import RISK_LEVELS, Report, ReportEvent, ReportRoute
from app.reporting.targets import LevelTargets, first_contact_due, level_of

# Kinds as the quarterly meeting counts them: ASB that is Good Neighbourhood Management
# (neighbour disputes, environmental issues) is shown apart and not counted as ASB.
KINDS = {
    "asb": "ASB",
    "gnmp": "Good Neighbourhood Management (not ASB)",
    "hate": "Hate crime or incident",
    "stalking": "Stalking or harassment",
    "case_review": "ASB Case Review",
}
OUTCOME_LABELS = {**OUTCOMES, "open": "Still open"}
RISK_MIX = (*reversed(RISK_LEVELS), "not_assessed")

KIND_CLASS = sa.case(
    (sa.and_(Report.kind == "asb", Report.counts_as_asb.is_(False)), "gnmp"),
    (Report.kind.in_(list(KINDS)), Report.kind),
    else_="asb",
)
OUTCOME_OR_OPEN = sa.case(
    (sa.and_(Report.status == "closed", Report.outcome.in_(list(OUTCOMES))), Report.outcome),
    else_="open",
)


def _arrived_in(quarter: Quarter, zone: ZoneInfo):
    start, end = quarter.bounds(zone)
    return sa.and_(Report.created_at >= start, Report.created_at < end)


# --- referrals per team ---------------------------------------------------------------

@dataclass
class TeamReferrals:
    team: Team
    referrals: int = 0
    by_kind: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    by_outcome: dict = field(default_factory=lambda: dict.fromkeys(OUTCOME_LABELS, 0))


def team_referrals(quarter: Quarter, zone: ZoneInfo, teams: list[Team],
                   within: sa.Select | None = None) -> list[TeamReferrals]:
    """One row a team, in the order given: the reports that reached it in the quarter, by
    kind and by outcome. ``within`` (a select of report ids) limits what is counted, for
    staff who may see only some reports."""
    start, end = quarter.bounds(zone)
    rows = {team.id: TeamReferrals(team) for team in teams}
    pairs = sa.select(ReportRoute.team_id, ReportRoute.report_id).where(
        ReportRoute.created_at >= start, ReportRoute.created_at < end,
        ReportRoute.team_id.in_(list(rows))).distinct()
    if within is not None:
        pairs = pairs.where(ReportRoute.report_id.in_(within))
    pairs = pairs.subquery()
    counted = db.session.execute(
        sa.select(pairs.c.team_id, KIND_CLASS, OUTCOME_OR_OPEN, sa.func.count())
        .join(Report, Report.id == pairs.c.report_id)
        .group_by(pairs.c.team_id, KIND_CLASS, OUTCOME_OR_OPEN))
    for team_id, kind, outcome, count in counted:
        row = rows[team_id]
        row.referrals += count
        row.by_kind[kind] += count
        row.by_outcome[outcome] += count
    return list(rows.values())


# --- reports by kind, risk and outcome ----------------------------------------------------

@dataclass
class ReportCounts:
    by_kind: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    # ASB reports (classed ASB now) by the risk level they arrived with
    asb_risk: dict = field(default_factory=lambda: dict.fromkeys(RISK_MIX, 0))
    by_outcome: dict = field(default_factory=lambda: dict.fromkeys(OUTCOME_LABELS, 0))

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def report_counts(quarter: Quarter, zone: ZoneInfo) -> ReportCounts:
    counts = ReportCounts()
    rows = db.session.execute(
        sa.select(KIND_CLASS, Report.risk, OUTCOME_OR_OPEN, sa.func.count())
        .where(_arrived_in(quarter, zone))
        .group_by(KIND_CLASS, Report.risk, OUTCOME_OR_OPEN))
    for kind, risk, outcome, count in rows:
        counts.by_kind[kind] += count
        counts.by_outcome[outcome] += count
        if kind == "asb":
            counts.asb_risk[risk if risk in RISK_LEVELS else "not_assessed"] += count
    return counts


def counts_by_quarter(quarters: list[Quarter], zone: ZoneInfo) -> dict[Quarter, dict]:
    """Reports by kind for each quarter, in one query."""
    which = sa.case(*[(_arrived_in(q, zone), q.key) for q in quarters], else_=None)
    counts = {q: dict.fromkeys(KINDS, 0) for q in quarters}
    by_key = {q.key: q for q in quarters}
    rows = db.session.execute(
        sa.select(which, KIND_CLASS, sa.func.count())
        .where(sa.or_(*[_arrived_in(q, zone) for q in quarters]))
        .group_by(which, KIND_CLASS))
    for key, kind, count in rows:
        counts[by_key[key]][kind] += count
    return counts


# --- time to first contact and overdue reviews ----------------------------------------------

@dataclass
class FirstContact:
    level: str
    target_days: int
    reports: int = 0
    contacted: int = 0
    within_target: int = 0
    waiting_overdue: int = 0  # not contacted yet, and past the target
    days: list = field(default_factory=list)  # working days to first contact, each report

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.days) if self.days else None

    @property
    def within_target_share(self) -> float | None:
        return self.within_target / self.contacted if self.contacted else None


def first_contact(quarter: Quarter, zone: ZoneInfo, holidays: set[date],
                  targets: dict[str, LevelTargets], now: datetime) -> dict[str, FirstContact]:
    """Per level (a report's priority), how soon reports that arrived in the quarter were
    first contacted: acknowledged, or moved on, by staff (``Report.acknowledged_at``)."""
    levels = {level: FirstContact(level, targets[level].first_contact_working_days)
              for level in reversed(RISK_LEVELS)}
    today = now.astimezone(zone).date()
    rows = db.session.execute(sa.select(Report.priority, Report.risk, Report.created_at,
                                        Report.acknowledged_at)
                              .where(_arrived_in(quarter, zone)))
    for row in rows:
        level = levels[level_of(row)]
        arrived = row.created_at.astimezone(zone).date()
        due = first_contact_due(row, targets, holidays)
        level.reports += 1
        if row.acknowledged_at is None:
            level.waiting_overdue += today > due
            continue
        contacted = row.acknowledged_at.astimezone(zone).date()
        level.contacted += 1
        level.within_target += contacted <= due
        level.days.append(working_days_between(arrived, contacted, holidays))
    return levels


def overdue_reviews(quarter: Quarter, zone: ZoneInfo, holidays: set[date],
                    targets: dict[str, LevelTargets], now: datetime) -> dict[str, int]:
    """Per level, reports open at the end of the quarter (or now, for the quarter we are
    in) whose risk was due to be looked at again and had not been: the date the last review
    before then set (app/casework/reviews.py), or the set interval after the report arrived
    if it had none."""
    _, end = quarter.bounds(zone)
    as_of = min(end, now)
    as_of_day = as_of.astimezone(zone).date()
    overdue = dict.fromkeys(reversed(RISK_LEVELS), 0)
    rows = db.session.execute(
        sa.select(Report.id, Report.priority, Report.risk, Report.created_at).where(
            Report.created_at < as_of,
            sa.or_(Report.closed_at.is_(None), Report.closed_at >= as_of))).all()
    reviewed = next_review_dates([row.id for row in rows], before=as_of)
    for row in rows:
        overdue[level_of(row)] += as_of_day > review_due(row, targets, holidays, reviewed)
    return overdue


# --- reclassification -------------------------------------------------------------------

@dataclass
class Reclassification:
    arrived_asb: int = 0
    asb_to_gnmp: int = 0
    arrived_gnmp: int = 0
    gnmp_to_asb: int = 0

    @property
    def asb_to_gnmp_share(self) -> float | None:
        return self.asb_to_gnmp / self.arrived_asb if self.arrived_asb else None

    @property
    def gnmp_to_asb_share(self) -> float | None:
        return self.gnmp_to_asb / self.arrived_gnmp if self.arrived_gnmp else None

    @property
    def share(self) -> float | None:
        """Of every ASB report, the share classed differently now than when it arrived."""
        arrived = self.arrived_asb + self.arrived_gnmp
        return (self.asb_to_gnmp + self.gnmp_to_asb) / arrived if arrived else None


def reclassification(quarter: Quarter, zone: ZoneInfo) -> Reclassification:
    """ASB reports that arrived in the quarter: how each was classed when it arrived, and
    whether staff have since classed it the other way (reclassified, or closed as GNMP)."""
    now_asb = dict(db.session.execute(
        sa.select(Report.id, Report.counts_as_asb)
        .where(_arrived_in(quarter, zone), Report.kind == "asb")).all())
    first_class: dict[int, str] = {}
    events = db.session.execute(
        sa.select(ReportEvent.report_id, ReportEvent.data)
        .where(ReportEvent.kind == "reclassified", ReportEvent.report_id.in_(list(now_asb)))
        .order_by(ReportEvent.id))
    for report_id, data in events:
        first_class.setdefault(report_id, (data or {}).get("from"))
    result = Reclassification()
    for report_id, counts_as_asb in now_asb.items():
        now_class = "asb" if counts_as_asb else "gnmp"
        arrived = first_class.get(report_id) or now_class
        if arrived == "asb":
            result.arrived_asb += 1
            result.asb_to_gnmp += now_class == "gnmp"
        else:
            result.arrived_gnmp += 1
            result.gnmp_to_asb += now_class == "asb"
    return result


# --- places ---------------------------------------------------------------------------------

@dataclass
class AreaCounts:
    area: str | None
    by_kind: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


def by_area(quarter: Quarter, zone: ZoneInfo) -> list[AreaCounts]:
    """Reports by area and kind, the area with the most reports first."""
    areas: dict[str | None, AreaCounts] = {}
    rows = db.session.execute(
        sa.select(Report.area, KIND_CLASS, sa.func.count())
        .where(_arrived_in(quarter, zone)).group_by(Report.area, KIND_CLASS))
    for area, kind, count in rows:
        areas.setdefault(area, AreaCounts(area)).by_kind[kind] += count
    return sorted(areas.values(), key=lambda a: (-a.total, a.area is None, a.area or ""))


def repeat_locations(quarter: Quarter, zone: ZoneInfo,
                     minimum: int = REPEAT_LOCATION_REPORTS) -> list[tuple[str, str, int]]:
    """(area, kind, reports) where ``minimum`` or more reports of one kind came from one
    area of Stevenage in the quarter, the most first."""
    count = sa.func.count().label("reports")
    rows = db.session.execute(
        sa.select(Report.area, KIND_CLASS, count)
        .where(_arrived_in(quarter, zone), Report.area.is_not(None),
               Report.area.not_in(NOT_A_PLACE))
        .group_by(Report.area, KIND_CLASS).having(sa.func.count() >= minimum)
        .order_by(count.desc(), Report.area, KIND_CLASS))
    return [tuple(row) for row in rows]

