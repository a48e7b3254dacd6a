"""The comment pages: threads, replies, resolving, editing, deleting, mentions
and their mails, the limit, and what share-link readers and documents never see."""

import io

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse

from comments import throttle
from comments.models import Comment, Thread
from report.document import build_document
from report.models import CoherentAction, ShareLink
from report.pdf import render_html
from report.xlsx import strategy_workbook
from strategy_planner.models import Profile
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
    UserFactory,
)


@pytest.fixture
def mails_sent(django_capture_on_commit_callbacks):
    """Runs what a request leaves for after its commit (the mails) at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def target_url(team, key: str) -> str:
    return reverse("comments:target", args=[team.strategy.uuid, key])


def write(client, url: str, text: str, prefix: str = "new", **extra):
    return client.post(
        url, {f"{prefix}-text": text, **{f"{prefix}-{k}": v for k, v in extra.items()}}
    )


def start_thread(team, user, key="step-personas", text="Is this based on the survey?") -> Thread:
    thread = Thread.objects.create(
        strategy=team.strategy,
        **({"kind": "step", "step": key.split("-", 1)[1]} if key.startswith("step-") else {}),
    )
    Comment.objects.create(thread=thread, author=user, text=text)
    return thread


@pytest.fixture
def persona(team):
    return BuyerPersonaFactory(strategy=team.strategy, name="Home-brew Hannah")


def test_it_requires_login(team, client):
    response = client.get(target_url(team, "step-personas"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_outsider_gets_404(team, client_for):
    client = client_for(team.outsider)
    assert client.get(reverse("comments:list", args=[team.strategy.uuid])).status_code == 404
    assert write(client, target_url(team, "step-personas"), "Hi").status_code == 404
    assert not Comment.objects.exists()


def test_an_item_of_another_strategy_is_404(team, client_for):
    other = BuyerPersonaFactory()
    response = client_for(team.owner).get(target_url(team, f"persona-{other.pk}"))
    assert response.status_code == 404


def test_an_unknown_target_is_404(team, client_for):
    client = client_for(team.owner)
    for key in ("step-nowhere", "persona-x", "spaceship-1", "kernel-3"):
        assert client.get(target_url(team, key)).status_code == 404


def test_a_viewer_starts_a_thread_on_a_persona(team, client_for, persona):
    client = client_for(team.viewer)
    response = write(client, target_url(team, f"persona-{persona.pk}"), "Where is her age from?")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.thread.persona == persona
    assert comment.author == team.viewer
    page = client.get(target_url(team, f"persona-{persona.pk}"))
    assert "Where is her age from?" in page.content.decode()
    assert "Home-brew Hannah" in page.content.decode()


@pytest.mark.parametrize(
    "kind, make",
    [
        ("goal", lambda s: GoalFactory(strategy=s)),
        ("asset", lambda s: AssetFactory(strategy=s)),
        ("piece", lambda s: ContentPieceFactory(strategy=s)),
        ("message", lambda s: SequenceStepFactory(sequence=MessageSequenceFactory(strategy=s))),
        ("action", lambda s: CoherentAction.objects.create(strategy=s, title="Act")),
    ],
)
def test_every_kind_of_item_takes_comments(team, client_for, kind, make):
    item = make(team.strategy)
    client = client_for(team.editor)
    assert write(client, target_url(team, f"{kind}-{item.pk}"), "A question").status_code == 302
    thread = Thread.objects.get()
    assert getattr(thread, kind) == item
    page = client.get(target_url(team, f"{kind}-{item.pk}"))
    assert page.status_code == 200
    assert "A question" in page.content.decode()


def test_the_kernel_takes_comments(team, client_for):
    client = client_for(team.editor)
    assert write(client, target_url(team, "kernel"), "Too vague?").status_code == 302
    assert Thread.objects.get().kind == "kernel"


def test_an_empty_comment_is_refused_with_a_message(team, client_for):
    response = write(client_for(team.viewer), target_url(team, "step-goals"), "   ")
    assert response.status_code == 200
    assert "Write something to say." in response.content.decode()
    assert not Thread.objects.exists()


def test_a_thread_with_a_reply(team, client_for):
    thread = start_thread(team, team.owner)
    client = client_for(team.viewer)
    response = write(
        client,
        reverse("comments:reply", args=[team.strategy.uuid, thread.pk]),
        "Yes, 212 answers",
        prefix=f"t{thread.pk}",
    )
    assert response.status_code == 302
    assert [c.text for c in thread.comments.all()] == [
        "Is this based on the survey?",
        "Yes, 212 answers",
    ]
    page = client.get(target_url(team, "step-personas")).content.decode()
    assert page.index("Is this based on the survey?") < page.index("Yes, 212 answers")


def test_a_reply_is_post_only(team, client_for):
    thread = start_thread(team, team.owner)
    url = reverse("comments:reply", args=[team.strategy.uuid, thread.pk])
    assert client_for(team.viewer).get(url).status_code == 405


def test_resolve_and_reopen(team, client_for):
    thread = start_thread(team, team.owner)
    client = client_for(team.viewer)
    client.post(reverse("comments:resolve", args=[team.strategy.uuid, thread.pk]))
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == team.viewer
    listing = client.get(reverse("comments:list", args=[team.strategy.uuid])).content.decode()
    assert "Is this based on the survey?" not in listing
    client.post(reverse("comments:reopen", args=[team.strategy.uuid, thread.pk]))
    thread.refresh_from_db()
    assert not thread.is_resolved and thread.resolved_by is None


def test_the_author_edits_their_comment(team, client_for):
    comment = start_thread(team, team.viewer).comments.get()
    url = reverse("comments:edit", args=[team.strategy.uuid, comment.pk])
    client = client_for(team.viewer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Is this based on the 2026 survey?"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Is this based on the 2026 survey?"
    assert comment.edited_at is not None


@pytest.mark.parametrize("who", ["editor", "owner"])
def test_nobody_else_edits_a_comment(team, client_for, who):
    comment = start_thread(team, team.viewer).comments.get()
    url = reverse("comments:edit", args=[team.strategy.uuid, comment.pk])
    client = client_for(getattr(team, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"text": "Changed"}).status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Is this based on the survey?"


def test_a_viewer_deletes_their_own_comment_but_not_others(team, client_for):
    own = start_thread(team, team.viewer).comments.get()
    others = start_thread(team, team.editor, "step-goals").comments.get()
    client = client_for(team.viewer)
    url = reverse("comments:delete", args=[team.strategy.uuid, others.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    url = reverse("comments:delete", args=[team.strategy.uuid, own.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert list(Comment.objects.all()) == [others]
    assert Thread.objects.count() == 1  # the emptied thread went with its last comment


def test_an_editor_does_not_delete_others_comments(team, client_for):
    comment = start_thread(team, team.viewer).comments.get()
    url = reverse("comments:delete", args=[team.strategy.uuid, comment.pk])
    assert client_for(team.editor).post(url).status_code == 403
    assert Comment.objects.exists()


def test_an_owner_deletes_any_comment(team, client_for):
    thread = start_thread(team, team.viewer)
    reply = Comment.objects.create(thread=thread, author=team.editor, text="Agreed")
    url = reverse("comments:delete", args=[team.strategy.uuid, reply.pk])
    assert client_for(team.owner).post(url).status_code == 302
    assert list(thread.comments.values_list("text", flat=True)) == ["Is this based on the survey?"]


def test_a_comment_of_another_strategy_is_404(team, client_for):
    other = start_thread(team, team.owner).comments.get()
    stranger = UserFactory()
    from tests.factories import MembershipFactory

    elsewhere = MembershipFactory(user=stranger, role="owner").strategy
    url = reverse("comments:delete", args=[elsewhere.uuid, other.pk])
    assert client_for(stranger).post(url).status_code == 404


def test_a_comment_with_markup_shows_as_text(team, client_for):
    client = client_for(team.viewer)
    write(client, target_url(team, "step-goals"), "<script>alert(1)</script>\nsecond line")
    page = client.get(target_url(team, "step-goals")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in page
    listing = client.get(reverse("comments:list", args=[team.strategy.uuid])).content.decode()
    assert "<script>alert(1)" not in listing


def test_a_mention_mails_the_member_with_a_link(team, client_for, mails_sent):
    team.editor.email = "ed@example.com"
    team.editor.save()
    client = client_for(team.viewer)
    with mails_sent():
        write(client, target_url(team, "step-goals"), "@editor can you check the baseline?")
    comment = Comment.objects.get()
    assert list(comment.mentions.all()) == [team.editor]
    (sent,) = mail.outbox
    assert sent.to == ["ed@example.com"]
    assert "mentioned you" in sent.subject
    assert f"#comment-{comment.pk}" in sent.body
    assert "can you check the baseline?" in sent.body


def test_a_member_picked_from_the_list_is_mentioned(team, client_for, mails_sent):
    team.owner.email = "owner@example.com"
    team.owner.save()
    client = client_for(team.viewer)
    with mails_sent():
        write(client, target_url(team, "step-goals"), "Please look", mention=team.owner.pk)
    comment = Comment.objects.get()
    assert comment.text == "@owner Please look"
    assert list(comment.mentions.all()) == [team.owner]
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]


def test_no_mail_to_a_member_who_turned_it_off(team, client_for, mails_sent):
    team.editor.email = "ed@example.com"
    team.editor.save()
    Profile.objects.create(user=team.editor, mail_when_mentioned=False)
    with mails_sent():
        write(client_for(team.viewer), target_url(team, "step-goals"), "@editor look")
    assert Comment.objects.get().mentions.get() == team.editor
    assert mail.outbox == []


def test_an_outsider_is_never_mentioned(team, client_for, mails_sent):
    team.outsider.email = "out@example.com"
    team.outsider.save()
    with mails_sent():
        write(client_for(team.viewer), target_url(team, "step-goals"), "@outsider look")
    assert not Comment.objects.get().mentions.exists()
    assert mail.outbox == []


def test_the_owner_of_an_item_hears_about_a_comment(team, client_for, mails_sent):
    team.editor.email = "ed@example.com"
    team.editor.save()
    piece = ContentPieceFactory(strategy=team.strategy, owner=team.editor, title="Grind guide")
    with mails_sent():
        write(client_for(team.viewer), target_url(team, f"piece-{piece.pk}"), "Due too soon?")
    (sent,) = mail.outbox
    assert sent.to == ["ed@example.com"]
    assert "Grind guide" in sent.subject


def test_an_owner_who_turned_it_off_hears_nothing(team, client_for, mails_sent):
    team.editor.email = "ed@example.com"
    team.editor.save()
    Profile.objects.create(user=team.editor, mail_about_my_items=False)
    action = CoherentAction.objects.create(strategy=team.strategy, title="Act", owner=team.editor)
    with mails_sent():
        write(client_for(team.viewer), target_url(team, f"action-{action.pk}"), "When?")
    assert mail.outbox == []


def test_nobody_is_mailed_about_their_own_comment(team, client_for, mails_sent):
    team.editor.email = "ed@example.com"
    team.editor.save()
    asset = AssetFactory(strategy=team.strategy, owner=team.editor)
    with mails_sent():
        write(
            client_for(team.editor), target_url(team, f"asset-{asset.pk}"), "@editor note to self"
        )
    assert mail.outbox == []


def test_too_many_comments_in_a_minute_are_refused_with_a_message(team, client_for, monkeypatch):
    monkeypatch.setattr(throttle, "PER_MINUTE", 2)
    client = client_for(team.viewer)
    url = target_url(team, "step-goals")
    assert write(client, url, "one").status_code == 302
    assert write(client, url, "two").status_code == 302
    response = write(client, url, "three")
    assert response.status_code == 429
    assert "wait a minute" in response.content.decode()
    assert "three" in response.content.decode()  # kept, to send again
    assert Comment.objects.count() == 2
    assert write(client_for(team.editor), url, "other member").status_code == 302


def test_a_comment_does_not_move_the_content_version(team, client_for):
    before = type(team.strategy).objects.get(pk=team.strategy.pk).content_version
    write(client_for(team.viewer), target_url(team, "step-goals"), "Talk, not content")
    assert type(team.strategy).objects.get(pk=team.strategy.pk).content_version == before


def test_share_link_readers_see_no_comments(team, client, persona):
    start_thread(team, team.owner, text="Secret team talk")
    Thread.objects.create(strategy=team.strategy, kind="persona", persona=persona)
    link = ShareLink.objects.create(strategy=team.strategy, created_by=team.owner)
    page = client.get(link.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert "Secret team talk" not in body
    assert "open comment" not in body
    assert client.get(reverse("comments:list", args=[team.strategy.uuid])).status_code == 302


def test_the_pdf_and_the_workbook_hold_no_comments(team, persona, tmp_path):
    start_thread(team, team.owner, text="Secret team talk")
    thread = Thread.objects.create(strategy=team.strategy, kind="persona", persona=persona)
    Comment.objects.create(thread=thread, author=team.owner, text="Hidden persona talk")
    document = build_document(team.strategy)
    html = render_html(document)
    assert "Home-brew Hannah" in html
    assert "Secret team talk" not in html and "Hidden persona talk" not in html
    cells = [
        str(cell.value)
        for sheet in openpyxl.load_workbook(io.BytesIO(strategy_workbook(document))).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    assert any("Home-brew Hannah" in cell for cell in cells)
    assert not any("talk" in cell for cell in cells)
