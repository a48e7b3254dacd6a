"""People appear by their display names in the document, the workbook and the
calendar feed, and the workbook's Owner column comes back as it went out."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from content_plan.ical import plan_calendar
from report import xlsx_import
from report.document import build_document
from report.forms import ActionForm
from report.xlsx import content_plan_workbook, strategy_workbook
from strategy_planner.models import Profile
from tests.factories import AssetFactory, ContentPieceFactory, MembershipFactory, UserFactory


def named(user, name: str, title: str = "") -> Profile:
    return Profile.objects.create(user=user, display_name=name, job_title=title)


def upload(data: bytes):
    return SimpleUploadedFile("plan.xlsx", data, content_type="application/octet-stream")


def to_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def owner_cells(data: bytes, sheet: str) -> dict:
    rows = openpyxl.load_workbook(io.BytesIO(data))[sheet]
    headers = [cell.value for cell in rows[1]]
    column = headers.index("Owner")
    return {row[1].value: row[column].value for row in rows.iter_rows(min_row=2)}


def test_the_document_names_owners_by_their_display_names(team):
    named(team.editor, "Ioana Popescu", "Content lead")
    ContentPieceFactory(strategy=team.strategy, title="Grind guide", owner=team.editor)
    ContentPieceFactory(strategy=team.strategy, title="Gift guide", owner=team.viewer)
    AssetFactory(strategy=team.strategy, name="Newsletter", owner=team.editor)
    doc = build_document(team.strategy)
    owners = {piece.title: piece.owner for piece in doc.plan}
    assert owners == {"Grind guide": "Ioana Popescu", "Gift guide": "viewer"}
    assets = [row for group in doc.inventory for row in group["assets"]]
    assert [row.owner for row in assets] == ["Ioana Popescu"]


def test_the_document_page_shows_the_display_name(client_for, team):
    named(team.editor, "Ioana Popescu")
    ContentPieceFactory(strategy=team.strategy, title="Grind guide", owner=team.editor)
    page = client_for(team.viewer).get(reverse("report:document", args=[team.strategy.uuid]))
    assert "Ioana Popescu" in page.text


def test_the_workbook_writes_owners_display_names(team):
    named(team.editor, "Ioana Popescu")
    ContentPieceFactory(strategy=team.strategy, title="Grind guide", owner=team.editor)
    AssetFactory(strategy=team.strategy, name="Newsletter", owner=team.editor)
    data = strategy_workbook(build_document(team.strategy))
    assert owner_cells(data, "Content plan") == {"Grind guide": "Ioana Popescu"}
    assert owner_cells(data, "Inventory") == {"Newsletter": "Ioana Popescu"}


def test_a_workbook_imported_back_unchanged_changes_nothing(team):
    named(team.editor, "Ioana Popescu")
    named(team.owner, "Reza Ahmadi")
    ContentPieceFactory(strategy=team.strategy, title="Grind guide", owner=team.editor)
    ContentPieceFactory(strategy=team.strategy, title="Gift guide", owner=team.owner)
    ContentPieceFactory(strategy=team.strategy, title="Brew guide", owner=team.viewer)
    ContentPieceFactory(strategy=team.strategy, title="Nobody's", owner=None)
    AssetFactory(strategy=team.strategy, name="Newsletter", owner=team.editor)
    data = strategy_workbook(build_document(team.strategy))
    for kind in ("content_plan", "inventory"):
        plan = xlsx_import.plan_import(team.strategy, upload(data), kind)
        assert (plan.creates, plan.updates, plan.errors) == ([], [], []), kind
        assert not plan.can_apply


def test_an_owner_cell_may_give_the_display_name_or_the_username_in_any_case(team):
    named(team.editor, "Ioana Popescu")
    pieces = {
        title: ContentPieceFactory(strategy=team.strategy, title=title)
        for title in ("By name", "By username", "Shouting")
    }
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    sheet = book["Content plan"]
    column = [cell.value for cell in sheet[1]].index("Owner") + 1
    typed = {"By name": "ioana popescu", "By username": "Editor", "Shouting": "IOANA POPESCU"}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=column, value=typed[sheet.cell(row=row, column=2).value])
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "content_plan")
    assert plan.errors == []
    owners = {update["id"]: update["data"]["owner"] for update in plan.updates}
    assert owners == {piece.pk: team.editor.pk for piece in pieces.values()}


def test_a_display_name_two_members_share_names_neither_but_usernames_still_work(team):
    named(team.editor, "Sam")
    named(team.viewer, "Sam")
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    sheet = book["Content plan"]
    column = [cell.value for cell in sheet[1]].index("Owner") + 1
    sheet.cell(row=2, column=column, value="Sam")
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "content_plan")
    assert [error.column for error in plan.errors] == ["Owner"]
    sheet.cell(row=2, column=column, value="viewer")
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "content_plan")
    assert [update["data"]["owner"] for update in plan.updates] == [team.viewer.pk]
    assert plan.updates[0]["id"] == piece.pk


def test_a_username_wins_over_someone_elses_display_name(team):
    named(team.viewer, "editor")  # a display name that is another member's username
    ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    sheet = book["Content plan"]
    column = [cell.value for cell in sheet[1]].index("Owner") + 1
    sheet.cell(row=2, column=column, value="editor")
    plan = xlsx_import.plan_import(team.strategy, upload(to_bytes(book)), "content_plan")
    assert [update["data"]["owner"] for update in plan.updates] == [team.editor.pk]


def test_the_calendar_feed_names_the_owner(team):
    named(team.editor, "Ioana Popescu")
    ContentPieceFactory(
        strategy=team.strategy, title="Grind guide", owner=team.editor, publish_date="2027-01-14"
    )
    pieces = team.strategy.content_pieces.dated().select_related("persona", "owner__profile")
    feed = Calendar.from_ical(plan_calendar(team.strategy, pieces))
    (event,) = feed.walk("VEVENT")
    assert "Ioana Popescu" in str(event["description"])


def test_the_action_form_offers_members_by_name(team):
    outsider_named = UserFactory(username="sam")
    named(outsider_named, "Sam Outsider")
    named(team.editor, "Ioana Popescu")
    labels = [label for _value, label in ActionForm(strategy=team.strategy).fields["owner"].choices]
    assert "Ioana Popescu" in labels
    assert "Sam Outsider" not in labels  # not a member
    MembershipFactory(strategy=team.strategy, user=outsider_named, role="viewer")
    labels = [label for _value, label in ActionForm(strategy=team.strategy).fields["owner"].choices]
    assert "Sam Outsider" in labels
