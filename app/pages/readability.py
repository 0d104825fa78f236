"""Plain words: the one rule for how easy the site's text must be to read, and the
measures the editor shows comms staff (reading age and reading time) before they publish.

The rule is the one tests/web/test_readability.py holds every public page to: a Flesch
reading ease of at least ``MIN_READING_EASE`` and no sentence over ``MAX_SENTENCE_WORDS``
words. People read the site on a phone, often upset, some in a second language.

Reading age is the Flesch-Kincaid grade plus 5, the usual way a US school grade is told as
a UK reading age (GOV.UK aims its content at a reading age of 9). Reading time is
textstat's estimate from the number of characters.
"""

import math
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import textstat

MIN_READING_EASE = 60
MAX_SENTENCE_WORDS = 30
GRADE_TO_AGE = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Elements that end a line of text even without a full stop, as a reader takes them.
BLOCKS = frozenset(
    {
        "p",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "td",
        "th",
        "dt",
        "dd",
        "blockquote",
        "div",
        "figcaption",
        "caption",
        "br",
    }
)


def sentences(blocks: list[str]) -> list[str]:
    """Sentences of lines of text; a line with no full stop at its end is one."""
    found = []
    for block in blocks:
        if not block.endswith((".", "!", "?", ":")):
            block += "."
        found.extend(s for s in SENTENCE_END.split(block) if s)
    return found


def reading_ease(found: list[str]) -> float:
    return textstat.flesch_reading_ease(" ".join(found))


def long_sentences(found: list[str]) -> list[str]:
    return [s for s in found if len(s.split()) > MAX_SENTENCE_WORDS]


@dataclass(frozen=True)
class Readability:
    reading_ease: float
    reading_age: int
    minutes: int
    long_sentences: list[str]

    @property
    def easy_enough(self) -> bool:
        return self.reading_ease >= MIN_READING_EASE and not self.long_sentences


def measure(title: str, summary: str, body_html: str) -> Readability | None:
    """How easy the page is to read, from its title, summary and cleaned page text.
    None when there are no words to measure."""
    found = sentences(
        [line for line in (title.strip(), summary.strip(), *text_blocks(body_html)) if line]
    )
    if not found:
        return None
    text = " ".join(found)
    grade = textstat.flesch_kincaid_grade(text)
    return Readability(
        reading_ease=round(reading_ease(found), 1),
        reading_age=max(GRADE_TO_AGE, round(grade) + GRADE_TO_AGE),
        minutes=max(1, math.ceil(textstat.reading_time(text) / 60)),
        long_sentences=long_sentences(found),
    )


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def text_blocks(html: str) -> list[str]:
    """The lines of text in cleaned page HTML, whitespace tidied."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return [line for line in lines if line]
