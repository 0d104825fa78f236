"""Campaign pages: the list at /campaigns and one page per campaign."""

from flask import Blueprint, abort, render_template, url_for

from app.pages import campaign_parts, live
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
    help_url = (url_for("help.index", need=campaign.help_tags, _anchor="services")
                if campaign.help_tags else None)
    parts = campaign_parts.for_page(campaign.settings, campaign.body_html,
                                    video_confirmed=campaign.video is not None,
                                    help_url=help_url)
    return cached_page(
        lambda: render_template("campaigns/page.html", page=campaign, parts=parts,
                                help_url=help_url),
        campaign.version, expires_at=campaign.unpublish_at,
    )
