"""The strategy on one page, on screen and as a one-page PDF; and the glossary."""

import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from report.models import CoherentAction
from strategy_planner.models import Strategy
from tests.conftest import needs_commands
from tests.factories import BuyerPersonaFactory, GoalFactory


def pdf_pages(data: bytes, tmp_path) -> tuple[int, str]:
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = int(
        next(line for line in info.stdout.splitlines() if line.startswith("Pages:")).split()[1]
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return pages, text


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)
    return Strategy.objects.get(name__startswith="Northwind")


def test_a_viewer_reads_the_strategy_on_a_page(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="manager"))
    page = client.get(reverse("report:summary", args=[demo.uuid]))
    assert page.status_code == 200
    assert "Strategy on a page" in page.text
    assert demo.diagnosis[:40] in page.text
    assert "Guiding policy" in page.text and "Coherent actions" in page.text
    assert reverse("report:summary_pdf", args=[demo.uuid]) in page.text


@needs_commands("pdfinfo", "pdftotext")
def test_the_demo_summary_pdf_is_one_page(client, demo, tmp_path):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="manager"))
    response = client.get(reverse("report:summary_pdf", args=[demo.uuid]))
    assert response["Content-Type"] == "application/pdf"
    assert "-summary.pdf" in response["Content-Disposition"]
    pages, text = pdf_pages(response.content, tmp_path)
    assert pages == 1
    assert demo.name.split(" —")[0] in text
    assert "Guiding policy" in text


@needs_commands("pdfinfo", "pdftotext")
def test_a_crowded_strategy_still_fits_one_page(client_for, team, tmp_path):
    long_text = "We sell good coffee but nobody knows it yet. " * 40
    team.strategy.diagnosis = long_text
    team.strategy.guiding_policy = long_text
    team.strategy.save()
    for number in range(12):
        GoalFactory(strategy=team.strategy, marketing_goal=f"Goal number {number} " * 6)
        CoherentAction.objects.create(strategy=team.strategy, title=f"Action {number} " * 8)
        BuyerPersonaFactory(strategy=team.strategy, name=f"Persona {number}")
    client = client_for(team.viewer)
    response = client.get(reverse("report:summary_pdf", args=[team.strategy.uuid]))
    pages, text = pdf_pages(response.content, tmp_path)
    assert pages == 1
    assert "and 7 more goals" in text and "and 7 more actions" in text
    assert "and 4 more personas" in text
    # What is shortened says so: nothing stops mid-sentence without a word.
    flat = " ".join(text.split())
    assert "(shortened: the full diagnosis is in the document)" in flat
    assert "(shortened: the full guiding policy is in the document)" in flat
    assert flat.count("(shortened)") == 10  # 5 goals and 5 actions of 18 and 16 words


def test_a_summary_that_fits_shortens_nothing(client_for, team):
    team.strategy.diagnosis = "We sell good coffee but nobody knows it yet."
    team.strategy.save()
    GoalFactory(strategy=team.strategy, marketing_goal="Double the newsletter")
    page = client_for(team.viewer).get(reverse("report:summary", args=[team.strategy.uuid]))
    text = page.content.decode()
    assert "We sell good coffee but nobody knows it yet." in text
    assert "shortened" not in text and "more goal" not in text


@needs_commands("pdfinfo", "pdftotext")
def test_the_summary_follows_the_document_language(client_for, team, tmp_path):
    team.strategy.language = "fa"
    team.strategy.save()
    response = client_for(team.viewer).get(reverse("report:summary_pdf", args=[team.strategy.uuid]))
    _pages, text = pdf_pages(response.content, tmp_path)
    assert "Guiding policy" not in text  # translated, not English
    assert any("\u0600" <= char <= "\u06ff" for char in text)


def test_the_glossary_explains_the_method_to_anyone(client, db):
    page = client.get(reverse("strategy_planner:glossary"))
    assert page.status_code == 200
    for term in ("Buyer persona", "Owned media", "Earned media", "Paid media", "Guiding policy"):
        assert term in page.text
    assert 'id="guiding-policy"' in page.text
    assert "Example:" in page.text
