"""Pages for administrators only: the audit log."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from app.extensions import db
from app.staff import audit
from app.staff.models import StaffUser
from app.web.auth import requires
from app.web.request_guard import page_number

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")


@bp.get("/audit")
@requires("audit")
def audit_log():
    action = request.args.get("action") or None
    page = audit.recent(request.args.get("page", 1, type=page_number), action=action)
    emails = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())
    return render_template("admin/audit.html", page=page, action=action, emails=emails,
                           actions=audit.actions())
