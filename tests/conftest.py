import os
import shutil
from dataclasses import dataclass

import pytest
from django.utils import translation

from strategy_planner.models import Role
from tests.factories import MembershipFactory, StrategyFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (the live server runs in its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
PASSWORD = "correct-horse-battery"


def missing(message: str):
    """What a test does when something it needs from the system is not there: under
    CI (the environment variable CI set) it fails, so that a missing package is never
    taken for a pass; elsewhere it is skipped, with the message saying what to install."""
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def needs_commands(*commands: str, package: str = "poppler-utils"):
    """A mark for a test that runs these commands (pdftotext, pdfinfo, pdfimages):
    without them it is skipped, and under CI it fails (see :func:`missing`)."""
    return pytest.mark.needs_commands(*commands, package=package)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "needs_commands(*commands, package): runs these commands; skipped without them, "
        "failed under CI",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for mark in item.iter_markers("needs_commands"):
        absent = [command for command in mark.args if not shutil.which(command)]
        if absent:
            package = mark.kwargs.get("package", "poppler-utils")
            missing(f"{', '.join(absent)} not found: apt-get install {package}")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def in_process_work(settings):
    """Each test gets an empty in-memory cache and runs background tasks at once;
    tests of the worker itself switch to the database backend."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"}
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def english_by_default():
    # A request in another language leaves that language active in the test thread.
    translation.activate("en")
    yield
    translation.activate("en")


@dataclass
class Team:
    """An owner, an editor and a viewer of one strategy, and an outsider."""

    strategy: object
    owner: object
    editor: object
    viewer: object
    outsider: object


@pytest.fixture
def team(db) -> Team:
    strategy = StrategyFactory()
    members = {
        role: MembershipFactory(strategy=strategy, role=role, user__username=role).user
        for role in (Role.OWNER, Role.EDITOR, Role.VIEWER)
    }
    return Team(
        strategy=strategy,
        owner=members[Role.OWNER],
        editor=members[Role.EDITOR],
        viewer=members[Role.VIEWER],
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def client_for(client):
    """Log the test client in as the given user and return it."""

    def login(user):
        client.force_login(user)
        return client

    return login


def chromium_to_drive(chromium, playwright_own):
    """The browser the browser tests drive: Debian's Chromium (or CHROMIUM_PATH's) when
    it is there; else, outside CI (on macOS, say), Playwright's own, installed by
    `.venv/bin/playwright install chromium` (None: let Playwright launch it). Under CI
    a missing Chromium fails; elsewhere, with neither browser, the tests are skipped.
    playwright_own gives the path of Playwright's own, asked only when needed."""
    if shutil.which(chromium) or os.path.exists(chromium):
        return chromium
    message = f"Chromium not found at {chromium}: apt-get install chromium"
    if os.environ.get("CI"):
        pytest.fail(message)
    if not os.path.exists(playwright_own()):
        pytest.skip(f"{message}, or .venv/bin/playwright install chromium")
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, request):
    chromium = chromium_to_drive(
        CHROMIUM, lambda: request.getfixturevalue("browser_type").executable_path
    )
    return {
        **browser_type_launch_args,
        **({"executable_path": chromium} if chromium else {}),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }
