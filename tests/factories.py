"""Making staff and reports directly through the models, so the inbox tests do not depend
on the public reporting journeys."""

import io
import itertools
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from PIL import Image

from app.core import clock
from app.core.outbox import enqueue
from app.extensions import db
from app.partnership.models import Team
from app.reporting.models import Report, ReportEvent, ReportPhoto, ReportRoute
from app.staff.accounts import AccountRules, create_staff
from app.staff.models import StaffUser

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


def team(slug: str) -> Team:
    return db.session.scalars(sa.select(Team).filter_by(slug=slug)).one()


def staff(email: str, team_slug: str = "sbc-asb", role: str = "officer",
          password: str = PASSWORD) -> StaffUser:
    person = create_staff(email, team_slug, role, password,
                          rules=AccountRules.from_config(current_app.config))
    db.session.commit()
    return person


def report(*team_slugs: str, kind: str = "asb", risk: str | None = "standard",
           priority: str | None = None, reference: str | None = None, age_days: float = 0,
           answers: dict | None = None, contact: dict | None = None,
           wants_updates_by_email: bool = False, area: str | None = "Bedwell",
           photos: int = 0, notify: bool = False, **fields) -> Report:
    """A report routed to the given teams (default: the ASB team), with a ``created`` event,
    as the reporting journeys make them. ``notify`` also queues the "new_report" emails."""
    created = clock.current_time() - timedelta(days=age_days)
    number = next(_numbers)
    report = Report(
        reference=reference or f"SS{number:04d}{secrets.token_hex(1).upper()}",
        receipt_hash="not-a-real-hash", kind=kind, risk=risk,
        priority=priority or risk or "standard",
        answers=answers if answers is not None else {
            "what_happened": f"Secret description {number}", "where": "Near the shops"},
        area=area, anonymous=contact is None, contact=contact,
        wants_updates_by_email=wants_updates_by_email, created_at=created,
        **({"counts_as_asb": kind == "asb"} | fields),
    )
    for slug in team_slugs or ("sbc-asb",):
        destination = team(slug)
        report.routes.append(ReportRoute(team=destination, rule_id=f"test-{slug}",
                                         created_at=created))
        if notify and destination.notification_email:
            enqueue(destination.notification_email, "new_report", reference=report.reference,
                    priority=report.priority, link=f"http://test/staff/reports/{report.reference}")
    for index in range(photos):
        report.photos.append(ReportPhoto(content_type="image/png", data=png(index)))
    report.events.append(ReportEvent(kind="created", created_at=created))
    db.session.add(report)
    db.session.commit()
    return report


def png(shade: int = 0) -> bytes:
    """A real 8x8 PNG, as the reporting journeys store photos (re-encoded)."""
    output = io.BytesIO()
    Image.new("RGB", (8, 8), (shade * 40 % 256, 120, 90)).save(output, "PNG")
    return output.getvalue()
