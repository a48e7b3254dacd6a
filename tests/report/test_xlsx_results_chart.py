"""The workbook's Results sheet draws each goal's plan against its actuals: a line
chart per goal beside the table, its two lines read from the goal's own rows."""

import io

import openpyxl
import pytest
from django.utils import translation

from report.document import build_document
from report.xlsx import strategy_workbook
from results.models import results_of
from tests.starters.test_demo_living_plan import demo


@pytest.mark.parametrize("language", ["en", "fa"])
def test_each_goal_has_a_chart_of_its_milestones_and_actuals(db, language):
    with translation.override(language):
        strategy = demo(language)
        book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(build_document(strategy))))
    sheet = book.worksheets[-1]
    header = [cell.value for cell in sheet[1]]
    goals = results_of(strategy)
    charts = sheet._charts  # openpyxl reads the charts back only here
    assert len(charts) == len(goals) == 3
    for chart, goal in zip(charts, goals, strict=True):
        title = "".join(run.t for p in chart.title.tx.rich.p for run in p.r)
        assert title == goal.name
        names = [series.tx.v for series in chart.series]
        assert len(names) == 2
        references = [series.val.numRef.f for series in chart.series]
        # Milestone then actual, over the goal's twelve rows and nobody else's.
        rows = [
            row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == goal.goal_id
        ]
        assert len(rows) == 12
        for reference, column in zip(
            references, (4, 5) if language == "en" else (5, 6), strict=True
        ):
            letter = openpyxl.utils.get_column_letter(column)
            assert reference.endswith(f"${letter}${rows[0]}:${letter}${rows[-1]}"), reference
            assert header[column - 1] in names
