"""A marketer starts the budget from the paid media decisions and types it like a
spreadsheet: the keyboard moves between cells, Enter saves, a column pasted from a
spreadsheet fills the cells down, and the totals follow without the page being
drawn again, in English and in Persian, on a desktop and on a phone."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from assets.models import MediaAudit
from budget.models import BudgetLine
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import AssetFactory, MembershipFactory

pytestmark = pytest.mark.e2e

D = Decimal
PLATFORMS = [
    # name, kind, yearly spend, decision
    ("Google Search ads", "search_ads", "9300.00", "keep"),
    ("Instagram ads", "paid_social", "7800.00", "change"),
    ("Facebook ads", "paid_social", "3600.00", "drop"),
    ("LinkedIn sponsored posts", "sponsored", "1200.00", "try"),
]
PASTE = """(cell) => {
  const data = new DataTransfer();
  data.setData("text/plain", "%s");
  const paste = {clipboardData: data, bubbles: true, cancelable: true};
  cell.dispatchEvent(new ClipboardEvent("paste", paste));
}"""


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    strategy = membership.strategy
    MediaAudit.objects.create(
        strategy=strategy,
        period_start=datetime.date(2025, 11, 1),
        period_end=datetime.date(2026, 10, 31),
    )
    for name, kind, spend, decision in PLATFORMS:
        AssetFactory(
            strategy=strategy,
            name=name,
            media_type="paid",
            kind=kind,
            spend=D(spend),
            decision=decision,
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


def cell(page, line, month):
    return page.locator(f'#line-{line.pk} input[name="{month}"]')


def total(page, key):
    return page.locator(f'[data-total="{key}"]').first


def mark_page(page):
    """A mark that a reload would wipe: the page is still the one drawn at first."""
    page.evaluate("() => { window.notReloaded = true; }")


def still_same_page(page):
    assert page.evaluate("() => window.notReloaded === true")


def test_the_budget_is_typed_like_a_spreadsheet(page, live_server, strategy, screenshot):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/")
    page.get_by_role("link", name="Budget", exact=True).first.click()  # the header's
    expect(page.get_by_text("No budget yet.")).to_be_visible()
    page.get_by_role("button", name="Start from the paid decisions and the content plan").click()
    expect(page.get_by_text("Added 4 lines from the paid media decisions")).to_be_visible()

    search = strategy.budget_lines.get(name="Google Search ads")
    instagram = strategy.budget_lines.get(name="Instagram ads")
    linkedin = strategy.budget_lines.get(name="LinkedIn sponsored posts")
    assert not strategy.budget_lines.filter(name="Facebook ads").exists()  # dropped
    expect(cell(page, search, "2027-01")).to_have_value("775")  # 9,300 over 12 months
    expect(total(page, "all-total-planned")).to_have_text("18,300.00")
    mark_page(page)

    # Type, Enter saves and goes down; the totals follow.
    january = cell(page, search, "2027-01")
    january.click()
    january.press("Control+a")
    page.keyboard.type("1000")
    page.keyboard.press("Enter")
    expect(cell(page, instagram, "2027-01")).to_be_focused()
    expect(total(page, f"l{search.pk}-total-planned")).to_have_text("9,525.00")
    expect(total(page, "all-2027-q1-planned")).to_have_text("4,800.00")
    expect(total(page, "summary-planned")).to_have_text("€18,525.00")

    # The arrows and Tab move between cells; a cell left after a change saves its row.
    page.keyboard.press("ArrowRight")
    expect(cell(page, instagram, "2027-02")).to_be_focused()
    page.keyboard.press("Tab")
    expect(cell(page, instagram, "2027-03")).to_be_focused()
    page.keyboard.type("0")
    page.keyboard.press("Shift+Tab")
    expect(cell(page, instagram, "2027-02")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(cell(page, search, "2027-02")).to_be_focused()
    expect(total(page, f"l{instagram.pk}-2027-q1-planned")).to_have_text("1,300.00")

    # A column pasted from a spreadsheet fills the cells down, one line after another.
    cell(page, search, "2027-06").evaluate(PASTE % "1,200\\n800\\n150\\n")
    expect(cell(page, instagram, "2027-06")).to_have_value("800")
    expect(cell(page, linkedin, "2027-06")).to_have_value("150")
    expect(total(page, "all-2027-06-planned")).to_have_text("2,150.00")
    expect(total(page, "paid-2027-q2-planned")).to_have_text("5,200.00")
    still_same_page(page)
    screenshot("budget-planned")

    line = BudgetLine.objects.get(pk=linkedin.pk)
    assert line.months.get(month=datetime.date(2027, 6, 1)).planned == D(150)
    assert line.edit_version == 2

    # The actual figures, beside the plan, with the variance.
    page.get_by_role("link", name="Actual").click()
    mark_page(page)
    actual = cell(page, search, "2027-01")
    actual.click()
    page.keyboard.type("1080.50")
    page.keyboard.press("Enter")
    expect(total(page, f"l{search.pk}-variance")).to_have_text("+80.50 · +8.1%")
    expect(total(page, "summary-actual")).to_have_text("€1,080.50")

    # A figure that is not one is refused in its cell and kept as typed.
    wrong = cell(page, search, "2027-02")
    wrong.click()
    page.keyboard.type("-40")
    page.keyboard.press("Enter")
    expect(wrong).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Enter zero or more: spend is never negative.")).to_be_visible()
    expect(wrong).to_have_value("-40")
    still_same_page(page)
    screenshot("budget-actual")


def test_the_budget_in_persian_on_a_phone(page, live_server, strategy, screenshot):
    BudgetLine.objects.start(strategy)
    search = strategy.budget_lines.get(name="Google Search ads")
    instagram = strategy.budget_lines.get(name="Instagram ads")
    log_in(page, live_server, language="فارسی")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/budget/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(cell(page, search, "2027-01")).to_have_value("۷۷۵")
    mark_page(page)

    # Typed with Persian digits; in a right-to-left page the next month is to the left.
    january = cell(page, search, "2027-01")
    january.click()
    january.press("Control+a")
    page.keyboard.type("۱۰۰۰")
    page.keyboard.press("ArrowLeft")
    expect(cell(page, search, "2027-02")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(january).to_be_focused()
    page.keyboard.press("Enter")
    expect(cell(page, instagram, "2027-01")).to_be_focused()
    expect(total(page, f"l{search.pk}-total-planned")).to_have_text("۹٬۵۲۵٫۰۰")

    cell(page, search, "2027-03").evaluate(PASTE % "۱۲۰۰\\n۸۰۰")
    expect(cell(page, instagram, "2027-03")).to_have_value("۸۰۰")
    expect(total(page, "all-2027-03-planned")).to_have_text("۲٬۱۰۰٫۰۰")
    still_same_page(page)
    assert strategy.budget_lines.get(pk=search.pk).months.get(
        month=datetime.date(2027, 3, 1)
    ).planned == D(1200)
    screenshot("budget-fa-desktop")

    # On a phone the grid scrolls in its own box; the page never scrolls sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#budget-grid")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator(".budget-scroll")
    assert box.evaluate("(element) => element.scrollWidth > element.clientWidth")
    screenshot("budget-fa-phone")


def test_the_budget_on_a_phone_in_english(page, live_server, strategy, screenshot):
    BudgetLine.objects.start(strategy)
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/budget/?figure=actual")
    expect(page.locator("#budget-grid")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("budget-phone")


def test_without_javascript_each_line_is_a_form(browser, live_server, strategy):
    BudgetLine.objects.start(strategy)
    search = strategy.budget_lines.get(name="Google Search ads")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/budget/")
    january = cell(page, search, "2027-01")
    january.fill("999")
    january.press("Enter")
    expect(page.get_by_text("Saved “Google Search ads”.")).to_be_visible()
    expect(cell(page, search, "2027-01")).to_have_value("999")
    expect(total(page, f"l{search.pk}-total-planned")).to_have_text("9,524.00")
    context.close()
