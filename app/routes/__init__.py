"""One blueprint per area of the site, each a module here named ``bp``."""

from flask import Flask

from app.routes import (
    admin,
    alert,
    campaigns,
    dashboard,
    follow_up,
    help,
    in_numbers,
    inbox,
    numbers_publishing,
    phone_reports,
    public,
    publishing,
    reports,
    response_templates,
    sign_in,
    staff,
)

BLUEPRINTS = [public.bp, campaigns.bp, help.bp, sign_in.bp, staff.bp, inbox.bp, admin.bp,
              reports.bp, follow_up.bp, publishing.bp, alert.bp, dashboard.bp, in_numbers.bp,
              numbers_publishing.bp, response_templates.bp, phone_reports.bp]


def register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
