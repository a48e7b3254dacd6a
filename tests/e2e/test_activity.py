"""An editor changes a goal and deletes a persona; a viewer opens the activity
page and reads who did it, which fields, and follows the link to the goal; in
Persian too."""

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Profile, Role
from tests.e2e.test_versions import log_in
from tests.factories import BuyerPersonaFactory, GoalFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(live_server):
    editor = MembershipFactory(role=Role.EDITOR, user__username="ioana")
    Profile.objects.create(user=editor.user, display_name="Ioana Popescu")
    MembershipFactory(strategy=editor.strategy, role=Role.VIEWER, user__username="victor")
    GoalFactory(strategy=editor.strategy, marketing_goal="More leads", target=100)
    BuyerPersonaFactory(strategy=editor.strategy, name="Nadia")
    return editor.strategy


def test_who_changed_what_reads_on_the_activity_page(
    browser, page, live_server, strategy, screenshot
):
    base = f"{live_server.url}/strategies/{strategy.uuid}"
    editor = browser.new_context().new_page()
    log_in(editor, live_server, "ioana")
    goal = strategy.goals.get()
    editor.goto(f"{base}/goals/{goal.pk}/edit/")
    editor.locator("#id_target").fill("150")
    editor.get_by_role("button", name="Save").click()
    expect(editor.locator(".alert-success")).to_contain_text("Goal saved")
    persona = strategy.personas.get()
    editor.goto(f"{base}/personas/{persona.pk}/delete/")
    editor.locator("main form button[type=submit]").click()
    expect(editor.locator(".alert-success")).to_be_visible()
    editor.context.close()

    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server, "victor")
    page.goto(f"{base}/")
    page.get_by_role("link", name="Activity").click()
    entries = page.locator(".activity-entry")
    expect(entries).to_have_count(2)
    expect(entries.nth(0)).to_contain_text("Ioana Popescu deleted the buyer persona Nadia")
    expect(entries.nth(1)).to_contain_text("Ioana Popescu changed the goal More leads")
    expect(entries.nth(1)).to_contain_text("Fields: target")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("en-activity-390")
    entries.nth(1).get_by_role("link", name="More leads").click()
    expect(page).to_have_url(f"{base}/goals/#goal-{goal.pk}")

    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    page.goto(f"{base}/versions/activity/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".activity-entry").nth(1)).to_contain_text("مقدار هدف")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("fa-activity-390")
