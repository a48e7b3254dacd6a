"""The activity page: who changed what and when, from every edit the app versions."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from report.document import build_document
from report.xlsx import content_plan_workbook
from report.xlsx_import import apply_import, plan_as_data, plan_import
from strategy_planner.activity import acting
from strategy_planner.models import Edit, Goal, Profile
from tests.factories import (
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
    UserFactory,
)
from tests.strategy_planner.test_edit_conflicts import form_data

pytestmark = pytest.mark.django_db


def activity_url(strategy) -> str:
    return reverse("versions:activity", args=[strategy.uuid])


def entries(page: str) -> list[str]:
    """Each entry of the activity page as its text reads, spaces squeezed."""
    found = re.findall(r'<li class="[^"]*activity-entry">(.*?)</li>', page, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", entry)).strip() for entry in found]


@pytest.fixture
def named(team):
    Profile.objects.create(user=team.editor, display_name="Ioana Popescu")
    Profile.objects.create(user=team.owner, display_name="Laura Bennett")
    return team


def test_an_edit_on_a_page_is_listed_with_who_made_it_and_the_fields(named, client_for):
    goal = GoalFactory(strategy=named.strategy, marketing_goal="More leads", target=100)
    client = client_for(named.editor)
    url = reverse("strategy_planner:goal_edit", args=[named.strategy.uuid, goal.pk])
    form = client.get(url).context["form"]
    response = client.post(url, form_data(form, target="150", deadline=goal.deadline))
    assert response.status_code == 302

    (edit,) = Edit.objects.filter(strategy=named.strategy)
    assert (edit.user, edit.verb, edit.name, edit.fields) == (
        named.editor,
        "changed",
        "More leads",
        ["target"],
    )
    page = client_for(named.viewer).get(activity_url(named.strategy)).text
    (entry,) = entries(page)
    assert "Ioana Popescu changed the goal More leads" in entry
    assert "Fields: target" in entry
    link = reverse("strategy_planner:goals", args=[named.strategy.uuid]) + f"#goal-{goal.pk}"
    assert f'href="{link}"' in page


def test_saving_a_form_as_it_was_is_not_an_edit(named, client_for):
    goal = GoalFactory(strategy=named.strategy, marketing_goal="More leads")
    client = client_for(named.editor)
    url = reverse("strategy_planner:goal_edit", args=[named.strategy.uuid, goal.pk])
    assert client.post(url, form_data(client.get(url).context["form"])).status_code == 302
    assert not Edit.objects.exists()


def test_adding_and_deleting_are_listed_and_a_deleted_row_keeps_its_name(named, client_for):
    client = client_for(named.owner)
    persona = BuyerPersonaFactory(strategy=named.strategy, name="Home-brew Hannah")
    delete = reverse("personas:delete", args=[named.strategy.uuid, persona.pk])
    assert client.post(delete).status_code == 302

    goals = reverse("strategy_planner:goals", args=[named.strategy.uuid])
    form = client.get(goals).context["form"]
    data = form_data(
        form,
        business_goal="Grow revenue",
        marketing_goal="Double the newsletter",
        metric="subscribers",
        baseline="100",
        target="200",
        deadline=named.strategy.end_date,
        measured_with="email_platform",
    )
    assert client.post(goals, data).status_code in (200, 302)
    assert Goal.objects.filter(marketing_goal="Double the newsletter").exists()

    page = client.get(activity_url(named.strategy)).text
    added, deleted = entries(page)
    assert added.endswith("Laura Bennett added the goal Double the newsletter")
    assert deleted.endswith("Laura Bennett deleted the buyer persona Home-brew Hannah")
    # A deleted row has nowhere to be opened.
    assert f"persona-{persona.pk}" not in page


def test_a_workbook_import_lists_each_row_it_changed_from_the_workbook(named, client_for):
    piece = ContentPieceFactory(strategy=named.strategy, title="Grind guide")
    book = openpyxl.load_workbook(io.BytesIO(content_plan_workbook(build_document(named.strategy))))
    for row in book["Content plan"].iter_rows(min_row=2):
        if row[1].value == "Grind guide":
            row[1].value = "Grind guide, from Excel"
    edited = io.BytesIO()
    book.save(edited)
    with acting(named.editor):
        plan = plan_import(
            named.strategy, SimpleUploadedFile("plan.xlsx", edited.getvalue()), "content_plan"
        )
        apply_import(named.strategy, plan_as_data(plan))

    (edit,) = Edit.objects.filter(strategy=named.strategy)
    assert (edit.user, edit.verb, edit.row_id, edit.fields, edit.way) == (
        named.editor,
        "changed",
        piece.pk,
        ["title"],
        Edit.Way.WORKBOOK,
    )
    assert edit.name == "Grind guide, from Excel"
    (entry,) = entries(client_for(named.owner).get(activity_url(named.strategy)).text)
    assert "Ioana Popescu changed the planned piece of content Grind guide, from Excel" in entry
    assert entry.endswith("Fields: title from the workbook")


def test_work_done_by_nobody_is_not_logged(team):
    """The demo, a restore and the test factories are nobody's edits."""
    goal = GoalFactory(strategy=team.strategy)
    goal.target = 5
    goal.save()
    goal.delete()
    assert not Edit.objects.exists()


def test_a_reader_sees_the_log_in_their_language(named, client_for):
    goal = GoalFactory(strategy=named.strategy, marketing_goal="More leads")
    with acting(named.editor):
        goal.save_if_unchanged(goal.edit_version, [Goal._meta.get_field("target")])
    client = client_for(named.viewer)
    page = client.get(activity_url(named.strategy), headers={"accept-language": "ro"}).text
    (entry,) = entries(page)
    assert "Ioana Popescu" in entry and "More leads" in entry
    assert "țintă" in entry and "target" not in entry


def test_the_log_shows_one_member_at_a_time(named, client_for):
    goal = GoalFactory(strategy=named.strategy, marketing_goal="More leads")
    persona = BuyerPersonaFactory(strategy=named.strategy, name="Sam")
    with acting(named.editor):
        goal.save()
    with acting(named.owner):
        persona.save()
    client = client_for(named.viewer)
    url = activity_url(named.strategy)
    everyone = entries(client.get(url).text)
    assert len(everyone) == 2
    (only,) = entries(client.get(url, {"person": named.owner.pk}).text)
    assert "Laura Bennett" in only and "Sam" in only
    # Someone who is no member, or no number at all, shows everyone's edits.
    for hostile in (UserFactory().pk, "x", "1e9", "-1", "٢"):
        response = client.get(url, {"person": hostile, "page": "9999"})
        assert response.status_code == 200
        assert len(entries(response.text)) == 2


def test_another_strategys_edits_are_not_listed(named, client_for):
    other = StrategyFactory()
    with acting(named.owner):
        GoalFactory(strategy=other, marketing_goal="Secret plan")
    page = client_for(named.owner).get(activity_url(named.strategy)).text
    assert "Secret plan" not in page and entries(page) == []
    assert "No edits yet" in page


def test_the_page_takes_a_pinned_number_of_queries(named, client_for):
    """However many edits by however many people: names and profiles come with them."""
    client = client_for(named.viewer)
    url = activity_url(named.strategy)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for user in (named.owner, named.editor):
        with acting(user):
            GoalFactory(strategy=named.strategy)
    few = queries()
    for user in (named.owner, named.editor, named.viewer) * 10:
        with acting(user):
            BuyerPersonaFactory(strategy=named.strategy)
    assert queries() == few
    assert few <= 12
