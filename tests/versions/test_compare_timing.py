"""Two versions of a sequence step's timing are compared as the sequence page writes it."""

import pytest
from django.utils import translation

from content_plan.models import Trigger
from tests.factories import MessageSequenceFactory, SequenceStepFactory
from versions.diff import compare
from versions.models import Version

pytestmark = pytest.mark.django_db


def test_a_reminder_moved_earlier_reads_as_timings(team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    step = SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-1440)
    old = Version.publish(team.strategy, team.owner, "first")
    step.delay_minutes = -2880
    step.save()
    new = Version.publish(team.strategy, team.owner, "second")
    with translation.override("en"):
        diff = compare(team.strategy, old, new)
        fields = [f for s in diff.sections for item in s.items for f in item.fields]
    assert ("when", "-1 day", "-2 days") in [(f.label, f.old, f.new) for f in fields]
