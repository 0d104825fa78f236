"""The inbox list: order, filters, pages and overdue flags."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.casework import due
from app.casework.settings import Settings
from app.extensions import db
from app.inbox import visibility
from app.reporting import targets
from app.reporting.models import Report
from app.staff.accounts import by_email
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, ASB_COLLEAGUE


def listed(client, query: str = "") -> list[str]:
    page = Page(client.get(f"/staff/inbox?{query}"))
    assert page.response.status_code == 200
    return [a.get_text(strip=True) for a in page.soup.select("#reports tbody a")]


def test_highest_risk_first_then_waiting_longest(people, signed_in):
    with people.app_context():
        factories.report(reference="STD_OLD", risk="standard", age_days=9)
        factories.report(reference="HIGH_NEW", risk="high", age_days=1)
        factories.report(reference="NONE", risk=None, age_days=20)
        factories.report(reference="MEDIUM", risk="medium", age_days=2)
        factories.report(reference="HIGH_OLD", risk="high", age_days=3)
    client = signed_in(ASB)
    assert listed(client) == ["HIGH_OLD", "HIGH_NEW", "MEDIUM", "STD_OLD", "NONE"]
    assert listed(client, "sort=newest") == ["HIGH_NEW", "MEDIUM", "HIGH_OLD", "STD_OLD",
                                             "NONE"]


def test_filters(people, signed_in):
    with people.app_context():
        factories.report(reference="HATE1", kind="hate", area="Shephall")
        factories.report(reference="ASB1", assigned_to_id=by_email(ASB).id)
        factories.report(reference="ASB2", assigned_to_id=by_email(ASB_COLLEAGUE).id)
        factories.report(reference="CLOSED1", status="closed", outcome="resolved")
        old = factories.report(reference="OLD1")
        old.created_at = datetime(2025, 1, 15, 12, tzinfo=UTC)
        db.session.commit()
    client = signed_in(ASB)
    assert set(listed(client)) == {"HATE1", "ASB1", "ASB2", "OLD1"}
    assert listed(client, "status=closed") == ["CLOSED1"]
    assert len(listed(client, "status=all")) == 5
    assert listed(client, "kind=hate") == ["HATE1"]
    assert listed(client, "area=Shephall") == ["HATE1"]
    assert listed(client, "assigned=me") == ["ASB1"]
    assert set(listed(client, "assigned=unassigned")) == {"HATE1", "OLD1"}
    assert listed(client, "received_to=2025-01-31") == ["OLD1"]
    assert "OLD1" not in listed(client, "received_from=2025-02-01")
    assert listed(client, "reference=asb 1") == ["ASB1"]
    # Nonsense in the URL is ignored, not an error page.
    assert len(listed(client, "status=nope&kind=nope&sort=nope")) == 4


def test_pages_keep_the_filters(people, signed_in):
    people.config["INBOX_PAGE_SIZE"] = 2
    with people.app_context():
        for n in range(5):
            factories.report(reference=f"R{n}", age_days=10 - n)
        factories.report(reference="HATE1", kind="hate")
    client = signed_in(ASB)
    page = Page(client.get("/staff/inbox?kind=asb"))
    assert "5 reports" in page.text()
    next_link = page.soup.select_one(".govuk-pagination__next a")["href"]
    assert "kind=asb" in next_link and "page=2" in next_link
    assert listed(client, "kind=asb&page=3") == ["R4"]
    assert listed(client, "kind=asb&page=99") == []


@pytest.mark.parametrize("age_days, status, overdue", [
    (30, "new", True), (30, "acknowledged", False), (0, "new", False)])
def test_overdue_when_not_acknowledged_within_the_target(people, signed_in, age_days,
                                                               status, overdue):
    with people.app_context():
        factories.report(reference="R1", age_days=age_days, status=status)
    page = Page(signed_in(ASB).get("/staff/inbox"))
    row = page.soup.select_one("#reports tbody tr").get_text(" ", strip=True)
    # The first-contact target (a 30-day-old report is also past its risk review, which
    # the same column shows once the report has been contacted).
    assert ("Overdue: first contact" in row) is overdue
    assert ("1 overdue" in page.soup.select_one("#counts").get_text()) is overdue


def test_the_overdue_count_agrees_with_the_flag_on_each_report(people):
    """The inbox's count asks the database: it must count what each report's own dates flag, for
    an officer and an administrator, across priorities, teams, forwards and ages (the
    targets are content/casework.yaml's, the same for every team)."""
    levels = targets.targets(people.config["CONTENT_DIR"])
    settings = Settings(levels, frozenset(), 28, 3, 183)
    with people.app_context():
        for number, (teams, priority, age) in enumerate([
                (("sbc-asb",), "high", 2), (("sbc-asb",), "standard", 4),
                (("sbc-asb",), "standard", 30), (("sbc-neighbourhoods",), "medium", 6),
                (("sbc-asb", "herts-police-stevenage"), "medium", 3),
                (("herts-police-stevenage",), "standard", 40), (("sbc-communications",), None, 90),
                (("sbc-asb",), "high", 0)]):
            factories.report(*teams, reference=f"OD{number}", priority=priority,
                             risk=priority, age_days=age)
        read_only = factories.report("sbc-asb", reference="ODRO", age_days=30)
        read_only.routes[0].read_only = True
        db.session.commit()
        for email in (ASB, ADMIN):
            staff = by_email(email)
            waiting = list(db.session.scalars(visibility.visible_reports(staff)))
            flagged = sum(d.first_contact_overdue for d in due.dues(waiting, settings).values())
            summary = due.inbox_summary(staff, settings)
            assert summary.flagged["first_contact_overdue"] == flagged, email
            assert summary.by_status["new"] == len(
                [r for r in waiting if r.status == "new"]), email
            assert flagged > 0, email


def test_the_first_contact_target_follows_the_priority(people):
    """One source: content/casework.yaml's first-contact days for the report's level, for
    every team alike."""
    levels = targets.targets(people.config["CONTENT_DIR"])
    friday = datetime(2026, 11, 27, 10, tzinfo=UTC)
    with people.app_context():
        report = factories.report(reference="R1", priority="high", risk="high")
        report.created_at = friday
        assert targets.first_contact_due(report, levels, set()) == date(2026, 11, 30)  # Monday
        report.priority = "standard"
        assert targets.first_contact_due(report, levels, set()) == date(2026, 12, 4)  # 5 days
        db.session.rollback()
        assert db.session.scalar(sa.select(sa.func.count(Report.id))) == 1


def test_administrators_can_filter_by_team(people, signed_in):
    from tests.staff_helpers import ADMIN

    with people.app_context():
        factories.report("sbc-asb", reference="ASB1")
        factories.report("sbc-sada", reference="SADA1")
    admin = signed_in(ADMIN)
    assert listed(admin, "team=sbc-sada") == ["SADA1"]
    assert set(listed(admin)) == {"ASB1", "SADA1"}
    # For anyone else the filter changes nothing: they only ever see their own team.
    assert listed(signed_in(ASB), "team=sbc-sada") == ["ASB1"]


def _statements_for(app, client, path: str) -> int:
    with app.app_context():
        engine = db.engine
    seen = []

    def count(*_args):
        seen.append(1)

    sa.event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("path", ["/staff/inbox", "/staff/inbox?due=overdue",
                                  "/staff/inbox?sort=due&status=all"])
def test_a_longer_page_asks_the_database_no_more_often(people, signed_in, path):
    """A page's flags, dates and counts take the same few queries for 3 rows as for 15,
    whatever each row links to."""
    client = signed_in(ASB)
    with people.app_context():
        for number in range(2):
            factories.report(reference=f"A{number}", area="Bedwell", age_days=30 + number)
        factories.report(reference="CR0", kind="case_review", area=None, age_days=2,
                         answers={"earlier_references": [{"reference": "A1"}]})
    client.get(path)
    few = _statements_for(people, client, path)
    with people.app_context():
        for number in range(12):
            factories.report(reference=f"B{number}", area=("Bedwell", "Chells")[number % 2],
                             age_days=number, status=("new", "closed")[number % 2])
        factories.report(reference="CR1", kind="case_review", area=None, age_days=1,
                         answers={"earlier_references": [{"reference": "A0"}]})
    many = _statements_for(people, client, path)
    assert many == few, (few, many)
