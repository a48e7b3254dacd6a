"""Steps timed before or after their trigger's event, typed as days, hours and
minutes, for shops, booking businesses and B2B alike."""

import pytest
from django.urls import reverse
from django.utils import translation

from content_plan.forms import SequenceForm, StepForm
from content_plan.models import (
    B2B_TRIGGERS,
    BOOKING_TRIGGERS,
    FUTURE_EVENTS,
    MessageSequence,
    SequenceStep,
    Trigger,
    trigger_choices,
)
from content_plan.sequence_templates import TEMPLATES
from strategy_planner.numbers import format_delay
from tests.factories import MessageSequenceFactory, SequenceStepFactory


def url(name, strategy, *args):
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def timed(direction="after", days="", hours="", minutes="", **changes):
    data = {
        "channel": "sms",
        "delay_minutes_direction": direction,
        "delay_minutes_days": days,
        "delay_minutes_hours": hours,
        "delay_minutes_minutes": minutes,
        "text": "See you tomorrow at {{appointment_time}}.",
        "button_style": "buttons",
    }
    return {**data, **changes}


def test_booking_and_b2b_triggers_each_have_a_template():
    for trigger in (*BOOKING_TRIGGERS, *B2B_TRIGGERS):
        assert TEMPLATES[trigger], trigger


def test_only_triggers_with_an_event_to_come_have_steps_before_it():
    for trigger, steps in TEMPLATES.items():
        early = [step for step in steps if step["delay_minutes"] < 0]
        assert not early or trigger in FUTURE_EVENTS, trigger
    assert any(step["delay_minutes"] < 0 for step in TEMPLATES[Trigger.BEFORE_APPOINTMENT])
    assert any(step["delay_minutes"] < 0 for step in TEMPLATES[Trigger.TRIAL_ENDING])


def test_a_reminder_two_days_before_the_appointment_is_typed_in_days(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    response = client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), timed("before", days="2", hours="3")
    )
    assert response.status_code == 302
    step = sequence.steps.get()
    assert step.delay_minutes == -(2 * 1440 + 3 * 60)
    with translation.override("en"):
        assert step.delay_label == "-2 days, 3 hours"


def test_the_form_shows_a_saved_timing_as_days_hours_and_minutes(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    step = SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-(1440 + 90))
    page = client_for(team.editor).get(url("step_edit", team.strategy, sequence.pk, step.pk))
    text = page.text
    assert 'name="delay_minutes_days" value="1"' in text
    assert 'name="delay_minutes_hours" value="1"' in text
    assert 'name="delay_minutes_minutes" value="30"' in text
    assert '<option value="before" selected>' in text
    assert "Before or after the appointment" in text
    assert 'name="initial-delay_minutes" value="-1530"' in text


def test_an_unchanged_timing_is_not_a_change(team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    step = SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-1440)
    data = {
        **timed("before", days="1", hours="0", minutes="0"),
        "initial-delay_minutes": "-1440",
        "edit_version": step.edit_version,
    }
    form = StepForm(data, instance=step)
    assert form.is_valid(), form.errors
    assert "delay_minutes" not in form.changed_data


def test_before_a_trigger_without_an_event_to_come_is_refused_beside_the_field(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.WELCOME)
    response = client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), timed("before", hours="2")
    )
    assert response.status_code == 200
    assert not sequence.steps.exists()
    form = response.context["form"]
    assert list(form.errors) == ["delay_minutes"]
    assert "has no event still to come" in form.errors["delay_minutes"][0]
    assert 'id="error_1_id_delay_minutes"' in response.text


def test_after_is_fine_on_any_trigger(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.WELCOME)
    client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), timed(days="1", minutes="5")
    )
    assert sequence.steps.get().delay_minutes == 1445


@pytest.mark.parametrize(
    "parts",
    [{"days": "-1"}, {"hours": "1.5"}, {"minutes": "soon"}, {}],
)
def test_a_timing_is_whole_numbers(client_for, team, parts):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    response = client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), timed("before", **parts)
    )
    assert response.status_code == 200
    assert "delay_minutes" in response.context["form"].errors


def test_persian_digits_are_read(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk), timed("before", days="۱")
    )
    assert sequence.steps.get().delay_minutes == -1440


def test_a_trigger_is_not_changed_to_one_without_an_event_while_steps_go_before(team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-60)
    data = {"name": sequence.name, "trigger": Trigger.WELCOME, "edit_version": 1}
    form = SequenceForm(data, instance=sequence, strategy=team.strategy)
    assert not form.is_valid()
    assert "has no event still to come" in form.errors["trigger"][0]


def test_the_live_check_reads_a_timing_before_the_event(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    SequenceStepFactory(sequence=sequence, channel="email", delay_minutes=-1440, subject="Soon")
    response = client_for(team.editor).post(
        url("step_check", team.strategy, sequence.pk),
        timed("before", hours="23", minutes="55"),
    )
    # an SMS five minutes after the e-mail, both about a day before: too close together
    assert 'data-code="stagger"' in response.text


def test_steps_are_in_time_order_before_and_after(team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.TRIAL_ENDING)
    for minutes in (1440, -60, -4320):
        SequenceStepFactory(sequence=sequence, channel="email", delay_minutes=minutes)
    assert [step.delay_minutes for step in sequence.steps.all()] == [-4320, -60, 1440]


def test_templates_of_the_new_triggers_are_made_with_their_timing(client_for, team):
    client_for(team.editor).post(
        url("sequences", team.strategy),
        {"new-name": "Reminders", "new-trigger": Trigger.BEFORE_APPOINTMENT},
    )
    sequence = MessageSequence.objects.get()
    assert [step.delay_minutes for step in sequence.steps.all()] == [-2880, -1440]
    page = client_for(team.editor).get(sequence.get_absolute_url())
    assert "Timed from the appointment" in page.text
    assert "-2 days" in page.text and "-1 day" in page.text


def test_the_delay_is_written_signed_in_every_language():
    with translation.override("en"):
        assert format_delay(-1440) == "-1 day"
        assert format_delay(90) == "+1 hour, 30 minutes"
    with translation.override("ro"):
        assert format_delay(-2880) == "-2 zile"
    with translation.override("fa"):
        assert "−" in format_delay(-1440)


def test_triggers_are_grouped_by_business_with_b2b_first_for_b2b():
    b2b = [str(label) for label, _choices in trigger_choices("b2b")]
    b2c = [str(label) for label, _choices in trigger_choices("b2c")]
    assert b2b[0] == "Selling to businesses: demos and trials"
    assert b2c[0] == "A shop" and "Appointments and bookings" in b2c
    every = {value for _label, group in trigger_choices("b2c") for value, _name in group}
    assert every == set(Trigger.values)


def test_the_sequences_page_speaks_to_the_business(client_for, team):
    client = client_for(team.editor)
    team.strategy.business_model = "b2c"
    team.strategy.save()
    page = client.get(url("sequences", team.strategy)).text
    assert "for the shop" not in page
    assert "appointment" in page
    assert '<optgroup label="Appointments and bookings">' in page
    team.strategy.business_model = "b2b"
    team.strategy.save()
    page = client.get(url("sequences", team.strategy)).text
    assert "demo booked, trial started" in page
    assert "trial-ending template" in page


def test_old_forms_posting_minutes_still_save(client_for, team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    client_for(team.editor).post(
        url("step_create", team.strategy, sequence.pk),
        {"channel": "sms", "delay_minutes": "-120", "text": "Soon", "button_style": "buttons"},
    )
    assert SequenceStep.objects.get().delay_minutes == -120


def test_a_conflict_shows_both_timings_as_the_page_writes_them(team):
    sequence = MessageSequenceFactory(strategy=team.strategy, trigger=Trigger.BEFORE_APPOINTMENT)
    step = SequenceStepFactory(sequence=sequence, channel="sms", delay_minutes=-1440)
    started = step.edit_version
    SequenceStep.objects.filter(pk=step.pk).update(delay_minutes=-2880, edit_version=started + 1)
    data = {
        **timed("before", hours="3"),
        "initial-delay_minutes": "-1440",
        "initial-channel": "sms",
        "edit_version": started,
    }
    form = StepForm(data, instance=step)
    assert form.is_valid(), form.errors
    with translation.override("en"):
        assert form.save_if_unchanged() is None
        when = next(d for d in form.conflict.differences if d.label == "When")
    assert (when.saved, when.yours) == (["-2 days"], ["-3 hours"])
