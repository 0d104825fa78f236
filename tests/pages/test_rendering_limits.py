"""Page text that would make rendering slow or fail is refused with a plain message, and no
arrangement of brackets makes rendering slow.

The speed tests compare work with work in the same test, never with a clock's absolute
figure: a pathological text is rendered beside a normal page of the same size, and must
not take more than a generous multiple of its time. Before links were found in linear time,
10 KB of "[" took over a hundred times as long as a normal page of 10 KB.
"""

import time

import markdown
import pytest

from app.pages import rendering
from app.pages.linear_links import LinearLinksExtension
from app.pages.rendering import MarkdownError, check, nesting_depth, render

SIZE = 10_000
NORMAL = ("## Night buses\n\nThe route from *Old Town* runs past [the station](/about), "
          "with `lights` all the way.\n\n- one stop\n- another stop\n\n") * (SIZE // 100)
PATHOLOGICAL = {
    "open brackets": "[" * SIZE,
    "open image brackets": "![" * (SIZE // 2),
    "links never closed": "[a](" * (SIZE // 4),
    "a link, then a bracket never closed": "[a](b)[" * (SIZE // 7),
    "titles never closed": '[a](x "' * (SIZE // 7),
    "references never closed": "[a][" * (SIZE // 4),
    "closing brackets": "](" * (SIZE // 2),
}


def seconds(text: str) -> float:
    start = time.perf_counter()
    render(text)
    return time.perf_counter() - start


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_brackets_render_about_as_fast_as_a_normal_page(name):
    text = PATHOLOGICAL[name][:len(NORMAL)]
    normal = min(seconds(NORMAL) for _ in range(3))
    assert seconds(text) < 10 * normal + 0.05, name


def test_doubling_the_brackets_no_more_than_doubles_the_work():
    """Counted, not timed: the characters the link processors read."""
    reads = []
    for size in (2_000, 4_000):
        counter = CountingReads()
        markdown.markdown("[a](" * size, extensions=[LinearLinksExtension(), counter])
        reads.append(counter.total)
    assert reads[1] <= 2.2 * reads[0]


class CountingReads(markdown.extensions.Extension):
    """Counts the characters given to each link processor's getText and getLink."""

    def extendMarkdown(self, md):  # noqa: N802
        self.total = 0
        for name in ("link", "reference", "short_reference"):
            processor = md.inlinePatterns[name]
            for method in ("getText", "getLink"):
                setattr(processor, method, self._counted(getattr(processor, method)))

    def _counted(self, method):
        def counted(data, index):
            result = method(data, index)
            self.total += max(result[-2] if isinstance(result[-2], int) else index, index) - index
            return result
        return counted


LINKS = [
    "[a](b)", "[a](<b c>)", '[a](/x "A title")', "[a](/x 'A title')", "[a](x(y)z)",
    "![A map](/media/1.jpg)", "[a][r]\n\n[r]: /x", "[r]\n\n[r]: /x", "![r]\n\n[r]: /x.png",
    "[[a]](b)", "[a [b] c](d)", "[a](b) and [c](d (e))", "[a]( b )", "[", "[a]", "](",
    "A [link](https://example.org/a_(b)) in text", "\\[not a link](x)", "`[code](x)`",
]


@pytest.mark.parametrize("text", LINKS)
def test_links_are_found_as_python_markdown_finds_them(text):
    options = {"extensions": rendering.EXTENSIONS,
               "extension_configs": rendering.EXTENSION_CONFIGS}
    expected = markdown.markdown(text, **options)
    options["extensions"] = [*rendering.EXTENSIONS, LinearLinksExtension()]
    assert markdown.markdown(text, **options) == expected


def test_every_content_page_renders_as_before(app):
    from pathlib import Path

    from app.pages.sources import split_front_matter

    options = {"extensions": rendering.EXTENSIONS,
               "extension_configs": rendering.EXTENSION_CONFIGS}
    pages = sorted(Path(app.config["CONTENT_DIR"], "pages").glob("*.md"))
    assert pages
    for path in pages:
        body = split_front_matter(path, path.read_text())[2]
        linear = markdown.markdown(body, extensions=[*rendering.EXTENSIONS,
                                                     LinearLinksExtension()],
                                   extension_configs=rendering.EXTENSION_CONFIGS)
        assert linear == markdown.markdown(body, **options), path.name


# --- nesting ----------------------------------------------------------------------------------

NESTED_500 = {
    "a list indented 500 times": "".join("    " * level + "- item\n" for level in range(500)),
    "list markers on one line": "- " * 500 + "deep\n",
    "numbered lists": "".join("    " * level + "1. item\n" for level in range(500)),
    "quotes": ">" * 500 + " deep\n",
    "quotes with spaces": "> " * 500 + "deep\n",
    "quotes inside lists": "- > " * 250 + "deep\n",
}


@pytest.mark.parametrize("name", NESTED_500)
def test_nesting_500_deep_is_refused_with_a_message(name):
    with pytest.raises(MarkdownError, match="more than 20 levels inside each other"):
        render(NESTED_500[name])


def test_twenty_levels_still_render():
    html = render("".join("    " * level + "- level\n" for level in range(20)))
    assert html.count("<ul") == 20
    assert render(">" * 20 + " deep").count("<blockquote") == 20


def test_rules_written_with_many_markers_are_not_nesting():
    assert nesting_depth("- - - - - - - - - - - - - - - - - - - - - - - -") == 0
    assert "<hr" in render("* * * * * * * * * * * * * * * * * * * * * * * * * *")


def test_a_recursion_the_line_check_misses_is_still_a_message(monkeypatch):
    monkeypatch.setattr(rendering, "MAX_NESTING", 10_000)
    with pytest.raises(MarkdownError, match="too many times"):
        render(NESTED_500["a list indented 500 times"])


# --- length and unclosed tags ----------------------------------------------------------------

def test_text_over_the_cap_is_refused_and_at_the_cap_renders():
    with pytest.raises(MarkdownError, match="must be 1,000 characters or fewer. It is 1,001"):
        check("a" * 1001, max_chars=1000)
    check("a" * 1000, max_chars=1000)
    assert render("a" * 50_000)  # no cap unless the caller sets one (content files)


def test_many_tags_left_open_are_refused_before_html_parser_reads_them():
    text = "<a " * 5_000
    assert rendering.tag_reading(text) > rendering.MAX_TAG_READING
    with pytest.raises(MarkdownError, match="too many '<' signs"):
        render(text)
    assert rendering.tag_reading("<strong>a</strong> x < y " * 500) < 100_000
