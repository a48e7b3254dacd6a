import datetime

import factory
from django.contrib.auth import get_user_model

from assets.models import Asset
from budget.models import BudgetLine, BudgetMonth
from content_plan.models import (
    AuditedPiece,
    ContentGap,
    ContentPiece,
    MessageSequence,
    SequenceStep,
)
from personas.models import BuyerPersona
from results.models import CheckIn, CheckInValue, Milestone
from strategy_planner.models import Goal, Membership, Role, Strategy


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StrategyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strategy

    name = factory.Sequence(lambda n: f"Strategy {n}")
    organisation = "Northwind Coffee Roasters"
    industry = "Specialty coffee"
    start_date = datetime.date(2027, 1, 1)
    end_date = datetime.date(2027, 12, 31)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    strategy = factory.SubFactory(StrategyFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.EDITOR


class BuyerPersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BuyerPersona

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    location = "Berlin"
    age_min = 28
    age_max = 40
    job_title = "Designer"
    goals = factory.LazyFunction(lambda: ["Make great coffee at home"])
    challenges = factory.LazyFunction(lambda: ["Beans go stale"])
    sources = factory.LazyFunction(lambda: ["survey"])


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    strategy = factory.SubFactory(StrategyFactory)
    business_goal = "Grow online revenue 20%"
    marketing_goal = factory.Sequence(lambda n: f"Marketing goal {n}")
    metric = "Website leads"
    baseline = 100
    target = 150
    unit = "leads a month"
    deadline = datetime.date(2027, 6, 30)
    measured_with = "crm"


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Channel {n}")
    media_type = "earned"
    kind = "reviews"
    visits = 1000
    leads = 50
    conversions = 10


class AuditedPieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditedPiece

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Existing piece {n}")
    format = "blog_post"
    views = 1000
    leads = 20
    conversions = 2


class ContentGapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentGap

    strategy = factory.SubFactory(StrategyFactory)
    persona = factory.SubFactory(BuyerPersonaFactory, strategy=factory.SelfAttribute("..strategy"))
    question = factory.Sequence(lambda n: f"Unanswered question {n}?")
    stage = "consideration"
    idea = "A comparison guide"


class ContentPieceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentPiece

    strategy = factory.SubFactory(StrategyFactory)
    title = factory.Sequence(lambda n: f"Planned piece {n}")
    format = "blog_post"
    priority = "medium"
    production = "in_house"
    hours = 8
    publish_date = datetime.date(2027, 3, 15)
    status = "planned"


class MessageSequenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageSequence

    strategy = factory.SubFactory(StrategyFactory)
    name = factory.Sequence(lambda n: f"Sequence {n}")
    trigger = "abandoned_cart"


class SequenceStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SequenceStep

    sequence = factory.SubFactory(MessageSequenceFactory)
    channel = "messenger"
    delay_minutes = 60
    text = "Your cart is waiting."


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    strategy = factory.SubFactory(StrategyFactory)
    kind = "tool"
    name = factory.Sequence(lambda n: f"Tool {n}")
    media_type = "owned"


class BudgetMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetMonth

    line = factory.SubFactory(BudgetLineFactory)
    month = datetime.date(2027, 1, 1)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    strategy = factory.SubFactory(StrategyFactory)
    month = datetime.date(2027, 1, 1)
    note = ""


class CheckInValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckInValue

    check_in = factory.SubFactory(CheckInFactory)
    goal = factory.SubFactory(GoalFactory, strategy=factory.SelfAttribute("..check_in.strategy"))
    actual = 110


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    goal = factory.SubFactory(GoalFactory)
    month = datetime.date(2027, 1, 1)
    value = 120
