"""The demo: its backup files, one per language, and the command that restores it."""

import datetime
import re
from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from content_plan.models import Trigger
from content_plan.rules import ERROR, TOKEN_PATTERN, WARNING
from personas.models import BrandVoice
from report.document import build_document
from report.models import ShareLink
from report.pdf import render_pdf
from starters.backup import read_backup, restore
from starters.management.commands.seed_demo import DEMO_PASSWORD, DEMO_STRATEGY_NAME
from starters.templates import DEMO_FILES, backed_up_strategy, demo_backup
from strategy_planner.models import Membership, Role, Strategy
from strategy_planner.wizard import Progress
from tests.factories import UserFactory

LANGUAGES = list(DEMO_FILES)
# JSON fields holding lists of text a reader sees (persona facts, the brand voice's words).
TEXT_LISTS = {"goals", "challenges", "interests", "priorities", "words_to_use", "words_to_avoid"}
PERSIAN_LETTER = re.compile(r"[\u0600-\u06ff]")
ROMANIAN_LETTER = re.compile(r"[ăâîșțĂÂÎȘȚ]")


def text_fields(model) -> set[str]:
    """The fields of a model that hold what a reader sees: free text, not codes or links."""
    return {
        field.name
        for field in model._meta.concrete_fields
        if (
            isinstance(field, models.CharField | models.TextField)
            and not isinstance(field, models.URLField)
            and field.editable
            and not field.choices
        )
        or field.name in TEXT_LISTS
        or field.name == "buttons"
    }


def texts(record: dict) -> dict:
    """Every text a reader sees in one backed-up row, by where it is."""
    found = {}
    for name in text_fields(apps.get_model(record["model"])):
        value = record["fields"][name]
        if name == "buttons":
            found.update({f"buttons[{i}]": button["title"] for i, button in enumerate(value)})
        elif isinstance(value, list):
            found.update({f"{name}[{i}]": item for i, item in enumerate(value)})
        else:
            found[name] = value
    key = f"{record['model']} {record['pk']}"
    return {f"{key} {where}": text for where, text in found.items() if text}


def all_texts(data: dict) -> dict:
    return {where: text for record in data["objects"] for where, text in texts(record).items()}


def without_texts(record: dict) -> dict:
    """A backed-up row without its texts and what says which language it is in."""
    leave_out = text_fields(apps.get_model(record["model"])) | {"uuid", "language", "calendar"}
    fields = {name: value for name, value in record["fields"].items() if name not in leave_out}
    if "buttons" in record["fields"]:
        fields["buttons"] = [{**button, "title": ""} for button in record["fields"]["buttons"]]
    return {"model": record["model"], "pk": record["pk"], "fields": fields}


def findings(strategy: Strategy) -> list:
    """What the channel rules find in the strategy's sequences, without their wording."""
    avoid = BrandVoice.objects.words_to_avoid(strategy.pk)
    return sorted(
        (
            sequence.trigger,
            [(p.code, p.severity) for p in sequence.greeting_problems()],
            [
                (step.position, step.channel, sorted((p.code, p.severity) for p in problems))
                for step, problems in sorted(
                    sequence.checked_steps(avoid), key=lambda checked: checked[0].position
                )
            ],
        )
        for sequence in strategy.message_sequences.all()
    )


@pytest.fixture
def english():
    return read_backup(DEMO_FILES["en"])


def test_it_creates_the_demo_and_can_run_again(db, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert f"demo / {DEMO_PASSWORD}" in output
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    strategy.industry = "Changed in the demo"
    strategy.save()
    strategy.personas.filter(position=1).update(name="Hannah, renamed")

    call_command("seed_demo")

    assert Strategy.objects.filter(name=DEMO_STRATEGY_NAME).count() == 1
    strategy.refresh_from_db()
    assert strategy.industry == "Changed in the demo"  # the user's work is kept
    assert strategy.personas.filter(name="Hannah, renamed").exists()
    assert strategy.personas.count() == 3
    demo = get_user_model().objects.get(username="demo")
    assert demo.check_password(DEMO_PASSWORD)
    assert demo.is_staff and demo.is_superuser
    assert Membership.objects.get(strategy=strategy, user=demo).role == Role.OWNER
    assert Membership.objects.get(strategy=strategy, user__username="manager").role == Role.VIEWER


def test_a_demo_made_before_the_demo_was_a_file_is_kept(db):
    """A database seeded by an earlier version holds the demo under another UUID."""
    owner = UserFactory(username="demo")
    older = Strategy.objects.create(
        name=DEMO_STRATEGY_NAME,
        organisation="Northwind Coffee Roasters",
        industry="Worked on for weeks",
        start_date=datetime.date(2027, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    Membership.objects.create(strategy=older, user=owner, role=Role.OWNER)

    call_command("seed_demo")

    assert list(Strategy.objects.filter(name=DEMO_STRATEGY_NAME)) == [older]
    assert older.share_links.filter(label="Board meeting").exists()


def test_it_restores_the_english_demo_file(db, english):
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    assert str(strategy.uuid) == backed_up_strategy(english)["uuid"]
    assert strategy.language == "en"
    assert dict(strategy.memberships.values_list("user__username", "role")) == {
        "demo": Role.OWNER,
        "ioana": Role.EDITOR,
        "reza": Role.EDITOR,
        "manager": Role.VIEWER,
    }


def test_it_gives_the_password_back_to_a_demo_user_who_changed_it(db):
    call_command("seed_demo", verbosity=0)
    manager = get_user_model().objects.get(username="manager")
    manager.set_password("something-else")
    manager.save()
    call_command("seed_demo", verbosity=0)
    manager.refresh_from_db()
    assert manager.check_password(DEMO_PASSWORD)


def test_the_demo_has_a_working_share_link_and_the_owners_calendar_feed(db):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    link = ShareLink.objects.usable().get(strategy=strategy)
    assert link.label == "Board meeting" and link.created_by.username == "demo"
    assert list(strategy.calendar_feeds.values_list("user__username", flat=True)) == ["demo"]


def test_a_revoked_share_link_stays_revoked(db):
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    strategy.share_links.update(revoked_at=timezone.now())
    call_command("seed_demo", verbosity=0)
    assert strategy.share_links.count() == 1
    assert not ShareLink.objects.usable().filter(strategy=strategy).exists()


def test_the_demo_shows_every_step_complete(db):
    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    progress = Progress(strategy)
    assert [s.step.slug for s in progress.steps if not s.complete] == []
    assert strategy.personas.count() == 3
    assert strategy.assets.paid().exclude(decision="").count() == 4
    assert strategy.content_pieces.dated().count() == 10


def test_the_demo_owner_has_a_draft_to_restore(client, db):
    call_command("seed_demo")
    call_command("seed_demo")  # still one
    draft = Strategy.objects.get(deleted_at__isnull=False)
    assert draft.deleted_by.username == "demo"
    three_days = timezone.now() - draft.deleted_at
    assert datetime.timedelta(days=3) <= three_days < datetime.timedelta(days=3, minutes=1)
    client.force_login(get_user_model().objects.get(username="demo"))
    assert "Recently deleted (1 strategy you can restore)" in client.get("/").text
    assert draft.name not in client.get("/").text.split("Recently deleted")[0]
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_brought_back_is_not_deleted_again(db):
    call_command("seed_demo", verbosity=0)
    draft = Strategy.objects.get(deleted_at__isnull=False)
    draft.restore()
    call_command("seed_demo", verbosity=0)
    draft.refresh_from_db()
    assert draft.deleted_at is None
    assert Strategy.objects.filter(name=draft.name).count() == 1


def test_the_demo_shows_the_e_commerce_examples_on_its_steps(client, db):
    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    client.force_login(strategy.memberships.get(user__username="demo").user)
    page = client.get(reverse("strategy_planner:goals", args=[strategy.uuid])).text
    assert "Example from the “E-commerce store” template:" in page
    assert "Recover more abandoned carts" in page


# The files


def test_the_english_file_is_the_demo_by_name(english):
    assert backed_up_strategy(english)["name"] == DEMO_STRATEGY_NAME


def test_each_language_has_its_own_demo(english):
    uuids = {backed_up_strategy(demo_backup(language))["uuid"] for language in LANGUAGES}
    assert len(uuids) == len(LANGUAGES)
    for language in LANGUAGES:
        strategy = backed_up_strategy(demo_backup(language))
        assert strategy["language"] == language
        assert strategy["calendar"] == ("jalali" if language == "fa" else "gregorian")
        assert strategy["currency"] == "EUR"
    assert demo_backup("de") == english  # no demo in that language: the English one


def test_no_demo_file_holds_a_share_link():
    for language in LANGUAGES:
        labels = {record["model"] for record in demo_backup(language)["objects"]}
        assert "report.sharelink" not in labels  # it would come back revoked


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_a_translation_is_the_same_strategy(english, language):
    translated = demo_backup(language)
    assert [without_texts(r) for r in translated["objects"]] == [
        without_texts(r) for r in english["objects"]
    ]
    assert all_texts(translated).keys() == all_texts(english).keys()


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_a_translation_keeps_every_token(english, language):
    original, translated = all_texts(english), all_texts(demo_backup(language))
    for where, text in original.items():
        assert Counter(TOKEN_PATTERN.findall(translated[where])) == Counter(
            TOKEN_PATTERN.findall(text)
        ), where


def test_the_persian_demo_is_written_in_persian(english):
    original = all_texts(english)
    for where, text in all_texts(demo_backup("fa")).items():
        assert PERSIAN_LETTER.search(text), where
        # Persian letters, not their Arabic look-alikes
        assert not re.search("[يك]", text), where
        assert text != original[where], where


def test_the_romanian_demo_is_written_in_romanian(english):
    original, romanian = all_texts(english), all_texts(demo_backup("ro"))
    for where, text in romanian.items():
        assert text != original[where], where
        assert not re.search("[şţŞŢ]", text), where  # comma below, not cedilla
    with_diacritics = [text for text in romanian.values() if ROMANIAN_LETTER.search(text)]
    assert len(with_diacritics) > len(romanian) / 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_demo_file_restores_complete_and_prints(db, language):
    owner = UserFactory()
    strategy = restore(demo_backup(language), owner=owner.username).strategy

    assert strategy.language == language
    assert [s.step.slug for s in Progress(strategy).steps if not s.complete] == []
    document = build_document(strategy)
    assert document.strategy["language"] == language
    assert document.strategy["direction"] == ("rtl" if language == "fa" else "ltr")
    with translation.override(language):
        abandoned_cart = str(Trigger.ABANDONED_CART.label)
    assert abandoned_cart in [sequence.trigger for sequence in document.sequences]
    assert render_pdf(document).startswith(b"%PDF")


def test_the_sequences_find_the_same_in_every_language(db):
    owner = UserFactory()
    found = {
        language: findings(restore(demo_backup(language), owner=owner.username).strategy)
        for language in LANGUAGES
    }
    assert found["fa"] == found["en"]
    assert found["ro"] == found["en"]
    problems = [
        (trigger, problem)
        for trigger, _greeting, steps in found["en"]
        for _position, _channel, step_problems in steps
        for problem in step_problems
    ]
    assert ("abandoned_cart", ("stagger", WARNING)) in problems  # shown on purpose
    assert not [problem for problem in problems if problem[1][1] == ERROR]
