"""The budget page: who sees what, the grid's figures and totals, adding a line and
starting the budget, in English and Persian, with queries that do not grow."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.models import BudgetLine, BudgetMonth
from results.models import PlatformResult
from tests.factories import (
    AssetFactory,
    BudgetLineFactory,
    BudgetMonthFactory,
    CheckInFactory,
    ContentPieceFactory,
    GoalFactory,
)

D = Decimal


def grid_url(strategy, figure=""):
    url = reverse("budget:grid", args=[strategy.uuid])
    return f"{url}?figure={figure}" if figure else url


@pytest.fixture
def line(team):
    line = BudgetLineFactory(
        strategy=team.strategy, name="Google Ads", kind="paid_platform", media_type="paid"
    )
    for month, planned, actual in ((1, "775.00", "812.40"), (2, "775.00", None), (4, "1000", None)):
        BudgetMonthFactory(
            line=line,
            month=datetime.date(2027, month, 1),
            planned=D(planned),
            actual=None if actual is None else D(actual),
        )
    return line


def test_it_asks_anonymous_callers_to_log_in(client, team):
    response = client.get(grid_url(team.strategy))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_it_is_404_for_an_outsider(client_for, team):
    assert client_for(team.outsider).get(grid_url(team.strategy)).status_code == 404


def test_a_viewer_reads_the_figures_without_inputs(client_for, team, line):
    page = client_for(team.viewer).get(grid_url(team.strategy)).text
    assert "Google Ads" in page
    assert f'data-total="l{line.pk}-total-planned">2,550.00<' in page
    assert "budget-cell" not in page
    assert reverse("budget:line_edit", args=[team.strategy.uuid, line.pk]) not in page
    assert "Add a line" not in page


def test_an_editor_gets_a_form_per_line(client_for, team, line):
    page = client_for(team.editor).get(grid_url(team.strategy)).text
    assert f'<form id="line-{line.pk}-form" method="post"' in page
    assert f'name="2027-01" value="775" form="line-{line.pk}-form"' in page
    assert f'name="2027-03" value="" form="line-{line.pk}-form"' in page
    assert f'aria-labelledby="line-{line.pk}-name col-2027-01"' in page


def test_the_grid_has_quarters_totals_and_media_types(client_for, team, line):
    BudgetMonthFactory(
        line=BudgetLineFactory(strategy=team.strategy, name="Newsletter tool"),
        month=datetime.date(2027, 1, 1),
        planned=D("49.99"),
    )
    page = client_for(team.editor).get(grid_url(team.strategy)).text
    assert 'id="col-2027-q1">Q1 2027<' in page
    assert f'data-total="l{line.pk}-2027-q1-planned">1,550.00<' in page
    assert f'data-total="l{line.pk}-2027-q2-planned">1,000.00<' in page
    assert 'data-total="paid-total-planned">2,550.00<' in page
    assert 'data-total="owned-2027-01-planned">49.99<' in page
    assert 'data-total="all-2027-01-planned">824.99<' in page
    assert 'data-total="all-total-planned">2,599.99<' in page
    assert 'data-total="summary-planned">€2,599.99<' in page


def test_the_actual_figures_show_the_plan_and_the_variance(client_for, team, line):
    page = client_for(team.editor).get(grid_url(team.strategy, "actual")).text
    assert f'name="2027-01" value="812.40" form="line-{line.pk}-form"' in page
    assert f'id="line-{line.pk}-planned"' in page  # the plan above, to read
    assert f'data-total="l{line.pk}-total-actual">812.40<' in page
    # Only January has an actual figure: 812.40 against 775.00 planned.
    assert f'data-total="l{line.pk}-variance">+37.40 · +4.8%<' in page
    assert 'data-total="summary-actual">€812.40<' in page
    assert "in 1 month with actual figures" in page


def test_the_hours_of_the_content_plan_are_beside_the_budget(client_for, team, line):
    ContentPieceFactory(strategy=team.strategy, hours=D(12), publish_date=datetime.date(2027, 3, 9))
    page = client_for(team.viewer).get(grid_url(team.strategy)).text
    assert "In-house hours (content plan)" in page
    assert ">12 hours<" in page


def test_the_planned_cost_per_lead_and_customer(client_for, team, line):
    GoalFactory(strategy=team.strategy, metric="Leads", marketing_goal="Leads", target=850)
    GoalFactory(strategy=team.strategy, metric="Orders", target=100, counts="conversions")
    page = client_for(team.viewer).get(grid_url(team.strategy)).text
    assert 'data-total="summary-cost-per-lead">€3.00<' in page  # 2,550 / 850
    assert "for 850 leads the goals ask for" in page
    assert 'data-total="summary-cost-per-customer">€25.50<' in page


def test_a_line_from_the_content_plan_is_read_not_typed(client_for, team):
    BudgetLine.objects.start(team.strategy)
    ContentPieceFactory(
        strategy=team.strategy,
        production="outsourced",
        hours=None,
        budget=D(2400),
        publish_date=datetime.date(2027, 2, 3),
    )
    page = client_for(team.editor).get(grid_url(team.strategy)).text
    line = team.strategy.budget_lines.get()
    assert f"line-{line.pk}-form" not in page
    assert "from the content plan" in page
    assert ">2,400.00<" in page
    actual = client_for(team.editor).get(grid_url(team.strategy, "actual")).text
    assert f"line-{line.pk}-form" in actual  # what it cost is typed here


def test_an_empty_budget_offers_to_start(client_for, team):
    page = client_for(team.editor).get(grid_url(team.strategy)).text
    assert "No budget yet." in page
    assert "Start from the paid decisions and the content plan" in page


def test_starting_adds_the_lines_and_says_how_many(client_for, team):
    AssetFactory(
        strategy=team.strategy, media_type="paid", kind="display", decision="keep", spend=D(600)
    )
    client = client_for(team.editor)
    response = client.post(reverse("budget:start", args=[team.strategy.uuid]), follow=True)
    assert "Added 2 lines from the paid media decisions and the content plan." in response.text
    response = client.post(reverse("budget:start", args=[team.strategy.uuid]), follow=True)
    assert "has a line already" in response.text
    assert team.strategy.budget_lines.count() == 2


def test_a_viewer_cannot_start(client_for, team):
    response = client_for(team.viewer).post(reverse("budget:start", args=[team.strategy.uuid]))
    assert response.status_code == 403
    assert not team.strategy.budget_lines.exists()


def test_an_editor_adds_a_line(client_for, team):
    response = client_for(team.editor).post(
        grid_url(team.strategy),
        {"line-name": "PR agency retainer", "line-kind": "people", "line-media_type": "earned"},
    )
    line = team.strategy.budget_lines.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#line-{line.pk}")
    assert (line.name, line.kind, line.media_type) == ("PR agency retainer", "people", "earned")


def test_a_line_added_with_htmx_comes_back_in_the_section(client_for, team):
    response = client_for(team.editor).post(
        grid_url(team.strategy),
        {"line-name": "Design tool", "line-kind": "tool", "line-media_type": "owned"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="budget-section">') or (
        'id="budget-section"' in response.text and "<html" not in response.text
    )
    assert "Added the line “Design tool”." in response.text


def test_a_bad_line_comes_back_with_its_error_and_what_was_typed(client_for, team):
    other = AssetFactory(media_type="paid", kind="display")  # another strategy's platform
    response = client_for(team.editor).post(
        grid_url(team.strategy),
        {
            "line-name": "Someone else's ads",
            "line-kind": "tool",
            "line-media_type": "paid",
            "line-asset": other.pk,
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Someone else&#x27;s ads" in response.text
    assert not team.strategy.budget_lines.exists()


def test_the_page_speaks_persian_and_reads_right_to_left(client_for, team, line):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(grid_url(team.strategy)).text
    assert '<html lang="fa" dir="rtl">' in page
    assert 'name="2027-01" value="۷۷۵"' in page  # as a Persian keyboard types it
    assert f'data-total="l{line.pk}-total-planned">۲٬۵۵۰٫۰۰<' in page
    assert "ژانویه" in page  # January: a budget month is a Gregorian month


def test_a_jalali_reader_still_sees_gregorian_months(client_for, team, line):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    client.post(reverse("strategy_planner:set_calendar"), {"calendar": "jalali", "next": "/"})
    page = client.get(grid_url(team.strategy)).text
    assert "ژانویه" in page and "دی ۱۴۰۵" not in page


def test_queries_do_not_grow_with_lines_and_months(
    client_for, team, line, django_assert_max_num_queries
):
    client = client_for(team.editor)
    GoalFactory(strategy=team.strategy, metric="Leads", target=1000)
    client.get(grid_url(team.strategy))
    with django_assert_max_num_queries(14) as few:
        client.get(grid_url(team.strategy, "actual"))
    for n in range(30):
        more = BudgetLineFactory(strategy=team.strategy)
        BudgetMonth.objects.bulk_create(
            BudgetMonth(line=more, month=datetime.date(2027, m, 1), planned=D(n), actual=D(n))
            for m in range(1, 13)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(grid_url(team.strategy, "actual"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(grid_url(team.strategy))


@pytest.fixture
def platforms(team):
    """Two paid platforms of the inventory with their lines, spend January and February,
    and what the check-ins record for them."""
    lines = []
    for name, spend in (
        ("Google Ads", ("768.40", "781.60")),
        ("Instagram ads", ("702.35", "748.90")),
    ):
        asset = AssetFactory(
            strategy=team.strategy, name=name, media_type="paid", kind="search_ads"
        )
        line = BudgetLineFactory(
            strategy=team.strategy, name=name, kind="paid_platform", media_type="paid", asset=asset
        )
        lines.append(line)
        for month, actual in enumerate(spend, start=1):
            BudgetMonthFactory(
                line=line, month=datetime.date(2027, month, 1), planned=D(700), actual=D(actual)
            )
    check_ins = [
        CheckInFactory(strategy=team.strategy, month=datetime.date(2027, month, 1))
        for month in (1, 2)
    ]
    for line, recorded in zip(lines, (((251, 56), (262, 59)), ((98, 16), None)), strict=True):
        for check_in, figures in zip(check_ins, recorded, strict=True):
            if figures:
                PlatformResult.objects.create(
                    check_in=check_in, line=line, leads=figures[0], conversions=figures[1]
                )
    return lines


def test_the_actual_cost_per_lead_and_customer_on_the_paid_platforms(client_for, team, platforms):
    # A tool's spend is not a paid platform's: left out.
    BudgetMonthFactory(
        line=BudgetLineFactory(strategy=team.strategy),
        month=datetime.date(2027, 1, 1),
        actual=D(500),
    )
    page = client_for(team.viewer).get(grid_url(team.strategy)).text
    # Google January and February, Instagram January (February has no results yet):
    # 768.40 + 781.60 + 702.35 = 2,252.35 for 611 leads (3.686…) and 131 conversions.
    assert 'data-total="summary-actual-cost-per-lead">€3.69<' in page
    assert "paid platforms: €2,252.35 for 611 leads" in page
    assert 'data-total="summary-actual-cost-per-customer">€17.19<' in page  # 17.193…
    assert "paid platforms: €2,252.35 for 131 conversions" in page
    assert "Actual cost per result: what the paid platforms spent" in page


def test_without_results_the_actual_cost_waits_for_a_check_in(client_for, team, line):
    page = client_for(team.viewer).get(grid_url(team.strategy)).text
    assert 'data-total="summary-actual-cost-per-lead">—<' in page
    assert "Once a check-in records the paid platforms&#x27; results." in page


def test_a_spend_saved_in_the_grid_brings_back_the_new_actual_cost(client_for, team, platforms):
    google = platforms[0]
    response = client_for(team.editor).post(
        reverse("budget:line_months", args=[team.strategy.uuid, google.pk]),
        {
            "figure": "actual",
            "2027-01": "1000",
            "edit_version": str(google.edit_version),
            "started_from": '{"2027-01":"768.40"}',
        },
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 200
    totals = response.json()["totals"]
    # 1,000 + 781.60 + 702.35 = 2,483.95 for 611 leads: 4.065…
    assert totals["summary-actual-cost-per-lead"] == "€4.07"
    assert totals["summary-actual-cost-per-lead-note"] == "paid platforms: €2,483.95 for 611 leads"


def test_the_actual_cost_in_persian_digits(client_for, team, platforms):
    client = client_for(team.viewer)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(grid_url(team.strategy)).text
    cost = page.split('data-total="summary-actual-cost-per-lead">')[1].split("<")[0]
    assert "۳٫۶۹" in cost and not any(digit in cost for digit in "0123456789")


def test_queries_do_not_grow_with_paid_platforms(
    client_for, team, platforms, django_assert_max_num_queries
):
    client = client_for(team.editor)
    client.get(grid_url(team.strategy))
    with django_assert_max_num_queries(15) as few:
        client.get(grid_url(team.strategy, "actual"))
    check_in = team.strategy.check_ins.get(month=datetime.date(2027, 1, 1))
    for n in range(8):
        asset = AssetFactory(strategy=team.strategy, media_type="paid", kind="display")
        more = BudgetLineFactory(
            strategy=team.strategy, kind="paid_platform", media_type="paid", asset=asset
        )
        BudgetMonthFactory(line=more, month=datetime.date(2027, 1, 1), actual=D(n))
        PlatformResult.objects.create(check_in=check_in, line=more, leads=n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(grid_url(team.strategy, "actual"))
