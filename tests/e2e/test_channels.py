"""A marketer lists the channels, ranks earned media and decides on a paid platform."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import GoalFactory, MembershipFactory

pytestmark = pytest.mark.e2e

CHANNELS = [
    # name, media, kind, visits, leads, conversions, spend
    ("Online shop", "owned", "website", "210000", "31000", "6100", ""),
    ("Newsletter", "owned", "email_list", "18000", "6200", "980", ""),
    ("Google reviews", "earned", "reviews", "12000", "2600", "610", ""),
    ("Food magazine", "earned", "press", "4200", "3400", "95", ""),
    ("Search ads", "paid", "search_ads", "22000", "3100", "700", "9300"),
    ("Instagram ads", "paid", "paid_social", "15000", "1200", "210", "7800"),
]


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    GoalFactory(strategy=membership.strategy, marketing_goal="More website leads")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    return membership.strategy


def test_inventory_ranking_and_decision(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/channels/")
    page.get_by_label("Audit period from").fill("2025-11-01")
    page.get_by_label("Audit period to").fill("2026-10-31")
    page.get_by_role("button", name="Save the audit period").click()
    expect(page.get_by_text("Audit period saved.")).to_be_visible()

    for name, media, kind, visits, leads, conversions, spend in CHANNELS:
        add = page.locator("#add-asset")
        if add.get_attribute("open") is None:
            add.locator("summary").click()
        add.locator("#id_new-name").fill(name)
        add.locator("#id_new-media_type").select_option(media)
        add.locator("#id_new-kind").select_option(kind)
        add.locator("#id_new-visits").fill(visits)
        add.locator("#id_new-leads").fill(leads)
        add.locator("#id_new-conversions").fill(conversions)
        if spend:
            add.get_by_label("Spend (EUR)").fill(spend)
        add.get_by_role("button", name="Add").click()
        expect(page.get_by_role("row", name=re.compile(name))).to_be_visible()

    expect(page.locator("[data-share=owned]")).to_have_text("78% of leads")  # 37,200 of 47,700
    search = page.get_by_role("row", name=re.compile("Search ads"))
    expect(search.locator("[data-cpl]")).to_have_text("3.00")
    page.get_by_role("link", name="Leads", exact=True).click()
    expect(page.locator("#inventory-table tbody tr").first).to_contain_text("Instagram ads")
    screenshot("channels-inventory")

    page.get_by_role("link", name=re.compile("Next: Owned media")).click()
    page.get_by_role("link", name=re.compile("Next: Earned media")).click()
    page.get_by_label("Goal to rank earned media against").select_option(label="More website leads")
    page.get_by_label("Rank by").select_option("leads")
    page.get_by_role("button", name="Rank by the numbers").click()
    items = page.locator("#earned-list > ol > li")
    expect(items.first).to_contain_text("Food magazine")
    # Judgment differs from the numbers: reviews go first.
    page.get_by_role("button", name="Move Google reviews up").click()
    expect(items.first).to_contain_text("Google reviews")
    expect(page.get_by_role("button", name="Move Google reviews down")).to_be_focused()
    page.get_by_label("Why it works").first.fill("Shoppers compare roasters here")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    screenshot("channels-earned")

    page.get_by_role("link", name=re.compile("Next: Paid media")).click()
    page.get_by_label("Target cost per lead (EUR)").fill("4")
    page.get_by_role("button", name="Save the target").click()
    instagram = page.get_by_role("row", name=re.compile("Instagram ads"))
    expect(instagram).to_contain_text("above target")
    instagram.get_by_label("Decision on Instagram ads", exact=True).select_option("change")
    instagram.get_by_role("button", name="Save").click()
    expect(instagram.get_by_text("Say why, so the team knows.")).to_be_visible()
    instagram.get_by_label("Reason for the decision on Instagram ads").fill("Retarget only")
    instagram.get_by_role("button", name="Save").click()
    expect(instagram.get_by_text("Saved.")).to_be_visible()
    search = page.get_by_role("row", name=re.compile("Search ads"))
    search.get_by_label("Decision on Search ads", exact=True).select_option("keep")
    search.get_by_label("Reason for the decision on Search ads").fill("€3 a lead")
    search.get_by_role("button", name="Save").click()
    expect(search.get_by_text("Saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name=re.compile("Paid media"))).to_be_visible()
    expect(page.locator(".badge", has_text="Complete")).to_be_visible()
    screenshot("channels-paid")
