"""An editor gives a coherent action an owner and a due date; the strategy's
overview lists it as overdue until it is ticked done, beside the content due this
week, in English and in Persian on a phone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from report.models import CoherentAction
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import ContentPieceFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    strategy = membership.strategy
    today = timezone.localdate()
    CoherentAction.objects.create(strategy=strategy, title="Brief the PR agency")
    ContentPieceFactory(
        strategy=strategy, title="Spring brewing guide", due_date=today, owner=membership.user
    )
    return strategy


def log_in(page, live_server, language=None):
    if language:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_an_action_is_overdue_until_it_is_done(page, live_server, strategy, screenshot):
    overdue_on = timezone.localdate() - datetime.timedelta(days=3)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/consolidate/")
    page.get_by_role("link", name="Edit Brief the PR agency").click()
    page.get_by_label("Owner").select_option(label="marketer")
    page.get_by_label("Due date").fill(overdue_on.isoformat())
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#actions")).to_contain_text("Owner: marketer")

    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/")
    due = page.get_by_role("region", name="Who does what by when")
    expect(due.get_by_role("heading", name="Overdue (1)")).to_be_visible()
    overdue = due.locator("ul").first
    expect(overdue).to_contain_text("Brief the PR agency")
    expect(overdue).to_contain_text("marketer")
    expect(due.locator("ul").last).to_contain_text("Spring brewing guide")
    screenshot("due-work-overview")

    overdue.get_by_role("link", name="Brief the PR agency").click()
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/")
    expect(due.get_by_role("heading", name=re.compile("Overdue"))).to_have_count(0)
    expect(due).to_contain_text("Spring brewing guide")
    assert CoherentAction.objects.get(strategy=strategy).done


def test_the_overview_in_persian_on_a_phone(page, live_server, strategy, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "fa")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/")
    expect(page.get_by_text("Spring brewing guide")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    screenshot("due-work-overview-fa-phone")
