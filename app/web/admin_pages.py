"""What the administration pages (app/routes/admin_*.py) share: the version history with
its way back, the "what changed" panel after a save, and field problems from the domain.
"""

from flask import Flask, request

from app.core import versions
from app.reporting.rule_editing import conditions_text
from app.staff.accounts import emails_by_id

PERMISSION = "administer"


def changed_version(area: str):
    """The version a page was sent back to after a save (``?changed=<id>``), to show what
    changed; None when there is none."""
    version_id = request.args.get("changed", type=int)
    if not version_id or version_id < 0 or version_id > 2**31:
        return None
    return versions.version(area, version_id)


def history(area: str) -> dict:
    """The template arguments of the version history of ``area``."""
    return {"versions": versions.history(area), "emails": emails_by_id()}


def put_problem(form, problem, errors: list) -> None:
    """A domain problem (a field name and a message) onto its field, or into the summary
    linked to the form's first field when it names none."""
    field = form._fields.get(problem.field_name) if problem.field_name else None
    if field is not None:
        field.errors = list(field.errors or []) + [problem.message]
        return
    first = next((f for f in form if f.type not in ("CSRFTokenField", "HiddenField")), None)
    errors.append({"text": problem.message, "href": f"#{first.id}" if first else "#"})


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update({
        "summary_lines": lambda text: [line for line in (text or "").splitlines()
                                       if line.strip()],
        "conditions_text": conditions_text,
    })
