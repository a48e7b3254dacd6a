"""Downloads carry the strategy's name, whatever script it is written in."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Northwind — 2027 growth", 'filename="northwind-2027-growth.xlsx"'),
        ("راهبرد رشد ۱۴۰۶", "filename*=utf-8''%D8%B1%D8%A7%D9%87%D8%A8%D8%B1%D8%AF"),
        ("Creștere în 2027", "filename*=utf-8''cre%C8%99tere-%C3%AEn-2027.xlsx"),
    ],
)
def test_downloads_are_named_after_the_strategy_in_its_own_script(client_for, team, name, expected):
    team.strategy.name = name
    team.strategy.save()
    response = client_for(team.viewer).get(reverse("report:export_xlsx", args=[team.strategy.uuid]))
    assert expected in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("attachment")
