"""What a user reads when a message breaks a channel rule: for each rule a message
that breaks it, and the whole problem shown beside it (its code, its severity, the
field it marks, the sentence with its numbers, the limit, how far over it is and
where the limit comes from), in English, in Romanian (whose plural takes "de" from
20 on: "21 de caractere") and in Persian (its own digits)."""

import pytest
from django.utils.translation import override

from content_plan.rules import Message, check_greeting, check_message, check_sequence, count

MESSENGER_DOCS = (
    "Meta Messenger Platform documentation (developers.facebook.com/docs/messenger-platform)"
)
BUBBLE = f"{MESSENGER_DOCS}: longer text shows as two bubbles"
SEND_API = f"{MESSENGER_DOCS}: send API, text message"
BUTTON_TEXT = f"{MESSENGER_DOCS}: button template, text"
ONE_TO_THREE = f"{MESSENGER_DOCS}: button template, 1–3 buttons"
QUICK_REPLIES = f"{MESSENGER_DOCS}: quick replies"
BUTTON_TITLE = f"{MESSENGER_DOCS}: button and quick reply title"
GREETING = f"{MESSENGER_DOCS}: greeting text"
WINDOW = f"{MESSENGER_DOCS}: 24-hour standard messaging window"
SMS_SPEC = "3GPP TS 23.038 (GSM 7-bit alphabet) and TS 23.040 (concatenated SMS)"
INBOXES = "Common inbox rendering: Gmail, Apple Mail and Outlook on mobile and desktop"
WHATSAPP_DOCS = (
    "WhatsApp Business Platform, message templates (developers.facebook.com/docs/whatsapp)"
)
STAGGER = "Our own rule: one person, two channels, at least 10 minutes"


def seen(problems):
    return [
        (p.code, p.severity, p.field, p.message, p.limit, p.over_by, p.source) for p in problems
    ]


def sentences(problems):
    return [problem.message for problem in problems]


def buttons(*titles, kind="reply"):
    return [{"title": title, "type": kind} for title in titles]


# One message for each rule, each breaking it.
BUBBLES = Message("messenger", text="a" * 650)
REFUSED = Message("messenger", text="a" * 2003)
WITH_BUTTONS = Message("messenger", text="a" * 645, buttons=buttons("Yes"))
FIVE_BUTTONS = Message("messenger", text="Hi", buttons=buttons("A", "B", "C", "D", "E"))
FIFTEEN_REPLIES = Message(
    "messenger", text="Pick", button_style="quick_replies", buttons=buttons(*"abcdefghijklmno")
)
LONG_TITLE = Message("messenger", text="Hi", buttons=buttons("Ok", "b" * 21))
SMS_GSM7 = Message("sms", text="a" * 161)
SMS_UCS2 = Message("sms", text="ș" * 71)
DESKTOP_SUBJECT = Message("email", text="Body", subject="s" * 62)
PHONE_SUBJECT = Message("email", text="Body", subject="s" * 41)
ONE_CHARACTER_PREHEADER = Message("email", text="Body", preheader="p")
SHORT_PREHEADER = Message("email", text="Body", preheader="p" * 31)
LONG_PREHEADER = Message("email", text="Body", preheader="p" * 103)
WHATSAPP = Message(
    "whatsapp",
    header="h" * 61,
    text="b" * 1025,
    footer="f" * 62,
    buttons=buttons("t" * 21, *["x"] * 11),
)
TAGGED_OFFER = Message("messenger", text="Shipped", promotional=True, message_tag="account_update")

ENGLISH = [
    (
        BUBBLES,
        [
            (
                "text_split",
                "warning",
                "text",
                "Over 640 characters the message shows as two bubbles; this one has 650 (10 over).",
                640,
                10,
                BUBBLE,
            )
        ],
    ),
    (
        REFUSED,
        [
            (
                "text_length",
                "error",
                "text",
                "Messenger refuses messages over 2,000 characters; this one has 2,003 (3 over).",
                2000,
                3,
                SEND_API,
            )
        ],
    ),
    (
        WITH_BUTTONS,
        [
            (
                "text_length",
                "error",
                "text",
                "A message with buttons holds at most 640 characters; this one has 645 (5 over).",
                640,
                5,
                BUTTON_TEXT,
            )
        ],
    ),
    (
        FIVE_BUTTONS,
        [
            (
                "button_count",
                "error",
                "buttons",
                "A message holds at most 3 buttons (2 too many): use quick replies for more "
                "choices.",
                3,
                2,
                ONE_TO_THREE,
            )
        ],
    ),
    (
        FIFTEEN_REPLIES,
        [
            (
                "quick_reply_count",
                "error",
                "buttons",
                "At most 13 quick replies (2 too many).",
                13,
                2,
                QUICK_REPLIES,
            )
        ],
    ),
    (
        LONG_TITLE,
        [
            (
                "button_title",
                "error",
                "buttons",
                "Button 2 “bbbbbbbbbbbbbbbbbbbbb”: 21 characters, the limit is 20 (1 over).",
                20,
                1,
                BUTTON_TITLE,
            )
        ],
    ),
    (
        SMS_GSM7,
        [
            (
                "sms_segments",
                "warning",
                "text",
                "Sent as 2 SMS (GSM-7, 161 characters; one SMS holds 160, a split one 153 each). "
                "Each part is paid for.",
                160,
                1,
                SMS_SPEC,
            )
        ],
    ),
    (
        SMS_UCS2,
        [
            (
                "sms_segments",
                "warning",
                "text",
                "Sent as 2 SMS (UCS-2, 71 characters; one SMS holds 70, a split one 67 each). "
                "Each part is paid for.",
                70,
                1,
                SMS_SPEC,
            )
        ],
    ),
    (
        DESKTOP_SUBJECT,
        [
            (
                "subject_desktop",
                "warning",
                "subject",
                "Desktop inboxes show about 60 characters of the subject; it has 62 (2 over).",
                60,
                2,
                INBOXES,
            )
        ],
    ),
    (
        PHONE_SUBJECT,
        [
            (
                "subject_mobile",
                "warning",
                "subject",
                "Phones show about 40 characters of the subject; it has 41 (1 over).",
                40,
                1,
                INBOXES,
            )
        ],
    ),
    (
        ONE_CHARACTER_PREHEADER,
        [
            (
                "preheader_short",
                "warning",
                "preheader",
                "A preheader of 1 character leaves room for the inbox to fill with body text: "
                "aim for 40–100.",
                40,
                None,
                INBOXES,
            )
        ],
    ),
    (
        SHORT_PREHEADER,
        [
            (
                "preheader_short",
                "warning",
                "preheader",
                "A preheader of 31 characters leaves room for the inbox to fill with body text: "
                "aim for 40–100.",
                40,
                None,
                INBOXES,
            )
        ],
    ),
    (
        LONG_PREHEADER,
        [
            (
                "preheader_long",
                "warning",
                "preheader",
                "Inboxes cut the preheader after about 100 characters; it has 103 (3 over).",
                100,
                3,
                INBOXES,
            )
        ],
    ),
    (
        WHATSAPP,
        [
            (
                "header_length",
                "error",
                "header",
                "Header: 61 characters, the limit is 60 (1 over).",
                60,
                1,
                WHATSAPP_DOCS,
            ),
            (
                "text_length",
                "error",
                "text",
                "Body: 1,025 characters, the limit is 1,024 (1 over).",
                1024,
                1,
                WHATSAPP_DOCS,
            ),
            (
                "footer_length",
                "error",
                "footer",
                "Footer: 62 characters, the limit is 60 (2 over).",
                60,
                2,
                WHATSAPP_DOCS,
            ),
            (
                "button_count",
                "error",
                "buttons",
                "A template holds at most 10 buttons (2 too many).",
                10,
                2,
                WHATSAPP_DOCS,
            ),
            (
                "button_title",
                "error",
                "buttons",
                "Button 1 “ttttttttttttttttttttt”: 21 characters, the limit is 20 (1 over).",
                20,
                1,
                WHATSAPP_DOCS,
            ),
        ],
    ),
    (
        TAGGED_OFFER,
        [
            (
                "tag_with_offer",
                "error",
                "promotional",
                "A tagged update may be sent outside the 24-hour window only if it carries no "
                "offer: untick “promotional” or drop the tag.",
                None,
                None,
                "",
            )
        ],
    ),
]


@pytest.mark.parametrize(("message", "expected"), ENGLISH)
def test_each_rule_says_in_english_what_is_wrong_and_by_how_much(message, expected):
    with override("en"):
        assert seen(check_message(message)) == expected


ROMANIAN = [
    (
        BUBBLES,
        [
            "Peste 640 de caractere, mesajul apare în două baloane; acesta are 650 "
            "(cu 10 peste limită)."
        ],
    ),
    (
        REFUSED,
        [
            "Messenger refuză mesajele de peste 2.000 de caractere; acesta are 2.003 "
            "(cu 3 peste limită)."
        ],
    ),
    (
        WITH_BUTTONS,
        [
            "Un mesaj cu butoane poate avea cel mult 640 de caractere; acesta are 645 "
            "(cu 5 peste limită)."
        ],
    ),
    (
        FIVE_BUTTONS,
        [
            "Un mesaj poate avea cel mult 3 butoane (2 în plus): pentru mai multe opțiuni, "
            "folosește răspunsuri rapide."
        ],
    ),
    (FIFTEEN_REPLIES, ["Cel mult 13 răspunsuri rapide (2 în plus)."]),
    (
        LONG_TITLE,
        ["Butonul 2 „bbbbbbbbbbbbbbbbbbbbb”: 21 de caractere, limita este de 20 (cu 1 peste)."],
    ),
    (
        SMS_GSM7,
        [
            "Se trimite ca 2 SMS-uri (GSM-7, 161 de caractere; un SMS cuprinde 160, iar unul "
            "împărțit câte 153 pe parte). Fiecare parte se plătește."
        ],
    ),
    (
        DESKTOP_SUBJECT,
        [
            "Căsuțele de e-mail de pe desktop afișează aproximativ 60 de caractere din subiect; "
            "acesta are 62 (cu 2 peste limită)."
        ],
    ),
    (
        PHONE_SUBJECT,
        [
            "Telefoanele afișează aproximativ 40 de caractere din subiect; acesta are 41 "
            "(cu 1 peste limită)."
        ],
    ),
    (
        ONE_CHARACTER_PREHEADER,
        [
            "Un preheader de 1 caracter lasă loc pe care căsuța de e-mail îl umple cu textul "
            "mesajului: țintește spre 40–100."
        ],
    ),
    (
        SHORT_PREHEADER,
        [
            "Un preheader de 31 de caractere lasă loc pe care căsuța de e-mail îl umple cu "
            "textul mesajului: țintește spre 40–100."
        ],
    ),
    (
        LONG_PREHEADER,
        [
            "Căsuțele de e-mail taie preheaderul după aproximativ 100 de caractere; acesta are "
            "103 (cu 3 peste limită)."
        ],
    ),
    (
        WHATSAPP,
        [
            "Antet: 61 de caractere, limita este de 60 (cu 1 peste).",
            "Corpul mesajului: 1.025 de caractere, limita este de 1.024 (cu 1 peste).",
            "Subsol: 62 de caractere, limita este de 60 (cu 2 peste).",
            "Un șablon poate avea cel mult 10 butoane (2 în plus).",
            "Butonul 1 „ttttttttttttttttttttt”: 21 de caractere, limita este de 20 (cu 1 peste).",
        ],
    ),
    (
        TAGGED_OFFER,
        [
            "O actualizare cu etichetă poate fi trimisă în afara ferestrei de 24 de ore doar "
            "dacă nu conține o ofertă: debifează „promoțional” sau elimină eticheta."
        ],
    ),
]


@pytest.mark.parametrize(("message", "expected"), ROMANIAN)
def test_each_rule_speaks_romanian_with_its_plural(message, expected):
    with override("ro"):
        assert sentences(check_message(message)) == expected


PERSIAN = [
    (
        REFUSED,
        [
            "مسنجر پیام\u200cهای بیش از ۲٬۰۰۰ نویسه را نمی\u200cپذیرد؛ این پیام ۲٬۰۰۳ نویسه دارد "
            "(۳ نویسه بیشتر)."
        ],
    ),
    (
        LONG_TITLE,
        ["دکمهٔ ۲ «bbbbbbbbbbbbbbbbbbbbb»: ۲۱ نویسه؛ حد مجاز ۲۰ نویسه است (۱ نویسه بیشتر)."],
    ),
    (
        SMS_UCS2,
        [
            "در قالب ۲ پیامک ارسال می\u200cشود (UCS-2، ۷۱ نویسه؛ پیامک تک\u200cبخشی ۷۰ نویسه "
            "جا دارد و هر بخش پیامک چندبخشی ۶۷ نویسه). هزینهٔ هر بخش جداگانه پرداخت می\u200cشود."
        ],
    ),
    (
        SHORT_PREHEADER,
        [
            "پیش\u200cمتن ۳۱ نویسه\u200cای جای خالی می\u200cگذارد و صندوق ورودی آن را با متن "
            "اصلی ایمیل پر می\u200cکند: ۴۰ تا ۱۰۰ نویسه را هدف بگیرید."
        ],
    ),
]


@pytest.mark.parametrize(("message", "expected"), PERSIAN)
def test_each_rule_writes_persian_digits(message, expected):
    with override("fa"):
        assert sentences(check_message(message)) == expected


def test_a_greeting_too_long_and_with_a_token_it_cannot_fill():
    problems = check_greeting("g" * 161 + "{{first_name}}{{cart_url}}")
    assert seen(problems) == [
        (
            "greeting_length",
            "error",
            "greeting",
            "The greeting holds at most 160 characters; it has 187 (27 over).",
            160,
            27,
            GREETING,
        ),
        (
            "token",
            "error",
            "greeting",
            "The token {{first_name}} is not available on Messenger. "
            "Did you mean {{user_first_name}}?",
            None,
            None,
            "",
        ),
        (
            "token",
            "error",
            "greeting",
            "The token {{cart_url}} is not available on Messenger.",
            None,
            None,
            "",
        ),
    ]
    with override("ro"):
        assert sentences(check_greeting("g" * 175)) == [
            "Mesajul de întâmpinare poate avea cel mult 160 de caractere; acesta are 175 "
            "(cu 15 peste limită)."
        ]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            Message("email", text="Hi {{first_name}} {{frist_name}} {{user_first_name}} {{ zzz }}"),
            [
                ("text", "Unknown token {{frist_name}}. Did you mean {{first_name}}?"),
                (
                    "text",
                    "The token {{user_first_name}} is not available on e-mail. "
                    "Did you mean {{first_name}}?",
                ),
                ("text", "Unknown token {{zzz}}."),
            ],
        ),
        (
            Message(
                "email",
                text="Body",
                subject="{{first_nme}}, hello",
                preheader="{{ unsubscribe_url }} {{bogus}} {{fname}}" + "." * 40,
            ),
            [
                ("subject", "Unknown token {{first_nme}}. Did you mean {{first_name}}?"),
                ("preheader", "Unknown token {{bogus}}."),
                ("preheader", "Unknown token {{fname}}."),
            ],
        ),
        (
            Message("sms", text="{{product_name}} is back"),
            [("text", "The token {{product_name}} is not available on SMS.")],
        ),
        (
            Message(
                "whatsapp",
                header="Hi {{1}} {{11}}",
                text="{{2}}",
                footer="{{first_name}}",
            ),
            [
                ("header", "Unknown token {{11}}."),
                ("footer", "The token {{first_name}} is not available on WhatsApp."),
            ],
        ),
    ],
)
def test_a_token_the_channel_cannot_fill_is_named_with_a_suggestion(message, expected):
    problems = check_message(message)
    assert [(p.code, p.severity) for p in problems] == [("token", "error")] * len(expected)
    assert [(p.field, p.message) for p in problems] == expected


def test_tokens_speak_romanian_and_persian():
    message = Message("sms", text="{{user_first_name}} {{frist_name}} {{product_name}}")
    with override("ro"):
        assert sentences(check_message(message)) == [
            "Tokenul {{user_first_name}} nu este disponibil pe SMS. Te refereai la {{first_name}}?",
            "Token necunoscut: {{frist_name}}. Te refereai la {{first_name}}?",
            "Tokenul {{product_name}} nu este disponibil pe SMS.",
        ]
    with override("fa"):
        assert sentences(check_message(message)) == [
            "توکن {{user_first_name}} در پیامک در دسترس نیست. منظورتان {{first_name}} بود؟",
            "توکن {{frist_name}} ناشناخته است. منظورتان {{first_name}} بود؟",
            "توکن {{product_name}} در پیامک در دسترس نیست.",
        ]


def test_words_to_avoid_are_named_in_every_field_they_appear_in():
    message = Message(
        "whatsapp",
        header="CHEAP deals",
        text="Hurry, it is cheap",
        footer="Reply STOP",
    )
    problems = check_message(message, avoid=["cheap", "", "hurry"])
    assert seen(problems) == [
        (
            "brand_voice",
            "warning",
            "text",
            "“cheap” is on the brand voice's list of words to avoid.",
            None,
            None,
            "",
        ),
        (
            "brand_voice",
            "warning",
            "text",
            "“hurry” is on the brand voice's list of words to avoid.",
            None,
            None,
            "",
        ),
        (
            "brand_voice",
            "warning",
            "header",
            "“cheap” is on the brand voice's list of words to avoid.",
            None,
            None,
            "",
        ),
    ]
    email = Message("email", text="Hi", subject="Last chance", preheader="Only cheap today" * 3)
    assert [(p.field, p.message) for p in check_message(email, avoid=["Cheap"])] == [
        ("preheader", "“Cheap” is on the brand voice's list of words to avoid.")
    ]
    with override("ro"):
        assert sentences(check_message(Message("sms", text="Ieftin!"), avoid=["ieftin"])) == [
            "„ieftin” se află pe lista de cuvinte de evitat a vocii brandului."
        ]


@pytest.mark.parametrize(
    "message",
    [
        Message("messenger", text="Shipped", message_tag="account_update"),
        Message("messenger", text="50% off", promotional=True),
        Message("messenger", text="50% off", promotional=True, message_tag="unknown_tag"),
    ],
)
def test_an_offer_without_a_tag_or_a_tag_without_an_offer_is_allowed(message):
    assert check_message(message) == []


def hours(number):
    return int(number * 60)


REPLY_THEN_OFFER = [
    Message("messenger", text="Cart", delay_minutes=60, label="Reminder", buttons=buttons("Yes")),
    Message("email", text="Still there?", delay_minutes=65),
    Message("messenger", text="Offer", promotional=True, delay_minutes=hours(26.5)),
]
LINK_THEN_OFFER = [
    Message("messenger", text="Offer", promotional=True, delay_minutes=hours(26.5)),
    Message(
        "messenger",
        text="Cart",
        delay_minutes=0,
        label="Reminder",
        buttons=buttons("Go", kind="link"),
    ),
    Message("sms", text="Code SAVE10", delay_minutes=3, label="Text"),
]


def test_the_window_and_the_stagger_say_how_late_and_how_close():
    assert [seen(problems) for problems in check_sequence(REPLY_THEN_OFFER)] == [
        [],
        [
            (
                "stagger",
                "warning",
                "delay_minutes",
                "Only 5 minutes after the Messenger message “Reminder”: leave at least "
                "10 minutes between channels.",
                10,
                5,
                STAGGER,
            )
        ],
        [
            (
                "window",
                "warning",
                "delay_minutes",
                "Sent 2.5 hours after the 24-hour window closes; only someone who tapped an "
                "earlier reply button may receive it.",
                24,
                3,
                WINDOW,
            )
        ],
    ]
    assert [seen(problems) for problems in check_sequence(LINK_THEN_OFFER)] == [
        [
            (
                "window",
                "error",
                "delay_minutes",
                "A promotional Messenger message 2.5 hours after the 24-hour window closes "
                "breaks platform policy: send it within 24 hours of the trigger, or make it a "
                "tagged update without an offer.",
                24,
                3,
                WINDOW,
            )
        ],
        [],
        [
            (
                "stagger",
                "warning",
                "delay_minutes",
                "Only 3 minutes after the Messenger message “Reminder”: leave at least "
                "10 minutes between channels.",
                10,
                7,
                STAGGER,
            )
        ],
    ]


def test_a_stagger_after_a_step_without_a_name_shows_a_dash():
    steps = [
        Message("sms", text="Your code", delay_minutes=hours(2)),
        Message("email", text="Your code", delay_minutes=hours(2) + 9, label="Code"),
    ]
    assert sentences(check_sequence(steps)[1]) == [
        "Only 9 minutes after the SMS message “—”: leave at least 10 minutes between channels."
    ]


def test_the_window_and_the_stagger_in_romanian_and_persian():
    with override("ro"):
        assert [sentences(problems) for problems in check_sequence(REPLY_THEN_OFFER)] == [
            [],
            [
                "La doar 5 minute după mesajul pe Messenger „Reminder”: lasă cel puțin "
                "10 minute între canale."
            ],
            [
                "Se trimite la 2,5 ore după închiderea ferestrei de 24 de ore; îl poate primi "
                "doar cineva care a atins un buton de răspuns dintr-un mesaj anterior."
            ],
        ]
        assert sentences(check_sequence(LINK_THEN_OFFER)[0]) == [
            "Un mesaj promoțional pe Messenger trimis la 2,5 ore după închiderea ferestrei de "
            "24 de ore încalcă politica platformei: trimite-l în cel mult 24 de ore de la "
            "declanșator sau transformă-l într-o actualizare cu etichetă, fără ofertă."
        ]
    with override("fa"):
        assert sentences(check_sequence(LINK_THEN_OFFER)[2]) == [
            "فقط ۳ دقیقه پس از پیام مسنجر «Reminder»: بین کانال\u200cها دست\u200cکم ۱۰ دقیقه "
            "فاصله بگذارید."
        ]


def test_a_sequence_gathers_each_steps_own_problems_before_the_timeline():
    steps = [
        Message("email", text="Cheap {{frist_name}}", subject="s" * 41, delay_minutes=0),
        Message("sms", text="cheap", delay_minutes=4, label="Text"),
        Message("messenger", text="ok", delay_minutes=hours(30), promotional=True),
    ]
    results = check_sequence(steps, avoid=["cheap"])
    assert [[(p.code, p.field) for p in problems] for problems in results] == [
        [("subject_mobile", "subject"), ("token", "text"), ("brand_voice", "text")],
        [("brand_voice", "text"), ("stagger", "delay_minutes")],
        [("window", "delay_minutes")],
    ]
    assert check_sequence([]) == []
    assert check_sequence([Message("sms", text="cheap")]) == [[]]


def test_count_tells_errors_from_warnings():
    problems = check_message(
        Message("whatsapp", header="h" * 61, text="cheap", footer="f" * 61), avoid=["cheap"]
    )
    assert (count(problems, "error"), count(problems, "warning"), count(problems, "info")) == (
        2,
        1,
        0,
    )
    assert count([], "error") == 0


def test_quick_replies_keep_the_warning_about_a_long_text():
    replies = buttons(*"abcdefghijklmn")
    message = Message("messenger", text="a" * 641, button_style="quick_replies", buttons=replies)
    assert [(p.code, p.over_by) for p in check_message(message)] == [
        ("text_split", 1),
        ("quick_reply_count", 1),
    ]
    message.buttons = replies[:2]
    assert [(p.code, p.over_by) for p in check_message(message)] == [("text_split", 1)]


def test_an_empty_field_never_holds_a_word_to_avoid():
    # "XXX" is a word a brand may well avoid; empty fields hold no word at all.
    message = Message("email", text="Hello", subject="", preheader="")
    assert check_message(message, avoid=["XXX", "xx"]) == []
    assert sentences(check_message(Message("sms", text="XXX"), avoid=["xxx"])) == [
        "“xxx” is on the brand voice's list of words to avoid."
    ]
