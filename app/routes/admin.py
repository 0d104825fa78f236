"""Pages for administrators only: the administration start page and the audit log. Each
area of administration has its own blueprint (admin_teams, admin_staff, admin_routing,
admin_risk, admin_retention)."""

import sqlalchemy as sa
from flask import Blueprint, current_app, render_template, request, url_for

from app.extensions import db
from app.staff import audit
from app.staff.models import StaffUser
from app.web.auth import requires
from app.web.request_guard import page_number

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")


ADMIN_AREAS = [
    ("admin_teams.index", "Teams", "Names, partners, notification addresses, sign-in codes, "
                                   "first-contact targets and the fallback team"),
    ("admin_staff.index", "Staff accounts", "Invite, change a role, disable, forget a lost "
                                            "sign-in code, see the last sign-in"),
    ("admin_routing.index", "Routing rules", "Which teams get which reports, with a dry run"),
    ("admin_risk.index", "Risk scoring", "The weights and bands of ASB risk, with a dry run"),
    ("admin_retention.index", "Retention period", "How long closed reports are kept"),
    ("admin.audit_log", "Audit log", "Every sign-in, view, change and export"),
]


@bp.get("/")
@requires("administer")
def index():
    areas = [(url_for(endpoint), title, hint) for endpoint, title, hint in ADMIN_AREAS
             if endpoint in current_app.view_functions]
    return render_template("admin/index.html", areas=areas)


@bp.get("/audit")
@requires("audit")
def audit_log():
    action = request.args.get("action") or None
    page = audit.recent(request.args.get("page", 1, type=page_number), action=action)
    emails = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())
    return render_template("admin/audit.html", page=page, action=action, emails=emails,
                           actions=audit.actions())
