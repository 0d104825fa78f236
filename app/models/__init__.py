"""All models, one module per area. Importing this package registers every table."""

from app.models.content import AlertBanner, HelpService, Page, PageImage, PageRevision
from app.models.outbox import OutboxMessage
from app.models.reports import (
    Draft,
    Report,
    ReportEvent,
    ReportPhoto,
    ReportRoute,
    RoutingRule,
)
from app.models.staff import AuditEvent, StaffUser
from app.models.teams import Partner, Team

__all__ = [
    "AlertBanner",
    "AuditEvent",
    "Draft",
    "HelpService",
    "OutboxMessage",
    "Page",
    "PageImage",
    "PageRevision",
    "Partner",
    "Report",
    "ReportEvent",
    "ReportPhoto",
    "ReportRoute",
    "RoutingRule",
    "StaffUser",
    "Team",
]
