"""Importing 5,000 content-plan rows: the preview, then applying it; what
hostile workbooks cost; and the budget and the results brought back.

The workbook is the large strategy's own content-plan export with 500 rows
changed, 500 left alone and 4,000 new rows added. Both steps go through the
views as a user does (upload → preview page; apply → redirect); each apply
is rolled back so that every run starts from the same plan. Floors: reading
the same workbook's rows with openpyxl (preview), and bulk_create /
bulk_update of the same rows with the ORM (apply).

The hostile workbooks are the tests' (tests/report/hostile_workbooks.py): each
is read by plan_import() once for its time and once under tracemalloc for its
peak memory; the line gives the slowest time and the highest peak, against the
ceiling the import promises (bench/README.md).
"""

import contextlib
import io
import logging
import re
import statistics
import time
import tracemalloc

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bench import generate
from bench.measure import Figure, megabytes, profiled, report, seconds, timed, verdict
from content_plan.models import ContentPiece
from report.document import build_document
from report.xlsx import PLAN_COLUMNS, content_plan_workbook, strategy_workbook
from report.xlsx_import import plan_as_data, plan_import
from strategy_planner.models import Role, Strategy
from tests.report.hostile_workbooks import HOSTILE

RUNS = 3
PATIENCE = 40  # seconds: stop repeating once the runs took this long
CHANGED, NEW = 500, 4000
MEMORY_CEILING = 150 * 1024 * 1024  # peak memory of reading any upload (bench/README.md)
HOSTILE_SECONDS = 12  # as tests/report/test_import_hostile.py allows
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def workbook_of_5000_rows(strategy: Strategy) -> bytes:
    workbook = load_workbook(io.BytesIO(content_plan_workbook(build_document(strategy))))
    ws = workbook.worksheets[0]
    title = [column.key for column in PLAN_COLUMNS].index("title") + 1
    existing = list(ws.iter_rows(min_row=2, values_only=True))
    for row in range(2, 2 + CHANGED):
        ws.cell(row=row, column=title).value += " (v2)"
    for number in range(NEW):
        values = list(existing[number % len(existing)])
        values[0] = None  # no ID: a new piece
        values[title - 1] = f"{values[title - 1]} (new {number + 1})"
        ws.append(values)
    for table in list(ws.tables):
        del ws.tables[table]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(client: Client, url: str, data: bytes) -> str:
    upload = SimpleUploadedFile("content-plan.xlsx", data, content_type=XLSX)
    response = client.post(url, {"kind": "content_plan", "file": upload})
    if response.status_code != 200:
        raise RuntimeError(f"the import preview answered {response.status_code}")
    return response.content.decode()


def bare_writes(strategy: Strategy, plan: dict) -> None:
    """The floor for applying: the same rows written with bulk_create and bulk_update."""
    fields = ("title", "format", "stage", "reason", "priority", "production", "status")
    fields += ("hours", "budget", "due_date", "publish_date")
    links = ("persona", "goal", "owner")
    pieces = ContentPiece.objects.bulk_create(
        [
            ContentPiece(
                strategy=strategy,
                **{name: item["data"].get(name) or None for name in fields},
                **{f"{name}_id": item["data"].get(name) or None for name in links},
            )
            for item in plan["creates"]
        ],
        batch_size=500,
    )
    ContentPiece.promotion_channels.through.objects.bulk_create(
        (
            ContentPiece.promotion_channels.through(contentpiece=piece, asset_id=channel)
            for piece, item in zip(pieces, plan["creates"], strict=True)
            for channel in item["data"].get("promotion_channels", [])
        ),
        batch_size=500,
    )
    updated = ContentPiece.objects.in_bulk([item["id"] for item in plan["updates"]])
    for item in plan["updates"]:
        updated[item["id"]].title = item["data"]["title"]
    ContentPiece.objects.bulk_update(updated.values(), ["title"], batch_size=500)


def upload(client: Client, url: str, data: bytes) -> int:
    """Upload a file to the import page, as a browser does; its status (400: refused)."""
    form = {
        "kind": "content_plan",
        "file": SimpleUploadedFile("plan.xlsx", data, content_type=XLSX),
    }
    # A refused file is answered 400, which Django logs as a warning: no news here.
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return client.post(url, form).status_code
    finally:
        logger.setLevel(level)


def traced_peak(fn) -> int:
    """Python's peak memory while ``fn`` runs, in bytes, over what it held before: what
    the request adds to the process (tracemalloc's own bookkeeping left out)."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        fn()
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def hostile_files(client: Client, url: str, figures: list) -> None:
    """The slowest and the most memory-hungry of the hostile workbooks, uploaded."""
    times, peaks = {}, {}
    for name, build in HOSTILE.items():
        data = build()
        started = time.perf_counter()
        upload(client, url, data)
        times[name] = time.perf_counter() - started
        peaks[name] = traced_peak(lambda data=data: upload(client, url, data))
    slowest = max(times, key=times.get)
    hungriest = max(peaks, key=peaks.get)
    report(
        Figure(
            "import",
            f"hostile: worst of {len(HOSTILE)} files",
            seconds(times[slowest]),
            budget=f"<{HOSTILE_SECONDS} s, <{MEMORY_CEILING // 1024 // 1024} MB",
            verdict=verdict(
                times[slowest] < HOSTILE_SECONDS and peaks[hungriest] < MEMORY_CEILING, "OVER"
            ),
            numbers={"seconds": times, "peak_bytes": peaks},
            detail=(f"slowest: {slowest}; peak {megabytes(peaks[hungriest])}: {hungriest}"),
        ),
        figures,
    )


def run(figures: list) -> None:
    strategy = generate.ensure("large")
    data = workbook_of_5000_rows(strategy)
    plan = plan_as_data(
        plan_import(
            strategy, SimpleUploadedFile("plan.xlsx", data, content_type=XLSX), "content_plan"
        )
    )
    client = Client()
    client.force_login(strategy.memberships.get(role=Role.OWNER).user)
    url = reverse("report:import", args=[strategy.uuid])
    apply_url = reverse("report:import_apply", args=[strategy.uuid])

    # Each run times ours and then its floor, so that both see the same machine.
    times = {"preview": [], "read": [], "apply": [], "write": []}
    summary = ""
    for run_number in range(RUNS):
        page = ""

        def check():
            nonlocal page
            page = preview(client, url, data)

        with profiled("import-preview") if run_number == 0 else contextlib.nullcontext():
            times["preview"].append(timed(check))
        times["read"].append(
            timed(
                lambda: list(load_workbook(io.BytesIO(data), read_only=True).worksheets[0].values)
            )
        )
        summary = re.sub(r"\s+", " ", re.search(r'id="import-summary">(.*?)</p>', page, re.S)[1])
        token = re.search(r'name="token" value="([^"]+)"', page)
        if token is None:
            raise RuntimeError(f"the import preview offers nothing to apply: {summary}")
        with rolled_back():
            response = None

            def apply(token=token[1]):
                nonlocal response
                response = client.post(apply_url, {"token": token})

            with profiled("import-apply") if run_number == 0 else contextlib.nullcontext():
                times["apply"].append(timed(apply))
            if response.status_code != 302 or response["Location"].endswith("/import/"):
                raise RuntimeError("applying the import failed")
        with rolled_back():
            times["write"].append(timed(lambda: bare_writes(strategy, plan)))
        if sum(times["preview"]) + sum(times["apply"]) > PATIENCE:
            break

    for case, floor_case, budget in (("preview", "read", 5), ("apply", "write", 10)):
        ours, floor = statistics.median(times[case]), statistics.median(times[floor_case])
        report(
            Figure(
                "import",
                f"large: 5,000 rows, {case}",
                seconds(ours),
                seconds(floor),
                f"{ours / floor:.0f}x",
                f"<{budget} s",
                verdict(ours < budget),
                {"ours_s": ours, "floor_s": floor, "runs_s": times[case]},
                detail=summary if case == "preview" else "",
            ),
            figures,
        )
    upload_peak = traced_peak(lambda: upload(client, url, data))
    report(
        Figure(
            "import",
            "large: 5,000 rows, preview's memory",
            megabytes(upload_peak),
            budget=f"<{MEMORY_CEILING // 1024 // 1024} MB",
            verdict=verdict(upload_peak < MEMORY_CEILING, "OVER"),
            numbers={"peak_bytes": upload_peak},
        ),
        figures,
    )
    hostile_files(client, url, figures)
    grid_imports(strategy, client, url, apply_url, figures)


GRID_SECONDS = 2  # a budget of 150 lines or the results of 20 goals, previewed or applied


def grid_workbook(strategy: Strategy) -> bytes:
    """The large strategy's workbook with June's actual typed for every budget line and
    every goal: the month a team brings back after a check-in."""
    workbook = load_workbook(io.BytesIO(strategy_workbook(build_document(strategy))))
    budget, results = workbook["Budget"], workbook["Results"]
    at = {cell.value: cell.column for cell in budget[1]}
    june = next(key for key in at if isinstance(key, str) and key.endswith("-06"))
    for row in range(2, budget.max_row + 1):
        if budget.cell(row, at["Figure"]).value == "Actual":
            budget.cell(row, at[june]).value = 1000 + row
    at = {cell.value: cell.column for cell in results[1]}
    for row in range(2, results.max_row + 1):
        month = results.cell(row, at["Month"]).value
        if month is not None and month.month == 6:
            results.cell(row, at["Actual"]).value = 500 + row
    for sheet in (budget, results):
        for table in list(sheet.tables):
            del sheet.tables[table]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def grid_imports(strategy: Strategy, client: Client, url: str, apply_url: str, figures) -> None:
    """The budget and the results brought back: the preview page, then applying it."""
    data = grid_workbook(strategy)
    for kind in ("budget", "results"):
        times = {"preview": [], "apply": []}
        summary = ""
        for _run in range(RUNS):
            response = None

            def check(kind=kind):
                nonlocal response
                upload = SimpleUploadedFile("northwind.xlsx", data, content_type=XLSX)
                response = client.post(url, {"kind": kind, "file": upload})

            times["preview"].append(timed(check))
            page = response.content.decode()
            summary = re.sub(
                r"\s+", " ", re.search(r'id="import-summary">(.*?)</p>', page, re.S)[1]
            )
            token = re.search(r'name="token" value="([^"]+)"', page)
            if token is None:
                raise RuntimeError(f"the {kind} import offers nothing to apply: {summary}")
            with rolled_back():

                def apply(token=token[1]):
                    nonlocal response
                    response = client.post(apply_url, {"token": token})

                times["apply"].append(timed(apply))
                if response.status_code != 302 or response["Location"].endswith("/import/"):
                    raise RuntimeError(f"applying the {kind} import failed")
        for case in ("preview", "apply"):
            ours = statistics.median(times[case])
            report(
                Figure(
                    "import",
                    f"large: {kind}, June's actuals, {case}",
                    seconds(ours),
                    budget=f"<{GRID_SECONDS} s",
                    verdict=verdict(ours < GRID_SECONDS),
                    numbers={"ours_s": ours, "runs_s": times[case]},
                    detail=summary if case == "preview" else "",
                ),
                figures,
            )
