"""The error summary: one builder for every form on the site, public and staff alike.

GOV.UK's error summary lists each problem once, as a link to the field it is about: the
first box of a date, the entry of a list, the button of a form whose CSRF token expired (the
page then shows again with what was typed, app/web/errors.py). Views pass the list to their
template as ``errors``; templates may also call ``error_summary(form)`` themselves.
"""

from flask import Flask
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import FieldList

CSRF_MESSAGE = ("This page was open too long, so nothing was saved. Check your answers and "
                "select the button again.")


def _anchor(form, field) -> str:
    if isinstance(field.widget, GovDateInput):
        return f"{field.id}-day"
    return field.id


def _csrf_anchor(form) -> str:
    submit = getattr(form, "submit", None)
    return submit.id if submit is not None else "main-content"


def _field_items(form) -> list[dict]:
    items = []
    for field in form:
        if isinstance(field, FieldList):
            for entry in field:
                for sub in entry.form:
                    if sub.errors:
                        items.append({"text": sub.errors[0], "href": f"#{sub.id}"})
            continue
        if not field.errors:
            continue
        if field.type == "CSRFTokenField":
            items.append({"text": CSRF_MESSAGE, "href": f"#{_csrf_anchor(form)}"})
            continue
        items.append({"text": field.errors[0], "href": f"#{_anchor(form, field)}"})
    return items


def error_summary(*forms) -> list[dict]:
    """The summary's list for these forms: one link a problem, in the order of the page."""
    items = []
    for form in forms:
        if form is None:
            continue
        items.extend(_field_items(form))
        for message in getattr(form, "action_errors", []):
            items.append({"text": message, "href": f"#{_csrf_anchor(form)}"})
    return items


def init_app(app: Flask) -> None:
    app.jinja_env.globals["error_summary"] = error_summary
