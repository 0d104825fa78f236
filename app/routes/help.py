"""Get help: what do you need help with, the services for that need, the whole directory
(?show=all), and the help pages.

Every page here has Exit this page and the emergency guidance at the top.
"""

from flask import Blueprint, abort, render_template, request

from app.pages import live
from app.partnership import help_directory
from app.web.http_cache import cached_page

bp = Blueprint("help", __name__, url_prefix="/get-help")


@bp.get("")
def index():
    """Leads with "what do you need help with?": each need is a link (so it works without
    JavaScript and has its own URL) to the few services for it; the whole directory is
    one more link away, at ?show=all."""
    needs = help_directory.chosen_needs(request.args.getlist("need"))
    show_all = not needs and request.args.get("show") == "all"
    everything = help_directory.shown_services()
    services = help_directory.shown_services(needs) if needs else everything
    topics = live.live_pages("help")
    return cached_page(
        lambda: render_template("help/index.html", topics=topics, services=services,
                                needs=needs, show_all=show_all, all_needs=help_directory.NEEDS,
                                service_count=len(everything)),
        help_directory.version(everything), *[topic.version for topic in topics],
    )


@bp.get("/<slug>")
def page(slug: str):
    topic = live.live_page(slug, "help")
    if topic is None:
        abort(404)
    return cached_page(
        lambda: render_template("help/page.html", page=topic,
                                all_needs=help_directory.NEEDS),
        topic.version, expires_at=topic.unpublish_at,
    )
