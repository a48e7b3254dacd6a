"""What the strategy costs, in the document, its PDF and the one-page summary."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from report.document import build_document
from report.pdf import render_html
from tests.factories import BudgetLineFactory, BudgetMonthFactory
from tests.report.test_document import needs_pdftotext
from tests.report.test_summary import pdf_pages


def month(number: int) -> datetime.date:
    return datetime.date(2027, number, 1)


@pytest.fixture
def budgeted(team):
    """A year's budget in EUR: a paid platform at 1,000 a month, a tool at 50.50 a
    month; January to March spent (the platform 1,100 a month: over budget)."""
    strategy = team.strategy
    strategy.currency = "EUR"
    strategy.save()
    ads = BudgetLineFactory(
        strategy=strategy, kind="paid_platform", name="Search ads", media_type="paid", position=1
    )
    tool = BudgetLineFactory(
        strategy=strategy, kind="tool", name="Mail platform", media_type="owned", position=2
    )
    for number in range(1, 13):
        spent = number <= 3
        BudgetMonthFactory(
            line=ads, month=month(number), planned=1000, actual=1100 if spent else None
        )
        BudgetMonthFactory(
            line=tool,
            month=month(number),
            planned=Decimal("50.50"),
            actual=Decimal("50.50") if spent else None,
        )
    return team


def test_the_executive_summary_says_what_the_strategy_costs(budgeted):
    html = render_html(build_document(budgeted.strategy))
    summary = html.split('id="summary"')[1].split("</section>")[0]
    # 12 × 1,050.50 = 12,606.00; owned 606.00, paid 12,000.00
    assert "€12,606.00 planned over 12 months (€1,050.50 a month on average)" in summary
    assert "owned €606.00, earned €0.00, paid €12,000.00." in summary
    # spent 3 × 1,150.50 = 3,451.50 against 3 × 1,050.50 = 3,151.50 planned
    assert "Spent so far: €3,451.50 in 3 months, +€300.00 against the plan for them." in summary


def test_the_budget_chapter_adds_up_by_quarter(budgeted):
    html = render_html(build_document(budgeted.strategy))
    chapter = html.split('id="budget"')[1].split("</section>")[0]
    for label in ("Q1 2027", "Q2 2027", "Q3 2027", "Q4 2027"):
        assert label in chapter
    assert "3,000.00" in chapter and "151.50" in chapter  # a quarter of each line
    assert "3,151.50" in chapter  # a quarter in all
    assert "12,606.00" in chapter  # the year
    assert "3,451.50" in chapter and "+300.00" in chapter  # spent, variance of Q1


def test_a_strategy_without_a_budget_says_so(team):
    html = render_html(build_document(team.strategy))
    assert "No budget yet" in html.split('id="budget"')[1]


def test_romanian_and_persian_write_the_cost_as_they_write_money(budgeted):
    strategy = budgeted.strategy
    strategy.language = "ro"
    strategy.save()
    html = render_html(build_document(strategy))
    assert "12.606,00\u00a0EUR" in html
    assert "peste 12 de luni" not in html  # 12 takes no "de" in Romanian
    strategy.language = "fa"
    strategy.save()
    html = render_html(build_document(strategy))
    assert "۱۲٬۶۰۶٫۰۰" in html
    assert "12,606" not in html


@needs_pdftotext
def test_the_one_page_summary_has_the_budget_and_stays_on_one_page(client_for, budgeted, tmp_path):
    response = client_for(budgeted.viewer).get(
        reverse("report:summary_pdf", args=[budgeted.strategy.uuid])
    )
    pages, text = pdf_pages(response.content, tmp_path)
    assert pages == 1
    assert "€12,606.00 planned over 12 months" in " ".join(text.split())


def test_the_document_says_how_each_checked_goal_is_doing(team):
    """Results so far, in the executive summary and under the goals: each goal's
    latest check-in against its milestone, with its status and the rule."""
    from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory

    ahead = GoalFactory(strategy=team.strategy, marketing_goal="Win more leads")
    behind = GoalFactory(strategy=team.strategy, marketing_goal="Grow the newsletter")
    GoalFactory(strategy=team.strategy, marketing_goal="Not checked yet")
    january = CheckInFactory(strategy=team.strategy, month=month(1))
    february = CheckInFactory(strategy=team.strategy, month=month(2))
    CheckInValueFactory(check_in=january, goal=ahead, actual=150)
    CheckInValueFactory(check_in=february, goal=ahead, actual=200)
    CheckInValueFactory(check_in=february, goal=behind, actual=50)

    html = render_html(build_document(team.strategy))
    summary = html.split('id="summary"')[1].split("</section>")[0]
    # names set apart from the text around them (FSI … PDI)
    assert "On track</span>: \u2068Win more leads\u2069" in summary
    assert "Off track</span>: \u2068Grow the newsletter\u2069" in summary
    # in the goal's unit, set apart like the names
    assert "200 \u2068leads a month\u2069 against a milestone of" in summary
    assert "in February 2027" in summary
    assert "Not checked yet" not in summary.split("Results so far")[1].split("<h3>")[0]
    goals = html.split('id="goals"')[1].split("</section>")[0]
    assert "Results so far" in goals and "Off track" in goals
    assert "of the way from the baseline to the milestone" in goals  # the rule, in words


def test_a_document_without_check_ins_has_no_results_section(team):
    from tests.factories import GoalFactory

    GoalFactory(strategy=team.strategy)
    assert "Results so far" not in render_html(build_document(team.strategy))


def test_the_workbook_has_the_budget_and_the_results_as_real_cells(budgeted):
    import io

    import openpyxl

    from report.xlsx import strategy_workbook
    from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory

    goal = GoalFactory(strategy=budgeted.strategy, marketing_goal="Win more leads")
    CheckInValueFactory(
        check_in=CheckInFactory(strategy=budgeted.strategy, month=month(2)), goal=goal, actual=130
    )
    book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(build_document(budgeted.strategy))))
    assert book.sheetnames[-2:] == ["Budget", "Results"]
    rows = list(book["Results"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 12  # every month of the horizon
    february = rows[1]
    # The goal's ID first and the check-in's edit version last, for the import.
    check_in = budgeted.strategy.check_ins.get()
    assert february[0] == goal.pk and february[-1] == check_in.edit_version
    assert february[1] == "Win more leads"
    assert february[2].date() == month(2)  # a date cell
    assert february[4] == 130 and isinstance(february[3], (int, float))
    assert february[5] in ("On track", "At risk", "Off track")
    assert rows[0][4] is None and rows[0][5] in (None, "")  # no check-in in January
    assert rows[0][-1] is None
    budget = list(book["Budget"].iter_rows(min_row=2, values_only=True))
    assert any(row[1] == "Search ads" and 1000 in row for row in budget)
