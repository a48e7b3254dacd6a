"""A manager's team downloads the workbook, types June's spend into its Budget
sheet, and brings it back: the preview names the line, the month and both
figures, and applying lands on the budget with the new figure in it."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from budget.models import BudgetMonth
from tests.conftest import PASSWORD
from tests.starters.test_demo_living_plan import demo

pytestmark = pytest.mark.e2e


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
