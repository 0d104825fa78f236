"""Markdown to safe HTML for the partnership's pages.

Comms staff write markdown; readers get HTML that can hold nothing executable. The markdown
is rendered with a small set of extensions, then cleaned by bleach against an allow-list,
then given GOV.UK Frontend classes. This runs once, when a page revision is made; the result
is stored with the revision and never rendered per request.

What survives cleaning:
- headings (a level-1 heading becomes level 2: the page template owns the one <h1>),
  each with an id for in-page links, unless that id is taken by the layout;
- paragraphs, lists, emphasis, inline code, block quotes, rules and tables;
- links to http, https, mailto and tel addresses, or relative ones; links to other sites get
  rel="noopener noreferrer";
- images only from our own origin: a path under /static/ or /media/.

Everything else (script, style, iframe, svg, forms, event handlers, style attributes,
javascript: and data: addresses) is removed; the text inside a removed tag stays as text.

Text that would make rendering slow or fail is refused with a MarkdownError whose message
the editor shows next to the page text: longer than the caller's ``max_chars`` (a setting,
PAGE_BODY_MAX_CHARS), or lists and quotes nested deeper than MAX_NESTING (Python-Markdown
parses each level by calling itself: 500 levels ran out of stack). Links are found in
linear time (app/pages/linear_links.py), so no arrangement of brackets is slow.
"""

import re
from functools import partial
from urllib.parse import urlsplit

import bleach
import markdown
from bleach.html5lib_shim import Filter

from app.pages.linear_links import LinearLinksExtension

# Bump when the output for the same markdown changes, so `flask seed` renders pages again.
RENDERER_VERSION = "1"

EXTENSIONS = ["tables", "sane_lists", "toc"]
MAX_NESTING = 20
# The markers that open a level: a quote's ">", a list item's "-", "*", "+" or "1.".
NESTING_MARKER = re.compile(r"[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$))")
# Python's html.parser, which Python-Markdown uses to find raw HTML, reads from each "<" that
# opens a tag to the next ">": many tags left open make that work grow with the square of
# the text. The characters it would read are counted first, in linear time, and capped.
TAG_START = re.compile(r"<[A-Za-z/!?]")
MAX_TAG_READING = 2_000_000
RULE = re.compile(r"^[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
EXTENSION_CONFIGS = {
    "tables": {"use_align_attribute": True},  # align="right", turned into a class below
    "toc": {"toc_depth": "1-4"},
}

ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "a", "strong", "em", "code",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "img",
})
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto", "tel"})

HEADING_ID = re.compile(r"^[a-z][a-z0-9-]{0,80}$")
# Ids the layout and its components use; a heading must not take one (DOM clobbering,
# a broken skip link).
RESERVED_IDS = frozenset({"main-content", "emergency-heading", "site-alert-title", "content"})
RESERVED_ID_PREFIXES = ("govuk-", "app-", "js-")
OWN_IMAGE = re.compile(r"^/(static|media)/[A-Za-z0-9][A-Za-z0-9._/-]*$")
START = re.compile(r"^[0-9]{1,4}$")


def _heading_id(tag: str, name: str, value: str) -> bool:
    return (name == "id" and HEADING_ID.match(value) is not None
            and value not in RESERVED_IDS and not value.startswith(RESERVED_ID_PREFIXES))


def _image_attribute(tag: str, name: str, value: str) -> bool:
    if name == "src":
        return OWN_IMAGE.match(value) is not None and ".." not in value and "//" not in value
    return name in ("alt", "title")


ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": _image_attribute,
    "h1": _heading_id, "h2": _heading_id, "h3": _heading_id, "h4": _heading_id,
    "ol": lambda tag, name, value: name == "start" and START.match(value) is not None,
    "th": ["align"],
    "td": ["align"],
}

CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
    "table": "govuk-table",
    "thead": "govuk-table__head",
    "tbody": "govuk-table__body",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "img": "app-content-image",
}
NUMERIC = {"th": "govuk-table__header--numeric", "td": "govuk-table__cell--numeric"}

HREF, SRC, CLASS, REL, ALIGN = (None, "href"), (None, "src"), (None, "class"), (None, "rel"), (
    None, "align")


def is_external(href: str, own_hosts: frozenset[str]) -> bool:
    parts = urlsplit(href)
    if parts.scheme in ("mailto", "tel"):
        return False
    return bool(parts.netloc) and (parts.hostname or "") not in own_hosts


class GovukFilter(Filter):
    """Runs after bleach's sanitiser: adds GOV.UK classes and rel, demotes <h1>, drops
    images that lost their address. It only ever sees allowed tags and attributes."""

    def __init__(self, source, own_hosts: frozenset[str] = frozenset()):
        super().__init__(source)
        self.own_hosts = own_hosts

    def __iter__(self):
        skipping_image = False
        for token in super().__iter__():
            kind = token["type"]
            if kind in ("StartTag", "EmptyTag", "EndTag"):
                if token["name"] == "h1":
                    token["name"] = "h2"
                if token["name"] == "img" and SRC not in token.get("data", {}):
                    skipping_image = kind == "StartTag"
                    continue
                if kind != "EndTag":
                    self._decorate(token)
            elif skipping_image:
                continue
            yield token

    def _decorate(self, token) -> None:
        name, attrs = token["name"], token.setdefault("data", {})
        classes = [CLASSES[name]] if name in CLASSES else []
        if attrs.pop(ALIGN, None) == "right" and name in NUMERIC:
            classes.append(NUMERIC[name])
        if name == "a" and HREF in attrs:
            if is_external(attrs[HREF], self.own_hosts):
                attrs[REL] = "noopener noreferrer"
        elif name == "a":
            classes = []  # an <a> without an address is not a link
        if classes:
            attrs[CLASS] = " ".join(classes)


class MarkdownError(ValueError):
    """Page text we will not render, with a message for the person who wrote it."""


def nesting_depth(line: str) -> int:
    """How many levels of list or quote a line opens: its indent (four columns a level, as
    Python-Markdown counts) and the markers before its text. Generous: it never counts
    fewer levels than Python-Markdown makes."""
    if RULE.match(line):
        return 0
    indent = len(line) - len(line.lstrip(" \t"))
    columns = len(line[:indent].expandtabs(4))
    markers, position = 0, indent
    while (marker := NESTING_MARKER.match(line, position)) is not None:
        markers, position = markers + 1, marker.end()
    return columns // 4 + markers


def tag_reading(text: str) -> int:
    """How many characters html.parser would read looking for the ends of tags: for each
    "<" that opens one, the distance to the next ">" (or the end)."""
    total, next_close = 0, -1
    for start in TAG_START.finditer(text):
        if next_close < start.start():
            next_close = text.find(">", start.start())
            next_close = len(text) if next_close == -1 else next_close
        total += next_close - start.start()
    return total


def check(text: str, max_chars: int | None = None) -> None:
    """Raise MarkdownError if ``text`` is too long, nested too deeply, or has too many
    tags left open to render quickly."""
    if max_chars is not None and len(text) > max_chars:
        raise MarkdownError(f"The page text must be {max_chars:,} characters or fewer. "
                            f"It is {len(text):,}.")
    if tag_reading(text) > MAX_TAG_READING:
        raise MarkdownError("The page text has too many '<' signs with no '>' after them. "
                            "Write &lt; for a '<' that does not start an HTML tag.")
    for number, line in enumerate(text.splitlines(), start=1):
        if nesting_depth(line) > MAX_NESTING:
            raise MarkdownError(f"Line {number} puts lists or quotes more than {MAX_NESTING} "
                                "levels inside each other. Use fewer levels.")


def render(text: str, own_hosts: tuple[str, ...] | frozenset[str] = (),
           max_chars: int | None = None) -> str:
    """Markdown -> cleaned HTML with GOV.UK classes. ``own_hosts`` are host names whose
    absolute links count as ours (no rel). Raises MarkdownError for text over
    ``max_chars`` or nested too deeply."""
    check(text, max_chars)
    try:
        html = markdown.markdown(text, extensions=[*EXTENSIONS, LinearLinksExtension()],
                                 extension_configs=EXTENSION_CONFIGS, output_format="html")
    except RecursionError as error:  # a kind of nesting the line check does not count
        raise MarkdownError("The page text puts things inside each other too many times. "
                            "Use fewer levels.") from error
    hosts = frozenset(h.lower() for h in own_hosts)
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(GovukFilter, own_hosts=hosts)],
    )
    return cleaner.clean(html).strip()
