"""Every channel rule on worked examples at, below and above its limit."""

import pytest

from content_plan.rules import (
    LIMITS,
    Message,
    check_greeting,
    check_message,
    check_timeline,
    graphemes,
    sms_length,
)


def codes(problems):
    return [problem.code for problem in problems]


def by_code(problems, code):
    return next(problem for problem in problems if problem.code == code)


def test_every_limit_names_its_source():
    assert all(limit.source for limit in LIMITS.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc", 3),
        ("👍🏽", 1),  # emoji with a skin-tone modifier
        ("👨‍👩‍👧", 1),  # a family joined by zero-width joiners
        ("🇷🇴", 1),  # a flag: two regional indicators
        ("ș ț ă î â", 9),
        ("s\u0326", 1),  # s + combining comma below, as some keyboards type ș
        ("سلام دوست", 9),
        ("", 0),
    ],
)
def test_length_counts_user_perceived_characters(text, expected):
    assert graphemes(text) == expected


@pytest.mark.parametrize(
    ("length", "problem"),
    [(639, None), (640, None), (641, "text_split"), (2000, "text_split"), (2001, "text_length")],
)
def test_messenger_text_length(length, problem):
    problems = check_message(Message("messenger", text="a" * length))
    assert codes(problems) == ([problem] if problem else [])


def test_the_message_names_the_limit_and_how_far_over_it_is():
    problem = check_message(Message("messenger", text="👍🏽" * 650))[0]
    assert (problem.limit, problem.over_by, problem.severity) == (640, 10, "warning")
    assert "640" in problem.message and "650" in problem.message and "10 over" in problem.message


def test_emoji_persian_and_romanian_text_count_as_characters():
    persian = "سلام" * 160  # 640 graphemes
    assert check_message(Message("messenger", text=persian)) == []
    romanian = "ș" * 640 + "ț"
    assert by_code(check_message(Message("messenger", text=romanian)), "text_split").over_by == 1


@pytest.mark.parametrize(("count", "ok"), [(1, True), (3, True), (4, False)])
def test_button_template_holds_one_to_three_buttons(count, ok):
    buttons = [{"title": f"Option {n}", "type": "reply"} for n in range(count)]
    problems = check_message(Message("messenger", text="Hi", buttons=buttons))
    assert ("button_count" not in codes(problems)) is ok


def test_button_template_text_is_limited_to_640():
    buttons = [{"title": "Back to cart", "type": "link"}]
    assert check_message(Message("messenger", text="a" * 640, buttons=buttons)) == []
    problems = check_message(Message("messenger", text="a" * 641, buttons=buttons))
    assert by_code(problems, "text_length").severity == "error"


@pytest.mark.parametrize(("title", "ok"), [("a" * 20, True), ("😀" * 20, True), ("a" * 21, False)])
def test_button_titles_hold_20(title, ok):
    problems = check_message(
        Message("messenger", text="Hi", buttons=[{"title": title, "type": "reply"}])
    )
    assert ("button_title" not in codes(problems)) is ok


@pytest.mark.parametrize(("count", "ok"), [(13, True), (14, False)])
def test_at_most_13_quick_replies(count, ok):
    replies = [{"title": f"{n}", "type": "reply"} for n in range(count)]
    problems = check_message(
        Message("messenger", text="Pick one", button_style="quick_replies", buttons=replies)
    )
    assert ("quick_reply_count" not in codes(problems)) is ok


def test_greeting_text():
    assert check_greeting("Hi {{user_first_name}}! " + "a" * 100) == []
    assert codes(check_greeting("a" * 161)) == ["greeting_length"]
    assert codes(check_greeting("Hi {{first_name}}")) == ["token"]


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # the euro sign takes two septets
        ("€" * 81, "GSM-7", 162, 2),
        ("[]{}\\^~|" + "a" * 144, "GSM-7", 160, 1),
        ("ș" * 70, "UCS-2", 70, 1),  # Romanian comma-below letters are not in GSM-7
        ("ș" * 71, "UCS-2", 71, 2),
        ("سلام" * 34, "UCS-2", 136, 3),
        ("😀" * 35, "UCS-2", 70, 1),  # an emoji is two UTF-16 units
    ],
)
def test_sms_segments(text, encoding, units, segments):
    length = sms_length(text)
    assert (length.encoding, length.units, length.segments) == (encoding, units, segments)


def test_sms_warns_when_it_splits():
    assert check_message(Message("sms", text="a" * 160)) == []
    problem = check_message(Message("sms", text="ă" * 71))[0]
    assert problem.code == "sms_segments" and "2 SMS" in problem.message


@pytest.mark.parametrize(
    ("subject", "problem"),
    [
        ("a" * 40, None),
        ("a" * 41, "subject_mobile"),
        ("a" * 60, "subject_mobile"),
        ("a" * 61, "subject_desktop"),
    ],
)
def test_email_subject(subject, problem):
    problems = check_message(Message("email", text="Body", subject=subject))
    assert codes(problems) == ([problem] if problem else [])
    assert all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize(
    ("preheader", "problem"),
    [
        ("", None),
        ("a" * 39, "preheader_short"),
        ("a" * 40, None),
        ("a" * 100, None),
        ("a" * 101, "preheader_long"),
    ],
)
def test_email_preheader(preheader, problem):
    problems = check_message(Message("email", text="Body", preheader=preheader))
    assert codes(problems) == ([problem] if problem else [])


def test_whatsapp_template():
    ok = Message(
        "whatsapp",
        header="h" * 60,
        text="b" * 1024,
        footer="f" * 60,
        buttons=[{"title": "t" * 20, "type": "reply"}] * 10,
    )
    assert check_message(ok) == []
    bad = Message(
        "whatsapp",
        header="h" * 61,
        text="b" * 1025,
        footer="f" * 61,
        buttons=[{"title": "t" * 21, "type": "reply"}] * 11,
    )
    assert set(codes(check_message(bad))) == {
        "header_length",
        "text_length",
        "footer_length",
        "button_count",
        "button_title",
    }


def test_tokens_must_exist_on_the_channel():
    assert check_message(Message("messenger", text="Hi {{user_first_name}}")) == []
    wrong_channel = check_message(Message("sms", text="Hi {{user_first_name}}"))
    assert "not available on SMS" in wrong_channel[0].message
    misspelt = check_message(Message("email", text="Hi {{frist_name}}"))
    assert "Did you mean {{first_name}}?" in misspelt[0].message


def test_words_to_avoid():
    problems = check_message(
        Message("email", text="Cheap beans!", subject="Hurry up"), avoid=["cheap", "hurry"]
    )
    assert [(p.code, p.field) for p in problems] == [
        ("brand_voice", "text"),
        ("brand_voice", "subject"),
    ]


def test_a_tagged_update_may_not_carry_an_offer():
    problems = check_message(
        Message("messenger", text="Shipped!", promotional=True, message_tag="post_purchase_update")
    )
    assert codes(problems) == ["tag_with_offer"]


def hours(number):
    return int(number * 60)


def test_the_24_hour_window():
    steps = [
        Message("messenger", text="Still there?", delay_minutes=hours(1)),
        Message("messenger", text="10% off", promotional=True, delay_minutes=hours(23)),
        Message("messenger", text="Last call", promotional=True, delay_minutes=hours(24)),
        Message("messenger", text="Too late", promotional=True, delay_minutes=hours(25)),
        Message("messenger", text="Update", delay_minutes=hours(30)),  # not promotional
        Message(
            "messenger", text="Shipped", delay_minutes=hours(48), message_tag="post_purchase_update"
        ),
    ]
    results = check_timeline(steps)
    assert [codes(problems) for problems in results] == [[], [], [], ["window"], [], []]
    assert results[3][0].severity == "error" and results[3][0].over_by == 1


def test_a_reply_button_may_reopen_the_window_a_link_does_not():
    link = [
        Message(
            "messenger",
            text="Cart",
            delay_minutes=60,
            buttons=[{"title": "Open cart", "type": "link"}],
        ),
        Message("messenger", text="Offer", promotional=True, delay_minutes=hours(30)),
    ]
    assert check_timeline(link)[1][0].severity == "error"
    reply = [
        Message(
            "messenger",
            text="Cart",
            delay_minutes=60,
            buttons=[{"title": "Yes please", "type": "reply"}],
        ),
        Message("messenger", text="Offer", promotional=True, delay_minutes=hours(30)),
    ]
    assert check_timeline(reply)[1][0].severity == "warning"


def test_cross_channel_stagger():
    steps = [
        Message("email", text="a", delay_minutes=60, label="E-mail 1"),
        Message("messenger", text="b", delay_minutes=69),
        Message("sms", text="c", delay_minutes=80),
        Message("sms", text="d", delay_minutes=81),  # same channel: no stagger rule
    ]
    results = check_timeline(steps)
    assert [codes(problems) for problems in results] == [[], ["stagger"], [], []]
    assert results[1][0].over_by == 1 and "E-mail 1" in results[1][0].message
    steps[1].delay_minutes = 70
    assert check_timeline(steps)[1] == []
