"""The dashboard tells how each strategy is doing, as its overview does: the demo's
goals one on track, one at risk and one off track, its spend against plan, and
what is overdue; a strategy with nothing measured says so in a line. In English
and in Persian, on a wide screen and on a phone."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from starters.backup import restore
from starters.management.commands.seed_demo import DEMO_TEAM
from starters.templates import demo_backup
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

TODAY = datetime.date(2027, 5, 18)  # a Tuesday, after the demo's April check-in
WIDE, TABLET, PHONE = (
    {"width": 1280, "height": 900},
    {"width": 820, "height": 1180},
    {"width": 390, "height": 844},
)


@pytest.fixture
def demo(live_server):
    """The demo team with the demo in English and in Persian; the demo owner also
    reads a colleague's empty strategy."""
    for username, _email in DEMO_TEAM:
        UserFactory(username=username)
    strategies = {
        language: restore(demo_backup(language), new_uuid=True).strategy
        for language in ("en", "fa")
    }
    MembershipFactory(
        user=get_user_model().objects.get(username="demo"),
        role=Role.VIEWER,
        strategy__name="Autumn launch",
    )
    with mock.patch("django.utils.timezone.localdate", return_value=TODAY):
        yield strategies


def log_in(page, live_server, language="en"):
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_the_dashboard_says_how_each_strategy_is_going(page, live_server, demo, screenshot):
    page.set_viewport_size(WIDE)
    log_in(page, live_server)
    expect(page.get_by_role("heading", name="My strategies")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(re.escape(demo["en"].name)))
    for status in ("On track: 1", "At risk: 1", "Off track: 1"):
        expect(row.get_by_text(status)).to_be_visible()
    expect(row).to_contain_text(re.compile(r"€[\d,.]+ spent against €[\d,.]+ planned to date"))
    expect(row).to_contain_text("8 overdue")
    expect(row).to_contain_text("1 due this week")
    empty = page.get_by_role("row", name=re.compile("Autumn launch"))
    expect(empty).to_contain_text("Viewer")
    expect(empty).to_contain_text("Nothing measured, budgeted or due yet.")
    screenshot("dashboard-health")
    assert fits(page)

    page.set_viewport_size(TABLET)
    screenshot("dashboard-health-tablet")
    assert fits(page)

    page.set_viewport_size(PHONE)
    expect(row.get_by_text("Off track: 1")).to_be_visible()
    assert fits(page)
    screenshot("dashboard-health-phone")

    row.get_by_role("link", name=re.compile("^Spend")).click()
    expect(page).to_have_url(re.compile(f"/strategies/{demo['en'].uuid}/budget/"))
    page.go_back()
    row.get_by_role("link", name=re.compile("^Due")).click()
    due = page.get_by_role("region", name="Who does what by when")
    expect(due.get_by_role("heading", name="Overdue (8)")).to_be_visible()


def test_the_dashboard_in_persian(page, live_server, demo, screenshot):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, "fa")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    row = page.get_by_role("row", name=re.compile(re.escape(demo["fa"].name)))
    expect(row).to_contain_text("۸")  # eight overdue, in Persian digits
    expect(row.locator(".badge")).to_have_count(3)
    expect(row).not_to_contain_text(re.compile("[0-9]"))  # no Latin digit anywhere in it
    assert fits(page)
    screenshot("dashboard-health-fa")

    page.set_viewport_size(PHONE)
    expect(row.locator(".badge").first).to_be_visible()
    assert fits(page)
    screenshot("dashboard-health-fa-phone")
