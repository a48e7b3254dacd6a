"""Nothing typed is lost: leaving a changed form asks first, long texts come back
as drafts, a double click saves once, and the live check leaves the focus alone
(static/js/unsaved.js, static/js/app.js)."""

import re

import pytest
from django.utils.http import urlencode
from playwright.sync_api import expect

from strategy_planner.funnel import EXAMPLE
from strategy_planner.models import Goal
from tests.e2e.test_personas_and_goals import logged_in  # noqa: F401 (a fixture)
from tests.factories import MessageSequenceFactory

pytestmark = pytest.mark.e2e


@pytest.fixture
def strategy(logged_in):  # noqa: F811 (the fixture imported above)
    """The marketer's strategy, logged in as its owner (as the goals' browser test)."""
    return logged_in


class Prompts(list):
    """The dialogs a page showed, by type; each is answered "stay" unless ``leave``."""

    leave = False


@pytest.fixture
def dialogs(page):
    seen = Prompts()

    def handle(dialog):
        seen.append(dialog.type)
        if seen.leave:
            dialog.accept()
        else:
            dialog.dismiss()

    page.on("dialog", handle)
    return seen


def test_leaving_a_half_filled_persona_asks_first(page, live_server, strategy, dialogs):
    base = f"{live_server.url}/strategies/{strategy.uuid}"
    page.goto(f"{base}/personas/new/")
    name = page.get_by_label("Name")
    name.click()
    name.press_sequentially("Home-brew Hannah")
    page.get_by_role("link", name=re.compile("Next: Goals and measurement")).click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    expect(page).to_have_url(re.compile(r"/personas/new/$"))
    expect(name).to_have_value("Home-brew Hannah")
    expect(page.locator("main form[data-changed]")).to_have_count(1)

    # A link of the main menu asks too; saving does not.
    page.get_by_role("link", name="Glossary").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload", "beforeunload"]
    page.get_by_role("button", name="Save persona").click()
    expect(page.get_by_text("Say where the facts come from")).to_be_visible()
    assert len(dialogs) == 2

    # Another form sent (the language menu) asks too; stay, and it can be sent again.
    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="Română").click()
    page.wait_for_timeout(300)
    assert len(dialogs) == 3
    expect(name).to_have_value("Home-brew Hannah")
    expect(page.locator("button[name=language][value=ro]")).to_be_enabled()
    dialogs.pop()

    # Come back with an error, what was typed is still unsaved: leaving asks.
    page.get_by_role("link", name="Glossary").click()
    page.wait_for_timeout(300)
    assert len(dialogs) == 3
    expect(name).to_have_value("Home-brew Hannah")
    page.get_by_label("Survey").check()
    page.get_by_role("button", name="Save persona").click()
    expect(page.get_by_role("link", name="Add a persona")).to_be_visible()
    assert len(dialogs) == 3

    # A GET form (the funnel calculator) never asks.
    page.goto(f"{base}/goals/")
    page.get_by_label("Revenue target").press_sequentially("288000")
    page.get_by_role("link", name="Glossary").click()
    expect(page).to_have_url(re.compile(r"/glossary/$"))
    assert len(dialogs) == 3


def test_the_save_button_works_again_back_on_the_page(page, live_server, strategy, dialogs):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/personas/new/")
    page.get_by_label("Name").fill("Home-brew Hannah")
    page.get_by_label("Survey").check()
    save = page.get_by_role("button", name="Save persona")
    save.click()
    expect(page.get_by_role("link", name="Add a persona")).to_be_visible()
    page.go_back()
    expect(save).to_be_enabled()
    assert dialogs == []


def test_a_draft_of_the_kernel_comes_back_until_saved(
    page, live_server, strategy, dialogs, screenshot
):
    dialogs.leave = True
    url = f"{live_server.url}/strategies/{strategy.uuid}/consolidate/"
    page.goto(url)
    diagnosis = page.get_by_label("Diagnosis")
    diagnosis.click()
    diagnosis.press_sequentially("Shoppers leave at the delivery costs.")
    page.reload()
    expect(diagnosis).to_have_value("Shoppers leave at the delivery costs.")
    note = page.locator("[data-draft-note]")
    expect(note).to_have_text(re.compile("Restored your unsaved draft"))
    screenshot("draft-restored")

    # Discarded, it is gone for good.
    note.get_by_role("button", name="Discard the draft").click()
    expect(diagnosis).to_have_value("")
    expect(note).to_have_count(0)
    page.reload()
    expect(diagnosis).to_have_value("")
    expect(note).to_have_count(0)

    # Saved, it is no draft any more.
    diagnosis.press_sequentially("Delivery costs scare buyers.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    page.goto(url)
    expect(diagnosis).to_have_value("Delivery costs scare buyers.")
    expect(note).to_have_count(0)


def test_a_draft_of_a_persona_list_comes_back_into_its_list(page, live_server, strategy, dialogs):
    dialogs.leave = True
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/personas/new/")
    goals = page.get_by_role("group", name="Goals")
    goals.get_by_role("button", name="Add").click()
    page.keyboard.type("Learn to taste origins")
    page.reload()
    expect(goals.get_by_role("textbox")).to_have_count(1)
    expect(goals.get_by_role("textbox")).to_have_value("Learn to taste origins")
    expect(page.locator("[data-draft-note]")).to_have_count(1)
    page.get_by_role("button", name="Discard the draft").click()
    expect(goals.get_by_role("textbox")).to_have_count(0)


def test_a_double_click_on_save_as_a_goal_makes_one_goal(page, live_server, strategy, screenshot):
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/goals/?{urlencode(EXAMPLE)}#funnel")
    page.get_by_role("button", name="Save as a goal").dblclick()
    expect(page.get_by_text("Saved the funnel as a goal")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Generate 75,000 leads"))).to_have_count(1)
    assert Goal.objects.filter(strategy=strategy).count() == 1
    screenshot("funnel-saved-once")


def test_the_live_check_leaves_the_focus_where_the_user_types(page, live_server, strategy, dialogs):
    sequence = MessageSequenceFactory(strategy=strategy, name="Cart rescue")
    page.goto(
        f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/{sequence.pk}/steps/new/"
    )
    channel = page.locator("#id_channel")
    text = page.locator("#id_text")
    checks = re.compile(r"/check/$")
    held = []  # a live check held back until the test lets it through

    def hold(route):
        if held and held[-1] is None:
            held[-1] = route
        else:
            route.continue_()

    page.route(checks, hold)

    # A choice starts a check at once; while it runs the user goes on to the
    # text and types; the check's answer comes in; the user types on.
    held.append(None)
    channel.focus()
    with page.expect_request(checks):
        page.keyboard.press("ArrowDown")  # the next channel, chosen with the keyboard
    chosen = channel.input_value()
    text.click()
    page.keyboard.insert_text("Your cart")
    with page.expect_response(checks):
        held[-1].continue_()
    page.wait_for_timeout(60)  # the swap settles
    page.keyboard.type(" is waiting")
    expect(text).to_be_focused()
    expect(text).to_have_value("Your cart is waiting")
    expect(channel).to_have_value(chosen)

    # Leaving the text for the next field while its check runs.
    media = page.locator("#id_media_url")
    held.append(None)
    with page.expect_request(checks):
        page.keyboard.type(".")
    media.click()
    page.keyboard.type("https://exa")
    with page.expect_response(checks):
        held[-1].continue_()
    expect(page.locator("#step-check")).to_contain_text("Your cart is waiting.")
    page.wait_for_timeout(60)
    page.keyboard.type("mple.com/beans.png")
    expect(media).to_be_focused()
    expect(media).to_have_value("https://example.com/beans.png")
    expect(text).to_have_value("Your cart is waiting.")

    # Typing on in one field while checks come and go.
    text.click()
    text.press("End")
    for word in [" Still", " thinking", " it", " over?"]:
        page.keyboard.type(word, delay=40)
        page.wait_for_timeout(350)
    expect(text).to_have_value("Your cart is waiting. Still thinking it over?")
    expect(text).to_be_focused()


def test_a_draft_of_a_message_comes_back_and_is_checked(page, live_server, strategy, dialogs):
    dialogs.leave = True
    sequence = MessageSequenceFactory(strategy=strategy, name="Cart rescue")
    page.goto(
        f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/{sequence.pk}/steps/new/"
    )
    page.locator("#id_channel").select_option("messenger")
    page.locator("#id_text").click()
    page.keyboard.type("Your cart misses you, {{nickname}}")
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(re.compile(rf"/sequences/{sequence.pk}/$"))
    assert dialogs == ["beforeunload"]

    page.go_back()
    expect(page.locator("#id_text")).to_have_value("Your cart misses you, {{nickname}}")
    expect(page.locator("[data-draft-note]")).to_be_visible()
    # The live check reads the draft put back: the unknown token is named.
    expect(page.locator("#step-problems")).to_contain_text("nickname")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved as a draft with problems to fix")).to_be_visible()
    page.goto(
        f"{live_server.url}/strategies/{strategy.uuid}/content/sequences/{sequence.pk}/steps/new/"
    )
    expect(page.locator("#id_text")).to_have_value("")
    expect(page.locator("[data-draft-note]")).to_have_count(0)
