"""Amounts, hours and ages stay in range whichever way they come in: the edit page,
the spreadsheet import and the admin all run the model's own validators."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import AssetFactory, BuyerPersonaFactory, ContentPieceFactory


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (ContentPieceFactory, "hours", -5),
        (ContentPieceFactory, "budget", -100),
        (AssetFactory, "revenue", -1),
        (AssetFactory, "spend", -1),
        (BuyerPersonaFactory, "income_min", -1000),
        (BuyerPersonaFactory, "age_max", 121),
    ],
)
def test_a_value_out_of_range_is_refused_by_the_model(db, factory, field, value):
    row = factory(**({"media_type": "paid", "kind": "display"} if factory is AssetFactory else {}))
    setattr(row, field, value)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert field in refused.value.message_dict


def test_the_piece_page_refuses_negative_hours(client_for, team):
    from django.urls import reverse

    piece = ContentPieceFactory(strategy=team.strategy)
    url = reverse("content_plan:piece_edit", args=[team.strategy.uuid, piece.pk])
    client = client_for(team.editor)
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(title=piece.title, hours="-5", edit_version=piece.edit_version)
    data.pop("promotion_channels", None)
    response = client.post(url, data)
    assert response.status_code == 200
    assert "hours" in response.context["form"].errors
    piece.refresh_from_db()
    assert piece.hours == 8
