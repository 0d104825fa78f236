"""The second pair of eyes on publishing: sending a page's newest version for approval,
and the page where another comms officer sees what changed, checks it and approves it or
sends it back with a comment.

The rule (who needs approval, who may give it, what it clears) is app/pages/approval.py;
publishing itself, which asks that rule, stays in app/routes/publishing.py.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.pages import approval, diff, publishing
from app.pages.approval import ReviewRefused
from app.pages.models import Page, PageReview, PageRevision
from app.pages.publishing import PublishingError
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.page_review import APPROVE, PUBLISH, DecisionForm, SubmitForm
from app.web.page_checks import preview_html, revision_checks
from app.web.request_guard import stored_int

bp = Blueprint("page_review", __name__, url_prefix="/staff/pages")


def _page_or_404(page_id: int) -> Page:
    return db.session.get(Page, page_id) or abort(404)


@bp.post("/<int:page_id>/submit")
@requires("publish")
def submit(page_id: int):
    page = _page_or_404(page_id)
    form = SubmitForm()
    if not form.validate_on_submit():
        flash("This page was open too long, so nothing was sent. Send it for approval again.")
        return redirect(url_for("publishing.page", page_id=page.id))
    try:
        review = approval.submit(
            page,
            request.form.get("base_revision", type=stored_int),
            current_user,
            clock.current_time(),
        )
    except ReviewRefused as refused:
        db.session.rollback()
        flash(refused.message)
    else:
        db.session.commit()
        flash(
            f"Version {review.revision.number} is waiting for another comms officer to approve it.",
            "success",
        )
    return redirect(url_for("publishing.page", page_id=page.id))


@bp.route("/<int:page_id>/reviews/<int:review_id>", methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def review(page_id: int, review_id: int):
    page = _page_or_404(page_id)
    asked = db.session.get(PageReview, review_id)
    if asked is None or asked.page_id != page.id:
        abort(404)
    form, errors = DecisionForm(), []
    may_decide = asked.outcome is None and approval.may_decide(asked, current_user)
    if form.is_submitted() and not may_decide:
        abort(403)  # the author, or an answer already given: no form was offered
    if form.validate_on_submit():
        try:
            message = _decide(page, asked, form)
        except (ReviewRefused, PublishingError) as refused:
            db.session.rollback()
            errors = _refusal(form, refused)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("publishing.page", page_id=page.id))
        page, asked = db.session.get(Page, page_id), db.session.get(PageReview, review_id)
    status = 400 if form.errors or errors else 200
    return render_template(
        "page_review/review.html",
        **_review_page(page, asked),
        form=form,
        may_decide=may_decide,
        errors=error_summary(form) + errors,
    ), status


def _decide(page: Page, asked: PageReview, form: DecisionForm) -> str:
    now, comment = clock.current_time(), form.comment.data or ""
    number = asked.revision.number
    if form.decision.data not in (PUBLISH, APPROVE):
        approval.send_back(page, asked, current_user, now, comment)
        return f"Version {number} sent back to its author with your comment."
    approval.approve(page, asked, current_user, now, comment)
    if form.decision.data == APPROVE:
        return f"Version {number} approved. It can now be published or scheduled."
    publishing.publish_now(page, current_user, now)
    return f"Version {number} approved and published. Readers see it now."


def _refusal(form: DecisionForm, refused: ReviewRefused | PublishingError) -> list[dict]:
    if getattr(refused, "field_name", None) == "comment":
        form.comment.errors = [refused.message]
        return []
    return [{"text": refused.message, "href": "#decision"}]


def _review_page(page: Page, asked: PageReview) -> dict:
    shown = asked.revision
    # Readers who have never seen the page: every word is a change.
    before = page.published_revision or PageRevision(
        title="", summary="", body_markdown="", settings={}
    )
    return {
        "page": page,
        "review": asked,
        "shown": shown,
        "before": page.published_revision,
        "fields": diff.compare(before, shown),
        "checks": revision_checks(shown),
        "body_html": preview_html(shown.body_html),
        "people": approval.people([asked]),
        "editors": publishing.editor_emails([shown]),
        "outcomes": approval.OUTCOMES,
        "is_latest": shown.id == page.latest_revision_id,
    }
