"""Response templates: two placeholders only, filled from the reference and the team's
name; a template tied to a status posts itself; kept in the browser by administrators,
every change audited; the seed leaves the browser's edits alone."""

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.inbox import actions, templates
from app.inbox.models import ResponseTemplate
from app.seeding import seed_all
from app.staff.accounts import by_email
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, post_form


@pytest.mark.parametrize("body", [
    "About {description}", "Hello {reference.__class__}", "{team!r}", "{reference:>40}",
    "A brace { on its own", "{}"])
def test_anything_but_the_two_placeholders_is_refused(body):
    assert templates.placeholder_problem(body) is not None


def test_the_two_placeholders_are_filled_and_nothing_else(people):
    with people.app_context():
        team = factories.team("sbc-asb")
        template = templates.save(by_email(ADMIN), team, title="Hello", purpose="update",
                                  status=None, body="Report {reference} is with the {team}.")
        assert templates.fill(template, "K7MP-3QXA") == (
            "Report K7MP-3QXA is with the Anti-social Behaviour team (Stevenage Borough "
            "Council).")
        with pytest.raises(templates.TemplateError) as refused:
            templates.save(by_email(ADMIN), team, title="Bad", purpose="update", status=None,
                           body="You said: {description}")
        assert refused.value.field == "body"


def test_one_template_a_status_and_questions_are_never_tied(people):
    with people.app_context():
        team, admin = factories.team("sbc-asb"), by_email(ADMIN)
        with pytest.raises(templates.TemplateError, match="already posted"):
            templates.save(admin, team, title="Another", purpose="update",
                           status="acknowledged", body="Read {reference}.")
        with pytest.raises(templates.TemplateError, match="Only an update"):
            templates.save(admin, team, title="Ask", purpose="question", status="closed",
                           body="Anything else about {reference}?")


def test_a_template_tied_to_closing_is_posted_when_a_report_is_closed(people):
    with people.app_context():
        templates.save(by_email(ADMIN), factories.team("sbc-asb"), title="Closed",
                       purpose="update", status="closed", body="We closed {reference}.")
        report = factories.report("sbc-asb", reference="ASB0009", status="in_progress")
        actions.change_status(by_email(ASB), report, "closed", "resolved", site_url="http://t")
        updates = [e.body for e in report.events if e.kind == "public_update"]
        assert updates == ["We closed ASB0009."]


def test_the_seed_leaves_a_teams_browser_edits_alone(people):
    with people.app_context():
        team = factories.team("sbc-asb")
        [acknowledgement] = templates.tied_to([team.id], "acknowledged")
        templates.save(by_email(ADMIN), team, title="Ours now", purpose="update",
                       status="acknowledged", body="Edited {reference}.",
                       template=acknowledgement)
        db.session.commit()
        count = db.session.scalar(sa.select(sa.func.count(ResponseTemplate.id)))
        seed_all(people.config["CONTENT_DIR"])
        assert db.session.scalar(sa.select(sa.func.count(ResponseTemplate.id))) == count
        assert db.session.get(ResponseTemplate, acknowledgement.id).title == "Ours now"


def test_administrators_keep_templates_in_the_browser_and_every_change_is_audited(
        people, signed_in):
    admin = signed_in(ADMIN)
    listing = Page(admin.get("/staff/templates/?team=sbc-asb"))
    assert "Acknowledgement" in listing.text()
    url = "/staff/templates/new?team=sbc-asb"
    refused = post_form(admin, url, url, {"title": "Visit", "purpose": "update",
                                          "body": "We saw {name}"})
    assert refused.status_code == 400
    page = Page(refused)
    assert page.title.startswith("Error: ")
    link = page.soup.select_one(".govuk-error-summary a")
    assert "{name} is not a placeholder" in link.get_text()
    assert page.soup.select_one(link["href"]) is not None
    assert page.soup.select_one("#title")["value"] == "Visit"  # nothing typed is lost
    saved = post_form(admin, url, url, {"title": "Visit", "purpose": "update",
                                        "body": "We visited about {reference}."}, follow=True)
    assert "Template \u201cVisit\u201d saved." in Page(saved).text()
    with people.app_context():
        template = db.session.scalars(sa.select(ResponseTemplate).filter_by(title="Visit")).one()
        template_id = template.id
    edit = f"/staff/templates/{template_id}"
    post_form(admin, edit, edit, {"title": "Visited", "purpose": "update",
                                  "body": "We visited about {reference}."})
    post_form(admin, edit, edit + "/delete", {})
    with people.app_context():
        assert db.session.get(ResponseTemplate, template_id) is None
        logged = db.session.scalars(sa.select(AuditEvent.action).where(
            AuditEvent.action.like("template_%")).order_by(AuditEvent.id)).all()
    assert logged == ["template_created", "template_changed", "template_deleted"]


def test_officers_cannot_edit_templates(people, signed_in):
    officer = signed_in(ASB)
    assert officer.get("/staff/templates/").status_code == 403
    assert officer.get("/staff/templates/new").status_code == 403
