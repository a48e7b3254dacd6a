"""An editor gives the document the organisation's colour and logo from the
document page; the cover on screen shows them; in Persian too."""

import pytest
from playwright.sync_api import expect

from report.models import DocumentBrand
from strategy_planner.models import Role
from tests.e2e.test_versions import log_in
from tests.factories import MembershipFactory
from tests.report.test_brand import png

pytestmark = pytest.mark.e2e


def test_an_editor_sets_the_documents_look(page, live_server, tmp_path, screenshot):
    editor = MembershipFactory(role=Role.EDITOR, user__username="ioana")
    strategy = editor.strategy
    logo = tmp_path / "logo.png"
    logo.write_bytes(png(300, 120))
    log_in(page, live_server, "ioana")
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/document/")
    page.get_by_role("link", name="The document’s look: logo and colour").click()
    page.get_by_label("Brand colour").fill("#6f4e37")
    page.get_by_label("Logo").set_input_files(str(logo))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("The document’s look is saved.")
    expect(page.locator(".document-look-sample img.cover-logo")).to_be_visible()
    screenshot("en-document-look")
    assert DocumentBrand.objects.get(strategy=strategy).colour == "#6f4e37"

    page.get_by_role("link", name="Back to the document").click()
    cover = page.locator("#cover")
    expect(cover.locator("img.cover-logo")).to_be_visible()
    title = cover.locator(".cover-title")
    expect(title).to_have_css("color", "rgb(111, 78, 55)")

    page.context.add_cookies([{"name": "django_language", "value": "fa", "url": live_server.url}])
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/document/look/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".document-look-sample img.cover-logo")).to_be_visible()
    screenshot("fa-document-look")
