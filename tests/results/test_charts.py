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
