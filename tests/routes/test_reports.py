"""The three report journeys through the test client: what the person sees, and what is
stored when they send."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.core import clock
from app.core.models import OutboxMessage
from app.extensions import db
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto
from tests.reporting_helpers import (
    ASB_THREATS,
    CONTINUE_LINK,
    HATE,
    JOURNEY_ANSWERS,
    STALKING,
    Reporter,
    jpeg_file,
)


def stored(model):
    return list(db.session.scalars(sa.select(model)))


def only_report() -> Report:
    reports = stored(Report)
    assert len(reports) == 1
    return reports[0]


@pytest.mark.parametrize("kind", ["asb", "hate", "stalking"])
def test_each_journey_ends_with_a_reference_and_a_receipt(seeded_app, client, kind):
    reporter = Reporter(client)
    reporter.start(kind)
    assert reporter.step == "danger-now"
    reporter.walk(JOURNEY_ANSWERS[kind])
    assert reporter.page.h1 == "Check your answers before sending"
    response = reporter.send()
    assert response.status_code == 200
    page = reporter.page
    assert page.title == "Report sent – So Safe Stevenage"
    reference = page.soup.select_one(".app-reference").get_text(strip=True)
    receipt = page.soup.select_one("#receipt-code").get_text(strip=True)
    with seeded_app.app_context():
        report = only_report()
        assert report.reference == reference
        assert report.kind == kind
        assert receipt not in report.receipt_hash and report.receipt_hash.startswith("$argon2id$")
        assert report.anonymous and report.contact is None
        assert [e.kind for e in report.events] == ["created"]
        assert stored(Draft) == []
    # The page says which teams it went to.
    for route_team in page.soup.select("h2 + ul.govuk-list--spaced strong"):
        assert route_team.get_text(strip=True)


def test_asb_threats_high_risk_goes_to_asb_team_and_police_with_rule_ids(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    reporter.send()
    with seeded_app.app_context():
        report = only_report()
        assert (report.category, report.counts_as_asb, report.risk, report.priority) == (
            "personal", True, "high", "high")
        assert report.area == "town-centre"
        assert report.answers["description"] == "A group shouted threats at my door again."
        assert report.answers["when_date"] == "2026-11-03"
        assert {(r.team.slug, r.rule_id) for r in report.routes} == {
            ("sbc-asb", "asb"), ("herts-police-stevenage", "asb-high-risk")}
        messages = stored(OutboxMessage)
        assert sorted(m.to_address for m in messages) == [
            "asb@sosafe.example.invalid", "police-stevenage@sosafe.example.invalid"]
        for message in messages:
            assert message.template == "new_report"
            assert set(message.personalisation) == {"reference", "priority", "link"}
            assert message.personalisation["reference"] == report.reference
            assert message.personalisation["link"].endswith(f"/staff/reports/{report.reference}")
            assert "threats" not in str(message.personalisation).lower()


def test_environmental_problems_go_to_the_neighbourhood_team_and_are_not_asb(seeded_app,
                                                                             client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.answer({"danger_now": "no"})
    reporter.answer({"asb_what": "litter"})
    assert reporter.step == "neighbourhood-problem"
    assert "It will not count as anti-social behaviour" in reporter.page.text()
    reporter.continue_info()
    assert reporter.step == "where"  # no harm questions for fly-tipping
    reporter.walk(ASB_THREATS)
    reporter.send()
    with seeded_app.app_context():
        report = only_report()
        assert (report.category, report.counts_as_asb, report.risk) == (
            "environmental", False, None)
        assert [(r.team.slug, r.rule_id) for r in report.routes] == [
            ("sbc-neighbourhoods", "asb-neighbourhood")]


def test_targeted_for_who_you_are_offers_the_hate_crime_journey(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk({**ASB_THREATS, "how-it-affects-you": {"effects": ["targeted"]}},
                  until="hate-crime")
    assert "This might be a hate crime" in reporter.page.text()
    reporter.answer({"hate_offer": "hate"})
    assert reporter.url == "/report/hate-crime/who-it-happened-to"
    reporter.walk({**HATE, "asylum-housing": {"near_asylum_accommodation": "yes"}})
    rows = reporter.page.text()
    assert "Threats, intimidation" not in rows  # ASB answers were not carried over
    reporter.send()
    with seeded_app.app_context():
        report = only_report()
        assert report.kind == "hate"
        assert report.answers["danger_now"] == "no"
        assert "asb_what" not in report.answers
        assert {(r.team.slug, r.rule_id) for r in report.routes} == {
            ("herts-police-stevenage", "hate"), ("sbc-community-safety", "hate"),
            ("sbc-resettlement", "hate-asylum-accommodation")}


def test_carrying_on_with_asb_keeps_the_report_as_asb(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk({**ASB_THREATS, "how-it-affects-you": {"effects": ["targeted"]},
                   "hate-crime": {"hate_offer": "asb"}})
    reporter.send()
    with seeded_app.app_context():
        assert only_report().kind == "asb"


def test_stalking_by_an_ex_partner_also_goes_to_sada_and_signposts_help(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("stalking")
    reporter.walk({**STALKING, "who-is-doing-it": {"relationship": "former_partner"}})
    reporter.send()
    services = [h.get_text(strip=True) for h in reporter.page.soup.select(
        ".app-help-service__title")]
    assert services[0] == "SADA (Survivors Against Domestic Abuse)"
    assert any(s.startswith("National Stalking Helpline") for s in services)
    assert reporter.page.soup.select_one("#service-sada a[href='tel:01438242666']")
    with seeded_app.app_context():
        routes = {(r.team.slug, r.rule_id) for r in only_report().routes}
        assert routes == {("herts-police-stevenage", "stalking"),
                          ("sbc-sada", "stalking-partner-or-family")}


def test_signposting_leaves_out_services_the_partnership_has_not_confirmed(seeded_app,
                                                                          client):
    reporter = Reporter(client)
    reporter.start("hate")
    reporter.walk(HATE)
    reporter.send()
    services = " ".join(h.get_text(strip=True) for h in reporter.page.soup.select(
        ".app-help-service__title"))
    assert "Victim Support" in services
    # Stop Hate UK's Hertfordshire coverage and True Vision's address are unverified.
    assert "Stop Hate" not in services and "True Vision" not in services
    assert "SADA" not in services


def test_danger_now_shows_999_and_the_silent_solution_then_lets_them_continue(seeded_app,
                                                                              client):
    reporter = Reporter(client)
    reporter.start("hate")
    reporter.answer({"danger_now": "yes"})
    assert reporter.step == "call-999"
    text = reporter.page.text()
    assert "999" in text and "press 55" in text
    assert reporter.page.soup.select_one("a[href='tel:999']")
    reporter.continue_info()
    assert reporter.step == "who-it-happened-to"


def test_an_error_keeps_the_answers_and_links_to_the_field(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="when")
    response = reporter.post({"when_kind": "date", "when_date": ["31", "2", "2026"],
                              "when_time": "about 9pm"})
    assert response.status_code == 400
    page = reporter.page
    assert page.title.startswith("Error: ")
    links = [(a.get_text(strip=True), a["href"]) for a in page.soup.select(
        ".govuk-error-summary a")]
    assert links == [("Date must be a real date, for example 27 3 2026", "#when_date-day")]
    assert page.soup.select_one("#when_date-day")["value"] == "31"
    assert page.soup.select_one("#when_time")["value"] == "about 9pm"
    assert page.soup.select_one("input[name=when_kind][value=date]").has_attr("checked")


def test_nothing_chosen_gives_an_error_summary(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("stalking")
    response = reporter.post({})
    assert response.status_code == 400
    link = reporter.page.soup.select_one(".govuk-error-summary a")
    assert link["href"] == "#danger_now"
    assert reporter.page.soup.select_one("#danger_now")  # the link goes somewhere
    assert "Select yes if anyone is in danger" in link.get_text()


def test_a_future_date_and_a_missing_date_are_refused(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="when")
    future = clock.current_time().date() + timedelta(days=2)
    reporter.post({"when_kind": "date",
                   "when_date": [str(future.day), str(future.month), str(future.year)]})
    assert "Date must be today or in the past" in reporter.page.text()
    reporter.post({"when_kind": "date", "when_date": ["", "", ""]})
    assert "Enter the date it happened" in reporter.page.text()
    reporter.answer({"when_kind": "ongoing", "when_date": ["99", "", ""]})
    assert reporter.step == "what-happened"


def test_going_back_shows_the_answer_given(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="how-it-affects-you")
    back = reporter.page.soup.select_one("a.govuk-back-link")["href"]
    assert back == "/report/anti-social-behaviour/happened-before"
    reporter.get(back)
    assert reporter.page.soup.select_one("input[name=repeat][value=often]").has_attr("checked")


def test_changing_an_answer_from_check_your_answers(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    change = reporter.page.soup.select_one("a[href$='/contact?change=yes']")
    assert change.get_text(" ", strip=True) == "Change can we contact you"
    reporter.get(change["href"])
    assert reporter.page.soup.select_one("a.govuk-back-link")["href"].endswith(
        "/check-your-answers")
    reporter.answer({"contact_wanted": "yes"})
    # A new page opened by the change must be answered before going back to check.
    assert reporter.url == "/report/anti-social-behaviour/contact-details?change=yes"
    reporter.answer({"name": "Sam", "email": "sam@example.org", "safe_times": "after 6pm",
                     "contact_ways": ["texts"]})
    assert reporter.step == "check-your-answers"
    assert "sam@example.org" in reporter.page.text()
    reporter.send()
    with seeded_app.app_context():
        report = only_report()
        assert not report.anonymous
        assert report.contact == {"name": "Sam", "email": "sam@example.org",
                                  "safe_times": "after 6pm", "contact_ways": ["texts"],
                                  "email_updates": "no"}
        assert "email" not in report.answers and "name" not in report.answers


def test_changing_back_to_anonymous_drops_the_contact_details(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("stalking")
    reporter.walk({**STALKING, "contact": {"contact_wanted": "yes"},
                   "contact-details": {"phone": "07700 900982"}})
    reporter.get("/report/stalking-or-harassment/contact?change=yes")
    reporter.answer({"contact_wanted": "no"})
    assert reporter.step == "check-your-answers"
    assert "07700 900982" not in reporter.page.text()
    reporter.send()
    with seeded_app.app_context():
        report = only_report()
        assert report.anonymous and report.contact is None
        assert "07700" not in str(report.answers)


def test_contact_details_need_a_way_to_contact(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk({**ASB_THREATS, "contact": {"contact_wanted": "yes"}},
                  until="contact-details")
    reporter.post({"name": "Sam", "email": "not an email"})
    assert "Enter an email address in the right format" in reporter.page.text()
    reporter.post({"name": "Sam"})
    assert "Enter an email address or a phone number" in reporter.page.text()
    assert reporter.page.soup.select_one("#name")["value"] == "Sam"


def test_pages_cannot_be_skipped(seeded_app, client):
    response = client.get("/report/anti-social-behaviour/where")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/report/anti-social-behaviour/danger-now")
    response = client.get("/report/hate-crime/check-your-answers")
    assert response.headers["Location"].endswith("/report/hate-crime")


def test_unknown_journeys_and_pages_are_not_found(client):
    assert client.get("/report/burglary").status_code == 404
    assert client.get("/report/hate-crime/no-such-page").status_code == 404


def test_every_text_field_is_length_limited(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="what-happened")
    response = reporter.post({"description": "x" * 5001, "people": "y" * 2001})
    assert response.status_code == 400
    text = reporter.page.text()
    assert "What happened must be 5000 characters or fewer" in text
    assert "People or vehicles must be 2000 characters or fewer" in text


def test_sensitive_fields_are_kept_out_of_autofill(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk({**ASB_THREATS, "contact": {"contact_wanted": "yes"}},
                  until="contact-details")
    fields = reporter.page.soup.select("main input[type=text], main input[type=email], "
                                       "main input[type=tel], main textarea")
    assert len(fields) >= 5
    assert all(field.get("autocomplete") == "off" for field in fields), fields


def test_report_pages_are_not_cached_and_set_only_the_session_cookie(seeded_app, client):
    start = client.get("/report")
    assert "Set-Cookie" not in start.headers
    assert start.headers["Cache-Control"] == "no-store"
    page = client.get("/report/anti-social-behaviour/danger-now")
    assert page.headers["Cache-Control"] == "no-store"
    cookies = page.headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("sosafe_session=")
    assert "HttpOnly" in cookies[0]


def test_the_session_cookie_holds_no_answers(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    with client.session_transaction() as session:
        assert set(session) - {"csrf_token", "_fresh"} == {"draft_id"}
        draft_id = session["draft_id"]
        assert "Marshgate" not in str(dict(session))
    with seeded_app.app_context():
        assert db.session.get(Draft, draft_id).answers["where"].startswith("Outside the shops")


def test_the_interruption_page_explains_exit_this_page(seeded_app, get_html):
    page = get_html("/report/stalking-or-harassment")
    text = page.text()
    assert "Shift key 3 times" in text
    assert "does not delete your browsing history" in text
    assert page.soup.select_one("a[href='/get-help/staying-safe-online']")
    assert page.soup.select(".govuk-exit-this-page")
    question = get_html(page.soup.select_one(CONTINUE_LINK)["href"])
    assert question.soup.select(".govuk-exit-this-page")


def test_the_start_page_says_what_cannot_be_reported_here(get_html):
    text = get_html("/report").text()
    for expected in ("999", "Report Fraud", "0300 123 2040", "child", "NSPCC"):
        assert expected in text


def test_exit_deletes_the_draft_and_its_photos(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="photos")
    reporter.answer({"photos": [(jpeg_file(), "photo.jpg")]},
                    content_type="multipart/form-data")
    with seeded_app.app_context():
        assert len(stored(Draft)) == 1 and len(stored(ReportPhoto)) == 1
    client.get("/exit")
    with seeded_app.app_context():
        assert stored(Draft) == [] and stored(ReportPhoto) == []


def test_a_draft_idle_too_long_is_gone(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS, until="where")
    with seeded_app.app_context():
        draft = stored(Draft)[0]
        draft.updated_at = clock.current_time() - timedelta(minutes=61)
        db.session.commit()
    response = client.get("/report/anti-social-behaviour/where")
    assert response.headers["Location"].endswith("/danger-now")
    with seeded_app.app_context():
        assert stored(Draft) == []


def test_a_failure_before_saving_says_nothing_was_sent_and_keeps_the_answers(
        seeded_app, client, monkeypatch):
    from app.reporting import sending as reporting

    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    real_commit = db.session.commit

    def broken_commit():
        raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(reporting.db.session, "commit", broken_commit)
    response = reporter.send()
    monkeypatch.setattr(reporting.db.session, "commit", real_commit)
    assert response.status_code == 503
    assert "Your report has not been sent" in reporter.page.text()
    assert "Outside the shops on Marshgate" in reporter.page.text()
    with seeded_app.app_context():
        assert stored(Report) == [] and stored(OutboxMessage) == []
        assert len(stored(Draft)) == 1
    assert reporter.send().status_code == 200
    with seeded_app.app_context():
        assert len(stored(Report)) == 1 and stored(Draft) == []


def test_sending_twice_does_not_make_two_reports(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("hate")
    reporter.walk(HATE)
    token = reporter.token()
    reporter.send()
    again = client.post("/report/hate-crime/check-your-answers", data={"csrf_token": token})
    assert again.status_code == 410
    assert "There is nothing to send" in again.get_data(as_text=True)
    with seeded_app.app_context():
        assert len(stored(Report)) == 1


def test_the_honeypot_stops_robots(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    assert reporter.page.soup.select_one("div[hidden] input[name=fax_number]")
    response = reporter.post({"fax_number": "0123"})
    assert response.status_code == 400
    with seeded_app.app_context():
        assert stored(Report) == []


def test_sending_is_rate_limited(seeded_app, client):
    seeded_app.config["REPORT_SEND_LIMIT"] = "2 per hour"
    statuses = []
    for _ in range(3):
        reporter = Reporter(client)
        reporter.start("stalking")
        reporter.walk(STALKING)
        statuses.append(reporter.send().status_code)
    assert statuses == [200, 200, 429]
    with seeded_app.app_context():
        assert len(stored(Report)) == 2
        assert len(stored(Draft)) == 1  # the third report's answers are kept


def test_a_created_event_records_the_routing(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("stalking")
    reporter.walk(STALKING)
    reporter.send()
    with seeded_app.app_context():
        event = db.session.scalars(sa.select(ReportEvent)).one()
        assert event.kind == "created" and not event.public
        assert event.data["routes"] == [
            {"team": "herts-police-stevenage", "rule": "stalking", "priority": "medium"}]


def test_check_your_answers_puts_each_ticked_box_on_its_own_line(seeded_app, client):
    reporter = Reporter(client)
    reporter.start("asb")
    reporter.walk(ASB_THREATS)
    row = next(r for r in reporter.page.soup.select(".govuk-summary-list__row")
               if r.select_one(".govuk-summary-list__key").get_text(strip=True)
               == "How it affects you")
    value = row.select_one(".govuk-summary-list__value")
    assert [t.strip() for t in value.stripped_strings] == [
        "I feel unsafe in my home", "It is affecting my sleep"]
    assert value.find("br")


def test_every_report_page_is_titled_by_its_heading(seeded_app, client):
    """The browser tab says what the page's heading says (a context may follow a dash)."""
    from bs4 import BeautifulSoup

    from tests.web.readability import report_pages

    for url, html in report_pages(client).items():
        soup = BeautifulSoup(html, "html.parser")
        title = soup.title.get_text(strip=True).removesuffix(" – So Safe Stevenage")
        heading = " ".join(soup.find("h1").get_text(" ", strip=True).split())
        assert title.split(" – ")[0] == heading, url
