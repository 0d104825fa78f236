"""Status updates from a team's own case system, read back into the report.

Two ways in, one rule: the case system pushes them (POST servicerequestupdates, as
FixMyStreet receives them) or ``flask open311 poll`` reads them (GET
servicerequestupdates, as FixMyStreet polls). Either way ``apply`` finds the report by the
id the case system gave it, records the update once (a repeated ``update_id`` is not
recorded twice), moves the report's status, and shows the note to the reporter at
/follow-up only when the team has said its case system's notes are fit for them
(``case_system_public_updates``). The reporter who asked for emails is told there is an
update, as for one a member of staff posts.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.core import clock
from app.core.outbox import PermanentFailure, TemporaryFailure, enqueue
from app.extensions import db
from app.open311.case_system import CaseSystem
from app.open311.services import InvalidRequest
from app.partnership.models import Team
from app.reporting.links import follow_up_link
from app.reporting.models import Report, ReportEvent, ReportRoute
from app.reporting.receipts import normalise

# FixMyStreet's statuses (perllib/Open311.pm), and ours for each.
CLOSING = {"fixed": "resolved", "closed": "resolved", "no_further_action": "no_further_action",
           "duplicate": "duplicate", "not_councils_responsibility": "referred",
           "internal_referral": "referred", "unable_to_fix": "no_further_action"}
WORKING = {"investigating", "in_progress", "action_scheduled"}
MAX_TEXT = 5000
FIRST_POLL_DAYS = 7


class DuplicateUpdate(InvalidRequest):
    pass


@dataclass
class Applied:
    event: ReportEvent
    report: Report


def _route(team: Team, service_request_id: str) -> ReportRoute | None:
    """The team's route of the report the case system calls ``service_request_id`` (or,
    for a case system that quotes our reference back, the report with that reference)."""
    query = (sa.select(ReportRoute).join(Report)
             .where(ReportRoute.team_id == team.id, ReportRoute.active.is_(True)))
    return (db.session.scalar(query.where(
        ReportRoute.case_system_request_id == service_request_id))
        or db.session.scalar(query.where(Report.reference == normalise(service_request_id))))


def _new_status(report: Report, status: str) -> tuple[str, str | None]:
    if status in CLOSING:
        return "closed", CLOSING[status]
    if status in WORKING or (status == "open" and report.status == "closed"):
        return "in_progress", None
    if status == "open" and report.status == "new":
        return "acknowledged", None
    return report.status, report.outcome


def apply(team: Team, update: Mapping[str, str], *, site_url: str,
          now: datetime | None = None) -> Applied:
    """Record one update (service_request_id, update_id, status, description). The caller
    commits. InvalidRequest for one we cannot place, DuplicateUpdate for one we have."""
    for name in ("service_request_id", "update_id", "status"):
        if not (update.get(name) or "").strip():
            raise InvalidRequest(f"{name} is required")
    route = _route(team, update["service_request_id"].strip())
    if route is None:
        raise InvalidRequest(f"service_request_id {update['service_request_id']!r} not found")
    report = route.report
    update_id = update["update_id"].strip()[:100]
    if any(e.kind == "case_system_update" and (e.data or {}).get("update_id") == update_id
           and (e.data or {}).get("team") == team.slug for e in report.events):
        raise DuplicateUpdate(f"update {update_id} already exists")
    text = (update.get("description") or "").strip()
    if len(text) > MAX_TEXT:
        raise InvalidRequest(f"description must be {MAX_TEXT} characters or fewer")
    status = update["status"].strip().lower()
    now = now or clock.current_time()
    previous = report.status
    report.status, report.outcome = _new_status(report, status)
    if report.status != previous:
        report.closed_at = now if report.status == "closed" else None
        report.acknowledged_at = report.acknowledged_at or now
    public = bool(team.case_system_public_updates and text)
    event = ReportEvent(report=report, kind="case_system_update", body=text or None,
                        public=public, data={"team": team.slug, "update_id": update_id,
                                             "status": status, "from": previous,
                                             "to": report.status})
    db.session.add(event)
    report.updated_at = now
    email = (report.contact or {}).get("email")
    if public and report.wants_updates_by_email and email:
        enqueue(email, "reporter_update", reference=report.reference,
                link=follow_up_link(site_url))
    return Applied(event, report)


@dataclass
class PollResult:
    recorded: int = 0
    skipped: int = 0
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"Recorded {self.recorded} updates, skipped {self.skipped}."
        return text + "".join(f"\n{p}" for p in self.problems)


def _w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def poll_team(team: Team, config: Mapping, result: PollResult,
              now: datetime | None = None) -> None:
    """Read the team's case system's updates since the last poll, and commit them."""
    now = now or clock.current_time()
    since = team.case_system_polled_at or now - timedelta(days=FIRST_POLL_DAYS)
    try:
        found = CaseSystem.for_team(team, config).updates(_w3c(since), _w3c(now))
    except (TemporaryFailure, PermanentFailure) as error:
        result.problems.append(f"{team.slug}: {error}")
        return
    for update in found:
        try:
            apply(team, update, site_url=config["SITE_URL"], now=now)
            result.recorded += 1
        except InvalidRequest:
            result.skipped += 1  # another system's request, or one we have already
    team.case_system_polled_at = now
    db.session.commit()


def poll(config: Mapping, now: datetime | None = None) -> PollResult:
    """`flask open311 poll`: every team that has a case system."""
    result = PollResult()
    teams = db.session.scalars(sa.select(Team).where(Team.case_system_url.is_not(None))
                               .order_by(Team.slug))
    for team in list(teams):
        poll_team(team, config, result, now)
    return result
