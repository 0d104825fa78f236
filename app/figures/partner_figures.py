"""Partner figures the site does not hold (a rough sleeper count, police operations),
typed in for a quarter by the partnership manager. Each change is audited with the value
it replaced, and the dashboard shows who entered each figure and when. The caller commits.
"""

from datetime import datetime

import sqlalchemy as sa

from app.extensions import db
from app.figures.definitions import PartnerMeasure
from app.figures.models import PartnerFigure
from app.figures.quarters import Quarter
from app.staff import audit
from app.staff.models import StaffUser

MAX_VALUE = 1_000_000


def for_quarter(quarter: Quarter) -> dict[str, PartnerFigure]:
    """The figures entered for the quarter, by measure slug."""
    figures = db.session.scalars(sa.select(PartnerFigure).filter_by(quarter=quarter.key))
    return {figure.measure: figure for figure in figures}


def save(staff: StaffUser, quarter: Quarter, measure: PartnerMeasure, value: int | None,
         now: datetime) -> bool:
    """Set (or, with None, clear) one figure. False when nothing changed."""
    if value is not None and not 0 <= value <= MAX_VALUE:
        raise ValueError(f"{measure.label} must be between 0 and {MAX_VALUE:,}")
    figure = for_quarter(quarter).get(measure.slug)
    previous = figure.value if figure else None
    if previous == value:
        return False
    if value is None:
        db.session.delete(figure)
    elif figure is None:
        db.session.add(PartnerFigure(quarter=quarter.key, measure=measure.slug, value=value,
                                     entered_by_id=staff.id, entered_at=now))
    else:
        figure.value, figure.entered_by_id, figure.entered_at = value, staff.id, now
    audit.record(staff, "partner_figure_entered", f"{quarter.key} {measure.slug}",
                 previous=previous, value=value)
    return True
