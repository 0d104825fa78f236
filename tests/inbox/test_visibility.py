"""Each team sees only its own reports: by URL, in the list, search, counts, filters, the
export and the referrals summary. Forwarding moves a report to the new team."""

import csv
import io

from app.extensions import db
from app.inbox.visibility import access, report_for, visible_reports
from app.reporting.models import Report
from app.staff.accounts import by_email
from tests import factories
from tests.conftest import Page
from tests.staff_helpers import (
    ADMIN,
    ASB,
    COMMS,
    SADA,
    post_form,
)


def make_reports(app):
    with app.app_context():
        ours = factories.report("sbc-asb", reference="ASB0001", area="Bedwell", photos=1)
        theirs = factories.report("sbc-sada", kind="stalking", reference="SADA001",
                                  area="Shephall", risk="high", photos=1)
        both = factories.report("sbc-asb", "herts-police-stevenage", reference="BOTH001")
        return ours.reference, theirs.reference, both.reference, theirs.photos[0].id


def references_on(page: Page) -> set[str]:
    return {a.get_text(strip=True) for a in page.soup.select("#reports a")}


def test_another_teams_report_is_404_by_url_photo_and_action(people, signed_in):
    _, theirs, _, photo_id = make_reports(people)
    client = signed_in(ASB)
    assert client.get(f"/staff/reports/{theirs}").status_code == 404
    assert client.get(f"/staff/reports/{theirs.lower()}").status_code == 404
    assert client.get(f"/staff/reports/{theirs}/photos/{photo_id}").status_code == 404
    # Even with a valid token from a page of our own, acting on theirs is a 404.
    own = Page(client.get("/staff/reports/ASB0001/notes"))
    token = own.form_data('form[action$="/notes"]')
    response = client.post(f"/staff/reports/{theirs}/notes",
                           data=token | {"note-text": "should not land"})
    assert response.status_code == 404
    with people.app_context():
        report = db.session.scalars(db.select(Report).filter_by(reference=theirs)).one()
        assert [e.kind for e in report.events] == ["created"]


def test_the_owning_team_sees_its_report_and_its_photo(people, signed_in):
    _, theirs, _, photo_id = make_reports(people)
    client = signed_in(SADA)
    page = Page(client.get(f"/staff/reports/{theirs}"))
    assert page.response.status_code == 200
    assert "Report SADA001" in page.h1
    photo = client.get(f"/staff/reports/{theirs}/photos/{photo_id}")
    assert photo.status_code == 200 and photo.data.startswith(b"\x89PNG")
    assert photo.headers["Cache-Control"] == "no-store"


def test_never_in_the_list_search_counts_or_filters(people, signed_in):
    make_reports(people)
    client = signed_in(ASB)
    page = Page(client.get("/staff/inbox?status=all"))
    assert references_on(page) == {"ASB0001", "BOTH001"}
    assert "SADA001" not in page.text()
    search = Page(client.get("/staff/inbox?reference=SADA001&status=all"))
    assert references_on(search) == set()
    assert "0 reports" in search.text()
    partial = Page(client.get("/staff/inbox?reference=001&status=all"))
    assert references_on(partial) == {"ASB0001", "BOTH001"}
    counts = page.soup.select_one("#counts").get_text(" ", strip=True)
    assert "New: 2" in counts
    areas = [o.get_text() for o in page.soup.select("select[name=area] option")]
    assert "Shephall" not in areas and "Bedwell" in areas
    assert references_on(Page(client.get("/staff/inbox?risk=high&status=all"))) == set()


def test_never_in_the_export_or_the_referrals_summary(people, signed_in):
    make_reports(people)
    client = signed_in(ASB)
    response = client.get("/staff/export?received_from=2000-01-01&received_to=2100-12-31")
    assert response.status_code == 200, response.data[:500]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert {row["reference"] for row in rows} == {"ASB0001", "BOTH001"}
    summary = Page(client.get("/staff/referrals"))
    assert [t["data-team"] for t in summary.soup.select("table[data-team]")] == ["sbc-asb"]
    assert "2 referrals" in summary.text()
    summary_csv = client.get("/staff/referrals.csv").get_data(as_text=True)
    assert "SADA" not in summary_csv and "Anti-social Behaviour team" in summary_csv


def test_a_report_routed_to_two_teams_is_seen_by_both(people, signed_in):
    make_reports(people)
    with people.app_context():
        factories.staff("police.officer@example.org", "herts-police-stevenage")
        police = by_email("police.officer@example.org")
        asb = by_email(ASB)
        assert report_for(police, "BOTH001") is not None
        assert report_for(asb, "BOTH001") is not None
        assert report_for(police, "ASB0001") is None


def test_forwarding_moves_the_report_to_the_new_team(people, signed_in):
    make_reports(people)
    asb = signed_in(ASB)
    response = post_form(asb, "/staff/reports/ASB0001/forward", "/staff/reports/ASB0001/forward", {
        "forward-team": "sbc-sada", "forward-reason": "Partner abuse disclosed",
        "forward-keep_read_access": "no"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/inbox")
    assert asb.get("/staff/reports/ASB0001").status_code == 404
    assert "ASB0001" not in references_on(Page(asb.get("/staff/inbox?status=all")))

    sada = signed_in(SADA)
    assert "ASB0001" in references_on(Page(sada.get("/staff/inbox")))
    page = Page(sada.get("/staff/reports/ASB0001"))
    assert "Forwarded to SADA" in page.text()
    assert "Partner abuse disclosed" in page.text()
    assert page.soup.select_one('#tasks a[href$="/notes"]') is not None


def test_forwarding_with_read_access_kept_is_read_only(people, signed_in):
    make_reports(people)
    asb = signed_in(ASB)
    post_form(asb, "/staff/reports/ASB0001/forward", "/staff/reports/ASB0001/forward", {
        "forward-team": "sbc-sada", "forward-reason": "Joint case",
        "forward-keep_read_access": "yes"})
    page = Page(asb.get("/staff/reports/ASB0001"))
    assert page.response.status_code == 200
    assert "read-only access" in page.text()
    assert page.soup.select('form[action^="/staff/reports/ASB0001/"]') == []
    assert page.soup.select("#tasks") == []
    assert asb.get("/staff/reports/ASB0001/notes").status_code == 403
    token = Page(asb.get("/staff/inbox")).soup  # any page: the sign-out form has a token
    data = {"csrf_token": token.select_one("input[name=csrf_token]")["value"],
            "note-text": "trying anyway"}
    assert asb.post("/staff/reports/ASB0001/notes", data=data).status_code == 403
    with people.app_context():
        report = db.session.scalars(db.select(Report).filter_by(reference="ASB0001")).one()
        assert access(by_email(ASB), report) == "read"
        assert access(by_email(SADA), report) == "full"


def test_administrators_see_every_team_and_comms_staff_none(people, signed_in):
    make_reports(people)
    admin = signed_in(ADMIN)
    assert references_on(Page(admin.get("/staff/inbox?status=all"))) == {
        "ASB0001", "SADA001", "BOTH001"}
    assert admin.get("/staff/reports/SADA001").status_code == 200
    comms = signed_in(COMMS)
    assert comms.get("/staff/inbox").status_code == 403
    assert comms.get("/staff/reports/ASB0001").status_code == 403
    with people.app_context():
        assert db.session.scalars(visible_reports(by_email(COMMS))).all() == []
