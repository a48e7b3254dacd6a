"""The document's bar charts draw each bar as wide as its figure, in every language:
numbers inside CSS are never written the way a language writes them."""

import re

import pytest
from django.utils import translation

from report.document import build_document
from report.pdf import render_html
from tests.factories import AssetFactory


@pytest.mark.parametrize("language", ["en", "ro", "fa"])
def test_bars_are_as_wide_as_their_figures(team, language):
    for name, leads in (("Reviews", 200), ("Press", 50), ("Backlinks", 25)):
        AssetFactory(strategy=team.strategy, name=name, leads=leads)
    team.strategy.language = language
    team.strategy.save()
    html = render_html(build_document(team.strategy))
    widths = re.findall(r'class="bar bar-[ab]" style="width: ([^"]*)%"', html)
    assert "25.0" in widths and "12.5" in widths and "100.0" in widths, widths
    assert all(re.fullmatch(r"\d+(\.\d+)?", width) for width in widths), widths


def test_progress_bars_use_plain_numbers(client_for, team):
    client = client_for(team.viewer)
    client.post("/i18n/setlang/", {"language": "ro", "next": "/"})
    with translation.override("ro"):
        page = client.get(team.strategy.get_absolute_url()).text
    for width in re.findall(r'style="width: ([^"]*)%"', page):
        assert re.fullmatch(r"\d+(\.\d+)?", width), width
