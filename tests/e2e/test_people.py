"""A newcomer signs up with the name their team knows them by, changes it in their
profile, and sees it in the account menu and on the team page; in English at a
desktop width and in Persian on a phone."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSPHRASE = "a-long-and-unusual-passphrase"


def sign_up(page, live_server, username: str, name: str) -> None:
    page.goto(f"{live_server.url}/accounts/signup/")
    page.locator("#id_display_name").fill(name)
    page.locator("#id_username").fill(username)
    page.locator("#id_email").fill(f"{username}@example.com")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.locator("main form button[type=submit]").click()


def open_account_menu(page) -> None:
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
    page.locator("#account-menu").click()


def create_strategy(page, live_server, name: str) -> None:
    page.goto(live_server.url + reverse("starters:create"))
    page.locator("#id_name").fill(name)
    page.locator("#id_organisation").fill("Northwind")
    page.locator("#id_industry").fill("Coffee")
    page.locator("#id_start_date").fill("2027-01-01")
    page.locator("#id_end_date").fill("2027-10-31")
    page.locator("main form button[type=submit]").first.click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def test_a_newcomer_is_shown_by_the_name_they_chose(page, live_server, screenshot):
    sign_up(page, live_server, "maya", "Maya")
    expect(page.get_by_text("Welcome, Maya!")).to_be_visible()
    expect(page.locator("#account-menu")).to_have_text("Maya")

    open_account_menu(page)
    page.get_by_role("link", name="Your profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.locator("#id_display_name")).to_have_value("Maya")

    page.locator("#id_display_name").fill("")
    page.locator("#id_job_title").fill("Marketing manager")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator("#id_display_name")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_text("Write the name your team knows you by.")).to_be_visible()
    expect(page.locator("#id_job_title")).to_have_value("Marketing manager")  # nothing lost
    screenshot("en-profile-error")

    page.locator("#id_display_name").fill("Maya Thompson")
    page.get_by_label("E-mail me when someone mentions me in a comment").uncheck()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator("#account-menu")).to_have_text("Maya Thompson")
    expect(page.get_by_label("E-mail me when someone mentions me in a comment")).not_to_be_checked()
    screenshot("en-profile-saved")

    create_strategy(page, live_server, "Autumn launch")
    page.get_by_role("link", name="Team", exact=True).click()
    me = page.get_by_role("row", name=re.compile("Maya Thompson"))
    expect(me).to_contain_text("Marketing manager")
    expect(me).to_contain_text("you")
    screenshot("en-team")


def test_a_persian_newcomer_edits_their_profile_on_a_phone(page, live_server, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator(".navbar-toggler").click()
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    sign_up(page, live_server, "niloufar", "نیلوفر")
    expect(page.locator("#account-menu")).to_have_text("نیلوفر")
    open_account_menu(page)
    page.locator(".dropdown-menu a[href$='/accounts/profile/']").click()
    page.locator("#id_display_name").fill("")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#id_display_name")).to_have_class(re.compile("is-invalid"))
    page.locator("#id_display_name").fill("نیلوفر احمدی")
    page.locator("#id_job_title").fill("مدیر بازاریابی")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#account-menu")).to_have_text("نیلوفر احمدی")
    # Mirrored: the labels start on the right, and nothing is wider than the phone.
    label = page.locator("label[for=id_display_name]").bounding_box()
    assert label["x"] + label["width"] > 390 / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("fa-profile-phone")

    create_strategy(page, live_server, "کمپین نوروز")
    page.locator("a[href$='/members/']").first.click()
    expect(page.get_by_role("row", name=re.compile("نیلوفر احمدی"))).to_contain_text(
        "مدیر بازاریابی"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("fa-team-phone")
