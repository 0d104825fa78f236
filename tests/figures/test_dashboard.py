"""The partnership manager's dashboard: the referrals table and its CSV and .xlsx give the
seeded quarter's counts exactly; charts carry tables of the same numbers; partner figures
typed in by hand show who and when, and are audited."""

import csv
import io

import openpyxl
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.figures import downloads
from app.figures.referrals import MeetingLine
from app.staff.models import AuditEvent
from tests.conftest import Page
from tests.figures.helpers import LONDON, MANAGER, QUARTER, REFERRALS, seed_quarter
from tests.staff_helpers import ADMIN, ASB, COMMS, post_form

URL = f"/staff/dashboard/?quarter={QUARTER.key}"
MEETING = {
    "Strategic Community Safety": "3",
    "No More Service": "–",
    "SADA Service": "2",
    "Resettlement Team": "1",
    "Rough Sleeper Team": "1",
    "Rough sleeper count": "–",
    "ASB": "5",
    "Low-level ASB (Good Neighbourhood Management)": "2",
}


def meeting_table(page: Page) -> dict[str, str]:
    rows = page.soup.select("#meeting-table tbody tr")
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in rows}


def test_the_referrals_table_gives_the_seeded_counts(people, manager):
    seed_quarter(people)
    page = Page(manager.get(URL))
    assert page.response.status_code == 200
    assert page.h1 == "Partnership figures"
    assert "Q1 is April to June" in page.text()
    assert meeting_table(page) == MEETING
    teams = {row["data-team"]: row.select("td")[0].get_text(strip=True)
             for row in page.soup.select("#team-kinds tbody tr[data-team]")}
    assert teams == {slug: str(count) for slug, count in REFERRALS.items()}
    assert page.response.headers["Cache-Control"] == "no-store"


def test_the_csv_and_the_spreadsheet_give_the_same_counts(people, manager):
    seed_quarter(people)
    response = manager.get(f"/staff/dashboard/referrals.csv?quarter={QUARTER.key}")
    assert response.mimetype == "text/csv"
    assert f"so-safe-referrals-{QUARTER.key}.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == downloads.MEETING_HEADER
    assert {row[0]: row[1] or "–" for row in rows[1:]} == MEETING

    response = manager.get(f"/staff/dashboard/referrals.xlsx?quarter={QUARTER.key}")
    assert response.mimetype == downloads.XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.get_data()))
    sheet = workbook["Referrals"]
    assert sheet["A1"].value == "So Safe referrals, Q1 2025/26 (April to June 2025)"
    assert [c.value for c in sheet[3]] == downloads.MEETING_HEADER
    table = {row[0]: "–" if row[1] is None else str(row[1])
             for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert table == MEETING
    assert all(isinstance(row[1], int) for row in sheet.iter_rows(min_row=4, values_only=True)
               if row[1] is not None)
    every_team = workbook["Every team"]
    names = {row[0]: row[1] for row in every_team.iter_rows(min_row=4, values_only=True)}
    assert names["Hertfordshire Constabulary – Stevenage"] == REFERRALS["herts-police-stevenage"]
    with people.app_context():
        formats = db.session.scalars(sa.select(AuditEvent.detail).filter_by(
            action="figures_downloaded")).all()
    assert [f["format"] for f in formats] == ["csv", "xlsx"]


def test_downloads_neutralise_formulas():
    line = MeetingLine('=HYPERLINK("http://x","y")', 3, "team")
    text = downloads.meeting_csv([line], LONDON)
    assert list(csv.reader(io.StringIO(text)))[1][0].startswith("'=")
    workbook = openpyxl.load_workbook(io.BytesIO(downloads.meeting_xlsx([line], [], QUARTER,
                                                                        LONDON)))
    cells = [cell for row in workbook["Referrals"].iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_who_sees_the_dashboard(people, manager, signed_in):
    assert manager.get("/staff/").headers["Location"].endswith("/staff/dashboard/")
    assert manager.get("/staff/inbox").status_code == 403
    assert signed_in(ADMIN).get(URL).status_code == 200
    for email in (ASB, COMMS):
        assert signed_in(email).get(URL).status_code == 403
        assert signed_in(email).get("/staff/dashboard/referrals.xlsx").status_code == 403
    anonymous = people.test_client().get(URL)
    assert anonymous.status_code == 302 and "/staff/login" in anonymous.headers["Location"]
    nav = Page(manager.get(URL)).soup.select(".govuk-service-navigation__link")
    assert [a.get_text(strip=True) for a in nav] == ["Partnership figures", "Sign-in codes"]


@pytest.mark.parametrize("asked", ["<script>", "2099-00-Q1", "2025-Q1", "9999-00-Q9"])
def test_an_odd_quarter_in_the_link_shows_this_quarter(people, manager, asked):
    response = manager.get("/staff/dashboard/", query_string={"quarter": asked})
    assert response.status_code == 200
    assert "<script>" not in response.get_data(as_text=True).split("<main")[1]


def test_every_chart_has_a_table_of_the_same_numbers(people, manager):
    seed_quarter(people)
    page = Page(manager.get(URL))
    svgs = page.soup.select("svg[data-chart]")
    assert len(svgs) == 7  # 6 trends and the areas
    for svg in svgs:
        chart_id = svg["data-chart"]
        drawn = [t.get_text(strip=True) for t in svg.select("text[data-value]")]
        table = page.soup.select_one(f'table[data-chart-table="{chart_id}"]')
        assert [td.get_text(strip=True) for td in table.select("tbody td")] == drawn, chart_id
        assert svg["role"] == "img"
        assert svg.find("title").get_text() and svg.find("desc").get_text()
        assert svg["aria-labelledby"] == f"{chart_id}-title {chart_id}-desc"
    asb = page.soup.select_one('table[data-chart-table="asb-reports-each-quarter"]')
    assert asb.select("tbody tr")[-1].get_text(" ", strip=True) == "Q1 2025/26 5"
    areas = page.soup.select_one('table[data-chart-table="reports-by-area-q1-2025-26"]')
    assert areas.select("tbody tr")[0].get_text(" ", strip=True) == "Bedwell 6"


def test_partner_figures_are_typed_in_by_hand_and_audited(people, manager):
    url = f"/staff/dashboard/partner-figures?quarter={QUARTER.key}"
    wrong = post_form(manager, url, url, {"figure_rough_sleeper_count": "lots"})
    assert wrong.status_code == 400
    page = Page(wrong)
    assert page.title.startswith("Error: ")
    message = page.soup.select_one("#figure_rough_sleeper_count-error").get_text(strip=True)
    assert "Rough sleeper count must be a whole number" in message
    assert page.soup.select_one("#figure_rough_sleeper_count")["value"] == "lots"
    link = page.soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#figure_rough_sleeper_count"

    saved = post_form(manager, url, url, {"figure_rough_sleeper_count": "16"})
    assert saved.status_code == 302
    assert post_form(manager, url, url, {"figure_rough_sleeper_count": "17",
                                         "figure_no_more_service": "139"}).status_code == 302
    page = Page(manager.get(URL))
    assert meeting_table(page)["Rough sleeper count"] == "17"
    assert meeting_table(page)["No More Service"] == "139"
    row = next(r for r in page.soup.select("#meeting-table tbody tr")
               if r.th.get_text(strip=True) == "Rough sleeper count")
    assert "Entered by hand" in row.get_text() and MANAGER in row.get_text()
    with people.app_context():
        changes = db.session.execute(sa.select(AuditEvent.target, AuditEvent.detail).filter_by(
            action="partner_figure_entered").order_by(AuditEvent.id)).all()
    assert changes == [
        (f"{QUARTER.key} rough-sleeper-count", {"previous": None, "value": 16}),
        (f"{QUARTER.key} no-more-service", {"previous": None, "value": 139}),
        (f"{QUARTER.key} rough-sleeper-count", {"previous": 16, "value": 17}),
    ]
    cleared = post_form(manager, url, url, {"figure_rough_sleeper_count": "",
                                            "figure_no_more_service": "139"})
    assert cleared.status_code == 302
    assert meeting_table(Page(manager.get(URL)))["Rough sleeper count"] == "–"


def test_only_the_manager_and_admins_type_in_figures(people, signed_in):
    url = f"/staff/dashboard/partner-figures?quarter={QUARTER.key}"
    assert signed_in(ASB).get(url).status_code == 403
    assert signed_in(ADMIN).get(url).status_code == 200
