"""Plain English on every public page: Flesch reading ease of at least 60 on the main text,
and no sentence longer than 30 words.

Quotations of the law and of official definitions must stay word for word, so they are
left out of the count, each by name. An exemption that no page quotes any more fails, so
the list cannot hide new text.
"""

from datetime import UTC, datetime

import pytest

from app.core import clock
from app.pages.readability import (
    MAX_SENTENCE_WORDS,
    MIN_READING_EASE,
    long_sentences,
    reading_ease,
    sentences,
)
from tests.routes_catalogue import public_get_urls
from tests.web.readability import main_text_blocks, report_pages

EXEMPT_QUOTATIONS = {
    "the criminal justice system's agreed definition of hate crime": (
        '"any criminal offence which is perceived by the victim or any other person, to be '
        "motivated by hostility or prejudice based on a person's race or perceived race; "
        "religion or perceived religion; sexual orientation or perceived sexual orientation; "
        "disability or perceived disability and any crime motivated by hostility or "
        'prejudice against a person who is transgender or perceived to be transgender."'),
    "the Home Office's definition of county lines (2017)": (
        '"County lines is the UK police term for urban gangs supplying drugs to suburban '
        "areas and market and coastal towns using dedicated mobile phone lines or 'deal "
        "lines'.\""),
    "the title of the accessibility regulations": (
        "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
        "Regulations 2018"),
    "the names of the WCAG 2.2 success criteria for video": (
        "1.2.2 (Captions (Prerecorded)), 1.2.3 (Audio Description or Media Alternative "
        "(Prerecorded)) and 1.2.5 (Audio Description (Prerecorded))"),
}
# Inside the 16 Days page's publishing dates, so it is read too.
DURING_16_DAYS = datetime(2026, 11, 26, 12, tzinfo=UTC)


@pytest.fixture
def main_texts(seeded_app, monkeypatch):
    """URL -> the sentences of its main text, exempt quotations taken out; and which
    exemptions were used."""
    app = seeded_app
    monkeypatch.setattr(clock, "current_time", lambda: DURING_16_DAYS)
    client = app.test_client()
    html = {url: client.get(url, follow_redirects=True).get_data(as_text=True)
            for url in [*public_get_urls(app), "/get-help?show=all",
                        "/get-help?need=domestic-abuse"]}
    html.update(report_pages(client))
    used, texts = set(), {}
    for url, page in html.items():
        blocks = []
        for block in main_text_blocks(page):
            for name, quotation in EXEMPT_QUOTATIONS.items():
                if quotation in block:
                    used.add(name)
                    block = block.replace(quotation, "")
            blocks.append(block)
        texts[url] = sentences(blocks)
    return texts, used


def test_every_public_page_reads_easily(main_texts):
    texts, _ = main_texts
    assert len(texts) > 40, "the report journeys and content pages were all read"
    scores = {url: reading_ease(found) for url, found in texts.items() if found}
    hard = {url: score for url, score in scores.items() if score < MIN_READING_EASE}
    assert not hard, f"Flesch reading ease below {MIN_READING_EASE}: {hard}"


def test_no_sentence_on_a_public_page_is_too_long(main_texts):
    texts, _ = main_texts
    long = [(url, len(sentence.split()), sentence) for url, found in texts.items()
            for sentence in long_sentences(found)]
    assert not long, f"sentences over {MAX_SENTENCE_WORDS} words:\n" + "\n".join(
        f"{url} ({words} words): {sentence}" for url, words, sentence in long)


def test_every_exempt_quotation_is_still_quoted(main_texts):
    _, used = main_texts
    assert used == set(EXEMPT_QUOTATIONS)
