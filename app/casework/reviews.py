"""Risk reviews: an officer looks at a report's risk again, at the interval its level sets
(content/casework.yaml), with the same harm questions the reporter answered.

The level comes from the answers through the same scoring as the first one
(content/risk.yaml, app/reporting/risk.py); the officer may set a higher or lower level
when their judgement differs, and must say why either way. The review records the new
level, who set it, why, and when the next review falls due: in a RiskReview row, the
report's history and the audit trail, in the caller's transaction.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa

from app.casework.models import RiskReview
from app.core import clock
from app.extensions import db
from app.inbox.actions import ActionError, clean_text, record_event, require_full_access
from app.reporting.models import OPEN_STATUSES, RISK_LEVELS, Report
from app.reporting.questions import QUESTIONS
from app.reporting.risk import RiskModel
from app.reporting.targets import LevelTargets, level_of, review_due_after, started_overdue
from app.staff.models import StaffUser

# The harm questions of the ASB journey (app/reporting/journeys.py), which content/risk.yaml
# scores.
HARM_QUESTIONS = (QUESTIONS["repeat"], QUESTIONS["effects"])


@dataclass(frozen=True)
class Reviewed:
    level: str
    next_review_on: date


def harm_answers(report: Report) -> dict:
    """The harm answers as last assessed: the latest review's, else the reporter's."""
    latest = latest_review(report)
    source = latest.answers if latest else report.answers
    return {q.key: source.get(q.key) for q in HARM_QUESTIONS if source.get(q.key)}


def latest_review(report: Report) -> RiskReview | None:
    return db.session.scalar(sa.select(RiskReview).where(RiskReview.report_id == report.id)
                             .order_by(RiskReview.created_at.desc(), RiskReview.id.desc()))


def reviews_of(report: Report) -> list[RiskReview]:
    return list(db.session.scalars(sa.select(RiskReview).where(
        RiskReview.report_id == report.id).order_by(RiskReview.id)))


def _checked_answers(answers: dict) -> dict:
    checked = {}
    for question in HARM_QUESTIONS:
        value = answers.get(question.key)
        values = value if isinstance(value, list) else [value] if value else []
        if not values:
            raise ActionError(f"Answer \u201c{question.label}\u201d")
        if not set(values) <= question.values:
            raise ActionError(f"Choose an answer to \u201c{question.label}\u201d from the list")
        checked[question.key] = values if question.multiple else values[0]
    return checked


def reassess(staff: StaffUser, report: Report, answers: dict, reason: str, *,
             risk_model: RiskModel, levels: dict[str, LevelTargets], holidays: set[date],
             chosen_level: str | None = None, now: datetime | None = None) -> Reviewed:
    """Record a review; the report takes the new level as its risk and priority."""
    require_full_access(staff, report)
    if report.status == "closed":
        raise ActionError("This report is closed: reopen it to review its risk")
    answers = _checked_answers(answers)
    reason = clean_text(reason, "why you set this level")
    if chosen_level not in (None, "", *RISK_LEVELS):
        raise ActionError("Choose a risk level from the list")
    level = chosen_level or risk_model.assess(answers)
    now = now or clock.current_time()
    before = report.risk
    next_review = review_due_after(now, level, levels, holidays)
    db.session.add(RiskReview(report_id=report.id, level_before=before, level=level,
                              answers=answers, reason=reason, staff_id=staff.id,
                              created_at=now, next_review_on=next_review))
    report.risk, report.priority = level, level
    record_event(staff, report, "risk_reviewed", reason, **{
        "from": before, "to": level, "scored": risk_model.assess(answers),
        "next_review_on": next_review.isoformat()})
    return Reviewed(level, next_review)


def next_review_dates(report_ids: list[int], before: datetime | None = None
                      ) -> dict[int, date]:
    """The next review date each report's latest review (made before ``before``, if given)
    set, for the reports that have one."""
    if not report_ids:
        return {}
    made = RiskReview.created_at < before if before is not None else sa.true()
    latest = (sa.select(RiskReview.report_id, sa.func.max(RiskReview.id).label("id"))
              .where(RiskReview.report_id.in_(report_ids), made)
              .group_by(RiskReview.report_id).subquery())
    rows = db.session.execute(sa.select(RiskReview.report_id, RiskReview.next_review_on)
                              .join(latest, latest.c.id == RiskReview.id))
    return dict(rows.all())


def review_due(report: Report, levels: dict[str, LevelTargets], holidays: set[date],
               reviewed: dict[int, date] | None = None) -> date:
    """When the report's risk is next to be looked at: as its last review set, or the
    interval for its level after it arrived."""
    reviewed = next_review_dates([report.id]) if reviewed is None else reviewed
    if report.id in reviewed:
        return reviewed[report.id]
    return review_due_after(report.created_at, level_of(report), levels, holidays)


def latest_next_review() -> sa.ScalarSelect:
    """SQL, for each report: the next review date its latest review set (NULL if none)."""
    return (sa.select(RiskReview.next_review_on).where(RiskReview.report_id == Report.id)
            .order_by(RiskReview.id.desc()).limit(1).scalar_subquery())


def review_overdue(levels: dict[str, LevelTargets], holidays: set[date],
                   today: date) -> sa.ColumnElement:
    """SQL: ``review_due`` has passed and the report is still open. Written as two lists the
    database makes once a query (reports whose latest review is past its date, reports
    never reviewed), not as a lookup for each report."""
    latest, later = sa.orm.aliased(RiskReview), sa.orm.aliased(RiskReview)
    latest_is_past = sa.select(latest.report_id).where(
        latest.next_review_on < today,
        ~sa.exists().where(later.report_id == latest.report_id, later.id > latest.id))
    never_reviewed = Report.id.not_in(sa.select(RiskReview.report_id))
    return sa.and_(Report.status.in_(OPEN_STATUSES), sa.or_(
        Report.id.in_(latest_is_past),
        sa.and_(never_reviewed, started_overdue(
            Report.created_at, "review_every_working_days", levels, holidays, today))))
