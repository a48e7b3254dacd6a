from django.urls import reverse

from strategy_planner.models import Strategy


def url(team):
    return reverse("strategy_planner:basics", args=[team.strategy.uuid])


def form_data(strategy, **changes):
    data = {
        "name": strategy.name,
        "organisation": strategy.organisation,
        "industry": strategy.industry,
        "business_model": strategy.business_model,
        "price_point": strategy.price_point,
        "start_date": strategy.start_date.isoformat(),
        "end_date": strategy.end_date.isoformat(),
        "language": strategy.language,
        "currency": strategy.currency,
        "edit_version": strategy.edit_version,  # the page's hidden field
    }
    return {**data, **changes}


def test_viewer_reads_without_a_form(client_for, team):
    response = client_for(team.viewer).get(url(team))
    assert response.status_code == 200
    assert team.strategy.industry in response.text
    assert '<form method="post" novalidate>' not in response.text
    assert "You can read this strategy but not change it." in response.text


def test_viewer_cannot_save(client_for, team):
    response = client_for(team.viewer).post(url(team), form_data(team.strategy, name="Hijacked"))
    assert response.status_code == 403
    team.strategy.refresh_from_db()
    assert team.strategy.name != "Hijacked"


def test_editor_saves(client_for, team):
    client = client_for(team.editor)
    response = client.post(url(team), form_data(team.strategy, industry="Tea", currency="USD"))
    assert response.status_code == 302
    team.strategy.refresh_from_db()
    assert (team.strategy.industry, team.strategy.currency) == ("Tea", "USD")
    assert "Saved." in client.get(response.url).text


def test_bad_horizon_keeps_the_typed_values(client_for, team):
    response = client_for(team.editor).post(
        url(team), form_data(team.strategy, name="Renamed", end_date="2029-01-01")
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert 'value="Renamed"' in response.text
    assert Strategy.objects.get(pk=team.strategy.pk).name != "Renamed"


def test_it_shows_the_wizard_frame(client_for, team):
    response = client_for(team.editor).get(url(team))
    assert 'aria-current="step"' in response.text
    assert "Step 1" in response.text
    assert 'role="progressbar"' in response.text
