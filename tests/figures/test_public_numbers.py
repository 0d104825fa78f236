"""Stevenage in numbers: comms publish a quarter's snapshot; 1 to 4 shows as "fewer than
5"; no total gives a hidden count away; hate crime and stalking are never shown by area;
the page is cacheable and never changes with the reports underneath."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.figures import public
from app.figures.models import PublishedNumbers
from app.figures.quarters import Quarter
from app.pages.models import Page as PageRow
from app.staff.models import AuditEvent
from tests.conftest import Page
from tests.figures.helpers import IN_QUARTER, LONDON, QUARTER, at, seed_quarter
from tests.routes_catalogue import public_get_urls
from tests.staff_helpers import ASB, COMMS, post_form

STAFF_URL = "/staff/in-numbers/"


def publish(signed_in, quarter: Quarter = QUARTER):
    return post_form(signed_in(COMMS), STAFF_URL, "/staff/in-numbers/publish",
                     {"publish-quarter": quarter.key})


def kinds_on(page: Page) -> dict[str, str]:
    return {row.th.get_text(strip=True): row.td.get_text(strip=True)
            for row in page.soup.select("#kinds tbody tr")}


@pytest.mark.parametrize("count, stored, text", [
    (0, 0, "0"), (1, None, "fewer than 5"), (4, None, "fewer than 5"), (5, 5, "5"),
    (1234, 1234, "1,234")])
def test_small_numbers_are_hidden(count, stored, text):
    assert public.suppress(count) == stored
    assert public.shown(public.suppress(count)) == text


def test_three_hate_crimes_show_as_fewer_than_5_and_never_by_area(people, signed_in,
                                                                  client):
    seed_quarter(people)  # 3 hate crimes, 5 ASB, 2 GNMP, 1 stalking in Bedwell and around
    assert publish(signed_in).status_code == 302
    page = Page(client.get("/in-numbers"))
    assert page.response.status_code == 200
    assert kinds_on(page) == {
        "Anti-social behaviour": "5",
        "Neighbour disputes and environmental problems": "fewer than 5",
        "Hate crimes and hate incidents": "fewer than 5",
        "Stalking and harassment": "fewer than 5",
    }  # no "All of these": it would give the hidden ones away
    hate = page.soup.select_one(
        'table[data-chart-table="hate-crimes-and-hate-incidents-reported-each-quarter"]')
    assert hate.select("tbody tr")[-1].get_text(" ", strip=True) == "Q1 2025/26 fewer than 5"
    areas = page.soup.select_one('table[data-chart-table="anti-social-behaviour-by-area"]')
    # 3 ASB reports in Bedwell, 1 in Chells, 1 with no area: all under "other areas".
    assert [r.get_text(" ", strip=True) for r in areas.select("tbody tr")] == [
        "Other areas, or place not given 5"]
    text = page.text()
    assert "Bedwell" not in text and "Old Town" not in text
    assert "Q1 2025/26 (April to June 2025)" in text


def test_a_named_area_and_the_total_when_nothing_is_hidden(people, signed_in, client):
    with people.app_context():
        for kind, count in (("asb", 7), ("hate", 5), ("stalking", 6)):
            for _ in range(count):
                at(IN_QUARTER, "sbc-asb", kind=kind, area="shephall")
        for _ in range(6):
            at(IN_QUARTER, "sbc-neighbourhoods", counts_as_asb=False, category="gnmp")
        at(IN_QUARTER, "sbc-asb", area="pin-green")  # one ASB elsewhere: 1 to 4 alone
    publish(signed_in)
    page = Page(client.get("/in-numbers"))
    assert kinds_on(page)["All of these"] == "25"
    areas = page.soup.select_one('table[data-chart-table="anti-social-behaviour-by-area"]')
    # Pin Green's 1 on its own could be worked out from the total (8 - 7), so Shephall is
    # folded in with it.
    assert [r.get_text(" ", strip=True) for r in areas.select("tbody tr")] == [
        "Other areas, or place not given 8"]


def test_the_folding_keeps_areas_that_are_safe_to_name(people):
    with people.app_context():
        for area, count in (("shephall", 9), ("bedwell", 6), ("chells", 2), ("manor", 4)):
            for _ in range(count):
                at(IN_QUARTER, "sbc-asb", area=area)
        figures = public.snapshot(QUARTER, LONDON)
    assert figures["asb_areas"] == {"areas": [{"area": "Shephall", "count": 9},
                                              {"area": "Bedwell", "count": 6}],
                                    "other": 6}
    assert figures["series"]["asb"][-1] == 21 and figures["totals"][-1] == 21


def test_the_page_is_a_snapshot(people, signed_in, client):
    seed_quarter(people)
    publish(signed_in)
    before = kinds_on(Page(client.get("/in-numbers")))
    with people.app_context():
        for _ in range(4):
            at(IN_QUARTER, "sbc-asb", kind="hate")
    assert kinds_on(Page(client.get("/in-numbers"))) == before
    publish(signed_in)  # publishing again takes the figures as they are now
    assert kinds_on(Page(client.get("/in-numbers")))["Hate crimes and hate incidents"] == "7"
    with people.app_context():
        actions = db.session.scalars(sa.select(AuditEvent.action).filter_by(
            target=QUARTER.key)).all()
    assert actions == ["numbers_published", "numbers_published"]


def test_it_is_cacheable_and_changes_when_published(people, signed_in, client):
    assert "/in-numbers" in public_get_urls(people)  # swept with every public page
    first = client.get("/in-numbers")
    assert "No figures have been published yet" in first.get_data(as_text=True)
    assert first.cache_control.public and "Set-Cookie" not in first.headers
    etag = first.headers["ETag"]
    assert client.get("/in-numbers", headers={"If-None-Match": etag}).status_code == 304
    seed_quarter(people)
    publish(signed_in)
    changed = client.get("/in-numbers", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    assert "Set-Cookie" not in changed.headers


def test_only_ended_quarters_can_be_published(people, signed_in):
    with people.app_context():
        from app.staff.models import StaffUser

        comms = db.session.scalar(sa.select(StaffUser).filter_by(email=COMMS))
        with pytest.raises(public.PublishingError, match="has not ended"):
            public.publish(comms, QUARTER, LONDON, now=datetime(2025, 6, 1, tzinfo=UTC))
    refused = post_form(signed_in(COMMS), STAFF_URL, "/staff/in-numbers/publish",
                        {"publish-quarter": "2099-00-Q1"})
    assert refused.status_code == 400
    page = Page(refused)
    assert page.soup.select_one("#publish-quarter-error") is not None
    with people.app_context():
        assert db.session.scalar(sa.select(sa.func.count(PublishedNumbers.id))) == 0


def test_earlier_quarters_and_withdrawing(people, signed_in, client):
    seed_quarter(people)
    publish(signed_in)
    publish(signed_in, QUARTER.next)
    latest = Page(client.get("/in-numbers"))
    assert "Q2 2025/26 (July to September 2025)" in latest.soup.select_one(
        ".govuk-caption-l").get_text()
    link = latest.soup.select_one("#other-quarters + ul a")
    assert link["href"] == f"/in-numbers?quarter={QUARTER.key}"
    assert kinds_on(Page(client.get(link["href"])))["Anti-social behaviour"] == "5"
    assert client.get("/in-numbers?quarter=2020-21-Q1").status_code == 404
    assert client.get("/in-numbers?quarter=nonsense").status_code == 404
    comms = signed_in(COMMS)
    url = f"/staff/in-numbers/{QUARTER.next.key}/withdraw"
    assert post_form(comms, STAFF_URL, url, {}).status_code == 302
    assert "July to September" not in Page(client.get("/in-numbers")).text()
    assert post_form(comms, STAFF_URL, f"/staff/in-numbers/{QUARTER.key}/withdraw",
                     {}).status_code == 302
    assert comms.post(url, data={}).status_code == 400  # no CSRF token


def test_you_said_we_did_and_campaign_links(people, signed_in, client):
    comms = signed_in(COMMS)
    empty = post_form(comms, STAFF_URL, "/staff/in-numbers/you-said",
                      {"you-said-you_said": "The underpass feels unsafe at night"})
    assert empty.status_code == 400
    page = Page(empty)
    assert page.soup.select_one("#you-said-we_did-error") is not None
    assert "The underpass feels unsafe" in page.soup.select_one("#you-said-you_said").get_text()
    added = post_form(comms, STAFF_URL, "/staff/in-numbers/you-said", {
        "you-said-you_said": "The underpass feels unsafe at night",
        "you-said-we_did": "New lighting went in, and patrols walk it on Fridays"})
    assert added.status_code == 302
    with people.app_context():
        page_id = db.session.scalar(sa.select(PageRow.id).filter_by(slug="safer-routes"))
    linked = post_form(comms, STAFF_URL, "/staff/in-numbers/campaigns",
                       {"campaign-page": str(page_id)})
    assert linked.status_code == 302
    public_page = Page(client.get("/in-numbers"))
    text = public_page.text()
    assert "You said: The underpass feels unsafe at night" in text
    assert "We did: New lighting went in" in text
    assert public_page.soup.select_one('#campaigns + ul a[href="/campaigns/safer-routes"]')
    assert post_form(comms, STAFF_URL, f"/staff/in-numbers/campaigns/{page_id}/remove",
                     {}).status_code == 302
    assert "/campaigns/safer-routes" not in str(Page(client.get("/in-numbers")).soup.main)
    with people.app_context():
        actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"you_said_added", "numbers_campaign_linked", "numbers_campaign_unlinked"} <= actions


def test_only_comms_and_admins_publish(people, signed_in):
    assert signed_in(ASB).get(STAFF_URL).status_code == 403
    assert signed_in(COMMS).get(STAFF_URL).status_code == 200
    assert signed_in(ASB).post("/staff/in-numbers/publish").status_code in (400, 403)
