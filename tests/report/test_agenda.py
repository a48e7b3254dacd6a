"""Who does what by when: owners and due dates of actions and pieces, and what is
overdue or due this week on the strategy's overview."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import translation

from content_plan.models import ContentPiece
from report.agenda import due_work, end_of_week
from report.forms import ActionForm
from report.models import CoherentAction
from tests.factories import (
    BudgetLineFactory,
    BudgetMonthFactory,
    CheckInFactory,
    CheckInValueFactory,
    ContentPieceFactory,
    GoalFactory,
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
