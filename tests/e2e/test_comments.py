"""A viewer asks about a persona and mentions a colleague picked from the list;
the step's count shows in the navigation until the thread is resolved; the same
thread in Persian."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import BuyerPersonaFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(live_server):
    viewer = MembershipFactory(role=Role.VIEWER, user__username="manager")
    strategy = viewer.strategy
    MembershipFactory(
        strategy=strategy, role=Role.EDITOR, user__username="ioana", user__email="ioana@example.com"
    )
    BuyerPersonaFactory(strategy=strategy, name="Home-brew Hannah")
    return strategy


def log_in(page, live_server, language=None):
    if language:
        page.context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("manager")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def test_a_thread_with_a_mention_counts_until_resolved(page, live_server, strategy, screenshot):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/personas/")
    nav = page.locator("#wizard-steps")
    expect(nav.locator("[data-step-comments]")).to_have_count(0)
    page.locator("#persona-list").get_by_role("link", name="Comment").click()
    expect(page.get_by_role("heading", name="Comments on “Home-brew Hannah”")).to_be_visible()

    page.get_by_label("Comment", exact=True).fill("Is her income from the survey? ")
    page.get_by_label("Mention a member").select_option(label="ioana (@ioana)")
    expect(page.get_by_label("Comment", exact=True)).to_have_value(
        "Is her income from the survey? @ioana "
    )
    page.get_by_role("button", name="Add the comment").click()

    thread = page.locator(".comment-thread")
    expect(thread).to_contain_text("Is her income from the survey? @ioana")
    expect(thread).to_contain_text("Open")
    expect(nav.locator('[data-step-comments="personas"]')).to_contain_text("1")
    (sent,) = mail.outbox
    assert sent.to == ["ioana@example.com"]
    assert Comment.objects.get().mentions.get().username == "ioana"
    screenshot("comments-thread")

    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/personas/")
    expect(page.locator("#persona-list")).to_contain_text("1 open comment")
    expect(nav.locator('[data-step-comments="personas"]')).to_contain_text("1")
    page.get_by_role("link", name="Comments", exact=True).click()
    expect(page.get_by_role("heading", name="Open comments")).to_be_visible()
    page.get_by_role("link", name="Home-brew Hannah").click()

    page.get_by_role("button", name="Reply").last.click()  # empty: refused, nothing lost
    page.get_by_label("Reply").fill("I'll check with the survey team.")
    page.get_by_role("button", name="Reply").last.click()
    expect(thread).to_contain_text("I'll check with the survey team.")
    page.get_by_role("button", name="Resolve").click()
    expect(thread).to_contain_text("Resolved by manager")
    expect(page.locator("#wizard-steps [data-step-comments]")).to_have_count(0)
    screenshot("comments-resolved")


def test_the_thread_in_persian(page, live_server, strategy, screenshot):
    log_in(page, live_server, language="fa")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/comments/on/step-personas/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.locator("#id_new-text").fill("منبع این پرسونا نظرسنجی مشتریان است؟")
    page.locator("#id_new-mention").select_option(label="ioana (@ioana)")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".comment-thread")).to_contain_text(
        "منبع این پرسونا نظرسنجی مشتریان است؟ @ioana"
    )
    expect(page.locator('#wizard-steps [data-step-comments="personas"]')).to_be_visible()
    screenshot("comments-thread-fa")
