"""The document, its PDF, the one-page summary, the workbook and the import write and
read figures as the strategy's language does: counts as counts, money in its
currency's own minor units, hours in words, Persian digits in a Persian document,
signed figures in order in right-to-left text, and every count in its plural form."""

import io
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from weasyprint import HTML

from content_plan.rules import Message, check_message, preview
from report import pdf as pdf_module
from report.document import build_document
from report.pdf import ZWNJ, render_html, render_pdf, summary_pdf
from report.xlsx import content_plan_workbook, strategy_workbook
from report.xlsx_import import plan_import
from tests.conftest import needs_commands
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    SequenceStepFactory,
)

LRI, PDI = "\u2066", "\u2069"
NAME = "می\u200cخواهم"  # "I want": the zero-width non-joiner keeps می apart from خواهم


def in_language(strategy, language: str, currency: str = "EUR"):
    strategy.language = language
    strategy.currency = currency
    strategy.save()
    return strategy


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


needs_pdftotext = needs_commands("pdftotext")  # reads the text layer


@needs_pdftotext
def test_a_zero_width_non_joiner_reaches_the_pdfs_text_layer(team, tmp_path):
    strategy = in_language(team.strategy, "fa")
    BuyerPersonaFactory(strategy=strategy, name=NAME)
    text = pdf_text(render_pdf(build_document(strategy)), tmp_path)
    assert NAME in text
    assert NAME in pdf_text(summary_pdf(strategy), tmp_path)


@needs_pdftotext
def test_the_zero_width_non_joiner_is_drawn_as_before(tmp_path):
    """The stand-in changes the text layer only: the page looks the same."""
    html = f'<html dir="rtl" lang="fa"><body style="font-family: DejaVu Sans">{NAME}</body></html>'
    plain = HTML(string=html).write_pdf()
    kept = pdf_module._write(html)
    joined = HTML(string=html.replace(ZWNJ, "")).write_pdf()

    def page(data: bytes, name: str) -> bytes:
        subprocess.run(
            ["pdftoppm", "-r", "40", "-png", "-singlefile", "-", str(tmp_path / name)],
            input=data,
            capture_output=True,
            check=True,
        )
        return (tmp_path / f"{name}.png").read_bytes()

    drawn = page(kept, "kept")
    assert drawn == page(plain, "plain")
    assert drawn != page(joined, "joined")  # the non-joiner does change how the name looks


@needs_pdftotext
def test_a_persian_document_writes_persian_digits_whoever_reads_it(client_for, team, tmp_path):
    strategy = in_language(team.strategy, "fa", "IRR")
    AssetFactory(strategy=strategy, name="فروشگاه", visits=12345, leads=2180)
    client = client_for(team.viewer)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    client.post(reverse("strategy_planner:set_digits"), {"digits": "latin", "next": "/"})
    on_screen = client.get(reverse("report:document", args=[strategy.uuid])).text
    assert "12,345" in on_screen  # the reader's choice, on screen
    for name in ("report:document_pdf", "report:summary_pdf"):
        text = pdf_text(client.get(reverse(name, args=[strategy.uuid])).content, tmp_path)
        assert "۲٬۱۸۰" in text and "2,180" not in text, name
    workbook = client.get(reverse("report:export_xlsx", args=[strategy.uuid])).content
    cells = [
        value
        for sheet in openpyxl.load_workbook(io.BytesIO(workbook)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert 12345 in cells  # a figure stays a number: the spreadsheet writes it


def test_counts_are_never_written_as_money(team):
    GoalFactory(strategy=team.strategy, baseline=2180, target=2619, unit="enquiries")
    html = render_html(build_document(team.strategy))
    assert "2,180 → 2,619" in html and "2,180.00" not in html and "2,619.00" not in html


def test_a_goal_in_a_currency_is_money(team):
    GoalFactory(strategy=team.strategy, baseline=10000, target=12000, unit="EUR")
    assert "€10,000.00 → €12,000.00" in render_html(build_document(team.strategy))


def test_amounts_have_their_currencys_minor_units(team):
    strategy = in_language(team.strategy, "en", "IRR")
    ContentPieceFactory(
        strategy=strategy, production="outsourced", hours=None, budget=Decimal("1080000000")
    )
    html = render_html(build_document(strategy))
    assert "IRR\xa01,080,000,000" in html
    assert "1,080,000,000.00" not in html and ".00" not in html.split("<article", 1)[1]


def test_hours_are_written_in_the_documents_language(team):
    strategy = in_language(team.strategy, "fa")
    ContentPieceFactory(strategy=strategy, production="in_house", hours=12, budget=None)
    html = render_html(build_document(strategy))
    assert "۱۲ ساعت" in html and "12 h" not in html


def test_signed_figures_keep_their_order_in_a_persian_document(team):
    strategy = in_language(team.strategy, "fa")
    GoalFactory(strategy=strategy, baseline=100, target=120, unit="سرنخ")
    paid = AssetFactory(
        strategy=strategy, name="تبلیغات", media_type="paid", kind="paid_social", leads=10
    )
    paid.spend, paid.revenue = Decimal(400), Decimal(300)
    paid.save()
    html = render_html(build_document(strategy))
    assert f"{LRI}+٪۲۰{PDI}" in html  # not "20%+"
    assert f"{LRI}۰٫۷۵×{PDI}" in html  # not "×0.75"


def test_persian_lists_are_joined_with_the_persian_comma(team):
    strategy = in_language(team.strategy, "fa")
    goal = GoalFactory(strategy=strategy)
    for name in ("مریم", "علی"):
        goal.personas.add(BuyerPersonaFactory(strategy=strategy, name=name))
    html = render_html(build_document(strategy))
    assert "\u2069، \u2068" in html


def test_a_message_delay_keeps_its_sign_beside_its_figure(team):
    strategy = in_language(team.strategy, "fa")
    SequenceStepFactory(sequence__strategy=strategy, delay_minutes=90)
    html = render_html(build_document(strategy))
    assert f"{LRI}+۱{PDI} ساعت و ۳۰ دقیقه" in html


def test_the_workbooks_money_follows_the_currencys_minor_units(team):
    for currency, number_format in (("EUR", '#,##0.00 "EUR"'), ("IRR", '#,##0 "IRR"')):
        strategy = in_language(team.strategy, "en", currency)
        ContentPieceFactory(strategy=strategy, production="outsourced", hours=None, budget=4000)
        book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(strategy))))
        sheet = book.worksheets[0]
        headers = [cell.value for cell in sheet[1]]
        budget = sheet.cell(row=2, column=headers.index("Budget") + 1)
        assert budget.number_format == number_format


def test_the_workbooks_text_is_in_the_documents_digits(team):
    strategy = in_language(team.strategy, "fa")
    GoalFactory(strategy=strategy, marketing_goal="بیشتر", baseline=2180, target=2619, unit="سرنخ")
    book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(build_document(strategy))))
    text = " ".join(str(value) for value in book.worksheets[0].iter_rows(values_only=True))
    assert "۲٬۱۸۰ ← ۲٬۶۱۹" in text and "2180" not in text


# Plurals ------------------------------------------------------------------------


def test_romanian_says_de_before_twenty_four_characters():
    title = "x" * 24  # a Messenger button title holds 20
    with translation.override("ro"):
        (problem,) = check_message(
            Message("messenger", text="Salut", buttons=[{"title": title, "type": "reply"}])
        )
        assert "24 de caractere, limita este de 20 (cu 4 peste)." in problem.message
        shown = render_to_string(
            "content_plan/_preview.html", preview(Message("email", text="y" * 24))
        )
    assert "24 de caractere" in shown


def test_romanian_says_de_before_the_leads_a_goal_needs(client_for, team):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    figures = {
        "target_revenue": "288000",
        "average_order_value": "32",
        "lead_to_customer_rate": "12",
        "visitor_to_lead_rate": "20",
    }
    response = client.post(
        reverse("strategy_planner:funnel_save", args=[team.strategy.uuid]), figures
    )
    assert response.status_code == 302
    goal = team.strategy.goals.get()
    assert goal.marketing_goal == (
        "Generează 75.000 de lead-uri din 375.000 de vizite pentru a câștiga 9.000 de clienți"
    )


# The import reads cells as the page reads what is typed --------------------------


@pytest.mark.parametrize(
    ("language", "column", "typed", "expected"),
    [
        ("fa", "Hours estimate", "۱۲٫۵", Decimal("12.5")),
        ("fa", "Hours estimate", "١٢", Decimal(12)),
        ("ro", "Hours estimate", "12,5", Decimal("12.5")),
        ("ro", "Hours estimate", "1.250,5", Decimal("1250.5")),
        ("en", "Hours estimate", "1,250.5", Decimal("1250.5")),
    ],
)
def test_the_import_reads_figures_as_a_keyboard_types_them(team, language, column, typed, expected):
    ContentPieceFactory(
        strategy=team.strategy, title="Grind guide", production="in_house", hours=10, budget=None
    )
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=headers.index(column) + 1).value = typed
    data = io.BytesIO()
    book.save(data)
    with translation.override(language):
        plan = plan_import(
            team.strategy, SimpleUploadedFile("plan.xlsx", data.getvalue()), "content_plan"
        )
    assert plan.errors == []
    (update,) = plan.updates
    assert Decimal(str(update["data"]["hours"])) == expected
