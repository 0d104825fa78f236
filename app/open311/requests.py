"""Service requests through Open311: creating one (the same sending as the website), and
what a key may read.

A team's key sees exactly what the team's staff see in the inbox
(``visibility.team_reports``, the inbox's one rule), with what happened and where. A
partner system's key (no team) sees only the requests it handed in itself, never a hate
crime or stalking report, and never the reporter's words: for those it gets the status.
Nobody gets the reporter's contact details through GET.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.inbox import visibility
from app.open311 import services
from app.open311.models import ApiKey
from app.reporting import journeys, sending
from app.reporting.models import Report, ReportEvent
from app.reporting.receipts import normalise

SENSITIVE_KINDS = ("hate", "stalking")
STATUS_EVENTS = ("status", "public_update", "case_system_update", "acknowledged")
MAX_LISTED = 1000


@dataclass(frozen=True)
class Created:
    service_request_id: str
    service_notice: str


def create(key: ApiKey, params: dict[str, list[str]], *, content_dir: Path | str,
           site_url: str) -> Created:
    """A report from an Open311 client. Checked against the service's questions, then
    sent exactly as a person's draft is: routing, risk, the outbox, one commit."""
    kind = services.service_kind((params.get("service_code") or [""])[-1])
    kind, answers = services.answers_from(kind, params)
    draft = sending.new_draft(kind)
    draft.answers = answers
    sent = sending.send(draft, content_dir=content_dir, site_url=site_url,
                        submitted_by=key.client_name)
    notice = (f"Reference {sent.reference}, receipt code {sent.receipt}. The person who "
              f"reported it can follow it up at {site_url.rstrip('/')}/follow-up with both.")
    return Created(sent.reference, notice)


def _readable(key: ApiKey) -> sa.Select:
    if key.team_id is not None:
        return visibility.team_reports(key.team_id)
    return sa.select(Report).where(Report.submitted_by == key.client_name,
                                   Report.kind.not_in(SENSITIVE_KINDS))


def find(key: ApiKey, service_request_id: str) -> Report | None:
    """The request, if this key may read it (else None: a 404, as for a request that does
    not exist, so a key learns nothing about other teams' reports)."""
    return db.session.scalar(_readable(key).where(
        Report.reference == normalise(service_request_id)))


def _w3c(value: str, name: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise services.InvalidRequest(f"{name} must be a date and time like "
                                      "2026-12-01T12:00:00Z") from None
    if moment.tzinfo is None:
        raise services.InvalidRequest(f"{name} must give its time zone, like Z")
    return moment


def listed(key: ApiKey, params: dict[str, str]) -> list[Report]:
    """GET requests: by ids, or by service, status and dates (the last 90 days unless
    start_date says otherwise)."""
    query = _readable(key)
    if params.get("service_request_id"):
        ids = [normalise(i) for i in params["service_request_id"].split(",")][:MAX_LISTED]
        return list(db.session.scalars(query.where(Report.reference.in_(ids))
                                       .order_by(Report.id)))
    if params.get("service_code"):
        query = query.where(Report.kind.in_(params["service_code"].split(",")))
    if params.get("status"):
        wanted = set(params["status"].split(","))
        if not wanted <= {"open", "closed"}:
            raise services.InvalidRequest("status must be open or closed")
        if wanted == {"closed"}:
            query = query.where(Report.status == "closed")
        elif wanted == {"open"}:
            query = query.where(Report.status != "closed")
    start = (_w3c(params["start_date"], "start_date") if params.get("start_date")
             else clock.current_time() - timedelta(days=90))
    query = query.where(Report.created_at >= start)
    if params.get("end_date"):
        query = query.where(Report.created_at <= _w3c(params["end_date"], "end_date"))
    return list(db.session.scalars(query.order_by(Report.id).limit(MAX_LISTED)))


def _w3c_text(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else ""


def _status_notes(report: Report, full: bool) -> str:
    """The latest update: any a team wrote, for the team's own key; else only public ones."""
    for event in reversed(report.events):
        if event.kind in STATUS_EVENTS and event.body and (full or event.public):
            return event.body
    return ""


def as_request(key: ApiKey, report: Report) -> dict:
    """One request as GeoReport v2 shows it."""
    full = key.team_id is not None
    teams = ", ".join(route.team.name for route in report.working_routes)
    return {
        "service_request_id": report.reference,
        "status": "closed" if report.status == "closed" else "open",
        "status_notes": _status_notes(report, full),
        "service_code": report.kind,
        "service_name": journeys.JOURNEY_NAMES.get(report.kind, report.kind),
        "description": report.answers.get("description", "") if full else "",
        "agency_responsible": teams,
        "service_notice": "",
        "requested_datetime": _w3c_text(report.created_at),
        "updated_datetime": _w3c_text(report.updated_at),
        "expected_datetime": "",
        "address": report.answers.get("where", "") if full else "",
        "address_id": "", "zipcode": "", "lat": "", "long": "", "media_url": "",
    }


def token_request(key: ApiKey, token: str) -> Report | None:
    """We make every request at once, so a request's token is its id."""
    return find(key, token)


def updates(key: ApiKey, params: dict[str, str]) -> list[dict]:
    """FixMyStreet's GET servicerequestupdates: the status changes and updates on the
    requests this key may read, between start_date and end_date."""
    reports = _readable(key).with_only_columns(Report.id)
    query = (sa.select(ReportEvent).where(ReportEvent.report_id.in_(reports),
                                          ReportEvent.kind.in_(STATUS_EVENTS))
             .order_by(ReportEvent.created_at, ReportEvent.id))
    if key.team_id is None:
        query = query.where(sa.or_(ReportEvent.public.is_(True), ReportEvent.kind == "status"))
    if params.get("start_date"):
        query = query.where(ReportEvent.created_at >= _w3c(params["start_date"], "start_date"))
    if params.get("end_date"):
        query = query.where(ReportEvent.created_at <= _w3c(params["end_date"], "end_date"))
    return [_as_update(event, key.team_id is not None)
            for event in db.session.scalars(query.limit(MAX_LISTED))]


def _as_update(event: ReportEvent, full: bool) -> dict:
    report = event.report
    status = (event.data or {}).get("to") or report.status
    return {"update_id": str(event.id), "service_request_id": report.reference,
            "status": "closed" if status == "closed" else "open",
            "updated_datetime": _w3c_text(event.created_at),
            "description": (event.body or "") if (full or event.public) else "",
            "media_url": "", "external_status_code": (event.data or {}).get("status", "")}
