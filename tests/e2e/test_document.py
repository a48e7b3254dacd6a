"""A manager with a view-only role reads the strategy and downloads the PDF."""

import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from playwright.sync_api import expect

from strategy_planner.models import Role
from tests.conftest import PASSWORD
from tests.factories import BuyerPersonaFactory, GoalFactory, MembershipFactory

pytestmark = pytest.mark.e2e


def test_a_viewer_downloads_the_pdf(page, live_server, screenshot, tmp_path):
    membership = MembershipFactory(
        role=Role.VIEWER,
        user__username="manager",
        strategy__diagnosis="Visitors do not trust us yet.",
    )
    BuyerPersonaFactory(strategy=membership.strategy, name="Home-brew Hannah")
    GoalFactory(strategy=membership.strategy, marketing_goal="50% more website leads")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("manager")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{membership.strategy.get_absolute_url()}")
    page.get_by_role("link", name="Document", exact=True).click()
    expect(page.get_by_role("heading", name="Executive summary")).to_be_visible()
    expect(page.get_by_text("Visitors do not trust us yet.")).to_be_visible()
    screenshot("document-preview")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download PDF (A4)").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert download.suggested_filename.endswith(".pdf")
    assert path.read_bytes().startswith(b"%PDF")


def run_the_worker(attempts: int = 50) -> None:
    """The worker, once, on the database the live server shares with this thread
    (SQLite in memory: one connection). A poll of the progress page may be in its
    transaction at that moment, and the worker's cannot begin: it tries again."""
    for attempt in range(attempts):
        try:
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
            return
        except OperationalError as error:
            if "within a transaction" not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.1)


def test_the_progress_page_waits_for_the_worker_and_starts_the_download(
    page, live_server, settings, monkeypatch, screenshot, tmp_path
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    membership = MembershipFactory(role=Role.VIEWER, user__username="manager")
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("manager")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{membership.strategy.get_absolute_url()}document.pdf")
    expect(page.get_by_role("status")).to_contain_text("Waiting for a free worker")
    screenshot("pdf-progress-waiting")
    with page.expect_download(timeout=60_000) as download_info:
        run_the_worker()
    path = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    expect(page.get_by_role("status")).to_contain_text("Your PDF is ready")
