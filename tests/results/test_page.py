"""The Results page: who sees what, the milestones, actuals and statuses of every
measurable goal, the chart, the empty states, adding a check-in, in English and
Persian, with queries that do not grow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from results.models import CheckIn
from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory, MilestoneFactory

D = Decimal


def page_url(strategy):
    return reverse("results:page", args=[strategy.uuid])


@pytest.fixture
def leads(team):
    # 100 → 160 leads by the end of June: 110, 120, 130 … a month.
    return GoalFactory(
        strategy=team.strategy,
        marketing_goal="More website leads",
        metric="Website leads",
        baseline=100,
        target=160,
        unit="leads a month",
        deadline=datetime.date(2027, 6, 30),
    )


@pytest.fixture
def cost(team):
    # 50 → 30 EUR a lead by the end of April: 45, 40, 35, 30.
    return GoalFactory(
        strategy=team.strategy,
        marketing_goal="Cheaper leads",
        metric="Cost per lead",
        baseline=50,
        target=30,
        unit="EUR",
        deadline=datetime.date(2027, 4, 30),
    )


def post_check_in(client, strategy, month, values: dict, note=""):
    data = {"check_in-month": month, "check_in-note": note}
    data |= {f"check_in-goal-{goal.pk}": value for goal, value in values.items()}
    return client.post(page_url(strategy), data)


def test_it_asks_anonymous_callers_to_log_in(client, team):
    response = client.get(page_url(team.strategy))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_is_404_for_an_outsider(client_for, team):
    assert client_for(team.outsider).get(page_url(team.strategy)).status_code == 404


def test_without_measurable_goals_it_says_what_a_goal_needs(client_for, team):
    GoalFactory(strategy=team.strategy, measured_with="")
    page = client_for(team.editor).get(page_url(team.strategy)).text
    assert "No goal can be followed yet" in page
    assert reverse("strategy_planner:goals", args=[team.strategy.uuid]) in page
    assert "Add a check-in" not in page


def test_the_empty_state_explains_a_check_in_and_offers_the_first(client_for, team, leads):
    page = client_for(team.editor).get(page_url(team.strategy)).text
    assert "No check-ins yet." in page
    assert "A check-in is a monthly look at the numbers" in page
    assert 'data-opens="add-check-in">Add the first check-in<' in page
    assert 'name="check_in-month"' in page
    assert f'name="check_in-goal-{leads.pk}"' in page
    assert 'inputmode="decimal"' in page


def test_a_viewer_reads_without_forms(client_for, team, leads):
    check_in = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 2, 1))
    CheckInValueFactory(check_in=check_in, goal=leads, actual=118)
    client = client_for(team.viewer)
    page = client.get(page_url(team.strategy)).text
    assert "More website leads" in page
    assert "Add a check-in" not in page and "Add the first check-in" not in page
    assert reverse("results:check_in_edit", args=[team.strategy.uuid, check_in.pk]) not in page
    assert reverse("results:milestones", args=[team.strategy.uuid, leads.pk]) not in page
    response = post_check_in(client, team.strategy, "2027-03-01", {leads: "130"})
    assert response.status_code == 403
    assert CheckIn.objects.count() == 1


def test_the_milestones_actuals_and_statuses_by_month(client_for, team, leads, cost):
    MilestoneFactory(goal=leads, month=datetime.date(2027, 5, 1), value=D("155.50"))
    for month, lead_count, cost_per_lead in ((1, 109, 46), (2, 117, D("41.5"))):
        check_in = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, month, 1))
        CheckInValueFactory(check_in=check_in, goal=leads, actual=lead_count)
        CheckInValueFactory(check_in=check_in, goal=cost, actual=cost_per_lead)
    page = client_for(team.viewer).get(page_url(team.strategy)).text
    # The leads: 117 in February against 120, 30% of the way short: at risk.
    assert ">110<" in page and ">120<" in page and ">160<" in page
    assert "155.5<span" in page  # the milestone set by hand, marked
    assert "February 2027: 117 against a milestone of 120" in page
    # The cost: 41.50 in February against 40, going down: 15% short, at risk.
    assert "February 2027: €41.50 against a milestone of €40.00" in page
    assert page.count('data-goal-status="at_risk"') == 2
    # January: 109 against 110 (on track), €46 against €45 (on track: 20%? no, 1 of 5).
    assert page.count("results-status-on_track") >= 1
    assert "at most 10% of the way from the baseline to the milestone" in page
    assert "at most 25%" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<script" not in page.split('id="results-section"')[1].split("</svg>")[0]


def test_the_chart_keeps_its_coordinates_plain_in_persian(client_for, team, leads):
    check_in = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1))
    CheckInValueFactory(check_in=check_in, goal=leads, actual=D("109.5"))
    client = client_for(team.viewer)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(page_url(team.strategy)).text
    svg = page[page.index("<svg") : page.index("</svg>")]
    attributes = " ".join(
        part.split('"')[1] for part in svg.split(" ") if part.startswith(("x=", "cx=", "points="))
    )
    assert attributes and not any(char in attributes for char in "۰۱۲۳۴۵۶۷۸۹٫")
    assert "۱۰۹٫۵" in page  # the actual, as Persian writes it


def test_an_editor_adds_a_check_in(client_for, team, leads, cost):
    client = client_for(team.editor)
    response = post_check_in(
        client, team.strategy, "2027-01-01", {leads: "۱۰۹", cost: "46.5"}, note="Spring sale"
    )
    assert response.status_code == 302
    check_in = team.strategy.check_ins.get()
    assert check_in.month == datetime.date(2027, 1, 1) and check_in.note == "Spring sale"
    assert check_in.actuals() == {leads.pk: D(109), cost.pk: D("46.5")}
    page = client.get(response.url).text
    assert "Added the check-in for January 2027." in page


def test_a_romanian_keyboard_types_decimals_with_a_comma(client_for, team, leads):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    response = post_check_in(client, team.strategy, "2027-01-01", {leads: "1.109,5"})
    assert response.status_code == 302
    assert team.strategy.check_ins.get().actuals() == {leads.pk: D("1109.5")}


def test_a_check_in_needs_a_value_and_a_free_month(client_for, team, leads):
    CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1))
    client = client_for(team.editor)
    response = post_check_in(client, team.strategy, "2027-02-01", {leads: ""})
    assert response.status_code == 200
    assert "Enter the value of at least one goal." in response.text
    response = post_check_in(client, team.strategy, "2027-01-01", {leads: "abc"})
    assert "There is a check-in for January 2027 already" in response.text
    assert "Enter a number, such as 1250 or 2.5." in response.text
    assert 'value="abc"' in response.text  # kept as typed
    response = post_check_in(client, team.strategy, "2028-01-01", {leads: "1"})
    assert "Select a valid choice" in response.text
    assert team.strategy.check_ins.count() == 1


def test_the_form_starts_at_the_first_month_without_a_check_in(client_for, team, leads):
    CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1))
    page = client_for(team.editor).get(page_url(team.strategy)).text
    assert '<option value="2027-02-01" selected>' in page


def test_an_htmx_add_swaps_the_section(client_for, team, leads):
    client = client_for(team.editor)
    response = client.post(
        page_url(team.strategy),
        {"check_in-month": "2027-01-01", f"check_in-goal-{leads.pk}": "130"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<div")
    assert 'id="results-section"' in response.text
    assert 'data-goal-status="on_track"' in response.text


def test_the_queries_do_not_grow_with_goals_and_check_ins(
    client_for, team, django_assert_max_num_queries
):
    client = client_for(team.editor)
    client.get(page_url(team.strategy))  # the session, the first time
    goals = [GoalFactory(strategy=team.strategy) for _ in range(5)]
    for month in range(1, 7):
        check_in = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, month, 1))
        for goal in goals:
            CheckInValueFactory(check_in=check_in, goal=goal, actual=100 + month)
            MilestoneFactory(goal=goal, month=datetime.date(2027, month, 1), value=105)
    # The session, the user, their profile, the membership, the goals, the paid
    # platforms (none), the months taken, the edited milestones, the actual values, the
    # check-ins, and the request's savepoint.
    with django_assert_max_num_queries(12):
        response = client.get(page_url(team.strategy))
    assert response.status_code == 200
    assert response.text.count('data-goal-status="') == 5
