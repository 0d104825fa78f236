"""The words a reader meets in a page's <main>, as lines of text for the readability
tests (app/pages/readability.py splits them into sentences and holds the rule).

Block elements (paragraphs, list items, headings, labels, table cells...) end a sentence
even without a full stop, as a reader takes them. Left out: what only acts (buttons, Exit
this page, the breadcrumbs, the Back link) and the answers offered as radios or
checkboxes. Those are names of categories, several fixed elsewhere (the five hate crime
strands police monitor), and Flesch would score each one-word answer as a sentence; their
hints are prose and stay.
"""

from bs4 import BeautifulSoup, NavigableString

BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "label", "legend",
          "caption", "blockquote", "div", "summary", "button", "figcaption")
LEFT_OUT = (".govuk-exit-this-page", ".govuk-breadcrumbs", ".govuk-back-link",
            ".govuk-visually-hidden", ".govuk-button", ".govuk-radios__label",
            ".govuk-checkboxes__label", "script", "template", "noscript")


def main_text_blocks(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main")
    for selector in LEFT_OUT:
        for element in main.select(selector):
            element.decompose()
    for element in main.find_all(BLOCKS):
        element.insert_before(NavigableString("\n"))
        element.append(NavigableString("\n"))
    lines = (" ".join(line.split()) for line in main.get_text().split("\n"))
    return [line for line in lines if line]


def report_pages(client) -> dict[str, str]:
    """Every page of the report journeys a person can meet, by URL, walked with the test
    client: each journey straight through and sent, and the answers that lead to the
    pages only some people see (the 999 advice, the neighbourhood team, the hate crime
    offer, contact details)."""
    from tests.reporting_helpers import ASB_THREATS, JOURNEY_ANSWERS, Reporter

    seen: dict[str, str] = {}

    class Recorder(Reporter):
        def get(self, url):
            page = super().get(url)
            seen.setdefault(url.split("?")[0], page.response.get_data(as_text=True))
            return page

    details = {"name": "Sam", "email": "sam@example.org"}
    walks = [
        ("asb", {**ASB_THREATS, "contact": {"contact_wanted": "yes"},
                 "contact-details": details}),
        ("hate", JOURNEY_ANSWERS["hate"]),
        ("stalking", JOURNEY_ANSWERS["stalking"]),
        ("asb", {**ASB_THREATS, "danger-now": {"danger_now": "yes"},
                 "what-is-happening": {"asb_what": "neighbour"}}),
        ("asb", {**ASB_THREATS, "how-it-affects-you": {"effects": ["targeted"]},
                 "hate-crime": {"hate_offer": "asb"}}),
    ]
    for kind, answers in walks:
        reporter = Recorder(client)
        reporter.start(kind)
        reporter.walk(answers)
        reporter.send()
    Recorder(client).start("case_review")
    return seen
