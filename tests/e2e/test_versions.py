"""An owner publishes the strategy, asks a viewer to approve it; the viewer
approves from their own browser; the owner compares the version with the draft
after the team has gone on working, in English and in Persian."""

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import BuyerPersonaFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(live_server):
    owner = MembershipFactory(role=Role.OWNER, user__username="olivia")
    MembershipFactory(strategy=owner.strategy, role=Role.VIEWER, user__username="victor")
    BuyerPersonaFactory(strategy=owner.strategy, name="Nadia")
    return owner.strategy


def log_in(page, live_server, username, language=None):
    if language:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_publish_ask_approve_compare(browser, page, live_server, strategy, screenshot):
    versions = f"{live_server.url}/strategies/{strategy.uuid}/versions/"
    log_in(page, live_server, "olivia")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/")
    page.get_by_role("link", name="Versions").first.click()
    page.get_by_label("Label").fill("budget agreed")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator("#version-title")).to_have_text("v1 — budget agreed")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()

    page.get_by_label("victor").check()
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator(".approval")).to_contain_text("Not answered yet")

    viewer = browser.new_context().new_page()
    log_in(viewer, live_server, "victor")
    viewer.goto(versions)
    viewer.get_by_role("link", name="v1 — budget agreed").click()
    expect(viewer.get_by_role("button", name="Publish")).to_have_count(0)
    viewer.get_by_label("Approve").check()
    viewer.get_by_label("Note").fill("Agreed with finance.")
    viewer.get_by_role("button", name="Send my answer").click()
    expect(viewer.locator(".approval")).to_contain_text("Approved")
    expect(viewer.locator(".approval")).to_contain_text("Agreed with finance.")
    viewer.context.close()

    BuyerPersonaFactory(strategy=strategy, name="Leila")  # the team goes on working
    page.goto(versions)
    expect(page.locator("#versions")).to_contain_text("1 of 1 approved")
    screenshot("en-versions-list")
    page.get_by_role("link", name="v1 — budget agreed").click()
    page.get_by_role("link", name="Compare with the draft").click()
    personas = page.locator("#diff-personas")
    expect(personas).to_contain_text("added")
    expect(personas).to_contain_text("Leila")
    screenshot("en-versions-compare")
    page.evaluate("window.print = () => { window.printed = true; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True

    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    page.reload()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("#diff-personas")).to_contain_text("Leila")
    screenshot("fa-versions-compare")
    page.goto(f"{versions}1/")
    screenshot("fa-versions-detail")
