"""High-harm repeats raise the priority. When a new report (or a diary entry) joins a repeat
(reports linked by person or by place, and the reporter's diary entries) that holds a
high-risk report, every open report
of the repeat below high priority becomes high priority, says why in its history, and
each team working it gets the usual content-free email ("repeat_escalated").

The site does this itself, across teams: it is the partnership noticing the fourth report
about one stairwell, not a member of staff looking at another team's reports. No team is
told anything about a report it does not already have.
"""

from datetime import datetime

import sqlalchemy as sa

from app.casework import links, reporter
from app.core import clock
from app.core.outbox import enqueue
from app.extensions import db
from app.reporting.links import staff_report_link
from app.reporting.models import Report, ReportEvent
from app.staff import audit

HIGH = "high"
CASE_REVIEW = "case_review"


def repeat_group(report: Report, window_days: int) -> list[Report]:
    """The report and every report linked to it."""
    linked = links.linked_reports(report, sa.select(Report), window_days)
    return [report, *(item.report for item in linked)]


def escalate(report: Report, *, window_days: int, site_url: str,
             now: datetime | None = None) -> list[Report]:
    """Raise what this report's repeat calls for; returns the reports raised. The caller
    commits."""
    # A Case Review request links a person's reports but is not an incident itself.
    group = [m for m in repeat_group(report, window_days) if m.kind != CASE_REVIEW]
    incidents = len(group) + len(reporter.diary(report))  # a diary entry is a repeat too
    if incidents < 2 or not any(member.risk == HIGH for member in group):
        return []
    now = now or clock.current_time()
    raised = [m for m in group if m.status != "closed" and m.priority != HIGH]
    for member in raised:
        before, member.priority = member.priority, HIGH
        # Not which report set it off: that one may be another team's.
        db.session.add(ReportEvent(report=member, kind="escalated", created_at=now,
                                   data={"from": before, "to": HIGH}))
        audit.record(None, "report_escalated", member.reference, because_of=report.reference)
        link = staff_report_link(site_url, member.reference)
        for route in member.working_routes:
            if route.team.notification_email:
                enqueue(route.team.notification_email, "repeat_escalated",
                        reference=member.reference, priority=HIGH, link=link)
    return raised
