"""A second pair of eyes on publishing (app/pages/approval.py), called directly: a team
that asks for approval cannot publish alone by any way of publishing, another member of
staff approves or sends back, and each step is recorded."""

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.pages import approval, live, publishing
from app.pages.approval import ReviewRefused
from app.pages.models import PageReview
from app.pages.publishing import PageEdit, PublishingError
from app.partnership.teams import team_by_slug
from app.staff.models import AuditEvent
from tests.publishing_helpers import NOW, make_staff, seeded_page


@pytest.fixture
def ctx(seeded_app):
    with seeded_app.app_context():
        team_by_slug("sbc-community-safety").pages_need_approval = True
        db.session.commit()
        yield seeded_app


@pytest.fixture
def author():
    return make_staff()


@pytest.fixture
def second():
    return make_staff("second.comms@sosafe.example.invalid")


def changed(page, author, words="A new night bus stops at the station."):
    latest = page.latest_revision
    edit = PageEdit(
        title=latest.title,
        summary=latest.summary,
        body_markdown=latest.body_markdown + f"\n{words}\n",
        slug=page.slug,
    )
    publishing.save_revision(page, page.latest_revision_id, edit, author)
    db.session.commit()


def page_actions() -> list[str]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent.action)
            .where(AuditEvent.action.like("page.%"))
            .order_by(AuditEvent.id)
        )
    )


def test_the_author_cannot_publish_schedule_or_restore_and_publish_alone(ctx, author):
    page = seeded_page(ctx)
    changed(page, author)
    with pytest.raises(PublishingError, match="another comms officer approves it"):
        publishing.publish_now(page, author, NOW)
    with pytest.raises(PublishingError, match="Send version 2 for approval"):
        publishing.schedule(page, NOW + timedelta(days=1), None, author)
    restored = publishing.rollback(
        page, publishing.revision(page, 1), page.latest_revision_id, author
    )
    with pytest.raises(PublishingError, match="Send version 3 for approval"):
        publishing.publish_now(page, author, NOW)
    assert restored.number == 3
    assert page.published_revision.number == 1


def test_another_approves_and_the_page_goes_live(ctx, author, second):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, author, NOW)
    db.session.commit()
    assert approval.waiting(page) == review
    with pytest.raises(ReviewRefused, match="another comms officer must approve"):
        approval.approve(page, review, author, NOW)

    approval.approve(page, review, second, NOW + timedelta(minutes=5), "Looks right")
    publishing.publish_now(page, second, NOW + timedelta(minutes=5))
    db.session.commit()

    shown = live.live_page("safer-routes", "campaign", NOW + timedelta(minutes=6))
    assert "night bus" in shown.body_html
    assert (review.outcome, review.decided_by_id, review.comment) == (
        "approved",
        second.id,
        "Looks right",
    )
    assert page_actions() == ["page.save", "page.submit", "page.approve", "page.publish"]


def test_an_approved_version_may_be_scheduled_by_its_author(ctx, author, second):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, author, NOW)
    approval.approve(page, review, second, NOW)
    publishing.schedule(page, NOW + timedelta(days=2), None, author)
    db.session.commit()
    assert publishing.status(page, NOW) == "scheduled"


def test_sent_back_with_a_comment_and_never_published(ctx, author, second):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, author, NOW)
    with pytest.raises(ReviewRefused, match="Write a comment") as refused:
        approval.send_back(page, review, second, NOW, "  ")
    assert refused.value.field_name == "comment"
    approval.send_back(page, review, second, NOW, "Say which bus stops, please")
    db.session.commit()
    assert not approval.cleared(page, author)
    assert approval.waiting(page) is None
    assert [(r.outcome, r.comment) for r in approval.history(page)] == [
        ("sent_back", "Say which bus stops, please")
    ]
    with pytest.raises(ReviewRefused, match="already answered"):
        approval.approve(page, review, second, NOW)


def test_a_version_saved_after_sending_cannot_be_approved_unseen(ctx, author, second):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, author, NOW)
    db.session.commit()
    changed(page, author, "Something nobody checked.")
    with pytest.raises(ReviewRefused, match="newer version was saved"):
        approval.approve(page, review, second, NOW)
    with pytest.raises(ReviewRefused, match="newer version"):
        approval.submit(page, review.revision_id, author, NOW)


def test_the_same_version_is_not_sent_twice(ctx, author):
    page = seeded_page(ctx)
    changed(page, author)
    approval.submit(page, page.latest_revision_id, author, NOW)
    with pytest.raises(ReviewRefused, match="already waiting"):
        approval.submit(page, page.latest_revision_id, author, NOW)
    assert db.session.scalar(sa.select(sa.func.count(PageReview.id))) == 1


def test_whoever_wrote_the_version_may_not_approve_it_either(ctx, author, second):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, second, NOW)  # sent by another
    with pytest.raises(ReviewRefused, match="You wrote or sent this version"):
        approval.approve(page, review, author, NOW)


def test_a_team_that_does_not_ask_publishes_alone(ctx):
    page = seeded_page(ctx)
    other = make_staff("comms.elsewhere@sosafe.example.invalid")
    other.team = team_by_slug("sbc-communications")
    changed(page, other)
    publishing.publish_now(page, other, NOW)
    assert page.published_revision.number == 2


def test_dates_of_the_version_readers_already_have_change_without_approval(ctx, author):
    page = seeded_page(ctx)
    publishing.schedule(page, None, NOW + timedelta(days=30), author)
    publishing.unpublish(page, author, NOW)
    publishing.publish_now(page, author, NOW)
    assert publishing.status(page, NOW) == "published"


def test_only_someone_who_may_publish_answers(ctx, author):
    page = seeded_page(ctx)
    changed(page, author)
    review = approval.submit(page, page.latest_revision_id, author, NOW)
    officer = make_staff("officer@sosafe.example.invalid", role="officer")
    assert not approval.may_decide(review, officer)
    with pytest.raises(ReviewRefused, match="Only comms staff and administrators"):
        approval.approve(page, review, officer, NOW)
