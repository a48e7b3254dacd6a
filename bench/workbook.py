"""The strategy workbook: our export against bare openpyxl writing the same cells.

The floor reads our own file back and writes every sheet's values again with
openpyxl in write-only mode — no styles, tables or validations. Both start
from a built document (building it is timed on its own line). Memory is the
tracemalloc peak while writing, at 1,000 and at 4,000 content pieces. Even
the floor grows a little with the rows (openpyxl keeps the shared strings and
the finished file in memory), so "flat" means: our peak grows by at most 1.25
times what the floor's grows, never with every cell held in memory.
"""

import io
import tracemalloc

from openpyxl import Workbook, load_workbook

from bench import generate
from bench.measure import (
    Figure,
    median_time,
    megabytes,
    profiled,
    report,
    seconds,
    side_by_side,
    verdict,
)
from report.document import build_document
from report.xlsx import strategy_workbook

RUNS = 3
FLAT = 1.25


def cells_of(data: bytes) -> list[tuple[str, list[tuple]]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [(ws.title, list(ws.iter_rows(values_only=True))) for ws in workbook.worksheets]


def write_only(sheets: list[tuple[str, list[tuple]]]) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def peak(fn) -> int:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(figures: list) -> None:
    large = generate.ensure("large")
    build = median_time(lambda: build_document(large), RUNS)
    report(
        Figure("workbook", "large: build_document()", seconds(build), numbers={"ours_s": build}),
        figures,
    )
    document = build_document(large)
    sheets = cells_of(strategy_workbook(document))
    write_only(sheets)
    ours, floor = side_by_side(
        lambda: strategy_workbook(document), lambda: write_only(sheets), runs=15
    )
    with profiled("workbook"):
        strategy_workbook(document)
    rows = sum(len(rows) for _title, rows in sheets)
    report(
        Figure(
            "workbook",
            f"large: export ({rows:,} rows)",
            seconds(ours),
            seconds(floor),
            f"{ours / floor:.2f}x",
            "≤1.3x",
            verdict(ours <= 1.3 * floor),
            {"ours_s": ours, "floor_s": floor, "rows": rows},
        ),
        figures,
    )

    peaks = {"ours": [], "floor": []}
    for strategy in (large, generate.ensure("large", pieces=4000)):
        document = build_document(strategy)
        sheets = cells_of(strategy_workbook(document))
        peaks["ours"].append(peak(lambda document=document: strategy_workbook(document)))
        peaks["floor"].append(peak(lambda sheets=sheets: write_only(sheets)))
    growth = {side: values[1] - values[0] for side, values in peaks.items()}
    ratio = growth["ours"] / max(growth["floor"], 1)
    report(
        Figure(
            "workbook",
            "peak memory, 1,000 → 4,000 pieces",
            " → ".join(megabytes(v) for v in peaks["ours"]),
            " → ".join(megabytes(v) for v in peaks["floor"]),
            f"{ratio:.2f}x",
            f"growth ≤{FLAT}x floor's",
            verdict(ratio <= FLAT, "GROWS"),
            {"peaks_bytes": peaks, "growth_bytes": growth},
        ),
        figures,
    )
