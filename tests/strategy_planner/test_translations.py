"""The Persian and Romanian catalogues are complete, and Persian mirrors the layout."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import AssetFactory


@pytest.mark.parametrize("language", ["fa", "ro"])
def test_catalogue_is_complete(language):
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    catalogue = polib.pofile(str(path))
    assert len(catalogue) > 100
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert missing == [], f"untranslated in {language}: {missing[:10]}"
    assert fuzzy == [], f"fuzzy in {language}: {fuzzy[:10]}"


def test_persian_pages_are_right_to_left(client_for, team):
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    response = client.get(reverse("starters:dashboard"))
    assert '<html lang="fa" dir="rtl">' in response.text
    assert "bootstrap.rtl.min.css" in response.text
    assert "راهبرد" in response.text


def test_romanian_pages_are_translated(client_for, team):
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    response = client.get(reverse("strategy_planner:basics", args=[team.strategy.uuid]))
    assert '<html lang="ro" dir="ltr">' in response.text
    assert "Salvează" in response.text


@pytest.mark.parametrize(
    ("language", "shown"), [("en", "12,345"), ("fa", "12,345"), ("ro", "12.345")]
)
def test_figures_are_grouped_in_every_language(client_for, team, language, shown):
    AssetFactory(strategy=team.strategy, name="Northwind web shop", visits=12345)
    client = client_for(team.owner)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("assets:inventory", args=[team.strategy.uuid])).text
    assert shown in page
