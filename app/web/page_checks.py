"""What the comms pages show about a version before anyone publishes it: the page text as
readers will see it, the accessibility check and readability (app/pages/accessibility.py,
app/pages/readability.py), and where the page stands with the second pair of eyes its
author's team may ask for (app/pages/approval.py).

The publishing and the page review blueprints both draw these, so they live here and
reach the templates as globals.
"""

import re

from flask import Flask
from flask_login import current_user

from app.pages import accessibility, approval, readability
from app.pages.models import Page, PageRevision


def preview_html(body_html: str) -> str:
    """Cleaned page text for showing inside a staff page: its heading ids (and in-page
    links to them) get a prefix so they cannot clash with the editor's own ids."""
    body_html = re.sub(r'\bid="', 'id="preview-', body_html)
    return re.sub(r'\bhref="#', 'href="#preview-', body_html)


def checks(title: str, summary: str, body_html: str) -> dict:
    """The four accessibility findings and the readability of one version's words."""
    return {
        "findings": accessibility.check(body_html),
        "readability": readability.measure(title or "", summary or "", body_html),
        "min_reading_ease": readability.MIN_READING_EASE,
        "max_sentence_words": readability.MAX_SENTENCE_WORDS,
    }


def revision_checks(revision: PageRevision) -> dict:
    return checks(revision.title, revision.summary, revision.body_html)


def approval_state(page: Page) -> dict:
    """For the signed-in person: must the newest version be approved before they publish
    it, is it, and may they answer the request waiting for it."""
    waiting = approval.waiting(page)
    return {
        "needed": approval.needs_approval(current_user),
        "cleared": approval.cleared(page, current_user),
        "waiting": waiting,
        "may_decide": waiting is not None and approval.may_decide(waiting, current_user),
        "people": approval.people([waiting] if waiting else []),
    }


def approval_history(page: Page) -> dict:
    reviews = approval.history(page)
    return {"reviews": reviews, "people": approval.people(reviews), "outcomes": approval.OUTCOMES}


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(
        {
            "revision_checks": revision_checks,
            "page_approval_state": approval_state,
            "page_approval_history": approval_history,
        }
    )
