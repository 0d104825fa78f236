"""A quarter of known reports across the teams, made directly through the models (as
tests/factories.py does), with fixed dates so every figure can be checked by hand."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from app.extensions import db
from app.figures.quarters import Quarter
from app.reporting.models import ReportRoute
from tests import factories

LONDON = ZoneInfo("Europe/London")
QUARTER = Quarter(2025, 1)  # April to June 2025, Q1 of 2025/26
IN_QUARTER = datetime(2025, 5, 12, 10, tzinfo=UTC)  # a Monday
MANAGER = "partnership.lead@example.org"

# What seed_quarter makes, team by team: the referrals the dashboard must show.
REFERRALS = {
    "sbc-community-safety": 3,  # 3 hate reports
    "herts-police-stevenage": 4,  # the same 3 hate, and 1 stalking
    "sbc-sada": 2,  # 1 stalking, 1 forwarded ASB
    "sbc-resettlement": 1,  # 1 hate near asylum accommodation
    "sbc-rough-sleepers": 1,  # 1 forwarded ASB
    "sbc-asb": 5,  # 5 ASB
    "sbc-neighbourhoods": 2,  # 2 GNMP
    "sbc-communications": 0,
}


def at(moment: datetime, *teams: str, **fields):
    """A report that arrived (and reached its teams) at ``moment``."""
    report = factories.report(*teams, **fields)
    report.created_at = moment
    for route in report.routes:
        route.created_at = moment
    for event in report.events:
        event.created_at = moment
    db.session.commit()
    return report


def forward(report, team_slug: str, moment: datetime) -> None:
    db.session.add(ReportRoute(report=report, team=factories.team(team_slug),
                               rule_id="forward", created_at=moment))
    db.session.commit()


def seed_quarter(app, moment: datetime = IN_QUARTER) -> dict:
    """Reports of every kind in one quarter; returns them by a short name."""
    with app.app_context():
        made = {}
        for n in range(3):
            made[f"hate{n}"] = at(moment, "sbc-community-safety", "herts-police-stevenage",
                                  kind="hate", risk=None, priority="medium", area="bedwell")
        made["hate0"].routes.append(ReportRoute(team=factories.team("sbc-resettlement"),
                                                rule_id="test", created_at=moment))
        made["stalking"] = at(moment, "herts-police-stevenage", "sbc-sada", kind="stalking",
                              risk=None, priority="high", area="old-town")
        for n, (risk, area) in enumerate([("high", "bedwell"), ("medium", "bedwell"),
                                          ("standard", "bedwell"), ("standard", "chells"),
                                          ("standard", None)]):
            made[f"asb{n}"] = at(moment, "sbc-asb", risk=risk, area=area)
        for n in range(2):
            made[f"gnmp{n}"] = at(moment, "sbc-neighbourhoods", counts_as_asb=False,
                                  category="gnmp", risk=None, area="chells")
        forward(made["asb4"], "sbc-sada", moment)
        forward(made["asb4"], "sbc-rough-sleepers", moment)
        forward(made["asb4"], "sbc-rough-sleepers", moment)  # twice: one referral
        db.session.commit()
        return {name: report.reference for name, report in made.items()}
