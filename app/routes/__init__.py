"""One blueprint per area of the site, each a module here named ``bp``."""

from flask import Flask

from app.routes import (
    admin,
    admin_retention,
    admin_risk,
    admin_routing,
    admin_staff,
    admin_teams,
    alert,
    campaigns,
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
              follow_up.bp, publishing.bp, alert.bp, dashboard.bp, in_numbers.bp,
              numbers_publishing.bp, admin_teams.bp, admin_staff.bp, admin_routing.bp,
              admin_risk.bp, admin_retention.bp]


def register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
