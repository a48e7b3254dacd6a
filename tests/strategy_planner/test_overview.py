from django.urls import reverse

from strategy_planner.wizard import STEPS


def test_it_lists_every_step_with_its_link(client_for, team):
    response = client_for(team.viewer).get(team.strategy.get_absolute_url())
    assert response.status_code == 200
    for step in STEPS:
        assert str(step.title) in response.text
        assert step.url(team.strategy) in response.text


def test_owner_sees_delete_and_others_do_not(client_for, team):
    delete_url = reverse("strategy_planner:delete", args=[team.strategy.uuid])
    assert delete_url in client_for(team.owner).get(team.strategy.get_absolute_url()).text
    assert delete_url not in client_for(team.editor).get(team.strategy.get_absolute_url()).text


def test_the_overview_points_to_the_first_step_still_to_do(client_for, team):
    from django.core.management import call_command

    from strategy_planner.models import Strategy

    client = client_for(team.viewer)
    page = client.get(team.strategy.get_absolute_url())
    assert "Continue with: Buyer personas" in page.text  # the basics are filled in
    call_command("seed_demo", verbosity=0)
    demo = Strategy.objects.get(name__startswith="Northwind")
    demo.memberships.create(user=team.viewer, role="viewer")
    page = client.get(demo.get_absolute_url())
    assert "Every step is complete: read the document" in page.text
