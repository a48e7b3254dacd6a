"""An uploaded workbook is untrusted: whatever it holds, reading it takes bounded
memory and time, and what is too much is refused with a message.

The files come from tests/report/hostile_workbooks.py: a few kilobytes zipped,
each built to cost a careless reader gigabytes or minutes. Time bounds are
generous (a shared CI machine may be slow), far below what such files cost a
reader without bounds (tens of seconds to minutes); peak memory is Python's
own, measured with tracemalloc, against the ceiling of bench/README.md.
"""

import functools
import time
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from report.xlsx_import import ImportRefused, plan_import
from tests.report import hostile_workbooks as hostile

CEILING = 150 * 1024 * 1024  # peak memory of reading any upload (bench/README.md)
# Generous, for a busy machine: the slowest file here takes about 2 s on a quiet one
# (parsing as many XML elements as an upload may hold), where a reader without
# bounds takes a minute or runs out of memory.
SECONDS = 12


def outcome(strategy, data: bytes):
    """The plan or the refusal, and the seconds it took."""
    started = time.perf_counter()
    try:
        result = plan_import(strategy, SimpleUploadedFile("plan.xlsx", data), "content_plan")
    except ImportRefused as refused:
        result = refused
    return result, time.perf_counter() - started


def peak_memory(strategy, data: bytes) -> int:
    """Python's peak memory while the import reads the file, in bytes (tracemalloc's
    own bookkeeping slows it down: it is measured apart from the time)."""
    tracemalloc.start()
    try:
        outcome(strategy, data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def refused_with(strategy, data: bytes, message: str) -> ImportRefused:
    result, seconds = outcome(strategy, data)
    assert isinstance(result, ImportRefused), result
    assert message in str(result)
    assert seconds < SECONDS
    return result


@functools.cache
def built(name: str) -> bytes:
    return hostile.HOSTILE[name]()


@pytest.mark.parametrize("name", sorted(hostile.HOSTILE))
def test_every_hostile_file_stays_within_the_memory_and_time_bounds(team, name):
    data = built(name)
    assert len(data) < 5 * 1024 * 1024  # under the upload limit
    _result, seconds = outcome(team.strategy, data)
    assert seconds < SECONDS, f"{name}: {seconds:.1f} s"
    peak = peak_memory(team.strategy, data)
    assert peak < CEILING, f"{name}: {peak / 1024 / 1024:.0f} MB"


def test_a_huge_styles_part_is_refused_before_it_is_read(team):
    data = built("huge styles part")
    assert len(data) < 300_000
    refused_with(team.strategy, data, "The cell styles of the workbook take 51 MB unpacked")


def test_a_huge_shared_strings_part_is_refused_before_it_is_read(team):
    data = built("huge shared strings")
    assert len(data) < 300_000
    refused_with(team.strategy, data, "The text of the workbook takes 81 MB unpacked")


def test_a_part_full_of_elements_is_refused_once_the_work_is_too_much(team):
    data = built("shared strings within bounds, full of elements")
    refused_with(team.strategy, data, "more than the import can read at once")


def test_text_that_would_take_too_much_memory_is_refused(team):
    data = built("shared strings within bounds, long and wide")
    refused_with(team.strategy, data, "more than the import can read at once")


def test_one_text_longer_than_may_be_kept_is_refused_as_it_is_read(team):
    data = built("one cell of 40 MB of text")
    assert len(data) < 100_000
    refused_with(team.strategy, data, "more than the import can read at once")
    # Stopped while it is gathered, before it is all held, let alone held twice.
    assert peak_memory(team.strategy, data) < 40 * 1024 * 1024


def test_a_header_in_the_last_column_is_refused_at_once(team):
    data = built("header in the last column, a cell in the last row")
    assert len(data) < 3_000
    refused_with(
        team.strategy, data, "goes on to cell XFD1; the import reads the first 100 columns"
    )


def test_a_far_cell_outside_the_columns_read_costs_nothing(team):
    result, seconds = outcome(team.strategy, built("a cell in the last row and column"))
    assert seconds < SECONDS
    assert result.errors == [] and result.creates == []  # its only cell is not in column A


def test_rows_far_down_are_read_without_walking_the_rows_between(team):
    rows = hostile.PLAIN_ROWS + (
        f'<row r="1048576">{hostile.text_cell("A1048576", "At the very end")}</row>'
    )
    result, seconds = outcome(team.strategy, hostile.workbook(rows))
    assert seconds < SECONDS
    assert [item["row"] for item in result.creates] == [2, 3, 1_048_576]


def test_a_declared_dimension_is_not_believed(team):
    result, seconds = outcome(team.strategy, built("a declared dimension of the whole sheet"))
    assert seconds < SECONDS
    assert [item["data"]["title"] for item in result.creates] == ["Cold brew", "Grind guide"]


def test_a_sheet_past_its_size_is_refused_before_it_is_read(team):
    refused_with(team.strategy, built("a sheet past its size"), "A sheet of the workbook takes")


def test_entities_are_refused_as_damage(team):
    refused_with(team.strategy, built("entities within entities"), "damaged")


def test_a_workbook_of_too_many_files_is_refused(team):
    refused_with(team.strategy, built("more files than a workbook has"), "more than 1,000 files")


def test_a_header_row_wider_than_the_import_reads_is_refused(team):
    cells = "".join(
        hostile.text_cell(f"{column}1", "Title" if column == "A" else "note")
        for column in ("A", "CV", "CW")  # columns 1, 100 and 101
    )
    refused_with(team.strategy, hostile.workbook(f'<row r="1">{cells}</row>'), "cell CW1")


def test_the_bounds_are_the_reader_s(monkeypatch, team):
    """What the tests above rely on: the bounds they are built against."""
    from report import xlsx_reader

    assert xlsx_reader.PART_BYTES["styles"] < len(hostile.huge_styles())
    assert xlsx_reader.PART_BYTES["shared_strings"] < len(hostile.huge_shared_strings())
    assert xlsx_reader.MAX_ELEMENTS < 30_000_000 // 4
    monkeypatch.setattr(xlsx_reader, "MAX_ELEMENTS", 10)
    refused_with(team.strategy, hostile.workbook(), "more than the import can read at once")
