"""A marketer audits content, records a gap, plans a piece for it and finds it on the calendar."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import BuyerPersonaFactory, GoalFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="marketer")
    BuyerPersonaFactory(strategy=membership.strategy, name="Subscription Sam")
    GoalFactory(strategy=membership.strategy, metric="Leads", marketing_goal="More leads")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("marketer")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    return membership.strategy


def audit(page, title, views, leads, verdict):
    add = page.locator("#add-audited")
    if add.get_attribute("open") is None:
        add.locator("summary").click()
    add.locator("#id_audit-title").fill(title)
    add.locator("#id_audit-format").select_option("blog_post")
    add.locator("#id_audit-persona").select_option(label="Subscription Sam")
    add.locator("#id_audit-views").fill(views)
    add.locator("#id_audit-leads").fill(leads)
    add.locator("#id_audit-verdict").select_option(verdict)
    add.get_by_role("button", name="Add to the audit").click()
    expect(page.get_by_role("row", name=re.compile(title))).to_be_visible()


def test_audit_gap_plan_calendar(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/")
    audit(page, "Brew guide", "41000", "290", "keep")
    audit(page, "Old gift guide", "1200", "900", "retire")
    rows = page.locator("#audit-table tbody tr")
    expect(rows.first).to_contain_text("Old gift guide")  # ranked by leads, the goal's metric
    screenshot("content-audit")

    page.get_by_role("link", name="Content gaps").click()
    page.locator("#add-gap summary").click()
    page.get_by_label("Persona").select_option(label="Subscription Sam")
    page.get_by_label("Funnel stage").select_option("consideration")
    page.get_by_label("Unanswered question or problem").fill("How much do I save?")
    page.get_by_label("Idea").fill("Savings calculator")
    page.get_by_role("button", name="Record the gap").click()
    expect(page.locator("strong", has_text="How much do I save?")).to_be_visible()
    expect(page.locator("#coverage td").nth(1)).to_contain_text("missing")

    page.get_by_role("button", name=re.compile("Plan a piece for it")).click()
    expect(page.locator("#id_title")).to_have_value("Savings calculator")
    page.get_by_label("Outsourced").check()
    page.locator("#id_budget").fill("2400")
    page.get_by_label("Due date").fill("2027-03-01")
    page.get_by_label("Publish date").fill("2027-03-04")
    page.locator("#id_status").select_option("planned")
    page.get_by_role("button", name="Save").click()
    planned = page.get_by_role("row", name=re.compile("Savings calculator"))
    expect(planned).to_contain_text("2,400.00")
    expect(page.locator("[data-total=budget]")).to_have_text("2,400.00")

    page.get_by_role("link", name="Calendar").click()
    page.goto(f"{page.url}?month=2027-03")
    expect(page.get_by_role("heading", name="March 2027")).to_be_visible()
    expect(page.get_by_role("link", name="Savings calculator")).to_be_visible()
    page.get_by_role("button", name="Create my calendar link").click()
    expect(page.get_by_label("Your private calendar link")).to_have_value(re.compile(r"\.ics$"))
    screenshot("content-calendar")


def test_a_long_audit_and_a_long_plan_read_a_page_at_a_time(
    page, live_server, strategy, screenshot
):
    import datetime

    from content_plan.models import AuditedPiece, ContentPiece

    AuditedPiece.objects.bulk_create(
        AuditedPiece(strategy=strategy, title=f"Piece {n:02}", format="blog_post", leads=900 - n)
        for n in range(30)
    )
    ContentPiece.objects.bulk_create(
        ContentPiece(
            strategy=strategy,
            title=f"Planned {n:02}",
            publish_date=datetime.date(2027, 1, 1 + n % 28),
        )
        for n in range(45)
    )
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/")
    nav = page.get_by_role("navigation", name="Pages of the audit")
    expect(nav).to_contain_text("Page 1 of 2")
    nav.get_by_role("link", name="Next").click()
    rows = page.locator("#audit-table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first.locator("td").first).to_have_text("26")  # one ranking across pages
    expect(rows.last).to_contain_text("worst")
    screenshot("content-audit-page-2")

    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/document/")
    expect(
        page.get_by_text("and 35 more pieces this month, in the PDF and the workbook")
    ).to_be_visible()
    expect(page.get_by_text("Planned 00")).to_be_visible()  # first by publish date
    expect(page.get_by_text("Planned 27")).to_have_count(0)  # the 28th, past the first ten
    screenshot("preview-long-plan")
