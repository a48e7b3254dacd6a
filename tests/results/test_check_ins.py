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


def milestones_form(client, goal) -> dict:
    """What the milestones page sends back as it was drawn: every month, its starting
    value and the goal's edit version."""
    form = client.get(milestones_url(goal)).context["form"]
    data = {"edit_version": str(form["edit_version"].value())}
    for field in form.month_fields:
        value = "" if field.value() is None else str(field.value())
        data[field.html_name] = value
        data[field.html_initial_name] = value
    return data


def test_saving_milestones_counts_as_a_save_of_the_goal(client_for, team, goals):
    client = client_for(team.editor)
    data = milestones_form(client, goals[0]) | {"2027-03": "125"}
    assert client.post(milestones_url(goals[0]), data).status_code == 302
    goals[0].refresh_from_db()
    assert goals[0].edit_version == 2
    # Saving the form unchanged writes nothing.
    assert (
        client.post(milestones_url(goals[0]), milestones_form(client, goals[0])).status_code == 302
    )
    goals[0].refresh_from_db()
    assert goals[0].edit_version == 2


def test_two_members_saving_the_same_month_at_once_is_a_conflict(client_for, team, goals):
    """Both open the goal's milestones; the first saves March at 125, the second, a
    moment later, March at 128 and May at 140: the second is told what the first
    saved, and nothing the second typed is lost or saved on a guess."""
    Milestone.objects.create(goal=goals[0], month=datetime.date(2027, 6, 1), value=155)
    client = client_for(team.editor)
    first, second = milestones_form(client, goals[0]), milestones_form(client, goals[0])
    client_for(team.owner)
    assert client.post(milestones_url(goals[0]), first | {"2027-03": "125"}).status_code == 302
    client_for(team.editor)
    response = client.post(
        milestones_url(goals[0]), second | {"2027-03": "128", "2027-05": "140", "2027-06": ""}
    )
    assert response.status_code == 409
    page = response.text
    assert "Someone else changed “More leads” while you were editing." in page
    assert "March 2027" in page and "\u2068125\u2069" in page and "\u2068128\u2069" in page
    assert "May 2027" not in page.split("edit-conflict")[1].split("</table>")[0]  # only theirs
    # The form holds what the second typed, on top of what is saved now.
    assert 'name="2027-03" value="128"' in page
    assert 'name="2027-05" value="140"' in page
    assert 'name="2027-06" inputmode="decimal" placeholder="160"' in page  # the spread again
    assert 'name="initial-2027-03" value="125.00"' in page
    assert dict(goals[0].milestones.values_list("month", "value")) == {
        datetime.date(2027, 3, 1): D(125),
        datetime.date(2027, 6, 1): D(155),
    }
    # Saving again is a deliberate choice: it replaces the first's March.
    form = response.context["form"]
    again = dict(form.data.items())
    assert client.post(milestones_url(goals[0]), again).status_code == 302
    assert dict(goals[0].milestones.values_list("month", "value")) == {
        datetime.date(2027, 3, 1): D(128),
        datetime.date(2027, 5, 1): D(140),
    }


def test_a_month_emptied_by_one_and_set_by_the_other_is_a_conflict(client_for, team, goals):
    Milestone.objects.create(goal=goals[0], month=datetime.date(2027, 4, 1), value=135)
    client = client_for(team.editor)
    first, second = milestones_form(client, goals[0]), milestones_form(client, goals[0])
    assert client.post(milestones_url(goals[0]), first | {"2027-04": ""}).status_code == 302
    response = client.post(milestones_url(goals[0]), second | {"2027-04": "138"})
    assert response.status_code == 409
    assert "140 (the even spread)" in response.text  # what April is now
    assert not goals[0].milestones.exists()


def test_the_same_month_set_to_the_same_value_by_both_is_no_conflict(client_for, team, goals):
    client = client_for(team.editor)
    first, second = milestones_form(client, goals[0]), milestones_form(client, goals[0])
    assert client.post(milestones_url(goals[0]), first | {"2027-03": "125"}).status_code == 302
    response = client.post(milestones_url(goals[0]), second | {"2027-03": "125", "2027-07": "160"})
    assert response.status_code == 302
    assert dict(goals[0].milestones.values_list("month", "value")) == {
        datetime.date(2027, 3, 1): D(125),
        datetime.date(2027, 7, 1): D(160),
    }


def test_a_save_that_lands_between_the_check_and_the_write_is_not_merged_on_a_guess(
    client_for, team, goals, monkeypatch
):
    """The second save checks what is saved now, finds nothing in its way, and is about
    to write when a third save of the same month lands: it writes nothing and says so."""
    client = client_for(team.editor)
    mine = milestones_form(client, goals[0]) | {"2027-03": "128"}
    Milestone.objects.create(goal=goals[0], month=datetime.date(2027, 8, 1), value=150)
    goals[0].save(update_fields=["updated_at"])  # someone set August meanwhile
    original = type(goals[0]).save_if_unchanged

    def another_save_first(goal, expected, fields):
        if expected == 2:  # the version the form found: someone saves March first
            Milestone.objects.create(goal=goal, month=datetime.date(2027, 3, 1), value=121)
            type(goal).objects.filter(pk=goal.pk).update(edit_version=3)
        return original(goal, expected, fields)

    monkeypatch.setattr(type(goals[0]), "save_if_unchanged", another_save_first)
    response = client.post(milestones_url(goals[0]), mine)
    assert response.status_code == 409
    assert "\u2068121\u2069" in response.text
    assert goals[0].milestones.get(month=datetime.date(2027, 3, 1)).value == D(121)


def test_a_viewer_may_not_save_milestones(client_for, team, goals):
    response = client_for(team.viewer).post(milestones_url(goals[0]), {"2027-03": "125"})
    assert response.status_code == 403
    assert not goals[0].milestones.exists()
