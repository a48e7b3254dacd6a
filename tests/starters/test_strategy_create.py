import pytest
from django.urls import reverse

from strategy_planner.models import Membership, Role, Strategy

URL = reverse("starters:create")

VALID = {
    "name": "Spring push",
    "organisation": "Acme",
    "industry": "Garden tools",
    "business_model": "b2c",
    "price_point": "low",
    "start_date": "2027-01-01",
    "end_date": "2027-09-30",
    "language": "ro",
    "currency": "RON",
}


def test_it_requires_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_shows_the_form(client_for, team):
    response = client_for(team.outsider).get(URL)
    assert response.status_code == 200
    assert "Planning horizon" in response.text or "planning horizon" in response.text


def test_it_creates_a_strategy_owned_by_the_creator(client_for, team):
    response = client_for(team.outsider).post(URL, VALID)
    strategy = Strategy.objects.get(name="Spring push")
    assert response.status_code == 302
    assert response.url == strategy.get_absolute_url()
    membership = Membership.objects.get(strategy=strategy)
    assert (membership.user, membership.role) == (team.outsider, Role.OWNER)
    assert strategy.language == "ro" and strategy.currency == "RON"


def test_it_refuses_a_short_horizon_and_keeps_what_was_typed(client_for, team):
    response = client_for(team.outsider).post(URL, {**VALID, "end_date": "2027-03-01"})
    assert response.status_code == 200
    assert not Strategy.objects.filter(name="Spring push").exists()
    form = response.context["form"]
    assert "end_date" in form.errors
    assert "6 to 12 months" in response.text
    assert 'value="Spring push"' in response.text
    assert 'value="Garden tools"' in response.text
    assert 'value="2027-03-01"' in response.text


@pytest.mark.parametrize("field", ["name", "organisation", "industry", "start_date"])
def test_it_requires_the_basics(client_for, team, field):
    response = client_for(team.outsider).post(URL, {**VALID, field: ""})
    assert response.status_code == 200
    assert field in response.context["form"].errors
