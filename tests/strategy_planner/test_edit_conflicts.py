"""Two editors change the same object: the second is told, sees both versions, loses nothing."""

import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assets.models import Asset
from content_plan.models import ContentPiece
from personas.models import BuyerPersona
from report.document import build_document
from report.xlsx import content_plan_workbook
from report.xlsx_import import apply_import, plan_as_data, plan_import
from strategy_planner.models import Goal
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
)

CONFLICT = "Someone else changed"


def browser_of(user) -> Client:
    """A separate client (own session and cookies) per editor, like two browsers."""
    client = Client()
    client.force_login(user)
    return client


def form_data(form, **changes) -> dict:
    """What a browser sends back for the form as the page shows it, with some fields changed."""
    data = {}
    for field in form:
        value = field.value()
        if value is None:
            continue
        data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update({form.add_prefix(name): value for name, value in changes.items()})
    return data


def conflict_panel(text: str) -> str:
    start = text.index(CONFLICT)
    return text[start : text.index("</table>", start)]


def hidden_version(text: str, name: str = "edit_version") -> int:
    """The version in the hidden field called ``name`` that the page would send back."""
    for tag in re.findall(r"<input[^>]*>", text):
        if f'name="{name}"' in tag:
            return int(re.search(r'value="(\d+)"', tag).group(1))
    raise AssertionError(f"no hidden {name} in the answer")


@dataclass
class Case:
    make: object  # strategy -> object
    url: str  # URL name, with (strategy uuid, object pk)
    first: tuple  # (field, what the first editor types, the value stored, what is shown)
    second: tuple  # the same for the second editor, on another field


CASES = {
    "persona": Case(
        make=lambda strategy: BuyerPersonaFactory(strategy=strategy, name="Home-brew Hannah"),
        url="personas:edit",
        first=("name", "Hannah the home roaster", "Hannah the home roaster", "Hannah the home"),
        second=("location", "Hamburg", "Hamburg", "Hamburg"),
    ),
    "goal": Case(
        make=lambda strategy: GoalFactory(strategy=strategy, metric="Website leads"),
        url="strategy_planner:goal_edit",
        first=("target", "200", Decimal(200), "200"),
        second=("metric", "Newsletter sign-ups", "Newsletter sign-ups", "Newsletter sign-ups"),
    ),
    "asset": Case(
        make=lambda strategy: AssetFactory(strategy=strategy, name="Google reviews", leads=50),
        url="assets:edit",
        first=("name", "Google and Trustpilot reviews", "Google and Trustpilot reviews", "Trust"),
        second=("leads", "75", 75, "75"),
    ),
    "content piece": Case(
        make=lambda strategy: ContentPieceFactory(strategy=strategy, title="Grind guide"),
        url="content_plan:piece_edit",
        first=("title", "Grind guide for beginners", "Grind guide for beginners", "beginners"),
        second=("status", "in_production", "in_production", "In production"),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_second_save_is_told_and_can_then_overwrite(team, case):
    obj = case.make(team.strategy)
    model = type(obj)
    url = reverse(case.url, args=[team.strategy.uuid, obj.pk])
    first_field, first_typed, first_stored, first_shown = case.first
    second_field, second_typed, second_stored, second_shown = case.second
    original = (getattr(obj, first_field), getattr(obj, second_field))
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)  # both open the edit page

    saved = first.post(url, form_data(first_page.context["form"], **{first_field: first_typed}))
    assert saved.status_code == 302
    refused = second.post(
        url, form_data(second_page.context["form"], **{second_field: second_typed})
    )

    assert refused.status_code == 409
    panel = conflict_panel(refused.text)
    assert first_shown in panel and second_shown in panel  # theirs and mine, side by side
    assert "Saved now" in panel and "Yours" in panel
    form = refused.context["form"]
    assert form[second_field].value() == second_typed  # what the second editor typed stays
    stored = model.objects.get(pk=obj.pk)
    assert (getattr(stored, first_field), getattr(stored, second_field)) == (
        first_stored,
        original[1],
    )
    assert hidden_version(refused.text, form.add_prefix("edit_version")) == stored.edit_version

    again = second.post(url, form_data(form))  # a deliberate second save
    assert again.status_code == 302
    stored = model.objects.get(pk=obj.pk)
    assert (getattr(stored, first_field), getattr(stored, second_field)) == (
        original[0],
        second_stored,
    )


def test_the_same_change_twice_is_no_conflict(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy, name="Hannah")
    url = reverse("personas:edit", args=[team.strategy.uuid, persona.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, form_data(first_page.context["form"], name="Home-brew Hannah"))
    response = second.post(url, form_data(second_page.context["form"], name="Home-brew Hannah"))
    assert response.status_code == 302  # nothing of either would be lost
    assert BuyerPersona.objects.get(pk=persona.pk).name == "Home-brew Hannah"


def test_one_editor_saving_twice_is_no_conflict(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    client = client_for(team.editor)
    client.post(url, form_data(client.get(url).context["form"], metric="Leads"))
    response = client.post(url, form_data(client.get(url).context["form"], metric="Sales"))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.metric, goal.edit_version) == ("Sales", 3)


def test_many_to_many_changes_are_compared_too(team):
    goal = GoalFactory(strategy=team.strategy)
    hannah = BuyerPersonaFactory(strategy=team.strategy, name="Home-brew Hannah")
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, form_data(first_page.context["form"], personas=[str(hannah.pk)]))
    refused = second.post(url, form_data(second_page.context["form"], unit="leads a week"))
    assert refused.status_code == 409
    panel = conflict_panel(refused.text)
    assert "Personas it serves" in panel and "Home-brew Hannah" in panel
    assert list(Goal.objects.get(pk=goal.pk).personas.all()) == [hannah]


def test_the_inline_row_edit_of_an_asset(team):
    asset = AssetFactory(strategy=team.strategy, name="Google reviews", leads=50)
    url = reverse("assets:edit", args=[team.strategy.uuid, asset.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_row = first.get(url, HTTP_HX_REQUEST="true")
    second_row = second.get(url, HTTP_HX_REQUEST="true")

    first.post(url, form_data(first_row.context["form"], leads="120"), HTTP_HX_REQUEST="true")
    refused = second.post(
        url, form_data(second_row.context["form"], name="Reviews on Google"), HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 200  # htmx swaps in successful answers only
    assert refused.text.lstrip().startswith("<tr") and "<form" in refused.text
    panel = conflict_panel(refused.text)
    assert "120" in panel and "Reviews on Google" in panel
    assert Asset.objects.get(pk=asset.pk).name == "Google reviews"

    again = second.post(url, form_data(refused.context["form"]), HTTP_HX_REQUEST="true")
    assert again.text.lstrip().startswith("<tr") and CONFLICT not in again.text
    stored = Asset.objects.get(pk=asset.pk)
    assert (stored.name, stored.leads) == ("Reviews on Google", 50)


def test_a_decision_on_a_paid_platform(team):
    platform = AssetFactory(strategy=team.strategy, media_type="paid", kind="paid_social")
    url = reverse("assets:decide", args=[team.strategy.uuid, platform.pk])
    prefix = f"decide{platform.pk}"

    def decision(choice, reason, version):
        return {
            f"{prefix}-decision": choice,
            f"{prefix}-decision_reason": reason,
            f"{prefix}-edit_version": version,
        }

    first, second = browser_of(team.editor), browser_of(team.owner)
    saved = first.post(url, decision("keep", "Cheap leads", 1), HTTP_HX_REQUEST="true")
    assert "Saved." in saved.text
    # The answer carries the new version: the same editor can save again.
    version = hidden_version(saved.text, f"{prefix}-edit_version")
    again = first.post(url, decision("keep", "Cheapest leads", version), HTTP_HX_REQUEST="true")
    assert "Saved." in again.text and CONFLICT not in again.text

    refused = second.post(url, decision("drop", "Too dear", 1), HTTP_HX_REQUEST="true")
    assert CONFLICT in refused.text and "Saved." not in refused.text
    panel = conflict_panel(refused.text)
    assert "Cheapest leads" in panel and "Too dear" in panel
    assert Asset.objects.get(pk=platform.pk).decision == "keep"

    without_script = second.post(url, decision("drop", "Too dear", 1))
    assert without_script.status_code == 409 and CONFLICT in without_script.text


def test_why_an_earned_source_works(team):
    source = AssetFactory(strategy=team.strategy, why_it_works="Shoppers compare here")
    url = reverse("assets:why", args=[team.strategy.uuid, source.pk])
    name = f"why{source.pk}-why_it_works"
    version_name = f"why{source.pk}-edit_version"
    page = reverse("assets:earned", args=[team.strategy.uuid])
    first, second = browser_of(team.editor), browser_of(team.owner)
    assert hidden_version(first.get(page).text, version_name) == 1

    saved = first.post(url, {name: "Reviews", version_name: "1"}, HTTP_HX_REQUEST="true")
    assert "Saved." in saved.text
    assert 'hx-swap-oob="true"' in saved.text  # the form on the page gets the new version
    assert hidden_version(saved.text, version_name) == 2

    refused = second.post(url, {name: "Press", version_name: "1"}, HTTP_HX_REQUEST="true")
    assert CONFLICT in refused.text and "Saved." not in refused.text
    assert hidden_version(refused.text, version_name) == 2

    without_script = second.post(url, {name: "Press", version_name: "1"})
    assert without_script.status_code == 409
    assert "Press</textarea>" in without_script.text  # what was typed is still there
    assert Asset.objects.get(pk=source.pk).why_it_works == "Reviews"


def test_other_saves_count_as_changes_too(client_for, team):
    piece = ContentPieceFactory(
        strategy=team.strategy, title="Grind guide", publish_date=datetime.date(2027, 3, 15)
    )
    url = reverse("content_plan:piece_edit", args=[team.strategy.uuid, piece.pk])
    client = client_for(team.editor)
    page = client.get(url)

    # Meanwhile the plan comes back from Excel with the piece renamed.
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(team.strategy))))
    for row in book["Content plan"].iter_rows(min_row=2):
        if row[1].value == "Grind guide":
            row[1].value = "Grind guide, from Excel"
    edited = io.BytesIO()
    book.save(edited)
    upload = SimpleUploadedFile("plan.xlsx", edited.getvalue())
    plan = plan_import(team.strategy, upload, "content_plan")
    apply_import(team.strategy, plan_as_data(plan))
    assert ContentPiece.objects.get(pk=piece.pk).edit_version == 2

    refused = client.post(url, form_data(page.context["form"], status="published"))
    assert refused.status_code == 409
    assert "Grind guide, from Excel" in conflict_panel(refused.text)


def test_model_saves_count_in_the_database(team):
    BuyerPersonaFactory(strategy=team.strategy)
    persona = BuyerPersonaFactory(strategy=team.strategy)
    assert persona.edit_version == 1
    stale = BuyerPersona.objects.get(pk=persona.pk)
    persona.name = "Renamed"
    persona.save()
    stale.summary = "Changed elsewhere"
    stale.save(update_fields=["summary"])
    assert persona.edit_version == 3  # read back: both saves counted
    assert persona.move("up")  # the order is no edit of the persona
    assert BuyerPersona.objects.get(pk=persona.pk).edit_version == 3
