"""A marketer exports the content plan, edits it in a spreadsheet and brings it back."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import ContentPieceFactory, MembershipFactory

pytestmark = pytest.mark.e2e


def test_export_edit_upload_preview_apply(page, live_server, screenshot, tmp_path):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    ContentPieceFactory(strategy=membership.strategy, title="Grind guide")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}/strategies/{membership.strategy.uuid}/content/plan/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to Excel").click()
    path = tmp_path / "plan.xlsx"
    download_info.value.save_as(path)

    book = openpyxl.load_workbook(path)
    sheet = book["Content plan"]
    assert sheet["B2"].value == "Grind guide"
    sheet["B2"] = "Grind guide, updated for spring"
    book.save(path)

    page.get_by_role("link", name="Import from Excel").click()
    page.get_by_label("The content plan").check()
    page.get_by_label("Excel workbook (.xlsx)").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("#import-summary")).to_contain_text("0 new, 1 changed, 0 rows with errors")
    screenshot("excel-import-preview")
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_text(re.compile("Imported: 0 new, 1 changed"))).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Grind guide, updated for spring"))
    ).to_be_visible()
