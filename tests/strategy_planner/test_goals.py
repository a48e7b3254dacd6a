from django.urls import reverse

from strategy_planner.funnel import EXAMPLE
from strategy_planner.models import Goal
from strategy_planner.wizard import Progress
from tests.factories import BuyerPersonaFactory, GoalFactory


def goals_url(strategy):
    return reverse("strategy_planner:goals", args=[strategy.uuid])


def goal_data(**changes):
    data = {
        "goal-business_goal": "Grow online revenue 20%",
        "goal-marketing_goal": "50% more website leads",
        "goal-metric": "Website leads",
        "goal-baseline": "400",
        "goal-target": "600",
        "goal-unit": "leads a month",
        "goal-deadline": "2027-06-30",
        "goal-measured_with": "crm",
    }
    return {**data, **{f"goal-{key}": value for key, value in changes.items()}}


def test_viewer_sees_goals_but_no_form(client_for, team):
    GoalFactory(strategy=team.strategy, marketing_goal="More leads")
    response = client_for(team.viewer).get(goals_url(team.strategy))
    assert "More leads" in response.text
    assert "Add a goal" not in response.text


def test_editor_adds_a_goal_for_personas(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        goals_url(team.strategy), goal_data(personas=[persona.pk])
    )
    assert response.status_code == 302
    goal = team.strategy.goals.get()
    assert goal.change_percent == 50
    assert list(goal.personas.all()) == [persona]


def test_adding_with_htmx_returns_the_section_with_the_new_goal(client_for, team):
    response = client_for(team.editor).post(
        goals_url(team.strategy), goal_data(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "50% more website leads" in response.text
    assert 'id="goals-section"' in response.text


def test_the_steps_status_next_to_its_title_follows_an_htmx_add(client_for, team):
    client = client_for(team.editor)
    assert 'id="step-status"' in client.get(goals_url(team.strategy)).text
    page = client.get(goals_url(team.strategy)).text
    assert "In progress</span>" in page.split('id="step-status"', 1)[1][:300]
    response = client.post(goals_url(team.strategy), goal_data(), HTTP_HX_REQUEST="true")
    status = response.text.split('id="step-status"', 1)[1][:300]
    assert 'data-hx-swap-oob="true"' in status and "Complete</span>" in status


def test_target_equal_to_baseline_is_refused(client_for, team):
    response = client_for(team.editor).post(goals_url(team.strategy), goal_data(target="400"))
    assert response.status_code == 200
    assert response.context["form"].errors["target"] == [
        "The target equals the baseline: a goal has to change something."
    ]
    assert 'value="50% more website leads"' in response.text
    assert not Goal.objects.exists()


def test_deadline_outside_the_horizon_is_refused(client_for, team):
    response = client_for(team.editor).post(
        goals_url(team.strategy), goal_data(deadline="2028-03-01"), HTTP_HX_REQUEST="true"
    )
    errors = response.context["form"].errors["deadline"]
    assert errors == ["Choose a deadline inside the strategy's horizon (01/01/2027 – 12/31/2027)."]
    assert 'value="2028-03-01"' in response.text


def test_personas_of_another_strategy_cannot_be_linked(client_for, team):
    foreign = BuyerPersonaFactory()
    response = client_for(team.editor).post(
        goals_url(team.strategy), goal_data(personas=[foreign.pk])
    )
    assert "personas" in response.context["form"].errors


def test_editor_edits_and_deletes_a_goal(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    client = client_for(team.editor)
    edit = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    data = {key.removeprefix("goal-"): value for key, value in goal_data(target="700").items()}
    data["edit_version"] = goal.edit_version  # the page's hidden field
    assert client.post(edit, data).status_code == 302
    goal.refresh_from_db()
    assert goal.target == 700
    delete = reverse("strategy_planner:goal_delete", args=[team.strategy.uuid, goal.pk])
    assert "Yes, delete it" in client.get(delete).text
    client.post(delete)
    assert not Goal.objects.exists()


def test_goals_are_reordered(client_for, team):
    GoalFactory(strategy=team.strategy, marketing_goal="First")
    second = GoalFactory(strategy=team.strategy, marketing_goal="Second")
    url = reverse("strategy_planner:goal_move", args=[team.strategy.uuid, second.pk])
    response = client_for(team.editor).post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.text.index("Second") < response.text.index("First")
    assert list(team.strategy.goals.values_list("marketing_goal", flat=True)) == [
        "Second",
        "First",
    ]


def test_the_calculator_shows_the_funnel(client_for, team):
    response = client_for(team.viewer).get(
        reverse("strategy_planner:funnel", args=[team.strategy.uuid]), EXAMPLE
    )
    assert 'data-funnel="leads">75,000<' in response.text
    assert 'data-funnel="leads-change">+50%<' in response.text
    assert "Save as a goal" not in response.text  # viewers cannot save


def test_the_calculator_reports_bad_input_next_to_the_field(client_for, team):
    response = client_for(team.editor).get(
        reverse("strategy_planner:funnel", args=[team.strategy.uuid]),
        {**EXAMPLE, "lead_to_customer_rate": "0"},
    )
    assert response.status_code == 200
    assert "A rate is a percentage above 0 and at most 100." in response.text
    assert 'value="288000"' in response.text


def test_the_calculator_result_is_saved_as_a_goal(client_for, team):
    client = client_for(team.editor)
    response = client.post(
        reverse("strategy_planner:funnel_save", args=[team.strategy.uuid]), EXAMPLE
    )
    assert response.status_code == 302
    goal = team.strategy.goals.get()
    assert (goal.baseline, goal.target, goal.deadline) == (50000, 75000, team.strategy.end_date)
    assert goal.business_goal == "Grow revenue from 240,000 to 288,000 EUR"
    assert Progress(team.strategy).steps[2].complete


def test_step_completeness_needs_a_measurable_goal(team):
    assert not Progress(team.strategy).steps[2].complete
    GoalFactory(strategy=team.strategy, metric="")
    assert not Progress(team.strategy).steps[2].complete
    GoalFactory(strategy=team.strategy)
    assert Progress(team.strategy).steps[2].complete


def test_step_page_queries_do_not_grow_with_goals(client_for, team, django_assert_max_num_queries):
    client = client_for(team.editor)
    persona = BuyerPersonaFactory(strategy=team.strategy)
    GoalFactory(strategy=team.strategy).personas.add(persona)
    with django_assert_max_num_queries(12) as few:
        client.get(goals_url(team.strategy))
    for _ in range(12):
        GoalFactory(strategy=team.strategy).personas.add(persona)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(goals_url(team.strategy))


def test_the_arrow_from_baseline_to_target_points_the_way_the_language_reads(client_for, team):
    from report.document import build_document
    from report.pdf import render_html

    GoalFactory(strategy=team.strategy, baseline=100, target=150)
    client = client_for(team.viewer)
    assert "100 → 150" in client.get(goals_url(team.strategy)).text
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(goals_url(team.strategy)).text
    # Persian reads right to left: the arrow goes from the baseline on the
    # right to the target on its left (the bidi algorithm does not mirror it).
    assert "۱۰۰ ← ۱۵۰" in page and "→" not in page.split("<main", 1)[-1]
    team.strategy.language = "fa"
    team.strategy.save()
    assert "←" in render_html(build_document(team.strategy))
