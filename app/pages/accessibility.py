"""The accessibility check comms staff see before they publish: four things that page
text written in markdown most often gets wrong, found in the cleaned HTML readers get.

- an image with no description (alt text): a screen reader says nothing, or the address;
- a link with no words: nothing to read out or to choose from a list of links;
- a heading that skips a level (a level 4 straight after a level 2): people who move by
  headings lose their place. The page's title is the level 1 heading, so the page text
  starts at level 2 (``##`` in markdown);
- a link whose words do not say where it goes ("click here", "read more"): out of its
  sentence, as screen readers list links, it means nothing.

The editor's preview also runs axe-core in the browser (assets/js/page-check.mjs), which
finds more; this check is the one that works without JavaScript and that the tests hold.
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from app.pages.images import images_without_alt

# Link words that only make sense next to the sentence around them.
VAGUE_LINK_WORDS = frozenset(
    {
        "click here",
        "here",
        "click",
        "this",
        "this link",
        "link",
        "this page",
        "read more",
        "more",
        "more information",
        "more info",
        "learn more",
        "find out more",
        "go",
    }
)
HEADING = re.compile(r"^h([1-6])$")


@dataclass(frozen=True)
class Finding:
    check: str  # "image-alt", "empty-link", "heading-order" or "vague-link"
    message: str


@dataclass
class _Link:
    href: str
    words: list[str]
    has_label: bool = False  # an aria-label, or an image with a description


class _Outline(HTMLParser):
    """The links (with their words) and the headings (level and words) of page text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[_Link] = []
        self.headings: list[tuple[int, str]] = []
        self._link: _Link | None = None
        self._heading: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            self._link = _Link(
                attributes.get("href") or "", [], bool((attributes.get("aria-label") or "").strip())
            )
            self.links.append(self._link)
        elif tag == "img" and self._link is not None:
            if (attributes.get("alt") or "").strip():
                self._link.has_label = True
        elif HEADING.match(tag):
            self._heading = (int(tag[1]), [])

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None
        elif HEADING.match(tag) and self._heading is not None:
            level, words = self._heading
            self.headings.append((level, " ".join("".join(words).split())))
            self._heading = None

    def handle_data(self, data):
        if self._link is not None:
            self._link.words.append(data)
        if self._heading is not None:
            self._heading[1].append(data)


def check(body_html: str) -> list[Finding]:
    """What to fix before publishing, in the order a reader meets it, check by check."""
    outline = _Outline()
    outline.feed(body_html)
    outline.close()
    findings = [Finding("image-alt", _image_message(src)) for src in images_without_alt(body_html)]
    for link in outline.links:
        words = " ".join("".join(link.words).split())
        if not words and not link.has_label:
            findings.append(
                Finding(
                    "empty-link",
                    (
                        f"A link to {link.href or 'nowhere'} has no words. Write words between "
                        "the square brackets that say where it goes, like "
                        f"[Get help with domestic abuse]({link.href or '/get-help'})"
                    ),
                )
            )
        elif _vague(words):
            findings.append(
                Finding(
                    "vague-link",
                    (
                        f"The link \u201c{words}\u201d does not say where it goes. Screen readers "
                        "list links on their own, so use words that make sense alone, like "
                        "\u201cReport anti-social behaviour\u201d"
                    ),
                )
            )
    findings.extend(_skipped_levels(outline.headings))
    return findings


def _vague(words: str) -> bool:
    plain = re.sub(r"[^\w\s]", "", words.lower()).strip()
    return plain in VAGUE_LINK_WORDS or "click here" in plain


def _image_message(src: str) -> str:
    return (
        f"The image {src} has no description (alt text) for people who cannot see "
        f"it. Write it between the square brackets, like ![What the picture shows]"
        f"({src})"
    )


def _skipped_levels(headings: list[tuple[int, str]]) -> list[Finding]:
    findings, previous = [], 1  # the page's title is the level 1 heading
    for level, words in headings:
        if level > previous + 1:
            findings.append(
                Finding(
                    "heading-order",
                    (
                        f"The heading \u201c{words}\u201d is level {level} straight after level "
                        f"{previous}, so it skips a level. Use {'#' * (previous + 1)} for a level "
                        f"{previous + 1} heading"
                    ),
                )
            )
        previous = level
    return findings
