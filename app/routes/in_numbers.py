""""Stevenage in numbers": the quarterly figures comms staff have published, for anyone.

A public content page like the campaigns: cacheable (weak ETag, answered with 304 before
anything is rendered), no session read, nothing from another site. What it shows is the
snapshot stored when the quarter was published (app/figures/public.py), never live counts.
"""

from flask import Blueprint, abort, render_template, request

from app.figures import public, public_content
from app.figures.quarters import Quarter
from app.web.http_cache import cached_page

bp = Blueprint("in_numbers", __name__)


@bp.get("/in-numbers")
def index():
    published = public.published_quarters()
    asked = request.args.get("quarter")
    if asked is not None and Quarter.parse(asked) not in published:
        abort(404)
    quarter = Quarter.parse(asked) if asked else (published[0] if published else None)
    snapshot = public.for_quarter(quarter) if quarter else None
    campaigns = public_content.live_linked_campaigns()
    items = public_content.you_said_items()
    version = (snapshot.id, snapshot.published_at.isoformat()) if snapshot else None
    return cached_page(
        lambda: render_template(
            "in_numbers/index.html", numbers=public.view(snapshot.figures) if snapshot else None,
            published_at=snapshot.published_at if snapshot else None,
            others=[q for q in published if q != quarter], items=items, campaigns=campaigns),
        version, [q.key for q in published], public_content.version(),
        *[campaign.version for campaign in campaigns],
    )
