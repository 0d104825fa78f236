"""The case-work pages load their area's stylesheet, and it styles every class they use (the
general check in test_asset_bundles.py visits pages without URL arguments or a session)."""

from datetime import date

from app.casework.models import DiaryEntry
from app.extensions import db
from tests import factories
from tests.casework_helpers import followable, open_at_follow_up
from tests.staff_helpers import ASB, post_form
from tests.web.test_asset_bundles import built, linked, unstyled_classes  # noqa: F401


def test_every_case_work_page_is_styled_by_its_bundle(people, signed_in, client, built):  # noqa: F811
    files, manifest = built
    with people.app_context():
        report = followable("R1", status="in_progress", area="bedwell")
        factories.report(reference="R2", area="bedwell")
        db.session.add(DiaryEntry(report_id=report.id, happened_on=date(2026, 11, 28),
                                  time_of_day="11pm", what_happened="Door", photo_ids=[]))
        db.session.commit()
    officer = signed_in(ASB)
    post_form(officer, "/staff/reports/R1/question", "/staff/reports/R1/question",
              {"text": "Which door?"})
    staff_urls = ["/staff/inbox", "/staff/reports/R1", "/staff/reports/R1/review",
                  "/staff/reports/R1/links", "/staff/reports/R1/links/R2/unlink",
                  "/staff/reports/R1/question", "/staff/reports/R1/diary"]
    pages = {url: (officer.get(url).get_data(as_text=True), "staff.css") for url in staff_urls}
    reporter = open_at_follow_up(client, "R1")
    question = reporter.page.soup.select_one("#questions a")["href"]
    for url in ("/follow-up/your-report", question, "/follow-up/diary/new"):
        pages[url] = (client.get(url).get_data(as_text=True), "report.css")
    missing = {}
    for url, (html, bundle) in pages.items():
        assert linked(html, manifest, "css") == [bundle], url
        if gaps := unstyled_classes(html, files[bundle]):
            missing[url] = sorted(gaps)
    assert not missing
