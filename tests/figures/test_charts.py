"""The server-drawn charts: their axes, their geometry and the sentences beside them."""

import pytest
from flask import render_template_string

from app.figures import charts
from app.figures.charts import Point


@pytest.mark.parametrize("largest, whole, marks", [
    (5, True, [0, 2, 4, 6]), (1, True, [0, 1]), (0, True, [0, 1]),
    (23, True, [0, 10, 20, 30]), (100, True, [0, 25, 50, 75, 100]),
    (0.2, False, [0, 0.05, 0.1, 0.15, 0.2]), (2.5, False, [0, 1, 2, 3]),
])
def test_axis_marks(largest, whole, marks):
    assert charts.axis(largest, whole) == pytest.approx(marks)


def points(*values) -> list[Point]:
    return [Point(f"Q{i + 1}", v, "fewer than 5" if v is None else str(v))
            for i, v in enumerate(values)]


def test_columns_are_as_tall_as_their_values():
    chart = charts.column_chart("Reports", points(2, 4, None, 0), "…", "Quarter", "Reports")
    heights = [bar.height for bar in chart.bars]
    assert heights[1] == pytest.approx(2 * heights[0]) and heights[2] == heights[3] == 0
    top = chart.ticks[-1]
    assert top.text == "4" and chart.bars[1].y == pytest.approx(top.position)
    assert [bar.point.text for bar in chart.bars] == ["2", "4", "fewer than 5", "0"]


def test_bars_lie_down_in_the_order_given():
    chart = charts.bar_chart("By area", points(9, 3), "…", "Area", "Reports")
    assert chart.horizontal and chart.bars[0].width == pytest.approx(3 * chart.bars[1].width)
    assert chart.bars[0].y < chart.bars[1].y


def test_summaries():
    assert charts.trend_summary("ASB reports", points(3, 0, 7, 5)) == (
        "ASB reports: 3 in Q1, and 5 in Q4. The highest was 7, in Q3.")
    assert charts.trend_summary("reports", points(0, 0)) == (
        "Reports: 0 in every one of these quarters.")
    assert charts.trend_summary("reports", points(0, None)) == (
        "Reports: 0 in Q1, and fewer than 5 in Q2.")
    assert charts.ranking_summary("reports", points(9, 3, 1)) == (
        "Most reports came from Q1 (9), then Q2 (3).")
    assert charts.ranking_summary("reports", []) == "There were no reports."


def test_the_drawing_names_itself_and_skips_hidden_bars(app):
    chart = charts.column_chart("ASB <reports>", points(2, None), "Up from 2.", "Quarter",
                                "Reports")
    with app.test_request_context():
        html = render_template_string(
            '{% from "components/chart.html" import chart %}{{ chart(c) }}', c=chart)
    assert 'role="img" aria-labelledby="asb-reports-title asb-reports-desc"' in html
    assert '<title id="asb-reports-title">ASB &lt;reports&gt;</title>' in html
    assert '<desc id="asb-reports-desc">Up from 2.</desc>' in html
    assert html.count('<rect class="app-chart__bar"') == 1
    assert "<script" not in html and "style=" not in html
