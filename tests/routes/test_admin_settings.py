"""The teams, risk scoring and retention pages: the checks next to each field, a version
of every save with a way back, and the retention period reaching the privacy notice and
the purge."""

from datetime import timedelta

import sqlalchemy as sa

from app.core import clock
from app.extensions import db
from app.partnership.models import Team
from app.reporting import retention, risk
from app.reporting.models import Report
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, post_form

TEAM_FIELDS = {"slug": "asylum-liaison", "name": "Asylum Accommodation Liaison",
               "partner": "sbc", "notification_email": "liaison@example.org",
               "requires_totp": "y"}


def test_an_administrator_adds_and_changes_a_team(signed_in, people):
    admin = signed_in(ADMIN)
    assert signed_in(ASB).get("/staff/admin/teams/").status_code == 403
    # Targets are not a team setting: the page says where they live.
    form_page = Page(admin.get("/staff/admin/teams/new"))
    assert "content/casework.yaml" in form_page.soup.select_one("#targets").text
    assert form_page.soup.select_one("#target_high") is None
    response = post_form(admin, "/staff/admin/teams/new", "/staff/admin/teams/new",
                         TEAM_FIELDS, follow=True)
    assert "Added asylum-liaison" in Page(response).soup.select_one("#what-changed").text
    with people.app_context():
        team = db.session.scalar(sa.select(Team).filter_by(slug="asylum-liaison"))
        assert (team.name, team.partner.slug, team.requires_totp) == (
            "Asylum Accommodation Liaison", "sbc", True)
        assert db.session.scalar(sa.select(AuditEvent).filter_by(action="team_added")
                                 ).target == "asylum-liaison"

    url = "/staff/admin/teams/asylum-liaison"
    response = post_form(admin, url, url, {**TEAM_FIELDS, "notification_email": "not an email",
                                           "name": ""})
    page = Page(response)
    assert response.status_code == 400 and page.title.startswith("Error: ")
    assert "team's name" in page.soup.select_one("#name-error").text
    assert page.soup.select_one("#notification_email")["value"] == "not an email"

    response = post_form(admin, url, url, {**TEAM_FIELDS, "notification_email": "not an email"})
    assert "correct format" in Page(response).soup.select_one("#notification_email-error").text

    response = post_form(admin, url, url, {**TEAM_FIELDS, "fallback": "y"}, follow=True)
    with people.app_context():
        fallbacks = list(db.session.scalars(sa.select(Team.slug).filter_by(is_fallback=True)))
        assert fallbacks == ["asylum-liaison"]
    url = "/staff/admin/teams/asylum-liaison"
    response = post_form(admin, url, url, {k: v for k, v in TEAM_FIELDS.items()
                                           if k != "slug"})
    assert "make another team the fallback" in Page(response).soup.select_one(
        "#fallback-error").text


def test_the_way_back_for_teams(signed_in, people):
    admin = signed_in(ADMIN)
    url = "/staff/admin/teams/sbc-asb"
    with people.app_context():
        seeded = db.session.scalar(sa.text(
            "SELECT id FROM setting_version WHERE area = 'teams'"))
    post_form(admin, url, url, {"name": "Renamed", "partner": "sbc", "requires_totp": "y"})
    with people.app_context():
        assert factories.team("sbc-asb").name == "Renamed"
    post_form(admin, "/staff/admin/teams/", f"/staff/admin/teams/versions/{seeded}/restore", {})
    with people.app_context():
        team = factories.team("sbc-asb")
        assert team.name.startswith("Anti-social Behaviour team")
        assert not team.requires_totp


def test_risk_weights_and_bands_with_a_dry_run(signed_in, people):
    admin = signed_in(ADMIN)
    url = "/staff/admin/risk/"
    response = admin.get(url)
    assert Page(response).soup.select_one("#medium")["value"] == "3"
    fields = {"try-repeat": "often", "try-effects": ["sleep"], "try_it": "Try it",
              "medium": "2", "high": "6", "weight-repeat-often": "2"}
    page = Page(post_form(admin, url, url, fields))
    with people.app_context():
        current = risk.model(people.config["CONTENT_DIR"])
    for key, table in current.weights.items():
        for value, weight in table.items():
            fields.setdefault(f"weight-{key}-{value}", str(weight))
    page = Page(post_form(admin, url, url, fields))
    result = page.soup.select_one("#dry-run-result").get_text(" ", strip=True)
    assert "score 3" in result and "medium risk" in result
    assert "With the scoring in use now: medium risk" in result

    page = Page(post_form(admin, url, url, {**fields, "medium": "7", "try_it": ""}))
    assert "medium band must be above 0 and below the high band" in page.text()
    page = Page(post_form(admin, url, url, {**fields, "weight-repeat-often": "-1",
                                            "try_it": ""}))
    assert "whole numbers, 0 or more" in page.text()

    fields.pop("try_it")
    response = post_form(admin, url, url, {**fields, "weight-repeat-often": "4"}, follow=True)
    assert "Weight of repeat = often: 2 to 4" in Page(response).text()
    assert "The medium band: from a score of 3 to 2" in Page(response).text()
    with people.app_context():
        live = risk.model(people.config["CONTENT_DIR"])
        assert (live.medium, live.weights["repeat"]["often"]) == (2, 4)
        assert live.assess({"repeat": "often"}) == "medium"


def test_retention_of_6_months_changes_the_privacy_notice_and_the_purge(signed_in, people,
                                                                        client):
    assert "Reports are deleted 12 months after" in Page(client.get("/privacy")).text()
    assert "{{" not in Page(client.get("/privacy")).text()
    now = clock.current_time()
    with people.app_context():
        for reference, days in (("CLOSED-200", 200), ("CLOSED-100", 100)):
            factories.report("sbc-asb", reference=reference, status="closed",
                             closed_at=now - timedelta(days=days))
    runner = people.test_cli_runner()
    assert "0 reports closed more than 12 months ago" in runner.invoke(
        args=["retention", "purge"]).output

    admin = signed_in(ADMIN)
    url = "/staff/admin/retention/"
    page = Page(post_form(admin, url, url, {"months": "0"}))
    assert "from 1 to 120" in page.soup.select_one("#months-error").text
    page = Page(post_form(admin, url, url, {"months": "six"}))
    assert page.soup.select_one("#months")["value"] == "six"
    response = post_form(admin, url, url, {"months": "6"}, follow=True)
    assert "12 months to 6 months" in Page(response).text()

    text = Page(client.get("/privacy")).text()
    assert "Reports are deleted 6 months after the team closes them" in text
    assert "12 months" not in text
    result = runner.invoke(args=["retention", "purge"])
    assert "1 reports closed more than 6 months ago" in result.output
    with people.app_context():
        assert list(db.session.scalars(sa.select(Report.reference))) == ["CLOSED-100"]
        assert retention.retention_months() == 6
        entry = db.session.scalar(sa.select(AuditEvent).filter_by(action="retention_changed"))
        assert entry.detail == {"before": 12, "after": 6}


def test_months_before_keeps_the_day_or_the_months_last():
    from datetime import datetime

    from app.reporting.retention import months_before

    assert months_before(datetime(2026, 8, 31, 9), 6) == datetime(2026, 2, 28, 9)
    assert months_before(datetime(2026, 1, 15), 12) == datetime(2025, 1, 15)
    assert months_before(datetime(2026, 3, 1), 14) == datetime(2025, 1, 1)
