"""Two editors change the same piece or persona at once; the second sees both versions."""

import re

import pytest
from playwright.sync_api import expect

from assets.models import Asset
from content_plan.models import ContentPiece
from personas.models import BuyerPersona
from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.e2e


def log_in(page, live_server, username, language=None):
    page.goto(f"{live_server.url}/accounts/login/")
    if language:
        page.get_by_role("button", name=re.compile("Language")).click()
        page.get_by_role("button", name=language).click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main h1, main h2").first).to_be_visible()


def save_screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def editors(page, browser, live_server):
    """The strategy, the first editor's page and a second editor in a browser of their own."""
    first = MembershipFactory(role=Role.EDITOR, user__username="amir")
    MembershipFactory(strategy=first.strategy, role=Role.EDITOR, user__username="bianca")
    context = browser.new_context()
    second = context.new_page()
    yield first.strategy, page, second
    context.close()


def test_two_editors_save_the_same_piece(live_server, editors):
    strategy, first, second = editors
    piece = ContentPieceFactory(strategy=strategy, title="Grind guide", reason="Answers a FAQ")
    log_in(first, live_server, "amir")
    log_in(second, live_server, "bianca")
    edit_url = f"{live_server.url}/strategies/{strategy.uuid}/content/plan/{piece.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Title").fill("Grind guide for beginners")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Saved “Grind guide for beginners”.")).to_be_visible()

    second.get_by_label("Title").fill("The grind guide")
    second.get_by_label("Status").select_option("published")
    second.get_by_label("Why it is made").fill("Answers the most common question\nin the shop")
    second.get_by_role("button", name="Save").click()

    panel = second.locator(".edit-conflict")
    expect(panel).to_contain_text("Someone else changed “Grind guide for beginners”")
    rows = panel.locator("tbody tr")
    expect(rows).to_have_count(1)  # the title, changed by both; the rest only by this editor
    expect(rows.filter(has_text="Title")).to_contain_text("Grind guide for beginners")
    expect(rows.filter(has_text="Title")).to_contain_text("The grind guide")
    expect(second.get_by_label("Status")).to_have_value("published")  # mine, still in the form
    assert ContentPiece.objects.get(pk=piece.pk).status == "planned"
    save_screenshot(second, "edit-conflict-en")

    second.get_by_label("Title").fill("Grind guide for beginners")  # take over theirs
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_text("Saved “Grind guide for beginners”.")).to_be_visible()
    stored = ContentPiece.objects.get(pk=piece.pk)
    assert (stored.title, stored.status) == ("Grind guide for beginners", "published")


def test_two_editors_changing_different_fields_both_keep_their_changes(live_server, editors):
    strategy, first, second = editors
    piece = ContentPieceFactory(strategy=strategy, title="Grind guide", status="idea")
    log_in(first, live_server, "amir")
    log_in(second, live_server, "bianca")
    edit_url = f"{live_server.url}/strategies/{strategy.uuid}/content/plan/{piece.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Title").fill("Grind guide for beginners")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("Saved “Grind guide for beginners”.")).to_be_visible()
    second.get_by_label("Status").select_option("published")
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_text("Saved “Grind guide”.")).to_be_visible()

    stored = ContentPiece.objects.get(pk=piece.pk)
    assert (stored.title, stored.status) == ("Grind guide for beginners", "published")


def test_the_conflict_reads_right_to_left_in_persian(live_server, editors):
    strategy, first, second = editors
    persona = BuyerPersonaFactory(strategy=strategy, name="Home-brew Hannah", location="Berlin")
    log_in(first, live_server, "amir")
    log_in(second, live_server, "bianca", language="فارسی")
    edit_url = f"{live_server.url}/strategies/{strategy.uuid}/personas/{persona.pk}/edit/"
    first.goto(edit_url)
    second.goto(edit_url)
    expect(second.locator("html")).to_have_attribute("dir", "rtl")

    first.locator("#id_name").fill("هانا، دم‌آورِ خانگی")
    first.get_by_role("button", name="Save persona").click()
    expect(first.locator(".alert-success")).to_be_visible()

    second.locator("#id_name").fill("هانا")
    second.locator("#id_location").fill("تهران")
    second.locator("main form button[type=submit]").click()
    panel = second.locator(".edit-conflict")
    expect(panel).to_contain_text("هانا، دم‌آورِ خانگی")
    expect(second.locator("#id_location")).to_have_value("تهران")
    # Mirrored: the field names stand in the right-hand column, the panel's text starts right.
    headers = panel.locator("thead th")
    assert headers.first.bounding_box()["x"] > headers.last.bounding_box()["x"]
    assert BuyerPersona.objects.get(pk=persona.pk).location == "Berlin"
    save_screenshot(second, "edit-conflict-fa")

    second.locator("main form button[type=submit]").click()
    expect(second.locator(".alert-success")).to_be_visible()
    stored = BuyerPersona.objects.get(pk=persona.pk)
    assert (stored.name, stored.location) == ("هانا", "تهران")  # saved again: theirs replaced


def test_a_note_saved_twice_in_place_is_no_conflict(page, live_server, editors):
    strategy, first, _second = editors
    source = AssetFactory(strategy=strategy, name="Google reviews")
    log_in(first, live_server, "amir")
    first.goto(f"{live_server.url}/strategies/{strategy.uuid}/channels/earned/")
    card = first.locator(f"#asset-{source.pk}")
    notes = ["Shoppers compare roasters here", "Shoppers compare and trust stars"]
    for version, note in enumerate(notes, start=2):
        card.get_by_label("Why it works").fill(note)
        card.get_by_role("button", name="Save").click()
        # The answer brings the form the new version, so the next save is no conflict.
        expect(card.locator(f"#id_why{source.pk}-edit_version")).to_have_value(str(version))
        expect(card.get_by_role("status")).to_have_text("Saved.")
    assert Asset.objects.get(pk=source.pk).why_it_works == "Shoppers compare and trust stars"
