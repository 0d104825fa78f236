"""Response templates in the browser: a team's administrators keep the wording of its
updates and questions, and which one is posted by itself at a status. The rules (two
placeholders only, one template a status) are app/inbox/templates.py; every change is
audited there.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.inbox import templates
from app.inbox.models import ResponseTemplate
from app.partnership.teams import all_teams, team_by_slug
from app.web.auth import requires
from app.web.form_errors import error_summary
from app.web.forms.staff import DeleteTemplateForm, TemplateForm

bp = Blueprint("response_templates", __name__, url_prefix="/staff/templates")


def _team():
    """The team asked for (?team=slug), else the person's own."""
    slug = request.args.get("team")
    team = team_by_slug(slug) if slug else current_user.team
    if team is None:
        abort(404)
    return team


def _template_or_404(template_id: int) -> ResponseTemplate:
    template = db.session.get(ResponseTemplate, template_id)
    if template is None:
        abort(404)
    return template


@bp.get("/")
@requires("edit_templates")
def index():
    team = _team()
    return render_template("response_templates/index.html", team=team, teams=all_teams(),
                           items=templates.for_teams([team.id]))


def _edit(team, template: ResponseTemplate | None):
    form = TemplateForm(obj=template) if request.method == "GET" else TemplateForm()
    if request.method == "GET" and template is not None:
        form.status.data = template.status or ""
    if form.validate_on_submit():
        try:
            templates.save(current_user, team, title=form.title.data, body=form.body.data,
                           purpose=form.purpose.data, status=form.status.data or None,
                           template=template)
        except templates.TemplateError as error:
            db.session.rollback()
            getattr(form, error.field).errors = [str(error)]
        else:
            db.session.commit()
            flash(f"Template \u201c{form.title.data.strip()}\u201d saved.", "success")
            return redirect(url_for(".index", team=team.slug))
    errors = error_summary(form)
    return render_template("response_templates/edit.html", form=form, team=team,
                           template=template, errors=errors,
                           delete_form=DeleteTemplateForm(formdata=None)), (
        400 if errors else 200)


@bp.route("/new", methods=["GET", "POST"])
@requires("edit_templates")
def new():
    return _edit(_team(), None)


@bp.route("/<int:template_id>", methods=["GET", "POST"])
@requires("edit_templates")
def edit(template_id):
    template = _template_or_404(template_id)
    return _edit(template.team, template)


@bp.post("/<int:template_id>/delete")
@requires("edit_templates")
def delete(template_id):
    template = _template_or_404(template_id)
    if not DeleteTemplateForm().validate_on_submit():
        abort(400)
    slug, title = template.team.slug, template.title
    templates.delete(current_user, template)
    db.session.commit()
    flash(f"Template \u201c{title}\u201d deleted.", "success")
    return redirect(url_for(".index", team=slug))
