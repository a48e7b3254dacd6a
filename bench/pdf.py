"""The strategy PDF: a fresh render, the cached copy, and the request that starts a render.

Floor for the render: bare WeasyPrint on a minimal HTML page holding the same
text and tables — our own HTML with the stylesheet, the classes and every
wrapper element taken out (the charts' labels and figures stay as table
text). Floor for the cached copy: reading the same bytes from the cache by key.
"""

import logging
import threading
import time
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from weasyprint import HTML

from bench import generate
from bench.measure import (
    Figure,
    median_time,
    profiled,
    report,
    seconds,
    side_by_side,
    timed,
    verdict,
)
from report.document import build_document
from report.pdf import cache_key, render_html, render_pdf, request_pdf
from strategy_planner.models import Strategy

RUNS = 3
KEPT = {"html", "head", "meta", "title", "body", "h1", "h2", "h3", "h4", "p", "br", "ul", "ol"}
KEPT |= {"li", "strong", "q", "table", "thead", "tbody", "tfoot", "tr", "th", "td"}
KEPT_ATTRIBUTES = {"lang", "dir", "charset", "colspan", "rowspan"}
DROPPED = {"style", "script", "svg"}  # with everything inside them


class MinimalHTML(HTMLParser):
    """Our document's text and tables, without styles, charts, classes or wrappers."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = ["<!doctype html>"]
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED or self.skipping:
            self.skipping += tag in DROPPED
            return
        if tag in KEPT:
            kept = "".join(f' {k}="{v}"' for k, v in attrs if k in KEPT_ATTRIBUTES and v)
            self.out.append(f"<{tag}{kept}>")

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping -= tag in DROPPED
        elif tag in KEPT:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.out.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def minimal_html(html: str) -> str:
    parser = MinimalHTML()
    parser.feed(html)
    return "".join(parser.out)


def run(figures: list) -> None:
    # WeasyPrint's notes on CSS it ignores would bury the figures.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    strategy = generate.ensure("typical")
    HTML(string="<p>Fonts and fontconfig load once per process.</p>").write_pdf()
    for language in ("en", "fa", "ro"):
        strategy.language = language  # in memory only: the document's language and direction
        floor_html = minimal_html(render_html(build_document(strategy)))
        ours, floor = side_by_side(
            lambda: render_pdf(build_document(strategy)),
            lambda html=floor_html: HTML(string=html).write_pdf(),
            RUNS,
            patience=20,
        )
        with profiled(f"pdf-{language}"):
            render_pdf(build_document(strategy))
        report(
            Figure(
                "pdf",
                f"typical, {language}: render",
                seconds(ours),
                seconds(floor),
                f"{ours / floor:.1f}x",
                "<2 s",
                verdict(ours < 2),
                {"ours_s": ours, "floor_s": floor},
            ),
            figures,
        )
    strategy.refresh_from_db()
    cached(strategy, figures)
    background(strategy, figures)
    ahead(strategy, figures)


def cached(strategy: Strategy, figures: list) -> None:
    cache.clear()
    request_pdf(strategy, "a4")
    from_cache = request_pdf(strategy, "a4").job is None
    ours = median_time(lambda: request_pdf(strategy, "a4"), runs=10)
    with profiled("pdf-cached"):
        request_pdf(strategy, "a4")
    key = cache_key(strategy, "a4")
    floor = median_time(lambda: cache.get(key), runs=10)
    report(
        Figure(
            "pdf",
            "typical: cached, request_pdf()",
            seconds(ours),
            f"{floor * 1000:.2f} ms",
            f"{ours / floor:.0f}x",
            "<30 ms",
            verdict(from_cache and ours < 0.03),
            {"ours_s": ours, "floor_s": floor, "from_cache": from_cache},
        ),
        figures,
    )
    client = _client(strategy)
    url = reverse("report:document_pdf", args=[strategy.uuid])
    response = client.get(url)
    served = response.status_code == 200 and response["Content-Type"] == "application/pdf"
    ours = median_time(lambda: client.get(url), runs=10)
    report(
        Figure(
            "pdf",
            "typical: cached, GET document.pdf",
            seconds(ours),
            budget="<30 ms",
            verdict=verdict(served and ours < 0.03),
            numbers={"ours_s": ours, "status": response.status_code},
        ),
        figures,
    )


def background(strategy: Strategy, figures: list) -> None:
    """GET document.pdf for a strategy that just changed: the answer should not wait for it."""
    tasks = {}
    if "django_tasks_db" in settings.INSTALLED_APPS:  # enqueue as production does
        tasks = {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
    client = _client(strategy)
    url = reverse("report:document_pdf", args=[strategy.uuid])
    diagnosis = strategy.diagnosis
    times, kinds = [], set()
    with override_settings(**tasks):
        for run in range(RUNS):
            strategy.diagnosis = f"{diagnosis} ({run})"
            strategy.save()  # as the kernel form does
            response = None

            def get():
                nonlocal response
                response = client.get(url)

            times.append(timed(get))
            kinds.add(f"{response.status_code} {response['Content-Type'].split(';')[0]}")
    strategy.diagnosis = diagnosis
    strategy.save()
    ours = sorted(times)[len(times) // 2]
    inline = any(kind.endswith("application/pdf") for kind in kinds)
    report(
        Figure(
            "pdf",
            "typical: GET document.pdf, changed",
            seconds(ours),
            budget="<200 ms",
            verdict=verdict(ours < 0.2 and not inline),
            numbers={"ours_s": ours, "answers": sorted(kinds), "rendered_inline": inline},
        ),
        figures,
    )
    if inline:
        print("           the answer was the PDF itself: rendered in the request, not later")


EDITS, EDIT_EVERY, WAIT_AFTER = 20, 0.5, 60  # an edit burst, then the manager's download


def ahead(strategy: Strategy, figures: list) -> None:
    """A burst of 20 edits, then a download 60 s after the last: rendered ahead by the
    worker (running beside it, as `make run` does), the download comes from the
    cache, and the burst cost one render, not twenty."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.management.commands.db_worker import Worker

    import report.pdf as pdf_module

    renders = []
    real_render = pdf_module.render_pdf

    def counted(*args, **kwargs):
        renders.append(1)
        return real_render(*args, **kwargs)

    # The worker `make run` starts beside the server, here in a thread of its own.
    worker = Worker(
        queue_names=["default"],
        interval=0.5,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench-render-ahead",
        excluded_queue_names=[],
    )

    tasks = {"TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}}
    diagnosis = strategy.diagnosis
    with override_settings(**tasks, PDF_RENDER_AHEAD_SECONDS=30):
        pdf_module.render_pdf = counted
        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        try:
            for number in range(EDITS):
                strategy.diagnosis = f"{diagnosis} (edit {number + 1})"
                strategy.save()
                time.sleep(EDIT_EVERY)
            time.sleep(WAIT_AFTER)
            answer = None

            def download():
                nonlocal answer
                answer = request_pdf(strategy, "a4")

            took = timed(download)
        finally:
            worker.running = False
            thread.join()
            pdf_module.render_pdf = real_render
    strategy.diagnosis = diagnosis
    strategy.save()
    from_cache = answer.pdf is not None and answer.job is None
    report(
        Figure(
            "pdf",
            f"typical: download {WAIT_AFTER} s after {EDITS} edits",
            seconds(took),
            budget="<30 ms, 1 render",
            verdict=verdict(from_cache and took < 0.03 and len(renders) == 1),
            numbers={"ours_s": took, "from_cache": from_cache, "renders": len(renders)},
            detail=f"{len(renders)} render{'' if len(renders) == 1 else 's'}, "
            + ("from the cache" if from_cache else "not rendered ahead"),
        ),
        figures,
    )


def _client(strategy: Strategy) -> Client:
    client = Client()
    client.force_login(strategy.memberships.get(role="owner").user)
    return client
