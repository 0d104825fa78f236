"""Crafted input thrown at every route in the URL map and every form the site draws: a NUL
byte, CR/LF, integers too big for the database, dates with other than three parts. Each
must get a clean 4xx (or a page), never a 500.

The routes come from the app's URL map (tests/routes_catalogue.py gives example arguments),
the forms from the pages themselves, so a new route or field is swept without anyone
remembering to add it.
"""

import re
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from app.web.rate_limits import limiter
from tests import factories
from tests.conftest import Page
from tests.reporting_helpers import JOURNEY_ANSWERS, Reporter, jpeg_file, path
from tests.routes.test_follow_up import open_report, send_report
from tests.routes_catalogue import SAMPLE_ARGUMENTS, TEST_PREFIX
from tests.staff_helpers import ADMIN

HUGE = "9223372036854775808"  # one past SQLite's largest integer
# "²" is a digit to str.isdigit() but not to int().
CRAFTED_TEXT = {"nul": "a\x00b", "crlf": "a\r\nb", "huge": HUGE, "not quite a digit": "²"}
# Every field posted with these values: one crafted value, or a wrong number of parts
# (the GOV.UK date input posts three values under one name).
FORM_VARIANTS = {
    **{name: [value] for name, value in CRAFTED_TEXT.items()},
    "two parts": ["1", "2"],
    "four parts": ["1", "2", "2026", "4"],
    "negative huge": ["-" + HUGE],
    "last day": ["31", "12", "9999"],
    "first day": ["1", "1", "1"],
    "last day, ISO": ["9999-12-31"],
}
QUERY_VARIANTS = [f"page={HUGE}", "page=-" + HUGE, "page=" + "9" * 5000, f"from={HUGE}&to=1",
                  "next=a%0D%0Ab", "x=a%00b", "change=%00", "quarter=9999999999999999999-Q1"]
ARGUMENT = re.compile(r"<(?:[^:<>]+:)?(\w+)>")  # <name> or <converter:name> in a rule
NOT_SWEPT_ACTIONS = {"/staff/logout", "/exit"}  # the sweep's own session must survive


def assert_not_server_error(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"


def crafted_arguments(rule, sample: dict) -> list[dict]:
    """The sample URL arguments with one argument at a time swapped for a crafted value."""
    variants = []
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        values = [str(2**31), HUGE, "9" * 5000] if converter == "IntegerConverter" else [
            CRAFTED_TEXT["nul"], CRAFTED_TEXT["crlf"], HUGE]
        variants.extend(sample | {name: value} for value in values)
    return variants


def rule_urls(rule) -> list[str]:
    """The rule's sample addresses with each crafted query, then with one crafted argument
    at a time (filled in by hand: the URL builder refuses a number too long to convert)."""
    if rule.arguments and rule.endpoint not in SAMPLE_ARGUMENTS:
        raise LookupError(f"{rule.rule}: add example arguments to tests/routes_catalogue.py")
    urls = []
    for sample in SAMPLE_ARGUMENTS[rule.endpoint] if rule.arguments else [{}]:
        url = fill(rule, sample)
        urls += [url, *(f"{url}?{query}" for query in QUERY_VARIANTS)]
        urls += [fill(rule, args) for args in crafted_arguments(rule, sample)]
    return urls


def fill(rule, args: dict) -> str:
    return ARGUMENT.sub(lambda match: quote(str(args[match[1]]), safe=""), rule.rule)


def csrf_token(client) -> str:
    html = client.get("/follow-up").get_data(as_text=True)
    return BeautifulSoup(html, "html.parser").select_one("input[name=csrf_token]")["value"]


def form_fields(form) -> tuple[dict, list[str]]:
    """A form's CSRF token (to keep) and the names of everything else it posts."""
    keep, names = {}, []
    for element in form.select("input[name], textarea[name], select[name], button[name]"):
        name = element["name"]
        if name.endswith("csrf_token"):  # prefixed forms have "<prefix>-csrf_token"
            keep[name] = element.get("value", "")
        elif element.get("type") != "file" and name not in names:
            names.append(name)
    return keep, names


def submit(client, action: str, posts: bool, data: dict):
    return client.post(action, data=data) if posts else client.get(action, query_string=data)


def sweep_forms(client, url: str, html: str) -> set[str]:
    """Submit every form on the page once per crafted variant; the field names swept."""
    swept = set()
    for form in BeautifulSoup(html, "html.parser").select("form"):
        action = path(form.get("action") or url)
        if action in NOT_SWEPT_ACTIONS:
            continue
        keep, names = form_fields(form)
        swept.update(names)
        posts = form.get("method", "get").lower() == "post"
        for variant, values in FORM_VARIANTS.items():
            limiter.reset()
            response = submit(client, action, posts, keep | {name: values for name in names})
            assert_not_server_error(response, f"{variant} in the form {action} on {url}")
        # The form sent with none of its fields (only the token and something else).
        response = submit(client, action, posts, keep | {"x": "1"})
        assert_not_server_error(response, f"no fields in the form {action} on {url}")
    return swept


@pytest.fixture
def sweep_data(people):
    with people.app_context():
        factories.report("sbc-asb", reference="ABC123", photos=1)
    return people


def test_crafted_urls_on_every_route_never_answer_500(sweep_data, signed_in):
    clients = {"anonymous": sweep_data.test_client(), "admin": signed_in(ADMIN)}
    tokens = {who: csrf_token(client) for who, client in clients.items()}
    for rule in sweep_data.url_map.iter_rules():
        if rule.rule.startswith(TEST_PREFIX) or rule.rule in NOT_SWEPT_ACTIONS:
            continue
        for url in rule_urls(rule):
            for who, client in clients.items():
                limiter.reset()
                if "GET" in rule.methods:
                    assert_not_server_error(client.get(url, buffered=True), f"{who} GET {url}")
                if "POST" in rule.methods and "?" not in url:
                    response = client.post(url, data={"csrf_token": tokens[who],
                                                      "x": CRAFTED_TEXT["crlf"]})
                    assert_not_server_error(response, f"{who} POST {url}")


def test_crafted_values_in_every_staff_form_never_answer_500(sweep_data, signed_in):
    admin = signed_in(ADMIN)
    adapter = sweep_data.url_map.bind("localhost")
    swept = set()
    for rule in sweep_data.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.rule.startswith("/staff"):
            continue
        for sample in SAMPLE_ARGUMENTS.get(rule.endpoint, [{}]):
            url = adapter.build(rule.endpoint, sample)
            response = admin.get(url)
            if response.status_code == 200 and response.mimetype == "text/html":
                swept |= sweep_forms(admin, url, response.get_data(as_text=True))
    # The forms are found on the pages: the date ones (the export, scheduling, the alert
    # banner, the inbox filter) must be among them.
    assert {"received_from", "publish_on", "ends_on", "reference", "note-text"} <= swept
    assert admin.get("/staff/inbox").status_code == 200, "the sweep signed itself out"


def test_crafted_values_in_every_public_form_never_answer_500(seeded_app):
    client = seeded_app.test_client()
    swept = set()
    for url in ("/follow-up", "/staff/login", "/report"):
        swept |= sweep_forms(client, url, client.get(url).get_data(as_text=True))
    for kind, answers in JOURNEY_ANSWERS.items():
        reporter = Reporter(seeded_app.test_client())
        reporter.start(kind)
        for _ in range(30):
            if reporter.step == "check-your-answers":
                break
            if reporter.page.soup.select("form input[name=csrf_token]"):
                step_url = reporter.url
                if reporter.step == "photos":  # so that the page has its Remove buttons
                    reporter.post({"photos": [(jpeg_file(), "photo.jpg")]},
                                  content_type="multipart/form-data")
                    reporter.get(step_url)
                swept |= sweep_forms(reporter.client, step_url, str(reporter.page.soup))
                reporter.get(step_url)
                reporter.answer(answers[reporter.step])
            else:
                reporter.continue_info()
        assert reporter.step == "check-your-answers", f"{kind} stopped at {reporter.url}"
        sweep_forms(reporter.client, reporter.url, str(reporter.page.soup))
    reporter, _ = open_report(client, *send_report(client))
    swept |= sweep_forms(client, "/follow-up/your-report", str(reporter.page.soup))
    assert {"when_date", "where", "remove-photo", "email", "password", "reference",
            "receipt", "information"} <= swept


# --- each finding, as a person would meet it ------------------------------------------------

def date_boxes(page: Page, name: str) -> list[str]:
    return [page.soup.select_one(f"#{name}-{box}").get("value", "")
            for box in ("day", "month", "year")]


def error_summary(page: Page) -> list[tuple[str, str]]:
    return [(a.get_text(strip=True), a["href"])
            for a in page.soup.select(".govuk-error-summary a")]


def test_a_date_of_two_parts_on_the_report_is_an_error_with_the_boxes_kept(seeded_app):
    reporter = Reporter(seeded_app.test_client())
    reporter.start("asb")
    reporter.walk(JOURNEY_ANSWERS["asb"], until="when")
    response = reporter.post({"when_kind": "date", "when_date": ["3", "11"]})
    assert response.status_code == 400
    assert error_summary(reporter.page) == [
        ("Date must be a real date, for example 27 3 2026", "#when_date-day")]
    assert date_boxes(reporter.page, "when_date") == ["3", "11", ""]


def test_export_dates_of_the_wrong_shape_are_errors_on_the_form(people, signed_in):
    client = signed_in(ADMIN)
    page = Page(client.get("/staff/export", query_string={
        "received_from": ["1/4/2026", "2026-04-02"], "received_to": "9999-06-30"}))
    assert page.response.status_code == 400
    assert error_summary(page) == [
        ("Received on or after must be a real date, like 2026-04-01", "#received_from"),
        ("The year must be between 1900 and 2100", "#received_to")]
    # What was typed stays in the date pickers.
    assert page.soup.select_one("#received_from")["value"] == "1/4/2026"
    assert page.soup.select_one("#received_to")["value"] == "9999-06-30"
    # Asked for with other things but no dates at all: the form, asking for them.
    page = Page(client.get("/staff/export?include_contact=y"))
    assert page.response.status_code == 400
    assert [text for text, _ in error_summary(page)] == ["Enter the first date",
                                                         "Enter the last date"]


def test_a_schedule_date_missing_its_day_is_an_error_not_publish_now(people, signed_in):
    client = signed_in(ADMIN)
    url = f"/staff/pages/{SAMPLE_ARGUMENTS['publishing.schedule'][0]['page_id']}/schedule"
    form = Page(client.get(url))
    page = Page(client.post(url, data=form.form_data() | {"publish_on": ["", "11", "2026"]}))
    assert page.response.status_code == 400
    assert error_summary(page) == [("Publish on must be a real date", "#publish_on-day")]
    assert date_boxes(page, "publish_on") == ["", "11", "2026"]


def test_an_alert_end_date_beyond_the_calendar_is_an_error(people, signed_in):
    client = signed_in(ADMIN)
    form = Page(client.get("/staff/alert"))
    page = Page(client.post("/staff/alert", data=form.form_data() | {
        "message": "Scam going round", "level": "warning", "ends_on": ["31", "12", "9999"]}))
    assert page.response.status_code == 400
    assert ("The year must be between 1900 and 2100", "#ends_on-day") in error_summary(page)


@pytest.mark.parametrize("url", ["/campaigns/%00", "/get-help/%00", "/follow-up?reference=%00",
                                 "/staff/reports/%00"])
def test_a_nul_byte_in_the_address_is_a_bad_request(seeded_app, url):
    assert_bad_request(seeded_app.test_client().get(url))


def assert_bad_request(response) -> None:
    """The plain 400 page, not the form shown again or acted on."""
    assert response.status_code == 400
    assert Page(response).h1 == "There is a problem with your request"


def test_a_nul_byte_in_a_form_is_a_bad_request_before_any_view(sweep_data, signed_in):
    anonymous = sweep_data.test_client()
    login = Page(anonymous.get("/staff/login"))
    assert_bad_request(anonymous.post("/staff/login", data=login.form_data() | {
        "email": "asb.officer@example.org\x00", "password": "x"}))
    follow_up = Page(anonymous.get("/follow-up"))
    assert_bad_request(anonymous.post("/follow-up", data=follow_up.form_data() | {
        "reference": "AB\x00C", "receipt": "x"}))
    # Even without a CSRF token (the CSRF handler re-runs some views with the data).
    assert_bad_request(anonymous.post("/follow-up", data={"reference": "\x00"}))
    officer = signed_in(ADMIN)
    token = Page(officer.get("/staff/reports/ABC123/notes")).form_data('form[action$="/notes"]')
    assert_bad_request(officer.post("/staff/reports/ABC123/notes",
                                    data=token | {"note-text": "a\x00b"}))


def test_numbers_too_big_for_the_database_are_not_found_or_the_last_page(sweep_data,
                                                                          signed_in):
    client = signed_in(ADMIN)
    assert client.get(f"/media/{HUGE}.jpg").status_code == 404
    assert client.get(f"/staff/pages/{HUGE}").status_code == 404
    assert client.get(f"/staff/reports/ABC123/photos/{HUGE}").status_code == 404
    for url in ("/staff/inbox", "/staff/admin/audit"):
        response = client.get(f"{url}?page={HUGE}")
        assert response.status_code == 200, url
        assert "ABC123" not in response.get_data(as_text=True)
    assert "ABC123" in client.get(f"/staff/inbox?page=-{HUGE}").get_data(as_text=True)
    assert client.get(f"/staff/pages/1/compare?from={HUGE}&to=1").status_code == 404
