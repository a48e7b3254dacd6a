"""A viewer who presses Enter in a field they cannot save (the target cost per
lead of the paid media step) gets the app's 403 page:
in the layout, in their language (Persian right to left), with the way back to
the strategy, and no serious accessibility problem."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.e2e.test_every_page import AXE, RUN_AXE
from tests.factories import MembershipFactory, StrategyFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def browser_context_args(browser_context_args):
    # The app's Content-Security-Policy would refuse the injected axe script.
    return {**browser_context_args, "bypass_csp": True}


def log_in(page, live_server, username, language):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name=re.compile("Language")).click()
    page.get_by_role("button", name=language).click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1").first).to_be_visible()


def assert_accessible(page):
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == []


@pytest.mark.parametrize(
    ("language", "direction", "heading"),
    [
        ("English (UK)", "ltr", "You can read this strategy but not change it"),
        ("فارسی", "rtl", "می‌توانید این راهبرد را بخوانید اما نمی‌توانید آن را تغییر دهید"),
    ],
)
def test_a_viewer_who_presses_enter_gets_the_403_page_with_the_way_back(
    page, live_server, screenshot, language, direction, heading
):
    strategy = StrategyFactory(name="Northwind 2027")
    MembershipFactory(strategy=strategy, role=Role.VIEWER, user__username="reader")
    log_in(page, live_server, "reader", language)
    page.goto(f"{live_server.url}{reverse('assets:paid', args=[strategy.uuid])}")

    page.locator("input[name$=target_cost_per_lead]").press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("header nav .navbar-brand")).to_be_visible()
    screenshot(f"error-403-{direction}")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Northwind 2027")).click()
    expect(page).to_have_url(f"{live_server.url}{strategy.get_absolute_url()}")
