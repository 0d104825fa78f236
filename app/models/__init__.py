"""All models, one module per area. Importing this package registers every table."""

from app.figures.models import NumbersCampaign, PartnerFigure, PublishedNumbers, YouSaidWeDid
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
    "NumbersCampaign",
    "OutboxMessage",
    "Page",
    "PageImage",
    "PageRevision",
    "Partner",
    "PartnerFigure",
    "PublishedNumbers",
    "Report",
    "ReportEvent",
    "ReportPhoto",
    "ReportRoute",
    "RoutingRule",
    "StaffUser",
    "Team",
    "YouSaidWeDid",
]
