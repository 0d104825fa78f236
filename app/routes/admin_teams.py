"""Teams for administrators: the list, adding a team, changing one (name, partner,
notification address, sign-in codes, fallback), and the versions with a way back.
First-contact targets and review intervals are per risk level in content/casework.yaml,
not per team: the team page says so. The checks and the saving are
app/partnership/team_settings.py's."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import versions
from app.extensions import db
from app.partnership import team_settings, teams
from app.partnership.team_settings import TeamChange, TeamError
from app.staff import audit
from app.web import admin_pages
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.admin_teams import TeamForm
from app.web.forms.admin_versions import RestoreForm
from app.web.forms.publishing import choices

bp = Blueprint("admin_teams", __name__, url_prefix="/staff/admin/teams")


@bp.get("/")
@requires(admin_pages.PERMISSION)
def index():
    return render_template("admin_teams/index.html", teams=teams.all_teams(),
                           restore_form=RestoreForm(),
                           changed=admin_pages.changed_version(teams.AREA),
                           **admin_pages.history(teams.AREA))


def _form_for(team) -> TeamForm:
    if request.method == "GET" and team is not None:
        form = TeamForm(data={
            "slug": team.slug, "name": team.name, "partner": team.partner.slug,
            "notification_email": team.notification_email, "fallback": team.is_fallback,
            "public_response_text": team.public_response_text,
            **{name: getattr(team, name) for name in team_settings.SWITCHES}})
    else:
        form = TeamForm()
    form.partner.choices = choices((p.slug, p.name) for p in team_settings.partners())
    return form


@bp.route("/new", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def new():
    return _edit(None)


@bp.route("/<slug>", methods=["GET", "POST"])
@requires(admin_pages.PERMISSION)
@keeps_answers_on_csrf_failure
def edit(slug: str):
    return _edit(teams.team_by_slug(slug) or abort(404))


def _edit(team):
    form = _form_for(team)
    errors = []
    if form.validate_on_submit():
        change = TeamChange(
            name=form.name.data, partner_slug=form.partner.data,
            notification_email=(form.notification_email.data or "").strip() or None,
            fallback=form.fallback.data,
            public_response_text=form.public_response_text.data,
            switches={field.name: field.data for field in form.switch_fields()},
            slug=form.slug.data)
        try:
            saved, changed = team_settings.save_team(team, change)
        except TeamError as problem:
            db.session.rollback()
            admin_pages.put_problem(form, problem, errors)
        else:
            if not changed:
                return redirect(url_for(".index", unchanged=1))
            what = "Added" if team is None else "Changed"
            version = team_settings.record_version(
                current_user.id, f"{what} {saved.slug}: {', '.join(changed)}")
            audit.record(current_user, "team_added" if team is None else "team_changed",
                         saved.slug, changed=changed)
            db.session.commit()
            return redirect(url_for(".index", changed=version.id))
    errors = error_summary(form) + errors
    return render_template("admin_teams/edit.html", form=form, team=team, errors=errors
                           ), 400 if errors else 200


@bp.post("/versions/<int:version_id>/restore")
@requires(admin_pages.PERMISSION)
def restore(version_id: int):
    if not RestoreForm().validate_on_submit():
        abort(400)
    if not team_settings.restore(version_id, current_user.id):
        db.session.rollback()
        abort(404)
    audit.record(current_user, "teams_restored", str(version_id))
    db.session.commit()
    newest = versions.latest(teams.AREA)
    return redirect(url_for(".index", changed=newest.id))
