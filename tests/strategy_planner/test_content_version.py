"""An unchanged strategy's PDF comes from the cache; any change, however it is made, misses it."""

import io

import openpyxl
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assets.models import Asset
from content_plan.models import ContentPiece, SequenceStep
from personas.models import BrandVoice
from report.document import build_document
from report.pdf import cache_key, request_pdf
from report.xlsx import content_plan_workbook
from report.xlsx_import import apply_import, plan_as_data, plan_import
from strategy_planner.content_version import owned_models
from strategy_planner.models import Strategy
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentPieceFactory,
    GoalFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
)
from tests.strategy_planner.test_edit_conflicts import browser_of, form_data


def version(strategy) -> int:
    return Strategy.objects.values_list("content_version", flat=True).get(pk=strategy.pk)


@pytest.fixture
def key_of(team):
    cache.clear()
    return lambda: cache_key(team.strategy, "a4")


def test_every_model_of_a_strategy_is_versioned():
    names = {model._meta.label for model in owned_models()}
    assert {
        "personas.BuyerPersona",
        "personas.BrandVoice",
        "strategy_planner.Goal",
        "report.CoherentAction",
        "assets.Asset",
        "assets.MediaAudit",
        "content_plan.AuditedPiece",
        "content_plan.ContentGap",
        "content_plan.ContentPiece",
        "content_plan.MessageSequence",
        "content_plan.SequenceStep",
    } <= names


def test_rows_saved_deleted_and_linked_move_the_version(team, key_of):
    before = key_of()
    persona = BuyerPersonaFactory(strategy=team.strategy)
    after_persona = key_of()
    goal = GoalFactory(strategy=team.strategy)
    after_goal = key_of()
    goal.personas.add(persona)  # a many-to-many link only
    after_link = key_of()
    sequence = MessageSequenceFactory(strategy=team.strategy)
    step = SequenceStepFactory(sequence=sequence)
    after_step = key_of()
    SequenceStep.objects.get(pk=step.pk).delete()  # a row that belongs through its parent
    after_delete = key_of()
    keys = [before, after_persona, after_goal, after_link, after_step, after_delete]
    assert len(set(keys)) == len(keys)


def test_moving_and_ranking_rows_move_the_version(client_for, team, key_of):
    first = BuyerPersonaFactory(strategy=team.strategy, name="First")
    BuyerPersonaFactory(strategy=team.strategy, name="Second")
    before = key_of()
    client = client_for(team.editor)
    client.post(
        reverse("personas:move", args=[team.strategy.uuid, first.pk]), {"direction": "down"}
    )
    assert key_of() != before  # the order of personas is the order in the document


def test_a_conflict_checked_save_moves_the_version(team, key_of):
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    url = reverse("content_plan:piece_edit", args=[team.strategy.uuid, piece.pk])
    editor = browser_of(team.editor)
    page = editor.get(url)
    before = key_of()
    answer = editor.post(url, form_data(page.context["form"], title="Grind guide, updated"))
    assert answer.status_code == 302
    assert ContentPiece.objects.get(pk=piece.pk).title == "Grind guide, updated"
    assert key_of() != before


def test_an_import_moves_the_version(team, key_of):
    piece = ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    book = content_plan_workbook(build_document(team.strategy))
    upload = _edited(book, piece.title, "Grind guide, imported")
    plan = plan_import(team.strategy, upload, "content_plan")
    before = key_of()
    apply_import(team.strategy, plan_as_data(plan))
    assert ContentPiece.objects.get(pk=piece.pk).title == "Grind guide, imported"
    assert key_of() != before


def _edited(book_bytes, old: str, new: str):
    """The exported workbook with one title changed, as an upload."""
    book = openpyxl.load_workbook(io.BytesIO(book_bytes))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == old:
                    cell.value = new
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("plan.xlsx", out.getvalue())


def test_a_brand_voice_change_moves_the_version_and_the_document_flags_the_word(team, key_of):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    SequenceStepFactory(sequence=sequence, text="A cheap deal for you")
    before = version(team.strategy)
    BrandVoice.objects.create(strategy=team.strategy, words_to_avoid=["cheap"])
    assert version(team.strategy) > before
    (step,) = build_document(team.strategy).sequences[0].steps
    assert any("cheap" in problem for problem in step.problems)


def test_a_message_error_is_counted_as_the_message_is_saved(team):
    sequence = MessageSequenceFactory(strategy=team.strategy)
    step = SequenceStepFactory(sequence=sequence, text="Hi {{frist_name}}")
    sequence.refresh_from_db()
    assert sequence.error_count == 1
    step.text = "Hi {{user_first_name}}"
    step.save()
    sequence.refresh_from_db()
    assert sequence.error_count == 0


def test_renaming_a_member_moves_the_version_and_signing_in_does_not(team, key_of):
    before = key_of()
    team.owner.last_login = timezone.now()
    team.owner.save(update_fields=["last_login"])
    assert key_of() == before
    team.owner.first_name = "Ana"
    team.owner.save()
    assert key_of() != before


def test_a_stale_strategy_object_does_not_find_the_old_pdf(team):
    cache.clear()
    loaded_before = Strategy.objects.get(pk=team.strategy.pk)
    assert request_pdf(loaded_before, "a4").job is not None  # rendered
    AssetFactory(strategy=team.strategy, name="Google reviews")
    # loaded before the edit, asked after it: rendered again, not the old one
    assert request_pdf(loaded_before, "a4").job is not None
    assert Asset.objects.filter(strategy=team.strategy).exists()


def test_deleting_a_strategy_does_not_touch_each_row(team, django_assert_max_num_queries):
    for _ in range(5):
        ContentPieceFactory(strategy=team.strategy)
    with django_assert_max_num_queries(60):
        Strategy.objects.filter(pk=team.strategy.pk).delete()
    assert not ContentPiece.objects.exists()


def test_saving_only_some_fields_of_the_strategy_moves_the_version(team, key_of):
    before = key_of()
    team.strategy.diagnosis = "Visitors do not trust us yet."
    team.strategy.save(update_fields=["diagnosis"])  # updated_at is not written
    assert key_of() != before


def test_the_preview_and_the_checklist_show_an_edit_at_once(client_for, team):
    client = client_for(team.editor)
    preview_url = reverse("report:document", args=[team.strategy.uuid])
    consolidate_url = reverse("report:consolidate", args=[team.strategy.uuid])
    assert "Double the newsletter" not in client.get(preview_url).text
    client.get(consolidate_url)
    GoalFactory(strategy=team.strategy, marketing_goal="Double the newsletter")
    assert "Double the newsletter" in client.get(preview_url).text
    checklist = client.get(consolidate_url).context["checklist"]
    assert [(str(item["label"]), item["done"]) for item in checklist] == [
        (item["label"], item["done"]) for item in build_document(team.strategy).checklist
    ]
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    assert "Rezumat" in client.get(preview_url).text  # each reader's language


def test_saving_a_strategy_loaded_before_an_edit_never_moves_the_version_back(team):
    loaded = Strategy.objects.get(pk=team.strategy.pk)
    for _ in range(3):
        GoalFactory(strategy=team.strategy)
    after_edits = version(team.strategy)
    loaded.diagnosis = "Visitors do not trust us yet."
    loaded.save()
    assert version(team.strategy) > after_edits
    assert Strategy.objects.get(pk=team.strategy.pk).diagnosis == "Visitors do not trust us yet."


def test_personal_links_are_not_content(client_for, team, key_of):
    before = key_of()
    viewer = client_for(team.viewer)
    viewer.post(reverse("content_plan:feed_create", args=[team.strategy.uuid]))
    viewer.post(reverse("content_plan:feed_revoke", args=[team.strategy.uuid]))
    owner = client_for(team.owner)
    owner.post(reverse("report:share_links", args=[team.strategy.uuid]), {"label": "Board"})
    assert key_of() == before  # everyone's cached document and PDF stay valid
