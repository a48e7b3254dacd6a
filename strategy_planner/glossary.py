"""The method's words, explained once, with an example each (the Glossary page)."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Term:
    slug: str
    term: str | Promise
    meaning: str | Promise
    example: str | Promise


TERMS = [
    Term(
        "persona",
        _("Buyer persona"),
        _(
            "A short, evidence-based portrait of one kind of customer: who they are, what "
            "they want to achieve, what stops them, and where they look for answers. Build it "
            "from interviews, analytics and sales notes; a persona built only on assumptions "
            "is flagged as such."
        ),
        _(
            "“Office manager Oana, 34, buys coffee for a team of 40 and needs a supplier who "
            "never runs late.”"
        ),
    ),
    Term(
        "brand-voice",
        _("Brand voice"),
        _(
            "How the brand sounds in every message: its tone, the words it likes and the words "
            "it avoids. Message sequences are checked against the words to avoid."
        ),
        _("Warm and expert; says “freshly roasted”, never “cheap”."),
    ),
    Term(
        "goal",
        _("Goal (SMART)"),
        _(
            "What the strategy must achieve, written so it can be checked: a metric, where it "
            "stands now (baseline), where it must be (target) and by when, inside the "
            "strategy's horizon."
        ),
        _("Online revenue from 40,000 to 48,000 a month by 30 June."),
    ),
    Term(
        "funnel",
        _("Funnel stage"),
        _(
            "Where a person is on the way to buying: awareness (they learn you exist), "
            "consideration (they compare), decision (they buy) and, after that, loyalty. Each "
            "piece of content serves one stage."
        ),
        _("A comparison guide serves consideration; a discount code serves decision."),
    ),
    Term(
        "owned-media",
        _("Owned media"),
        _(
            "Channels the company controls and does not pay per view for: the website, the "
            "blog, the newsletter, social media profiles, an app, its Google Business Profile "
            "(the listing on the map)."
        ),
        _("The online shop and its monthly newsletter."),
    ),
    Term(
        "earned-media",
        _("Earned media"),
        _(
            "Attention others give freely: press coverage, reviews and review sites, shares, "
            "mentions, word of mouth. It cannot be bought, only deserved, so the strategy "
            "ranks what already works and says why."
        ),
        _("A food blogger's review that still brings visitors every week."),
    ),
    Term(
        "paid-media",
        _("Paid media"),
        _(
            "Attention bought per view or per click: search ads, social ads, sponsored posts. "
            "Every paid platform gets a decision — keep, change, drop or try — with a reason."
        ),
        _("Search ads at 14 per lead against a target of 10: change the keywords."),
    ),
    Term(
        "content-audit",
        _("Content audit"),
        _(
            "A list of the content that exists, with its results, so the team keeps what "
            "works, updates what could work, and retires the rest."
        ),
        _("The brewing guide brings most leads: keep it and update the photos."),
    ),
    Term(
        "content-gap",
        _("Content gap"),
        _(
            "A persona and funnel stage with no content serving it yet — the place a new piece "
            "does the most good."
        ),
        _("Nothing helps office managers decide: plan a price calculator."),
    ),
    Term(
        "conversion-rate",
        _("Conversion rate, cost per lead, ROAS"),
        _(
            "Conversion rate: conversions divided by visits. Cost per lead: spend divided by "
            "leads. Cost per acquisition: spend divided by conversions. Return on ad spend "
            "(ROAS): revenue divided by spend."
        ),
        _("1,000 visits and 30 sales make a conversion rate of 3 percent."),
    ),
    Term(
        "sequence",
        _("Message sequence"),
        _(
            "Automated messages sent from a trigger — an abandoned cart, a first purchase, a "
            "booked appointment, a trial that ends — on Messenger, SMS, e-mail or WhatsApp, "
            "each with the limits of its channel. A trigger that looks ahead to an event (the "
            "appointment, the end of a trial) may send before it: a reminder the day before. "
            "Messenger allows promotional messages only within 24 hours of the customer's "
            "last message."
        ),
        _("Reminder after 1 hour, a question after 8 hours, a small discount after 23 hours."),
    ),
    Term(
        "diagnosis",
        _("Diagnosis"),
        _(
            "The first part of the strategy's kernel: what is really going on, named plainly, "
            "so the critical challenge is clear."
        ),
        _("“Visitors like our coffee but do not trust a small roaster with a subscription.”"),
    ),
    Term(
        "guiding-policy",
        _("Guiding policy"),
        _(
            "The second part of the kernel: the overall approach chosen to overcome the "
            "challenge — what we will do and, as important, what we will not."
        ),
        _("“Win trust through expertise and reviews before asking for a subscription.”"),
    ),
    Term(
        "coherent-actions",
        _("Coherent actions"),
        _(
            "The third part of the kernel: the concrete steps that carry out the guiding "
            "policy and support each other, each linked to the goals, content and channels "
            "that do the work."
        ),
        _("Publish a brewing course, collect reviews after each order, then launch the offer."),
    ),
]
