"""One stylesheet and one script per area of the site (scripts/build_assets.mjs): every
page loads its own area's, every class a page uses is styled there, and the heaviest
report page stays within its 60 KB budget (HTML, CSS and JS, compressed), measured in
bytes."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from benchmarks.asset_sizes import BUDGET_KB, page_transfer
from tests.routes_catalogue import STAFF_PREFIX, public_get_urls
from tests.staff_helpers import ADMIN, COMMS
from tests.web.readability import report_pages

DIST = Path(__file__).resolve().parents[2] / "app" / "static" / "dist"
# Classes that only name things for scripts or for our own markup, styled by nothing; and
# GOV.UK ones its CSS styles through their parts or modifiers only.
UNSTYLED = {
    "govuk-radios", "govuk-checkboxes", "govuk-table__head", "govuk-table__body",
    "govuk-table__row", "govuk-generic-header__container", "app-header__place",
    "govuk-table__caption--s",  # GOV.UK Frontend 6 dropped it: the default caption is it
    "govuk-template__header", "govuk-template__body", "app-header", "app-header__logo-text",
    "app-site-alert", "app-page-preview", "app-preview-slot", "app-pre-wrap",
    "app-report-photo", "app-primary-action", "app-event-list", "app-code",
    "app-preview__label", "app-preview__page", "app-use-my-location", "app-reference",
    "govuk-frontend-supported", "js-enabled",
}
HOOK = re.compile(r"^(govuk-js-|js-)")


@pytest.fixture(scope="module")
def built():
    manifest_path = DIST / "manifest.json"
    if not manifest_path.exists():
        pytest.skip("the assets are not built: run `make assets` (npm ci && npm run build)")
    manifest = json.loads(manifest_path.read_text())
    return {name: (DIST / manifest[name]).read_text() for name in manifest
            if name.endswith((".css", ".js"))}, manifest


def classes_styled(css: str) -> set[str]:
    return {name.replace("\\", "") for name in re.findall(r"\.((?:\\.|[\w-])+)", css)}


def linked(html: str, manifest: dict, kind: str) -> list[str]:
    """Logical names ("report.css") of the files of this kind the page links."""
    files = {fingerprinted: logical for logical, fingerprinted in manifest.items()}
    found = re.findall(r'/static/dist/([^"?#]+\.' + kind + ')"', html)
    return [files[name] for name in found]


def unstyled_classes(html: str, css: str) -> set[str]:
    styled = classes_styled(css)
    used = {name for tag in BeautifulSoup(html, "html.parser").find_all(class_=True)
            for name in tag["class"]}
    return {name for name in used if name.startswith(("govuk-", "app-"))
            and name not in styled and name not in UNSTYLED and not HOOK.match(name)}


def staff_pages(signed_in, app) -> dict[str, str]:
    client = signed_in(ADMIN)
    comms = signed_in(COMMS)
    urls = sorted({rule.rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith(STAFF_PREFIX) and "GET" in rule.methods
                   and not rule.arguments})
    urls += ["/staff/pages/1", "/staff/pages/1/edit", "/staff/pages/1/images",
             "/staff/pages/1/revisions"]
    pages = {}
    for url in urls:
        response = (comms if url.startswith("/staff/pages") else client).get(url)
        if response.status_code == 200 and response.mimetype == "text/html":
            pages[url] = response.get_data(as_text=True)
    return pages


def test_each_area_loads_its_own_bundle(seeded_app, client, signed_in, built):
    _, manifest = built
    for url in ("/", "/get-help", "/campaigns/cuckooing", "/privacy"):
        html = client.get(url).get_data(as_text=True)
        assert linked(html, manifest, "css") == ["public.css"], url
        assert linked(html, manifest, "js") == ["public.js"], url
    for url, html in {**report_pages(client), "/report": client.get("/report").get_data(
            as_text=True)}.items():
        assert linked(html, manifest, "css") == ["report.css"], url
        assert linked(html, manifest, "js") == ["report.js"], url
    for url, html in staff_pages(signed_in, seeded_app).items():
        assert linked(html, manifest, "css") == ["staff.css"], url


def test_every_class_a_page_uses_is_styled_by_its_bundle(seeded_app, client, signed_in,
                                                          built):
    files, manifest = built
    pages = {url: client.get(url, follow_redirects=True).get_data(as_text=True)
             for url in public_get_urls(seeded_app)}
    pages |= report_pages(seeded_app.test_client())
    pages |= staff_pages(signed_in, seeded_app)
    assert len(pages) > 50
    missing = {}
    for url, html in pages.items():
        [stylesheet] = linked(html, manifest, "css")
        if gaps := unstyled_classes(html, files[stylesheet]):
            missing[url] = sorted(gaps)
    assert not missing, f"classes no rule in the page's stylesheet styles: {missing}"


def test_a_class_outside_the_bundle_is_caught(built):
    """The check above can fail: the staff area's pagination is not in the public bundle,
    and GOV.UK Frontend 6 has no light blue tag."""
    files, _ = built
    html = '<nav class="govuk-pagination"><p class="govuk-tag--light-blue">2</p></nav>'
    assert unstyled_classes(html, files["public.css"]) == {"govuk-pagination",
                                                           "govuk-tag--light-blue"}
    assert unstyled_classes(html, files["staff.css"]) == {"govuk-tag--light-blue"}


def test_the_heaviest_report_page_transfers_at_most_60_kb(seeded_app, client, built):
    pages = report_pages(client)
    for url in public_get_urls(seeded_app):
        if url.startswith(("/report", "/follow-up")):
            pages.setdefault(url, client.get(url, follow_redirects=True).get_data(
                as_text=True))
    transfers = {url: page_transfer(html.encode(), DIST) for url, html in pages.items()}
    heaviest = max(transfers, key=lambda url: transfers[url].total)
    transfer = transfers[heaviest]
    assert {Path(name).suffix for name in transfer.files} == {".css", ".js"}
    assert transfer.total <= BUDGET_KB * 1024, (
        f"{heaviest}: {transfer.total} bytes compressed ({transfer})")
