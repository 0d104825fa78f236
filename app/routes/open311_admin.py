"""Administrators' pages for Open311: the keys other systems use (issued and revoked in the
browser, each shown once), and which teams' reports also go to their own case system.

The rules (hashing, audit, what an address must look like) are in app/open311/; this only
turns forms into calls and calls into pages.
"""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.open311 import keys, settings
from app.partnership.teams import all_teams, team_by_slug
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.open311 import PARTNER_SYSTEM, CaseSystemForm, IssueKeyForm

bp = Blueprint("open311_admin", __name__, url_prefix="/staff/admin/open311")


def _index(form: IssueKeyForm, new_key: keys.IssuedKey | None = None, status: int = 200):
    return render_template("open311_admin/index.html", form=form, keys=keys.all_keys(),
                           teams=all_teams(), new_key=new_key,
                           errors=error_summary(form)), status


@bp.get("")
@requires("manage_integrations")
def index():
    return _index(IssueKeyForm(all_teams()))


@bp.post("/keys")
@requires("manage_integrations")
@keeps_answers_on_csrf_failure
def issue():
    form = IssueKeyForm(all_teams())
    if not form.validate_on_submit():
        return _index(form, status=400)
    team = team_by_slug(form.team.data) if form.team.data != PARTNER_SYSTEM else None
    issued = keys.issue(form.name.data, team, current_user)
    db.session.commit()
    # Shown on this answer only: never in a URL, a flash message or a log.
    return _index(IssueKeyForm(all_teams(), formdata=None), issued)


@bp.post("/keys/<int:key_id>/revoke")
@requires("manage_integrations")
def revoke(key_id: int):
    record = keys.by_id(key_id)
    if record is None:
        abort(404)
    keys.revoke(record, current_user)
    db.session.commit()
    flash(f"The key for {record.name} no longer works.", "success")
    return redirect(url_for(".index"))


@bp.route("/teams/<slug>", methods=["GET", "POST"])
@requires("manage_integrations")
@keeps_answers_on_csrf_failure
def case_system(slug: str):
    team = team_by_slug(slug)
    if team is None:
        abort(404)
    form = CaseSystemForm(data={"url": team.case_system_url or "",
                                "jurisdiction": team.case_system_jurisdiction or "",
                                "public_updates": team.case_system_public_updates})
    if form.validate_on_submit():
        wrong = settings.problems(form.url.data or "", form.jurisdiction.data or "")
        for field, message in wrong.items():
            form[field].errors = [*form[field].errors, message]
        if not wrong:
            settings.point_at_case_system(team, form.url.data, form.jurisdiction.data or "",
                                          form.public_updates.data, current_user)
            db.session.commit()
            flash(f"New reports for {team.name} now also go to its case system.", "success")
            return redirect(url_for(".index"))
    status = 400 if form.errors else 200
    return render_template("open311_admin/case_system.html", form=form, team=team,
                           errors=error_summary(form)), status


@bp.post("/teams/<slug>/stop")
@requires("manage_integrations")
def stop(slug: str):
    team = team_by_slug(slug)
    if team is None:
        abort(404)
    settings.stop_case_system(team, current_user)
    db.session.commit()
    flash(f"Reports for {team.name} now go to its inbox only.", "success")
    return redirect(url_for(".index"))
