"""Saving a row of the budget grid: a line's planned or actual figures by month, from
a plain form or from the grid's script, as a reader's keyboard types them, without
saving over someone else's figures."""

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.forms import encode_values
from budget.models import BudgetLine
from tests.factories import BudgetLineFactory, BudgetMonthFactory, StrategyFactory

D = Decimal
JSON = {"HTTP_ACCEPT": "application/json"}
JAN, FEB, MAR = (datetime.date(2027, month, 1) for month in (1, 2, 3))


@pytest.fixture
def line(team):
    line = BudgetLineFactory(strategy=team.strategy, name="Google Ads", media_type="paid")
    BudgetMonthFactory(line=line, month=JAN, planned=D("775.00"))
    BudgetMonthFactory(line=line, month=FEB, planned=D("775.00"))
    return line


def url(line):
    return reverse("budget:line_months", args=[line.strategy.uuid, line.pk])


def row(line, figure="planned", **typed):
    """What a row of the grid sends: every month of the horizon as drawn, with the
    months given (``m2027_03="120"``) typed over them."""
    line.refresh_from_db()
    saved = dict(line.months.values_list("month", figure))
    months = [datetime.date(2027, month, 1) for month in range(1, 13)]
    started = {month.strftime("%Y-%m"): saved.get(month) for month in months}
    data = {key: "" if value is None else str(value) for key, value in started.items()}
    data.update({key[1:].replace("_", "-"): value for key, value in typed.items()})
    data.update(
        figure=figure, edit_version=str(line.edit_version), started_from=encode_values(started)
    )
    return data


def figures(line, figure="planned"):
    return {month: value for month, value in line.months.values_list("month", figure) if value}


def test_an_editor_saves_a_row_and_goes_back_to_the_grid(client_for, team, line):
    response = client_for(team.editor).post(url(line), row(line, m2027_03="1250.50"))
    assert response.status_code == 302
    assert response.url.endswith(f"/budget/#line-{line.pk}")
    assert figures(line) == {JAN: D("775.00"), FEB: D("775.00"), MAR: D("1250.50")}
    line.refresh_from_db()
    assert line.edit_version == 2


def test_actual_figures_go_back_to_the_actual_view(client_for, team, line):
    response = client_for(team.editor).post(url(line), row(line, "actual", m2027_01="812.40"))
    assert response.url.endswith(f"/budget/?figure=actual#line-{line.pk}")
    assert figures(line, "actual") == {JAN: D("812.40")}
    assert figures(line)[JAN] == D("775.00")  # the plan is left alone


def test_emptying_a_cell_clears_it(client_for, team, line):
    client_for(team.editor).post(url(line), row(line, m2027_02=""))
    assert figures(line) == {JAN: D("775.00")}


def test_a_month_not_sent_is_left_alone(client_for, team, line):
    data = {"figure": "planned", "edit_version": "1", "2027-03": "10"}
    client_for(team.editor).post(url(line), data)
    assert figures(line) == {JAN: D("775.00"), FEB: D("775.00"), MAR: D("10")}


def test_the_grids_script_gets_the_row_and_every_total_back(client_for, team, line):
    response = client_for(team.editor).post(url(line), row(line, m2027_03="1000"), **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] is True
    assert answer["edit_version"] == 2
    assert answer["values"]["2027-03"] == "1000"
    assert json.loads(answer["started_from"])["2027-03"] == "1000"
    assert answer["totals"][f"l{line.pk}-2027-q1-planned"] == "2,550.00"
    assert answer["totals"][f"l{line.pk}-total-planned"] == "2,550.00"
    assert answer["totals"]["all-total-planned"] == "2,550.00"
    assert answer["totals"]["paid-2027-03-planned"] == "1,000.00"
    assert answer["totals"]["summary-planned"] == "€2,550.00"


def test_persian_digits_are_read_as_typed(client_for, team, line):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    response = client.post(url(line), row(line, m2027_03="۱۲۵۰٫۵", m2027_04="۲٬۰۰۰"), **JSON)
    assert response.status_code == 200
    assert figures(line)[MAR] == D("1250.50")
    assert figures(line)[datetime.date(2027, 4, 1)] == D(2000)
    assert response.json()["values"]["2027-03"] == "۱۲۵۰٫۵"
    assert response.json()["totals"]["all-total-planned"] == "۴٬۸۰۰٫۵۰"


def test_a_romanian_decimal_comma_is_read_as_typed(client_for, team, line):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    client.post(url(line), row(line, m2027_03="1.234,5"))
    assert figures(line)[MAR] == D("1234.50")


def test_bad_input_comes_back_in_its_cell_as_it_was_typed(client_for, team, line):
    response = client_for(team.editor).post(url(line), row(line, m2027_03="12 euro", m2027_04="-5"))
    assert response.status_code == 400
    page = response.text
    assert f'name="2027-03" value="12euro" form="line-{line.pk}-form"' in page or (
        'value="12 euro"' in page
    )
    assert "Enter an amount, such as 1250." in page
    assert "Enter zero or more: spend is never negative." in page
    assert 'aria-invalid="true"' in page
    assert figures(line) == {JAN: D("775.00"), FEB: D("775.00")}  # nothing of the row saved


def test_bad_input_is_named_by_month_for_the_script(client_for, team, line):
    response = client_for(team.editor).post(url(line), row(line, m2027_03="abc"), **JSON)
    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "errors": {"2027-03": "Enter an amount, such as 1250."},
    }


def test_a_currency_without_minor_units_takes_whole_amounts(client_for, team):
    strategy = team.strategy
    strategy.currency = "IRR"
    strategy.save()
    line = BudgetLineFactory(strategy=strategy)
    response = client_for(team.editor).post(url(line), row(line, m2027_01="1500000.5"), **JSON)
    assert response.status_code == 400
    assert "no decimals" in response.json()["errors"]["2027-01"]
    client_for(team.editor).post(url(line), row(line, m2027_01="1500000"))
    assert figures(line) == {JAN: D(1500000)}


def test_the_plan_of_the_content_plan_line_is_not_typed(client_for, team):
    BudgetLine.objects.start(team.strategy)
    line = team.strategy.budget_lines.get()
    response = client_for(team.editor).post(url(line), row(line, m2027_01="100"), **JSON)
    assert response.status_code == 400
    assert "come from the content plan" in response.json()["errors"]["__all__"]
    response = client_for(team.editor).post(url(line), row(line, "actual", m2027_01="100"), **JSON)
    assert response.status_code == 200  # what it cost is


def test_a_viewer_cannot_save(client_for, team, line):
    response = client_for(team.viewer).post(url(line), row(line, m2027_03="1"))
    assert response.status_code == 403
    assert MAR not in figures(line)


def test_a_line_of_another_strategy_is_404(client_for, team):
    elsewhere = BudgetLineFactory(strategy=StrategyFactory())
    response = client_for(team.editor).post(
        reverse("budget:line_months", args=[team.strategy.uuid, elsewhere.pk]),
        {"figure": "planned"},
    )
    assert response.status_code == 404


# Two people on the same line


def test_figures_of_other_months_are_merged(client_for, team, line):
    mine = row(line, m2027_03="300")
    theirs = row(line, m2027_04="400")
    client = client_for(team.editor)
    assert client.post(url(line), theirs, **JSON).status_code == 200
    response = client.post(url(line), mine, **JSON)
    assert response.status_code == 200
    assert figures(line) == {
        JAN: D("775.00"),
        FEB: D("775.00"),
        MAR: D(300),
        datetime.date(2027, 4, 1): D(400),
    }
    # The row comes back with their figure in it, for the next save to start from.
    assert response.json()["values"]["2027-04"] == "400"
    assert response.json()["edit_version"] == 3


def test_the_same_month_changed_twice_is_a_conflict_shown_with_both(client_for, team, line):
    mine = row(line, m2027_01="800")
    theirs = row(line, m2027_01="900")
    client = client_for(team.editor)
    client.post(url(line), theirs)
    response = client.post(url(line), mine)
    assert response.status_code == 409
    page = response.text
    assert "Someone else changed “Google Ads” while you were editing." in page
    assert "January 2027" in page and "900.00" in page and "800" in page
    assert f'name="2027-01" value="800" form="line-{line.pk}-form"' in page  # still yours
    assert figures(line)[JAN] == D(900)
    # Saving again is a deliberate choice: it replaces their figure.
    again = {**mine, "edit_version": "3", "started_from": encode_values({"2027-01": D(900)})}
    assert client.post(url(line), again).status_code == 302
    assert figures(line)[JAN] == D(800)


def test_the_script_is_told_of_a_conflict_with_the_figures_saved_now(client_for, team, line):
    mine = row(line, m2027_01="800", m2027_05="50")
    theirs = row(line, m2027_01="900", m2027_06="60")
    client = client_for(team.editor)
    client.post(url(line), theirs, **JSON)
    response = client.post(url(line), mine, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["saved"] is False
    assert "January 2027 is 900.00 now, yours is 800.00" in answer["conflict"]
    assert answer["edit_version"] == 2
    assert json.loads(answer["started_from"])["2027-01"] == "900.00"
    assert answer["values"]["2027-06"] == "60"  # theirs, in a month left alone here
    assert answer["values"]["2027-01"] == "800"  # yours, to save again
    assert figures(line)[JAN] == D(900)
    assert datetime.date(2027, 5, 1) not in figures(line)  # nothing of the row saved


def test_a_row_without_its_starting_figures_overwrites_nothing_on_a_guess(client_for, team, line):
    client = client_for(team.editor)
    client.post(url(line), row(line, m2027_02="10"))
    stale = {"figure": "planned", "edit_version": "1", "2027-02": "20"}
    response = client.post(url(line), stale)
    assert response.status_code == 409
    assert figures(line)[FEB] == D(10)
