"""A strategy's check-ins, milestones and paid platforms' results go with its backup and
its copies."""

import datetime
import json
from decimal import Decimal

from results.models import PlatformResult
from starters.backup import backup, dumps, restore
from tests.factories import (
    AssetFactory,
    BudgetLineFactory,
    BudgetMonthFactory,
    CheckInFactory,
    CheckInValueFactory,
    GoalFactory,
    MilestoneFactory,
)


def test_a_copy_carries_the_check_ins_and_milestones_of_its_own_goals(team):
    goal = GoalFactory(strategy=team.strategy, marketing_goal="More leads")
    MilestoneFactory(goal=goal, month=datetime.date(2027, 3, 1), value=Decimal("133.50"))
    check_in = CheckInFactory(
        strategy=team.strategy, month=datetime.date(2027, 2, 1), note="Sale week"
    )
    CheckInValueFactory(check_in=check_in, goal=goal, actual=118)

    copy = restore(json.loads(dumps(backup(team.strategy))), new_uuid=True).strategy

    assert copy.pk != team.strategy.pk
    (copied_goal,) = copy.goals.all()
    assert copied_goal.pk != goal.pk
    (copied,) = copy.check_ins.all()
    assert (copied.month, copied.note) == (datetime.date(2027, 2, 1), "Sale week")
    assert copied.actuals() == {copied_goal.pk: Decimal(118)}
    assert list(copied_goal.milestones.values_list("month", "value")) == [
        (datetime.date(2027, 3, 1), Decimal("133.50"))
    ]


def test_a_copy_carries_the_paid_platforms_results_with_their_lines(team):
    asset = AssetFactory(
        strategy=team.strategy, name="Google Ads", media_type="paid", kind="search_ads"
    )
    line = BudgetLineFactory(
        strategy=team.strategy,
        name="Google Ads",
        kind="paid_platform",
        media_type="paid",
        asset=asset,
    )
    BudgetMonthFactory(line=line, month=datetime.date(2027, 2, 1), actual=Decimal("781.60"))
    check_in = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 2, 1))
    PlatformResult.objects.create(check_in=check_in, line=line, leads=262, conversions=None)

    data = json.loads(dumps(backup(team.strategy)))
    assert [
        record["fields"]
        for record in data["objects"]
        if record["model"] == "results.platformresult"
    ] == [{"check_in": check_in.pk, "line": line.pk, "leads": 262, "conversions": None}]
    copy = restore(data, new_uuid=True).strategy

    (copied,) = PlatformResult.objects.filter(check_in__strategy=copy)
    assert copied.line.strategy == copy and copied.line.asset.strategy == copy
    assert (copied.check_in.month, copied.leads, copied.conversions) == (
        datetime.date(2027, 2, 1),
        262,
        None,
    )
    assert copied.line.months.get().actual == Decimal("781.60")  # its spend, with its line
