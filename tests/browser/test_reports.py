"""The report journeys in Chromium at a phone's size: each journey end to end, with an
error on a page, going back, and changing an answer from check your answers; axe-core on
every question page and on its error state; nothing requested from another site."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.core import clock
from app.extensions import db
from app.reporting import receipts
from app.reporting.models import Draft, Report, ReportEvent
from tests.reporting_helpers import CONTINUE_LINK

pytestmark = pytest.mark.browser

JOURNEY_LINKS = {"asb": "Anti-social behaviour", "hate": "Hate crime or a hate incident",
                 "stalking": "Stalking or harassment"}


def choose(name, value):
    return lambda phone: phone.check(f"input[name={name}][value={value}]")


def tick(name, *values):
    def act(phone):
        for value in values:
            phone.check(f"input[name={name}][value={value}]")
    return act


def fill(**fields):
    def act(phone):
        for field_id, value in fields.items():
            phone.fill(f"#{field_id}", value)
    return act


def where(phone):
    phone.fill("#where", "By the underpass near the bus station")
    phone.select_option("#area", "town-centre")


def when(phone):
    phone.check("input[name=when_kind][value=date]")
    phone.fill("#when_date-day", "2")
    phone.fill("#when_date-month", "11")
    phone.fill("#when_date-year", "2026")
    phone.fill("#when_time", "about 8pm")


COMMON = {
    "where": where,
    "when": when,
    "what-happened": fill(description="They followed me from the bus stop and shouted."),
    "photos": lambda phone: None,
    "contact": choose("contact_wanted", "no"),
}
ASB = {"danger-now": choose("danger_now", "no"),
       "what-is-happening": choose("asb_what", "groups"),
       "happened-before": choose("repeat", "a_few_times"),
       "how-it-affects-you": tick("effects", "sleep", "health"),
       **COMMON}
HATE = {"danger-now": choose("danger_now", "yes"),
        "who-it-happened-to": choose("hate_for", "witness"),
        "why-it-happened": tick("hate_strands", "disability"),
        "online-or-in-person": choose("hate_online", "in_person"),
        "asylum-housing": choose("near_asylum_accommodation", "dont_know"),
        **COMMON}
STALKING = {"danger-now": choose("danger_now", "no"),
            "who-it-is-happening-to": choose("stalking_for", "me"),
            "who-is-doing-it": choose("relationship", "former_partner"),
            "what-they-are-doing": tick("behaviours", "following", "messages"),
            **COMMON,
            "contact": choose("contact_wanted", "yes"),
            "contact-details": fill(phone="07700 900982", safe_times="weekday mornings")}


def step_of(phone) -> str:
    return phone.url.split("?")[0].rsplit("/", 1)[1]


def press(phone, name="Continue"):
    with phone.expect_navigation():
        phone.locator("main").get_by_role("button", name=name, exact=True).click()


def show_error_state(phone, assert_accessible, step, javascript=True):
    """Continue without answering: the error summary takes focus and passes axe."""
    press(phone)
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    if javascript:
        expect(summary).to_be_focused()
    assert phone.title().startswith("Error: "), step
    first_link = summary.locator("a").first
    target = first_link.get_attribute("href")
    assert phone.locator(target).count() == 1, f"{step}: {target} goes nowhere"
    assert_accessible(phone, f"{step} (with an error)")


def walk(phone, assert_accessible, kind, answers, errors_on=(), until="check-your-answers",
         javascript=True):
    for _ in range(20):
        step = step_of(phone)
        if step == until:
            return
        assert_accessible(phone, step)
        if not phone.locator("main form").count():  # advice with a Continue link
            with phone.expect_navigation():
                phone.locator(CONTINUE_LINK).click()
            continue
        if step in errors_on:
            show_error_state(phone, assert_accessible, step, javascript)
        answers[step](phone)
        press(phone)
    raise AssertionError(f"{kind}: did not reach {until}")


def start(phone, kind):
    phone.goto("/report")
    phone.get_by_role("link", name=JOURNEY_LINKS[kind], exact=True).click()
    expect(phone.locator("h1")).to_have_text("Before you start")
    phone.locator(CONTINUE_LINK).click()
    expect(phone).to_have_url(re.compile(r"/danger-now$"))


def send(phone, assert_accessible):
    assert_accessible(phone, "check your answers")
    press(phone, "Send report")
    expect(phone.locator(".govuk-panel__title")).to_have_text("Report sent")
    assert_accessible(phone, "report sent")
    return phone.locator(".app-reference").inner_text(), phone.locator(
        "#receipt-code").inner_text()


ALL_ASB_QUESTIONS = ("danger-now", "what-is-happening", "happened-before",
                     "how-it-affects-you", "where", "when", "what-happened", "contact")


def test_asb_journey_with_errors_back_and_a_change(seeded_app, phone, assert_accessible):
    start(phone, "asb")
    walk(phone, assert_accessible, "asb", ASB, errors_on=ALL_ASB_QUESTIONS, until="where")
    # Go back: the answer is still there.
    phone.locator("a.govuk-back-link").click()
    expect(phone).to_have_url(re.compile(r"/how-it-affects-you$"))
    expect(phone.locator("input[name=effects][value=sleep]")).to_be_checked()
    press(phone)
    walk(phone, assert_accessible, "asb", ASB, errors_on=ALL_ASB_QUESTIONS)
    # Change an answer from check your answers.
    phone.locator("a[href$='/what-is-happening?change=yes']").click()
    expect(phone.locator("input[name=asb_what][value=groups]")).to_be_checked()
    phone.check("input[name=asb_what][value=drugs]")
    press(phone)
    expect(phone).to_have_url(re.compile(r"/check-your-answers$"))
    expect(phone.locator(".govuk-summary-list")).to_contain_text("Drug dealing or drug use")
    reference, receipt = send(phone, assert_accessible)
    assert phone.third_party_requests == []
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        assert report.reference == reference and report.answers["asb_what"] == "drugs"
        assert receipts.verify_receipt(report.receipt_hash, receipt)


def test_asb_pages_only_some_people_see(seeded_app, phone, assert_accessible):
    """The neighbourhood-team advice, and the offer of the hate crime journey."""
    start(phone, "asb")
    walk(phone, assert_accessible, "asb",
         {**ASB, "what-is-happening": choose("asb_what", "neighbour"),
          "how-it-affects-you": tick("effects", "targeted")},
         errors_on=("hate-crime",), until="hate-crime")
    walk(phone, assert_accessible, "asb", {"hate-crime": choose("hate_offer", "hate")},
         errors_on=("hate-crime",), until="who-it-happened-to")


def test_hate_journey_after_the_999_advice(seeded_app, phone, assert_accessible):
    start(phone, "hate")
    walk(phone, assert_accessible, "hate", HATE,
         errors_on=("who-it-happened-to", "why-it-happened", "online-or-in-person",
                    "asylum-housing"), until="call-999")
    expect(phone.locator("main")).to_contain_text("press 55")
    walk(phone, assert_accessible, "hate", HATE, until="asylum-housing")
    phone.locator("a.govuk-back-link").click()
    expect(phone.locator("input[name=hate_online][value=in_person]")).to_be_checked()
    phone.check("input[name=hate_online][value=online]")
    press(phone)
    # Online only: the asylum housing question no longer applies.
    expect(phone).to_have_url(re.compile(r"/where$"))
    walk(phone, assert_accessible, "hate", HATE)
    phone.locator("a[href$='/when?change=yes']").click()
    phone.check("input[name=when_kind][value=ongoing]")
    press(phone)
    expect(phone.locator(".govuk-summary-list")).to_contain_text("It is still going on")
    send(phone, assert_accessible)
    assert phone.third_party_requests == []


def test_stalking_journey_with_contact_details(seeded_app, phone, assert_accessible):
    start(phone, "stalking")
    walk(phone, assert_accessible, "stalking", STALKING,
         errors_on=("who-it-is-happening-to", "who-is-doing-it", "what-they-are-doing",
                    "contact-details"))
    expect(phone.locator(".govuk-summary-list")).to_contain_text("07700 900982")
    phone.locator("a.govuk-back-link").click()
    expect(phone.locator("#phone")).to_have_value("07700 900982")
    phone.fill("#email", "not-an-email")
    press(phone)
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter an email address "
                                                                  "in the right format")
    assert_accessible(phone, "contact details (email error)")
    phone.fill("#email", "")
    press(phone)
    phone.locator("a[href$='/who-is-doing-it?change=yes']").click()
    phone.check("input[name=relationship][value=stranger]")
    press(phone)
    expect(phone.locator(".govuk-summary-list")).to_contain_text("A stranger")
    send(phone, assert_accessible)
    expect(phone.locator("main")).to_contain_text("National Stalking Helpline")
    assert phone.third_party_requests == []


def test_a_photo_that_is_not_a_picture_shows_an_accessible_error(seeded_app, phone,
                                                                 assert_accessible):
    start(phone, "asb")
    walk(phone, assert_accessible, "asb", ASB, until="photos")
    phone.set_input_files("#photos", files=[{"name": "photo.jpg", "mimeType": "image/jpeg",
                                             "buffer": b"%PDF-1.4 not a picture"}])
    press(phone)
    expect(phone.locator(".govuk-error-summary")).to_contain_text("must be a JPG, PNG")
    assert_accessible(phone, "photos (with an error)")


def test_use_my_location_only_on_a_tap(browser, live_server, seeded_app, assert_accessible):
    from tests.browser.chromium import PHONE

    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True,
                                  has_touch=True, permissions=["geolocation"],
                                  geolocation={"latitude": 51.90234, "longitude": -0.20211})
    page = context.new_page()
    page.add_init_script("""
      window.__locationAsked = 0;
      const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
      navigator.geolocation.getCurrentPosition = (...args) => {
        window.__locationAsked += 1; return real(...args);
      };
    """)
    try:
        start(page, "stalking")
        walk(page, assert_accessible, "stalking", STALKING, until="where")
        button = page.get_by_role("button", name="Use my location")
        expect(button).to_be_visible()
        expect(page.locator(".app-use-my-location__hint")).to_have_text(
            "Are you there now? Tap the button to put where you are in the box. Your phone "
            "asks you first.")
        assert button.get_attribute("aria-describedby") == "where-location-hint"
        assert page.evaluate("window.__locationAsked") == 0
        page.fill("#where", "Near the shops")
        button.click()
        expect(page.locator("#where")).to_have_value(re.compile(
            r"Near the shops\nLatitude, longitude: 51\.90234, -0\.20211 \(from my phone\)"))
        assert page.evaluate("window.__locationAsked") == 1
        assert_accessible(page, "where (location added)")
    finally:
        context.close()


def test_use_my_location_is_not_offered_on_a_computer(browser, live_server, seeded_app):
    """On a computer the person is rarely where it happened: no button and no words
    about one, even where the browser could share its location."""
    context = browser.new_context(viewport={"width": 1280, "height": 800},
                                  base_url=live_server, permissions=["geolocation"],
                                  geolocation={"latitude": 51.90234, "longitude": -0.20211})
    page = context.new_page()
    try:
        start(page, "stalking")
        walk(page, lambda *args: None, "stalking", STALKING, until="where")
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
        expect(page.get_by_role("button", name="Use my location")).to_have_count(0)
        assert "location" not in page.locator("main").inner_text().lower()
    finally:
        context.close()


def test_a_journey_works_without_javascript(browser, live_server, seeded_app):
    from tests.browser.chromium import PHONE

    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True,
                                  java_script_enabled=False)
    page = context.new_page()
    try:
        start(page, "stalking")
        walk(page, lambda *args: None, "stalking", STALKING, errors_on=("when",),
             javascript=False)
        expect(page.get_by_role("button", name="Use my location")).to_have_count(0)
        press(page, "Send report")
        expect(page.locator(".govuk-panel__title")).to_have_text("Report sent")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_exit_this_page_leaves_and_deletes_the_draft(browser, live_server, seeded_app,
                                                     javascript):
    """The browser's own click sends Sec-Fetch-Site: same-origin, so the draft goes."""
    from flask import request

    from tests.browser.chromium import PHONE

    def drafts() -> int:
        with seeded_app.app_context():
            return db.session.scalar(sa.select(sa.func.count()).select_from(Draft))

    fetch_sites = []

    @seeded_app.before_request
    def note_where_exit_came_from():
        if request.path == "/exit":
            fetch_sites.append(request.headers.get("Sec-Fetch-Site"))

    context = browser.new_context(viewport=PHONE, base_url=live_server, is_mobile=True,
                                  java_script_enabled=javascript)
    page = context.new_page()
    page.route(re.compile(r"^https://www\.bbc\.co\.uk/"), lambda route: route.fulfill(
        body="<title>Weather</title>", content_type="text/html"))
    try:
        start(page, "asb")
        walk(page, lambda *args: None, "asb", ASB, until="what-is-happening",
             javascript=javascript)
        assert drafts() == 1
        with page.expect_request(lambda request: "bbc.co.uk/weather" in request.url) as left:
            page.locator(".govuk-exit-this-page__button").click()
        assert left.value.redirected_from.url.endswith("/exit")
        assert fetch_sites == ["same-origin"]
        assert drafts() == 0
    finally:
        context.close()


def test_case_review_pages_and_their_errors(seeded_app, phone, assert_accessible):
    codes = []
    with seeded_app.app_context():
        for _ in range(3):
            receipt = receipts.new_receipt_code()
            report = Report(reference=receipts.new_reference(), kind="asb",
                            receipt_hash=receipts.hash_receipt(receipt),
                            counts_as_asb=True, anonymous=False, contact={"name": "Sam"},
                            answers={"when_kind": "ongoing"},
                            created_at=clock.current_time())
            report.events.append(ReportEvent(kind="created"))
            db.session.add(report)
            codes.append((report.reference, receipt))
        db.session.commit()
    phone.goto("/report/case-review")
    assert_accessible(phone, "case review: before you start")
    phone.locator(CONTINUE_LINK).click()
    show_error_state(phone, assert_accessible, "earlier-reports")
    phone.fill("#reports-0-reference", codes[0][0])
    phone.fill("#reports-0-receipt", "AAAAAA-AAAAAA-AAAAAA")
    press(phone)
    expect(phone.locator(".govuk-error-summary")).to_contain_text("do not match")
    assert_accessible(phone, "earlier reports (wrong receipt)")
    for index, (reference, receipt) in enumerate(codes):
        phone.fill(f"#reports-{index}-reference", reference)
        phone.fill(f"#reports-{index}-receipt", receipt)
    press(phone)
    show_error_state(phone, assert_accessible, "your-details")
    phone.fill("#name", "Sam Example")
    phone.fill("#email", "sam@example.org")
    press(phone)
    expect(phone.locator("main")).to_contain_text("Yes. 3 of your reports count")
    assert_accessible(phone, "case review: check your answers")
    press(phone, "Send request")
    expect(phone.locator(".govuk-panel__title")).to_have_text("Request sent")
    assert_accessible(phone, "case review: request sent")


def test_follow_up_pages_and_their_errors(seeded_app, phone, assert_accessible):
    start(phone, "asb")
    walk(phone, assert_accessible, "asb", ASB)
    reference, receipt = send(phone, assert_accessible)
    with seeded_app.app_context():
        report = db.session.scalars(sa.select(Report)).one()
        db.session.add(ReportEvent(report=report, kind="public_update", public=True,
                                   body="An officer will visit the area this week."))
        db.session.commit()
    phone.goto("/follow-up")
    assert_accessible(phone, "follow up")
    phone.fill("#reference", reference)
    phone.fill("#receipt", "WRONG")
    press(phone)
    expect(phone.locator(".govuk-error-summary")).to_contain_text("could not find a report")
    assert_accessible(phone, "follow up (wrong pair)")
    phone.fill("#receipt", receipt)
    press(phone)
    expect(phone.locator("main")).to_contain_text("An officer will visit the area this week.")
    assert_accessible(phone, "your report")
    press(phone, "Add to my report")
    expect(phone.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(phone, "your report (nothing added)")
    phone.fill("#information", "It happened again last night.")
    press(phone, "Add to my report")
    expect(phone.locator(".govuk-notification-banner--success")).to_be_visible()
    assert_accessible(phone, "your report (added)")
    assert phone.third_party_requests == []

