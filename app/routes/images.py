"""Pictures for pages: comms staff upload and delete them at /staff/pages/<id>/images, and
everyone fetches them at /media/<token>.<ext>.

An image whose page is live is public: any cache may keep it for a few minutes, like the
page itself (app/web/http_cache.py), so a deletion or an unpublished page is gone from
caches soon after. Until its page is live only signed-in comms staff get it (for the
editor's preview), marked ``private, no-store``; everyone else gets the same 404 as for
an address that never existed, so an unpublished image gives nothing away.
What each action does, and its audit record, is in app/pages/images.py.
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.core import clock, photos
from app.extensions import db
from app.pages import images as page_images
from app.pages.models import Page
from app.web.auth import requires
from app.web.errors import render_error
from app.web.form_errors import error_summary
from app.web.forms.publishing import DeleteImageForm, ImageForm
from app.web.http_cache import CONTENT_MAX_AGE
from app.web.staff_area import signed_in_staff_may

bp = Blueprint("images", __name__)


@bp.record_once
def add_template_helpers(state) -> None:
    state.app.jinja_env.globals.update({
        "image_address": page_images.address,
        "image_markdown": page_images.markdown_for,
    })


@bp.get("/media/<token>.<extension>")
def media(token: str, extension: str):
    """A page image (re-encoded, no metadata), from our own origin. A public one touches no
    session, so sets no cookie."""
    image = page_images.image_for_address(token, extension)
    if image is not None and page_images.is_public(image, clock.current_time()):
        response = Response(image.data, mimetype=image.content_type)
        response.set_etag(f"media-{image.token}")
        response.cache_control.public = True
        response.cache_control.max_age = CONTENT_MAX_AGE
        return response.make_conditional(request)
    if image is not None and signed_in_staff_may("publish"):
        response = Response(image.data, mimetype=image.content_type)
        response.headers["Cache-Control"] = "private, no-store"
        return response
    response = current_app.make_response(render_error(404))
    response.headers["Cache-Control"] = "no-store"  # it may be public once its page is live
    return response


def _page_or_404(page_id: int) -> Page:
    return db.session.get(Page, page_id) or abort(404)


@bp.route("/staff/pages/<int:page_id>/images", methods=["GET", "POST"])
@requires("publish")
def index(page_id: int):
    page = _page_or_404(page_id)
    form = ImageForm()
    if form.validate_on_submit():
        upload = form.image.data
        try:
            image = page_images.add_image(
                page, upload.read(photos.MAX_BYTES + 1), form.alt.data, current_user,
                photos.DecodeRules.from_config(current_app.config))
        except page_images.ImageError as error:
            db.session.rollback()
            form.image.errors = [error.message]
        else:
            db.session.commit()
            flash("Image uploaded. Copy its markdown into the page text to show it.", "success")
            return redirect(url_for(".index", page_id=page.id) + f"#image-{image.id}")
    status = 400 if form.errors else 200
    return render_template("images/index.html", page=page, form=form,
                           images=page_images.images_for(page), delete_form=DeleteImageForm(),
                           errors=error_summary(form)), status


@bp.post("/staff/pages/<int:page_id>/images/<int:image_id>/delete")
@requires("publish")
def delete(page_id: int, image_id: int):
    page = _page_or_404(page_id)
    image = page_images.image_for_page(page, image_id) or abort(404)
    if not DeleteImageForm().validate_on_submit():
        return render_error(400)
    showing = page_images.delete_image(page, image, current_user)
    db.session.commit()
    message = "Image deleted. Nobody can see it now."
    if showing:
        message += (" The page still names it: edit the page text (and the lead image) to "
                    "take it out, or readers see a gap where it was.")
    flash(message, "success")
    return redirect(url_for(".index", page_id=page.id))
