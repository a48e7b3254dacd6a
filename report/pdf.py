"""The strategy document as a PDF (WeasyPrint), cached by the strategy's content version.

The renderer is given the document's HTML and our own stylesheet inline, and
a URL fetcher that refuses everything: nothing a user typed — a link, an
image reference, a file path — can make it read the disk or the network.
Fonts come from the system through fontconfig (DejaVu Sans covers Latin,
Romanian and Persian script).
"""

import base64
import contextlib
import datetime
import functools
import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from report.charts import charts, html_charts
from report.document import Document, build_document
from strategy_planner.calendars import use_calendar
from strategy_planner.models import Strategy
from strategy_planner.numbers import NATIVE, digits_choice, use_digits

logger = logging.getLogger(__name__)

PAGE_SIZES = {"a4": "A4", "letter": "letter"}
# The PDF is the managers' copy unless asked for the team's, which keeps what the
# team still has to do: the method's checklist and the channel rules' problems.
MANAGERS, TEAM = "managers", "team"
EDITIONS = (MANAGERS, TEAM)
CACHE_SECONDS = 60 * 60 * 24 * 30
CHART_SECONDS = 60 * 60
TEMPLATES = (
    "report/pdf.html",
    "report/_document.html",
    "report/summary_pdf.html",
    "report/_summary.html",
    "report/_bar_chart.html",
    "report/_goal_chart.html",
)


class RefusedFetch(ValueError):
    pass


LOGO_URL_START = "data:image/png;base64,"


def refuse_everything(url: str, *args, **kwargs):
    """The PDF renderer's URL fetcher: the document needs nothing from outside. The
    one thing it reads is the document's logo, a PNG it holds itself as a data URL
    (drawn again from the upload by ``report.brand.read_logo``)."""
    if url.startswith(LOGO_URL_START):
        try:
            png = base64.b64decode(url[len(LOGO_URL_START) :], validate=True)
        except ValueError:
            png = b""
        if png.startswith(b"\x89PNG\r\n\x1a\n"):
            return URLFetcherResponse(url, body=png, headers={"Content-Type": "image/png"})
    logger.warning("PDF renderer refused to fetch %s", url[:200])
    raise RefusedFetch(f"The PDF renderer does not fetch {url[:200]}")


class Refuser(URLFetcher):
    """WeasyPrint's fetcher with :func:`refuse_everything` as what it fetches: WeasyPrint
    asks its fetcher, not a bare function, whether a refusal stops the rendering, and
    a refusal only leaves the resource out."""

    def fetch(self, url, headers=None):
        return refuse_everything(url)


def _stylesheet() -> str:
    return Path(finders.find("css/report.css")).read_text(encoding="utf-8")


def layout_version() -> str:
    """Changes whenever the templates, the stylesheet or the translations change,
    so old PDFs are not served. Read once per process unless DEBUG is on."""
    if settings.DEBUG:
        return _read_layout_version()
    return _cached_layout_version()


def _read_layout_version() -> str:
    digest = hashlib.sha256(_stylesheet().encode())
    paths = [
        Path(directory) / name for name in TEMPLATES for directory in settings.TEMPLATES[0]["DIRS"]
    ]
    for directory in settings.LOCALE_PATHS:
        paths += sorted(Path(directory).glob("*/LC_MESSAGES/django.mo"))
    for path in paths:
        if path.exists():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


_cached_layout_version = functools.cache(_read_layout_version)


# The interface language whose formats a document language's own are: an English
# document writes dates as American English does unless its reader is British.
PLAIN_VARIANT = {"en": "en-us"}
LOCALES = {code for code, _name in settings.LANGUAGES}


def reader_locale(language: str) -> str:
    """The variant of the document's ``language`` its reader reads, when it writes
    dates and figures otherwise than the language itself ("en-gb" for a British
    reader of an English document); "" for every other reader."""
    current = (translation.get_language() or "").lower()
    if current.split("-")[0] != language or current in (language, PLAIN_VARIANT.get(language)):
        return ""
    return current


@contextlib.contextmanager
def _as_document(document: Document, digits: str = NATIVE, locale: str = ""):
    """The strategy's own language and calendar, whoever asks for its PDF, and its
    language's own digits (the on-screen preview's charts: the reader's ``digits``);
    ``locale``: the reader's variant of that language (``reader_locale``)."""
    with (
        translation.override(locale or document.strategy["language"]),
        use_calendar(document.strategy["calendar"]),
        use_digits(digits),
    ):
        yield


def _render(template: str, document: Document, page_size: str, locale="", **context) -> str:
    with _as_document(document, locale=locale):
        return render_to_string(
            template,
            {
                "doc": document,
                "stylesheet": _stylesheet(),
                "page_size": PAGE_SIZES.get(page_size, "A4"),
                **context,
            },
        )


# The PDF renderer lays a zero-width non-joiner out right ("می‌خواهم") but draws no glyph
# for it, so its text layer had "میخواهم" and a search for the name found nothing. It
# is written as the object replacement character instead, which breaks the joining
# the same way and has an empty glyph of no width in the document's fonts (DejaVu),
# held to its neighbours by word joiners (no line break where there was none); the
# finisher then maps that glyph back to U+200C in the text layer.
ZWNJ, STAND_IN, WORD_JOINER = "\u200c", "\ufffc", "\u2060"
_STAND_IN_CODE = b"<fffc>"


def _with_stand_ins(html: str) -> str:
    html = html.replace(STAND_IN, "")  # typed by nobody; would read as a non-joiner
    return html.replace(ZWNJ, WORD_JOINER + STAND_IN + WORD_JOINER)


def _restore_non_joiners(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's finisher: every stand-in reads as U+200C again, in the text layer
    (the fonts' character maps) and in the outline and metadata strings."""
    for item in [*pdf.objects, pdf.info]:
        if isinstance(item, pydyf.Stream) and b"/CMapName /Adobe-Identity-UCS def" in item.stream:
            item.stream[:] = [
                line[: -len(_STAND_IN_CODE)] + b"<200c>" if line.endswith(_STAND_IN_CODE) else line
                for line in item.stream
            ]
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, pydyf.String) and isinstance(value.string, str):
                    item[key] = pydyf.String(
                        value.string.replace(WORD_JOINER + STAND_IN + WORD_JOINER, ZWNJ)
                    )


def _write(html: str) -> bytes:
    return HTML(string=_with_stand_ins(html), url_fetcher=Refuser(), base_url=None).write_pdf(
        finisher=_restore_non_joiners
    )


def drawn_charts(document: Document) -> dict[str, str]:
    """The on-screen preview's charts: HTML bars for a right-to-left document,
    SVG otherwise (a browser shapes SVG text).

    Kept by what they show: most edits (a persona, the kernel, a message) leave
    the figures alone, and drawing four SVG charts is a fifth of the preview."""
    rtl = document.strategy["direction"] == "rtl"
    shown = json.dumps(
        [
            rtl,
            document.strategy["language"],
            document.strategy["calendar"],  # month names
            digits_choice(),
            document.strategy["currency"],
            document.mix,
            [(row.name, row.leads) for group in document.inventory for row in group["assets"]],
            document.totals,
        ],
        default=str,
        sort_keys=True,
    )
    key = f"strategy-charts:{hashlib.sha256(shown.encode()).hexdigest()}:{layout_version()}"
    drawn = cache.get(key)
    if drawn is None:
        with _as_document(document, digits_choice()):
            drawn = html_charts(document) if rtl else charts(document)
        cache.set(key, drawn, CHART_SECONDS)
    return drawn


PREVIEW_SECONDS = 60 * 60
PREVIEW_MONTH_LINES = 10


def preview_html(strategy: Strategy, calendar: str = "") -> dict:
    """The document on screen, as HTML in the current language and the reader's
    ``calendar``, with the strategy's facts for the page around it. Drawn once
    per content version, language, calendar and day (the cover says when it was
    made), and for every reader alike: it shows nothing of who is reading."""
    key = ":".join(
        str(part)
        for part in (
            "document-html",
            strategy.pk,
            strategy.current_content_version(),
            translation.get_language(),
            calendar,
            digits_choice(),
            timezone.localdate().isoformat(),
            layout_version(),
        )
    )
    drawn = cache.get(key)
    if drawn is None:
        document = build_document(strategy)
        html = render_to_string(
            "report/_document.html",
            {
                "doc": document,
                "charts": drawn_charts(document),
                # On screen a long plan lists each month's first pieces; the PDF,
                # the workbook and the plan step have them all.
                "preview_months": document.plan_months(PREVIEW_MONTH_LINES),
                # The team reads the document on screen: what is still to do stays.
                "internal": True,
            },
        )
        drawn = {"html": html, "strategy": document.strategy}
        cache.set(key, drawn, PREVIEW_SECONDS)
    return drawn


def render_html(
    document: Document,
    page_size: str = "a4",
    cover: dict | None = None,
    edition: str = MANAGERS,
    locale: str = "",
) -> str:
    """The PDF's HTML; ``cover`` says what the cover tells of a published version;
    the team's ``edition`` keeps the checklist and the problems; ``locale``: the
    reader's variant of the document's language, for its dates.

    Its charts are HTML bars in every language: the PDF renderer draws SVG text a
    letter at a time, so a Persian channel name in any document would come out
    unjoined and reversed, and SVG charts took a tenth of the render."""
    with _as_document(document, locale=locale):
        drawn = html_charts(document)
    return _render(
        "report/pdf.html",
        document,
        page_size,
        locale,
        charts=drawn,
        cover=cover,
        internal=edition == TEAM,
    )


def write_pdf(html: str) -> bytes:
    """The PDF of HTML made by :func:`render_html`."""
    return _write(html)


def render_pdf(
    document: Document, page_size: str = "a4", edition: str = MANAGERS, locale: str = ""
) -> bytes:
    return _write(render_html(document, page_size, edition=edition, locale=locale))


def summary_pdf(strategy: Strategy, page_size: str = "a4") -> bytes:
    """The strategy on one page: small enough to render while the browser waits."""
    page_size = normal_page_size(page_size)
    locale = reader_locale(strategy.language)
    key = cache_key(strategy, page_size, kind="-".join(filter(None, ["summary", locale])))
    pdf = cache.get(key)
    if pdf is None:
        document = build_document(strategy)
        pdf = _write(_render("report/summary_pdf.html", document, page_size, locale))
        cache.set(key, pdf, CACHE_SECONDS)
    return pdf


def cache_key(strategy: Strategy, page_size: str, kind: str = "document") -> str:
    """Where this version of the strategy's PDF is kept: one small query.

    The version is read from the database, not from the object passed in,
    so a strategy loaded before an edit cannot find the PDF of before it.
    Saving the strategy or anything in it moves its content version
    (strategy_planner/content_version.py).
    """
    version = strategy.current_content_version()
    return f"strategy-pdf:{kind}:{strategy.pk}:{version}:{page_size}:{layout_version()}"


def normal_page_size(page_size: str | None) -> str:
    return page_size if page_size in PAGE_SIZES else "a4"


def normal_edition(edition: str | None) -> str:
    return edition if edition in EDITIONS else MANAGERS


def _document_kind(edition: str, locale: str = "") -> str:
    """The cache's name for the document in this edition (the managers' as before),
    for readers of this variant of its language."""
    return "-".join(filter(None, ["document", "" if edition == MANAGERS else edition, locale]))


# Rendering in the background -------------------------------------------------

JOB_SECONDS = 60 * 30
AHEAD_SIZE = "a4"  # rendered ahead of any download: most downloads are A4


def _job_key(strategy_id: int, page_size: str, edition: str = MANAGERS, locale="") -> str:
    """Where the strategy's latest render job of this size, edition and variant of
    its language is noted."""
    suffix = "" if edition == MANAGERS else f":{edition}"
    suffix += f":{locale}" if locale else ""
    return f"pdf-job:{strategy_id}:{page_size}{suffix}"


@task()
def render_strategy_pdf(
    strategy_id: int, page_size: str, edition: str = MANAGERS, locale: str = ""
) -> str:
    """Render a strategy's PDF into the cache, as the strategy is when the job starts
    (a job that waited while the strategy changed renders the newest version);
    returns the cache key it is kept under."""
    strategy = Strategy.objects.get(pk=strategy_id)
    edition = normal_edition(edition)
    # Read before the content: never older than it.
    locale = locale if locale in LOCALES else ""
    key = cache_key(strategy, page_size, kind=_document_kind(edition, locale))
    if cache.get(key) is None:
        cache.set(f"pdf-rendering:{key}", True, JOB_SECONDS)
        pdf = render_pdf(build_document(strategy), page_size, edition, locale)
        cache.set(key, pdf, CACHE_SECONDS)
    return key


@task()
def render_ahead(strategy_id: int) -> None:
    """Render the PDF once the strategy has been left alone for a while, so that a
    download after a burst of edits usually comes from the cache. An edit made
    since this job was scheduled puts it off again (debounced)."""
    delay = datetime.timedelta(seconds=settings.PDF_RENDER_AHEAD_SECONDS)
    strategy = Strategy.objects.alive().filter(pk=strategy_id).first()
    if strategy is None:
        cache.delete(_ahead_key(strategy_id))
        return
    quiet_from = (strategy.content_changed_at or timezone.now()) + delay
    if quiet_from > timezone.now():
        render_ahead.using(run_after=quiet_from).enqueue(strategy_id)
        return
    cache.delete(_ahead_key(strategy_id))
    job = find_job(cache.get(_job_key(strategy_id, AHEAD_SIZE)))
    if job is None or job.status != TaskResultStatus.READY:
        render_strategy_pdf.call(strategy_id, AHEAD_SIZE)


def _ahead_key(strategy_id: int) -> str:
    return f"pdf-ahead:{strategy_id}"


def schedule_render_ahead(sender, strategy_ids, **kwargs) -> None:
    """When a strategy's content changes, make sure a render ahead is scheduled: one
    per strategy at a time, run once its edits have stopped for a while."""
    seconds = settings.PDF_RENDER_AHEAD_SECONDS
    if not seconds or not render_ahead.get_backend().supports_defer:
        return  # off, or a queue that cannot wait (tests run tasks at once)
    run_after = timezone.now() + datetime.timedelta(seconds=seconds)

    def schedule(strategy_id: int) -> None:
        if cache.add(_ahead_key(strategy_id), True, JOB_SECONDS):
            render_ahead.using(run_after=run_after).enqueue(strategy_id)

    for strategy_id in strategy_ids:
        # Once the change is saved: a change rolled back schedules nothing.
        transaction.on_commit(lambda pk=strategy_id: schedule(pk))


@dataclass
class PdfRequest:
    """What a download request gets: the PDF at once, or a render job to wait for."""

    pdf: bytes | None = None
    job: object = None


def request_pdf(strategy: Strategy, page_size: str, edition: str = MANAGERS) -> PdfRequest:
    """The cached PDF if this version of the strategy was rendered, else a render job,
    in the reader's variant of the document's language (``reader_locale``).

    A strategy has at most one render waiting per page size: requests share it,
    whatever version they asked for, since it renders the strategy as it is when
    it starts. Only when the render under way is of an older version is another
    one queued behind it.
    """
    page_size, edition = normal_page_size(page_size), normal_edition(edition)
    locale = reader_locale(strategy.language)
    key = cache_key(strategy, page_size, kind=_document_kind(edition, locale))
    pdf = cache.get(key)
    if pdf is not None:
        return PdfRequest(pdf=pdf)
    job_key = _job_key(strategy.pk, page_size, edition, locale)
    job = find_job(cache.get(job_key))
    waiting = job is not None and job.status == TaskResultStatus.READY
    rendering_this = (
        job is not None
        and job.status == TaskResultStatus.RUNNING
        and cache.get(f"pdf-rendering:{key}") is not None
    )
    if not (waiting or rendering_this):
        job = render_strategy_pdf.enqueue(strategy.pk, page_size, edition, locale)
        cache.set(job_key, job.id, JOB_SECONDS)
    if job.status == TaskResultStatus.SUCCESSFUL:  # a backend that runs tasks at once
        return PdfRequest(pdf=cache.get(key), job=job)
    return PdfRequest(job=job)


def find_job(job_id, strategy: Strategy | None = None):
    """The render job with this id (of this strategy, when given), or None."""
    if not job_id:
        return None
    try:
        job = render_strategy_pdf.get_result(str(job_id))
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError, ValueError):
        return None
    if strategy is not None and (not job.args or job.args[0] != strategy.pk):
        return None
    return job
