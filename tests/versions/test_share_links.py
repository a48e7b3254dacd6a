import pytest
from django.urls import reverse

from report.models import ShareLink
from tests.factories import BuyerPersonaFactory
from tests.versions.test_publish import pdf_text
from versions.models import Version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(team):
    BuyerPersonaFactory(strategy=team.strategy, name="Nadia")
    version = Version.publish(team.strategy, team.owner, "board copy")
    version.render_pdf()
    return version


def test_an_owner_makes_a_link_to_a_version(team, client_for, version):
    url = reverse("report:share_links", args=[team.strategy.uuid])
    client = client_for(team.owner)
    assert "board copy" in client.get(url).content.decode()  # offered in the form
    response = client.post(url, {"label": "Board", "version": version.pk})
    assert response.status_code == 302
    link = ShareLink.objects.get(label="Board")
    assert link.version == version
    assert "shows v1 — board copy" in client.get(url).content.decode()


def test_a_link_made_without_a_version_shows_the_draft(team, client_for, version):
    url = reverse("report:share_links", args=[team.strategy.uuid])
    client_for(team.owner).post(url, {"label": "Live"})
    assert ShareLink.objects.get(label="Live").version is None


def test_a_version_of_another_strategy_cannot_be_chosen(team, client_for, version):
    other = Version.publish(
        BuyerPersonaFactory().strategy, team.owner, "not yours"
    )  # a strategy of its own
    url = reverse("report:share_links", args=[team.strategy.uuid])
    response = client_for(team.owner).post(url, {"label": "X", "version": other.pk})
    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert not ShareLink.objects.filter(label="X").exists()


def test_a_link_to_a_version_shows_the_version_after_the_draft_changes(
    team, client, version, tmp_path
):
    link = ShareLink.objects.create(strategy=team.strategy, version=version)
    persona = team.strategy.personas.get()
    persona.name = "Renamed in the draft"
    persona.save()
    page = client.get(link.get_absolute_url()).content.decode()
    assert "Nadia" in page and "Renamed in the draft" not in page
    assert "v1 — board copy" in page
    response = client.get(reverse("share_pdf", args=[link.token]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "Nadia" in text and "Renamed in the draft" not in text


def test_a_link_to_the_draft_follows_the_draft(team, client, version):
    link = ShareLink.objects.create(strategy=team.strategy)
    persona = team.strategy.personas.get()
    persona.name = "Renamed in the draft"
    persona.save()
    page = client.get(link.get_absolute_url()).content.decode()
    assert "Renamed in the draft" in page
    assert "Draft" in page


def test_a_revoked_link_to_a_version_shows_nothing(team, client, version):
    link = ShareLink.objects.create(strategy=team.strategy, version=version)
    link.revoke()
    assert client.get(link.get_absolute_url()).status_code == 404
    assert client.get(reverse("share_pdf", args=[link.token])).status_code == 404


def test_a_shared_version_whose_pdf_is_being_prepared_says_so_and_reloads(team, client):
    fresh = Version.publish(team.strategy, team.owner, "just published")
    link = ShareLink.objects.create(strategy=team.strategy, version=fresh)
    url = reverse("share_pdf", args=[link.token])
    response = client.get(url, headers={"accept-language": "ro"})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "v1 — just published" in page and 'lang="ro"' in page
    fresh.render_pdf()  # the worker's turn; the next reload downloads it
    response = client.get(reverse("share_pdf", args=[link.token]))
    assert response["Content-Type"] == "application/pdf"
