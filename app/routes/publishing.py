"""Comms staff publishing pages: the list, the editor with its preview, publishing and
scheduling, revisions (view, compare, restore) and images. The site-wide alert banner is
app/routes/alert.py.
Uploading, deleting and serving page images is app/routes/images.py.

Only staff whose role may ``publish`` (comms and admin) reach the staff pages; others get
403. What each action does, and its audit record, is in app/pages/publishing.py and
app/pages/images.py; these views only turn forms into calls and calls into pages.
"""

from datetime import date, datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from app.core import clock
from app.extensions import db
from app.pages import diff, publishing, sources
from app.pages import images as page_images
from app.pages.export import as_written
from app.pages.models import Page
from app.pages.publishing import EditConflict, PageEdit, PublishingError
from app.web.auth import requires
from app.web.errors import keeps_answers_on_csrf_failure
from app.web.form_errors import error_summary
from app.web.forms.publishing import PageForm, RollbackForm, ScheduleForm
from app.web.page_checks import checks, preview_html
from app.web.request_guard import stored_int

bp = Blueprint("publishing", __name__, url_prefix="/staff")

STATUS_TAGS = {
    "draft": "govuk-tag--grey",
    "scheduled": "",  # GOV.UK Frontend 6's tag is blue unless told otherwise
    "published": "govuk-tag--green",
    "unpublished": "govuk-tag--yellow",
}
PUBLIC_ENDPOINTS = {"campaign": "campaigns.page", "help": "help.page"}


@bp.record_once
def add_template_helpers(state) -> None:
    state.app.jinja_env.globals.update({
        "page_status_label": lambda status: publishing.STATUSES.get(status, status),
        "page_status_class": lambda status: STATUS_TAGS.get(status, "govuk-tag--grey"),
        "public_address": public_address,
    })


def public_address(page: Page) -> str:
    if page.section in PUBLIC_ENDPOINTS:
        return url_for(PUBLIC_ENDPOINTS[page.section], slug=page.slug)
    return f"/{page.slug}"


def _page_or_404(page_id: int) -> Page:
    page = db.session.get(Page, page_id)
    if page is None:
        abort(404)
    return page


def _apply_error(form, error: PublishingError) -> list[dict]:
    """Show a refusal from app/pages/publishing.py next to its field, or at the top."""
    field = form._fields.get(error.field_name or "")
    if field is not None:
        field.errors = [error.message]
        return []
    return [{"text": error.message, "href": "#save"}]


# --- the list and one page --------------------------------------------------------------

@bp.get("/pages")
@requires("publish")
def index():
    now = clock.current_time()
    all_pages = publishing.all_pages()
    latest = [p.latest_revision for p in all_pages if p.latest_revision is not None]
    return render_template("publishing/index.html", pages=all_pages, now=now,
                           status=lambda p: publishing.status(p, now),
                           editors=publishing.editor_emails(latest))


@bp.get("/pages/<int:page_id>")
@requires("publish")
def page(page_id: int):
    page = _page_or_404(page_id)
    now = clock.current_time()
    latest = page.latest_revision
    return render_template(
        "publishing/page.html", page=page, latest=latest, status=publishing.status(page, now),
        published=page.published_revision,
        changes=publishing.has_unpublished_changes(page),
        editors=publishing.editor_emails([r for r in (latest, page.published_revision) if r]),
    )


# --- writing ------------------------------------------------------------------------------

def _edit_from(form: PageForm) -> PageEdit:
    return PageEdit(title=form.title.data or "", summary=form.summary.data or "",
                    body_markdown=form.body.data or "", slug=(form.slug.data or "").strip(),
                    exit_this_page=bool(form.exit_this_page.data),
                    runs_from=form.runs_from.data, runs_until=form.runs_until.data,
                    own_hosts=_own_hosts(),
                    max_body_chars=current_app.config["PAGE_BODY_MAX_CHARS"])


def _own_hosts() -> tuple[str, ...]:
    return sources.own_hosts(current_app.config["SITE_URL"])


def _preview_of(form: PageForm) -> dict | None:
    """With the Preview button: the page as readers would see it, from what was typed,
    through the same renderer the published page uses. Nothing is saved."""
    if form.csrf_token.errors:
        return None
    for field in form:
        if field.type != "CSRFTokenField":
            field.errors = []
    body = publishing.normalise_markdown(form.body.data or "")
    try:
        body_html = publishing.render_body(body, _own_hosts(),
                                           current_app.config["PAGE_BODY_MAX_CHARS"])
    except PublishingError as error:
        form.body.errors = [error.message]
        return None
    return {"title": form.title.data, "summary": form.summary.data,
            "body_html": preview_html(body_html),
            "checks": checks(form.title.data, form.summary.data, body_html)}


def _editor(form: PageForm, page: Page | None, save):
    """The editor's POST. Preview shows the page as readers would see it and saves
    nothing; Save calls ``save(edit)``, which returns the page and a message or refuses
    with a PublishingError (an EditConflict when someone else saved first)."""
    errors, status, preview = [], 200, None
    if request.method == "POST" and g.get("csrf_failed"):
        form.validate()  # shows the CSRF message; nothing is acted on
    elif request.method == "POST":
        valid = form.validate()
        if form.preview.data:
            preview = _preview_of(form)
        elif valid:
            try:
                saved, message = save(_edit_from(form))
            except EditConflict as error:
                db.session.rollback()
                errors, status = [{"text": error.message, "href": "#body"}], 409
            except PublishingError as error:
                db.session.rollback()
                errors = _apply_error(form, error)
            else:
                db.session.commit()
                flash(message, "success")
                return redirect(url_for(".page", page_id=saved.id))
    if status == 200 and (form.errors or errors):
        status = 400
    return render_template("publishing/edit.html", form=form, page=page, preview=preview,
                           errors=error_summary(form) + errors), status


@bp.route("/pages/new", methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def new():
    form = PageForm()
    # Information pages have fixed addresses (/about, /privacy...): they can be edited,
    # not created.
    form.section.choices = [c for c in form.section.choices if c.value != "info"]
    del form.lead_image, form.lead_image_alt  # a new page has no images uploaded yet

    def save(edit: PageEdit):
        created = publishing.create_page(form.section.data, edit, current_user)
        return created, "Page created. Nobody can see it until you publish it."

    return _editor(form, None, save)


@bp.route("/pages/<int:page_id>/edit", methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def edit(page_id: int):
    page = _page_or_404(page_id)
    latest = page.latest_revision
    if request.method == "GET":
        settings = latest.settings or {}
        form = PageForm(data={
            "title": latest.title, "summary": latest.summary, "body": latest.body_markdown,
            "slug": page.slug, "exit_this_page": bool(settings.get("exit_this_page")),
            "runs_from": _date(settings.get("runs_from")),
            "runs_until": _date(settings.get("runs_until")),
            "base_revision": str(latest.id),
        })
    else:
        form = PageForm()
    del form.section
    lead_image = form.offer_lead_images(
        page_images.images_for(page) if page.section == "campaign" else None,
        (latest.settings or {}).get("lead_image"), fill=request.method == "GET")

    def save(edit: PageEdit):
        edit.lead_image = lead_image()
        saved = publishing.save_revision(page, _int(form.base_revision.data), edit,
                                         current_user)
        return page, (f"Version {saved.number} saved. Readers do not see it until you "
                      "publish it.")

    return _editor(form, page, save)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- publishing ---------------------------------------------------------------------------

@bp.post("/pages/<int:page_id>/publish")
@requires("publish")
def publish(page_id: int):
    page = _page_or_404(page_id)
    # The button names the version the person saw; a newer one is not published unseen.
    if _int(request.form.get("base_revision")) != page.latest_revision_id:
        flash("Someone saved a newer version of this page since you opened it. Check it, "
              "then publish again.")
        return redirect(url_for(".page", page_id=page.id))
    try:
        publishing.publish_now(page, current_user, clock.current_time())
    except PublishingError as error:  # the team asks for a second pair of eyes
        db.session.rollback()
        flash(error.message)
        return redirect(url_for(".page", page_id=page.id))
    db.session.commit()
    flash(f"Published. Readers see version {page.latest_revision.number} now.", "success")
    return redirect(url_for(".page", page_id=page.id))


@bp.post("/pages/<int:page_id>/unpublish")
@requires("publish")
def unpublish(page_id: int):
    page = _page_or_404(page_id)
    try:
        publishing.unpublish(page, current_user, clock.current_time())
    except PublishingError as error:
        db.session.rollback()
        flash(error.message)
    else:
        db.session.commit()
        flash("Unpublished. Readers can no longer see this page.", "success")
    return redirect(url_for(".page", page_id=page.id))


@bp.route("/pages/<int:page_id>/schedule", methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def schedule(page_id: int):
    page = _page_or_404(page_id)
    if request.method == "GET":
        form = ScheduleForm(data=_schedule_data(page))
    else:
        form = ScheduleForm()
    errors = []
    if form.validate_on_submit():
        publish_at, unpublish_at = form.moments()
        try:
            publishing.schedule(page, publish_at, unpublish_at, current_user)
        except PublishingError as error:
            db.session.rollback()
            errors = _apply_error(form, error)
            if error.field_name == "unpublish_at":
                form.unpublish_on.errors = [error.message]
        else:
            db.session.commit()
            now = clock.current_time()
            flash("Scheduled. " + ("The page is published now." if publishing.status(
                page, now) == "published" else "The page will appear on the date you chose."),
                  "success")
            return redirect(url_for(".page", page_id=page.id))
    status = 400 if form.errors or errors else 200
    return render_template("publishing/schedule.html", page=page, form=form,
                           errors=error_summary(form) + errors), status


def _schedule_data(page: Page) -> dict:
    data = {}
    for key, moment, end in (("publish", page.publish_at, False),
                             ("unpublish", page.unpublish_at, True)):
        written = as_written(moment, end)
        if isinstance(written, datetime):
            data[f"{key}_on"], data[f"{key}_time"] = written.date(), written.strftime("%H:%M")
        elif written is not None:
            data[f"{key}_on"] = written
    return data


# --- revisions ------------------------------------------------------------------------------

@bp.get("/pages/<int:page_id>/revisions")
@requires("publish")
def revisions(page_id: int):
    page = _page_or_404(page_id)
    history = list(reversed(page.revisions))
    return render_template("publishing/revisions.html", page=page, history=history,
                           editors=publishing.editor_emails(history))


@bp.get("/pages/<int:page_id>/revisions/<int:number>")
@requires("publish")
def revision(page_id: int, number: int):
    page = _page_or_404(page_id)
    shown = publishing.revision(page, number) or abort(404)
    return render_template("publishing/revision.html", page=page, revision=shown,
                           body_html=preview_html(shown.body_html),
                           editors=publishing.editor_emails([shown]))


@bp.get("/pages/<int:page_id>/compare")
@requires("publish")
def compare(page_id: int):
    page = _page_or_404(page_id)
    old = publishing.revision(page, request.args.get("from", type=stored_int) or 0)
    new = publishing.revision(page, request.args.get("to", type=stored_int) or 0)
    if old is None or new is None:
        abort(404)
    return render_template("publishing/compare.html", page=page, old=old, new=new,
                           fields=diff.compare(old, new),
                           editors=publishing.editor_emails([old, new]))


@bp.route("/pages/<int:page_id>/revisions/<int:number>/restore",
          methods=["GET", "POST"])
@requires("publish")
@keeps_answers_on_csrf_failure
def restore(page_id: int, number: int):
    page = _page_or_404(page_id)
    old = publishing.revision(page, number) or abort(404)
    form = RollbackForm() if request.method == "POST" else RollbackForm(
        base_revision=page.latest_revision_id)
    errors = []
    if form.validate_on_submit():
        try:
            restored = publishing.rollback(page, old, _int(form.base_revision.data),
                                           current_user, _own_hosts())
            if form.publish.data == "yes":
                publishing.publish_now(page, current_user, clock.current_time())
        except PublishingError as error:  # EditConflict too
            db.session.rollback()
            errors = [{"text": error.message, "href": "#publish"}]
        else:
            db.session.commit()
            flash(f"Version {number} restored as version {restored.number}"
                  + (" and published." if form.publish.data == "yes" else
                     ". Readers do not see it until you publish it."), "success")
            return redirect(url_for(".page", page_id=page.id))
        page = db.session.get(Page, page_id)
        old = publishing.revision(page, number)
    status = 409 if errors else (400 if form.errors else 200)
    return render_template("publishing/restore.html", page=page, revision=old, form=form,
                           errors=error_summary(form) + errors), status
