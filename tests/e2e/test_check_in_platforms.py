"""An editor records a month's check-in with each paid platform's spend and results:
the spend lands in the budget's actual figures, and the Results page and the budget
say what a lead cost; the check-in reads the same in Persian, right to left."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budget.models import BudgetMonth
from results.models import PlatformResult
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import (
    AssetFactory,
    BudgetLineFactory,
    BudgetMonthFactory,
    GoalFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.e2e

D = Decimal
JAN = datetime.date(2027, 1, 1)


@pytest.fixture
def strategy(live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    strategy = membership.strategy
    GoalFactory(
        strategy=strategy,
        marketing_goal="More website leads",
        metric="Website leads",
        baseline=100,
        target=160,
        unit="leads a month",
        deadline=datetime.date(2027, 6, 30),
    )
    for name, kind, spent in (
        ("Google Search ads", "search_ads", "768.40"),
        ("Instagram ads", "paid_social", None),
    ):
        asset = AssetFactory(strategy=strategy, name=name, media_type="paid", kind=kind)
        line = BudgetLineFactory(
            strategy=strategy, name=name, kind="paid_platform", media_type="paid", asset=asset
        )
        BudgetMonthFactory(
            line=line, month=JAN, planned=D(775), actual=None if spent is None else D(spent)
        )
    return strategy


def log_in(page, live_server, language=None):
    page.goto(f"{live_server.url}/accounts/login/")
    if language:
        page.get_by_role("button", name=re.compile("Language")).click()
        page.get_by_role("button", name=language).click()
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_check_in_with_each_platforms_spend_and_results(page, live_server, strategy, screenshot):
    google = strategy.budget_lines.get(name="Google Search ads")
    instagram = strategy.budget_lines.get(name="Instagram ads")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/")
    page.get_by_role("link", name="Add the first check-in").click()
    add = page.locator("#add-check-in")
    google_fields = add.get_by_role("group", name="Google Search ads")
    # The spend is the budget's January figure, there already.
    expect(google_fields.get_by_label("Spend (EUR)")).to_have_value("768.40")
    page.get_by_label("More website leads (Website leads)").fill("109")
    google_fields.get_by_label("Leads").fill("251")
    google_fields.get_by_label("Conversions").fill("56")
    instagram_fields = add.get_by_role("group", name="Instagram ads")
    instagram_fields.get_by_label("Spend (EUR)").fill("702.35")
    instagram_fields.get_by_label("Leads").fill("98")
    screenshot("check-in-platforms-form-en")
    add.get_by_role("button", name="Add the check-in").click()

    expect(page.get_by_text("Added the check-in for January 2027.")).to_be_visible()
    row = page.locator(f"#platform-{google.pk}")
    # 768.40 for 251 leads: €3.06 each; 56 conversions: €13.72 each.
    expect(row.locator('[data-platform-cost="leads"]')).to_have_text("€3.06")
    expect(row.locator('[data-platform-cost="conversions"]')).to_have_text("€13.72")
    expect(page.locator(f"#platform-{instagram.pk}")).to_contain_text("€7.17")
    expect(page.locator("#check-ins + ul")).to_contain_text(
        "Instagram ads: €702.35 spent · 98 leads at €7.17 each"
    )
    assert BudgetMonth.objects.get(line=instagram, month=JAN).actual == D("702.35")
    assert PlatformResult.objects.get(line=google).leads == 251
    screenshot("check-in-platforms-results-en")

    # The budget has the spend typed in the check-in, and what a lead cost on it so far:
    # 1,470.75 for 349 leads.
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/budget/?figure=actual")
    expect(page.locator(f'#line-{instagram.pk} input[name="2027-01"]')).to_have_value("702.35")
    expect(page.locator('[data-total="summary-actual-cost-per-lead"]')).to_have_text("€4.21")
    expect(page.locator('[data-total="summary-actual-cost-per-lead-note"]')).to_have_text(
        "paid platforms: €1,470.75 for 349 leads"
    )

    screenshot("check-in-platforms-budget-en")

    # A figure changed in the grid is the check-in's too.
    cell = page.locator(f'#line-{google.pk} input[name="2027-01"]')
    cell.fill("800")
    cell.press("Enter")
    expect(page.locator('[data-total="summary-actual-cost-per-lead"]')).to_have_text("€4.30")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/")
    page.get_by_role("link", name=re.compile("Edit Check-in for January 2027")).click()
    expect(
        page.get_by_role("group", name="Google Search ads").get_by_label("Spend (EUR)")
    ).to_have_value("800")
    screenshot("check-in-platforms-edit-en")


def test_the_check_in_in_persian(page, live_server, strategy, screenshot):
    google = strategy.budget_lines.get(name="Google Search ads")
    log_in(page, live_server, language="فارسی")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#add-check-in summary").click()
    spend = page.locator(f'[name="check_in-spend-{google.pk}"]')
    expect(spend).to_have_value("۷۶۸٫۴۰")
    page.locator('[name^="check_in-goal-"]').fill("۱۰۹")
    page.locator(f'[name="check_in-leads-{google.pk}"]').fill("۲۵۱")
    spend.fill("۷۷۰")
    # The platform's fields read from the right, like the page.
    legend = page.locator(f"#check_in-platform-{google.pk} legend").bounding_box()
    field = spend.bounding_box()
    assert legend["x"] + legend["width"] >= field["x"] + field["width"] - 1
    screenshot("check-in-platforms-form-fa")
    page.locator("#add-check-in button[type=submit]").click()
    expect(page.locator(f"#platform-{google.pk}")).to_contain_text("۳٫۰۷")  # 770 / 251
    assert BudgetMonth.objects.get(line=google, month=JAN).actual == D(770)
    screenshot("check-in-platforms-results-fa")
    check_in = strategy.check_ins.get()
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/check-ins/{check_in.pk}/edit/")
    expect(page.locator(f'[name="check_in-spend-{google.pk}"]')).to_have_value("۷۷۰")
    expect(page.locator(f'[name="check_in-leads-{google.pk}"]')).to_have_value("۲۵۱")
    screenshot("check-in-platforms-edit-fa")
