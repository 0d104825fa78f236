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
    casework,
    dashboard,
    follow_up,
    help,
    images,
    in_numbers,
    inbox,
    numbers_publishing,
    open311,
    open311_admin,
    page_review,
    phone_reports,
    public,
    publishing,
    reports,
    response_templates,
    sign_in,
    staff,
)

BLUEPRINTS = [
    public.bp,
    campaigns.bp,
    help.bp,
    sign_in.bp,
    staff.bp,
    admin.bp,
    reports.bp,
    follow_up.bp,
    publishing.bp,
    admin_retention.bp,
    admin_risk.bp,
    admin_routing.bp,
    admin_staff.bp,
    admin_teams.bp,
    alert.bp,
    casework.bp,
    dashboard.bp,
    images.bp,
    in_numbers.bp,
    inbox.bp,
    numbers_publishing.bp,
    open311.bp,
    open311_admin.bp,
    page_review.bp,
    phone_reports.bp,
    response_templates.bp,
]


def register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
