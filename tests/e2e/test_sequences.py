"""A marketer builds an abandoned-cart sequence and the checker catches a long message live."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    return membership.strategy


def test_abandoned_cart_with_a_live_warning(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/")
    page.locator("#id_new-name").fill("Cart rescue")
    page.locator("#id_new-trigger").select_option("abandoned_cart")
    page.get_by_role("button", name="Create the sequence").click()
    expect(page.get_by_role("heading", name=re.compile("Cart rescue"))).to_be_visible()
    expect(page.locator("li.card")).to_have_count(3)

    page.get_by_role("link", name=re.compile(r"^Edit \+8 hours")).click()
    text = page.locator("#id_text")
    text.fill("Still thinking it over? " + "Our beans are roasted every Monday. " * 20)
    problems = page.locator("#step-problems")
    expect(problems.locator("[data-code=text_length]")).to_contain_text("640")
    expect(problems.locator("[data-code=text_length]")).to_contain_text("over")
    screenshot("sequence-live-warning")

    text.fill("Still thinking it over? Shoppers rate our {{product_name}} 4.8 out of 5. 👍🏽")
    expect(problems.locator("[data-code]")).to_have_count(0)
    expect(page.locator("[data-ok]")).to_be_visible()
    expect(page.locator(".lock-text")).to_have_text(
        "Still thinking it over? Shoppers rate ou…"
    )  # 40 + …
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Message saved.")).to_be_visible()
    expect(page.get_by_text("draft with errors")).to_have_count(0)
    screenshot("sequence")
