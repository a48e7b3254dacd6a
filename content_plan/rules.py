"""The channel rules that messages of a sequence are checked against.

The limits are data, each with the place it comes from, so that they can be
updated when a platform changes. Lengths are counted in user-perceived
characters (grapheme clusters: an emoji with skin tone, a family emoji or
"ș" written as s + comma is one), except SMS, which counts what the network
counts: GSM-7 septets or UCS-2 code units.
"""

import difflib
import math
import re
from dataclasses import dataclass, field

import regex
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from strategy_planner.numbers import format_count, format_duration, format_hours

MESSENGER = "messenger"
EMAIL = "email"
SMS = "sms"
WHATSAPP = "whatsapp"

ERROR = "error"
WARNING = "warning"
INFO = "info"


@dataclass(frozen=True)
class Limit:
    value: int
    source: str


MESSENGER_DOCS = (
    "Meta Messenger Platform documentation (developers.facebook.com/docs/messenger-platform)"
)
WHATSAPP_DOCS = (
    "WhatsApp Business Platform, message templates (developers.facebook.com/docs/whatsapp)"
)
SMS_SPEC = "3GPP TS 23.038 (GSM 7-bit alphabet) and TS 23.040 (concatenated SMS)"
EMAIL_PRACTICE = "Common inbox rendering: Gmail, Apple Mail and Outlook on mobile and desktop"

LIMITS = {
    "messenger_button_text": Limit(640, f"{MESSENGER_DOCS}: button template, text"),
    "messenger_buttons_max": Limit(3, f"{MESSENGER_DOCS}: button template, 1–3 buttons"),
    "messenger_text_bubble": Limit(640, f"{MESSENGER_DOCS}: longer text shows as two bubbles"),
    "messenger_text_max": Limit(2000, f"{MESSENGER_DOCS}: send API, text message"),
    "messenger_button_title": Limit(20, f"{MESSENGER_DOCS}: button and quick reply title"),
    "messenger_quick_replies_max": Limit(13, f"{MESSENGER_DOCS}: quick replies"),
    "messenger_greeting": Limit(160, f"{MESSENGER_DOCS}: greeting text"),
    "lock_screen_preview": Limit(40, "Android lock-screen notification preview (about 40)"),
    "messenger_window_hours": Limit(24, f"{MESSENGER_DOCS}: 24-hour standard messaging window"),
    "sms_gsm7_single": Limit(160, SMS_SPEC),
    "sms_gsm7_part": Limit(153, SMS_SPEC),
    "sms_ucs2_single": Limit(70, SMS_SPEC),
    "sms_ucs2_part": Limit(67, SMS_SPEC),
    "email_subject_mobile": Limit(40, EMAIL_PRACTICE),
    "email_subject_desktop": Limit(60, EMAIL_PRACTICE),
    "email_preheader_min": Limit(40, EMAIL_PRACTICE),
    "email_preheader_max": Limit(100, EMAIL_PRACTICE),
    "whatsapp_header": Limit(60, WHATSAPP_DOCS),
    "whatsapp_body": Limit(1024, WHATSAPP_DOCS),
    "whatsapp_footer": Limit(60, WHATSAPP_DOCS),
    "whatsapp_button_text": Limit(20, WHATSAPP_DOCS),
    "whatsapp_buttons_max": Limit(10, WHATSAPP_DOCS),
    "stagger_minutes": Limit(10, "Our own rule: one person, two channels, at least 10 minutes"),
}

# The personalisation tokens each channel can fill in: a shop's, then those of a
# business that takes bookings, then those of one that sells to businesses.
BOOKING_TOKENS = {"appointment_date", "appointment_time", "location", "booking_url", "review_url"}
B2B_TOKENS = {"company_name", "demo_date", "demo_time", "meeting_url", "trial_end_date", "plan_url"}
TOKENS = {
    MESSENGER: {
        "user_first_name",
        "user_last_name",
        "user_full_name",
        "cart_url",
        "product_name",
        "discount_code",
        "order_number",
        "tracking_url",
        *BOOKING_TOKENS,
        *B2B_TOKENS,
    },
    EMAIL: {
        "first_name",
        "last_name",
        "cart_url",
        "product_name",
        "discount_code",
        "order_number",
        "tracking_url",
        "unsubscribe_url",
        *BOOKING_TOKENS,
        *B2B_TOKENS,
    },
    SMS: {
        "first_name",
        "cart_url",
        "discount_code",
        "order_number",
        "tracking_url",
        *BOOKING_TOKENS,
        *B2B_TOKENS,
    },
    WHATSAPP: {str(number) for number in range(1, 11)},
}
GREETING_TOKENS = {"user_first_name", "user_last_name", "user_full_name"}
TOKEN_PATTERN = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")

# GSM 03.38: the basic alphabet, and the extension table whose characters take two septets.
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("€[]{}\\^~|\f")

MESSAGE_TAGS_NO_OFFER = {"post_purchase_update", "account_update", "confirmed_event_update"}


def graphemes(text: str) -> int:
    """User-perceived characters."""
    return len(regex.findall(r"\X", text or ""))


def first_graphemes(text: str, count: int) -> str:
    return "".join(regex.findall(r"\X", text or "")[:count])


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets or UTF-16 code units
    segments: int
    per_segment: int


def sms_length(text: str) -> SmsLength:
    if all(char in GSM7_BASIC or char in GSM7_EXTENSION for char in text):
        units = sum(2 if char in GSM7_EXTENSION else 1 for char in text)
        single, part, encoding = LIMITS["sms_gsm7_single"], LIMITS["sms_gsm7_part"], "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = LIMITS["sms_ucs2_single"], LIMITS["sms_ucs2_part"], "UCS-2"
    if units <= single.value:
        return SmsLength(encoding, units, 1 if units else 0, single.value)
    return SmsLength(encoding, units, math.ceil(units / part.value), part.value)


@dataclass
class Problem:
    code: str
    severity: str
    field: str
    message: str
    limit: int | None = None
    over_by: int | None = None
    source: str = ""


@dataclass
class Message:
    """What the checker needs to know of one step, however it was typed."""

    channel: str
    text: str = ""
    delay_minutes: int = 0
    promotional: bool = False
    message_tag: str = ""
    subject: str = ""
    preheader: str = ""
    header: str = ""
    footer: str = ""
    button_style: str = "buttons"  # Messenger: "buttons" (template) or "quick_replies"
    buttons: list[dict] = field(default_factory=list)  # {"title": ..., "type": "link"|"reply"}
    label: str = ""


def _worded(message, values: dict, **text) -> str:
    """A message about counts: ``message`` gives the wording for these counts (its
    plural form: "24 de caractere" in Romanian), each count written as the
    language writes numbers; ``text`` fills in the words between them."""
    counts = {name: format_count(value) for name, value in values.items()}
    return message(values) % {**counts, **text}


def _length(code, field_name, text, limit_key, severity, message, prefix="") -> list[Problem]:
    limit = LIMITS[limit_key]
    length = graphemes(text)
    if length <= limit.value:
        return []
    values = {"limit": limit.value, "over": length - limit.value, "length": length}
    return [
        Problem(
            code,
            severity,
            field_name,
            prefix + _worded(message, values),
            limit.value,
            length - limit.value,
            limit.source,
        )
    ]


def _over(values: dict) -> str:
    return ngettext(
        "%(length)s character, the limit is %(limit)s (%(over)s over).",
        "%(length)s characters, the limit is %(limit)s (%(over)s over).",
        values["length"],
    )


def check_tokens(channel: str, texts: dict[str, str], supported: set[str] | None = None):
    supported = TOKENS[channel] if supported is None else supported
    problems = []
    for field_name, text in texts.items():
        for token in TOKEN_PATTERN.findall(text or ""):
            if token in supported:
                continue
            everything = set().union(*TOKENS.values()) | GREETING_TOKENS
            close = difflib.get_close_matches(token, sorted(supported), n=1, cutoff=0.75)
            if token in everything:
                message = _("The token {{%(token)s}} is not available on %(channel)s.") % {
                    "token": token,
                    "channel": CHANNEL_NAMES[channel],
                }
            else:
                message = _("Unknown token {{%(token)s}}.") % {"token": token}
            if close:
                message += " " + _("Did you mean {{%(suggestion)s}}?") % {"suggestion": close[0]}
            problems.append(Problem("token", ERROR, field_name, message))
    return problems


def check_avoided_words(texts: dict[str, str], avoid: list[str]) -> list[Problem]:
    problems = []
    for field_name, text in texts.items():
        folded = (text or "").casefold()
        for word in avoid:
            if word and word.casefold() in folded:
                problems.append(
                    Problem(
                        "brand_voice",
                        WARNING,
                        field_name,
                        _("“%(word)s” is on the brand voice's list of words to avoid.")
                        % {"word": word},
                    )
                )
    return problems


def _button_titles(message: Message, limit_key: str) -> list[Problem]:
    problems = []
    for number, button in enumerate(message.buttons, start=1):
        prefix = _("Button %(number)s “%(title)s”:") % {
            "number": format_count(number),
            "title": button.get("title", ""),
        }
        problems += _length(
            "button_title",
            "buttons",
            button.get("title", ""),
            limit_key,
            ERROR,
            _over,
            prefix + " ",
        )
    return problems


def _too_many(code: str, count: int, limit_key: str, message, prefix="") -> list[Problem]:
    limit = LIMITS[limit_key]
    if count <= limit.value:
        return []
    values = {"limit": limit.value, "over": count - limit.value}
    return [
        Problem(
            code,
            ERROR,
            "buttons",
            prefix + _worded(message, values),
            limit.value,
            count - limit.value,
            limit.source,
        )
    ]


def check_messenger(message: Message) -> list[Problem]:
    problems = []
    if message.buttons and message.button_style == "buttons":
        problems += _length(
            "text_length",
            "text",
            message.text,
            "messenger_button_text",
            ERROR,
            lambda values: ngettext(
                "A message with buttons holds at most %(limit)s character; this one has "
                "%(length)s (%(over)s over).",
                "A message with buttons holds at most %(limit)s characters; this one has "
                "%(length)s (%(over)s over).",
                values["limit"],
            ),
        )
        problems += _too_many(
            "button_count",
            len(message.buttons),
            "messenger_buttons_max",
            lambda values: ngettext(
                "A message holds at most %(limit)s button (%(over)s too many): use quick "
                "replies for more choices.",
                "A message holds at most %(limit)s buttons (%(over)s too many): use quick "
                "replies for more choices.",
                values["limit"],
            ),
        )
    else:
        hard = _length(
            "text_length",
            "text",
            message.text,
            "messenger_text_max",
            ERROR,
            lambda values: ngettext(
                "Messenger refuses messages over %(limit)s character; this one has %(length)s "
                "(%(over)s over).",
                "Messenger refuses messages over %(limit)s characters; this one has %(length)s "
                "(%(over)s over).",
                values["limit"],
            ),
        )
        problems += hard or _length(
            "text_split",
            "text",
            message.text,
            "messenger_text_bubble",
            WARNING,
            lambda values: ngettext(
                "Over %(limit)s character the message shows as two bubbles; this one has "
                "%(length)s (%(over)s over).",
                "Over %(limit)s characters the message shows as two bubbles; this one has "
                "%(length)s (%(over)s over).",
                values["limit"],
            ),
        )
        if message.button_style == "quick_replies":
            problems += _too_many(
                "quick_reply_count",
                len(message.buttons),
                "messenger_quick_replies_max",
                lambda values: ngettext(
                    "At most %(limit)s quick reply (%(over)s too many).",
                    "At most %(limit)s quick replies (%(over)s too many).",
                    values["limit"],
                ),
            )
    problems += _button_titles(message, "messenger_button_title")
    return problems


def check_greeting(text: str) -> list[Problem]:
    problems = _length(
        "greeting_length",
        "greeting",
        text,
        "messenger_greeting",
        ERROR,
        lambda values: ngettext(
            "The greeting holds at most %(limit)s character; it has %(length)s (%(over)s over).",
            "The greeting holds at most %(limit)s characters; it has %(length)s (%(over)s over).",
            values["limit"],
        ),
    )
    return problems + check_tokens(MESSENGER, {"greeting": text}, GREETING_TOKENS)


def check_sms(message: Message) -> list[Problem]:
    length = sms_length(message.text)
    if length.segments <= 1:
        return []
    single = LIMITS["sms_gsm7_single" if length.encoding == "GSM-7" else "sms_ucs2_single"]
    return [
        Problem(
            "sms_segments",
            WARNING,
            "text",
            _worded(
                lambda values: ngettext(
                    "Sent as %(segments)s SMS (%(encoding)s, %(units)s character; one SMS holds "
                    "%(single)s, a split one %(part)s each). Each part is paid for.",
                    "Sent as %(segments)s SMS (%(encoding)s, %(units)s characters; one SMS holds "
                    "%(single)s, a split one %(part)s each). Each part is paid for.",
                    values["units"],
                ),
                {
                    "segments": length.segments,
                    "units": length.units,
                    "single": single.value,
                    "part": length.per_segment,
                },
                encoding=length.encoding,
            ),
            single.value,
            length.units - single.value,
            single.source,
        )
    ]


def check_email(message: Message) -> list[Problem]:
    problems = _length(
        "subject_desktop",
        "subject",
        message.subject,
        "email_subject_desktop",
        WARNING,
        lambda values: ngettext(
            "Desktop inboxes show about %(limit)s character of the subject; it has %(length)s "
            "(%(over)s over).",
            "Desktop inboxes show about %(limit)s characters of the subject; it has %(length)s "
            "(%(over)s over).",
            values["limit"],
        ),
    ) or _length(
        "subject_mobile",
        "subject",
        message.subject,
        "email_subject_mobile",
        WARNING,
        lambda values: ngettext(
            "Phones show about %(limit)s character of the subject; it has %(length)s "
            "(%(over)s over).",
            "Phones show about %(limit)s characters of the subject; it has %(length)s "
            "(%(over)s over).",
            values["limit"],
        ),
    )
    preheader = graphemes(message.preheader)
    low, high = LIMITS["email_preheader_min"], LIMITS["email_preheader_max"]
    if message.preheader and preheader < low.value:
        problems.append(
            Problem(
                "preheader_short",
                WARNING,
                "preheader",
                _worded(
                    lambda values: ngettext(
                        "A preheader of %(length)s character leaves room for the inbox to fill "
                        "with body text: aim for %(low)s–%(high)s.",
                        "A preheader of %(length)s characters leaves room for the inbox to fill "
                        "with body text: aim for %(low)s–%(high)s.",
                        values["length"],
                    ),
                    {"length": preheader, "low": low.value, "high": high.value},
                ),
                low.value,
                None,
                low.source,
            )
        )
    problems += _length(
        "preheader_long",
        "preheader",
        message.preheader,
        "email_preheader_max",
        WARNING,
        lambda values: ngettext(
            "Inboxes cut the preheader after about %(limit)s character; it has %(length)s "
            "(%(over)s over).",
            "Inboxes cut the preheader after about %(limit)s characters; it has %(length)s "
            "(%(over)s over).",
            values["limit"],
        ),
    )
    return problems


def check_whatsapp(message: Message) -> list[Problem]:
    over = _over
    problems = _length(
        "header_length",
        "header",
        message.header,
        "whatsapp_header",
        ERROR,
        over,
        _("Header:") + " ",
    )
    problems += _length(
        "text_length", "text", message.text, "whatsapp_body", ERROR, over, _("Body:") + " "
    )
    problems += _length(
        "footer_length",
        "footer",
        message.footer,
        "whatsapp_footer",
        ERROR,
        over,
        _("Footer:") + " ",
    )
    problems += _too_many(
        "button_count",
        len(message.buttons),
        "whatsapp_buttons_max",
        lambda values: ngettext(
            "A template holds at most %(limit)s button (%(over)s too many).",
            "A template holds at most %(limit)s buttons (%(over)s too many).",
            values["limit"],
        ),
    )
    return problems + _button_titles(message, "whatsapp_button_text")


CHANNEL_NAMES = {
    MESSENGER: gettext_lazy("Messenger"),
    EMAIL: gettext_lazy("e-mail"),
    SMS: gettext_lazy("SMS"),
    WHATSAPP: gettext_lazy("WhatsApp"),
}
CHECKS = {MESSENGER: check_messenger, EMAIL: check_email, SMS: check_sms, WHATSAPP: check_whatsapp}


def texts_of(message: Message) -> dict[str, str]:
    texts = {"text": message.text}
    if message.channel == EMAIL:
        texts.update(subject=message.subject, preheader=message.preheader)
    if message.channel == WHATSAPP:
        texts.update(header=message.header, footer=message.footer)
    return texts


def check_message(message: Message, avoid: list[str] | None = None) -> list[Problem]:
    """Every rule that concerns one message on its own."""
    problems = CHECKS[message.channel](message)
    problems += check_tokens(message.channel, texts_of(message))
    problems += check_avoided_words(texts_of(message), avoid or [])
    if message.message_tag in MESSAGE_TAGS_NO_OFFER and message.promotional:
        problems.append(
            Problem(
                "tag_with_offer",
                ERROR,
                "promotional",
                _(
                    "A tagged update may be sent outside the 24-hour window only if it carries no "
                    "offer: untick “promotional” or drop the tag."
                ),
            )
        )
    return problems


def check_timeline(messages: list[Message]) -> list[list[Problem]]:
    """Rules across the steps of one sequence: the 24-hour window and the stagger.

    The window opens at the trigger (the person's last interaction). A reply
    button or quick reply in an earlier Messenger step may reopen it, but only
    if the person taps it, so a late promotional step is then a warning
    rather than an error. Link buttons reopen nothing.
    """
    window = LIMITS["messenger_window_hours"]
    stagger = LIMITS["stagger_minutes"]
    results = [[] for _message in messages]
    order = sorted(range(len(messages)), key=lambda index: messages[index].delay_minutes)
    for position, index in enumerate(order):
        message = messages[index]
        earlier = [messages[i] for i in order[:position]]
        late = message.delay_minutes > window.value * 60
        if (
            message.channel == MESSENGER
            and message.promotional
            and late
            and message.message_tag not in MESSAGE_TAGS_NO_OFFER
        ):
            hours_over = (message.delay_minutes - window.value * 60) / 60
            reopened = any(
                m.channel == MESSENGER and any(b.get("type") == "reply" for b in m.buttons)
                for m in earlier
            )
            results[index].append(
                Problem(
                    "window",
                    WARNING if reopened else ERROR,
                    "delay_minutes",
                    (
                        _(
                            "Sent %(over)s after the 24-hour window closes; "
                            "only someone who tapped "
                            "an earlier reply button may receive it."
                        )
                        if reopened
                        else _(
                            "A promotional Messenger message %(over)s after "
                            "the 24-hour window closes "
                            "breaks platform policy: send it within %(limit)s "
                            "of the trigger, or make "
                            "it a tagged update without an offer."
                        )
                    )
                    % {"over": format_hours(hours_over), "limit": format_hours(window.value)},
                    window.value,
                    math.ceil(hours_over),
                    window.source,
                )
            )
        for other in earlier:
            gap = message.delay_minutes - other.delay_minutes
            if other.channel != message.channel and gap < stagger.value:
                results[index].append(
                    Problem(
                        "stagger",
                        WARNING,
                        "delay_minutes",
                        _(
                            "Only %(gap)s after the %(channel)s message "
                            "“%(other)s”: leave at "
                            "least %(limit)s between channels."
                        )
                        % {
                            "gap": format_duration(gap),
                            "channel": CHANNEL_NAMES[other.channel],
                            "other": other.label or "—",
                            "limit": format_duration(stagger.value),
                        },
                        stagger.value,
                        stagger.value - gap,
                        stagger.source,
                    )
                )
    return results


def check_sequence(messages: list[Message], avoid: list[str] | None = None) -> list[list[Problem]]:
    """Every rule, for every message of one sequence: each on its own, and against
    the others (the 24-hour window and the stagger). The one place the rules are
    run: the sequence's page, the live check while typing and the document all
    come here."""
    timeline = check_timeline(messages)
    return [
        check_message(message, avoid) + later
        for message, later in zip(messages, timeline, strict=True)
    ]


def count(problems: list[Problem], severity: str) -> int:
    return sum(problem.severity == severity for problem in problems)


def preview(message: Message) -> dict:
    """How a message would look: its bubbles, and what a lock screen shows of it."""
    parts = regex.findall(r"\X", message.text)
    size = LIMITS["messenger_text_bubble"].value if message.channel == MESSENGER else 0
    bubbles = (
        ["".join(parts[start : start + size]) for start in range(0, len(parts), size)]
        if size
        else [message.text]
    )
    headline = message.subject if message.channel == EMAIL else message.text
    lock = LIMITS["lock_screen_preview"].value
    return {
        "message": message,
        "bubbles": [bubble for bubble in bubbles if bubble] or [""],
        "lock_screen": first_graphemes(headline, lock),
        "lock_screen_cut": graphemes(headline) > lock,
        "lock_limit": lock,
        "sms": sms_length(message.text) if message.channel == SMS else None,
        "length": graphemes(message.text),
    }
