"""Reporting: /report, the question pages of each journey, check your answers, send.

The views are thin: app/reporting/journeys.py says which page comes next, app/web/forms/reports.py
holds the questions, app/reporting/sending.py stores drafts and reports. Answers in progress live in
a Draft row whose random id is the only thing the session cookie carries. Nothing about the
sender's network or device is read here.
"""

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from app.core import photos
from app.extensions import db
from app.partnership import help_directory
from app.reporting import journeys, sending, signposting
from app.reporting.journeys import CHECK, JOURNEY_NAMES, KIND_FOR_URL, URL_NAMES
from app.web import phone_calls
from app.web.casework import escalate_repeats
from app.web.errors import keeps_answers_on_csrf_failure, render_error
from app.web.form_errors import error_summary
from app.web.forms.reports import (
    STEP_FORMS,
    EarlierReportsForm,
    PhotosForm,
    RemovePhotoForm,
    SendForm,
    chosen_files,
    question_params,
)
from app.web.http_cache import no_store
from app.web.rate_limits import limiter, photo_uploads
from app.web.request_guard import stored_int
from app.web.retry import once, retry_safe, rollback
from app.web.signals import exit_requested
from app.web.site_alert import without_database

bp = Blueprint("reports", __name__)
bp.add_app_template_global(question_params)

FIRST_STEPS = {kind: journeys.steps(kind)[0].slug for kind in journeys.KINDS}


# Report pages stay out of every cache, the back-forward one included.
bp.after_request(no_store)


@exit_requested.connect
def forget_draft(sender, session, **extra):
    """Exit this page: the draft goes with the session."""
    sending.delete_draft(session.get("draft_id"))
    db.session.commit()


def _kind(journey: str) -> str:
    kind = KIND_FOR_URL.get(journey)
    if kind is None:
        abort(404)
    return kind


def _draft():
    return sending.find_draft(session.get("draft_id"),
                                current_app.config["DRAFT_IDLE_MINUTES"])


def step_url(kind: str, slug: str, changing: bool = False) -> str:
    if slug == CHECK:
        return url_for("reports.check_answers", journey=URL_NAMES[kind])
    return url_for("reports.question", journey=URL_NAMES[kind], step=slug,
                   **({"change": "yes"} if changing else {}))


def _back_url(kind: str, slug: str, answers: dict, changing: bool) -> str:
    if changing:
        return step_url(kind, CHECK)
    previous = journeys.previous_step(kind, slug, answers)
    if previous is None:
        return url_for("reports.before_you_start", journey=URL_NAMES[kind])
    return step_url(kind, previous)


@bp.get("/report")
def start():
    return render_template("reports/start.html")


@bp.get("/report/<journey>")
def before_you_start(journey):
    kind = _kind(journey)
    return render_template("reports/before_you_start.html", kind=kind,
                           journey_name=JOURNEY_NAMES[kind],
                           start_url=step_url(kind, FIRST_STEPS[kind]))


def _not_checking_receipts() -> bool:
    return (request.view_args or {}).get("step") != "earlier-reports"


@bp.route("/report/<journey>/<step>", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
# Saving a page's answers again saves the same answers. Not for an upload (its stream is
# spent) or a check of receipt codes (it would count twice against the limit).
@retry_safe(unless=lambda: (request.view_args or {}).get("step") in ("photos",
                                                                     "earlier-reports"))
@limiter.limit(lambda: current_app.config["FOLLOW_UP_LIMIT"], methods=["POST"],
               exempt_when=_not_checking_receipts)
@photo_uploads
def question(journey, step):
    kind = _kind(journey)
    page = journeys.step(kind, step)
    if page is None:
        abort(404)
    draft = _draft()
    if draft is not None and draft.kind != kind and step != FIRST_STEPS[kind]:
        # The journey changed (ASB -> hate crime) or another one is in progress.
        return redirect(step_url(draft.kind, journeys.first_unanswered(
            draft.kind, draft.answers)))
    answers = draft.answers if draft is not None and draft.kind == kind else {}
    if not journeys.may_show(kind, step, answers):
        if g.get("csrf_failed"):
            return render_error(400)
        return redirect(step_url(kind, journeys.first_unanswered(kind, answers)))
    if draft is not None:
        sending.touch(draft)
        db.session.commit()
    changing = request.args.get("change") == "yes"
    context = {"kind": kind, "page": page, "changing": changing,
               "back_url": _back_url(kind, step, answers, changing)}

    if page.info:
        next_slug = journeys.next_step(kind, step, answers, changing)
        return render_template(f"reports/steps/{step}.html", next_url=step_url(
            kind, next_slug, changing), **context)
    if step == "photos":
        return _photos(kind, page, draft, changing, context)
    if step == "earlier-reports":
        return _earlier_reports(kind, draft, answers, changing, context)

    form_class = STEP_FORMS[step]
    if request.method == "POST":
        form = form_class()
    else:
        form = form_class.from_answers(answers, page.fields)
    if form.validate_on_submit():
        if draft is None or draft.kind != kind:
            sending.delete_draft(session.get("draft_id"))
            draft = sending.new_draft(kind)
            session["draft_id"] = draft.id
        sending.save_answers(draft, form.answers(page.fields))
        db.session.commit()
        next_slug = journeys.next_step(draft.kind, step, draft.answers, changing)
        return redirect(step_url(draft.kind, next_slug, changing))
    return _render_step(step, form, context)


def _render_step(step: str, form, context: dict, **extra):
    errors = error_summary(form)
    return render_template(f"reports/steps/{step}.html", form=form, errors=errors,
                           **context, **extra), (400 if errors else 200)


def _photos(kind, page, draft, changing, context):
    """Add photos (each checked and re-encoded before it is stored) or remove one."""
    form = PhotosForm()
    remove_form = RemovePhotoForm(prefix="remove")
    if request.method == "POST" and "remove-photo" in request.form:
        photo_id = request.form.get("remove-photo", type=stored_int)
        if remove_form.validate_on_submit() and photo_id is not None:
            sending.remove_draft_photo(draft, photo_id)
            db.session.commit()
        return redirect(step_url(kind, "photos", changing))
    if form.validate_on_submit():
        chosen = chosen_files(form.photos)
        stored = sending.count_draft_photos(draft)
        if stored + len(chosen) > photos.MAX_PHOTOS:
            form.photos.errors = [f"You can add up to {photos.MAX_PHOTOS} photos. You have "
                                  f"{stored} already: choose {photos.MAX_PHOTOS - stored} "
                                  "or fewer"]
        else:
            try:
                cleaned = photos.clean_uploads(
                    chosen, photos.DecodeRules.from_config(current_app.config))
            except photos.PhotoError as error:
                form.photos.errors = [str(error)]
            else:
                sending.add_draft_photos(draft, cleaned)
                db.session.commit()
                next_slug = journeys.next_step(kind, "photos", draft.answers, changing)
                return redirect(step_url(kind, next_slug, changing))
    return _render_step("photos", form, context, remove_form=remove_form,
                        added=sending.draft_photos(draft))


def _earlier_reports(kind, draft, answers, changing, context):
    """Case Review: earlier reports, each proved with its receipt code (checked here, never
    stored). A reference already proved in this draft needs no receipt again."""
    proved = [item["reference"] for item in answers.get("earlier_references", [])]
    if request.method == "POST":
        form = EarlierReportsForm()
    else:
        form = EarlierReportsForm(data={"reports": [{"reference": r} for r in proved]})
    if form.validate_on_submit():
        found = []
        for index, reference, receipt in form.pairs():
            entry = form.reports[index]
            if not reference:
                entry.reference.errors = ["Enter the reference that goes with this receipt code"]
            elif reference in proved and not receipt:
                found.append(reference)
            elif not receipt:
                entry.receipt.errors = [f"Enter the receipt code for {reference}"]
            elif sending.find_by_receipt(reference, receipt) is None:
                entry.reference.errors = [f"{reference} and its receipt code do not match. "
                                          "Check them and try again"]
            else:
                found.append(reference)
        if not form.pairs():
            form.reports[0].reference.errors = ["Enter the reference and receipt code of at "
                                                "least one earlier report"]
        if not any(entry.reference.errors or entry.receipt.errors for entry in form.reports):
            if draft is None or draft.kind != kind:
                sending.delete_draft(session.get("draft_id"))
                draft = sending.new_draft(kind)
                session["draft_id"] = draft.id
            unique = list(dict.fromkeys(found))
            sending.save_answers(draft, {"earlier_references": [
                {"reference": reference} for reference in unique]})
            db.session.commit()
            next_slug = journeys.next_step(kind, "earlier-reports", draft.answers,
                                                  changing)
            return redirect(step_url(kind, next_slug, changing))
    return _render_step("earlier-reports", form, context)


@bp.route("/report/<journey>/check-your-answers", methods=["GET", "POST"])
@keeps_answers_on_csrf_failure
@limiter.limit(lambda: current_app.config["REPORT_SEND_LIMIT"], methods=["POST"],
               exempt_when=lambda: phone_calls.taker() is not None)  # a contact centre sends many
def check_answers(journey):
    kind = _kind(journey)
    draft = _draft()
    if draft is None:
        if g.get("csrf_failed"):
            return render_error(400)
        if request.method == "POST":
            return _sent_before(kind)
        return redirect(url_for("reports.before_you_start", journey=journey))
    if draft.kind != kind or not journeys.may_show(kind, CHECK, draft.answers):
        if g.get("csrf_failed"):
            return render_error(400)
        return redirect(step_url(draft.kind, journeys.first_unanswered(
            draft.kind, draft.answers)))
    form = SendForm()
    answers = journeys.prune(kind, draft.answers)
    # Everything the page shows is read now, so that it can be shown again after a failed
    # send without asking the database.
    page = {"kind": kind, "form": form, "rows": journeys.answer_rows(kind, answers),
            "photo_count": sending.count_draft_photos(draft), "step_url": step_url,
            "case_review": _case_review(draft) if kind == "case_review" else None,
            "back_url": _back_url(kind, CHECK, answers, False)}
    if form.validate_on_submit():
        if form.fax_number.data:
            return render_error(400)  # only robots fill in the hidden field
        return _send(draft, page)
    return render_template("reports/check_answers.html", errors=error_summary(form),
                           failed=False, **page), (400 if form.errors else 200)


def _send(draft, page: dict):
    """Store the report and confirm it. The confirmation is built from what ``send``
    returned, with the help services read beforehand: once the report is stored, nothing
    more is asked of the database, so a stored report is always confirmed. Storing is tried
    once more after a lost connection: the draft's token makes that safe (a first try whose
    commit did go through is found, not repeated). A send that fails keeps the draft, and
    pressing the button again sends it, once."""
    shown = help_directory.shown_by_slug()
    draft_id = draft.id
    try:
        sent = once(lambda: _store(draft_id, page["case_review"]))
    except IntegrityError:
        rollback()
        sent = _resend()  # the same draft sent twice at once: the other request stored it
    except SQLAlchemyError:
        rollback()
        current_app.logger.exception("A report could not be saved")
        sent = None
    if sent is None:
        without_database()
        return render_template("reports/check_answers.html", errors=[], failed=True,
                               **page), 503
    return _confirmation(sent, shown)


def _store(draft_id: str, case_review: dict | None) -> sending.Sent | None:
    draft = sending.find_draft(draft_id, current_app.config["DRAFT_IDLE_MINUTES"])
    if draft is None:  # a first try stored it, though its answer was lost
        return _resend()
    return sending.send(
        draft, content_dir=current_app.config["CONTENT_DIR"],
        site_url=current_app.config["SITE_URL"],
        linked=case_review["reports"] if case_review else None,
        assessment=case_review["summary"] if case_review else None,
        taken_by_phone=phone_calls.taker(),
        also=escalate_repeats)


def _resend():
    return sending.send_again(session.get("draft_id"),
                              within_minutes=current_app.config["DRAFT_IDLE_MINUTES"],
                              content_dir=current_app.config["CONTENT_DIR"])


def _sent_before(kind: str):
    """A send whose draft is gone: if this session's draft became a report (the first
    answer never arrived), show it again with a fresh receipt code."""
    shown = help_directory.shown_by_slug()
    sent = _resend()
    if sent is None:
        return render_template("reports/nothing_to_send.html", kind=kind), 410
    return _confirmation(sent, shown)


def _confirmation(sent: sending.Sent, shown: dict):
    session.pop("draft_id", None)
    without_database()
    if sent.taken_by_phone:
        phone_calls.finish()
        return render_template("reports/read_out.html", sent=sent, kind=sent.kind)
    return render_template("reports/confirmation.html", sent=sent, kind=sent.kind,
                           services=signposting.services_for(sent.kind, sent.answers, shown))


def _case_review(draft) -> dict:
    refs = [item["reference"] for item in draft.answers.get("earlier_references", [])]
    config = current_app.config
    assessment = sending.assess_case_review(
        refs, threshold=config["CASE_REVIEW_THRESHOLD"],
        window_days=config["CASE_REVIEW_WINDOW_DAYS"])
    return {
        "assessment": assessment,
        "reports": sending.reports_by_reference(refs),
        "summary": {"threshold": assessment.threshold, "met": assessment.met,
                    "qualifying": [c.reference for c in assessment.qualifying],
                    "not_counted": {c.reference: why for c, why in assessment.not_counted}},
    }
