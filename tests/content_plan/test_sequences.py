from django.urls import reverse

from content_plan.models import MessageSequence, SequenceStep
from content_plan.sequence_templates import TEMPLATES
from strategy_planner.wizard import Progress
from tests.factories import (
    AuditedPieceFactory,
    ContentPieceFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
)


def url(name, strategy, *args):
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def step_data(**changes):
    data = {
        "channel": "messenger",
        "delay_minutes": "60",
        "text": "Your cart misses you",
        "button_style": "buttons",
        "buttons": "Back to my cart | https://shop.example/cart",
    }
    return {**data, **changes}


def test_a_sequence_starts_from_its_trigger_template(client_for, team):
    response = client_for(team.editor).post(
        url("sequences", team.strategy),
        {"new-name": "Cart rescue", "new-trigger": "abandoned_cart"},
    )
    sequence = MessageSequence.objects.get()
    assert response.url == sequence.get_absolute_url()
    steps = list(sequence.steps.all())
    assert [(s.channel, s.delay_minutes, s.promotional) for s in steps] == [
        ("messenger", 60, False),
        ("messenger", 480, False),
        ("messenger", 1380, True),
    ]
    assert all(problems == [] for _step, problems in sequence.checked_steps())
    assert sequence.error_count == 0


def test_every_template_meets_the_rules(client_for, team):
    client = client_for(team.editor)
    for trigger in TEMPLATES:
        client.post(url("sequences", team.strategy), {"new-name": trigger, "new-trigger": trigger})
    assert MessageSequence.objects.count() == len(TEMPLATES)
    for sequence in MessageSequence.objects.all():
        assert [problems for _step, problems in sequence.checked_steps()] == [
            [] for _step in sequence.steps.all()
        ], sequence.trigger


def test_the_live_check_lists_problems_and_previews(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("step_check", team.strategy, sequence.pk),
        step_data(text="👍🏽" * 700, buttons=""),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-code="text_split"' in response.text
    assert "700" in response.text and "60 over" in response.text
    assert response.text.count('class="bubble bubble-messenger"') == 2
    assert "<html" not in response.text


def test_the_live_check_sees_the_other_steps(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    SequenceStepFactory(sequence=sequence, channel="email", delay_minutes=60, subject="Your cart")
    response = client_for(team.editor).post(
        url("step_check", team.strategy, sequence.pk),
        step_data(delay_minutes="65"),
    )
    assert 'data-code="stagger"' in response.text


def test_a_step_with_an_error_is_saved_as_a_marked_draft(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    client = client_for(team.editor)
    response = client.post(
        url("step_create", team.strategy, sequence.pk),
        step_data(text="Hi {{frist_name}}"),
        follow=True,
    )
    sequence.refresh_from_db()
    assert sequence.error_count == 1
    assert "Saved as a draft with problems to fix" in response.text
    page = client.get(sequence.get_absolute_url())
    assert "draft with errors" in page.text and 'id="sequence-errors"' in page.text
    listing = client.get(url("sequences", team.strategy))
    assert "1 error" in listing.text


def test_errors_keep_the_owned_media_step_incomplete(team):
    AuditedPieceFactory(strategy=team.strategy, verdict="keep")
    ContentPieceFactory(strategy=team.strategy)

    def done():
        return next(s.complete for s in Progress(team.strategy).steps if s.step.slug == "content")

    assert done()
    step = SequenceStepFactory(sequence__strategy=team.strategy, text="x" * 2001)
    assert not done()  # counted as the step was saved
    step.delete()
    assert done()


def test_bad_buttons_are_refused_next_to_the_field(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), step_data(buttons="Go | somewhere")
    )
    assert "buttons" in response.context["form"].errors
    assert "Your cart misses you" in response.text
    assert not SequenceStep.objects.exists()


def test_editing_a_step_rechecks_the_sequence(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    SequenceStepFactory(sequence=sequence, channel="email", delay_minutes=60)
    messenger = SequenceStepFactory(sequence=sequence, delay_minutes=120)
    client_for(team.editor).post(
        url("step_edit", team.strategy, sequence.pk, messenger.pk),
        step_data(delay_minutes="62", edit_version=messenger.edit_version),
    )
    problems = dict(sequence.checked_steps())
    messenger.refresh_from_db()
    assert [p.code for p in problems[messenger]] == ["stagger"]
    assert messenger.buttons == [
        {"title": "Back to my cart", "type": "link", "url": "https://shop.example/cart"}
    ]


def test_words_to_avoid_reach_the_messages_as_soon_as_the_voice_is_saved(client_for, team):
    step = SequenceStepFactory(sequence__strategy=team.strategy, text="Cheap coffee!")
    client = client_for(team.editor)
    client.post(
        reverse("personas:brand_voice", args=[team.strategy.uuid]),
        {"personality": "Friendly barista", "words_to_avoid": "cheap"},
    )
    assert [p.code for p in dict(step.sequence.checked_steps())[step]] == ["brand_voice"]
    page = client.get(step.sequence.get_absolute_url())
    assert 'data-code="brand_voice"' in page.text
    listing = client.get(url("sequences", team.strategy))
    assert "1 warning" in listing.text


def test_viewer_reads_but_cannot_change(client_for, team):
    step = SequenceStepFactory(sequence__strategy=team.strategy, text="Hello there")
    client = client_for(team.viewer)
    page = client.get(step.sequence.get_absolute_url())
    assert "Hello there" in page.text and "Add a message" not in page.text
    assert (
        client.post(url("step_delete", team.strategy, step.sequence_id, step.pk)).status_code == 403
    )


def test_delete_asks_first(client_for, team):
    step = SequenceStepFactory(sequence__strategy=team.strategy)
    client = client_for(team.editor)
    delete = url("step_delete", team.strategy, step.sequence_id, step.pk)
    assert "Yes, delete it" in client.get(delete).text
    client.post(delete)
    assert not SequenceStep.objects.exists()


def test_sequence_page_queries_do_not_grow_with_steps(
    client_for, team, django_assert_max_num_queries
):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    SequenceStepFactory(sequence=sequence)
    client = client_for(team.editor)
    with django_assert_max_num_queries(20) as few:
        client.get(sequence.get_absolute_url())
    SequenceStepFactory.create_batch(10, sequence=sequence)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(sequence.get_absolute_url())


def test_templates_come_in_the_users_language_with_their_tokens(client_for, team):
    from django.utils import translation

    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    client.post(
        url("sequences", team.strategy), {"new-name": "سبد", "new-trigger": "abandoned_cart"}
    )
    translation.activate("en")
    first = MessageSequence.objects.get().steps.first()
    assert "{{user_first_name}}" in first.text and "{{product_name}}" in first.text
    assert any("\u0600" <= char <= "\u06ff" for char in first.text)  # Persian script
    assert dict(first.sequence.checked_steps())[first] == []


def test_problems_are_worded_in_the_readers_language(client_for, team):
    step = SequenceStepFactory(sequence__strategy=team.strategy, text="Hi {{frist_name}}")
    client = client_for(team.viewer)
    assert "Unknown token" in client.get(step.sequence.get_absolute_url()).text
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    page = client.get(step.sequence.get_absolute_url()).text
    assert "Unknown token" not in page and 'data-code="token"' in page
