"""Bar charts drawn on the server as SVG, with the table of their numbers and a sentence
that says what they show, so a chart is never the only way to read a figure.

Why not a charting library: pygal writes its colours into a ``<style>`` element and
``style`` attributes (and adds a script unless told not to), and matplotlib's SVG styles
every shape inline too. The site's Content-Security-Policy allows styles only from its
own stylesheet, so those charts would draw unstyled; a bar chart is small enough to lay
out here. This module only does the geometry: templates/components/chart.html draws it,
with ``role="img"``, a ``<title>`` and ``<desc>`` named by ``aria-labelledby``, and the
data table beside it. Colours and text sizes come from the stylesheet (app-chart).
"""

import math
import re
from dataclasses import dataclass

WIDTH = 640
COLUMN_HEIGHT = 240
TOP, BOTTOM, LEFT, RIGHT = 24, 48, 48, 8
ROW_HEIGHT, LABEL_WIDTH, VALUE_WIDTH = 30, 200, 96


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: not drawn (a suppressed count), ``text`` says why
    text: str


@dataclass(frozen=True)
class Bar:
    point: Point
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    label_heading: str
    value_heading: str
    horizontal: bool
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    axis: tuple[float, float, float, float]  # x1, y1, x2, y2 of the baseline

    @property
    def points(self) -> list[Point]:
        return [bar.point for bar in self.bars]


def axis(largest: float, whole: bool) -> list[float]:
    """The axis marks, from 0 to at or above ``largest``, about four steps of 1, 2, 2.5 or 5
    times a power of ten (whole steps only for counts)."""
    if largest <= 0:
        return [0, 1]
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(step for step in (m * power for m in (1, 2, 2.5, 5, 10, 20))
                if step >= raw and not (whole and step != int(step)))
    steps = math.ceil(largest / step - 1e-9)
    return [round(step * i, 10) for i in range(steps + 1)]


def _tick_text(value: float, percent: bool) -> str:
    if percent:
        return f"{value:.0%}"
    return f"{value:g}"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _largest(points: list[Point]) -> float:
    return max([p.value for p in points if p.value is not None] + [0])


def column_chart(title: str, points: list[Point], summary: str, label_heading: str,
                 value_heading: str, percent: bool = False, whole: bool = True,
                 at_least: float = 0) -> Chart:
    """Upright bars, one a point, left to right (quarters, oldest first). The axis goes
    up to ``at_least`` whatever the points (so a hidden small count has a scale)."""
    marks = axis(max(_largest(points), at_least), whole and not percent)
    top = marks[-1]
    plot_height = COLUMN_HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    base = TOP + plot_height
    bars = []
    for index, point in enumerate(points):
        height = plot_height * (point.value or 0) / top
        x = LEFT + index * step + step * 0.15
        centre = LEFT + index * step + step / 2
        bars.append(Bar(point, x, base - height, step * 0.7, height, centre,
                        base - height - 6, centre, base + 20))
    ticks = tuple(Tick(base - plot_height * value / top, _tick_text(value, percent))
                  for value in marks)
    return Chart(slug(title), title, summary, label_heading, value_heading, False, WIDTH,
                 COLUMN_HEIGHT, tuple(bars), ticks, (LEFT, base, WIDTH - RIGHT, base))


def bar_chart(title: str, points: list[Point], summary: str, label_heading: str,
              value_heading: str, at_least: float = 0) -> Chart:
    """Bars lying down, one a row, in the order given (a ranking, largest first)."""
    top = axis(max(_largest(points), at_least), whole=True)[-1]
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, point in enumerate(points):
        length = plot_width * (point.value or 0) / top
        y = TOP + index * ROW_HEIGHT
        bars.append(Bar(point, LABEL_WIDTH, y + 5, length, ROW_HEIGHT - 10,
                        LABEL_WIDTH + length + 6, y + ROW_HEIGHT / 2 + 5,
                        LABEL_WIDTH - 8, y + ROW_HEIGHT / 2 + 5))
    height = TOP + len(points) * ROW_HEIGHT + 8
    return Chart(slug(title), title, summary, label_heading, value_heading, True, WIDTH,
                 height, tuple(bars), (), (LABEL_WIDTH, TOP, LABEL_WIDTH, height - 8))


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def trend_summary(what: str, points: list[Point]) -> str:
    """One or two sentences on a series over time: first and latest, and the highest."""
    if not points:
        return f"{_sentence_case(what)}: no figures."
    first, last = points[0], points[-1]
    known = [p for p in points if p.value is not None]
    if len(known) == len(points) and all(p.value == 0 for p in known):
        return f"{_sentence_case(what)}: {first.text} in every one of these quarters."
    text = (f"{_sentence_case(what)}: {first.text} in {first.label}, "
            f"and {last.text} in {last.label}.")
    if known and max(p.value for p in known) > 0:
        highest = max(known, key=lambda p: p.value)
        text += f" The highest was {highest.text}, in {highest.label}."
    return text


def ranking_summary(what: str, points: list[Point]) -> str:
    shown = [p for p in points if p.value]
    if not shown:
        return f"There were no {what}."
    text = f"Most {what} came from {shown[0].label} ({shown[0].text})"
    if len(shown) > 1:
        text += f", then {shown[1].label} ({shown[1].text})"
    return text + "."
