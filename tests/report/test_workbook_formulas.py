"""Text that a spreadsheet could take for a formula stays text in the exported workbook.

The first characters are written out here, not read from the code under test: the
ones OWASP's "CSV Injection" page names (= + - @, and tab and carriage return before
them), each at the start of a persona's name, a goal and an action. The workbook is
downloaded as a member downloads it and read back with openpyxl: every such cell is
a text cell with a quote prefix, so that it stays text when someone edits it."""

import io

import openpyxl
import pytest
from django.urls import reverse

from report.models import CoherentAction
from tests.factories import BuyerPersonaFactory, GoalFactory

DANGEROUS = [
    "=1+1",
    '=HYPERLINK("http://127.0.0.1:9/","Click")',
    "+1+1",
    "-2+3",
    "-SUM(A1:A2)",
    "@SUM(A1:A2)",
    " =1+1",
    "\t=1+1",
    "\t-2+3",
    "\r=1+1",
    "\r@SUM(A1)",
    "\n+1+1",
    "#N/A",
]
HARMLESS = ["Plain words", "2+3 is not a formula", "e-mail first"]


@pytest.fixture
def workbook(team, client_for):
    strategy = team.strategy
    for number, text in enumerate(DANGEROUS + HARMLESS):
        BuyerPersonaFactory(strategy=strategy, name=text, job_title=f"{text} {number}")
        GoalFactory(strategy=strategy, marketing_goal=text)
        CoherentAction.objects.create(strategy=strategy, title=text)
    response = client_for(team.owner).get(reverse("report:export_xlsx", args=[strategy.uuid]))
    assert response.status_code == 200
    return openpyxl.load_workbook(
        io.BytesIO(
            b"".join(response.streaming_content if response.streaming else [response.content])
        )
    )


def cells_holding(workbook, text):
    # An XML reader gives a carriage return back as a line feed.
    read_back = {text, text.replace("\r", "\n")}
    return [
        (sheet.title, cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in read_back
    ]


def test_text_that_starts_like_a_formula_is_written_as_text(workbook):
    for text in DANGEROUS:
        cells = cells_holding(workbook, text)
        assert "Personas" in {title for title, _cell in cells}, f"{text!r} is not in the workbook"
        for title, cell in cells:
            assert cell.data_type == "s", (title, cell.coordinate, text)
            assert cell.quotePrefix, (title, cell.coordinate, text)
    for text in HARMLESS:
        cells = cells_holding(workbook, text)
        assert "Personas" in {title for title, _cell in cells}, f"{text!r} is not in the workbook"
        for title, cell in cells:
            assert cell.data_type == "s" and not cell.quotePrefix, (title, cell.coordinate)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
