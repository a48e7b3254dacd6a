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

from assets.models import Asset, MediaAudit
from content_plan.models import ContentPiece
from personas.models import BrandVoice, BuyerPersona
from report.document import build_document
from report.models import CoherentAction
from report.xlsx import content_plan_workbook
from report.xlsx_import import apply_import, plan_as_data, plan_import
from strategy_planner.models import Goal
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
)

CONFLICT = "Someone else changed"


def browser_of(user) -> Client:
    """A separate client (own session and cookies) per editor, like two browsers."""
    client = Client()
    client.force_login(user)
    return client


def form_data(form, without=(), **changes) -> dict:
    """What a browser sends back for the form as the page shows it (each field, and
    each field's starting value in its hidden twin), with some fields changed."""
    data = {}

    def put(name, value):
        if value is not None:
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)

    for field in form:
        if field.name in without:
            continue
        put(field.html_name, field.value())
        if field.field.show_hidden_initial:
            put(field.html_initial_name, field.field.prepare_value(field.initial))
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
def test_two_editors_changing_different_fields_keep_both_changes(team, case):
    obj = case.make(team.strategy)
    model = type(obj)
    url = reverse(case.url, args=[team.strategy.uuid, obj.pk])
    first_field, first_typed, first_stored, _first_shown = case.first
    second_field, second_typed, second_stored, _second_shown = case.second
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)  # both open the edit page

    saved = first.post(url, form_data(first_page.context["form"], **{first_field: first_typed}))
    assert saved.status_code == 302
    also = second.post(url, form_data(second_page.context["form"], **{second_field: second_typed}))

    assert also.status_code == 302  # theirs on another field: nothing to lose
    stored = model.objects.get(pk=obj.pk)
    assert (getattr(stored, first_field), getattr(stored, second_field)) == (
        first_stored,
        second_stored,
    )
    assert stored.edit_version == 3


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_second_change_of_the_same_field_is_told_and_can_then_overwrite(team, case):
    obj = case.make(team.strategy)
    model = type(obj)
    url = reverse(case.url, args=[team.strategy.uuid, obj.pk])
    field, first_typed, first_stored, first_shown = case.first
    other_field, other_typed, _other_stored, _other_shown = case.second
    original_other = getattr(obj, other_field)
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)

    saved = first.post(url, form_data(first_page.context["form"], **{field: first_typed}))
    assert saved.status_code == 302
    mine = {field: "Mine, typed meanwhile", other_field: other_typed}
    if field in ("target", "leads"):
        mine[field] = "321"
    refused = second.post(url, form_data(second_page.context["form"], **mine))

    assert refused.status_code == 409
    panel = conflict_panel(refused.text)
    assert first_shown in panel and str(mine[field]) in panel  # theirs and mine, side by side
    assert "Saved now" in panel and "Yours" in panel
    form = refused.context["form"]
    assert form[field].value() == mine[field]  # what the second editor typed stays
    stored = model.objects.get(pk=obj.pk)
    assert (getattr(stored, field), getattr(stored, other_field)) == (first_stored, original_other)
    assert hidden_version(refused.text, form.add_prefix("edit_version")) == stored.edit_version

    again = second.post(url, form_data(form))  # a deliberate second save
    assert again.status_code == 302
    stored = model.objects.get(pk=obj.pk)
    assert str(getattr(stored, field)).removesuffix(".00") == str(mine[field])


def test_a_form_posted_without_its_version_does_not_overwrite(team):
    persona = BuyerPersonaFactory(strategy=team.strategy, name="Hannah", location="Berlin")
    url = reverse("personas:edit", args=[team.strategy.uuid, persona.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_page, second_page = first.get(url), second.get(url)
    first.post(url, form_data(first_page.context["form"], location="Hamburg"))
    bare = {
        name: value
        for name, value in form_data(second_page.context["form"], location="Munich").items()
        if not name.startswith("initial-") and name != "edit_version"
    }
    refused = second.post(url, bare)
    assert refused.status_code == 409
    assert BuyerPersona.objects.get(pk=persona.pk).location == "Hamburg"


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
    other = BuyerPersonaFactory(strategy=team.strategy, name="Subscription Sam")
    refused = second.post(url, form_data(second_page.context["form"], personas=[str(other.pk)]))
    assert refused.status_code == 409
    panel = conflict_panel(refused.text)
    assert "Personas it serves" in panel and "Home-brew Hannah" in panel
    assert "Subscription Sam" in panel
    assert list(Goal.objects.get(pk=goal.pk).personas.all()) == [hannah]


def test_the_inline_row_edit_of_an_asset(team):
    asset = AssetFactory(strategy=team.strategy, name="Google reviews", leads=50)
    url = reverse("assets:edit", args=[team.strategy.uuid, asset.pk])
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_row = first.get(url, HTTP_HX_REQUEST="true")
    second_row = second.get(url, HTTP_HX_REQUEST="true")

    first.post(url, form_data(first_row.context["form"], leads="120"), HTTP_HX_REQUEST="true")
    refused = second.post(
        url,
        form_data(second_row.context["form"], name="Reviews on Google", leads="60"),
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 200  # htmx swaps in successful answers only
    assert refused.text.lstrip().startswith("<tr") and "<form" in refused.text
    panel = conflict_panel(refused.text)
    assert "120" in panel and "60" in panel
    assert Asset.objects.get(pk=asset.pk).name == "Google reviews"

    again = second.post(url, form_data(refused.context["form"]), HTTP_HX_REQUEST="true")
    assert again.text.lstrip().startswith("<tr") and CONFLICT not in again.text
    stored = Asset.objects.get(pk=asset.pk)
    assert (stored.name, stored.leads) == ("Reviews on Google", 60)


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

    refused = client.post(url, form_data(page.context["form"], title="Grind guide, 2nd ed."))
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


@dataclass
class Page:
    """An edit page of shared content: how to reach it and one of its fields."""

    url: object  # strategy -> URL of the page
    form: str  # the form's name in the page's context
    field: str
    first: str  # what the first editor types
    second: str  # what the second editor types over the same field
    other: str  # another field the second editor changes alone
    other_value: str


def _sequence(strategy):
    return MessageSequenceFactory(strategy=strategy, name="Cart rescue")


PAGES = {
    "basics": Page(
        lambda s: reverse("strategy_planner:basics", args=[s.uuid]),
        "form",
        "industry",
        "Tea",
        "Coffee and tea",
        "organisation",
        "Northwind Ltd",
    ),
    "kernel": Page(
        lambda s: reverse("report:consolidate", args=[s.uuid]),
        "form",
        "diagnosis",
        "Nobody trusts us yet.",
        "Shipping costs scare buyers.",
        "guiding_policy",
        "Earn trust first.",
    ),
    "brand voice": Page(
        lambda s: (
            BrandVoice.objects.create(strategy=s, personality="Barista")
            and reverse("personas:brand_voice", args=[s.uuid])
        ),
        "form",
        "personality",
        "A friendly barista",
        "A patient teacher",
        "sounds_like",
        "Mary Berry",
    ),
    "coherent action": Page(
        lambda s: reverse(
            "report:action_edit",
            args=[s.uuid, CoherentAction.objects.create(strategy=s, title="Reviews").pk],
        ),
        "action_form",
        "title",
        "Show reviews",
        "Ask for reviews",
        "description",
        "After every order",
    ),
    "audited piece": Page(
        lambda s: reverse(
            "content_plan:audit_edit", args=[s.uuid, AuditedPieceFactory(strategy=s).pk]
        ),
        "form",
        "title",
        "Grind guide",
        "Grinding guide",
        "leads",
        "42",
    ),
    "sequence": Page(
        lambda s: reverse("content_plan:sequence", args=[s.uuid, _sequence(s).pk]),
        "form",
        "name",
        "Cart rescue, v2",
        "Rescue the cart",
        "greeting",
        "Hi there!",
    ),
    "message": Page(
        lambda s: reverse(
            "content_plan:step_edit",
            args=[s.uuid, (step := SequenceStepFactory(sequence__strategy=s)).sequence_id, step.pk],
        ),
        "form",
        "text",
        "Your cart is waiting for you.",
        "Still thinking it over?",
        "delay_minutes",
        "90",
    ),
    "earned ranking": Page(
        lambda s: (
            MediaAudit.objects.create(strategy=s, ranking_metric="leads")
            and reverse("assets:earned", args=[s.uuid])
        ),
        "ranking_form",
        "ranking_metric",
        "visits",
        "conversions",
        "ranking_goal",
        "",
    ),
    "paid target": Page(
        lambda s: (
            MediaAudit.objects.create(strategy=s, target_cost_per_lead=5)
            and reverse("assets:paid", args=[s.uuid])
        ),
        "target_form",
        "target_cost_per_lead",
        "4",
        "6",
        "target_cost_per_lead",
        "6",
    ),
}


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_every_shared_edit_is_guarded(team, page):
    url = page.url(team.strategy)
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_form = first.get(url).context[page.form]
    second_form = second.get(url).context[page.form]

    assert first.post(url, form_data(first_form, **{page.field: page.first})).status_code == 302
    refused = second.post(url, form_data(second_form, **{page.field: page.second}))
    assert refused.status_code == 409, page
    assert page.first.lower() in conflict_panel(refused.text).lower()  # as typed or as labelled
    assert refused.context[page.form][page.field].value() == page.second  # typing kept
    # Saved again, deliberately: the second editor's value replaces the first's.
    again = second.post(url, form_data(refused.context[page.form]))
    assert again.status_code == 302


@pytest.mark.parametrize(
    "page", [p for p in PAGES.values() if p.other != p.field], ids=lambda p: p.other
)
def test_changes_to_different_fields_of_shared_content_are_both_kept(team, page):
    url = page.url(team.strategy)
    first, second = browser_of(team.editor), browser_of(team.owner)
    first_form = first.get(url).context[page.form]
    second_form = second.get(url).context[page.form]
    assert first.post(url, form_data(first_form, **{page.field: page.first})).status_code == 302
    also = second.post(url, form_data(second_form, **{page.other: page.other_value}))
    assert also.status_code == 302
    now = second.get(url).context[page.form]
    assert str(now[page.field].value()) == page.first
    assert str(now[page.other].value() or "") == page.other_value
