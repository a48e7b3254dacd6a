"""A newcomer signs up, creates a strategy and finds it on the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.wizard import STEPS

pytestmark = pytest.mark.e2e

PASSPHRASE = "a-long-and-unusual-passphrase"


def sign_up(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("#id_display_name").fill(username.title())
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.com")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.locator("main form button[type=submit]").click()


def fill_strategy(page, name, end_date):
    page.locator("#id_name").fill(name)
    page.locator("#id_organisation").fill("Northwind")
    page.locator("#id_industry").fill("Coffee")
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill(end_date)


def test_sign_up_create_a_strategy_and_see_it_in_english(page, live_server, screenshot):
    sign_up(page, live_server, "newcomer")
    expect(page.get_by_role("heading", name="My strategies")).to_be_visible()
    expect(page.get_by_text("No strategies yet")).to_be_visible()

    page.get_by_role("link", name="Create a strategy").click()
    fill_strategy(page, "Autumn launch", end_date="2027-03-01")  # too short a horizon
    page.get_by_role("button", name="Create strategy").click()
    expect(page.locator("#id_end_date")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("A strategy covers 6 to 12 months")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Autumn launch")  # nothing typed is lost
    screenshot("en-create-strategy-error")

    page.locator("#id_end_date").fill("2027-10-31")
    page.get_by_role("button", name="Create strategy").click()
    expect(page.get_by_role("heading", name="Autumn launch")).to_be_visible()
    expect(page.get_by_role("navigation", name="Wizard steps")).to_be_visible()
    screenshot("en-overview")

    page.get_by_role("link", name="My strategies").first.click()
    row = page.get_by_role("row", name=re.compile("Autumn launch"))
    expect(row).to_contain_text("Owner")
    expect(row).to_contain_text(f"{round(100 / len(STEPS))}%")  # the basics step is done
    screenshot("en-dashboard")


def test_sign_up_create_a_strategy_and_see_it_in_persian(page, live_server, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")

    sign_up(page, live_server, "persian_user")
    page.get_by_role("link", name="ساخت راهبرد").click()
    fill_strategy(page, "کمپین نوروز", end_date="2027-12-31")
    page.locator("#id_language").select_option("fa")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name="کمپین نوروز")).to_be_visible()
    screenshot("fa-overview")

    page.get_by_role("link", name="راهبردهای من").first.click()
    expect(page.get_by_role("row", name=re.compile("کمپین نوروز"))).to_contain_text("مالک")
    # Mirrored layout: the brand sits on the right in a right-to-left page.
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > page.viewport_size["width"] / 2
    screenshot("fa-dashboard")
