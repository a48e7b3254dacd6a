"""A coherent action's content pieces and channel decisions are ticked, like its
goals and sequences, not chosen with Ctrl+click in a list; the form posts the
same names and values as before, so that saving and the edit versions work."""

import re

from django.urls import reverse

from report.models import CoherentAction
from tests.factories import AssetFactory, ContentPieceFactory, GoalFactory

CHECKBOXES = r'<input type="checkbox"[^>]*name="action-{name}" value="{pk}"'


def test_pieces_and_channels_are_checkboxes(client_for, team):
    piece = ContentPieceFactory(strategy=team.strategy, title="Brew guide")
    channel = AssetFactory(strategy=team.strategy, name="Search ads", decision="keep")
    AssetFactory(strategy=team.strategy, name="Undecided")  # no decision: not offered
    page = client_for(team.editor).get(reverse("report:action_create", args=[team.strategy.uuid]))
    html = page.text
    assert "<select multiple" not in html and "Hold Ctrl" not in html
    for name, pk in (("content_pieces", piece.pk), ("channels", channel.pk)):
        assert re.search(CHECKBOXES.format(name=name, pk=pk), html), name
    assert "Undecided" not in html


def test_ticked_pieces_and_channels_are_saved_and_shown_ticked(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    pieces = [ContentPieceFactory(strategy=team.strategy) for _ in range(3)]
    channels = [AssetFactory(strategy=team.strategy, decision="try") for _ in range(2)]
    client = client_for(team.editor)
    response = client.post(
        reverse("report:action_create", args=[team.strategy.uuid]),
        {
            "action-title": "Guides first",
            "action-goals": [goal.pk],
            "action-content_pieces": [pieces[0].pk, pieces[2].pk],
            "action-channels": [channel.pk for channel in channels],
        },
    )
    assert response.status_code == 302, response.text[:2000]
    action = CoherentAction.objects.get(title="Guides first")
    assert set(action.content_pieces.all()) == {pieces[0], pieces[2]}
    assert set(action.channels.all()) == set(channels)

    edit = client.get(reverse("report:action_edit", args=[team.strategy.uuid, action.pk])).text
    ticked = re.findall(r'name="action-content_pieces" value="(\d+)"[^>]*checked', edit)
    assert sorted(map(int, ticked)) == sorted([pieces[0].pk, pieces[2].pk])


def test_with_nothing_to_choose_the_list_says_so_and_shows_its_error(client_for, team):
    response = client_for(team.editor).post(
        reverse("report:action_create", args=[team.strategy.uuid]),
        {"action-title": "Guides first", "action-channels": ["12345"]},
    )
    assert response.status_code == 200
    channels = response.text.split('id="div_id_action-channels"')[1].split("</fieldset>")[0]
    assert "Nothing to choose from yet." in channels
    assert 'id="id_action-channels_error"' in channels and "Select a valid choice" in channels
