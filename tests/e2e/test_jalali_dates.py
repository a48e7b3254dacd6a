"""A Persian marketer who reads Jalali dates plans a piece with the Jalali picker
and finds it on the content calendar, drawn in Jalali months from Saturday."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from content_plan.models import ContentPiece
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_every_page import AXE, RUN_AXE
from tests.factories import ContentPieceFactory, MembershipFactory

pytestmark = pytest.mark.e2e

NOWRUZ_2027 = datetime.date(2027, 3, 21)  # 1 Farvardin 1406


def fa(text: str) -> str:
    """Text as a Persian page writes it: figures and dates in Persian digits."""
    return text.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


@pytest.fixture
def strategy(page, live_server):
    membership = MembershipFactory(
        role=Role.EDITOR,
        user__username="shirin",
        strategy__start_date=NOWRUZ_2027,
        strategy__end_date=datetime.date(2027, 12, 31),
    )
    ContentPieceFactory(
        strategy=membership.strategy, title="Nowruz greetings", publish_date=NOWRUZ_2027
    )
    log_in(page, live_server)
    return membership.strategy


def log_in(page, live_server) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("shirin")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()


def choose_from_the_language_menu(page, opener: str, entry: str) -> None:
    page.get_by_role("button", name=opener).click()
    page.get_by_role("button", name=entry, exact=True).click()


def day_cell(page, day: datetime.date):
    return page.locator("td", has=page.locator(f'time[datetime="{day.isoformat()}"]'))


def test_jalali_calendar_and_date_entry(page, live_server, strategy, screenshot):
    blocked = []  # what the Content-Security-Policy refused, and script errors
    page.on("console", lambda message: message.type == "error" and blocked.append(message.text))
    page.on("pageerror", lambda error: blocked.append(str(error)))

    calendar = f"{live_server.url}/strategies/{strategy.uuid}/content/calendar/"
    page.goto(calendar)
    choose_from_the_language_menu(page, "Language", "فارسی")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    choose_from_the_language_menu(page, "زبان", "هجری شمسی (جلالی)")

    # The horizon starts on Nowruz: Farvardin 1406, weeks from Saturday.
    expect(page.locator("#calendar-month")).to_have_text(fa("فروردین 1406"))
    headers = page.locator("table.calendar thead th")
    expect(headers.first).to_have_text("شنبه")
    expect(headers.last).to_have_text("جمعه")
    nowruz = day_cell(page, NOWRUZ_2027)
    expect(nowruz.locator("time")).to_have_text(fa("1"))
    expect(nowruz.get_by_role("link", name="Nowruz greetings")).to_be_visible()
    expect(page.locator("table.calendar tbody tr").first.locator("td").nth(1)).to_have_text(
        re.compile(r"^\s*۱\s")
    )  # Saturday 29 Esfand, then Sunday 1 Farvardin
    screenshot("jalali-calendar-farvardin")

    page.get_by_role("link", name="ماه بعد").click()
    expect(page.locator("#calendar-month")).to_have_text(fa("اردیبهشت 1406"))
    assert "month=1406-02&calendar=jalali" in page.url
    page.get_by_role("link", name="ماه قبل").click()
    page.get_by_role("link", name="ماه قبل").click()
    expect(page.locator("#calendar-month")).to_have_text(fa("اسفند 1405"))
    expect(day_cell(page, datetime.date(2027, 3, 20)).locator("time")).to_have_text(fa("29"))

    # A new piece: the publish date typed in Persian digits, the due date picked.
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/plan/new/")
    page.locator("#id_title").fill("Spring sale")
    publish = page.locator("#id_publish_date")
    expect(publish).to_have_attribute("type", "text")
    publish.fill("۱۴۰۶/۰۱/۱۵")
    gregorian = page.locator('[data-gregorian-of="id_publish_date"]')
    expect(gregorian).to_be_visible()
    expect(gregorian.locator("[data-date]")).to_have_attribute("data-date", "2027-04-04")
    expect(gregorian).to_contain_text("2027")  # written by the page as it is typed

    page.locator("#id_due_date").click()
    picker = page.locator("jdp-container")  # the picker's own element
    expect(picker).to_be_visible()
    picker.locator(".jdp-years select").select_option("1406")
    picker.locator(".jdp-months select").select_option("1")
    page.wait_for_timeout(400)  # the picker fades in
    # The picker is fixed to the window: a full-page capture would draw it astray.
    page.screenshot(path=str(ARTIFACTS / "jalali-date-picker.png"))
    picker.locator(".jdp-day:not(.not-in-month)", has_text=re.compile("^۱۰$")).click()
    expect(page.locator("#id_due_date")).to_have_value("1406/01/10")
    expect(page.locator('[data-gregorian-of="id_due_date"] [data-date]')).to_have_attribute(
        "data-date", "2027-03-30"
    )
    screenshot("jalali-date-entry")
    page.locator("main form button[type=submit]").last.click()

    piece = ContentPiece.objects.get(title="Spring sale")
    assert (piece.due_date, piece.publish_date) == (
        datetime.date(2027, 3, 30),
        datetime.date(2027, 4, 4),
    )
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/content/plan/{piece.pk}/edit/")
    expect(page.locator("#id_publish_date")).to_have_value("1406/01/15")

    page.goto(calendar)
    sale = day_cell(page, datetime.date(2027, 4, 4))
    expect(sale.locator("time")).to_have_text(fa("15"))
    expect(sale.get_by_role("link", name="Spring sale")).to_be_visible()
    assert not blocked, blocked


def test_the_jalali_pages_and_the_picker_pass_axe(browser, live_server, strategy):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm ci")
    context = browser.new_context(bypass_csp=True)  # to let axe in
    context.add_init_script(path=str(AXE))
    context.add_cookies(
        [
            {"name": "django_language", "value": "fa", "url": live_server.url},
            {"name": "calendar", "value": "jalali", "url": live_server.url},
        ]
    )
    page = context.new_page()
    log_in(page, live_server)
    home = f"{live_server.url}/strategies/{strategy.uuid}"
    found = {}
    for path in ("/content/calendar/", "/content/plan/new/", "/basics/"):
        page.goto(home + path)
        found[path] = page.evaluate(RUN_AXE)
    page.goto(home + "/content/plan/new/")
    page.locator("#id_due_date").click()
    expect(page.locator("jdp-container")).to_be_visible()
    page.wait_for_timeout(400)  # the picker fades in
    found["the picker"] = page.evaluate(RUN_AXE)
    context.close()
    assert not any(found.values()), found
