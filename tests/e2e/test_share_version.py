"""An owner shares a published version with a manager who has no account: the link
shows the strategy as it was published, with its version on the cover, while the
team goes on changing the draft."""

import re

import pytest
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS
from tests.factories import BuyerPersonaFactory, MembershipFactory
from versions.models import Version

pytestmark = pytest.mark.e2e


def test_a_share_link_to_a_published_version(browser, page, live_server, screenshot):
    owner = MembershipFactory(role=Role.OWNER, user__username="olivia")
    strategy = owner.strategy
    BuyerPersonaFactory(strategy=strategy, name="Nadia")
    version = Version.publish(strategy, owner.user, "budget agreed")
    version.render_pdf()

    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("olivia")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.goto(f"{live_server.url}/strategies/{strategy.uuid}/share/")
    page.get_by_label("For whom").fill("For the board")
    page.get_by_label("What it shows").select_option(label=str(version))
    page.get_by_role("button", name="Create the link").click()
    link = page.locator(".list-group-item", has_text="For the board")
    expect(link.locator(".share-shows")).to_have_text("shows v1 — budget agreed")
    url = link.locator("input[readonly]").input_value()

    BuyerPersonaFactory(strategy=strategy, name="Leila")  # the draft goes on changing

    reader = browser.new_context().new_page()  # no account
    reader.goto(url)
    main = reader.get_by_role("main")
    expect(main).to_contain_text("Nadia")
    expect(main).not_to_contain_text("Leila")
    expect(main).to_contain_text(re.compile("v1"))
    screenshot("share-link-to-a-version-made")
    ARTIFACTS.mkdir(exist_ok=True)
    reader.screenshot(path=str(ARTIFACTS / "share-link-to-a-version-read.png"), full_page=True)
    with reader.expect_download() as download:
        reader.get_by_role("link", name=re.compile("PDF")).first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    reader.context.close()
