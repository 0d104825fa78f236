"""Response templates: a team's wording for the updates and questions its officers send to
reporters again and again, kept by the team's administrators in the browser.

A template may hold only two placeholders, ``{reference}`` and ``{team}``, and is filled
from the report's reference and the team's name, never from what the reporter wrote:
wording meant for many reports must not carry one report's content into another, or put
something the reporter said back in front of whoever holds their phone.

A template tied to a status is posted by itself as a public update when a report of the
team reaches that status (app/inbox/actions.py), for example an acknowledgement saying
when the reporter will hear back. The first templates come from
content/response_templates.yaml; after that the browser's edits are kept.
"""

import string
from pathlib import Path

import sqlalchemy as sa

from app.core.content_files import SeedError, load_yaml, require
from app.extensions import db
from app.inbox.models import TEMPLATE_PURPOSES, ResponseTemplate
from app.partnership.models import Team
from app.reporting.models import STATUSES
from app.staff import audit
from app.staff.models import StaffUser

TEMPLATES_FILE = "response_templates.yaml"
PLACEHOLDERS = ("reference", "team")
# A report arrives as "new", so only a later status can post a template.
TIED_STATUSES = tuple(s for s in STATUSES if s != "new")
MAX_TITLE = 120
MAX_BODY = 5000


class TemplateError(ValueError):
    """The template cannot be saved as written; the message says which field and why."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def placeholder_problem(body: str) -> str | None:
    """Why the body's placeholders are refused, in plain words, or None."""
    try:
        parts = list(string.Formatter().parse(body))
    except ValueError:
        return ("Write placeholders as {reference} or {team}, with one { and one }. "
                "A brace on its own is not allowed")
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            return (f"{{{name}}} is not a placeholder you can use. Use only {{reference}} "
                    "and {team}: a template never holds anything from the report itself")
    return None


def fill(template: ResponseTemplate, reference: str) -> str:
    """The template's text for one report: its reference and the team's name, nothing else."""
    return template.body.format(reference=reference, team=template.team.name)


def for_teams(team_ids, purpose: str | None = None) -> list[ResponseTemplate]:
    query = sa.select(ResponseTemplate).where(ResponseTemplate.team_id.in_(list(team_ids)))
    if purpose:
        query = query.where(ResponseTemplate.purpose == purpose)
    return list(db.session.scalars(query.order_by(ResponseTemplate.team_id,
                                                  ResponseTemplate.title)))


def tied_to(team_ids, status: str) -> list[ResponseTemplate]:
    """The templates posted by themselves when a report of these teams reaches ``status``."""
    return list(db.session.scalars(sa.select(ResponseTemplate).where(
        ResponseTemplate.team_id.in_(list(team_ids)), ResponseTemplate.status == status)
        .order_by(ResponseTemplate.id)))


def _checked(title: str, body: str, purpose: str, status: str | None) -> tuple:
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise TemplateError("title", "Enter a name for the template")
    if len(title) > MAX_TITLE:
        raise TemplateError("title", f"The name must be {MAX_TITLE} characters or fewer")
    if not body:
        raise TemplateError("body", "Enter the template's text")
    if len(body) > MAX_BODY:
        raise TemplateError("body", f"The text must be {MAX_BODY} characters or fewer")
    problem = placeholder_problem(body)
    if problem:
        raise TemplateError("body", problem)
    if purpose not in TEMPLATE_PURPOSES:
        raise TemplateError("purpose", "Select what the template is for")
    if status and status not in TIED_STATUSES:
        raise TemplateError("status", "Select a status, or none")
    if status and purpose != "update":
        raise TemplateError("status", "Only an update can be posted when a status changes")
    return title, body, status or None


def save(staff: StaffUser, team: Team, *, title: str, body: str, purpose: str,
         status: str | None, template: ResponseTemplate | None = None) -> ResponseTemplate:
    """Add a template to the team, or change one; audited. The caller commits."""
    title, body, status = _checked(title, body, purpose, status)
    if status and any(t.id != (template.id if template else None)
                      for t in tied_to([team.id], status)):
        raise TemplateError("status", "Another template of this team is already posted at "
                                      "that status. Untie that one first")
    created = template is None
    if created:
        template = ResponseTemplate(team=team)
        db.session.add(template)
    template.title, template.body, template.purpose, template.status = (
        title, body, purpose, status)
    db.session.flush()
    audit.record(staff, "template_created" if created else "template_changed", team.slug,
                 template_id=template.id, purpose=purpose, status=status)
    return template


def delete(staff: StaffUser, template: ResponseTemplate) -> None:
    audit.record(staff, "template_deleted", template.team.slug, template_id=template.id)
    db.session.delete(template)


def load_response_templates(content_dir: Path) -> None:
    """The first templates of each team, from content/response_templates.yaml. A team that
    already has templates is left alone: its administrators' edits in the browser win."""
    path = content_dir / TEMPLATES_FILE
    if not path.exists():
        return
    data = load_yaml(path)
    teams = require(data, "teams", path, dict) if isinstance(data, dict) else None
    if teams is None:
        raise SeedError(path, 1, "expected a 'teams:' mapping of team slug to templates")
    for slug, items in teams.items():
        team = db.session.scalar(sa.select(Team).filter_by(slug=slug))
        if team is None:
            raise SeedError(path, data.line_of("teams"), f"there is no team '{slug}'")
        if db.session.scalar(sa.select(ResponseTemplate.id).filter_by(team_id=team.id)):
            continue
        for item in items or []:
            try:
                title, body, status = _checked(
                    require(item, "title", path), require(item, "body", path),
                    item.get("purpose", "update"), item.get("status"))
            except TemplateError as error:
                raise SeedError(path, getattr(item, "line", None), str(error)) from error
            db.session.add(ResponseTemplate(team=team, title=title, body=body, status=status,
                                            purpose=item.get("purpose", "update")))
