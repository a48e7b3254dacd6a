"""Who does what by when: owners and due dates of actions and pieces, and what is
overdue or due this week on the strategy's overview."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from budget.models import LineKind, budget_of, spend_of_many
from content_plan.models import ContentPiece
from report.agenda import (
    due_counts_of_many,
    due_work,
    end_of_week,
    health,
    health_of_many,
)
from report.forms import ActionForm
from report.models import CoherentAction
from results.models import results_of, results_of_many
from strategy_planner.models import Role, Strategy
from tests.factories import (
    BudgetLineFactory,
    BudgetMonthFactory,
    CheckInFactory,
    CheckInValueFactory,
    ContentPieceFactory,
    GoalFactory,
    MembershipFactory,
    MilestoneFactory,
    StrategyFactory,
)

TODAY = datetime.date(2027, 3, 10)  # a Wednesday


def action(team, title, due_date=None, done=False, owner=None):
    return CoherentAction.objects.create(
        strategy=team.strategy, title=title, due_date=due_date, done=done, owner=owner
    )


@pytest.mark.parametrize(
    ("language", "last_day"),
    [
        ("en-us", datetime.date(2027, 3, 13)),  # weeks run Sunday to Saturday
        ("en-gb", datetime.date(2027, 3, 14)),  # Monday to Sunday
        ("ro", datetime.date(2027, 3, 14)),
        ("fa", datetime.date(2027, 3, 12)),  # Saturday to Friday
    ],
)
def test_this_week_ends_where_the_readers_week_ends(language, last_day):
    with translation.override(language):
        assert end_of_week(TODAY) == last_day
        assert end_of_week(last_day) == last_day
        assert end_of_week(last_day + datetime.timedelta(days=1)) == last_day + datetime.timedelta(
            days=7
        )


def test_overdue_and_due_this_week_earliest_first(team):
    late = action(team, "Brief the agency", datetime.date(2027, 3, 1), owner=team.editor)
    action(team, "Already done", datetime.date(2027, 3, 2), done=True)
    action(team, "Next month", datetime.date(2027, 4, 2))
    action(team, "No date")
    soon = ContentPieceFactory(
        strategy=team.strategy, title="Spring guide", due_date=datetime.date(2027, 3, 12)
    )
    today = ContentPieceFactory(strategy=team.strategy, title="Launch post", due_date=TODAY)
    ContentPieceFactory(
        strategy=team.strategy,
        title="Published already",
        due_date=datetime.date(2027, 3, 3),
        publish_date=datetime.date(2027, 3, 4),
        status="published",
    )
    with translation.override("en-gb"):
        work = due_work(team.strategy, TODAY)

    assert [(item.title, item.owner) for item in work.overdue] == [
        (late.title, team.editor.get_username())
    ]
    assert [item.title for item in work.this_week] == [today.title, soon.title]
    assert work.this_week[0].url == today.get_absolute_url()
    assert work.week_ends == datetime.date(2027, 3, 14)


def test_the_overview_lists_what_is_due_for_every_member(
    client_for, team, django_assert_max_num_queries
):
    action(team, "Brief the agency", datetime.date(2027, 3, 1), owner=team.editor)
    ContentPieceFactory(
        strategy=team.strategy, title="Spring guide", due_date=datetime.date(2027, 3, 12)
    )
    client = client_for(team.viewer)
    url = reverse("strategy_planner:overview", args=[team.strategy.uuid])
    with (
        mock.patch("django.utils.timezone.localdate", return_value=TODAY),
        django_assert_max_num_queries(15),
    ):
        page = client.get(url).text
    overdue = page.split("Overdue")[1].split("Due this week")[0]
    assert "Brief the agency" in overdue and "editor" in overdue
    assert "Spring guide" in page.split("Due this week")[1]


def test_an_overview_with_nothing_due_says_how_to_fill_it(client_for, team):
    page = client_for(team.viewer).get(
        reverse("strategy_planner:overview", args=[team.strategy.uuid])
    )
    assert "Nothing is overdue or due this week" in page.text


def test_an_action_gets_an_owner_a_due_date_and_is_ticked_done(client_for, team):
    done = action(team, "Brief the agency")
    client = client_for(team.editor)
    url = reverse("report:action_edit", args=[team.strategy.uuid, done.pk])
    form = ActionForm(instance=done, strategy=team.strategy, prefix="action")
    data = {
        f"action-{name}": value
        for name, value in form.initial.items()
        if value not in (None, []) and not isinstance(value, list)
    }
    data.update(
        {
            "action-title": "Brief the agency",
            "action-owner": team.editor.pk,
            "action-due_date": "2027-03-01",
            "action-done": "on",
            "initial-action-edit_version": done.edit_version,
            "action-edit_version": done.edit_version,
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    done.refresh_from_db()
    assert (done.owner, done.due_date, done.done) == (team.editor, datetime.date(2027, 3, 1), True)
    consolidate = client.get(reverse("report:consolidate", args=[team.strategy.uuid])).text
    assert "Done" in consolidate and "Owner: editor" in consolidate


def test_only_a_member_can_own_an_action(team):
    form = ActionForm(
        {"action-title": "Brief the agency", "action-owner": team.outsider.pk},
        strategy=team.strategy,
        prefix="action",
    )
    assert not form.is_valid()
    assert "owner" in form.errors


def test_a_published_piece_has_its_date_and_its_link(team):
    piece = ContentPieceFactory(strategy=team.strategy, status="published", publish_date=None)
    with pytest.raises(Exception) as refused:
        piece.full_clean()
    assert "publish_date" in refused.value.message_dict
    piece.publish_date = datetime.date(2027, 3, 4)
    piece.published_url = "https://example.com/spring-guide"
    piece.full_clean()
    piece.status = "planned"
    with pytest.raises(Exception) as refused:
        piece.full_clean()
    assert "published_url" in refused.value.message_dict
    assert ContentPiece.objects.filter(pk=piece.pk).exists()


def test_the_overview_says_how_the_goals_and_the_spend_are_going(client_for, team):
    january = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1))
    ahead = GoalFactory(strategy=team.strategy, marketing_goal="Win more leads")
    behind = GoalFactory(strategy=team.strategy, marketing_goal="Grow the newsletter")
    GoalFactory(strategy=team.strategy, metric="")  # not measurable: not counted
    CheckInValueFactory(check_in=january, goal=ahead, actual=200)  # past the target
    CheckInValueFactory(check_in=january, goal=behind, actual=50)  # below the baseline
    line = BudgetLineFactory(strategy=team.strategy)
    BudgetMonthFactory(line=line, month=datetime.date(2027, 1, 1), planned=100, actual=130)
    BudgetMonthFactory(line=line, month=datetime.date(2027, 2, 1), planned=100)

    page = client_for(team.viewer).get(
        reverse("strategy_planner:overview", args=[team.strategy.uuid])
    )
    going = " ".join(page.text.split("How it is going")[1].split("Who does what")[0].split())
    assert "On track: 1" in going and "Off track: 1" in going and "At risk" not in going
    assert "2 of 2 measurable goals checked in" in going
    assert "€130.00 spent against €100.00 planned for the same months" in going
    assert "(+€30.00)" in going


def test_an_overview_without_check_ins_or_budget_says_so(client_for, team):
    GoalFactory(strategy=team.strategy)
    page = client_for(team.viewer).get(
        reverse("strategy_planner:overview", args=[team.strategy.uuid])
    )
    going = page.text.split("How it is going")[1].split("Who does what")[0]
    assert "No check-in yet." in going and "No budget yet." in going


# Many strategies at once (the dashboard) ---------------------------------------


def busy_strategy(
    user=None,
    role: str = Role.OWNER,
    *,
    currency: str = "EUR",
    start: datetime.date = datetime.date(2027, 1, 1),
    end: datetime.date = datetime.date(2027, 12, 31),
) -> Strategy:
    """A strategy with everything the dashboard sums up: measurable goals (one with an
    edited milestone) checked in twice, a budget with actuals, months outside the
    horizon and an "Outsourced content" line planned from the content plan, and
    actions and pieces overdue, due this week, later, done and published."""
    strategy = StrategyFactory(currency=currency, start_date=start, end_date=end)
    if user is not None:
        MembershipFactory(strategy=strategy, user=user, role=role)
    first = start.replace(day=1)
    second = (first + datetime.timedelta(days=32)).replace(day=1)
    ahead = GoalFactory(strategy=strategy, baseline=100, target=150)
    behind = GoalFactory(strategy=strategy, baseline=100, target=150)
    cheaper = GoalFactory(strategy=strategy, baseline="40.5", target="30", metric="Cost per lead")
    GoalFactory(strategy=strategy, metric="")  # not measurable
    MilestoneFactory(goal=behind, month=second, value=140)
    for month, values in ((first, (160, 104, 38)), (second, (170, 132, "38.7"))):
        check_in = CheckInFactory(strategy=strategy, month=month)
        for goal, actual in zip((ahead, behind, cheaper), values, strict=True):
            CheckInValueFactory(check_in=check_in, goal=goal, actual=actual)

    tool = BudgetLineFactory(strategy=strategy)
    BudgetMonthFactory(line=tool, month=first, planned=100, actual="130.25")
    BudgetMonthFactory(line=tool, month=second, planned=100)
    BudgetMonthFactory(line=tool, month=datetime.date(2030, 1, 1), planned=900, actual=900)
    BudgetLineFactory(strategy=strategy, name="Nothing entered yet")
    plan = BudgetLineFactory(
        strategy=strategy, kind=LineKind.OUTSOURCED_CONTENT, from_content_plan=True
    )
    # The content plan plans this line's months: its own planned figure is not read.
    BudgetMonthFactory(line=plan, month=first, planned=999, actual=480)
    for publish_date, budget in (
        (first.replace(day=10), "200.00"),
        (first.replace(day=20), "150.50"),
        (second.replace(day=3), "75.00"),
        (None, "40.00"),  # unscheduled
        (datetime.date(2030, 2, 1), "10.00"),  # outside the horizon
    ):
        ContentPieceFactory(
            strategy=strategy, production="outsourced", budget=budget, publish_date=publish_date
        )

    CoherentAction.objects.create(strategy=strategy, title="Late", due_date=TODAY - ONE_DAY)
    CoherentAction.objects.create(strategy=strategy, title="Soon", due_date=TODAY + ONE_DAY)
    CoherentAction.objects.create(strategy=strategy, title="Later", due_date=TODAY + 30 * ONE_DAY)
    CoherentAction.objects.create(
        strategy=strategy, title="Done", due_date=TODAY - ONE_DAY, done=True
    )
    ContentPieceFactory(strategy=strategy, due_date=TODAY - 3 * ONE_DAY)
    ContentPieceFactory(strategy=strategy, due_date=TODAY - 2 * ONE_DAY)
    ContentPieceFactory(strategy=strategy, due_date=TODAY)
    ContentPieceFactory(strategy=strategy, due_date=TODAY - ONE_DAY, status="published")
    return strategy


ONE_DAY = datetime.timedelta(days=1)


@pytest.fixture
def strategies(db):
    return [
        busy_strategy(),
        busy_strategy(
            currency="IRR", start=datetime.date(2027, 3, 15), end=datetime.date(2028, 2, 29)
        ),
        StrategyFactory(),  # nothing measured, budgeted or due
    ]


def test_results_of_many_are_each_strategys_results(strategies, django_assert_num_queries):
    with django_assert_num_queries(3):
        many = results_of_many(strategies)
    for strategy in strategies:
        assert many[strategy.pk] == results_of(strategy)
    statuses = [result.status for result in many[strategies[0].pk]]
    assert statuses == ["on_track", "at_risk", "off_track"]
    assert many[strategies[2].pk] == []


def test_spend_of_many_is_each_budgets_total(strategies, django_assert_num_queries):
    with django_assert_num_queries(2):
        many = spend_of_many(strategies)
    for strategy in strategies:
        assert many[strategy.pk] == budget_of(strategy).total
    euro, rial, empty = (many[strategy.pk] for strategy in strategies)
    # Planned: the tool's two months, and the plan's January and February pieces.
    assert (euro.planned, euro.actual, euro.planned_to_date) == (
        Decimal("625.50"),
        Decimal("610.25"),
        Decimal("450.50"),
    )
    assert euro.variance == Decimal("159.75")
    assert rial.planned == Decimal("626")  # each plan month in whole rials: 350.50 is 351
    assert empty == budget_of(strategies[2]).total
    assert empty.actual is None and not empty.planned


def test_the_health_of_many_is_each_ones_health(strategies, django_assert_num_queries):
    with django_assert_num_queries(5):
        many = health_of_many(strategies)
    for strategy in strategies:
        one = health(strategy)
        assert many[strategy.pk] == one
        assert one.spend == budget_of(strategy).total
        results = results_of(strategy)
        assert one.goals_measurable == len(results)
        assert one.goals_checked == sum(1 for result in results if result.status)
    assert [(goal.status, goal.count) for goal in many[strategies[0].pk].goals] == [
        ("on_track", 1),
        ("at_risk", 1),
        ("off_track", 1),
    ]
    nothing = many[strategies[2].pk]
    assert (nothing.goals, nothing.goals_measurable, nothing.has_budget) == ([], 0, False)


@pytest.mark.parametrize("language", ["en-gb", "fa"])
def test_due_counts_are_what_due_work_lists(strategies, language, django_assert_num_queries):
    with translation.override(language):
        with django_assert_num_queries(2):
            counts = due_counts_of_many(strategies, TODAY)
        for strategy in strategies:
            work = due_work(strategy, TODAY)
            count = counts[strategy.pk]
            assert (count.overdue, count.this_week) == (len(work.overdue), len(work.this_week))
            assert count.week_ends == work.week_ends
    assert (counts[strategies[0].pk].overdue, counts[strategies[0].pk].this_week) == (3, 2)
    assert not counts[strategies[2].pk]
