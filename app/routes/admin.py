"""Pages for administrators only: the audit log."""

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from app import audit
from app.auth import requires
from app.extensions import db
from app.models import StaffUser
from app.request_guard import page_number
from app.routes.staff import private_pages

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")
bp.after_request(private_pages)


@bp.get("/audit")
@requires("audit")
def audit_log():
    action = request.args.get("action") or None
    page = audit.recent(request.args.get("page", 1, type=page_number), action=action)
    emails = dict(db.session.execute(sa.select(StaffUser.id, StaffUser.email)).all())
    return render_template("admin/audit.html", page=page, action=action, emails=emails,
                           actions=audit.actions())
