"""A goal whose figures are wider than their fields, already in the database.

SQLite does not enforce a decimal column's ``max_digits``: before the funnel
calculator checked its figures against a goal's, saving a large funnel stored a
target of 999,999,999,999,990,000 leads in a column of 14 digits. Django's
SQLite backend reads a decimal back by rounding it to the field's decimal
places within ``max_digits`` digits; a wider value raises
``decimal.InvalidOperation`` on every query that loads the goal. Every page
that lists goals or offers them as a choice, the document, the workbook, the
share link, the copy and the backup answered 500, and no page could delete it.

Read whole instead, the goal shows everywhere, its edit page names the figure
that is too large, and it can be corrected or deleted.
"""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from report.document import build_document
from report.pdf import render_html
from report.xlsx import strategy_workbook
from starters import backup
from strategy_planner.models import Goal, Strategy
from tests.factories import GoalFactory
from tests.strategy_planner import test_access
from tests.strategy_planner.test_access import CALLERS, EXPECTED, call, mismatch
from tests.strategy_planner.test_hostile_queries import READ_ROUTES, reader

# The access test's strategy with one of everything, built once for the module.
shared_world, world = test_access.shared_world, test_access.world
worker_queue = test_access.worker_queue  # renders PDFs in the background, as there

# Only SQLite lets such a value in; PostgreSQL refuses it at the UPDATE, so there
# is nothing to read back there.
pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite stores a decimal wider than its column"
)

TOO_WIDE = Decimal("999999999999990000")  # 18 digits before the point; the field holds 12


def store_too_wide(goal, field="target", value=TOO_WIDE):
    """Write the value as the calculator used to, past the field's validation."""
    table = Goal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET {field} = %s WHERE id = %s", [str(value), goal.pk])


@pytest.fixture
def wide_goal(team):
    goal = GoalFactory(strategy=team.strategy, marketing_goal="Win the whole world")
    store_too_wide(goal)
    return goal


@pytest.mark.parametrize("name", READ_ROUTES)
def test_every_page_answers_with_a_goal_too_wide_for_its_field(world, name):
    store_too_wide(Goal.objects.get(pk=world.args["goal_id"]))
    caller = reader(name)
    expected = EXPECTED[name][0][CALLERS.index(caller)]
    response = call(world.client(caller), "get", world.url(name, caller))
    assert not mismatch(response, expected), mismatch(response, expected)


def test_the_goal_reads_back_whole(wide_goal):
    assert Goal.objects.get(pk=wide_goal.pk).target == TOO_WIDE


@pytest.mark.parametrize(
    "value", [TOO_WIDE, Decimal("-99999999999999999999.99"), Decimal("1E+300")]
)
def test_the_model_names_the_figure_too_large(wide_goal, value):
    store_too_wide(wide_goal, "baseline", value)
    goal = Goal.objects.get(pk=wide_goal.pk)
    with pytest.raises(ValidationError) as refused:
        goal.full_clean()
    assert set(refused.value.message_dict) == {"baseline", "target"}


def test_the_goals_page_shows_it(client_for, team, wide_goal):
    response = client_for(team.viewer).get(
        reverse("strategy_planner:goals", args=[team.strategy.uuid])
    )
    assert response.status_code == 200
    assert "Win the whole world" in response.text
    assert "999,999,999,999,990,000" in response.text


def test_the_edit_page_names_the_figure_and_takes_a_correction(client_for, team, wide_goal):
    client = client_for(team.editor)
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, wide_goal.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["personas"] = []
    unchanged = client.post(url, data)
    assert unchanged.status_code == 200
    assert "Ensure that there are no more than 14 digits in total." in unchanged.text
    assert Goal.objects.get(pk=wide_goal.pk).target == TOO_WIDE

    data["target"] = "750000"
    data["edit_version"] = Goal.objects.get(pk=wide_goal.pk).edit_version
    assert client.post(url, data).status_code == 302
    assert Goal.objects.get(pk=wide_goal.pk).target == 750000


def test_it_can_be_deleted(client_for, team, wide_goal):
    url = reverse("strategy_planner:goal_delete", args=[team.strategy.uuid, wide_goal.pk])
    assert client_for(team.editor).post(url).status_code == 302
    assert not Goal.objects.filter(pk=wide_goal.pk).exists()


def test_the_document_the_pdf_and_the_workbook_show_it(team, wide_goal):
    document = build_document(team.strategy)
    (row,) = document.goals
    assert row.target == TOO_WIDE
    assert "Win the whole world" in render_html(document)
    book = openpyxl.load_workbook(io.BytesIO(strategy_workbook(document)))
    cells = [str(value) for sheet in book.worksheets for line in sheet.values for value in line]
    assert any(
        "Win the whole world" in cell and "999,999,999,999,990,000" in cell for cell in cells
    )


def test_the_backup_and_the_copy_keep_it(client_for, team, wide_goal):
    data = json.loads(backup.dumps(backup.backup(team.strategy)))
    (record,) = [r for r in data["objects"] if r["model"] == "strategy_planner.goal"]
    assert Decimal(record["fields"]["target"]) == TOO_WIDE

    response = client_for(team.owner).post(
        reverse("starters:start"), {"source": "copy", "strategy": str(team.strategy.uuid)}
    )
    assert response.status_code == 302
    copy = Strategy.objects.get(name=f"Copy of {team.strategy.name}")
    assert copy.goals.get().target == TOO_WIDE
