"""The outbox's delivery method for ``case_system_report`` messages: hand a report to the
routed team's own case system (its Open311 endpoint), and keep the id it gives the report
there, so the updates read back later find it.

The message carries only the team's slug and the reference (as every outbox message does);
the report is read here, when it is sent, so nothing of it waits in the outbox. The team's
case system gets what its inbox shows: the answers, where and what happened, and the
reporter's contact details when they gave them.
"""

from collections.abc import Mapping

import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.core.outbox import PermanentFailure
from app.extensions import db
from app.open311.case_system import CaseSystem
from app.open311.services import STANDARD_FIELDS
from app.partnership.teams import team_by_slug
from app.reporting.models import Report, ReportRoute


def request_fields(report: Report) -> dict[str, object]:
    """A report as a POST requests form, with our reference and priority as attributes
    (as FixMyStreet sends its own id), so the case system can quote them back."""
    fields: dict[str, object] = {"service_code": report.kind}
    for key, name in STANDARD_FIELDS.items():
        fields[name] = report.answers.get(key, "")
    for key, value in report.answers.items():
        if key not in STANDARD_FIELDS and value not in (None, "", []):
            fields[f"attribute[{key}][]" if isinstance(value, list) else
                   f"attribute[{key}]"] = value
    fields["attribute[so_safe_reference]"] = report.reference
    fields["attribute[priority]"] = report.priority
    contact = report.contact or {}
    first, _, last = (contact.get("name") or "").partition(" ")
    fields |= {"first_name": first, "last_name": last, "email": contact.get("email", ""),
               "phone": contact.get("phone", "")}
    return fields


class CaseSystemDelivery:
    """``deliver(message)`` for the outbox (app/core/outbox.py: deliver_due's methods)."""

    def __init__(self, config: Mapping):
        self.config = config

    def deliver(self, message: OutboxMessage) -> None:
        team = team_by_slug(message.to_address)
        if team is None:
            raise PermanentFailure(f"no team {message.to_address!r}")
        reference = (message.personalisation or {}).get("reference")
        route = db.session.scalar(
            sa.select(ReportRoute).join(Report)
            .where(Report.reference == reference, ReportRoute.team_id == team.id,
                   ReportRoute.active.is_(True))
            .order_by(ReportRoute.id.desc()).limit(1))
        if route is None:
            raise PermanentFailure(f"report {reference} is no longer routed to {team.slug}")
        system = CaseSystem.for_team(team, self.config)
        route.case_system_request_id = system.post_request(request_fields(route.report))
        # Kept now: the case system has the report, whatever happens to this sender next.
        db.session.commit()


def methods(config: Mapping) -> dict:
    """Every delivery method besides email, for ``outbox.deliver_due``."""
    return {"case_system_report": CaseSystemDelivery(config)}
