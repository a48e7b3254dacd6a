"""A newcomer starts from a template, prints the strategy on a page, deletes it,
restores it from Recently deleted, and reads dates in the Jalali calendar."""

import re
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from strategy_planner.models import Strategy
from tests.conftest import PASSWORD, needs_commands
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


@needs_commands("pdfinfo")
def test_start_from_a_template_print_a_page_delete_and_restore(
    page, live_server, screenshot, tmp_path
):
    UserFactory(username="newcomer")
    log_in(page, live_server, "newcomer")
    expect(page.get_by_text("No strategies yet")).to_be_visible()
    screenshot("start-empty-dashboard")

    page.get_by_role("button", name="Use the B2B software template").click()
    expect(page.get_by_text("is ready. Rename it in Basics")).to_be_visible()
    strategy = Strategy.objects.get(memberships__user__username="newcomer")
    expect(page.get_by_role("heading", level=1, name=strategy.name)).to_be_visible()

    page.goto(f"{live_server.url}{reverse('strategy_planner:goals', args=[strategy.uuid])}")
    example = page.locator(".step-example")
    expect(example).to_contain_text("Example from the “B2B software” template:")
    screenshot("start-step-example")

    page.goto(f"{live_server.url}{strategy.get_absolute_url()}")
    page.get_by_role("link", name="Document", exact=True).click()
    page.get_by_role("link", name="Strategy on a page").click()
    expect(page.get_by_text("Operations lead Olga")).to_be_visible()
    expect(page.get_by_text("Sell the business case, not the features")).to_be_visible()
    screenshot("start-strategy-on-a-page")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the page as PDF").click()
    path = tmp_path / "summary.pdf"
    download.value.save_as(path)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.MULTILINE)

    page.goto(f"{live_server.url}{strategy.get_absolute_url()}delete/")
    page.get_by_role("button", name="Yes, delete this strategy").click()
    expect(page.get_by_text("was moved to Recently deleted")).to_be_visible()
    page.get_by_role("link", name=re.compile("Recently deleted")).click()
    screenshot("start-recently-deleted")
    page.get_by_role("button", name=re.compile("^Restore")).click()
    expect(page.get_by_text("is back")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=strategy.name)).to_be_visible()


def test_a_persian_reader_switches_dates_to_jalali(page, live_server, screenshot):
    UserFactory(username="reza")
    log_in(page, live_server, "reza")
    page.get_by_role("button", name="Use the Local service template").click()
    page.get_by_role("link", name="My strategies").first.click()
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    horizon = page.locator("tbody tr td").nth(2)
    expect(horizon).to_contain_text("۲۰")  # Gregorian years in Persian digits: ۲۰۲۶, ۲۰۲۷
    page.get_by_role("button", name="زبان").click()
    page.get_by_role("button", name="هجری شمسی (جلالی)").click()
    expect(horizon).to_contain_text("۱۴۰")  # Solar Hijri years: ۱۴۰۵, ۱۴۰۶
    expect(horizon).not_to_contain_text("۲۰۲")
    screenshot("start-jalali-dashboard")
    strategy = Strategy.objects.get(memberships__user__username="reza")
    page.goto(f"{live_server.url}{reverse('assets:inventory', args=[strategy.uuid])}")
    expect(page.locator(".step-example")).to_contain_text("نمونه از الگوی")
    screenshot("start-step-example-fa")
