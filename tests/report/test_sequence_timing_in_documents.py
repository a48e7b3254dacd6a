"""A step timed before its trigger's event reads the same on the sequence page, in
the document, the PDF's HTML and the workbook: one formatter writes them all."""

import io

import openpyxl

from content_plan.models import Trigger
from report.document import build_document
from report.pdf import render_html
from report.xlsx import strategy_workbook
from strategy_planner.numbers import LRI, PDI
from tests.factories import MessageSequenceFactory, SequenceStepFactory


def reminder(strategy, language):
    strategy.language = language
    strategy.save()
    sequence = MessageSequenceFactory(
        strategy=strategy, name="Tasting", trigger=Trigger.BEFORE_APPOINTMENT
    )
    SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-1440, text="Tomorrow")
    SequenceStepFactory(sequence=sequence, channel="email", delay_minutes=90, subject="Thanks")
    return strategy


def test_the_document_writes_before_with_a_minus(team):
    html = render_html(build_document(reminder(team.strategy, "en")))
    assert "-1 day" in html and "+1 hour, 30 minutes" in html
    assert html.index("-1 day") < html.index("+1 hour, 30 minutes")


def test_a_persian_document_keeps_the_minus_beside_its_figure(team):
    html = render_html(build_document(reminder(team.strategy, "fa")))
    assert f"{LRI}−۱{PDI} روز" in html


def test_the_workbook_writes_the_timing_as_the_document_does(team):
    data = strategy_workbook(build_document(reminder(team.strategy, "en")))
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = next(sheet for sheet in book.worksheets if sheet.title == "Message sequences")
    headers = [cell.value for cell in sheet[1]]
    when = [row[headers.index("When")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert when == ["-1 day", "+1 hour, 30 minutes"]
