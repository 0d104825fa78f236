"""Campaign pages: the list at /campaigns and one page per campaign."""

from flask import Blueprint, abort, render_template

from app.pages import live
from app.web.http_cache import cached_page
from app.web.security import allow_frame_source

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")

VIDEO_FRAME_SOURCE = "https://www.youtube-nocookie.com"


@bp.get("")
def index():
    campaigns = live.live_pages("campaign")
    return cached_page(
        lambda: render_template("campaigns/index.html", campaigns=campaigns),
        *[campaign.version for campaign in campaigns],
    )


@bp.get("/<slug>")
def page(slug: str):
    campaign = live.live_page(slug, "campaign")
    if campaign is None:
        abort(404)
    if campaign.video:
        # Only this page may frame the video, and only from the privacy-enhanced host.
        allow_frame_source(VIDEO_FRAME_SOURCE)
    return cached_page(
        lambda: render_template("campaigns/page.html", page=campaign),
        campaign.version, expires_at=campaign.unpublish_at,
    )
