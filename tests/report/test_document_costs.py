"""The document's budget chapter says what a lead and a customer cost so far on the
paid platforms, by the budget page's own rule, once check-ins record their results."""

import html as html_module
import io
import re

import openpyxl
from django.utils import translation

from budget.grid import Summary
from budget.models import budget_of
from report.document import build_document
from report.pdf import render_html
from report.xlsx import strategy_workbook
from tests.starters.test_demo_living_plan import demo


def text_of(html: str) -> str:
    return (
        re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))
        .replace("\u2068", "")
        .replace("\u2069", "")
    )


def test_the_demo_document_says_what_a_lead_cost_so_far_as_the_budget_page_does(db):
    with translation.override("en"):
        strategy = demo("en")
        document = build_document(strategy)
        text = text_of(render_html(document))
        summary = {figure.key: figure for figure in Summary(budget_of(strategy)).figures}
    per_lead = document.costs_so_far["leads"]
    assert per_lead.cost is not None and per_lead.results > 0
    shown = summary["summary-actual-cost-per-lead"].text
    assert f"Actual cost per lead {shown}" in text
    assert "paid platforms:" in text
    assert "counting each platform's months that have both" in text


def test_without_recorded_results_the_document_says_nothing_of_actual_cost(team):
    document = build_document(team.strategy)
    assert document.costs_so_far["leads"].cost is None
    assert "Actual cost per lead" not in render_html(document)


def test_the_workbook_s_budget_sheet_ends_with_the_actual_costs(db):
    with translation.override("en"):
        strategy = demo("en")
        document = build_document(strategy)
        book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(document)))
    rows = {
        row[4]: row[-2]
        for row in book["Budget"].iter_rows(min_row=2, values_only=True)
        if row[4] in ("Actual cost per lead", "Actual cost per customer")
    }
    assert rows["Actual cost per lead"] == float(document.costs_so_far["leads"].cost)
    assert rows["Actual cost per customer"] == float(document.costs_so_far["conversions"].cost)
