"""Starting points for the common triggers, to be edited from there.

Abandoned cart follows the usual Messenger recovery flow: a reminder after
1 hour, social proof after 8 hours, and the discount only in the last step,
at 23 hours, still inside the 24-hour window.
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from content_plan.models import ButtonStyle, Channel, MessageSequence, MessageTag, Trigger

HOUR = 60
DAY = 24 * HOUR


def _reply(title):
    return {"title": title, "type": "reply"}


def _link(title):
    return {"title": title, "type": "link"}


TEMPLATES = {
    Trigger.ABANDONED_CART: [
        {
            "channel": Channel.MESSENGER,
            "delay_minutes": 1 * HOUR,
            "text": _(
                "Hi {{user_first_name}}, your {{product_name}} is still in your cart. "
                "Want us to keep it for you?"
            ),
            "buttons": [_link(_("Back to my cart")), _reply(_("I have a question"))],
        },
        {
            "channel": Channel.MESSENGER,
            "delay_minutes": 8 * HOUR,
            "text": _(
                "Still thinking it over? Shoppers who bought {{product_name}} rate it 4.8 out of 5."
            ),
            "buttons": [_link(_("See the reviews"))],
        },
        {
            "channel": Channel.MESSENGER,
            "delay_minutes": 23 * HOUR,
            "promotional": True,
            "text": _(
                "Last chance: %(discount)s off your cart with the code {{discount_code}}, "
                "today only."
            ),
            "buttons": [_link(_("Use my discount"))],
        },
    ],
    Trigger.BROWSE_ABANDONMENT: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 2 * HOUR,
            "subject": _("Still curious about {{product_name}}?"),
            "preheader": _("Here is what other shoppers asked before buying it."),
            "text": _(
                "Hi {{first_name}}, you were looking at {{product_name}}. Here are the "
                "three questions people ask most before they buy."
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 2 * DAY,
            "subject": _("Picked for you"),
            "preheader": _("Three products that go well with what you looked at."),
            "text": _("Hi {{first_name}}, these go well with {{product_name}}."),
        },
    ],
    Trigger.WELCOME: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 0,
            "subject": _("Welcome! Here is what to expect"),
            "preheader": _("One useful e-mail a week, and how to get the most from it."),
            "text": _(
                "Hi {{first_name}}, thanks for joining us. Every week you get one guide "
                "that is worth your time."
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 3 * DAY,
            "promotional": True,
            "subject": _("A welcome gift for your first order"),
            "preheader": _("Your code is inside, valid for seven days."),
            "text": _(
                "Hi {{first_name}}, here is %(discount)s off your first order: {{discount_code}}."
            ),
            "discount": "10%",
        },
    ],
    Trigger.CROSS_SELL: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 7 * DAY,
            "promotional": True,
            "subject": _("Goes well with your {{product_name}}"),
            "preheader": _("Chosen by our team for people who bought what you bought."),
            "text": _("Hi {{first_name}}, customers who bought {{product_name}} also love these."),
        },
    ],
    Trigger.RECEIPT_OFFER: [
        {
            "channel": Channel.MESSENGER,
            "delay_minutes": 0,
            "message_tag": MessageTag.POST_PURCHASE,
            "text": _("Thanks, {{user_first_name}}! Order {{order_number}} is confirmed."),
            "buttons": [_link(_("See my order"))],
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 15,
            "promotional": True,
            "subject": _("Your receipt, and %(discount)s off next time"),
            "discount": "10%",
            "preheader": _("Order {{order_number}} and a code for your next purchase."),
            "text": _(
                "Hi {{first_name}}, here is your receipt. Next time, use "
                "{{discount_code}} for %(discount)s off."
            ),
        },
    ],
    Trigger.FULFILLMENT: [
        {
            "channel": Channel.MESSENGER,
            "delay_minutes": 1 * DAY,
            "message_tag": MessageTag.POST_PURCHASE,
            "text": _("Good news, {{user_first_name}}: order {{order_number}} is on its way."),
            "buttons": [_link(_("Track my parcel"))],
        },
        {
            "channel": Channel.SMS,
            "delay_minutes": 3 * DAY,
            "text": _("Your order {{order_number}} arrives today. Track it: {{tracking_url}}"),
        },
    ],
    Trigger.WIN_BACK: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 60 * DAY,
            "subject": _("We miss you"),
            "preheader": _("A lot has changed since your last visit: here is what is new."),
            "text": _("Hi {{first_name}}, it has been a while. Here is what is new."),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 67 * DAY,
            "promotional": True,
            "subject": _("%(discount)s off to welcome you back"),
            "discount": "15%",
            "preheader": _("Your code is valid for one week, on everything in the shop."),
            "text": _("Hi {{first_name}}, come back for %(discount)s off with {{discount_code}}."),
        },
    ],
    Trigger.CUSTOM: [],
}


def _plain(step: dict) -> dict:
    """Turn the lazy translations into text in the current language."""
    values = {"discount": step.get("discount", "10%")}
    plain = {
        key: str(value) % values if key in ("text", "subject", "preheader") else value
        for key, value in step.items()
        if key != "discount"
    }
    plain["buttons"] = [
        {**button, "title": str(button["title"])} for button in step.get("buttons", [])
    ]
    plain.setdefault("button_style", ButtonStyle.BUTTONS)
    return plain


@transaction.atomic
def sequence_from_template(strategy, trigger: str, name: str, **fields) -> MessageSequence:
    sequence = MessageSequence.objects.create(
        strategy=strategy, trigger=trigger, name=name, **fields
    )
    for step in TEMPLATES.get(trigger, []):
        sequence.steps.create(**_plain(step))
    return sequence
