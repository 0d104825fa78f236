"""Drafts, sending a report, and what the reporter adds later.

A draft holds the answers while the person goes through the pages; only its random id
travels in the session cookie. Sending writes the report, its routes (with the rule that
made each), its photos, a ``created`` event and one outbox message per routed team in ONE
transaction, and deletes the draft in the same transaction: either all of it is stored or
nothing is, and nothing else (mail, files) happens before the commit.

Nothing here reads the request: the views pass in what is needed, and no network or device
detail of the sender ever reaches this module.
"""

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from app.core import clock, outbox
from app.core.photos import CleanPhoto
from app.extensions import db
from app.partnership.models import Team
from app.reporting import case_review, journeys, receipts, routing, targets
from app.reporting import risk as triage
from app.reporting.links import staff_report_link
from app.reporting.models import Draft, Report, ReportEvent, ReportPhoto, ReportRoute
from app.staff import audit
from app.staff.models import StaffUser

# --- drafts ----------------------------------------------------------------------------


def new_draft(kind: str) -> Draft:
    draft = Draft(id=secrets.token_urlsafe(32), kind=kind, answers={})
    db.session.add(draft)
    return draft


def find_draft(draft_id: str | None, idle_minutes: int, now: datetime | None = None
               ) -> Draft | None:
    """The draft, unless it has been idle too long (then it is deleted)."""
    if not draft_id:
        return None
    draft = db.session.get(Draft, draft_id)
    if draft is None:
        return None
    now = now or clock.current_time()
    if draft.updated_at < now - timedelta(minutes=idle_minutes):
        delete_draft(draft.id)
        db.session.commit()
        return None
    return draft


def touch(draft: Draft, now: datetime | None = None) -> None:
    """Count a page view as activity (at most one write a minute)."""
    now = now or clock.current_time()
    if draft.updated_at < now - timedelta(minutes=1):
        draft.updated_at = now


def save_answers(draft: Draft, answers: dict) -> None:
    merged = {**draft.answers, **answers}
    kind, merged = journeys.transition(draft.kind, merged)
    draft.kind = kind
    draft.answers = merged
    draft.updated_at = clock.current_time()


def delete_draft(draft_id: str | None) -> None:
    if not draft_id:
        return
    db.session.execute(sa.delete(ReportPhoto).where(ReportPhoto.draft_id == draft_id))
    db.session.execute(sa.delete(Draft).where(Draft.id == draft_id))


def draft_photos(draft: Draft) -> list[ReportPhoto]:
    return list(db.session.scalars(
        sa.select(ReportPhoto).filter_by(draft_id=draft.id).order_by(ReportPhoto.id)))


def count_draft_photos(draft: Draft) -> int:
    return db.session.scalar(sa.select(sa.func.count(ReportPhoto.id)).filter_by(
        draft_id=draft.id)) or 0


def add_draft_photos(draft: Draft, photos: list[CleanPhoto]) -> None:
    for photo in photos:
        db.session.add(ReportPhoto(draft_id=draft.id, content_type=photo.content_type,
                                   data=photo.data))
    draft.updated_at = clock.current_time()


def remove_draft_photo(draft: Draft, photo_id: int) -> None:
    db.session.execute(sa.delete(ReportPhoto).where(ReportPhoto.draft_id == draft.id,
                                                    ReportPhoto.id == photo_id))


# --- sending ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SentTeam:
    name: str
    public_response_text: str | None
    response_days: int | None  # the first-contact target for the report's level


@dataclass(frozen=True)
class Sent:
    """Everything the confirmation page shows, taken before the commit, so showing it
    needs no query: once the report is stored, nothing can stop its confirmation."""

    reference: str
    receipt: str
    kind: str
    anonymous: bool
    counts_as_asb: bool
    answers: dict
    teams: tuple[SentTeam, ...]
    # True when the report was already made from this draft (the first answer was lost).
    again: bool = False
    # True when contact-centre staff took it on a caller's behalf: the reference and
    # receipt code are then read out to the caller.
    taken_by_phone: bool = False


def draft_token(draft_id: str) -> str:
    """What a report keeps of the draft it came from: a hash, so the database alone
    cannot be matched to anyone's session cookie."""
    return hashlib.sha256(draft_id.encode()).hexdigest()


def _sent(report: Report, receipt: str, teams: list[Team], content_dir: Path | str,
          again: bool = False) -> Sent:
    days = targets.targets(content_dir)[targets.level_of(report)].first_contact_working_days
    return Sent(
        reference=report.reference, receipt=receipt, kind=report.kind,
        anonymous=report.anonymous, counts_as_asb=report.counts_as_asb,
        answers=dict(report.answers), again=again,
        taken_by_phone=report.taken_by_phone_id is not None,
        teams=tuple(SentTeam(team.name, team.public_response_text, days) for team in teams))


def _unique_reference() -> str:
    while True:
        reference = receipts.new_reference()
        if db.session.scalar(sa.select(Report.id).filter_by(reference=reference)) is None:
            return reference


def risk_of(content_dir: Path | str):
    return triage.model(content_dir).assess


def _contact(kind: str, answers: dict) -> dict | None:
    """The reporter's details, kept apart from the answers; None when anonymous."""
    if kind != "case_review" and answers.get("contact_wanted") != "yes":
        return None
    return {key: answers[key] for key in journeys.CONTACT_KEYS
            if answers.get(key) not in (None, "", [])}


def send(draft: Draft, *, content_dir: Path | str, site_url: str,
         linked: list[Report] | None = None, assessment=None,
         submitted_by: str | None = None, taken_by_phone: StaffUser | None = None,
         also: Callable[[Report], object] | None = None) -> Sent:
    """Store the draft as a report, in the current transaction, and commit once; marked
    (and audited) as ``taken_by_phone`` by a contact-centre member of staff for a caller;
    ``also`` (case work's repeat check) runs just before the commit, stored with it or not
    at all. The report records which draft it came from (``sent_from_draft``, unique), so the same
    draft sent twice at the same moment makes one report: the second commit fails on the
    unique value, and ``send_again`` then finds the first. ``submitted_by`` names the
    system that handed the report in (an Open311 client); None for the website."""
    kind = draft.kind
    answers = journeys.prune(kind, draft.answers)
    facts = journeys.facts(kind, answers, risk_of(content_dir))
    contact = _contact(kind, answers)
    answers = {k: v for k, v in answers.items() if k not in journeys.CONTACT_KEYS}
    routes = routing.route(kind, {**answers, **facts.as_dict()})
    priority = routing.overall_priority(routes)

    receipt = receipts.new_receipt_code()
    report = Report(
        reference=_unique_reference(),
        receipt_hash=receipts.hash_receipt(receipt),
        sent_from_draft=draft_token(draft.id),
        kind=kind,
        category=facts.category,
        counts_as_asb=facts.counts_as_asb,
        risk=facts.risk,
        priority=priority,
        answers=answers,
        area=answers.get("area"),
        anonymous=contact is None,
        contact=contact,
        wants_updates_by_email=bool(contact and contact.get("email")
                                    and contact.get("email_updates") == "yes"),
        submitted_by=submitted_by,
    )
    db.session.add(report)
    _mark_taken_by_phone(report, taken_by_phone)
    teams = {t.slug: t for t in db.session.scalars(
        sa.select(Team).where(Team.slug.in_([r.team for r in routes])))}
    for decision in routes:
        team = teams[decision.team]
        db.session.add(ReportRoute(report=report, team=team, rule_id=decision.rule_id,
                                   reason=decision.reason or None))
    db.session.add(ReportEvent(report=report, kind="created", data={
        "routes": [{"team": r.team, "rule": r.rule_id, "priority": r.priority}
                   for r in routes]}))
    db.session.flush()
    db.session.execute(sa.update(ReportPhoto).where(ReportPhoto.draft_id == draft.id)
                       .values(report_id=report.id, draft_id=None))
    _record_case_review(report, linked, assessment)
    _tell_teams(report.reference, routes, teams, site_url)
    if also is not None:
        also(report)
    sent = _sent(report, receipt, [teams[r.team] for r in routes], content_dir)
    delete_draft(draft.id)
    db.session.commit()
    return sent


def _record_case_review(report: Report, linked: list[Report] | None, assessment) -> None:
    """A Case Review request: an event on each report it is about, and its assessment."""
    for linked_report in linked or []:
        db.session.add(ReportEvent(report=linked_report, kind="case_review", data={
            "case_review_reference": report.reference}))
    if assessment is not None:
        db.session.add(ReportEvent(report=report, kind="case_review", data=assessment))


def _mark_taken_by_phone(report: Report, staff: StaffUser | None) -> None:
    if staff is not None:
        report.taken_by_phone_id = staff.id
        audit.record(staff, "phone_report_taken", report.reference, kind=report.kind)


def _tell_teams(reference: str, routes, teams: dict[str, Team], site_url: str) -> None:
    """One outbox message per routed team that takes email, and one per routed team whose
    reports also go to its own case system, in the same transaction."""
    link = staff_report_link(site_url, reference)
    for decision in routes:
        team = teams[decision.team]
        if team.notification_email:
            outbox.enqueue(team.notification_email, "new_report", reference=reference,
                           priority=decision.priority, link=link)
        tell_case_system(team, reference)


def tell_case_system(team: Team, reference: str) -> None:
    """A report newly with ``team``: if the team has its own case system, an outbox
    message to hand it over there (app/open311/delivery.py), in the same transaction."""
    if team.case_system_url:
        outbox.enqueue(team.slug, "case_system_report", reference=reference)


def send_again(draft_id: str | None, *, within_minutes: int, content_dir: Path | str,
               now: datetime | None = None) -> Sent | None:
    """The report already made from this draft, when its confirmation never arrived.

    The draft's id comes from the person's own session, which proves the report is
    theirs, so they are shown its reference and a fresh receipt code; the old code stops
    working (it may have been seen by no one, or by someone else). Only within
    ``within_minutes`` of sending, the time an idle draft is kept. Commits once."""
    if not draft_id:
        return None
    report = db.session.scalar(sa.select(Report).filter_by(
        sent_from_draft=draft_token(draft_id)))
    now = now or clock.current_time()
    if report is None or report.created_at < now - timedelta(minutes=within_minutes):
        return None
    receipt = receipts.new_receipt_code()
    report.receipt_hash = receipts.hash_receipt(receipt)
    sent = _sent(report, receipt, [route.team for route in report.routes
                                   if route.rule_id != "forward"], content_dir, again=True)
    db.session.commit()
    return sent


# --- follow-up -------------------------------------------------------------------------


def find_by_receipt(reference: str, receipt: str) -> Report | None:
    """The report if reference and receipt code match; None otherwise (same time taken)."""
    report = db.session.scalar(sa.select(Report).filter_by(
        reference=receipts.normalise(reference)))
    ok = receipts.verify_receipt(report.receipt_hash if report else None, receipt)
    return report if ok else None


def public_events(report: Report) -> list[ReportEvent]:
    return [event for event in report.events if event.public]


def active_teams(report: Report) -> list[Team]:
    """The teams working the report: told of additions and listed to the reporter."""
    return [route.team for route in report.working_routes]


def add_from_reporter(report: Report, text: str, photos: list[CleanPhoto], *,
                      site_url: str) -> ReportEvent:
    """New information from the reporter: an event, its photos, and a message to each
    team the report is with. One commit."""
    event = ReportEvent(report=report, kind="reporter_added", body=text or None,
                        data={"photos": len(photos)})
    db.session.add(event)
    for photo in photos:
        db.session.add(ReportPhoto(report=report, content_type=photo.content_type,
                                   data=photo.data))
    link = staff_report_link(site_url, report.reference)
    for team in active_teams(report):
        if team.notification_email:
            outbox.enqueue(team.notification_email, "update_from_reporter",
                           reference=report.reference, priority=report.priority, link=link)
    report.updated_at = clock.current_time()
    db.session.commit()
    return event


# --- ASB Case Review -------------------------------------------------------------------


def complaint(report: Report) -> case_review.Complaint:
    return case_review.Complaint(
        reference=report.reference, kind=report.kind, counts_as_asb=report.counts_as_asb,
        anonymous=report.anonymous, made_at=report.created_at,
        incident_on=journeys.incident_date(report.answers))


def reports_by_reference(refs: list[str]) -> list[Report]:
    if not refs:
        return []
    return list(db.session.scalars(sa.select(Report).where(Report.reference.in_(refs))))


def assess_case_review(refs: list[str], *, threshold: int, window_days: int,
                       now: datetime | None = None) -> case_review.Assessment:
    return case_review.assess([complaint(r) for r in reports_by_reference(refs)],
                              now or clock.current_time(), threshold, window_days)
