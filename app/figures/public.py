""""Stevenage in numbers": the quarterly figures the public sees, published by comms staff.

Publishing a quarter stores a snapshot of its figures as they are at that moment, already
made safe to show, so the public page never changes with the reports underneath it and
never holds a number it should not:

- **small numbers**: a count from 1 to 4 is stored as None and shown as "fewer than 5"
  (0 is shown: it identifies nobody);
- **no total that gives one away**: a quarter's total is given only when none of the
  counts it adds up is hidden;
- **places**: only anti-social behaviour is shown by area, and only areas with 5 or more
  reports are named. The rest are added together as "other areas" and, if that sum would
  be 1 to 4 (so that it, or a hidden area, could be worked out from the total), the
  smallest named areas are folded into it until it is not. Hate crime and stalking are
  never broken down by place.

Only a quarter that has ended can be published. The caller commits.
"""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.casework.links import NOT_A_PLACE
from app.extensions import db
from app.figures import charts, queries
from app.figures.charts import Point
from app.figures.models import PublishedNumbers
from app.figures.quarters import Quarter
from app.reporting.questions import QUESTIONS
from app.staff import audit
from app.staff.models import StaffUser

SMALLEST_SHOWN = 5
SUPPRESSED_TEXT = "fewer than 5"
TREND_QUARTERS = 8
# What the public page counts, in the words it uses. Case Review requests are not incidents.
PUBLIC_KINDS = {
    "asb": "Anti-social behaviour",
    "gnmp": "Neighbour disputes and environmental problems",
    "hate": "Hate crimes and hate incidents",
    "stalking": "Stalking and harassment",
}
OTHER_AREAS = "Other areas, or place not given"


class PublishingError(ValueError):
    """The quarter cannot be published as asked; the message says why."""


def suppress(count: int) -> int | None:
    return None if 0 < count < SMALLEST_SHOWN else count


def shown(count: int | None) -> str:
    return SUPPRESSED_TEXT if count is None else f"{count:,}"


def _total(counts: list[int | None]) -> int | None:
    """The sum, unless a count is hidden (then the sum would give it away)."""
    return None if any(c is None for c in counts) else sum(counts)


def asb_by_area(quarter: Quarter, zone: ZoneInfo, total: int) -> dict:
    """Named areas with 5 or more ASB reports, and every other report added together."""
    named = sorted(
        ((QUESTIONS["area"].label_for(row.area), row.by_kind["asb"])
         for row in queries.by_area(quarter, zone)
         if row.area and row.area not in NOT_A_PLACE
         and row.by_kind["asb"] >= SMALLEST_SHOWN),
        key=lambda item: (-item[1], item[0]))
    other = total - sum(count for _, count in named)
    while 0 < other < SMALLEST_SHOWN and named:
        other += named.pop()[1]
    return {"areas": [{"area": a, "count": c} for a, c in named],
            "other": suppress(other)}


def snapshot(quarter: Quarter, zone: ZoneInfo) -> dict:
    """The public figures of a quarter and the seven before it, made safe to show."""
    quarters = quarter.last(TREND_QUARTERS)
    counts = queries.counts_by_quarter(quarters, zone)
    series = {kind: [suppress(counts[q][kind]) for q in quarters] for kind in PUBLIC_KINDS}
    totals = [_total([series[kind][i] for kind in PUBLIC_KINDS]) for i in range(len(quarters))]
    return {
        "quarter": quarter.key,
        "quarters": [q.short_label for q in quarters],
        "series": series,
        "totals": totals,
        "asb_areas": asb_by_area(quarter, zone, counts[quarter]["asb"]),
    }


def publish(staff: StaffUser, quarter: Quarter, zone: ZoneInfo,
            now: datetime) -> PublishedNumbers:
    """Store the quarter's public figures as they are now (again, if it was published)."""
    if quarter.bounds(zone)[1] > now:
        raise PublishingError(f"{quarter.label} has not ended yet. Publish it once it has.")
    figures = snapshot(quarter, zone)
    published = for_quarter(quarter)
    if published is None:
        published = PublishedNumbers(quarter=quarter.key)
        db.session.add(published)
    published.figures = figures
    published.published_by_id, published.published_at = staff.id, now
    audit.record(staff, "numbers_published", quarter.key)
    return published


def withdraw(staff: StaffUser, quarter: Quarter) -> None:
    published = for_quarter(quarter)
    if published is None:
        raise PublishingError(f"{quarter.label} is not published.")
    db.session.delete(published)
    audit.record(staff, "numbers_withdrawn", quarter.key)


def for_quarter(quarter: Quarter) -> PublishedNumbers | None:
    return db.session.scalar(sa.select(PublishedNumbers).filter_by(quarter=quarter.key))


def published_quarters() -> list[Quarter]:
    """Every published quarter, the latest first."""
    keys = db.session.scalars(sa.select(PublishedNumbers.quarter))
    return sorted((q for q in map(Quarter.parse, keys) if q), reverse=True)


# --- the page ---------------------------------------------------------------------------

@dataclass(frozen=True)
class NumbersView:
    """A published (or previewed) quarter, ready for the page."""

    quarter: Quarter
    kinds: list[tuple[str, str]]
    trends: list[charts.Chart]
    areas: charts.Chart


def view(figures: dict) -> NumbersView:
    return NumbersView(Quarter.parse(figures["quarter"]), kind_rows(figures),
                       trend_charts(figures), area_chart(figures))


def kind_rows(figures: dict) -> list[tuple[str, str]]:
    """(what, how many) for the published quarter, with the total when it is safe."""
    rows = [(label, shown(figures["series"][kind][-1])) for kind, label in PUBLIC_KINDS.items()]
    total = figures["totals"][-1]
    if total is not None:
        rows.append(("All of these", shown(total)))
    return rows


def trend_charts(figures: dict) -> list[charts.Chart]:
    made = []
    for kind, label in PUBLIC_KINDS.items():
        points = [Point(q, c, shown(c))
                  for q, c in zip(figures["quarters"], figures["series"][kind], strict=True)]
        made.append(charts.column_chart(f"{label}, reported each quarter", points,
                                        charts.trend_summary(f"reports of {label.lower()}", points),
                                        "Quarter", "Reports", at_least=SMALLEST_SHOWN))
    return made


def area_chart(figures: dict) -> charts.Chart:
    areas = figures["asb_areas"]
    points = [Point(a["area"], a["count"], shown(a["count"])) for a in areas["areas"]]
    if areas["other"] != 0:
        points.append(Point(OTHER_AREAS, areas["other"], shown(areas["other"])))
    return charts.bar_chart("Anti-social behaviour by area", points,
                            charts.ranking_summary("reports of anti-social behaviour", points),
                            "Area", "Reports", at_least=SMALLEST_SHOWN)
