"""The reporter's side of case work, at /follow-up: answering an officer's question, adding
incidents to their diary, reading the updates (and an original's, when their report was
marked a duplicate), and being told about the ASB Case Review.

Nothing here adds anything about the reporter: an answer or a diary entry holds only what
they type and photos cleaned like the first ones (app/core/photos.py), and nothing about
their network or device is stored. Each function commits once, as sending does.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.casework import links
from app.casework.models import DiaryEntry
from app.core import clock
from app.core.outbox import enqueue
from app.core.photos import CleanPhoto
from app.extensions import db
from app.reporting import case_review, sending
from app.reporting.links import staff_report_link
from app.reporting.models import Report, ReportEvent, ReportPhoto


@dataclass(frozen=True)
class Question:
    event: ReportEvent
    answers: list[ReportEvent]


def questions(report: Report) -> list[Question]:
    """The officers' questions, each with the reporter's answers, oldest first."""
    answers: dict[int, list[ReportEvent]] = {}
    for event in report.events:
        if event.kind == "reporter_answer":
            answers.setdefault((event.data or {}).get("question"), []).append(event)
    return [Question(event, answers.get(event.id, []))
            for event in report.events if event.kind == "question"]


def question(report: Report, question_id: int) -> ReportEvent | None:
    return next((q.event for q in questions(report) if q.event.id == question_id), None)


def _add_photos(report: Report, photos: list[CleanPhoto]) -> list[ReportPhoto]:
    added = [ReportPhoto(report=report, content_type=photo.content_type, data=photo.data)
             for photo in photos]
    db.session.add_all(added)
    return added


def _tell_teams(report: Report, site_url: str) -> None:
    """The same content-free "new information" email an addition sends."""
    link = staff_report_link(site_url, report.reference)
    for team in sending.active_teams(report):
        if team.notification_email:
            enqueue(team.notification_email, "update_from_reporter",
                    reference=report.reference, priority=report.priority, link=link)


def answer(report: Report, asked: ReportEvent, text: str, photos: list[CleanPhoto], *,
           site_url: str) -> ReportEvent:
    event = ReportEvent(report=report, kind="reporter_answer", body=text or None,
                        data={"question": asked.id, "photos": len(photos)})
    db.session.add(event)
    _add_photos(report, photos)
    _tell_teams(report, site_url)
    report.updated_at = clock.current_time()
    db.session.commit()
    return event


def add_diary_entry(report: Report, happened_on: date, time_of_day: str | None,
                    what_happened: str, how_it_affected: str | None,
                    photos: list[CleanPhoto], *, site_url: str) -> DiaryEntry:
    added = _add_photos(report, photos)
    db.session.flush()
    entry = DiaryEntry(report_id=report.id, happened_on=happened_on,
                       time_of_day=time_of_day or None, what_happened=what_happened,
                       how_it_affected=how_it_affected or None,
                       photo_ids=[photo.id for photo in added])
    db.session.add(entry)
    db.session.flush()
    db.session.add(ReportEvent(report=report, kind="diary_entry", data={
        "entry": entry.id, "happened_on": happened_on.isoformat(), "photos": len(added)}))
    _tell_teams(report, site_url)
    report.updated_at = clock.current_time()
    db.session.commit()
    return entry


def diary(report: Report) -> list[DiaryEntry]:
    """The diary in the order things happened."""
    return diaries([report.id])[report.id]


def diaries(report_ids: list[int]) -> dict[int, list[DiaryEntry]]:
    """Each report's diary in the order things happened, in one query."""
    found: dict[int, list[DiaryEntry]] = {report_id: [] for report_id in report_ids}
    if report_ids:
        for entry in db.session.scalars(sa.select(DiaryEntry).where(
                DiaryEntry.report_id.in_(report_ids))
                .order_by(DiaryEntry.happened_on, DiaryEntry.id)):
            found[entry.report_id].append(entry)
    return found


def updates(report: Report) -> list[ReportEvent]:
    """The public updates the reporter reads: their report's, and the original's when an
    officer marked theirs a duplicate (the team works the original)."""
    shown = sending.public_events(report)
    original = links.original_of(report)
    if original is not None:
        shown += sending.public_events(original)
    return sorted(shown, key=lambda event: event.created_at)


def complaints(report: Report, person_reports: list[Report],
               diary_of: dict[int, list[DiaryEntry]] | None = None
               ) -> list[case_review.Complaint]:
    """The person's reports and diary entries as the Case Review counts them: each diary
    entry is an incident reported on the day it was written down. ``diary_of`` holds the
    diaries already read for an inbox page (``diaries``)."""
    owners = (report, *person_reports)
    if diary_of is None:
        diary_of = diaries([owner.id for owner in owners])
    found = [sending.complaint(r) for r in owners]
    for owner in owners:
        for entry in diary_of[owner.id]:
            found.append(case_review.Complaint(
                reference=f"{owner.reference} (diary, {entry.happened_on:%-d %B %Y})",
                kind=owner.kind, counts_as_asb=owner.counts_as_asb,
                anonymous=owner.anonymous, made_at=entry.created_at,
                incident_on=entry.happened_on))
    return found


def case_review_for(report: Report, *, threshold: int, window_days: int,
                    now: datetime | None = None) -> case_review.Assessment:
    """The Case Review check over the reporter's linked reports and diary; its ``explain``
    says whether to tell them about the Case Review (two in six months)."""
    person = links.person_reports(report, sa.select(Report))
    return case_review.assess(complaints(report, person), now or clock.current_time(),
                              threshold, window_days)
