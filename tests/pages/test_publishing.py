"""Publishing pages: revisions with an edit lock, publish/schedule/unpublish, rollback, diffs.

These call app/pages/publishing.py directly; the staff pages that use it are tested in
test_publishing_views.py and test_publishing_browser.py.
"""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pages import diff, live, publishing
from app.pages.models import Page, PageRevision
from app.pages.publishing import EditConflict, PageEdit, PublishingError
from app.staff.models import AuditEvent
from tests.publishing_helpers import NOW, make_staff, seeded_page


@pytest.fixture
def ctx(seeded_app):
    with seeded_app.app_context():
        yield seeded_app


def edit_of(page: Page, **changes) -> PageEdit:
    latest = page.latest_revision
    values = dict(title=latest.title, summary=latest.summary, body_markdown=latest.body_markdown,
                  slug=page.slug, exit_this_page=latest.settings.get("exit_this_page", False))
    values.update(changes)
    return PageEdit(**values)


def audit_actions() -> list[tuple[str, str]]:
    return [(e.action, e.target) for e in db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action.like("page.%")).order_by(AuditEvent.id))]


def test_a_new_page_is_a_draft_nobody_can_see(ctx):
    staff = make_staff()
    page = publishing.create_page("campaign", PageEdit(
        title="Bike marking", summary="Free bike marking at the Forum.",
        body_markdown="## When\r\n\r\nSaturday **10am**.\r\n", slug="bike-marking"), staff)
    db.session.commit()

    assert publishing.status(page, NOW) == "draft"
    assert live.live_page("bike-marking", "campaign", NOW) is None
    first = page.latest_revision
    assert (first.number, first.created_by_id) == (1, staff.id)
    assert first.body_markdown == "## When\n\nSaturday **10am**.\n"
    assert '<strong>10am</strong>' in first.body_html
    assert 'class="govuk-heading-m"' in first.body_html
    assert page.edited_in_browser
    assert audit_actions() == [("page.create", "page:bike-marking")]


def test_saving_makes_a_new_revision_and_keeps_the_published_one_live(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    live_before = live.live_page("safer-routes", "campaign", NOW)
    base = page.latest_revision_id

    new = publishing.save_revision(page, base, edit_of(page, title="Safer Routes 2026"), staff)
    db.session.commit()

    assert new.number == 2 and page.latest_revision_id == new.id
    # Settings the editor does not show (help directory tags) are carried over.
    assert new.settings["help_tags"] == ["emergency"]
    assert publishing.has_unpublished_changes(page)
    assert live.live_page("safer-routes", "campaign", NOW).title == live_before.title == (
        "Safer Routes")
    assert page.edited_in_browser


def test_publish_now_shows_the_change_at_once(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    publishing.save_revision(page, page.latest_revision_id, edit_of(
        page, body_markdown="## New lighting\n\nLights on Julians Road.\n"), staff)
    publishing.publish_now(page, staff, NOW)
    db.session.commit()

    shown = live.live_page("safer-routes", "campaign", NOW)
    assert "Lights on Julians Road." in shown.body_html
    assert publishing.status(page, NOW) == "published"
    assert not publishing.has_unpublished_changes(page)
    assert ("page.publish", "page:safer-routes") in audit_actions()


def test_a_stale_base_revision_is_refused_and_nothing_is_saved(ctx):
    page = seeded_page(ctx)
    alice = make_staff("alice@sosafe.example.invalid")
    bob = make_staff("bob@sosafe.example.invalid")
    opened_by_both = page.latest_revision_id
    publishing.save_revision(page, opened_by_both, edit_of(page, title="Alice's title"), alice)
    db.session.commit()

    with pytest.raises(EditConflict) as refused:
        publishing.save_revision(page, opened_by_both, edit_of(page, title="Bob's title"), bob)
    db.session.rollback()

    assert "Someone else saved this page" in refused.value.message
    assert "alice@sosafe.example.invalid" in refused.value.message
    titles = [r.title for r in db.session.scalars(
        sa.select(PageRevision).filter_by(page_id=page.id).order_by(PageRevision.number))]
    assert titles == ["Safer Routes", "Alice's title"]


def test_the_database_refuses_a_racing_save_that_passed_the_first_check(ctx, monkeypatch):
    """Two requests both pass the check in Python; the conditional UPDATE lets one win."""
    page = seeded_page(ctx)
    staff = make_staff()
    base = page.latest_revision_id
    # Someone else's save lands between this request's check and its write.
    other = PageRevision(page_id=page.id, number=2, title="Other", summary="s",
                         body_markdown="x\n", body_html="<p>x</p>", settings={})
    db.session.add(other)
    db.session.flush()
    db.session.execute(sa.update(Page).where(Page.id == page.id)
                       .values(latest_revision_id=other.id))
    db.session.commit()
    monkeypatch.setattr(publishing, "_check_base", lambda page, base: None)

    with pytest.raises(EditConflict):
        publishing.save_revision(page, base, edit_of(page, title="Mine"), staff)

    assert db.session.get(Page, page.id).latest_revision_id == other.id
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PageRevision)
                             .where(PageRevision.page_id == page.id)) == 2


def test_scheduled_page_appears_on_time_and_comes_down_after_its_end(ctx):
    staff = make_staff()
    page = publishing.create_page("campaign", PageEdit(
        title="16 Days", summary="Against domestic abuse.", body_markdown="Walk with us.",
        slug="sixteen-days"), staff)
    start, end = NOW + timedelta(days=24), NOW + timedelta(days=40)
    publishing.schedule(page, start, end, staff)
    db.session.commit()

    assert publishing.status(page, NOW) == "scheduled"
    assert live.live_page("sixteen-days", "campaign", NOW) is None
    assert live.live_page("sixteen-days", "campaign", start - timedelta(seconds=1)) is None
    assert live.live_page("sixteen-days", "campaign", start).title == "16 Days"
    assert publishing.status(page, start) == "published"
    assert live.live_page("sixteen-days", "campaign", end - timedelta(seconds=1))
    assert live.live_page("sixteen-days", "campaign", end) is None
    assert publishing.status(page, end) == "unpublished"


def test_schedule_refuses_an_end_before_the_start(ctx):
    staff = make_staff()
    page = seeded_page(ctx)
    with pytest.raises(PublishingError) as refused:
        publishing.schedule(page, NOW, NOW - timedelta(hours=1), staff)
    assert refused.value.field_name == "unpublish_at"


def test_unpublish_takes_the_page_down_and_it_can_come_back(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    publishing.unpublish(page, staff, NOW)
    db.session.commit()
    assert live.live_page("safer-routes", "campaign", NOW) is None
    assert publishing.status(page, NOW) == "unpublished"
    with pytest.raises(PublishingError):
        publishing.unpublish(page, staff, NOW)

    later = NOW + timedelta(minutes=5)
    publishing.publish_now(page, staff, later)
    db.session.commit()
    assert live.live_page("safer-routes", "campaign", later).title == "Safer Routes"
    assert [a for a, _ in audit_actions()] == ["page.unpublish", "page.publish"]


def test_publish_now_keeps_a_future_end_date(ctx):
    staff = make_staff()
    page = seeded_page(ctx, "16-days-of-activism")
    end = page.unpublish_at
    now = page.publish_at - timedelta(days=3)
    assert publishing.status(page, now) == "scheduled"
    publishing.publish_now(page, staff, now)
    assert page.publish_at is None and page.unpublish_at == end
    assert publishing.status(page, now) == "published"


def test_rollback_restores_an_earlier_body_exactly(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    original = page.latest_revision
    original_body, original_html = original.body_markdown, original.body_html
    publishing.save_revision(page, page.latest_revision_id, edit_of(
        page, title="Oops", body_markdown="Everything was deleted by mistake."), staff)
    publishing.publish_now(page, staff, NOW)
    db.session.commit()

    restored = publishing.rollback(page, original, page.latest_revision_id, staff)
    publishing.publish_now(page, staff, NOW)
    db.session.commit()

    assert restored.number == 3
    assert restored.body_markdown == original_body
    assert restored.body_html == original_html
    assert (restored.title, restored.summary, restored.settings) == (
        original.title, original.summary, original.settings)
    assert live.live_page("safer-routes", "campaign", NOW).body_html == original_html
    assert ("page.rollback", "page:safer-routes") in audit_actions()
    # The mistake is still in the history.
    assert [r.title for r in page.revisions] == ["Safer Routes", "Oops", "Safer Routes"]


def test_rollback_with_a_stale_base_is_refused(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    first = page.latest_revision
    stale = first.id
    publishing.save_revision(page, stale, edit_of(page, title="Two"), staff)
    db.session.commit()
    with pytest.raises(EditConflict):
        publishing.rollback(page, first, stale, staff)


def test_changing_the_address_checks_it(ctx):
    page = seeded_page(ctx)
    seeded_page(ctx, "cuckooing")
    staff = make_staff()
    for slug, message in (("Safer Routes!", "lower case"), ("cuckooing", "already uses")):
        with pytest.raises(PublishingError) as refused:
            publishing.save_revision(page, page.latest_revision_id, edit_of(page, slug=slug),
                                     staff)
        assert message in refused.value.message and refused.value.field_name == "slug"
    publishing.save_revision(page, page.latest_revision_id, edit_of(page, slug="safer-walks"),
                             staff)
    db.session.commit()
    assert live.live_page("safer-walks", "campaign", NOW) is not None
    assert live.live_page("safer-routes", "campaign", NOW) is None


def test_campaign_dates_are_kept_and_checked(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    with pytest.raises(PublishingError):
        publishing.save_revision(page, page.latest_revision_id, edit_of(
            page, runs_from=date(2026, 12, 10), runs_until=date(2026, 11, 25)), staff)
    new = publishing.save_revision(page, page.latest_revision_id, edit_of(
        page, runs_from=date(2026, 11, 25), runs_until=date(2026, 12, 10),
        exit_this_page=True), staff)
    assert new.settings["runs_from"] == "2026-11-25"
    assert new.settings["runs_until"] == "2026-12-10"
    assert new.settings["exit_this_page"] is True


HOSTILE = """# Hello

<script>alert(1)</script>
<img src=x onerror=alert(2)>
<a href="javascript:alert(3)">click</a>
[link](javascript:alert(4))
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg1KTwvc2NyaXB0Pg==)
![img](https://evil.example/track.png)
<iframe src="https://evil.example"></iframe>
<svg onload=alert(6)></svg>
<p style="background:url(javascript:alert(7))" onclick="alert(8)">styled</p>
[JaVaScRiPt](JaVaScRiPt:alert(9))
<a href="&#106;avascript:alert(10)">entity</a>
"""


def test_hostile_markdown_is_cleaned_when_saved(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    new = publishing.save_revision(page, page.latest_revision_id,
                                   edit_of(page, body_markdown=HOSTILE), staff)
    html = new.body_html.lower()
    for bad in ("<script", "onerror", "javascript:", "data:", "<iframe", "<svg", "onload",
                "style=", "onclick", "evil.example"):
        assert bad not in html, bad
    assert new.body_markdown == HOSTILE.strip() + "\n"  # what they typed is kept to fix


def test_compare_shows_what_changed_line_by_line(ctx):
    page = seeded_page(ctx)
    staff = make_staff()
    old = page.latest_revision
    body = old.body_markdown.replace("Better lighting.", "Brighter lighting.")
    new = publishing.save_revision(page, old.id, edit_of(
        page, title="Safer Routes project", body_markdown=body), staff)

    fields = {f.label: f for f in diff.compare(old, new)}
    assert not fields["Summary"].changed
    title = fields["Title"]
    assert [(line.kind, line.text) for hunk in title.hunks for line in hunk] == [
        ("removed", "Safer Routes"), ("added", "Safer Routes project")]
    body_lines = [(line.kind, line.text) for hunk in fields["Page text (markdown)"].hunks
                  for line in hunk]
    assert [text for kind, text in body_lines if kind == "removed"] == [
        line for line in old.body_markdown.splitlines() if "Better lighting." in line]
    assert [text for kind, text in body_lines if kind == "added"] == [
        line for line in body.splitlines() if "Brighter lighting." in line]
    # Only a little context around the change, not the whole page.
    assert len(body_lines) <= 6


def test_status_names(ctx):
    page = Page(slug="x", section="info")
    assert publishing.status(page, NOW) == "draft"
    page.published_revision_id = 1
    assert publishing.status(page, NOW) == "published"
    page.publish_at = NOW + timedelta(hours=1)
    assert publishing.status(page, NOW) == "scheduled"
    page.publish_at, page.unpublish_at = None, NOW
    assert publishing.status(page, NOW) == "unpublished"
