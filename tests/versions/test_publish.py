import subprocess

import pytest
from django.urls import reverse

from report.document import build_document
from report.models import ShareLink
from report.pdf import render_pdf
from starters.backup import backup, restore
from tests.factories import BuyerPersonaFactory, GoalFactory, StrategyFactory
from tests.starters.test_backup import normalised
from versions.models import Version

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "version.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def publish(client, strategy, label="budget agreed"):
    return client.post(reverse("versions:publish", args=[strategy.uuid]), {"label": label})


def test_it_publishes_numbered_versions(team, client_for):
    client = client_for(team.owner)
    response = publish(client, team.strategy)
    first = Version.objects.get(strategy=team.strategy)
    assert response.status_code == 302
    assert response["Location"] == first.get_absolute_url()
    publish(client, team.strategy, "second")
    assert list(team.strategy.versions.values_list("number", "label")) == [
        (2, "second"),
        (1, "budget agreed"),
    ]
    assert first.published_by == team.owner
    assert str(first) == "v1 — budget agreed"


def test_the_snapshot_restores_the_strategy(team, client_for):
    BuyerPersonaFactory(strategy=team.strategy, name="Nadia")
    GoalFactory(strategy=team.strategy)
    publish(client_for(team.owner), team.strategy)
    version = team.strategy.versions.get()
    copy = restore(version.snapshot, new_uuid=True).strategy
    assert normalised(backup(copy)) == normalised(backup(team.strategy))
    assert copy.personas.get().name == "Nadia"


def test_the_pdf_is_stored_with_the_version_on_its_cover(team, client_for, tmp_path):
    publish(client_for(team.owner), team.strategy)
    version = team.strategy.versions.get()
    assert bytes(version.pdf).startswith(b"%PDF-")
    text = pdf_text(bytes(version.pdf), tmp_path)
    assert "v1 — budget agreed" in text
    assert "Draft" not in text.split("Contents")[0]
    response = client_for(team.viewer).get(reverse("versions:pdf", args=[team.strategy.uuid, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_draft_cover_says_draft(team, tmp_path):
    text = pdf_text(render_pdf(build_document(team.strategy)), tmp_path)
    assert "Draft" in text


def test_viewers_and_editors_cannot_publish(team, client_for):
    for user in (team.viewer, team.editor):
        assert publish(client_for(user), team.strategy).status_code == 403
    assert not Version.objects.exists()


def test_the_list_shows_versions_to_viewers(team, client_for):
    publish(client_for(team.owner), team.strategy)
    response = client_for(team.viewer).get(reverse("versions:list", args=[team.strategy.uuid]))
    assert response.status_code == 200
    assert "v1 — budget agreed" in response.content.decode()
    assert "Publish the strategy" not in response.content.decode()


def test_it_hides_versions_from_outsiders(team, client_for):
    publish(client_for(team.owner), team.strategy)
    client = client_for(team.outsider)
    for url in (
        reverse("versions:list", args=[team.strategy.uuid]),
        reverse("versions:detail", args=[team.strategy.uuid, 1]),
        reverse("versions:pdf", args=[team.strategy.uuid, 1]),
    ):
        assert client.get(url).status_code == 404


def test_a_version_of_another_strategy_is_not_found(team, client_for):
    other = StrategyFactory()
    Version.publish(other, team.owner, "theirs")
    url = reverse("versions:detail", args=[team.strategy.uuid, 1])
    assert client_for(team.viewer).get(url).status_code == 404


def test_anonymous_callers_log_in(team, client):
    url = reverse("versions:list", args=[team.strategy.uuid])
    assert "/login/" in client.get(url)["Location"]


def test_share_links_are_left_untouched_by_publishing(team, client_for):
    link = ShareLink.objects.create(strategy=team.strategy)
    publish(client_for(team.owner), team.strategy)
    link.refresh_from_db()
    assert link.is_usable


def test_publishing_leaves_the_draft_as_it_was(team, client_for):
    before = team.strategy.current_content_version()
    publish(client_for(team.owner), team.strategy)
    version = team.strategy.versions.get()
    version.ask([team.viewer], team.owner)
    assert team.strategy.current_content_version() == before
