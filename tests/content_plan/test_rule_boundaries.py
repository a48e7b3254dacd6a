"""The Messenger rules at their exact edges, the limits written out here: a greeting
of 160 characters is kept and one of 161 refused, counted as a reader sees them (an
emoji with a skin tone is one); a promotional message exactly 24 hours after the
person's last interaction is inside the window, one minute later outside it."""

import pytest

from content_plan.rules import Message, check_greeting, check_timeline

THUMBS_UP = "👍🏽"  # one character on screen, two code points


def codes(problems):
    return [problem.code for problem in problems]


@pytest.mark.parametrize("character", ["a", THUMBS_UP, "ș"])
def test_a_greeting_of_160_characters_is_kept(character):
    assert check_greeting(character * 160) == []


@pytest.mark.parametrize("character", ["a", THUMBS_UP, "ș"])
def test_a_greeting_of_161_characters_is_refused(character):
    problems = check_greeting(character * 161)
    assert codes(problems) == ["greeting_length"]
    assert (problems[0].severity, problems[0].limit, problems[0].over_by) == ("error", 160, 1)
    assert "160" in problems[0].message and "161" in problems[0].message


def test_a_greeting_of_emoji_is_counted_by_what_the_reader_sees():
    # 160 thumbs up are 320 code points: still within the limit.
    assert len(THUMBS_UP * 160) == 320
    assert check_greeting(THUMBS_UP * 160) == []


def offer(minutes):
    return check_timeline(
        [
            Message("messenger", text="Your cart is waiting", delay_minutes=60),
            Message("messenger", text="10% off", promotional=True, delay_minutes=minutes),
        ]
    )[1]


@pytest.mark.parametrize("minutes", [23 * 60 + 59, 24 * 60])
def test_an_offer_up_to_24_hours_after_the_trigger_is_inside_the_window(minutes):
    assert offer(minutes) == []


@pytest.mark.parametrize(
    ("minutes", "over_by"),
    [(24 * 60 + 1, 1), (24 * 60 + 30, 1), (25 * 60, 1), (25 * 60 + 1, 2), (48 * 60, 24)],
)
def test_an_offer_a_minute_after_24_hours_is_outside_the_window(minutes, over_by):
    problems = offer(minutes)
    assert codes(problems) == ["window"]
    assert (problems[0].severity, problems[0].limit, problems[0].over_by) == (
        "error",
        24,
        over_by,
    )
