"""A manager's team downloads the workbook, types June's spend into its Budget
sheet, and brings it back: the preview names the line, the month and both
figures, and applying lands on the budget with the new figure in it."""

import re

import openpyxl
import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from budget.models import BudgetMonth
from tests.conftest import PASSWORD
from tests.starters.test_demo_living_plan import demo

pytestmark = pytest.mark.e2e


def _translated(text: str) -> str:
    with translation.override("fa"):
        return gettext(text)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_budget_comes_back_from_excel(page, live_server, screenshot, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    strategy = demo("en")
    line = strategy.budget_lines.exclude(asset=None).order_by("position").first()
    log_in(page, live_server, "ioana")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/import/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the whole workbook")).click()
    path = tmp_path / "northwind.xlsx"
    download_info.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book["Budget"]
    at = {cell.value: cell.column for cell in sheet[1]}
    row = next(
        row
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, at["ID"]).value == line.pk
        and sheet.cell(row, at["Figure"]).value == "Actual"
    )
    sheet.cell(row, at["2027-06"]).value = 1375
    book.save(path)

    page.get_by_label("The budget").check()
    page.get_by_label(re.compile(r"\(\.xlsx\)")).set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    preview = page.locator("#import-preview")
    expect(preview.locator("#import-summary")).to_contain_text("1 changed")
    change = preview.locator(".import-row[data-kind=change]")
    expect(change).to_contain_text(line.name)
    expect(change.get_by_role("row", name=re.compile("Actual · June 2027"))).to_contain_text(
        "1,375.00"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(f"budget-import-preview-{width}")

    page.get_by_role("button", name="Apply the import").click()
    expect(page).to_have_url(re.compile(r"/budget/$"))
    expect(page.get_by_role("alert").or_(page.locator(".alert-success"))).to_contain_text(
        "1 line changed"
    )
    assert BudgetMonth.objects.get(line=line, month__month=6).actual == 1375


def test_a_persian_reader_brings_back_the_results(page, live_server, screenshot, tmp_path):
    """The Persian demo's Results sheet: April's leads typed again in Excel come back
    as a change to April's check-in, shown in Persian digits."""
    strategy = demo("fa")
    goal = strategy.goals.measurable().order_by("position").first()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=re.compile("Language")).click()
    page.get_by_role("button", name="فارسی").click()
    page.locator("#id_username").fill("ioana")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/import/")
    with page.expect_download() as download_info:
        page.locator(f'a[href$="/strategies/{strategy.uuid}/export.xlsx"]').click()
    path = tmp_path / "northwind-fa.xlsx"
    download_info.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[-1]  # the Results sheet, named in Persian
    # Its month is a real date, with the Solar Hijri month beside it to read; the
    # actual is the column before the status.
    at = {cell.value: cell.column for cell in sheet[1]}
    actual = at[_translated("Actual")]
    row = next(
        row
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, 1).value == goal.pk
        and sheet.cell(row, at[_translated("Month")]).value.month == 4
    )
    sheet.cell(row, actual).value = 56200
    book.save(path)

    page.locator("input[value=results]").check()
    page.locator("input[type=file]").set_input_files(str(path))
    page.locator("main form[enctype] button[type=submit]").click()
    change = page.locator(".import-row[data-kind=change]")
    expect(change).to_have_count(1)
    expect(change).to_contain_text("۵۶٬۲۰۰")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    screenshot("results-import-preview-fa")
    page.locator("#import-apply button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/results/$"))
    april = strategy.check_ins.get(month__month=4)
    assert april.actuals()[goal.pk] == 56200
