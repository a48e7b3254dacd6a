"""A piece is published within the strategy's horizon, as a goal's deadline falls
within it: one rule (``Strategy.in_horizon()``, worded by
``Strategy.outside_horizon()``) in the model's ``clean()``, which the edit page,
the calendar's moves and the workbook import all go through."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from content_plan.models import ContentPiece
from tests.factories import ContentPieceFactory, GoalFactory
from tests.report.test_import_preview import export, preview, rows_of

OUTSIDE = "Choose a publish date inside the strategy's horizon (01/01/2027 – 12/31/2027)."


def url(name, strategy, *args):
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def piece_data(**changes):
    return {
        "title": "Savings calculator",
        "format": "landing_page",
        "priority": "high",
        "production": "in_house",
        "hours": "6",
        "status": "planned",
        "publish_date": "2027-02-03",
        **changes,
    }


def test_the_deadline_and_the_publish_date_share_the_horizon_rule(team):
    goal = GoalFactory.build(strategy=team.strategy, deadline=datetime.date(2028, 1, 1))
    piece = ContentPieceFactory.build(
        strategy=team.strategy, publish_date=datetime.date(2028, 1, 1)
    )
    for row, field in ((goal, "deadline"), (piece, "publish_date")):
        with pytest.raises(ValidationError) as raised:
            row.full_clean(exclude=["strategy"])
        errors = raised.value.error_dict
        assert [item.code for item in errors[field]] == ["outside_horizon"]
    assert team.strategy.in_horizon(team.strategy.start_date)
    assert team.strategy.in_horizon(team.strategy.end_date)


def test_the_edit_page_refuses_a_publish_date_outside_the_horizon(client_for, team):
    client = client_for(team.editor)
    response = client.post(
        url("piece_create", team.strategy), piece_data(publish_date="2028-01-01")
    )
    assert response.context["form"].errors["publish_date"] == [OUTSIDE]
    assert not ContentPiece.objects.exists()
    response = client.post(
        url("piece_create", team.strategy), piece_data(publish_date="2027-12-31")
    )
    assert ContentPiece.objects.get().publish_date == datetime.date(2027, 12, 31)


def test_a_piece_without_a_publish_date_is_not_held_to_the_horizon(client_for, team):
    client_for(team.editor).post(url("piece_create", team.strategy), piece_data(publish_date=""))
    assert ContentPiece.objects.get().publish_date is None


def test_the_import_refuses_a_publish_date_outside_the_horizon(client_for, team):
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    book, sheet, columns = export(team.strategy)
    sheet.cell(row=2, column=columns["Publish date"], value=datetime.date(2026, 12, 31))
    page = preview(client_for(team.editor), team.strategy, book)
    (row,) = [html.unescape(row) for row in rows_of(page.text)]
    assert row == f"Errors Row 2 Column What is wrong Publish date {OUTSIDE}"
    piece.refresh_from_db()
    assert piece.publish_date == datetime.date(2027, 3, 15)
