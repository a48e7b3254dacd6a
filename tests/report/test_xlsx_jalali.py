"""A Persian strategy with the Jalali document calendar: its workbook keeps real
date cells and reads each date in the Jalali calendar too, in a column the
import passes by."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl.utils import get_column_letter

from report import xlsx_import
from report.document import build_document
from report.xlsx import content_plan_workbook, strategy_workbook
from tests.factories import ContentPieceFactory, GoalFactory

NOWRUZ_2027 = datetime.date(2027, 3, 21)  # 1 Farvardin 1406


def workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_plan(team, book):
    uploaded = SimpleUploadedFile("plan.xlsx", to_bytes(book))
    return xlsx_import.plan_import(team.strategy, uploaded, "content_plan")


@pytest.fixture
def jalali(team):
    strategy = team.strategy
    strategy.language, strategy.calendar = "fa", "jalali"
    strategy.save()
    ContentPieceFactory(
        strategy=strategy,
        title="Nowruz greetings",
        due_date=datetime.date(2027, 3, 10),
        publish_date=NOWRUZ_2027,
        status="published",
    )
    ContentPieceFactory(strategy=strategy, title="Someday", due_date=None, publish_date=None)
    return team


def columns(sheet) -> dict[str, int]:
    return {cell.value: cell.column for cell in sheet[1]}


def rows(sheet) -> dict[str, list]:
    return {row[1].value: row for row in sheet.iter_rows(min_row=2)}


def test_each_date_column_is_followed_by_its_jalali_dates(jalali):
    sheet = workbook(content_plan_workbook(build_document(jalali.strategy))).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    due, publish = headers.index("موعد تحویل"), headers.index("تاریخ انتشار")
    assert headers[due + 1] == "موعد تحویل (هجری شمسی)"
    assert headers[publish + 1] == "تاریخ انتشار (هجری شمسی)"
    nowruz, someday = rows(sheet)["Nowruz greetings"], rows(sheet)["Someday"]
    assert nowruz[publish].value == datetime.datetime(2027, 3, 21)  # a real date still
    assert nowruz[publish].number_format == "yyyy-mm-dd"
    assert nowruz[publish + 1].value == "1406/01/01"
    assert nowruz[due + 1].value == "1405/12/19"
    assert someday[publish + 1].value is None
    # The choice lists stay on their columns.
    status = get_column_letter(headers.index("وضعیت") + 1)
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert "منتشرشده" in lists[f"{status}2"]


def test_the_import_passes_the_jalali_columns_by(jalali):
    book = workbook(content_plan_workbook(build_document(jalali.strategy)))
    plan = import_plan(jalali, book)
    assert (len(plan.updates), plan.unchanged, plan.errors) == (0, 2, [])
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    publish = headers.index("تاریخ انتشار")
    nowruz = rows(sheet)["Nowruz greetings"]
    nowruz[publish + 1].value = "1406/02/01"  # a reading column: not read back
    assert import_plan(jalali, book).updates == []
    nowruz[publish].value = datetime.datetime(2027, 4, 4)  # the date itself: read back
    (update,) = import_plan(jalali, book).updates
    assert update["data"] == {"publish_date": "2027-04-04"}


def test_the_summary_reads_the_horizon_and_deadlines_in_both_calendars(jalali):
    jalali.strategy.start_date = NOWRUZ_2027
    jalali.strategy.end_date = datetime.date(2027, 12, 31)
    jalali.strategy.save()
    GoalFactory(strategy=jalali.strategy, deadline=datetime.date(2027, 6, 30))
    summary = workbook(strategy_workbook(build_document(jalali.strategy)))["خلاصه"]
    lines = [row[1].value for row in summary.iter_rows()]
    assert "2027-03-21 (1406/01/01) – 2027-12-31 (1406/10/10)" in lines
    assert any("2027-06-30 (1406/04/09)" in line for line in lines if line)


@pytest.mark.parametrize(("language", "calendar"), [("fa", "gregorian"), ("en", "jalali")])
def test_other_documents_have_no_jalali_columns(team, language, calendar):
    team.strategy.language, team.strategy.calendar = language, calendar
    team.strategy.save()
    ContentPieceFactory(strategy=team.strategy, publish_date=NOWRUZ_2027)
    book = workbook(strategy_workbook(build_document(team.strategy)))
    headers = [cell.value for sheet in book.worksheets for cell in sheet[1]]
    assert not [header for header in headers if header and "1406" in str(header)]
    assert not any("(" in str(header) and "شمسی" in str(header) for header in headers)
    plan = book.worksheets[4]
    assert all("1406" not in str(cell.value) for row in plan.iter_rows() for cell in row)
