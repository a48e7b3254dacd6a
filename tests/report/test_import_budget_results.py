"""The Budget and Results sheets come back from Excel through the same
preview-then-apply flow as the content plan: a week after the export, the team's
figures are shown cell by cell, checked by the grid's and the Results page's own
forms, and written all or nothing; work saved in the app since the export is a
conflict, never undone."""

import contextlib
import datetime
import io
import time
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from budget.models import BudgetMonth, Figure
from report.document import build_document
from report.grid_import import GridDescriber, apply_grid_import, plan_grid_import
from report.xlsx import strategy_workbook
from report.xlsx_import import plan_as_data, preview_page
from report.xlsx_reader import ImportRefused
from results.models import CheckIn, Milestone, results_of
from tests.report.hostile_workbooks import HOSTILE
from tests.report.test_import_hostile import SECONDS, built
from tests.starters.test_demo_living_plan import demo

D = Decimal
MARCH, JUNE = datetime.date(2027, 3, 1), datetime.date(2027, 6, 1)


@pytest.fixture
def strategy(db):
    with translation.override("en"):
        yield demo("en")


def exported(strategy):
    book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(build_document(strategy))))
    return book


def columns(sheet) -> dict:
    return {cell.value: cell.column for cell in sheet[1]}


def upload(book, name="northwind.xlsx") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def budget_row(sheet, name, figure) -> int:
    found = columns(sheet)
    return next(
        row
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, found["Line"]).value == name
        and sheet.cell(row, found["Figure"]).value == figure
    )


def results_row(sheet, goal, month) -> int:
    found = columns(sheet)
    return next(
        row
        for row in range(2, sheet.max_row + 1)
        if sheet.cell(row, found["Goal"]).value == goal
        and sheet.cell(row, found["Month"]).value.date() == month
    )


def plan(strategy, book, kind):
    return plan_grid_import(strategy, upload(book), kind)


def preview(strategy, found, kind):
    return preview_page(strategy, plan_as_data(found), 1, (), GridDescriber(kind, strategy))


def paid_line(strategy):
    return strategy.budget_lines.exclude(asset=None).order_by("position").first()


def month_figure(line, month, figure="actual"):
    return BudgetMonth.objects.filter(line=line, month=month).values_list(figure, flat=True).first()


# The budget


def test_an_unchanged_export_imports_nothing(strategy):
    for kind in ("budget", "results"):
        found = plan(strategy, exported(strategy), kind)
        assert not found.errors and not found.can_apply, kind
        assert found.unchanged > 0


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_a_persian_or_romanian_export_comes_back_with_its_changes(db, language):
    with translation.override(language):
        strategy = demo(language)
        line = paid_line(strategy)
        book = exported(strategy)
        budget, results = book.worksheets[-2], book.worksheets[-1]
        at = columns(budget)
        actual = str(Figure.ACTUAL.label)
        row = next(
            row
            for row in range(2, budget.max_row + 1)
            if budget.cell(row, at["ID"]).value == line.pk
            and budget.cell(row, at[str(gettext("Figure"))]).value == actual
        )
        budget.cell(row, at["2027-06"]).value = 1250
        found = plan(strategy, book, "budget")
        assert not found.errors and len(found.updates) == 1
        unchanged = plan(strategy, book, "results")
        assert not unchanged.errors and not unchanged.can_apply and results.max_row > 1
        apply_grid_import(strategy, plan_as_data(found))
    assert month_figure(line, JUNE) == D("1250")


def test_budget_figures_typed_in_excel_are_shown_then_written(strategy):
    line = paid_line(strategy)
    book = exported(strategy)
    sheet = book["Budget"]
    sheet.cell(budget_row(sheet, line.name, "Actual"), columns(sheet)["2027-06"]).value = 1234.5
    sheet.cell(budget_row(sheet, line.name, "Planned"), columns(sheet)["2027-03"]).value = 900
    found = plan(strategy, book, "budget")
    assert not found.errors
    shown = preview(strategy, found, "budget")
    assert shown.counts["changed"] == 1
    [row] = shown.rows
    assert row.name == line.name
    changes = {change["header"]: (change["old"], change["new"]) for change in row.fields}
    assert changes["Actual · June 2027"] == ("", "1,234.50")
    assert changes["Planned · March 2027"][1] == "900.00"
    version = line.edit_version

    done = apply_grid_import(strategy, plan_as_data(found))
    assert done["updated"] == 1
    assert month_figure(line, JUNE) == D("1234.50")
    assert month_figure(line, MARCH, "planned") == D("900")
    line.refresh_from_db()
    assert line.edit_version > version


def test_budget_cells_the_grid_refuses_are_named_and_nothing_is_written(strategy):
    line = paid_line(strategy)
    outsourced = strategy.budget_lines.get(from_content_plan=True)
    book = exported(strategy)
    sheet = book["Budget"]
    at = columns(sheet)
    sheet.cell(budget_row(sheet, line.name, "Actual"), at["2027-06"]).value = -5
    sheet.cell(budget_row(sheet, line.name, "Actual"), at["2027-07"]).value = "lots"
    sheet.cell(budget_row(sheet, line.name, "Actual"), at["2027-08"]).value = 10.005
    sheet.cell(budget_row(sheet, outsourced.name, "Planned"), at["2027-06"]).value = 1
    found = plan(strategy, book, "budget")
    messages = {(error.column, error.message) for error in found.errors}
    assert ("2027-06", "Enter zero or more: spend is never negative.") in messages
    assert ("2027-07", "Enter an amount, such as 1250.") in messages
    assert any(column == "2027-08" for column, _message in messages)
    assert (
        "Figure",
        "This line's planned figures come from the content plan: change them there.",
    ) in messages
    assert not found.can_apply
    with pytest.raises(ValidationError):
        apply_grid_import(strategy, plan_as_data(found))
    assert month_figure(line, JUNE) is None


def test_a_new_line_in_the_file_is_added_with_its_months(strategy):
    book = exported(strategy)
    sheet = book["Budget"]
    at = columns(sheet)
    last = max(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, at["Figure"]).value)
    sheet.insert_rows(last + 1, 2)
    for offset, figure, amount in ((1, "Planned", 300), (2, "Actual", 280)):
        row = last + offset
        sheet.cell(row, at["Line"]).value = "Podcast sponsorship"
        sheet.cell(row, at["Kind"]).value = "Other"
        sheet.cell(row, at["Media type"]).value = "Paid"
        sheet.cell(row, at["Figure"]).value = figure
        sheet.cell(row, at["2027-05"]).value = amount
    found = plan(strategy, book, "budget")
    assert not found.errors
    shown = preview(strategy, found, "budget")
    assert shown.counts["new"] == 1
    apply_grid_import(strategy, plan_as_data(found))
    line = strategy.budget_lines.get(name="Podcast sponsorship")
    assert line.media_type == "paid" and line.kind == "other"
    assert month_figure(line, datetime.date(2027, 5, 1), "planned") == D("300")
    assert month_figure(line, datetime.date(2027, 5, 1)) == D("280")


def test_a_line_saved_in_the_app_since_the_export_is_a_conflict_kept_unless_chosen(strategy):
    line = paid_line(strategy)
    book = exported(strategy)
    sheet = book["Budget"]
    sheet.cell(budget_row(sheet, line.name, "Actual"), columns(sheet)["2027-06"]).value = 700
    # A week later someone types June's spend in the grid.
    BudgetMonth.objects.update_or_create(line=line, month=JUNE, defaults={"actual": D("650")})
    line.save()
    found = plan(strategy, book, "budget")
    shown = preview(strategy, found, "budget")
    assert shown.counts["conflicts"] == 1 and not shown.counts["changed"]
    [row] = shown.rows
    assert row.kind == "conflict"
    assert [(c["old"], c["new"]) for c in row.fields] == [("650.00", "700.00")]

    done = apply_grid_import(strategy, plan_as_data(found))
    assert done["kept"] == 1 and month_figure(line, JUNE) == D("650")
    apply_grid_import(strategy, plan_as_data(found), chosen=[str(line.pk)])
    assert month_figure(line, JUNE) == D("700")


def test_a_change_saved_after_the_preview_stops_the_whole_import(strategy):
    line = paid_line(strategy)
    book = exported(strategy)
    sheet = book["Budget"]
    sheet.cell(budget_row(sheet, line.name, "Actual"), columns(sheet)["2027-06"]).value = 700
    found = plan(strategy, book, "budget")
    line.save()  # saved in the app between the preview and "Apply"
    with pytest.raises(ValidationError, match="changed in the app after the preview"):
        apply_grid_import(strategy, plan_as_data(found))
    assert month_figure(line, JUNE) is None


def test_budget_ids_of_another_strategy_refuse_the_file(strategy, db):
    other = demo("ro")
    book = exported(other)
    with pytest.raises(ImportRefused, match="another strategy"):
        plan(strategy, book, "budget")


# The results


def test_results_actuals_and_milestones_typed_in_excel_are_written(strategy):
    leads = results_of(strategy)[0]
    book = exported(strategy)
    sheet = book["Results"]
    at = columns(sheet)
    sheet.cell(results_row(sheet, leads.name, MARCH), at["Actual"]).value = 54700
    sheet.cell(results_row(sheet, leads.name, JUNE), at["Actual"]).value = 58100
    sheet.cell(results_row(sheet, leads.name, JUNE), at["Milestone"]).value = 60000
    found = plan(strategy, book, "results")
    assert not found.errors
    shown = preview(strategy, found, "results")
    assert shown.counts == {**shown.counts, "new": 1, "changed": 2}
    described = {row.name: row.fields for row in shown.rows}
    assert (
        described["Check-in for March 2027"][0]["old"]
        != described["Check-in for March 2027"][0]["new"]
    )
    assert "Check-in for June 2027" in described
    milestone = described[leads.name][0]
    assert milestone["header"] == "Milestone · June 2027" and milestone["new"].startswith("60,000")

    apply_grid_import(strategy, plan_as_data(found))
    march = strategy.check_ins.get(month=MARCH)
    assert march.actuals()[leads.goal_id] == D("54700")
    assert strategy.check_ins.get(month=JUNE).actuals() == {leads.goal_id: D("58100")}
    assert Milestone.objects.get(goal_id=leads.goal_id, month=JUNE).value == D("60000")


def test_an_emptied_milestone_goes_back_to_the_even_spread(strategy):
    leads = results_of(strategy)[0]
    Milestone.objects.create(goal_id=leads.goal_id, month=JUNE, value=D("61000"))
    book = exported(strategy)
    sheet = book["Results"]
    sheet.cell(results_row(sheet, leads.name, JUNE), columns(sheet)["Milestone"]).value = None
    found = plan(strategy, book, "results")
    [row] = preview(strategy, found, "results").rows
    assert row.fields[0]["new"] == "the even spread"
    apply_grid_import(strategy, plan_as_data(found))
    assert not Milestone.objects.filter(goal_id=leads.goal_id, month=JUNE).exists()


def test_results_rows_the_page_refuses_are_named(strategy):
    leads = results_of(strategy)[0]
    book = exported(strategy)
    sheet = book["Results"]
    at = columns(sheet)
    sheet.cell(results_row(sheet, leads.name, MARCH), at["Actual"]).value = "many"
    row = results_row(sheet, leads.name, JUNE)
    sheet.cell(row, at["Month"]).value = datetime.datetime(2031, 1, 1)
    found = plan(strategy, book, "results")
    messages = {(error.column, error.message) for error in found.errors}
    assert ("Actual", "Enter a number, such as 1250 or 2.5.") in messages
    assert (
        "Month",
        "Choose a month inside the strategy's horizon, written as 2027-03.",
    ) in messages
    assert not found.can_apply


def test_a_check_in_saved_in_the_app_since_the_export_is_a_conflict(strategy):
    leads = results_of(strategy)[0]
    book = exported(strategy)
    sheet = book["Results"]
    sheet.cell(results_row(sheet, leads.name, MARCH), columns(sheet)["Actual"]).value = 54700
    march = strategy.check_ins.get(month=MARCH)
    march.note = "Edited in the app meanwhile"
    march.save()
    found = plan(strategy, book, "results")
    assert len(found.conflicts) == 1 and not found.updates
    done = apply_grid_import(strategy, plan_as_data(found))
    assert done["kept"] == 1
    assert CheckIn.objects.get(pk=march.pk).actuals()[leads.goal_id] != D("54700")


# The page


def test_the_import_page_previews_and_applies_the_budget(client_for, strategy):
    line = paid_line(strategy)
    book = exported(strategy)
    sheet = book["Budget"]
    sheet.cell(budget_row(sheet, line.name, "Actual"), columns(sheet)["2027-06"]).value = 415
    client = client_for(strategy.memberships.get(user__username="ioana").user)
    url = reverse("report:import", args=[strategy.uuid])
    response = client.post(url, {"kind": "budget", "file": upload(book)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Actual · June 2027" in page and "415.00" in page
    token = response.context["token"]
    response = client.post(reverse("report:import_apply", args=[strategy.uuid]), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse("budget:grid", args=[strategy.uuid])
    assert month_figure(line, JUNE) == D("415")


# Hostile files


@pytest.mark.parametrize("kind", ["budget", "results"])
def test_hostile_workbooks_are_refused_within_the_bounds(team, kind):
    """The budget and the results read uploads with the same bounded reader as the
    content plan: every hostile workbook ends in a refusal (or a plan with errors)
    within the time the content plan's import is allowed."""
    for name in sorted(HOSTILE):
        data = built(name)
        started = time.perf_counter()
        with contextlib.suppress(ImportRefused):
            plan_grid_import(team.strategy, SimpleUploadedFile("plan.xlsx", data), kind)
        assert time.perf_counter() - started < SECONDS, name
