"""The import's preview shows exactly what would change, a page at a time: each
changed row field by field, each new row with its values, the rows to delete,
the conflicts with both values, the errors; every count in its plural form."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content_plan.models import ContentPiece
from report.document import build_document
from report.xlsx import content_plan_workbook
from report.xlsx_import import PAGE_ROWS
from strategy_planner.templatetags.planner import FSI, PDI
from tests.factories import AssetFactory, BuyerPersonaFactory, ContentPieceFactory


def upload(book) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def export(strategy):
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(strategy))))
    sheet = book["Content plan"]
    return book, sheet, {cell.value: cell.column for cell in sheet[1]}


def rows_of(html: str) -> list[str]:
    """The preview's rows, each as the text of its list item."""
    listed = html[html.index('id="import-rows"') :].split("</ol>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", f"<li {item}")).strip()
        for item in listed.split("<li ")[1:]
    ]


@pytest.fixture
def plan(team):
    hannah = BuyerPersonaFactory(strategy=team.strategy, name="Home-brew Hannah")
    AssetFactory(strategy=team.strategy, name="Newsletter", media_type="owned", kind="email_list")
    grind = ContentPieceFactory(
        strategy=team.strategy,
        title="Grind guide",
        status="idea",
        publish_date=datetime.date(2027, 1, 14),
    )
    gift = ContentPieceFactory(
        strategy=team.strategy, title="Gift guide", publish_date=datetime.date(2027, 11, 15)
    )
    return team, hannah, grind, gift


def preview(client, strategy, book, **extra):
    return client.post(
        reverse("report:import", args=[strategy.uuid]),
        {"kind": "content_plan", "file": upload(book), **extra},
    )


def test_a_changed_row_is_shown_field_by_field(client_for, plan):
    team, _hannah, grind, _gift = plan
    book, sheet, columns = export(team.strategy)
    sheet.cell(row=2, column=columns["Title"], value="Grind guide, updated")
    sheet.cell(row=2, column=columns["Status"], value="Published")
    page = preview(client_for(team.editor), team.strategy, book)
    (row,) = rows_of(page.text)
    assert row == (
        f"Changed Row 2 {FSI}Grind guide{PDI} Column Now After the import "
        f"Title {FSI}Grind guide{PDI} {FSI}Grind guide, updated{PDI} "
        f"Status {FSI}Idea{PDI} {FSI}Published{PDI}"
    )
    assert ContentPiece.objects.get(pk=grind.pk).title == "Grind guide"  # nothing written yet


def test_a_new_row_is_shown_with_its_values(client_for, plan):
    team, *_ = plan
    book, sheet, columns = export(team.strategy)
    new = {"Title": "Cold brew", "Format": "Video", "Persona": "Home-brew Hannah"}
    new |= {"Promotion channels": "Newsletter", "Status": "Planned", "Priority": "High"}
    new |= {"Production": "In-house", "Hours estimate": 2.5}
    for header, value in new.items():
        sheet.cell(row=4, column=columns[header], value=value)
    page = preview(client_for(team.editor), team.strategy, book)
    (row,) = rows_of(page.text)
    assert row.startswith(f"New Row 4 {FSI}Cold brew{PDI} Title {FSI}Cold brew{PDI} Format")
    for header, value in [("Persona", "Home-brew Hannah"), ("Promotion channels", "Newsletter")]:
        assert f"{header} {FSI}{value}{PDI}" in row
    assert f"Hours estimate {FSI}2.5{PDI}" in row and f"Status {FSI}Planned{PDI}" in row


def test_rows_to_delete_are_named(client_for, plan):
    team, *_ = plan
    book, sheet, _columns = export(team.strategy)
    sheet.delete_rows(3)  # Gift guide
    page = preview(client_for(team.editor), team.strategy, book, delete_missing="on")
    (row,) = rows_of(page.text)
    assert (
        row
        == f"To delete {FSI}Gift guide{PDI} Not in the file: deleted when the import is applied."
    )
    assert "1 to delete" in page.text


def test_a_conflict_shows_both_values_and_the_choice(client_for, plan):
    team, _hannah, grind, _gift = plan
    book, _sheet, _columns = export(team.strategy)
    grind.title = "Grind guide, 2nd ed."
    grind.save()
    page = preview(client_for(team.editor), team.strategy, book)
    (row,) = rows_of(page.text)
    assert row == (
        f"Changed in the app since the export Row 2 {FSI}Grind guide, 2nd ed.{PDI} "
        f"Column Saved now In the file Title {FSI}Grind guide, 2nd ed.{PDI} {FSI}Grind guide{PDI} "
        "Use the file's values"
    )
    assert f'name="use" value="{grind.pk}"' in page.text
    note = page.text[page.text.index('id="import-conflicts"') :].split("</p>")[0]
    assert "1 row was changed in the app" in note and "The choice is per row" in note


def test_errors_are_listed_by_row_and_counted_in_the_singular(client_for, plan):
    team, *_ = plan
    book, sheet, columns = export(team.strategy)
    sheet.cell(row=2, column=columns["Priority"], value="Urgent")
    page = preview(client_for(team.editor), team.strategy, book)
    assert "0 new · 0 changed · 1 row with errors · 1 unchanged" in page.text
    (row,) = rows_of(page.text)
    assert row == "Errors Row 2 Column What is wrong Priority “Urgent” is not one of the choices."
    assert "Apply the import" not in page.text
    sheet.cell(row=3, column=columns["Priority"], value="Soon")
    assert (
        "0 new · 0 changed · 2 rows with errors"
        in preview(client_for(team.editor), team.strategy, book).text
    )


def test_user_text_is_escaped_and_set_apart(client_for, plan):
    team, *_ = plan
    book, sheet, columns = export(team.strategy)
    sheet.cell(row=2, column=columns["Title"], value='<img src=x onerror="alert(1)"> \u202eevil')
    page = preview(client_for(team.editor), team.strategy, book)
    assert "<img src=x" not in page.text
    assert f"{FSI}&lt;img src=x onerror=&quot;alert(1)&quot;&gt; \u202eevil{PDI}" in page.text


def many_new_rows(team, count: int):
    """The export with ``count`` new rows, each a copy of the first with a title of its own."""
    book, sheet, columns = export(team.strategy)
    first = [cell.value for cell in sheet[2]]
    for number in range(count):
        values = list(first)
        values[columns["ID"] - 1] = values[columns["Version"] - 1] = None
        values[columns["Title"] - 1] = f"New piece {number + 1:03}"
        sheet.append(values)
    return book


def page_of(client, strategy, token, number, chosen=()):
    return client.post(
        reverse("report:import", args=[strategy.uuid]),
        {"token": token, "page": number, "use": list(chosen)},
    )


def test_a_long_preview_comes_a_page_at_a_time_with_the_counts_on_each(client_for, plan):
    team, *_ = plan
    client = client_for(team.editor)
    first = preview(client, team.strategy, many_new_rows(team, 2 * PAGE_ROWS + 10))
    assert len(rows_of(first.text)) == PAGE_ROWS
    assert "Page 1 of 3" in first.text
    token = first.context["token"]
    last = page_of(client, team.strategy, token, 3)
    titles = [row.split(FSI)[1].split(PDI)[0] for row in rows_of(last.text)]
    assert titles == [f"New piece {number:03}" for number in range(101, 111)]
    for page in (first, last):
        assert "110 new · 0 changed · 0 rows with errors · 2 unchanged" in page.text
        assert "Apply the import" in page.text


def test_a_page_of_the_preview_takes_the_same_queries_however_many_rows(client_for, plan):
    team, *_ = plan
    client = client_for(team.editor)
    token = preview(client, team.strategy, many_new_rows(team, PAGE_ROWS + 3)).context["token"]
    counts = []
    for number in (1, 2):  # 50 rows, then 3
        with CaptureQueriesContext(connection) as queries:
            assert page_of(client, team.strategy, token, number).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_choice_made_on_one_page_is_kept_on_the_others_and_applied(client_for, team):
    pieces = [
        ContentPieceFactory(strategy=team.strategy, title=f"Piece {number:03}")
        for number in range(PAGE_ROWS + 5)
    ]
    book, _sheet, _columns = export(team.strategy)
    for piece in pieces:
        piece.title += " (edited)"
        piece.save()
    client = client_for(team.editor)
    first = preview(client, team.strategy, book)
    token = first.context["token"]
    on_first = [int(pk) for pk in re.findall(r'name="use" value="(\d+)"', first.text)]
    assert len(on_first) == PAGE_ROWS
    second = page_of(client, team.strategy, token, 2, chosen=[on_first[0]])
    assert f'<input type="hidden" name="use" value="{on_first[0]}">' in second.text
    on_second = re.findall(r'name="use" value="(\d+)" id=', second.text)
    done = client.post(
        reverse("report:import_apply", args=[team.strategy.uuid]),
        {"token": token, "use": [on_first[0], on_second[0]]},
        follow=True,
    )
    assert (
        "Imported: 0 new · 2 changed · 0 deleted. 53 rows changed in the app since the "
        "export were left as they are."
    ) in done.text
    assert ContentPiece.objects.filter(title__endswith="(edited)").count() == PAGE_ROWS + 3


def test_an_expired_preview_page_says_so(client_for, team):
    response = page_of(client_for(team.editor), team.strategy, "gone", 2)
    assert response.status_code == 302
    page = client_for(team.editor).get(response["Location"])
    assert "That preview has expired" in page.text


def test_a_viewer_cannot_page_through_a_preview(client_for, plan):
    team, *_ = plan
    token = preview(client_for(team.editor), team.strategy, many_new_rows(team, 3)).context["token"]
    assert page_of(client_for(team.viewer), team.strategy, token, 1).status_code == 403


def test_the_preview_reads_right_to_left_in_persian(client_for, plan):
    team, *_ = plan
    book, sheet, columns = export(team.strategy)
    sheet.cell(row=2, column=columns["Title"], value="راهنمای آسیاب")
    client = client_for(team.editor)
    client.cookies["django_language"] = "fa"
    page = preview(client, team.strategy, book)
    assert 'dir="rtl"' in page.text
    assert f"{FSI}راهنمای آسیاب{PDI}" in page.text
