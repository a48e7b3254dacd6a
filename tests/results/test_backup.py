"""A strategy's check-ins and milestones go with its backup and its copies."""

import datetime
import json
from decimal import Decimal

from starters.backup import backup, dumps, restore
from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory, MilestoneFactory


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
