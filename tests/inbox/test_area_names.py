"""No page shows an area's slug: the inbox, its filter, a report and each of its task
pages, the export and the referrals summary all say "Symonds Green", never
"symonds-green"."""

from tests import factories
from tests.conftest import Page
from tests.staff_helpers import ADMIN, ASB

SLUG, NAME = "symonds-green", "Symonds Green"


def test_no_staff_page_shows_an_area_slug(people, signed_in):
    with people.app_context():
        factories.report("sbc-asb", reference="ASB0001", area=SLUG,
                         answers={"where": "Behind the library", "area": SLUG,
                                  "description": "Noise every night."})
    officer = signed_in(ASB)
    report = "/staff/reports/ASB0001"
    urls = ["/staff/inbox", f"/staff/inbox?area={SLUG}", report, "/staff/referrals",
            *(report + task for task in ("/contact", "/status", "/close", "/notes",
                                         "/updates", "/assign", "/forward",
                                         "/classification", "/redact"))]
    for url in urls:
        response = officer.get(url)
        assert response.status_code == 200, url
        text = Page(response).text()
        assert SLUG not in text, url
    assert NAME in Page(officer.get(report)).text()
    assert NAME in Page(officer.get(f"/staff/inbox?area={SLUG}")).soup.select_one(
        "#area option[selected]").get_text()
    admin = signed_in(ADMIN)
    assert SLUG not in Page(admin.get("/staff/inbox")).text()
    csv_text = officer.get("/staff/export?received_from=2000-01-01&received_to=2100-12-31"
                           ).get_data(as_text=True)
    assert NAME in csv_text and SLUG not in csv_text
