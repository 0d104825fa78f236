"""References and receipt codes on the narrowest phone: each stays on one line, and no
line ever breaks inside a group of one (someone writing a code down must not copy a break
into it)."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_reports import ASB, press, send, start, walk

pytestmark = pytest.mark.browser


NARROWEST = {"width": 320, "height": 640}  # WCAG reflow: 320 CSS pixels wide


def groups_on_more_than_one_line(page) -> list[str]:
    """Groups of a reference or receipt code the browser drew over more than one line."""
    return page.evaluate("""() => [...document.querySelectorAll('.app-code__group')]
        .filter(group => group.getClientRects().length !== 1)
        .map(group => group.textContent)""")


def lines_of(page, selector: str) -> int:
    """How many lines the groups of the code at ``selector`` are drawn on."""
    return page.evaluate("""selector => new Set([...document.querySelectorAll(
        `${selector} .app-code__group`)].flatMap(group => [...group.getClientRects()])
        .map(box => Math.round(box.top))).size""", selector)


def test_codes_never_break_inside_a_group_at_320_pixels(browser, live_server, seeded_app,
                                                        assert_accessible):
    context = browser.new_context(viewport=NARROWEST, base_url=live_server, is_mobile=True)
    page = context.new_page()
    try:
        start(page, "asb")
        walk(page, lambda *args: None, "asb", ASB)
        reference, receipt = send(page, lambda *args: None)
        assert page.locator("#receipt-code .app-code__group").count() == 3
        assert groups_on_more_than_one_line(page) == []
        assert lines_of(page, "#receipt-code") == 1
        assert lines_of(page, ".app-reference") == 1
        page.goto("/follow-up")
        page.fill("#reference", reference)
        page.fill("#receipt", receipt)
        press(page)
        expect(page.locator("h1 .app-code")).to_have_text(reference)
        assert groups_on_more_than_one_line(page) == []
        assert lines_of(page, "h1 .app-code") == 1
        assert_accessible(page, "your report at 320 pixels")
    finally:
        context.close()
