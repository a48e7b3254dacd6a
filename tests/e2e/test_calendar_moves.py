"""An editor moves pieces on the content calendar: dragged to another day, or with
the keyboard through a piece's Move menu; a move outside the horizon is refused
and the piece goes back. The calendar in English and in Persian (right to left)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from content_plan.models import ContentPiece
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.e2e.test_every_page import AXE, RUN_AXE
from tests.factories import ContentPieceFactory, MembershipFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(role=Role.EDITOR, user__username="planner")
    strategy = membership.strategy
    for title, day, status in (
        ("Gift guide", 4, "published"),
        ("Spring webinar", 10, "in_production"),
        ("Grind guide", 15, "planned"),
        ("Cold brew infographic", 22, "idea"),
    ):
        ContentPieceFactory(
            strategy=strategy, title=title, publish_date=datetime.date(2027, 3, day), status=status
        )
    ContentPieceFactory(
        strategy=strategy, title="Year in coffee", publish_date=datetime.date(2027, 12, 31)
    )
    log_in(page, live_server)
    return strategy


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("planner")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("button", name="planner")).to_be_visible()


@pytest.fixture
def blocked(page):
    """What the Content-Security-Policy refused, and script errors."""
    found = []
    page.on("console", lambda message: message.type == "error" and found.append(message.text))
    page.on("pageerror", lambda error: found.append(str(error)))
    return found


def day(page, iso):
    return page.locator(f'.calendar-day[data-date="{iso}"]')


def piece_named(page, title):
    return page.locator(".calendar-piece", has_text=title)


def test_a_piece_is_dragged_to_another_day(page, live_server, strategy, screenshot, blocked):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/?month=2027-03")
    expect(page.locator("#calendar-legend")).to_contain_text("In production")
    screenshot("calendar-en")
    piece_named(page, "Grind guide").drag_to(day(page, "2027-03-18"))
    expect(page.locator("#calendar-alerts")).to_have_text("Moved “Grind guide” to March 18, 2027.")
    expect(day(page, "2027-03-18")).to_contain_text("Grind guide")
    grind = ContentPiece.objects.get(title="Grind guide")
    assert (grind.publish_date, grind.edit_version) == (datetime.date(2027, 3, 18), 2)

    # Dragged again, from the version the first move brought back: no conflict.
    piece_named(page, "Grind guide").drag_to(day(page, "2027-03-19"))
    expect(page.locator("#calendar-alerts")).to_have_text("Moved “Grind guide” to March 19, 2027.")
    page.reload()
    expect(day(page, "2027-03-19")).to_contain_text("Grind guide")
    expect(day(page, "2027-03-15")).not_to_contain_text("Grind guide")
    assert not blocked, blocked


def test_a_drag_outside_the_horizon_puts_the_piece_back(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/?month=2027-12")
    piece_named(page, "Year in coffee").drag_to(day(page, "2028-01-01"))
    alert = page.locator("#calendar-alerts [role=alert]")
    expect(alert).to_contain_text("“Year in coffee” stays where it was")
    expect(alert).to_contain_text("inside the strategy's horizon")
    expect(day(page, "2027-12-31")).to_contain_text("Year in coffee")
    expect(day(page, "2028-01-01")).not_to_contain_text("Year in coffee")
    screenshot("calendar-refused-move")
    assert ContentPiece.objects.get(title="Year in coffee").publish_date == datetime.date(
        2027, 12, 31
    )


def test_a_piece_is_moved_with_the_keyboard(page, live_server, strategy, screenshot, blocked):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/?month=2027-03")
    piece_named(page, "Spring webinar").get_by_role("link").focus()
    page.keyboard.press("Tab")
    menu = page.get_by_role("button", name="Move, duplicate or edit “Spring webinar”")
    expect(menu).to_be_focused()
    page.keyboard.press("Enter")
    later = piece_named(page, "Spring webinar").get_by_role("button", name="A day later")
    expect(later).to_be_visible()
    screenshot("calendar-move-menu")
    while not later.evaluate("button => button === document.activeElement"):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#calendar-alerts")).to_have_text(
        "Moved “Spring webinar” to March 11, 2027."
    )
    expect(day(page, "2027-03-11")).to_contain_text("Spring webinar")
    expect(menu).to_be_focused()  # the keyboard stays with the piece

    # The menu's choices now count from the new day: a week later is the 18th.
    page.keyboard.press("Enter")
    week = piece_named(page, "Spring webinar").get_by_role("button", name="A week later")
    expect(week).to_have_attribute("value", "2027-03-18")
    week.focus()
    page.keyboard.press("Enter")
    expect(day(page, "2027-03-18")).to_contain_text("Spring webinar")
    webinar = ContentPiece.objects.get(title="Spring webinar")
    assert (webinar.publish_date, webinar.edit_version) == (datetime.date(2027, 3, 18), 3)
    assert not blocked, blocked


def test_the_calendar_reads_right_to_left_in_persian(page, live_server, strategy, screenshot):
    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/?month=2027-03")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(piece_named(page, "Grind guide")).to_be_visible()
    screenshot("calendar-fa")
    piece_named(page, "Grind guide").drag_to(day(page, "2027-03-17"))
    expect(page.locator("#calendar-alerts [role=status]")).to_contain_text("Grind guide")
    expect(day(page, "2027-03-17")).to_contain_text("Grind guide")
    assert ContentPiece.objects.get(title="Grind guide").publish_date == datetime.date(2027, 3, 17)
    assert re.search(r"[۰-۹]", page.locator("#calendar-alerts").inner_text())


@pytest.mark.parametrize("language", ["en", "fa"])
def test_the_calendar_and_its_menu_pass_axe(browser, live_server, strategy, language):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci")
    context = browser.new_context(bypass_csp=True)  # to let axe in
    context.add_init_script(path=str(AXE))
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/?month=2027-03")
    found = {"calendar": page.evaluate(RUN_AXE)}
    piece_named(page, "Grind guide").locator("[data-bs-toggle=dropdown]").click()
    expect(piece_named(page, "Grind guide").locator(".dropdown-menu")).to_be_visible()
    found["the Move menu"] = page.evaluate(RUN_AXE)
    context.close()
    assert not any(found.values()), found
