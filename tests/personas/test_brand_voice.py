from django.urls import reverse

from content_plan.rules import check_avoided_words
from personas.models import BrandVoice


def url(team):
    return reverse("personas:brand_voice", args=[team.strategy.uuid])


DATA = {
    "personality": "A friendly expert barista",
    "sounds_like": "Paddington",
    "guidelines": "Upbeat, funny, a little quirky, above all helpful",
    "words_to_use": "freshly roasted\nbrew",
    "words_to_avoid": "cheap\nCaffeine fix",
    "example_message": "Your beans were roasted on Monday.",
}


def test_editor_describes_the_brand_voice(client_for, team):
    response = client_for(team.editor).post(url(team), DATA)
    assert response.status_code == 302
    voice = BrandVoice.objects.get(strategy=team.strategy)
    assert voice.words_to_avoid == ["cheap", "Caffeine fix"]
    # Messages are checked against them, whatever the case.
    problems = check_avoided_words({"text": "Get your caffeine FIX, cheap!"}, voice.words_to_avoid)
    assert [problem.message.split("”")[0].strip("“") for problem in problems] == [
        "cheap",
        "Caffeine fix",
    ]


def test_personality_is_required(client_for, team):
    response = client_for(team.editor).post(url(team), {**DATA, "personality": ""})
    assert "personality" in response.context["form"].errors
    assert "Paddington" in response.text


def test_viewer_reads_it_and_cannot_change_it(client_for, team):
    client_for(team.editor).post(url(team), DATA)
    client = client_for(team.viewer)
    page = client.get(url(team))
    assert "Paddington" in page.text and "<textarea" not in page.text
    assert client.post(url(team), {**DATA, "personality": "Grumpy"}).status_code == 403
    assert BrandVoice.objects.get().personality == "A friendly expert barista"
