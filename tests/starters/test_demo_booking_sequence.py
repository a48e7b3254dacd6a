"""The demo shows a booking business's sequence: the tasting workshop's reminders,
one a day before the tasting, in every language the demo is written in."""

import pytest
from django.core.management import call_command
from django.utils import translation

from content_plan.models import Trigger
from starters.backup import restore
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from starters.templates import DEMO_FILES, demo_backup
from strategy_planner.models import Strategy
from tests.factories import UserFactory


@pytest.mark.parametrize("language", list(DEMO_FILES))
def test_each_demo_reminds_of_the_tasting_a_day_before(db, language):
    strategy = restore(demo_backup(language), owner=UserFactory().username).strategy
    sequence = strategy.message_sequences.get(trigger=Trigger.BEFORE_APPOINTMENT)
    steps = list(sequence.steps.all())
    assert [(step.channel, step.delay_minutes) for step in steps] == [
        ("email", -1440),
        ("sms", -120),
        ("email", 1440),
    ]
    assert sequence.error_count == 0
    assert all(problems == [] for _step, problems in sequence.checked_steps())


def test_the_demo_owner_sees_the_reminder_before_the_tasting(client, db):
    call_command("seed_demo", verbosity=0)
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    sequence = strategy.message_sequences.get(trigger=Trigger.BEFORE_APPOINTMENT)
    client.force_login(strategy.memberships.get(user__username="demo").user)
    with translation.override("en"):
        page = client.get(sequence.get_absolute_url()).text
    assert "Tasting workshop: reminders" in page
    assert "Timed from the appointment" in page
    assert "-1 day · E-mail" in page and "-2 hours · SMS" in page and "+1 day · E-mail" in page
