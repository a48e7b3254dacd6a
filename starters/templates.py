"""New strategies that do not start from a blank page.

A member can start from a copy of the demo strategy (complete on every step,
in the reader's language), from a template for their kind of business
(e-commerce store, B2B software, local service: basics, two personas, goals,
channels, a brand voice and a first draft of the kernel, all in the reader's
language, to adapt), or from a copy of a strategy they already belong to.

The demo is data: a backup file per language in starters/demo/, restored like
any backup (`seed_demo` restores the English one for the demo team).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, Kind, MediaType, Platform
from personas.models import AudienceGroup, BrandVoice, BuyerPersona, CompanySize, EvidenceSource
from report.models import CoherentAction
from starters import backup
from strategy_planner.models import (
    BusinessModel,
    Goal,
    MeasurementTool,
    Membership,
    PricePoint,
    Role,
    Strategy,
)
from strategy_planner.numbers import format_number, join_list, join_semicolons

Text = str | Promise


@dataclass(frozen=True)
class PersonaSketch:
    name: Text
    summary: Text
    audience: str
    goals: list[Text]
    challenges: list[Text]
    # Demographic facts, as BuyerPersona's fields: with the goals and challenges they
    # make the persona complete by the step's rule (personas_step_complete).
    facts: dict = field(default_factory=dict)


@dataclass(frozen=True)
class GoalSketch:
    business_goal: Text
    marketing_goal: Text
    metric: Text
    baseline: int
    target: int
    unit: Text
    measured_with: str


@dataclass(frozen=True)
class Template:
    key: str
    title: Text
    description: Text
    industry: Text
    business_model: str
    price_point: str
    personas: list[PersonaSketch]
    goals: list[GoalSketch]
    channels: list[tuple[Text, str, str, str]]  # name, media type, kind, platform
    tone: Text
    diagnosis: Text
    guiding_policy: Text
    actions: list[Text] = field(default_factory=list)

    def example(self, step: str) -> str:
        """A short, concrete example for a wizard step, from this template."""
        persona, goal = self.personas[0], self.goals[0]

        def channels(media_type=None) -> str:
            return join_list(
                str(name)
                for name, kind_of_media, _kind, _platform in self.channels
                if media_type is None or kind_of_media == media_type
            )

        examples = {
            "basics": f"{self.industry}: {self.description}",
            "personas": f"{persona.name}: {persona.summary}",
            "goals": gettext(
                "%(business)s → %(marketing)s: %(metric)s from %(baseline)s to %(target)s %(unit)s"
            )
            % {
                "business": goal.business_goal,
                "marketing": goal.marketing_goal,
                "metric": goal.metric,
                "baseline": format_number(goal.baseline),
                "target": format_number(goal.target),
                "unit": goal.unit,
            },
            "inventory": channels(),
            "content": join_semicolons(self.actions),
            "earned": channels(MediaType.EARNED),
            "paid": channels(MediaType.PAID),
            "consolidate": f"{self.diagnosis} {self.guiding_policy}",
        }
        return examples.get(step, "")


TEMPLATES = [
    Template(
        key="ecommerce",
        title=_("E-commerce store"),
        description=_("An online shop selling to consumers: traffic, trust, carts, repeat orders."),
        industry=_("Online shop"),
        business_model=BusinessModel.B2C,
        price_point=PricePoint.LOW,
        personas=[
            PersonaSketch(
                _("Repeat buyer Rana"),
                _("Buys every month once she trusts a shop; hates surprise shipping costs."),
                AudienceGroup.CUSTOMERS,
                [_("Reorder in two clicks"), _("Know the delivery date")],
                [_("Shipping costs shown late"), _("Too many newsletters")],
                {"age_min": 28, "age_max": 45},
            ),
            PersonaSketch(
                _("First-time visitor Victor"),
                _("Found the shop through search; compares three shops before buying."),
                AudienceGroup.OUTSIDE,
                [_("Find proof that the shop is reliable")],
                [_("Does not know the brand"), _("Abandons long checkouts")],
                {"age_min": 20, "age_max": 35},
            ),
        ],
        goals=[
            GoalSketch(
                _("Grow online revenue"),
                _("Recover more abandoned carts"),
                _("Recovered carts per month"),
                40,
                80,
                _("carts"),
                MeasurementTool.ECOMMERCE,
            ),
            GoalSketch(
                _("Grow online revenue"),
                _("Grow the newsletter"),
                _("Subscribers"),
                2000,
                5000,
                _("subscribers"),
                MeasurementTool.EMAIL_PLATFORM,
            ),
        ],
        channels=[
            (_("Online shop"), MediaType.OWNED, Kind.WEBSITE, Platform.NONE),
            (_("Newsletter"), MediaType.OWNED, Kind.EMAIL_LIST, Platform.NONE),
            (_("Instagram profile"), MediaType.OWNED, Kind.SOCIAL_PROFILE, Platform.INSTAGRAM),
            (_("Customer reviews"), MediaType.EARNED, Kind.REVIEWS, Platform.NONE),
            (_("Search ads"), MediaType.PAID, Kind.SEARCH_ADS, Platform.GOOGLE_ADS),
            (_("Social ads"), MediaType.PAID, Kind.PAID_SOCIAL, Platform.FACEBOOK),
        ],
        tone=_("Friendly and clear; never pushy."),
        diagnosis=_(
            "Visitors arrive but do not yet trust the shop enough to finish the order; "
            "surprise costs at checkout make it worse."
        ),
        guiding_policy=_(
            "Earn trust before asking for the sale: show reviews and delivery promises "
            "early, and bring back the carts that were left."
        ),
        actions=[_("Show reviews on every product page"), _("Start an abandoned-cart sequence")],
    ),
    Template(
        key="b2b_software",
        title=_("B2B software"),
        description=_("Software sold to companies: long decisions, demos, trials and renewals."),
        industry=_("Business software (SaaS)"),
        business_model=BusinessModel.B2B,
        price_point=PricePoint.HIGH,
        personas=[
            PersonaSketch(
                _("Operations lead Olga"),
                _("Owns the process the software fixes; needs a case she can take to her boss."),
                AudienceGroup.PROSPECTS,
                [_("Cut manual work"), _("Show results within a quarter")],
                [_("Budget approved once a year"), _("Fear of a long rollout")],
                {
                    "job_title": _("Head of operations"),
                    "company_size": CompanySize.MEDIUM,
                    "company_industry": _("Logistics and manufacturing"),
                },
            ),
            PersonaSketch(
                _("Finance director Farid"),
                _("Signs the contract; wants the cost, the risk and the payback in one page."),
                AudienceGroup.OUTSIDE,
                [_("Predictable costs")],
                [_("Too many tools already")],
                {
                    "job_title": _("Finance director"),
                    "company_size": CompanySize.MEDIUM,
                    "company_industry": _("Logistics and manufacturing"),
                },
            ),
        ],
        goals=[
            GoalSketch(
                _("Grow new annual revenue"),
                _("More qualified demo requests"),
                _("Demo requests per month"),
                20,
                35,
                _("requests"),
                MeasurementTool.CRM,
            ),
            GoalSketch(
                _("Grow new annual revenue"),
                _("Turn more trials into customers"),
                _("Trial conversion rate"),
                8,
                12,
                _("percent"),
                MeasurementTool.CRM,
            ),
        ],
        channels=[
            (_("Product website"), MediaType.OWNED, Kind.WEBSITE, Platform.NONE),
            (_("Blog and guides"), MediaType.OWNED, Kind.BLOG, Platform.NONE),
            (_("LinkedIn page"), MediaType.OWNED, Kind.SOCIAL_PROFILE, Platform.LINKEDIN),
            (_("Review sites"), MediaType.EARNED, Kind.REVIEW_SITE, Platform.NONE),
            (_("LinkedIn ads"), MediaType.PAID, Kind.PAID_SOCIAL, Platform.LINKEDIN),
            (_("Search ads"), MediaType.PAID, Kind.SEARCH_ADS, Platform.GOOGLE_ADS),
        ],
        tone=_("Expert and plain-spoken; numbers before adjectives."),
        diagnosis=_(
            "Buyers like the product in demos but stall at approval: they cannot show "
            "the payback to the person who signs."
        ),
        guiding_policy=_(
            "Sell the business case, not the features: give every champion the proof "
            "and the numbers their finance director asks for."
        ),
        actions=[_("Publish a payback calculator"), _("Collect three customer case studies")],
    ),
    Template(
        key="local_service",
        title=_("Local service"),
        description=_("A service in one town or region: bookings, reviews, word of mouth."),
        industry=_("Local services"),
        business_model=BusinessModel.B2C,
        price_point=PricePoint.LOW,
        personas=[
            PersonaSketch(
                _("Busy parent Paula"),
                _("Books services on her phone in the evening; picks whoever answers first."),
                AudienceGroup.OUTSIDE,
                [_("Book in under a minute"), _("Trust the person who comes")],
                [_("No time to call"), _("Bad experiences with no-shows")],
                {"location": _("Within 10 km"), "age_min": 30, "age_max": 45},
            ),
            PersonaSketch(
                _("Loyal neighbour Nelu"),
                _("Has used the service for years and recommends it when asked."),
                AudienceGroup.CUSTOMERS,
                [_("Be reminded when it is time again")],
                [_("Forgets to book")],
                {"location": _("Within 10 km"), "age_min": 55, "age_max": 75},
            ),
        ],
        goals=[
            GoalSketch(
                _("Fill the calendar"),
                _("More online bookings"),
                _("Bookings per month"),
                60,
                90,
                _("bookings"),
                MeasurementTool.WEB_ANALYTICS,
            ),
            GoalSketch(
                _("Fill the calendar"),
                _("More reviews on the map listing"),
                _("Reviews"),
                25,
                60,
                _("reviews"),
                MeasurementTool.WEB_ANALYTICS,
            ),
        ],
        channels=[
            (_("Website with booking"), MediaType.OWNED, Kind.WEBSITE, Platform.NONE),
            (_("Facebook page"), MediaType.OWNED, Kind.SOCIAL_PROFILE, Platform.FACEBOOK),
            (_("Google Business Profile"), MediaType.OWNED, Kind.BUSINESS_PROFILE, Platform.NONE),
            (_("Map listing reviews"), MediaType.EARNED, Kind.REVIEW_SITE, Platform.NONE),
            (_("Recommendations"), MediaType.EARNED, Kind.WORD_OF_MOUTH, Platform.NONE),
            (_("Local search ads"), MediaType.PAID, Kind.SEARCH_ADS, Platform.GOOGLE_ADS),
        ],
        tone=_("Warm, local and dependable."),
        diagnosis=_(
            "Neighbours who know us recommend us, but people searching nearby find "
            "competitors with more reviews and instant booking."
        ),
        guiding_policy=_(
            "Be the easiest choice nearby: booking in a minute and reviews that show "
            "we turn up on time."
        ),
        actions=[_("Ask for a review after every visit"), _("Add online booking")],
    ),
]
TEMPLATES_BY_KEY = {template.key: template for template in TEMPLATES}


def _horizon() -> tuple[datetime.date, datetime.date]:
    start = (timezone.localdate().replace(day=1)) + relativedelta(months=1)
    return start, start + relativedelta(months=12, days=-1)


@transaction.atomic
def from_template(template: Template, user, language: str, currency: str) -> Strategy:
    """A new strategy owned by ``user``, filled from the template in ``language``."""
    start, end = _horizon()
    strategy = Strategy.objects.create(
        name=gettext("Our strategy: %(kind)s") % {"kind": template.title},
        organisation=gettext("Our company"),
        industry=str(template.industry),
        business_model=template.business_model,
        price_point=template.price_point,
        start_date=start,
        end_date=end,
        language=language,
        currency=currency,
        diagnosis=str(template.diagnosis),
        guiding_policy=str(template.guiding_policy),
        template=template.key,
    )
    Membership.objects.create(strategy=strategy, user=user, role=Role.OWNER)
    # Rows are created in the template's order; each goes last among its siblings.
    personas = [
        BuyerPersona.objects.create(
            strategy=strategy,
            name=str(sketch.name),
            summary=str(sketch.summary),
            audience=sketch.audience,
            goals=[str(item) for item in sketch.goals],
            challenges=[str(item) for item in sketch.challenges],
            **{
                name: str(value) if isinstance(value, Promise) else value
                for name, value in sketch.facts.items()
            },
            sources=[EvidenceSource.ASSUMPTION],
            evidence_note=gettext("From the template: check it against your own customers."),
        )
        for sketch in template.personas
    ]
    BrandVoice.objects.create(strategy=strategy, personality=str(template.tone))
    goals = []
    for sketch in template.goals:
        goal = Goal.objects.create(
            strategy=strategy,
            business_goal=str(sketch.business_goal),
            marketing_goal=str(sketch.marketing_goal),
            metric=str(sketch.metric),
            baseline=Decimal(sketch.baseline),
            target=Decimal(sketch.target),
            unit=str(sketch.unit),
            deadline=end,
            measured_with=sketch.measured_with,
        )
        goal.personas.set(personas[:1])
        goals.append(goal)
    for name, media_type, kind, platform in template.channels:
        Asset.objects.create(
            strategy=strategy, name=str(name), media_type=media_type, kind=kind, platform=platform
        )
    for title in template.actions:
        action = CoherentAction.objects.create(strategy=strategy, title=str(title))
        action.goals.set(goals)
    return strategy


DEMO_DIR = Path(__file__).resolve().parent / "demo"
# The demo strategy in each language it is written in.
DEMO_FILES = {
    "en": DEMO_DIR / "northwind.en.json",
    "fa": DEMO_DIR / "northwind.fa.json",
    "ro": DEMO_DIR / "northwind.ro.json",
}
# An abandoned draft that seed_demo puts in the demo owner's "Recently deleted".
DELETED_DRAFT_FILE = DEMO_DIR / "holiday-draft.en.json"


def demo_backup(language: str = "en") -> dict:
    """The demo strategy's backup in ``language``, or in English where there is none."""
    return backup.read_backup(DEMO_FILES.get(language, DEMO_FILES["en"]))


def backed_up_strategy(data: dict) -> dict:
    """The fields of the strategy a backup holds."""
    return next(r for r in data["objects"] if r["model"] == backup.STRATEGY)["fields"]


@transaction.atomic
def from_demo(user, language: str) -> Strategy:
    """A complete copy of the demo strategy, in ``language`` where the demo is written
    in it (in English otherwise), for ``user`` to explore and change."""
    data = demo_backup(language)
    demo = backed_up_strategy(data)
    with translation.override(demo["language"]):
        name = gettext("Demo: %(name)s") % {"name": demo["name"]}
    return _private_copy(data, user, name)


@transaction.atomic
def copy_strategy(strategy: Strategy, user) -> Strategy:
    """A copy of ``strategy`` owned by ``user`` alone, without its links and members."""
    name = gettext("Copy of %(name)s") % {"name": strategy.name}
    return _private_copy(backup.backup(strategy), user, name)


def _private_copy(data: dict, user, name: str) -> Strategy:
    """The strategy of a backup restored as a new one named ``name``, owned by ``user``
    alone: without the original's members and share links, and with the fields that
    named people of its team left empty (their assignments stay with that team)."""
    now = timezone.now()
    kept = []
    for record in data["objects"]:
        label = record["model"]
        if label in (backup.MEMBERSHIP, backup.SHARE_LINK):
            continue
        fields = dict(record["fields"])
        if label == backup.STRATEGY:
            fields.update(
                name=name[:200], created_at=now, updated_at=now, deleted_at=None, deleted_by=None
            )
        model = apps.get_model(label)
        for user_field in backup.user_fields(model):
            if user_field.name in fields and user_field.null:
                fields[user_field.name] = None
        kept.append({**record, "fields": fields})
    copy = {**data, "objects": kept}
    return backup.restore(copy, new_uuid=True, owner=user.get_username()).strategy
