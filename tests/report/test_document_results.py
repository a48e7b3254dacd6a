"""Results so far in the document: a chart of plan against actual for each goal with
a check-in, like the Results page's, with a caption that says it in words. Read
back from the demo's PDF, in English, Persian and Romanian."""

import datetime
import re

import pytest
from django.utils import translation

from report.document import build_document
from report.pdf import render_html, render_pdf
from results.rules import Status
from starters.backup import restore
from starters.templates import demo_backup
from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory, UserFactory
from tests.report.test_document import needs_pdftotext
from tests.report.test_summary import pdf_pages

KEY = "Milestones (dashed)"
# The marks pdftotext puts around right-to-left runs (embeddings, isolates).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def demo_pdf_pages(language: str, tmp_path, page_size: str = "a4") -> list[str]:
    """The demo's PDF in ``language``, as the text of each page (words one space apart)."""
    strategy = restore(demo_backup(language), owner=UserFactory().username).strategy
    _count, text = pdf_pages(render_pdf(build_document(strategy), page_size), tmp_path)
    return [" ".join(BIDI_MARKS.sub("", page).split()) for page in text.split("\f")]


def in_words(status: Status, language: str) -> str:
    with translation.override(language):
        return str(status.label)


@needs_pdftotext
@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_the_demo_pdf_charts_each_goal_against_its_plan(db, tmp_path, page_size):
    pages = demo_pdf_pages("en", tmp_path, page_size)
    text = " ".join(pages)

    captions = [
        "Generate 75,000 leads from 375,000 visits to win 9,000 customers — Off track: "
        "55,900 against a milestone of 58,333 in April 2027",
        "Grow active coffee subscriptions — At risk: 1,001 against a milestone of 1,033 "
        "in April 2027",
        "Grow the brew-guide newsletter — On track: 7,915 against a milestone of 7,889 "
        "in April 2027",
    ]
    for caption in captions:
        assert caption in text
    assert text.count(f"{KEY} Actual (each dot coloured by its status)") == 3
    # Each chart whole on one page: its caption, its axis, its months and its key.
    for caption, axis in zip(captions, ["80,000", "1,400", "10,000"], strict=True):
        page = next(page for page in pages if caption in page)
        chart = page.split(caption)[1].split(KEY)[0]
        assert axis in chart
        assert "Jan Mar May Jul Sep Nov" in chart
    # The status rule, in words, before the charts.
    assert "of the way from the baseline to the milestone" in text.split(captions[0])[0]


@needs_pdftotext
def test_the_persian_pdf_draws_the_charts_in_persian_from_the_right(db, tmp_path):
    text = " ".join(demo_pdf_pages("fa", tmp_path))

    for status in (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK):
        assert in_words(status, "fa") in text
    # Each letter of a month name joined to the next, whole words: HTML text, shaped
    # (SVG text would be drawn a letter at a time). January is on the right, so the
    # months read, left to right on the page, from November down to January.
    assert text.count("نوامبر سپتامبر ژوئیه مه مارس ژانویه") == 3
    assert "۵۵٬۹۰۰" in text and "۵۸٬۳۳۳" in text  # the leads' latest actual and milestone
    assert "۸۰٬۰۰۰" in text  # the axis, in Persian digits
    assert not re.search(r"\b(Jan|Mar|80,000)\b", text)


@needs_pdftotext
def test_the_romanian_pdf_names_the_months_in_romanian(db, tmp_path):
    text = " ".join(demo_pdf_pages("ro", tmp_path))

    assert text.count("Ian Mar Mai Iul Sep Noi") == 3
    assert "55.900" in text and "80.000" in text
    for status in (Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK):
        assert in_words(status, "ro") in text


def test_a_goal_without_a_check_in_is_named_but_not_charted(team):
    """A plan alone under "Results so far" would pass for a result at a glance."""
    checked = GoalFactory(strategy=team.strategy, marketing_goal="Win more leads")
    GoalFactory(strategy=team.strategy, marketing_goal="Not checked yet")
    CheckInValueFactory(
        check_in=CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 2, 1)),
        goal=checked,
        actual=150,
    )

    html = render_html(build_document(team.strategy))
    goals = html.split('id="goals"')[1].split("</section>")[0]
    assert goals.count('class="goal-chart"') == 1
    assert f'id="goal-chart-{checked.pk}"' in goals
    assert "No check-in yet for \u2068Not checked yet\u2069." in goals


def test_drawing_the_charts_reads_nothing_more(team, django_assert_num_queries):
    """The charts come from the results the document has read already."""
    goal = GoalFactory(strategy=team.strategy)
    CheckInValueFactory(
        check_in=CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 2, 1)),
        goal=goal,
        actual=150,
    )
    document = build_document(team.strategy)
    with django_assert_num_queries(0):
        html = render_html(document)
    assert 'class="goal-chart"' in html


@pytest.mark.django_db
def test_results_so_far_read_in_each_goals_unit(team):
    """A figure is written in its goal's unit: a count with its word, money with its
    currency, a rate with its percent sign; never a bare number."""
    march = datetime.date(2027, 3, 1)
    goals = [
        GoalFactory(strategy=team.strategy, unit="leads", baseline=1000, target=3000),
        GoalFactory(strategy=team.strategy, unit="EUR", baseline=10000, target=12000),
        GoalFactory(strategy=team.strategy, unit="%", baseline=2, target=3),
    ]
    check_in = CheckInFactory(strategy=team.strategy, month=march)
    for goal, actual in zip(goals, (1850, 11000, "2.5"), strict=True):
        CheckInValueFactory(check_in=check_in, goal=goal, actual=actual)
    html = " ".join(render_html(build_document(team.strategy)).split())
    html = BIDI_MARKS.sub("", html)
    for figure in ("1,850 leads", "€11,000.00", "2.5%", "3,000 leads", "€12,000.00", "3%"):
        assert f'<td class="num">{figure}</td>' in html, figure
    assert "1,850 leads against a milestone of" in html
