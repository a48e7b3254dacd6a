"""A PDF downloaded in US Letter is US Letter, in A4 is A4, on every page: measured
with pdfinfo, in PDF points (1/72 inch), the sizes written out here."""

import re
import subprocess

import pytest
from django.urls import reverse

from report.models import CoherentAction
from tests.conftest import needs_commands
from tests.factories import BuyerPersonaFactory, GoalFactory

LETTER = (612.0, 792.0)  # 8.5 × 11 inches
A4 = (595.28, 841.89)  # 210 × 297 mm

pytestmark = needs_commands("pdfinfo")


def page_sizes(pdf: bytes, tmp_path) -> list[tuple[float, float]]:
    path = tmp_path / "downloaded.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(
        ["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True, check=True
    ).stdout
    sizes = re.findall(r"^Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    return [(round(float(width), 2), round(float(height), 2)) for width, height in sizes]


@pytest.fixture
def strategy(team):
    for number in range(6):
        GoalFactory(strategy=team.strategy, marketing_goal=f"Goal {number} " * 10)
        BuyerPersonaFactory(strategy=team.strategy, name=f"Persona {number}")
        CoherentAction.objects.create(strategy=team.strategy, title=f"Action {number} " * 10)
    return team.strategy


@pytest.mark.parametrize(("size", "expected"), [("letter", LETTER), ("a4", A4), (None, A4)])
def test_the_document_pdf_is_downloaded_in_the_size_asked_for(
    client_for, team, strategy, tmp_path, size, expected
):
    url = reverse("report:document_pdf", args=[strategy.uuid])
    response = client_for(team.viewer).get(url, {"size": size} if size else {})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    sizes = page_sizes(response.content, tmp_path)
    assert len(sizes) > 1
    assert set(sizes) == {expected}


@pytest.mark.parametrize(("size", "expected"), [("letter", LETTER), ("a4", A4)])
def test_the_summary_pdf_is_downloaded_in_the_size_asked_for(
    client_for, team, strategy, tmp_path, size, expected
):
    url = reverse("report:summary_pdf", args=[strategy.uuid])
    response = client_for(team.viewer).get(url, {"size": size})
    assert response.status_code == 200
    assert page_sizes(response.content, tmp_path) == [expected]
