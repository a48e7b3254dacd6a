"""The message preview on the sequence page: Messenger's bubbles (a new one every
640 characters as a reader counts them), what a lock screen shows (about 40
characters, of the subject for an e-mail), and how many SMS a text is sent as."""

import pytest

from content_plan.rules import Message, SmsLength, first_graphemes, preview

THUMBS_UP = "👍🏽"  # one character on screen, two code points


def shown(message):
    """What the preview template reads, less the message itself."""
    result = preview(message)
    assert result["message"] is message
    return {key: value for key, value in result.items() if key != "message"}


def test_a_long_messenger_text_shows_as_bubbles_of_640_characters():
    text = THUMBS_UP * 640 + "ok"
    assert shown(Message("messenger", text=text)) == {
        "bubbles": [THUMBS_UP * 640, "ok"],
        "lock_screen": THUMBS_UP * 40,
        "lock_screen_cut": True,
        "lock_limit": 40,
        "sms": None,
        "length": 642,
    }


def test_a_messenger_text_of_exactly_640_characters_is_one_bubble():
    result = shown(Message("messenger", text="ș" * 1280 + "a"))
    assert result["bubbles"] == ["ș" * 640, "ș" * 640, "a"]
    assert result["length"] == 1281
    assert shown(Message("messenger", text="a" * 640))["bubbles"] == ["a" * 640]


def test_an_empty_message_shows_one_empty_bubble():
    assert shown(Message("messenger", text="")) == {
        "bubbles": [""],
        "lock_screen": "",
        "lock_screen_cut": False,
        "lock_limit": 40,
        "sms": None,
        "length": 0,
    }
    assert shown(Message("sms", text=""))["bubbles"] == [""]


def test_an_email_shows_its_subject_on_the_lock_screen_and_its_body_whole():
    body = "b" * 700
    subject = "Your cart is waiting for you, Ana, come back"
    assert shown(Message("email", text=body, subject=subject)) == {
        "bubbles": [body],
        "lock_screen": "Your cart is waiting for you, Ana, come ",
        "lock_screen_cut": True,
        "lock_limit": 40,
        "sms": None,
        "length": 700,
    }


@pytest.mark.parametrize(
    ("text", "lock_screen", "cut"),
    [
        ("a" * 39, "a" * 39, False),
        ("a" * 40, "a" * 40, False),
        ("a" * 41, "a" * 40, True),
        (THUMBS_UP * 41, THUMBS_UP * 40, True),
    ],
)
def test_a_lock_screen_shows_40_characters(text, lock_screen, cut):
    result = shown(Message("whatsapp", text=text))
    assert (result["lock_screen"], result["lock_screen_cut"]) == (lock_screen, cut)
    assert result["bubbles"] == [text]


def test_an_sms_preview_tells_its_parts():
    text = "ș" * 71
    assert shown(Message("sms", text=text)) == {
        "bubbles": [text],
        "lock_screen": "ș" * 40,
        "lock_screen_cut": True,
        "lock_limit": 40,
        "sms": SmsLength("UCS-2", 71, 2, 67),
        "length": 71,
    }
    # A count of characters is whole: the page never shows "71.0".
    assert str(shown(Message("sms", text=text))["sms"].units) == "71"
    assert shown(Message("sms", text="Hi €"))["sms"] == SmsLength("GSM-7", 5, 1, 160)
    assert shown(Message("sms", text=""))["sms"] == SmsLength("GSM-7", 0, 0, 160)
    assert shown(Message("sms", text="a" * 307))["sms"] == SmsLength("GSM-7", 307, 3, 153)
    assert shown(Message("sms", text="😀" * 34 + "a"))["sms"] == SmsLength("UCS-2", 69, 1, 70)


@pytest.mark.parametrize(
    ("text", "number", "expected"),
    [
        ("Salut " + THUMBS_UP + "!", 7, "Salut " + THUMBS_UP),
        ("s\u0326ase", 1, "s\u0326"),
        ("abc", 0, ""),
        ("abc", 5, "abc"),
        ("", 3, ""),
        (None, 3, ""),
    ],
)
def test_first_graphemes_cuts_between_characters_a_reader_sees(text, number, expected):
    assert first_graphemes(text, number) == expected
