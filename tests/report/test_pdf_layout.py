"""The PDF's layout in every language: its tables fit the page, its Persian letters
stay joined. Read back from the PDF itself with poppler's `pdftotext -bbox`."""

import re
import subprocess
from dataclasses import dataclass
from unittest import mock

import pytest
from django.core.cache import cache

from report import pdf as pdf_module
from report.document import build_document
from report.pdf import render_pdf, summary_pdf
from starters.backup import restore
from starters.templates import demo_backup
from tests.factories import UserFactory
from tests.report.test_document import needs_pdftotext

MM = 72 / 25.4
# The page's margins (static/css/report.css, @page): the running head sits in the top
# one, the page number in the bottom one; everything else is inside them.
MARGIN_TOP, MARGIN_SIDE, MARGIN_BOTTOM = 20 * MM, 16 * MM, 20 * MM
SLACK = 1  # a point: glyph boxes reach a hair past the line box
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
WORD = re.compile(
    r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">(.*?)</word>'
)
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")


@dataclass
class Word:
    page: int
    page_width: float
    page_height: float
    left: float
    top: float
    right: float
    bottom: float
    text: str

    @property
    def width(self) -> float:
        return self.right - self.left

    def in_text_area(self) -> bool:
        return (
            self.left >= MARGIN_SIDE - SLACK
            and self.right <= self.page_width - MARGIN_SIDE + SLACK
            and self.top >= MARGIN_TOP - SLACK
            and self.bottom <= self.page_height - MARGIN_BOTTOM + SLACK
        )

    def in_margin_box(self) -> bool:
        """In the band of the running head or of the page number, and on the page."""
        on_the_page = self.left >= 0 and self.right <= self.page_width
        return on_the_page and (
            self.bottom <= MARGIN_TOP or self.top >= self.page_height - MARGIN_BOTTOM
        )


def pdf_words(data: bytes, tmp_path) -> list[Word]:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words, page, size = [], 0, (0.0, 0.0)
    for line in xhtml.splitlines():
        if found := PAGE.search(line):
            page += 1
            size = (float(found[1]), float(found[2]))
        elif found := WORD.search(line):
            left, top, right, bottom = map(float, found.groups()[:4])
            words.append(Word(page, *size, left, top, right, bottom, found[5]))
    return words


@needs_pdftotext
@pytest.mark.parametrize("page_size", ["a4", "letter"])
@pytest.mark.parametrize("language", ["en", "fa", "ro"])
def test_every_word_of_the_demo_lies_inside_the_page(db, tmp_path, language, page_size):
    """Wide tables (the paid media's ten columns) included, in the demo's own language."""
    strategy = restore(demo_backup(language), owner=UserFactory().username).strategy
    words = pdf_words(render_pdf(build_document(strategy), page_size), tmp_path)

    assert len({word.page for word in words}) > 10
    outside = [word for word in words if not (word.in_text_area() or word.in_margin_box())]
    assert outside == [], [
        f"page {word.page}: {word.text!r} at x {word.left:.0f}–{word.right:.0f}" for word in outside
    ]


def arabic_word_widths(data: bytes, tmp_path) -> list[tuple[str, float]]:
    return sorted(
        (word.text, round(word.width, 1))
        for word in pdf_words(data, tmp_path)
        if ARABIC_LETTER.search(word.text)
    )


@needs_pdftotext
def test_persian_letters_are_not_spaced_apart(team, tmp_path):
    """Letters of Arabic script join: letter-spacing breaks the joins. Every Persian
    word (the cover's and the summary's kicker among them) is as wide as it is with
    letter-spacing switched off."""
    team.strategy.language = "fa"
    team.strategy.organisation = "قهوه‌برشته‌کاری نورث‌ویند"
    team.strategy.save()
    stylesheet = pdf_module._stylesheet()

    def drawn(extra_css: str = "") -> tuple[bytes, bytes]:
        cache.clear()
        with mock.patch.object(pdf_module, "_stylesheet", lambda: stylesheet + extra_css):
            return render_pdf(build_document(team.strategy)), summary_pdf(team.strategy)

    document, summary = drawn()
    unspaced_document, unspaced_summary = drawn("* { letter-spacing: normal !important; }")
    unspaced_words = arabic_word_widths(unspaced_document, tmp_path)
    # The cover's kicker, "Digital marketing strategy" (pdftotext may write a
    # right-to-left word in the order its letters are drawn).
    assert {"راهبرد", "دربهار"} & {text for text, _ in unspaced_words}
    assert arabic_word_widths(document, tmp_path) == unspaced_words
    assert arabic_word_widths(summary, tmp_path) == arabic_word_widths(unspaced_summary, tmp_path)
