"""Get help: the help directory with its filter by need, and the help pages.

Every page here has Exit this page and the emergency guidance at the top.
"""

from flask import Blueprint, abort, render_template, request

from app.pages import live
from app.partnership import help_directory
from app.web.http_cache import cached_page

bp = Blueprint("help", __name__, url_prefix="/get-help")


@bp.get("")
def index():
    # The filter is a GET form, so it works without JavaScript and each choice has a URL.
    needs = help_directory.chosen_needs(request.args.getlist("need"))
    services = help_directory.shown_services(needs)
    topics = live.live_pages("help")
    return cached_page(
        lambda: render_template("help/index.html", topics=topics, services=services,
                                needs=needs, all_needs=help_directory.NEEDS),
        help_directory.version(services), *[topic.version for topic in topics],
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
