"""Comms staff publish "Stevenage in numbers": preview a quarter's public figures (made
safe, as the public would see them), publish or withdraw it, and keep the "You said, we
did" items and campaign links beside it.

Staff whose role may ``publish`` (comms, administrators) reach these pages. What each
action does, and its audit record, is in app/figures/public.py and public_content.py.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.figures import public, public_content
from app.figures.quarters import Quarter, quarter_of
from app.inbox import visibility
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.figures import (
    CampaignLinkForm,
    PublishForm,
    RemoveForm,
    YouSaidForm,
    page_title,
    quarter_choices,
)

bp = Blueprint("numbers_publishing", __name__, url_prefix="/staff/in-numbers")


@bp.record_once
def add_template_helpers(state) -> None:
    state.app.jinja_env.globals["page_title"] = page_title


def _last_ended() -> Quarter:
    return quarter_of(clock.current_time(), visibility.local_zone()).previous


def _forms(publish_form=None, you_said_form=None, campaign_form=None) -> dict:
    latest = _last_ended()
    publish_form = publish_form or PublishForm(formdata=None, prefix="publish-",
                                               data={"quarter": latest.key})
    publish_form.quarter.choices = quarter_choices(latest, 8)
    campaign_form = campaign_form or CampaignLinkForm(formdata=None, prefix="campaign-")
    campaign_form.set_pages(public_content.linkable_campaigns())
    you_said_form = you_said_form or YouSaidForm(formdata=None, prefix="you-said-")
    return {"publish": publish_form, "you_said": you_said_form, "campaign": campaign_form}


def _render(forms: dict, status: int = 200):
    latest = _last_ended()
    preview = Quarter.parse(request.args.get("preview")) or latest
    if preview > latest:
        preview = latest
    published = {q: public.for_quarter(q) for q in public.published_quarters()}
    return render_template(
        "numbers_publishing/index.html", forms=forms, published=published,
        preview=public.view(public.snapshot(preview, visibility.local_zone())),
        preview_choices=latest.last(8), items=public_content.you_said_items(),
        campaigns=public_content.linked_campaigns(), errors=error_summary(*forms.values()),
    ), status


@bp.get("/")
@requires("publish")
def index():
    return _render(_forms())


@bp.post("/publish")
@requires("publish")
def publish():
    form = PublishForm(prefix="publish-")
    form.quarter.choices = quarter_choices(_last_ended(), 8)
    if form.validate_on_submit():
        quarter = Quarter.parse(form.quarter.data)
        try:
            public.publish(current_user, quarter, visibility.local_zone(), clock.current_time())
        except public.PublishingError as error:
            db.session.rollback()
            form.quarter.errors = [str(error)]
        else:
            db.session.commit()
            flash(f"{quarter.label} is published on Stevenage in numbers.", "success")
            return redirect(url_for(".index"))
    return _render(_forms(publish_form=form), 400)


@bp.post("/<quarter_key>/withdraw")
@requires("publish")
def withdraw(quarter_key: str):
    quarter = Quarter.parse(quarter_key)
    if quarter is None:
        abort(404)
    if not RemoveForm().validate_on_submit():
        abort(400)
    try:
        public.withdraw(current_user, quarter)
    except public.PublishingError:
        abort(404)
    db.session.commit()
    flash(f"{quarter.label} is no longer on Stevenage in numbers.", "success")
    return redirect(url_for(".index"))


@bp.post("/you-said")
@requires("publish")
@keeps_answers_on_csrf_failure
def add_you_said():
    form = YouSaidForm(prefix="you-said-")
    if form.validate_on_submit():
        public_content.add_you_said(current_user, form.you_said.data, form.we_did.data,
                                    clock.current_time())
        db.session.commit()
        flash("Added to Stevenage in numbers.", "success")
        return redirect(url_for(".index", _anchor="you-said-we-did"))
    return _render(_forms(you_said_form=form), 400)


@bp.post("/you-said/<int:item_id>/remove")
@requires("publish")
def remove_you_said(item_id: int):
    if not RemoveForm().validate_on_submit():
        abort(400)
    try:
        public_content.remove_you_said(current_user, item_id)
    except public_content.ContentError:
        abort(404)
    db.session.commit()
    flash("Removed from Stevenage in numbers.", "success")
    return redirect(url_for(".index", _anchor="you-said-we-did"))


@bp.post("/campaigns")
@requires("publish")
def link_campaign():
    form = CampaignLinkForm(prefix="campaign-")
    form.set_pages(public_content.linkable_campaigns())
    if form.validate_on_submit():
        try:
            public_content.link_campaign(current_user, int(form.page.data), clock.current_time())
        except public_content.ContentError as error:
            db.session.rollback()
            form.page.errors = [str(error)]
        else:
            db.session.commit()
            flash("Campaign linked.", "success")
            return redirect(url_for(".index", _anchor="campaigns"))
    return _render(_forms(campaign_form=form), 400)


@bp.post("/campaigns/<int:page_id>/remove")
@requires("publish")
def unlink_campaign(page_id: int):
    if not RemoveForm().validate_on_submit():
        abort(400)
    try:
        public_content.unlink_campaign(current_user, page_id)
    except public_content.ContentError:
        abort(404)
    db.session.commit()
    flash("Campaign no longer linked.", "success")
    return redirect(url_for(".index", _anchor="campaigns"))
