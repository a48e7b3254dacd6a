"""What the check-in import tests share: a strategy's two measurable goals."""

import pytest

from tests.factories import GoalFactory


@pytest.fixture
def goals(team):
    return [
        GoalFactory(strategy=team.strategy, marketing_goal="More leads", metric="Website leads"),
        GoalFactory(
            strategy=team.strategy,
            marketing_goal="Cheaper leads",
            metric="Cost per lead",
            baseline=50,
            target=30,
            unit="EUR",
        ),
    ]
