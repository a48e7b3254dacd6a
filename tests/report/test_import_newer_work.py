"""The spreadsheet import never undoes work saved in the app after the export.

Every exported row carries its edit version (a hidden "Version" column). A row
the file changes whose saved version moved since is a conflict: shown with
both values, and written only when the user chooses the file's values for it.
"""

import datetime
import io
import json

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assets.models import Asset
from content_plan.models import ContentPiece
from report.document import build_document
from report.xlsx import content_plan_workbook, strategy_workbook
from report.xlsx_import import apply_import, plan_as_data, plan_import
from tests.factories import AssetFactory, BuyerPersonaFactory, ContentPieceFactory


def upload(book) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("plan.xlsx", buffer.getvalue())


def exported(strategy, sheet="Content plan"):
    """The strategy's export as openpyxl reads it, and its sheet's column numbers by header."""
    data = (content_plan_workbook if sheet == "Content plan" else strategy_workbook)(
        build_document(strategy)
    )
    book = openpyxl.load_workbook(io.BytesIO(data))
    columns = {cell.value: cell.column for cell in book[sheet][1]}
    return book, columns


def row_of(book, columns, title, sheet="Content plan", key="Title") -> int:
    return next(
        row
        for row in range(2, book[sheet].max_row + 1)
        if book[sheet].cell(row=row, column=columns[key]).value == title
    )


def edit_in_the_app(piece: ContentPiece, **values) -> None:
    """A save as the edit page makes it: the row's edit version moves."""
    for name, value in values.items():
        setattr(piece, name, value)
    piece.save()


@pytest.fixture
def piece(team):
    persona = BuyerPersonaFactory(strategy=team.strategy, name="Home-brew Hannah")
    return ContentPieceFactory(
        strategy=team.strategy,
        title="Grind guide",
        persona=persona,
        status="idea",
        publish_date=datetime.date(2027, 3, 15),
    )


def test_every_exported_row_carries_its_edit_version_in_a_hidden_last_column(team, piece):
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")
    asset = AssetFactory(strategy=team.strategy, name="Newsletter")
    for sheet, key, name, version in (
        ("Content plan", "Title", "Grind guide, 2nd ed.", 2),
        ("Inventory", "Name", "Newsletter", asset.edit_version),
    ):
        book, columns = exported(team.strategy, sheet)
        header = [cell.value for cell in book[sheet][1]]
        assert header[-1] == "Version" and header[0] == "ID"
        letter = openpyxl.utils.get_column_letter(columns["Version"])
        assert book[sheet].column_dimensions[letter].hidden
        row = row_of(book, columns, name, sheet, key)
        assert book[sheet].cell(row=row, column=columns["Version"]).value == version


def test_an_untouched_export_does_not_undo_an_edit_made_since(team, piece):
    book, _columns = exported(team.strategy)
    edit_in_the_app(piece, title="Grind guide, 2nd ed.", status="published")

    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert (plan.updates, len(plan.conflicts), plan.errors) == ([], 1, [])
    (conflict,) = plan.conflicts
    assert conflict["before"] == {"title": "Grind guide, 2nd ed.", "status": "published"}
    assert conflict["data"] == {"title": "Grind guide", "status": "idea"}

    done = apply_import(team.strategy, plan_as_data(plan))
    assert done == {"created": 0, "updated": 0, "deleted": 0, "kept": 1}
    piece.refresh_from_db()
    assert (piece.title, piece.status) == ("Grind guide, 2nd ed.", "published")


def test_the_file_s_values_are_written_when_the_user_chooses_them(team, piece):
    book, columns = exported(team.strategy)
    book["Content plan"].cell(row=2, column=columns["Status"], value="Planned")
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")

    plan = plan_as_data(plan_import(team.strategy, upload(book), "content_plan"))
    done = apply_import(team.strategy, plan, chosen=[str(piece.pk)])
    assert done == {"created": 0, "updated": 1, "deleted": 0, "kept": 0}
    piece.refresh_from_db()
    # The whole row as the file has it: the choice is per row.
    assert (piece.title, piece.status) == ("Grind guide", "planned")


def test_a_row_the_file_leaves_as_the_app_has_it_now_is_unchanged(team, piece):
    book, columns = exported(team.strategy)
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")
    row = row_of(book, columns, "Grind guide")
    book["Content plan"].cell(row=row, column=columns["Title"], value="Grind guide, 2nd ed.")

    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert (plan.unchanged, plan.updates, plan.conflicts) == (1, [], [])


def test_a_change_to_a_row_nobody_touched_since_is_no_conflict(team, piece):
    book, columns = exported(team.strategy)
    ContentPieceFactory(strategy=team.strategy, title="Another piece")  # the strategy moves on
    book["Content plan"].cell(row=2, column=columns["Title"], value="Grind guide, from Excel")

    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert ([item["id"] for item in plan.updates], plan.conflicts) == ([piece.pk], [])
    assert plan.updates[0]["version"] == piece.edit_version


def test_a_file_without_versions_is_read_as_before_and_says_it_cannot_be_checked(
    client_for, team, piece
):
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")
    book = openpyxl.Workbook()
    book.active.append(["ID", "Title"])
    book.active.append([piece.pk, "Grind guide, by hand"])

    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert (len(plan.updates), plan.conflicts, plan.versioned, plan.unchecked) == (1, [], False, 1)
    page = client_for(team.editor).post(
        reverse("report:import", args=[team.strategy.uuid]),
        {"kind": "content_plan", "file": upload(book)},
    )
    note = page.text[page.text.index('id="import-unchecked"') :].split("</p>")[0]
    assert "no Version column" in note and "cannot be checked" in note


def test_a_row_whose_version_was_cleared_is_counted_as_unchecked(team, piece):
    book, columns = exported(team.strategy)
    book["Content plan"].cell(row=2, column=columns["Version"]).value = None
    book["Content plan"].cell(row=2, column=columns["Title"], value="Grind guide, from Excel")
    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert (len(plan.updates), plan.versioned, plan.unchecked) == (1, True, 1)


@pytest.mark.parametrize("value", ["abc", -1, 0, 1.5, "2²"])
def test_a_version_that_is_no_version_is_named(team, piece, value):
    book, columns = exported(team.strategy)
    book["Content plan"].cell(row=2, column=columns["Version"], value=value)
    plan = plan_import(team.strategy, upload(book), "content_plan")
    assert [(error.row, error.column) for error in plan.errors] == [(2, "Version")]
    assert "is not a version" in plan.errors[0].message


def test_an_inventory_row_changed_since_is_a_conflict_too(team):
    asset = AssetFactory(strategy=team.strategy, name="Newsletter", leads=10)
    book, _columns = exported(team.strategy, "Inventory")
    asset.leads = 25
    asset.save()
    plan = plan_import(team.strategy, upload(book), "inventory")
    assert [(item["before"], item["data"]) for item in plan.conflicts] == [
        ({"leads": 25}, {"leads": 10})
    ]
    apply_import(team.strategy, plan_as_data(plan))
    assert Asset.objects.get(pk=asset.pk).leads == 25


def test_a_row_changed_again_after_the_preview_stops_the_import(team, piece):
    book, columns = exported(team.strategy)
    book["Content plan"].cell(row=2, column=columns["Title"], value="Grind guide, from Excel")
    ContentPieceFactory(strategy=team.strategy, title="Brand new")
    plan = plan_as_data(plan_import(team.strategy, upload(book), "content_plan"))
    edit_in_the_app(piece, status="published")  # after the preview

    with pytest.raises(ValidationError, match="Row 2 was changed in the app after the preview"):
        apply_import(team.strategy, plan)
    piece.refresh_from_db()
    assert (piece.title, piece.status) == ("Grind guide", "published")


def test_a_chosen_conflict_changed_again_after_the_preview_stops_the_import(team, piece):
    book, _columns = exported(team.strategy)
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")
    plan = plan_as_data(plan_import(team.strategy, upload(book), "content_plan"))
    edit_in_the_app(piece, title="Grind guide, 3rd ed.")

    with pytest.raises(ValidationError, match="Row 2 was changed in the app after the preview"):
        apply_import(team.strategy, plan, chosen=[piece.pk])
    piece.refresh_from_db()
    assert piece.title == "Grind guide, 3rd ed."


def test_a_kept_preview_with_conflicts_is_plain_json(team, piece):
    book, _columns = exported(team.strategy)
    edit_in_the_app(piece, persona=None, publish_date=datetime.date(2027, 4, 1))
    plan = plan_as_data(plan_import(team.strategy, upload(book), "content_plan"))
    kept = json.loads(json.dumps(plan))
    assert kept == plan
    apply_import(team.strategy, kept, chosen=[str(piece.pk)])
    piece.refresh_from_db()
    assert (piece.persona.name, piece.publish_date) == (
        "Home-brew Hannah",
        datetime.date(2027, 3, 15),
    )


def test_the_page_applies_only_the_conflicts_ticked(client_for, team, piece):
    other = ContentPieceFactory(strategy=team.strategy, title="Gift guide")
    book, _columns = exported(team.strategy)
    edit_in_the_app(piece, title="Grind guide, 2nd ed.")
    edit_in_the_app(other, title="Gift guide, 2nd ed.")
    client = client_for(team.editor)
    page = client.post(
        reverse("report:import", args=[team.strategy.uuid]),
        {"kind": "content_plan", "file": upload(book)},
    )
    assert page.context["preview"].counts["conflicts"] == 2
    done = client.post(
        reverse("report:import_apply", args=[team.strategy.uuid]),
        {"token": page.context["token"], "use": [str(other.pk)]},
        follow=True,
    )
    assert "1 row changed in the app since the export was left as it is." in done.text
    titles = set(ContentPiece.objects.values_list("title", flat=True))
    assert titles == {"Grind guide, 2nd ed.", "Gift guide"}
