"""Starting points for the common triggers, to be edited from there.

Abandoned cart follows the usual Messenger recovery flow: a reminder after
1 hour, social proof after 8 hours, and the discount only in the last step,
at 23 hours, still inside the 24-hour window.

The booking triggers (a practice, a studio, a workshop) confirm at once, remind
two days and one day before the appointment, rebook a missed one, ask for a
review the day after the visit and recall six months on; the B2B ones remind
before the demo, guide the first days of a trial and follow its end. A
negative timing goes before the event a trigger looks ahead to.
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
    Trigger.APPOINTMENT_BOOKED: [
        {
            "channel": Channel.SMS,
            "delay_minutes": 0,
            "text": _(
                "Hi {{first_name}}, your appointment on {{appointment_date}} at "
                "{{appointment_time}} is booked. To change it: {{booking_url}}"
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 15,
            "subject": _("Your appointment on {{appointment_date}}"),
            "preheader": _("Where to find us, what to bring and how to change the time."),
            "text": _(
                "Hi {{first_name}}, we look forward to seeing you on {{appointment_date}} at "
                "{{appointment_time}}, {{location}}. Here is what to bring and how to find us."
            ),
        },
    ],
    Trigger.BEFORE_APPOINTMENT: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": -2 * DAY,
            "subject": _("See you on {{appointment_date}}"),
            "preheader": _("Your appointment at {{appointment_time}}: where and what to bring."),
            "text": _(
                "Hi {{first_name}}, a reminder of your appointment on {{appointment_date}} at "
                "{{appointment_time}}, {{location}}. If the time no longer suits you, "
                "change it here: {{booking_url}}"
            ),
        },
        {
            "channel": Channel.SMS,
            "delay_minutes": -1 * DAY,
            "text": _(
                "Reminder: your appointment is tomorrow at {{appointment_time}}, {{location}}. "
                "Cannot come? Change it: {{booking_url}}"
            ),
        },
    ],
    Trigger.MISSED_APPOINTMENT: [
        {
            "channel": Channel.SMS,
            "delay_minutes": 1 * HOUR,
            "text": _(
                "Hi {{first_name}}, we missed you today. Book a new time that suits you: "
                "{{booking_url}}"
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 2 * DAY,
            "subject": _("Shall we find a new time?"),
            "preheader": _("Your missed appointment is easy to book again, in two clicks."),
            "text": _(
                "Hi {{first_name}}, things come up. Choose a new time for your appointment "
                "here: {{booking_url}}"
            ),
        },
    ],
    Trigger.REVIEW_REQUEST: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 1 * DAY,
            "subject": _("How was your visit?"),
            "preheader": _("Two minutes of your time help others choose with confidence."),
            "text": _(
                "Hi {{first_name}}, thank you for coming in. Would you tell others how it "
                "went? Your review helps: {{review_url}}"
            ),
        },
        {
            "channel": Channel.SMS,
            "delay_minutes": 4 * DAY,
            "text": _(
                "Hi {{first_name}}, a short review of your visit helps us a lot: {{review_url}}"
            ),
        },
    ],
    Trigger.RECALL: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 182 * DAY,
            "subject": _("Time for your next visit"),
            "preheader": _("It has been six months: book a time that suits you."),
            "text": _(
                "Hi {{first_name}}, it has been six months since your last visit. Book your "
                "next appointment here: {{booking_url}}"
            ),
        },
        {
            "channel": Channel.SMS,
            "delay_minutes": 189 * DAY,
            "text": _("Hi {{first_name}}, your next visit is due. Book a time: {{booking_url}}"),
        },
    ],
    Trigger.DEMO_BOOKED: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": -1 * DAY,
            "subject": _("Your demo tomorrow: what we will cover"),
            "preheader": _("Bring your questions; here is the link and the agenda."),
            "text": _(
                "Hi {{first_name}}, tomorrow at {{demo_time}} we show how {{company_name}} "
                "can work with us. Join here: {{meeting_url}}"
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 1 * DAY,
            "subject": _("After the demo: the next steps"),
            "preheader": _("The recording, the answers to your questions and a trial."),
            "text": _(
                "Hi {{first_name}}, thank you for your time yesterday. Here are the "
                "answers we promised and how {{company_name}} can start a trial."
            ),
        },
    ],
    Trigger.TRIAL_STARTED: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 0,
            "subject": _("Three steps to a first result"),
            "preheader": _("What to set up first, and who to ask when you are stuck."),
            "text": _(
                "Hi {{first_name}}, welcome. These three steps get {{company_name}} to a "
                "first result this week."
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 3 * DAY,
            "subject": _("How is your trial going?"),
            "preheader": _("Book thirty minutes with us and we set it up together."),
            "text": _(
                "Hi {{first_name}}, most teams get stuck at the same step. Book a call and "
                "we set it up with you: {{meeting_url}}"
            ),
        },
    ],
    Trigger.TRIAL_ENDING: [
        {
            "channel": Channel.EMAIL,
            "delay_minutes": -3 * DAY,
            "subject": _("Your trial ends in three days"),
            "preheader": _("Choose a plan to keep everything your team has set up."),
            "text": _(
                "Hi {{first_name}}, your trial ends on {{trial_end_date}}. Choose a plan to "
                "keep your work: {{plan_url}}"
            ),
        },
        {
            "channel": Channel.EMAIL,
            "delay_minutes": 1 * DAY,
            "subject": _("Your trial has ended: your work is kept"),
            "preheader": _("Pick up where you left off whenever you are ready."),
            "text": _(
                "Hi {{first_name}}, your trial has ended. Everything {{company_name}} set up "
                "is kept for 30 days: {{plan_url}}"
            ),
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
