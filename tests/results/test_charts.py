"""The plan-vs-actual chart: round axis values, plain coordinates, mirrored months."""

import datetime
import re
from decimal import Decimal

from django.utils import translation

from budget.rules import horizon_months
from results import rules
from results.charts import nice_ticks, plan_vs_actual

D = Decimal


def results(actuals=None):
    return rules.goal_results(
        goal_id=1,
        name="<b>More</b> leads",
        metric="Leads",
        unit="",
        baseline=D(100),
        target=D(160),
        deadline=datetime.date(2027, 6, 30),
        months=horizon_months(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)),
        edited={},
        actuals=actuals or {},
    )


def test_the_axis_takes_round_steps_around_the_figures():
    assert nice_ticks(D(100), D(160)) == [D(100), D(120), D(140), D(160)]
    assert nice_ticks(D("28.4"), D(50)) == [D(20), D(30), D(40), D(50)]
    assert nice_ticks(D(0), D(75000)) == [D(0), D(20000), D(40000), D(60000), D(80000)]
    assert nice_ticks(D(5), D(5))[0] < 5 < nice_ticks(D(5), D(5))[-1]


def dots(svg: str) -> list[float]:
    return [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', svg)]


def test_a_dot_a_month_with_an_actual_coloured_by_its_status():
    svg = plan_vs_actual(
        results({datetime.date(2027, 1, 1): D(109), datetime.date(2027, 2, 1): D(100)})
    )
    assert len(dots(svg)) == 2
    assert 'fill="#198754"' in svg and 'fill="#dc3545"' in svg  # on track, off track
    assert "&lt;b&gt;More&lt;/b&gt; leads" in svg  # the goal's name, escaped
    assert "<script" not in svg and "<style" not in svg


def test_in_persian_the_months_run_from_the_right_with_plain_coordinates():
    actuals = {datetime.date(2027, 1, 1): D(109), datetime.date(2027, 2, 1): D(118)}
    with translation.override("en"):
        january, february = dots(plan_vs_actual(results(actuals)))
    assert january < february
    with translation.override("fa"):
        svg = plan_vs_actual(results(actuals))
    january, february = dots(svg)
    assert january > february
    coordinates = " ".join(re.findall(r'(?:x|y|cx|cy|points)="([^"]*)"', svg))
    assert not re.search(r"[۰-۹٫]", coordinates)
    assert "۱۶۰" in svg  # the axis values, as Persian writes them


def labels(chart: str) -> list[tuple[float, str]]:
    """The HTML labels laid over the drawing: where each starts (percent of the
    drawing's width) and what it says."""
    return [
        (float(left), text)
        for left, text in re.findall(r"left: ([\d.]+)%;[^>]*>([^<]*)</span>", chart)
    ]


def test_for_the_pdf_the_labels_are_html_over_a_drawing_without_text():
    """The PDF renderer draws SVG text a letter at a time, unshaped: the document's
    chart writes its axis values and month names as HTML instead, where the SVG
    would have put them."""
    actuals = {datetime.date(2027, 1, 1): D(109), datetime.date(2027, 2, 1): D(100)}
    page = plan_vs_actual(results(actuals))
    chart = plan_vs_actual(results(actuals), html_labels=True)

    drawing = chart.split("</svg>")[0]
    assert "<text" not in drawing
    assert dots(drawing) == dots(page)  # the same drawing
    assert [text for _left, text in labels(chart)] == [
        *("100", "120", "140", "160"),  # the axis, from the bottom up
        *("Jan", "Mar", "May", "Jul", "Sep", "Nov"),  # every other month: no room for all
    ]
    assert "&lt;b&gt;More&lt;/b&gt; leads" in chart
    assert "<script" not in chart and "<style" not in chart


def test_for_the_pdf_persian_labels_run_from_the_right_in_persian_digits():
    actuals = {datetime.date(2027, 1, 1): D(109)}
    with translation.override("fa"):
        chart = plan_vs_actual(results(actuals), html_labels=True)
    left_of = {text: left for left, text in labels(chart)}
    assert left_of["ژانویه"] > left_of["مارس"] > left_of["نوامبر"]  # January on the right
    assert left_of["۱۶۰"] > left_of["ژانویه"]  # the axis on the right too
    styles = " ".join(re.findall(r'style="([^"]*)"', chart))
    assert not re.search(r"[۰-۹٫]", styles)  # lengths as CSS reads them
