"""Open comment counts beside the steps and on the items, and the comments page,
each in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment, Thread
from report.models import CoherentAction
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
)


def thread_on(team, resolved=False, text="A question", **target) -> Thread:
    thread = Thread.objects.create(strategy=team.strategy, **target)
    Comment.objects.create(thread=thread, author=team.editor, text=text)
    if resolved:
        thread.resolve(team.owner)
    return thread


def test_open_counts_by_target_and_by_step(team):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    thread_on(team, kind="persona", persona=persona)
    thread_on(team, kind="persona", persona=persona)
    thread_on(team, kind="persona", persona=persona, resolved=True)
    thread_on(team, kind="step", step="personas")
    thread_on(team, kind="kernel")
    counts = Thread.objects.open_counts(team.strategy)
    assert counts == {
        f"persona-{persona.pk}": 2,
        "step-personas": 1,
        "steps:personas": 3,
        "kernel": 1,
        "steps:consolidate": 1,
    }


def test_the_navigation_shows_each_steps_open_threads(team, client_for):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    thread_on(team, kind="persona", persona=persona)
    thread_on(team, kind="step", step="personas")
    thread_on(team, kind="step", step="goals", resolved=True)
    page = client_for(team.viewer).get(reverse("personas:step", args=[team.strategy.uuid]))
    body = page.content.decode()
    assert 'data-step-comments="personas"' in body
    assert '2<span class="visually-hidden"> open comment threads' in body
    assert 'data-step-comments="goals"' not in body
    assert f'data-comments="persona-{persona.pk}"' in body
    assert "1 open comment" in body


ITEM_PAGES = [
    ("persona", "personas:step", lambda s: BuyerPersonaFactory(strategy=s)),
    ("goal", "strategy_planner:goals", lambda s: GoalFactory(strategy=s)),
    ("asset", "assets:inventory", lambda s: AssetFactory(strategy=s)),
    ("piece", "content_plan:plan", lambda s: ContentPieceFactory(strategy=s)),
    (
        "action",
        "report:consolidate",
        lambda s: CoherentAction.objects.create(strategy=s, title="A"),
    ),
]


@pytest.mark.parametrize("kind, page, make", ITEM_PAGES)
def test_each_list_shows_its_items_counts(team, client_for, kind, page, make):
    item = make(team.strategy)
    other = make(team.strategy)
    thread_on(team, kind=kind, **{kind: item})
    body = client_for(team.viewer).get(reverse(page, args=[team.strategy.uuid])).content.decode()
    assert f'data-comments="{kind}-{item.pk}"' in body
    assert f'data-comments="{kind}-{other.pk}"' in body  # a link to start one
    assert body.count("1 open comment") == 1


def test_a_sequences_messages_show_their_counts(team, client_for):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    step = SequenceStepFactory(sequence=sequence)
    thread_on(team, kind="message", message=step)
    url = reverse("content_plan:sequence", args=[team.strategy.uuid, sequence.pk])
    body = client_for(team.viewer).get(url).content.decode()
    assert f'data-comments="message-{step.pk}"' in body
    assert "1 open comment" in body


def test_the_counts_cost_one_query_however_many_items(team, client_for):
    client = client_for(team.viewer)
    url = reverse("personas:step", args=[team.strategy.uuid])

    def queries() -> int:
        client.get(url)  # warm the step completeness cache
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for _ in range(2):
        persona = BuyerPersonaFactory(strategy=team.strategy)
        thread_on(team, kind="persona", persona=persona)
    few = queries()
    for _ in range(5):
        persona = BuyerPersonaFactory(strategy=team.strategy)
        thread_on(team, kind="persona", persona=persona)
        thread_on(team, kind="step", step="goals")
    assert queries() == few
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert sum("comments_thread" in q["sql"] for q in captured.captured_queries) == 1


def test_the_comments_page_reads_in_a_fixed_number_of_queries(team, client_for):
    client = client_for(team.viewer)
    url = reverse("comments:list", args=[team.strategy.uuid])
    sequence = MessageSequenceFactory(strategy=team.strategy)

    def add_threads():
        thread = thread_on(
            team, kind="persona", persona=BuyerPersonaFactory(strategy=team.strategy)
        )
        Comment.objects.create(thread=thread, author=team.viewer, text="Reply")
        thread_on(team, kind="message", message=SequenceStepFactory(sequence=sequence))
        thread_on(
            team,
            kind="action",
            action=CoherentAction.objects.create(strategy=team.strategy, title="A"),
        )
        thread_on(team, kind="kernel")

    add_threads()
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url)
    assert first.status_code == 200
    for _ in range(3):
        add_threads()
    client.get(url)  # the steps' completeness, worked out again after the new items
    with CaptureQueriesContext(connection) as again:
        body = client.get(url).content.decode()
    assert len(again) == len(captured)
    assert body.count('id="open-thread-') == 16
    assert len(captured) <= 10
