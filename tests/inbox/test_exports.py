"""The CSV export of a team's reports and the quarterly referrals summary."""

import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.figures.quarters import Quarter
from app.figures.referrals import referrals_for
from app.inbox import exports
from app.reporting.models import Report, ReportRoute
from app.staff.accounts import by_email
from app.staff.models import AuditEvent
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB, SADA

ALL_TIME = "received_from=2000-01-01&received_to=2100-12-31"


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def contact_report(app):
    with app.app_context():
        factories.report("sbc-asb", reference="ASB0001", area="=HYPERLINK(\"http://x\")",
                         answers={"what_happened": "SECRET-ANSWER"},
                         contact={"name": "Ann Other", "email": "ann@example.org",
                                  "phone": "07700900123", "voicemail": "no"})


def test_the_export_has_no_answers_and_no_contact_for_an_officer(people, signed_in):
    contact_report(people)
    response = signed_in(ASB).get(f"/staff/export?{ALL_TIME}&include_contact=y")
    text = response.get_data(as_text=True)
    [row] = rows_of(response)
    assert row["reference"] == "ASB0001" and row["teams"] == "sbc-asb"
    assert "contact_email" not in row
    for secret in ("SECRET-ANSWER", "Ann Other", "ann@example.org", "07700900123"):
        assert secret not in text
    assert row["area"].startswith("'=")  # a spreadsheet will not run it
    assert 'attachment; filename="so-safe-reports-2000-01-01-to-2100-12-31.csv"' == \
        response.headers["Content-Disposition"]


def test_an_administrator_may_include_contact_details_when_asked(people, signed_in):
    contact_report(people)
    admin = signed_in(ADMIN)
    assert "contact_email" not in rows_of(admin.get(f"/staff/export?{ALL_TIME}"))[0]
    [row] = rows_of(admin.get(f"/staff/export?{ALL_TIME}&include_contact=y"))
    assert (row["contact_name"], row["contact_email"], row["contact_phone"]) == (
        "Ann Other", "ann@example.org", "07700900123")
    assert row["contact_preferences"] == "voicemail: no"
    with people.app_context():
        details = db.session.scalars(sa.select(AuditEvent.detail).where(
            AuditEvent.action == "reports_exported")).all()
    assert [d["contact"] for d in details] == [False, True]
    assert all(d["reports"] == 1 for d in details)


def test_the_date_range_is_whole_days_in_stevenage(people, signed_in):
    with people.app_context():
        # 23:30 UTC on 31 May is 00:30 on 1 June in Stevenage (summer time).
        factories.report("sbc-asb", reference="JUNE001").created_at = datetime(
            2026, 5, 31, 23, 30, tzinfo=UTC)
        db.session.commit()
    client = signed_in(ASB)
    june = client.get("/staff/export?received_from=2026-06-01&received_to=2026-06-30")
    may = client.get("/staff/export?received_from=2026-05-01&received_to=2026-05-31")
    assert [r["reference"] for r in rows_of(june)] == ["JUNE001"]
    assert rows_of(may) == []


def test_export_mistakes_are_shown_on_the_form(people, signed_in):
    client = signed_in(ASB)
    page = Page(client.get("/staff/export?received_from=2026-06-01&received_to=2026-05-01"))
    assert page.response.status_code == 400
    assert page.title.startswith("Error: ")
    link = page.soup.select_one(".govuk-error-summary a")
    assert "same as or after the first date" in link.get_text()
    assert page.soup.select_one(link["href"]) is not None
    empty = Page(client.get("/staff/export?received_from=&received_to="))
    assert empty.response.status_code == 400
    links = [a["href"] for a in empty.soup.select(".govuk-error-summary a")]
    assert links == ["#received_from", "#received_to"]


@pytest.mark.parametrize("cell", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1",
    "\ufeff=HYPERLINK(\"http://x\")", "\u200b=1", "\u200c\u200d+1", "\u2060@x",
    "\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20SUM(A1)", "\ufeff\u200b\uff1d1",
])
def test_cells_a_spreadsheet_would_run_are_kept_as_text(cell):
    assert exports.spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Bedwell", "1-2 Marshgate", "a=b", "\u200bBedwell", ""])
def test_other_cells_are_left_alone(cell):
    assert exports.spreadsheet_safe(cell) == cell


def test_comms_staff_cannot_export(people, signed_in):
    from tests.staff_helpers import COMMS

    assert signed_in(COMMS).get(f"/staff/export?{ALL_TIME}").status_code == 403


# --- the quarterly referrals summary -----------------------------------------------------------

LONDON = ZoneInfo("Europe/London")
APRIL_TO_JUNE_2026 = Quarter(2026, 1)  # Q1 of the financial year 2026/27


def in_quarter(app, year=2026, month=5):
    """Reports whose routes were made in April to June 2026."""
    moment = datetime(year, month, 10, 12, tzinfo=UTC)
    with app.app_context():
        made = [
            factories.report("sbc-asb", reference="Q2ASB1"),
            factories.report("sbc-asb", reference="Q2GNMP", counts_as_asb=False,
                             category="gnmp"),
            factories.report("sbc-asb", "sbc-sada", kind="stalking", reference="Q2STLK"),
            factories.report("sbc-sada", kind="hate", reference="Q2HATE"),
        ]
        closed = db.session.scalars(sa.select(Report).filter_by(reference="Q2ASB1")).one()
        closed.status, closed.outcome = "closed", "resolved"
        for report in made:
            report.created_at = moment
            for route in report.routes:
                route.created_at = moment
        db.session.commit()


def test_the_summary_counts_by_team_kind_and_outcome(people):
    in_quarter(people)
    with people.app_context():
        factories.report("sbc-asb", reference="LATER")  # now: not in Q2 2026
        rows = {row.team.slug: row for row in referrals_for(
            by_email(ADMIN), APRIL_TO_JUNE_2026, LONDON)}
    asb, sada = rows["sbc-asb"], rows["sbc-sada"]
    assert asb.referrals == 3
    assert asb.by_kind == {"asb": 1, "gnmp": 1, "hate": 0, "stalking": 1, "case_review": 0}
    assert asb.by_outcome["resolved"] == 1 and asb.by_outcome["open"] == 2
    assert sada.referrals == 2 and sada.by_kind["hate"] == 1 and sada.by_kind["stalking"] == 1
    assert rows["herts-police-stevenage"].referrals == 0


def test_a_forward_is_a_referral_for_the_team_it_reaches_counted_once(people):
    in_quarter(people)
    with people.app_context():
        report = db.session.scalars(sa.select(Report).filter_by(reference="Q2ASB1")).one()
        sada = factories.team("sbc-sada")
        for _ in range(2):  # forwarded there twice: still one referral
            db.session.add(ReportRoute(report=report, team=sada, rule_id="forward",
                                       created_at=datetime(2026, 6, 1, tzinfo=UTC)))
        db.session.commit()
        rows = {row.team.slug: row for row in referrals_for(
            by_email(ADMIN), APRIL_TO_JUNE_2026, LONDON)}
    assert rows["sbc-sada"].referrals == 3


def test_the_summary_page_and_csv(people, signed_in):
    in_quarter(people)
    admin = signed_in(ADMIN)
    page = Page(admin.get("/staff/referrals?quarter=2026-27-Q1"))
    assert "April to June 2026" in page.text()
    asb = page.soup.select_one('table[data-team="sbc-asb"]')
    assert "3 referrals" in asb.caption.get_text()
    cells = {row.th.get_text(strip=True): row.td.get_text(strip=True)
             for row in asb.select("tbody tr")}
    assert cells["Good Neighbourhood Management (not ASB)"] == "1"
    assert cells["Outcome: Resolved"] == "1"
    assert "5 referrals in all" in page.text()
    table = list(csv.reader(io.StringIO(admin.get(
        "/staff/referrals.csv?quarter=2026-27-Q1").get_data(as_text=True))))
    header, rows = table[0], {row[0]: row for row in table[1:]}
    assert header[:3] == ["Team", "Referrals", "ASB"]
    assert rows["Anti-social Behaviour team (Stevenage Borough Council)"][1] == "3"
    # A SADA worker sees SADA's row only.
    mine = Page(signed_in(SADA).get("/staff/referrals?quarter=2026-27-Q1"))
    assert [t["data-team"] for t in mine.soup.select("table[data-team]")] == ["sbc-sada"]
