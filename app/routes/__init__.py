"""One blueprint per area of the site, each a module here named ``bp``."""

from flask import Flask

from app.routes import (
    admin,
    alert,
    campaigns,
    casework,
    dashboard,
    follow_up,
    help,
    in_numbers,
    numbers_publishing,
    public,
    publishing,
    reports,
    sign_in,
    staff,
)

BLUEPRINTS = [public.bp, campaigns.bp, help.bp, sign_in.bp, staff.bp, admin.bp, reports.bp,
              follow_up.bp, casework.bp, publishing.bp, alert.bp, dashboard.bp, in_numbers.bp,
              numbers_publishing.bp]


def register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
