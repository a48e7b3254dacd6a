"""Every page a user can reach, in English and in Persian, passes two checks:

- axe-core finds no serious or critical accessibility violation in the page as
  the browser shows it;
- the Nu HTML checker (vnu) finds no error in the HTML the server sent (for a
  part of a page that htmx swapped in, in the browser's copy of the page).

The pages are found by a bounded crawl of the demo strategy: starting from the
dashboard and the strategy overview, every same-origin link is followed once per
kind of page (``/personas/7/edit/`` and ``/personas/8/edit/`` are one kind, and
so are a list and the same list sorted). Pages only reached by sending a form —
errors, a PDF being prepared — and the pages of someone without an account are
visited on purpose. A form sent back with errors must also say so where a screen
reader hears it.

A second test uses the keyboard alone: every focus stop is visible and shows
that it has the focus, nothing traps the focus, and one can log in, switch the
language and fix a form's error without a mouse.
"""

import io
import json
import re
import shutil
import subprocess
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from report.models import ShareLink
from starters.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STRATEGY_NAME
from strategy_planner.models import Membership, Role, Strategy
from strategy_planner.wizard import STEPS
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

LANGUAGES = ("en", "fa")
MAX_PAGES = 150  # per crawl; the demo strategy has about 70 kinds of page
# Links that change something, leave the app or are not HTML pages.
SKIP = re.compile(r"^/(admin|i18n|shared)/|/(logout|revoke|restore|move)/|\.(pdf|xlsx|ics)(/|$)")

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => ["serious", "critical"].includes(v.impact))
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
    }));
}"""

# A form sent back with errors says so: each invalid field is marked and tied to
# its message, errors about no one field are in an alert, and the focus is on the
# first error, so that it is read out.
ERROR_STATE = """() => {
  const main = document.getElementById("main");
  const problems = [];
  const invalid = [...main.querySelectorAll("[aria-invalid='true']")];
  const alerts = main.querySelectorAll("form [role='alert']");
  if (!invalid.length && !alerts.length) problems.push("no error is shown");
  const unmarked = main.querySelectorAll(
    ":is(input, select, textarea).is-invalid:not([aria-invalid='true'])"
  );
  for (const element of unmarked) {
    problems.push(`#${element.id} looks invalid but does not say so (aria-invalid)`);
  }
  for (const element of invalid) {
    const ids = (element.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
    const said = ids.map((id) => document.getElementById(id)).filter((d) => d?.textContent.trim());
    if (!said.length) problems.push(`#${element.id} is not tied to its error message`);
  }
  const focused = document.activeElement;
  if (!focused || !focused.matches("[data-error-summary], [aria-invalid='true']")) {
    problems.push(`the focus is not on the first error but on ${focused?.outerHTML.slice(0, 80)}`);
  }
  return problems;
}"""

# Pages whose screenshots (test-artifacts/LANGUAGE-every-page-NAME.png) show the
# checked states to a person.
SCREENSHOTS = {
    "log in (invalid data)": "login-error",
    "inventory": "inventory",
    "new asset (invalid data, in place)": "new-asset-error",
    "sequence step (invalid data)": "step-error",
}

SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def kind_of(url: str) -> str:
    """One key per kind of page: numbers in the path and the query do not count
    (sorted or filtered lists, another month of the calendar)."""
    return re.sub(r"/\d+(?=/)", "/N", urlsplit(url).path)


@dataclass
class Audit:
    """The pages checked and what the checks found."""

    html_dir: Path
    language: str = "en"
    pages: list[str] = field(default_factory=list)
    paths: set[str] = field(default_factory=set)  # the pages' paths, without the query
    sources: dict[str, str] = field(default_factory=dict)  # saved file name -> page
    violations: list[str] = field(default_factory=list)  # axe
    unannounced: list[str] = field(default_factory=list)  # form errors not said

    def check(self, page, label: str, html: str | None = None) -> None:
        """Run axe on the page as shown and keep its HTML for the Nu checker.

        ``html`` is what the server sent; without it (a page changed by htmx) the
        browser's copy of the document is checked instead.
        """
        page.wait_for_load_state("load")
        page.mouse.move(0, 0)  # no hover effect under a pointer left from a click
        if not page.evaluate("typeof axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        for violation in page.evaluate(RUN_AXE):
            self.violations.append(
                f"{label}: {violation['impact']} {violation['id']} ({violation['help']}) "
                f"at {', '.join(violation['targets'])}"
            )
        if label in SCREENSHOTS:
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / f"{self.language}-every-page-{SCREENSHOTS[label]}.png"
            page.screenshot(path=str(shot), full_page=True)
        name = f"{len(self.pages):03d}.html"
        (self.html_dir / name).write_text(html if html is not None else page.content())
        self.sources[name] = label
        self.pages.append(label)
        self.paths.add(urlsplit(page.url).path)

    def visit(self, page, url: str, label: str | None = None) -> None:
        response = page.goto(url)
        assert response is not None and response.status < 400, f"{url}: {response.status}"
        self.check(page, label or page.url, response.text())

    def submit(self, page, label: str, form: str = "main form[method=post]", fills=None):
        """Empty the form's text fields (then fill in ``fills``), send it and check
        the page that comes back with the errors."""
        form_locator = page.locator(form).first
        fields = form_locator.locator(
            "input:visible:not([type=hidden]):not([type=checkbox]):not([type=radio])"
            ":not([type=file]):not([type=submit]), textarea:visible"
        )
        for index in range(fields.count()):
            fields.nth(index).fill("")
        for selector, value in (fills or {}).items():
            form_locator.locator(selector).fill(value)
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.request.resource_type == "document"
        ) as answer:
            form_locator.locator("[type=submit]").last.click()
        page.wait_for_load_state("load")
        assert answer.value.status < 300, f"{label}: the form took the data ({answer.value})"
        self.check_errors(page, f"{label} (invalid data)", answer.value.text())

    def submit_in_place(self, page, label: str, section: str) -> None:
        """Unfold the add form in ``section``, send it empty (htmx answers within
        the page) and check the page with the errors swapped in."""
        page.locator(f"{section} summary").first.click()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.locator(f"{section} form [type=submit]").last.click()
        assert answer.value.status < 300, f"{label}: the form took the data ({answer.value})"
        page.wait_for_function(SETTLED)
        self.check_errors(page, f"{label} (invalid data, in place)")

    def open_in_place(self, page, label: str, link: str) -> None:
        """Follow a link that htmx turns into an edit form within the page."""
        with page.expect_response(lambda r: r.request.method == "GET"):
            page.locator(link).first.click()
        page.wait_for_function(SETTLED)
        self.check(page, f"{label} (in place)")

    def check_errors(self, page, label: str, html: str | None = None) -> None:
        self.unannounced.extend(f"{label}: {problem}" for problem in page.evaluate(ERROR_STATE))
        self.check(page, label, html)


@pytest.fixture
def demo(transactional_db, settings):
    """The demo strategy, a deleted strategy waiting in Recently deleted, and PDF
    renders that stay in the queue (no worker runs), so that the page waiting for
    the PDF can be seen."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("seed_demo", stdout=io.StringIO())
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    owner = get_user_model().objects.get(username="demo")
    deleted = Strategy.objects.create(
        name="Winter campaign",
        organisation="Northwind Coffee Roasters",
        industry="Coffee",
        start_date=strategy.start_date,
        end_date=strategy.end_date,
    )
    Membership.objects.create(strategy=deleted, user=owner, role=Role.OWNER)
    Strategy.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now(), deleted_by=owner)
    return strategy


def log_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, "the demo login failed"


def crawl(audit: Audit, page, base: str, starts: list[str]) -> None:
    """Check the start pages and every kind of page their links lead to."""
    seen = {kind_of(url) for url in starts}
    queue = deque(starts)
    visited = 0
    while queue:
        visited += 1
        assert visited <= MAX_PAGES, f"the crawl does not end: {list(queue)[:10]}"
        audit.visit(page, queue.popleft())
        for link in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            link = urldefrag(link).url
            if not link.startswith(base + "/"):
                continue
            path = link[len(base) :]
            if SKIP.search(urlsplit(path).path) or kind_of(path) in seen:
                continue
            seen.add(kind_of(path))
            queue.append(link)


def anonymous_pages(audit: Audit, page, base: str, strategy: Strategy) -> None:
    """The account pages, with errors, and what a share link shows."""
    for path in (
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
        "/accounts/reset/MQ/not-a-token/",
    ):
        audit.visit(page, base + path)
    owner = get_user_model().objects.get(username="demo")
    uid = urlsafe_base64_encode(force_bytes(owner.pk))
    token = default_token_generator.make_token(owner)
    audit.visit(page, f"{base}/accounts/reset/{uid}/{token}/", "password reset: new password")
    audit.submit(page, "password reset: new password", fills={"#id_new_password1": "short"})
    audit.visit(page, f"{base}/accounts/signup/")
    audit.submit(page, "sign up", fills={"#id_username": "demo", "#id_password1": "x"})
    audit.visit(page, f"{base}/accounts/password_reset/")
    audit.submit(page, "password reset", fills={"#id_email": "not an address"})
    audit.visit(page, f"{base}/accounts/login/")
    audit.submit(page, "log in", fills={"#id_username": "demo", "#id_password": "wrong"})

    link = ShareLink.objects.usable().filter(strategy=strategy).first()
    audit.visit(page, base + link.get_absolute_url(), "share link: document")
    audit.visit(page, f"{base}/shared/{link.token}/document.pdf", "share link: PDF progress")


def strategy_pages(audit: Audit, page, base: str, strategy: Strategy) -> None:
    """What the crawl cannot reach: the PDF being prepared and forms sent with bad
    data, an edit page of each kind of object among them."""
    home = f"{base}/strategies/{strategy.uuid}"
    audit.visit(page, f"{home}/document.pdf?size=a4", "document: PDF progress")

    sequence = strategy.message_sequences.first()
    forms = [
        ("new strategy", f"{base}/strategies/new/"),
        ("basics", f"{home}/basics/"),
        ("persona", f"{home}/personas/{strategy.personas.first().pk}/edit/"),
        ("brand voice", f"{home}/personas/brand-voice/"),
        ("goal", f"{home}/goals/{strategy.goals.first().pk}/edit/"),
        ("asset", f"{home}/channels/{strategy.assets.first().pk}/edit/"),
        ("audited piece", f"{home}/content/audit/{strategy.audited_pieces.first().pk}/edit/"),
        ("content piece", f"{home}/content/plan/{strategy.content_pieces.first().pk}/edit/"),
        (
            "sequence step",
            f"{home}/content/sequences/{sequence.pk}/steps/{sequence.steps.first().pk}/edit/",
        ),
        ("coherent action", f"{home}/consolidate/actions/{strategy.actions.first().pk}/edit/"),
        ("members", f"{home}/members/", "main form:has([name=who])"),
        ("import", f"{home}/import/"),
        ("password change", f"{base}/accounts/password_change/"),
    ]
    for label, url, *form in forms:
        audit.visit(page, url, label)
        audit.submit(page, label, *form)

    # Forms that htmx sends and answers within the page.
    audit.visit(page, f"{home}/goals/", "goals")
    audit.submit_in_place(page, "new goal", "#add-goal")
    audit.visit(page, f"{home}/channels/", "inventory")
    audit.open_in_place(page, "asset row", "#inventory-section tbody a[data-hx-get]")
    audit.submit_in_place(page, "new asset", "#add-asset")
    audit.visit(page, f"{home}/content/", "content audit")
    audit.submit_in_place(page, "new audited piece", "#add-audited")


def nu_errors(audit: Audit) -> list[str]:
    """Every error the Nu HTML checker finds in the pages kept, in one run."""
    files = sorted(audit.html_dir.glob("*.html"))
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--errors-only",
            "--exit-zero-always",
            "--stdout",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    errors = []
    for message in json.loads(result.stdout)["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).name
        errors.append(
            f"{audit.sources.get(name, name)} [{name}:{message.get('lastLine', '?')}]: "
            f"{message.get('message')} — {message.get('extract', '').strip()!r}"
        )
    return errors


def must_see(strategy: Strategy) -> list[str]:
    """Pages the crawl must reach: if it does not, it has lost its way."""
    uuid = strategy.uuid
    sequence = strategy.message_sequences.first()
    return [
        *(step.url(strategy) for step in STEPS),
        reverse("starters:dashboard"),
        reverse("strategy_planner:recently_deleted"),
        reverse("strategy_planner:members", args=[uuid]),
        reverse("report:share_links", args=[uuid]),
        reverse("report:import", args=[uuid]),
        reverse("report:document", args=[uuid]),
        reverse("personas:brand_voice", args=[uuid]),
        reverse("content_plan:gaps", args=[uuid]),
        reverse("content_plan:plan", args=[uuid]),
        reverse("content_plan:calendar", args=[uuid]),
        reverse("content_plan:sequences", args=[uuid]),
        reverse("content_plan:sequence", args=[uuid, sequence.pk]),
        reverse("password_change"),
    ]


@pytest.fixture
def tools():
    if not AXE.exists() or not VNU.exists():
        pytest.fail("axe-core or vnu-jar is missing: run `make setup-test` (it runs npm ci)")
    if not shutil.which("java"):
        pytest.fail("the Nu HTML checker needs Java: apt-get install default-jre-headless")


def test_every_page_is_accessible_and_valid(browser, live_server, demo, tools, tmp_path):
    base = live_server.url
    audit = Audit(html_dir=tmp_path)
    for language in LANGUAGES:
        audit.language = language
        # The app's Content-Security-Policy would refuse the injected axe script.
        context = browser.new_context(bypass_csp=True, reduced_motion="reduce")
        context.add_cookies([{"name": "django_language", "value": language, "url": base}])
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        anonymous_pages(audit, page, base, demo)
        log_in(page, base)
        crawl(audit, page, base, [f"{base}/", f"{base}{demo.get_absolute_url()}"])
        strategy_pages(audit, page, base, demo)
        context.close()

    missed = {kind_of(path) for path in must_see(demo)} - set(map(kind_of, audit.paths))
    assert not missed, f"the crawl did not reach {sorted(missed)}"

    problems = [f"axe: {violation}" for violation in audit.violations]
    problems += [f"errors: {problem}" for problem in audit.unannounced]
    problems += [f"vnu: {error}" for error in nu_errors(audit)]
    assert not problems, f"{len(problems)} problems in {len(audit.pages)} pages:\n" + "\n".join(
        problems
    )


# Where the focus is after a Tab: None once it has left the page.
FOCUS_STOP = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  window.focusStops = window.focusStops || new Set();
  const again = window.focusStops.has(element);
  window.focusStops.add(element);
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    again,
    html: element.outerHTML.slice(0, 100),
    visible: box.width > 2 && box.height > 2 && style.visibility !== "hidden",
    marked: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


def tab_through(page, limit: int = 400) -> list[str]:
    """Press Tab from the top of the page until the focus leaves it; what was wrong."""
    problems = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_STOP)
        if stop is None or stop["again"]:
            return problems
        if not stop["visible"]:
            problems.append(f"{page.url}: the focus is on something hidden: {stop['html']}")
        elif not stop["marked"]:
            problems.append(f"{page.url}: the focus does not show on {stop['html']}")
    return [*problems, f"{page.url}: the focus does not leave the page after {limit} Tabs"]


def test_the_keyboard_alone_is_enough(page, live_server, demo, screenshot):
    base = live_server.url
    home = f"{base}{demo.get_absolute_url()}"

    # Log in: the username field has the focus; Enter sends the form.
    page.goto(f"{base}/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("demo")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="My strategies")).to_be_visible()

    # The first Tab reaches the link that skips the menu.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # Every focus stop of the main kinds of page shows, and none traps the focus.
    problems = []
    for path in ("/", "personas/", "goals/", "channels/", "content/plan/", "document/"):
        page.goto(base + path if path == "/" else home + path)
        problems += tab_through(page)
    assert not problems, "\n".join(problems)

    # The language menu opens and is used with the keyboard.
    page.goto(f"{home}personas/")
    page.get_by_role("button", name="Language").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="فارسی")).to_be_visible()
    for _entry in ("English (US)", "English (UK)", "فارسی"):  # the menu's third entry
        page.keyboard.press("ArrowDown")
    expect(page.get_by_role("button", name="فارسی")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # A form sent with a mistake puts the focus on it, with its message.
    page.goto(f"{home}personas/new/")
    page.locator("#id_name").focus()
    page.keyboard.press("Enter")
    name = page.locator("#id_name")
    expect(name).to_be_focused()
    expect(name).to_have_attribute("aria-invalid", "true")
    message = name.get_attribute("aria-describedby").split()[-1]
    expect(page.locator(f"#{message}")).not_to_be_empty()
    page.keyboard.type("Keyboard Kaveh")
    page.keyboard.press("Enter")
    # Still one mistake: no source is ticked. The focus goes to the sources.
    source = page.locator("main input[type=checkbox][aria-invalid=true]").first
    expect(source).to_be_focused()
    screenshot("fa-persona-error-by-keyboard")
    page.keyboard.press("Space")
    expect(source).to_be_checked()
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Keyboard Kaveh")).to_be_visible()
