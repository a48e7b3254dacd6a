"""A marketer exports the content plan, edits it in a spreadsheet and brings it back."""

import json
import re
import subprocess

import openpyxl
import pytest
from playwright.sync_api import expect

from content_plan.models import ContentPiece
from strategy_planner.models import Role
from strategy_planner.templatetags.planner import FSI, PDI
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_every_page import AXE, RUN_AXE, VNU
from tests.factories import ContentPieceFactory, MembershipFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def html_errors(pages: dict[str, str], tmp_path) -> list[str]:
    """What the Nu HTML checker finds wrong in these pages (name → HTML). The crawl of
    every page never reaches a preview: it takes an upload."""
    files = []
    for name, html in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_text(html, encoding="utf-8")
    result = subprocess.run(
        [
            *("java", "-jar", str(VNU), "--format", "json"),
            *("--errors-only", "--exit-zero-always", "--stdout", *map(str, files)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return [
        f"{message.get('url', '').rsplit('/', 1)[-1]}:{message.get('lastLine')}: "
        f"{message.get('message')}"
        for message in json.loads(result.stdout)["messages"]
    ]


def log_in(page, live_server, username="marketer"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def export_plan(page, live_server, strategy, tmp_path):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/plan/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export to Excel").click()
    path = tmp_path / "plan.xlsx"
    download_info.value.save_as(path)
    return path


def check_the_file(page, path, kind="The content plan", button="Check the file"):
    page.get_by_label(kind).check()
    page.get_by_label(re.compile(r"\(\.xlsx\)")).set_input_files(str(path))
    page.get_by_role("button", name=button).click()


def test_export_edit_upload_preview_apply(page, live_server, screenshot, tmp_path):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    ContentPieceFactory(strategy=membership.strategy, title="Grind guide")
    log_in(page, live_server)
    path = export_plan(page, live_server, membership.strategy, tmp_path)

    book = openpyxl.load_workbook(path)
    sheet = book["Content plan"]
    assert sheet["B2"].value == "Grind guide"
    sheet["B2"] = "Grind guide, updated for spring"
    book.save(path)

    page.get_by_role("link", name="Import from Excel").click()
    check_the_file(page, path)
    expect(page.locator("#import-summary")).to_contain_text(
        "0 new · 1 changed · 0 rows with errors"
    )
    row = page.locator("#import-rows li").first
    expect(row).to_contain_text("Changed")
    expect(row.get_by_role("row", name=re.compile("Title"))).to_contain_text(
        "Grind guide, updated for spring"
    )
    screenshot("excel-import-preview")
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_text(re.compile("Imported: 0 new · 1 changed · 0 deleted"))).to_be_visible()
    expect(
        page.get_by_role("row", name=re.compile("Grind guide, updated for spring"))
    ).to_be_visible()


def test_an_old_export_does_not_undo_an_edit_made_in_the_app(
    browser, page, live_server, screenshot, tmp_path
):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    piece = ContentPieceFactory(strategy=membership.strategy, title="Grind guide")
    log_in(page, live_server)
    path = export_plan(page, live_server, membership.strategy, tmp_path)

    # After the export, the title is edited in the app.
    page.get_by_role("link", name=re.compile("Edit Grind guide")).click()
    page.locator("#id_title").fill("Grind guide, second edition")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("row", name=re.compile("Grind guide, second edition"))).to_be_visible()

    # The export, untouched, comes back.
    page.get_by_role("link", name="Import from Excel").click()
    check_the_file(page, path)
    expect(page.locator("#import-summary")).to_contain_text(
        "0 new · 0 changed · 0 rows with errors · 1 changed in the app since the export"
    )
    expect(page.locator("#import-conflicts")).to_contain_text("The choice is per row")
    conflict = page.locator("#import-rows li").first
    title = conflict.get_by_role("row", name=re.compile("Title"))
    # Each value set apart from the text around it (FSI…PDI), as all user text.
    expect(title.locator("td").nth(0)).to_have_text(f"{FSI}Grind guide, second edition{PDI}")
    expect(title.locator("td").nth(1)).to_have_text(f"{FSI}Grind guide{PDI}")
    expect(conflict.get_by_label("Use the file's values")).not_to_be_checked()
    screenshot("excel-import-conflict")
    pages = {"conflict-en": page.content()}
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("excel-import-conflict-390px")

    page.get_by_role("button", name="Apply the import").click()
    expect(
        page.get_by_text("1 row changed in the app since the export was left as it is.")
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Grind guide, second edition"))).to_be_visible()
    piece.refresh_from_db()
    assert piece.title == "Grind guide, second edition"
    assert not ContentPiece.objects.filter(title="Grind guide").exists()

    # The same, read in Persian, right to left, on a phone.
    # The app's Content-Security-Policy would refuse the injected axe script.
    context = browser.new_context(viewport=PHONE, bypass_csp=True, reduced_motion="reduce")
    context.add_init_script(path=str(AXE))
    context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    persian = context.new_page()
    log_in(persian, live_server)
    persian.goto(f"{live_server.url}/strategies/{membership.strategy.uuid}/import/")
    persian.locator("input[type=radio][value=content_plan]").check()
    persian.locator("input[type=file]").set_input_files(str(path))
    persian.locator("main form[enctype] button[type=submit]").click()
    expect(persian.locator("#import-rows li")).to_have_count(1)
    assert persian.evaluate("document.documentElement.dir") == "rtl"
    assert persian.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ARTIFACTS.mkdir(exist_ok=True)
    persian.screenshot(path=str(ARTIFACTS / "excel-import-conflict-fa-390px.png"), full_page=True)
    assert persian.evaluate(RUN_AXE) == []
    pages["conflict-fa"] = persian.content()
    context.close()
    assert html_errors(pages, tmp_path) == []
