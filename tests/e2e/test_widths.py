"""No page scrolls sideways, on a 390 px phone or a 1280 px laptop, in English or
in Persian (right to left).

The pages are those of the demo strategy as its owner sees them, found by a
bounded crawl from the dashboard and the strategy's overview (one page of each
kind, as in test_every_page.py), with the edit row htmx opens within the
inventory. A page passes when its document is no wider
than the window (``scrollWidth``); one that fails is named with the element
that sticks out furthest. Screenshots of the inventory, the audit, the plan and
the document at 390 px are saved under test-artifacts/ for a person to look at.
"""

import io
import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.urls import reverse

from starters.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STRATEGY_NAME
from strategy_planner.models import Strategy
from strategy_planner.wizard import STEPS
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e

LANGUAGES = ("en", "fa")
WIDTHS = (390, 1280)
MAX_PAGES = 200  # the demo strategy has about 80 kinds of page
# Links that change something, leave the app or are not HTML pages.
SKIP = re.compile(r"^/(admin|i18n)/|/(logout|revoke|restore|move)/|\.(pdf|xlsx|ics)(/|$)")

# How wide the page is, and, when it is too wide, the elements that stick out of
# the window furthest and are not clipped by a scrolling box around them (an
# absolutely positioned element is clipped only by the boxes between it and the
# box it is positioned in).
MEASURE = """() => {
  const view = document.documentElement.clientWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= view) return {view, width, culprits: []};
  const clipped = (element) => {
    let free = getComputedStyle(element).position === "absolute";
    if (getComputedStyle(element).position === "fixed") return true;
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      const style = getComputedStyle(box);
      const positioned = style.position !== "static" || style.transform !== "none";
      if ((!free || positioned) && style.overflowX !== "visible") return true;
      if (positioned) free = style.position === "absolute";
    }
    return false;
  };
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += `#${element.id}`;
    for (const cls of element.classList) name += `.${cls}`;
    const text = (element.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40);
    return text ? `${name} "${text}"` : name;
  };
  const out = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    const over = Math.max(box.right - view, -box.left);
    if (over > 0.5 && !clipped(element)) {
      let path = describe(element);
      const parent = element.parentElement;
      if (parent && parent !== document.body) path = `${describe(parent).split(" ")[0]} > ${path}`;
      out.push({over: Math.round(over), path});
    }
  }
  out.sort((a, b) => b.over - a.over);
  return {view, width, culprits: out.slice(0, 3)};
}"""

SETTLED = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"

# Whether the edit form htmx swapped in shows its top in the window.
FORM_IN_VIEW = """(selector) => {
  const form = document.querySelector(selector);
  if (!form) return "no edit form";
  const box = form.getBoundingClientRect();
  const view = document.documentElement.clientHeight;
  if (box.top < -1 || box.top > view - 40) return `its top is at ${Math.round(box.top)} px`;
  if (box.left < -1 || box.right > document.documentElement.clientWidth + 1)
    return `it runs from ${Math.round(box.left)} to ${Math.round(box.right)} px`;
  return "";
}"""

# The pages a person looks at on a phone (test-artifacts/LANGUAGE-390-NAME.png).
SCREENSHOTS = {"channels/": "inventory", "content/": "audit", "content/plan/": "plan"}


def kind_of(url: str) -> str:
    """One key per kind of page: numbers in the path and the query do not count."""
    return re.sub(r"/\d+(?=/)", "/N", urlsplit(url).path)


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())
    return Strategy.objects.get(name=DEMO_STRATEGY_NAME)


def log_in(page, base: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("demo")
    page.locator("#id_password").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/accounts/login/" not in page.url, "the demo login failed"


def measure(page, label: str, problems: list[str]) -> None:
    result = page.evaluate(MEASURE)
    if result["width"] > result["view"]:
        culprits = "; ".join(f"{c['path']} (+{c['over']} px)" for c in result["culprits"])
        problems.append(f"{label}: {result['width']} px wide: {culprits or 'no one element'}")


def crawl(page, base: str, starts: list[str], label: str, problems: list[str]) -> list[str]:
    """Measure the start pages and one page of every kind their links lead to;
    the pages visited."""
    seen = {kind_of(url) for url in starts}
    queue = deque(starts)
    visited = []
    while queue:
        assert len(visited) < MAX_PAGES, f"the crawl does not end: {list(queue)[:10]}"
        url = queue.popleft()
        response = page.goto(url)
        assert response is not None and response.status < 400, f"{url}: {response.status}"
        visited.append(url)
        measure(page, f"{label} {url[len(base) :]}", problems)
        for link in page.eval_on_selector_all("a[href]", "links => links.map((a) => a.href)"):
            link = urldefrag(link).url
            if not link.startswith(base + "/"):
                continue
            path = link[len(base) :]
            if SKIP.search(urlsplit(path).path) or kind_of(path) in seen:
                continue
            seen.add(kind_of(path))
            queue.append(link)
    return visited


def edit_in_place(page, url: str, section: str, label: str, problems: list[str]) -> None:
    """Open the first row's edit form within the page (htmx), scrolled to the
    bottom first as one is after reading down a table: the form must be in
    view and the page still no wider than the window."""
    page.goto(url)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    link = page.locator(f"{section} tbody a[data-hx-get]").first
    with page.expect_response(lambda r: r.request.method == "GET"):
        link.click()
    page.wait_for_function(SETTLED)
    page.wait_for_timeout(400)  # the smooth scroll, if any
    where = page.evaluate(FORM_IN_VIEW, f"{section} tbody form")
    if where:
        problems.append(f"{label}: the edit form is not in view: {where}")
    measure(page, f"{label} (edit row)", problems)


def test_no_page_scrolls_sideways(browser, live_server, demo):
    base = live_server.url
    home = f"{base}{demo.get_absolute_url()}"
    problems: list[str] = []
    seen_paths: set[str] = set()
    for language in LANGUAGES:
        pages: list[str] = []
        for width in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": 844 if width < 600 else 800},
                reduced_motion="reduce",
            )
            context.add_cookies([{"name": "django_language", "value": language, "url": base}])
            page = context.new_page()
            label = f"{language} {width} px"
            for path in ("/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"):
                page.goto(base + path)
                measure(page, f"{label} {path}", problems)
            log_in(page, base)
            if not pages:
                pages = crawl(page, base, [f"{base}/", home], label, problems)
            else:
                for url in pages:
                    page.goto(url)
                    measure(page, f"{label} {url[len(base) :]}", problems)
            seen_paths.update(urlsplit(url).path for url in pages)
            edit_in_place(page, home + "channels/", "#inventory-section", label, problems)
            if width < 600:
                ARTIFACTS.mkdir(exist_ok=True)
                for path, name in (*SCREENSHOTS.items(), ("document/", "document")):
                    page.goto(home + path)
                    shot = ARTIFACTS / f"{language}-{width}-{name}.png"
                    page.screenshot(path=str(shot), full_page=True)
            context.close()

    uuid = demo.uuid
    must_see = [
        *(step.url(demo) for step in STEPS),
        reverse("starters:dashboard"),
        reverse("starters:create"),
        reverse("strategy_planner:members", args=[uuid]),
        reverse("report:document", args=[uuid]),
        reverse("report:summary", args=[uuid]),
        reverse("content_plan:plan", args=[uuid]),
        reverse("content_plan:calendar", args=[uuid]),
        reverse("content_plan:sequences", args=[uuid]),
        reverse("budget:grid", args=[uuid]),
        reverse("results:page", args=[uuid]),
        reverse("comments:list", args=[uuid]),
        reverse("versions:list", args=[uuid]),
        reverse("versions:activity", args=[uuid]),
        # A form for editing one item of each step's main kind.
        reverse("assets:edit", args=[uuid, demo.assets.first().pk]),
        reverse("content_plan:audit_edit", args=[uuid, demo.audited_pieces.first().pk]),
        reverse("content_plan:piece_edit", args=[uuid, demo.content_pieces.first().pk]),
        reverse("report:action_edit", args=[uuid, demo.actions.first().pk]),
    ]
    if demo.versions.exists():
        must_see.append(reverse("versions:detail", args=[uuid, demo.versions.first().number]))
    missed = {kind_of(path) for path in must_see} - set(map(kind_of, seen_paths))
    assert not missed, f"the crawl did not reach {sorted(missed)}"
    assert not problems, f"{len(problems)} pages scroll sideways:\n" + "\n".join(problems)
