"""Links and images in markdown, found in linear time.

Python-Markdown's link patterns (``[text](href)``, ``![alt](src)``, ``[text][ref]`` and the
short forms) find the end of a link by walking forward a character at a time: from each
``[`` to its matching ``]`` (``getText``), and from the ``(`` after it to the matching
``)`` (``getLink``). A ``[`` or ``(`` that is never closed makes that walk run to the end of
the paragraph, once for every bracket, so the work grows with the square of the text:
20 KB of ``[`` took most of a minute, in a comms officer's preview.

This extension swaps in the same processors, with the two walks replaced:

- ``getText`` looks the closing ``]`` up in a table of matching brackets built once per
  paragraph with a stack. The table is kept as distances from the end of the text, because
  each link found replaces the text before it with a placeholder and leaves the rest as it
  was: the table stays right for the rest, so it is built again only when that changed.
- ``getLink`` runs only where a regular expression (linear: each step has one way to go)
  finds the ``)`` that closes the ``(``, with up to three levels of parentheses inside, and
  then reads just that much. A link address whose parentheses nest deeper, or a title in
  quotes that holds a ``)``, is left as text; no page of ours has one.

What counts as a link is otherwise Python-Markdown's own rule, so pages render the same.
"""

import re

from markdown import inlinepatterns
from markdown.extensions import Extension

BRACKETS = re.compile(r"[\[\]]")
# "(" ... ")" with up to three levels of balanced parentheses inside.
CLOSED_LINK = re.compile(r"\((?:[^()]|\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))*\)")


class BracketMatches:
    """Where the ``]`` that closes each ``[`` of a text is, for repeated look-ups."""

    def __init__(self):
        self.text: str | None = None
        self.closes: dict[int, int] = {}  # distance from the end: "[" -> its "]"

    def close_after(self, data: str, index: int) -> int | None:
        """The position in ``data`` of the ``]`` closing the ``[`` at ``index - 1``."""
        if self.text is not data and not self._same_ending(data, index - 1):
            self._build(data)
        closing = self.closes.get(len(data) - (index - 1))
        return None if closing is None else len(data) - closing

    def _same_ending(self, data: str, start: int) -> bool:
        return self.text is not None and self.text.endswith(data[start:])

    def _build(self, text: str) -> None:
        opened, closes, size = [], {}, len(text)
        for bracket in BRACKETS.finditer(text):
            if bracket.group() == "[":
                opened.append(bracket.start())
            elif opened:
                closes[size - opened.pop()] = size - bracket.start()
        self.text, self.closes = text, closes


class LinearLinks:
    """Mixed into each of Python-Markdown's link processors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.brackets = BracketMatches()

    def getText(self, data: str, index: int):  # noqa: N802 (Python-Markdown's name)
        if index == 0 or data[index - 1] != "[":
            return super().getText(data, index)
        closing = self.brackets.close_after(data, index)
        if closing is None:
            return "", len(data), False
        return data[index:closing], closing + 1, True

    def getLink(self, data: str, index: int):  # noqa: N802
        closed = CLOSED_LINK.match(data, index)
        if closed is None:
            return "", None, index, False
        return super().getLink(data[:closed.end()], index)


def _linear(processor_class):
    return type(f"Linear{processor_class.__name__}", (LinearLinks, processor_class), {})


# Python-Markdown's names, classes, patterns and priorities (markdown.inlinepatterns).
PROCESSORS = (
    ("reference", inlinepatterns.ReferenceInlineProcessor, inlinepatterns.REFERENCE_RE, 170),
    ("link", inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE, 160),
    ("image_link", inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE, 150),
    ("image_reference", inlinepatterns.ImageReferenceInlineProcessor,
     inlinepatterns.IMAGE_REFERENCE_RE, 140),
    ("short_reference", inlinepatterns.ShortReferenceInlineProcessor,
     inlinepatterns.REFERENCE_RE, 130),
    ("short_image_ref", inlinepatterns.ShortImageReferenceInlineProcessor,
     inlinepatterns.IMAGE_REFERENCE_RE, 125),
)


class LinearLinksExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802
        for name, processor_class, pattern, priority in PROCESSORS:
            md.inlinePatterns.register(_linear(processor_class)(pattern, md), name, priority)
