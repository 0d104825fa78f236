"""Running the partnership from the browser, at a phone's size: an administrator adds a
team and a routing rule that sends hate crime at asylum accommodation to it, checks it with
the dry run, and a report sent after saving reaches that team, with the change in the audit
log. axe-core checks every administration page and its error states."""

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Report
from app.staff.accounts import by_email
from tests.browser.test_staff import load_after, sign_in
from tests.reporting_helpers import HATE, Reporter
from tests.staff_helpers import ADMIN, ASB

pytestmark = pytest.mark.browser


def test_an_administrator_routes_hate_crime_at_asylum_housing_to_a_new_team(
        people, phone, assert_accessible):
    sign_in(phone, ADMIN)
    phone.get_by_role("button", name="Menu").click()
    load_after(phone.get_by_role("link", name="Administration"))
    assert phone.locator("h1").inner_text() == "Administration"
    assert_accessible(phone, "administration")

    load_after(phone.get_by_role("link", name="Teams", exact=True))
    assert_accessible(phone, "teams")
    load_after(phone.get_by_role("link", name="Add a team"))
    assert_accessible(phone, "add a team")
    load_after(phone.get_by_role("button", name="Save team"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "add a team with errors")
    phone.get_by_label("Short name").fill("asylum-liaison")
    phone.get_by_label("Team name").fill("Asylum Accommodation Liaison")
    phone.get_by_label("Partner").select_option("sbc")
    phone.get_by_label("Notification address (optional)").fill("liaison@example.org")
    load_after(phone.get_by_role("button", name="Save team"))
    assert "Added asylum-liaison" in phone.locator("#what-changed").inner_text()
    assert_accessible(phone, "teams after a save")

    phone.goto("/staff/admin/routing/")
    assert_accessible(phone, "routing rules")
    load_after(phone.get_by_role("link", name="Add a rule"))
    assert_accessible(phone, "add a rule")
    phone.get_by_label("Rule name").fill("hate-asylum-liaison")
    phone.get_by_label("Kind of report").select_option("hate")
    phone.get_by_label("Conditions (optional)").fill("near_asylum_accommodation: perhaps")
    phone.get_by_label("Asylum Accommodation Liaison").check()
    phone.get_by_label("High").check()
    load_after(phone.get_by_role("button", name="Try it (dry run)"))
    assert phone.title().startswith("Error: ")
    assert "'perhaps' is not a value" in phone.locator("#conditions-error").inner_text()
    assert_accessible(phone, "add a rule with an error")

    phone.get_by_label("Conditions (optional)").fill("near_asylum_accommodation: yes")
    load_after(phone.get_by_role("button", name="Try it (dry run)"))
    result = phone.locator("#dry-run-result")
    assert "Asylum Accommodation Liaison\thigh\thate-asylum-liaison" in result.inner_text()
    assert_accessible(phone, "add a rule with its dry run")
    load_after(phone.get_by_role("button", name="Save rule"))
    assert "Added rule hate-asylum-liaison" in phone.locator("#what-changed").inner_text()
    assert_accessible(phone, "routing rules after a save")

    reporter = Reporter(people.test_client())
    reporter.start("hate")
    reporter.walk({**HATE, "asylum-housing": {"near_asylum_accommodation": "yes"}})
    reporter.send()
    with people.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        routes = {(route.team.slug, route.rule_id) for route in report.routes}
        assert ("asylum-liaison", "hate-asylum-liaison") in routes
        assert report.priority == "high"

    phone.goto("/staff/admin/audit")
    entry = phone.locator("tbody tr", has_text="routing_rule_added").first
    assert "hate-asylum-liaison" in entry.inner_text()
    assert ADMIN in entry.inner_text()

    phone.goto("/staff/admin/routing/dry-run?kind=hate")
    assert_accessible(phone, "dry run")
    phone.get_by_label("Online or in person").select_option("in_person")
    phone.get_by_label("At or near housing for people seeking asylum").select_option("yes")
    load_after(phone.get_by_role("button", name="Run the dry run"))
    assert "hate-asylum-liaison" in phone.locator("#dry-run-result").inner_text()
    assert_accessible(phone, "dry run with its result")
    phone.goto("/staff/admin/routing/dry-run?kind=hate&run=1&hate_for=nobody")
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "dry run with an error")
    assert phone.third_party_requests == []


def test_every_other_administration_page_and_error_state(people, phone, assert_accessible):
    with people.app_context():
        officer_id = by_email(ASB).id
    sign_in(phone, ADMIN)
    phone.goto("/staff/admin/teams/sbc-asb")
    assert_accessible(phone, "change a team")
    phone.get_by_label("Team name").fill("")
    load_after(phone.get_by_role("button", name="Save team"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "change a team with an error")

    phone.goto("/staff/admin/risk/")
    assert_accessible(phone, "risk scoring")
    phone.get_by_label("Medium risk from a score of").fill("9")
    load_after(phone.get_by_role("button", name="Save scoring"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "risk scoring with an error")
    phone.get_by_label("Medium risk from a score of").fill("3")
    load_after(phone.get_by_role("button", name="Try it (dry run)"))
    assert phone.locator("#dry-run-result").count() == 1
    assert_accessible(phone, "risk scoring with its dry run")

    phone.goto("/staff/admin/retention/")
    assert_accessible(phone, "retention")
    phone.get_by_label("Months after a report is closed").fill("0")
    load_after(phone.get_by_role("button", name="Save"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "retention with an error")
    phone.get_by_label("Months after a report is closed").fill("6")
    load_after(phone.get_by_role("button", name="Save"))
    assert "6 months" in phone.locator("#what-changed").inner_text()
    assert_accessible(phone, "retention after a save")

    phone.goto("/staff/admin/staff/")
    assert_accessible(phone, "staff accounts")
    load_after(phone.get_by_role("link", name="Invite someone"))
    assert_accessible(phone, "invite")
    load_after(phone.get_by_role("button", name="Send the invitation"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "invite with errors")
    phone.get_by_label("Email address").fill("new.person@example.org")
    phone.get_by_label("Team").select_option("sbc-asb")
    phone.get_by_label("Officer").check()
    load_after(phone.get_by_role("button", name="Send the invitation"))
    assert "Invitation sent" in phone.locator(".govuk-notification-banner").inner_text()
    assert_accessible(phone, "an account")
    phone.goto(f"/staff/admin/staff/{officer_id}")
    phone.get_by_label("Role").select_option("admin")
    load_after(phone.get_by_role("button", name="Change role"))
    assert_accessible(phone, "an account after a role change")

    with people.app_context():
        link = db.session.scalars(sa.select(OutboxMessage).filter_by(
            template="staff_invitation")).one().personalisation["link"]
    path = urlsplit(link).path
    load_after(phone.get_by_role("button", name="Sign out"))
    phone.goto(path)
    assert phone.locator("h1").inner_text() == "Choose your password"
    assert_accessible(phone, "choose a password")
    phone.get_by_label("Choose a password").fill("short")
    phone.get_by_label("Type it again").fill("short")
    load_after(phone.get_by_role("button", name="Save password"))
    assert phone.title().startswith("Error: ")
    assert_accessible(phone, "choose a password with an error")
    phone.get_by_label("Choose a password").fill("correct horse battery staple")
    phone.get_by_label("Type it again").fill("correct horse battery staple")
    load_after(phone.get_by_role("button", name="Save password"))
    assert "Your password is saved" in phone.locator("main").inner_text()
    phone.goto(path)
    assert phone.locator("h1").inner_text() == "This link no longer works"
    assert_accessible(phone, "a used link")
