"""A dental practice builds its appointment reminders: a message two days before the
appointment, typed as days, hours and minutes, and one the trigger cannot take."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(
        role=Role.EDITOR,
        user__username="receptionist",
        strategy__industry="Dental practice, two clinics",
        strategy__business_model="b2c",
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("receptionist")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    return membership.strategy


def test_a_reminder_two_days_before_the_appointment(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/")
    expect(page.locator("#sequences-intro")).not_to_contain_text("for the shop")
    expect(page.locator("#sequences-intro")).to_contain_text("appointment")
    page.locator("#id_new-name").fill("Check-up reminders")
    page.locator("#id_new-trigger").select_option("before_appointment")
    page.get_by_role("button", name="Create the sequence").click()
    expect(page.get_by_role("heading", name=re.compile("Check-up reminders"))).to_be_visible()
    expect(page.locator("#timed-from")).to_contain_text("Timed from the appointment")
    expect(page.locator("li.card")).to_have_count(2)

    # A WhatsApp reminder two days and three hours before the appointment.
    page.get_by_role("link", name="Add a message").click()
    page.locator("#id_channel").select_option("whatsapp")
    page.get_by_label("Days").fill("2")
    page.get_by_label("Hours").fill("3")
    page.get_by_label("Before or after the appointment").select_option("before")
    page.locator("#id_text").fill("Your check-up is on {{1}} at {{2}}. Reply to change the time.")
    expect(page.locator("[data-ok]")).to_be_visible()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Message saved.")).to_be_visible()
    card = page.locator("li.card").first
    expect(card).to_contain_text("-2 days, 3 hours · WhatsApp")
    expect(page.locator("li.card")).to_have_count(3)
    screenshot("sequence-before-the-appointment")

    # Editing shows the timing as it was typed.
    page.get_by_role("link", name=re.compile(r"^Edit -2 days, 3 hours")).click()
    expect(page.get_by_label("Days")).to_have_value("2")
    expect(page.get_by_label("Hours")).to_have_value("3")
    expect(page.get_by_label("Before or after the appointment")).to_have_value("before")
    screenshot("sequence-step-timing")


def test_a_welcome_message_cannot_go_before_its_trigger(page, live_server, strategy):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/")
    page.locator("#id_new-name").fill("Welcome")
    page.locator("#id_new-trigger").select_option("welcome")
    page.get_by_role("button", name="Create the sequence").click()
    page.get_by_role("link", name="Add a message").click()
    page.locator("#id_channel").select_option("email")
    page.get_by_label("Hours").fill("1")
    page.get_by_label("Before or after the trigger").select_option("before")
    page.locator("#id_subject").fill("Welcome to the practice")
    page.locator("#id_text").fill("Hi {{first_name}}, welcome.")
    page.get_by_role("button", name="Save").click()
    error = page.locator("#div_id_delay_minutes .invalid-feedback")
    expect(error).to_contain_text("has no event still to come")
