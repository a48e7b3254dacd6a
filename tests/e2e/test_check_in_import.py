"""An editor imports an analytics tool's export of check-ins: says once which column
holds what, and the next export goes straight in; the step reads in Persian too."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import GoalFactory, MembershipFactory

pytestmark = pytest.mark.e2e

D = Decimal

EXPORT = (
    "Day,Event name,Event count\n"
    '2027-01-31,Form submissions,"1,180"\n'
    "2027-01-31,Sessions,9120\n"
    "2027-02-14,Form submissions,1204\n"
    "2027-02-28,Form submissions,1262\n"
    "2027-02-28,Cost of a lead,41.5\n"
)
MARCH = 'Day,Event name,Event count\n31/03/2027,Form submissions,"1,310"\n'


@pytest.fixture
def strategy(live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    strategy = membership.strategy
    for marketing_goal, metric, baseline, target, unit in (
        ("More website leads", "Website leads", 1000, 1600, "leads a month"),
        ("Cheaper leads", "Cost per lead", 50, 30, "EUR"),
    ):
        GoalFactory(
            strategy=strategy,
            marketing_goal=marketing_goal,
            metric=metric,
            baseline=baseline,
            target=target,
            unit=unit,
            deadline=datetime.date(2027, 6, 30),
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


def upload(page, text: str, name="analytics-export.csv"):
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": text.encode()}
    )
    page.locator("main form button[type=submit].btn-primary").click()


def test_an_export_is_mapped_once_then_read_at_once(page, live_server, strategy, screenshot):
    leads = strategy.goals.get(metric="Website leads")
    cost = strategy.goals.get(metric="Cost per lead")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/")
    page.get_by_role("link", name="Import check-ins from a CSV file").click()
    upload(page, EXPORT)

    expect(page.get_by_text("Say once which column of")).to_be_visible()
    long = page.get_by_label(re.compile("A row for each date and metric"))
    expect(long).to_be_checked()
    expect(page.get_by_label("Date or month")).to_have_value("Day")
    expect(page.get_by_label("Metric name")).to_have_value("Event name")
    # Only the chosen layout's choices show.
    leads_name = page.locator(f'select[name="map-name-{leads.pk}"]')
    expect(leads_name).to_be_visible()
    expect(page.locator(f'select[name="map-column-{leads.pk}"]')).to_be_hidden()
    page.get_by_label(re.compile("A column for each goal")).check()
    expect(leads_name).to_be_hidden()
    long.check()

    # By keyboard: each goal's metric name.
    leads_name.focus()
    leads_name.select_option("Form submissions")
    page.keyboard.press("Tab")
    expect(page.locator(f'select[name="map-name-{cost.pk}"]')).to_be_focused()
    page.locator(f'select[name="map-name-{cost.pk}"]').select_option("Cost of a lead")
    screenshot("check-in-import-mapping-en")
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Imported: 2 check-ins added, 0 replaced.")).to_be_visible()
    expect(page.get_by_text("Left out, as no goal is mapped to them: Sessions.")).to_be_visible()
    found = {c.month.month: c.actuals() for c in strategy.check_ins.all()}
    assert found == {1: {leads.pk: D(1180)}, 2: {leads.pk: D(1262), cost.pk: D("41.5")}}

    # Next month's export: straight in, and the page says how it was read.
    page.get_by_role("link", name="Import check-ins from a CSV file").click()
    upload(page, MARCH)
    expect(page.get_by_text("Imported: 1 check-in added, 0 replaced.")).to_be_visible()
    expect(page.get_by_text(re.compile("Read with the columns you mapped on"))).to_be_visible()
    assert strategy.check_ins.get(month=datetime.date(2027, 3, 1)).actuals() == {leads.pk: 1310}
    page.get_by_role("link", name="Change the mapping").click()
    expect(page.get_by_text(re.compile("You mapped these columns on"))).to_be_visible()
    expect(leads_name).to_have_value("Form submissions")


def test_the_mapping_step_in_persian(page, live_server, strategy, screenshot):
    log_in(page, live_server, language="فارسی")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/results/check-ins/import/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    upload(page, EXPORT)
    expect(page.locator("#check-in-mapping")).to_be_visible()
    screenshot("check-in-import-mapping-fa")
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("check-in-import-mapping-fa-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
