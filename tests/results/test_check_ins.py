"""Editing and deleting a check-in, two editors at once, and setting milestones."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from results.models import CheckIn, Milestone
from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory

D = Decimal


@pytest.fixture
def goals(team):
    return [
        GoalFactory(strategy=team.strategy, marketing_goal="More leads", baseline=100, target=160),
        GoalFactory(
            strategy=team.strategy,
            marketing_goal="Cheaper leads",
            metric="Cost per lead",
            baseline=50,
            target=30,
            unit="EUR",
        ),
    ]


@pytest.fixture
def check_in(team, goals):
    check_in = CheckInFactory(
        strategy=team.strategy, month=datetime.date(2027, 2, 1), note="Sale week"
    )
    CheckInValueFactory(check_in=check_in, goal=goals[0], actual=118)
    CheckInValueFactory(check_in=check_in, goal=goals[1], actual=44)
    return check_in


def edit_url(check_in):
    return reverse("results:check_in_edit", args=[check_in.strategy.uuid, check_in.pk])


def delete_url(check_in):
    return reverse("results:check_in_delete", args=[check_in.strategy.uuid, check_in.pk])


def form_data(client, check_in) -> dict:
    """What the edit page's form sends back untouched: every field and its starting value."""
    form = client.get(edit_url(check_in)).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[form.add_prefix(name)] = "" if value is None else str(value)
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = "" if value is None else str(value)
    return data


def test_a_viewer_may_not_edit_or_delete(client_for, team, check_in):
    client = client_for(team.viewer)
    assert client.get(edit_url(check_in)).status_code == 403
    assert client.post(edit_url(check_in), {"check_in-note": "x"}).status_code == 403
    assert client.post(delete_url(check_in)).status_code == 403
    assert CheckIn.objects.filter(pk=check_in.pk).exists()


def test_it_is_404_for_another_strategys_check_in(client_for, team, goals):
    other = CheckInFactory()
    url = reverse("results:check_in_edit", args=[team.strategy.uuid, other.pk])
    assert client_for(team.editor).get(url).status_code == 404


def test_an_editor_changes_a_value_and_empties_another(client_for, team, goals, check_in):
    client = client_for(team.editor)
    data = form_data(client, check_in)
    assert D(data[f"check_in-goal-{goals[0].pk}"]) == 118
    data[f"check_in-goal-{goals[0].pk}"] = "121.5"
    data[f"check_in-goal-{goals[1].pk}"] = ""
    data["check_in-note"] = "Sale week, and a webinar"
    response = client.post(edit_url(check_in), data)
    assert response.status_code == 302
    check_in.refresh_from_db()
    assert check_in.actuals() == {goals[0].pk: D("121.5")}
    assert check_in.note == "Sale week, and a webinar"
    assert check_in.edit_version == 2


def test_two_editors_changing_different_values_are_merged(client_for, team, goals, check_in):
    client = client_for(team.editor)
    first, second = form_data(client, check_in), form_data(client, check_in)
    first[f"check_in-goal-{goals[0].pk}"] = "125"
    assert client.post(edit_url(check_in), first).status_code == 302
    second[f"check_in-goal-{goals[1].pk}"] = "39"
    assert client.post(edit_url(check_in), second).status_code == 302
    check_in.refresh_from_db()
    assert check_in.actuals() == {goals[0].pk: D(125), goals[1].pk: D(39)}
    assert check_in.edit_version == 3


def test_two_editors_changing_the_same_value_is_a_conflict(client_for, team, goals, check_in):
    client = client_for(team.editor)
    first, second = form_data(client, check_in), form_data(client, check_in)
    first[f"check_in-goal-{goals[1].pk}"] = "41"
    assert client.post(edit_url(check_in), first).status_code == 302
    second[f"check_in-goal-{goals[1].pk}"] = "43"
    response = client.post(edit_url(check_in), second)
    assert response.status_code == 409
    assert "Someone else changed “Check-in for February 2027”" in response.text
    assert "Cheaper leads (Cost per lead)" in response.text
    assert "€41.00" in response.text and "€43.00" in response.text
    check_in.refresh_from_db()
    assert check_in.actuals()[goals[1].pk] == D(41)
    # Saving again replaces theirs, on purpose.
    form = response.context["form"]
    again = {**second, "check_in-edit_version": str(form.data["check_in-edit_version"])}
    assert client.post(edit_url(check_in), again).status_code == 302
    check_in.refresh_from_db()
    assert check_in.actuals()[goals[1].pk] == D(43)


def test_an_editor_deletes_a_check_in_after_confirming(client_for, team, check_in):
    client = client_for(team.editor)
    page = client.get(delete_url(check_in)).text
    assert "Delete the check-in for February 2027?" in page
    response = client.post(delete_url(check_in))
    assert response.status_code == 302
    assert not CheckIn.objects.filter(pk=check_in.pk).exists()
    assert "Deleted the check-in for February 2027." in client.get(response.url).text


def milestones_url(goal):
    return reverse("results:milestones", args=[goal.strategy.uuid, goal.pk])


def test_the_milestones_form_shows_the_even_spread_as_placeholders(client_for, team, goals):
    page = client_for(team.editor).get(milestones_url(goals[0])).text
    assert 'name="2027-01"' in page and 'placeholder="110"' in page
    assert client_for(team.viewer).get(milestones_url(goals[0])).status_code == 403


def test_an_edited_milestone_stays_and_an_emptied_one_returns_to_the_spread(
    client_for, team, goals
):
    Milestone.objects.create(goal=goals[0], month=datetime.date(2027, 4, 1), value=135)
    client = client_for(team.editor)
    response = client.post(
        milestones_url(goals[0]), {"2027-03": "۱۲۵", "2027-04": "", "initial-2027-04": "135"}
    )
    assert response.status_code == 302
    assert dict(goals[0].milestones.values_list("month", "value")) == {
        datetime.date(2027, 3, 1): D(125)
    }
    page = client.get(response.url).text
    assert "125<span" in page  # March, set by hand
    assert ">140<" in page  # April, the even spread again


def test_two_editors_setting_different_months_keep_both(client_for, team, goals):
    client = client_for(team.editor)
    started = {f"initial-2027-{month:02}": "" for month in range(1, 13)}
    first = {**started, "2027-02": "125"}
    second = {**started, "2027-05": "140"}
    assert client.post(milestones_url(goals[0]), first).status_code == 302
    assert client.post(milestones_url(goals[0]), second).status_code == 302
    assert dict(goals[0].milestones.values_list("month", "value")) == {
        datetime.date(2027, 2, 1): D(125),
        datetime.date(2027, 5, 1): D(140),
    }
