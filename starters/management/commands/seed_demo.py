"""Create (or bring up to date) the demo team and its strategy.

Safe to run any number of times: it finds what exists by natural keys and
only fills in what is missing, so work done in the demo is kept.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from assets.models import (
    Asset,
    Decision,
    Kind,
    MediaAudit,
    MediaType,
    Platform,
    rank_by_metric,
)
from content_plan.models import (
    AuditedPiece,
    CalendarFeed,
    ContentFormat,
    ContentGap,
    ContentPiece,
    FunnelStage,
    Priority,
    Production,
    Status,
    Verdict,
)
from content_plan.sequence_templates import sequence_from_template
from personas.models import AudienceGroup, BrandVoice, BuyerPersona, EvidenceSource
from report.models import CoherentAction, ShareLink
from strategy_planner.funnel import EXAMPLE as DEMO_FUNNEL
from strategy_planner.funnel import plan_funnel
from strategy_planner.models import (
    BusinessModel,
    Currency,
    Goal,
    MeasurementTool,
    Membership,
    PricePoint,
    Role,
    Strategy,
)

DEMO_PASSWORD = "demo-planner-2027"
DEMO_STRATEGY_NAME = "Northwind Coffee Roasters — 2027 online growth"

DEMO_TEAM = [
    ("demo", "demo@example.com", Role.OWNER),
    ("ioana", "ioana@example.com", Role.EDITOR),
    ("reza", "reza@example.com", Role.EDITOR),
    ("manager", "manager@example.com", Role.VIEWER),
]


class Command(BaseCommand):
    help = "Create the demo users and the demo strategy (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = {username: self.ensure_user(username, email) for username, email, _ in DEMO_TEAM}
        # The demo owner may also look around the admin.
        get_user_model().objects.filter(username="demo").update(is_staff=True, is_superuser=True)
        strategy = self.ensure_strategy()
        for username, _, role in DEMO_TEAM:
            Membership.objects.get_or_create(
                strategy=strategy, user=users[username], defaults={"role": role}
            )
        if not strategy.personas.exists():
            self.seed_personas(strategy)
        if not BrandVoice.objects.filter(strategy=strategy).exists():
            self.seed_brand_voice(strategy)
        if not strategy.goals.exists():
            self.seed_goals(strategy)
        if not strategy.assets.exists():
            self.seed_assets(strategy, users)
        if not strategy.audited_pieces.exists():
            self.seed_content(strategy, users)
        if not strategy.message_sequences.exists():
            self.seed_sequences(strategy)
        if not strategy.actions.exists():
            self.seed_kernel(strategy, users)
        self.seed_deleted_draft(users["demo"])
        self.stdout.write(self.style.SUCCESS(f"Demo strategy ready: {strategy.name}"))
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/ as  demo / {DEMO_PASSWORD}  (owner);  "
            f"manager / {DEMO_PASSWORD}  is a view-only member."
        )
        self.stdout.write("The admin is at http://127.0.0.1:8000/admin/ (same demo login).")

    def seed_deleted_draft(self, owner) -> None:
        """An abandoned draft in Recently deleted, so the demo shows how to bring one back."""
        draft, created = Strategy.objects.get_or_create(
            name="Holiday gift boxes 2027 (draft)",
            defaults={
                "organisation": "Northwind Coffee Roasters",
                "industry": "Specialty coffee — gift boxes",
                "business_model": BusinessModel.B2C,
                "price_point": PricePoint.LOW,
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2027, 6, 30),
                "language": "en",
                "currency": Currency.EUR,
                "diagnosis": "Gift buyers find us too late in December.",
            },
        )
        if created:
            Membership.objects.create(strategy=draft, user=owner, role=Role.OWNER)
            Strategy.objects.filter(pk=draft.pk).update(
                deleted_at=timezone.now() - datetime.timedelta(days=3), deleted_by=owner
            )

    def ensure_user(self, username: str, email: str):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": email}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        return user

    def ensure_strategy(self) -> Strategy:
        strategy, _ = Strategy.objects.get_or_create(
            name=DEMO_STRATEGY_NAME,
            defaults={
                "organisation": "Northwind Coffee Roasters",
                "industry": "Specialty coffee — online shop and subscriptions",
                "business_model": BusinessModel.B2C,
                "price_point": PricePoint.LOW,
                "start_date": datetime.date(2027, 1, 1),
                "end_date": datetime.date(2027, 12, 31),
                "language": "en",
                "currency": Currency.EUR,
                # Started from the e-commerce template: each step shows its example.
                "template": "ecommerce",
            },
        )
        return strategy

    def seed_personas(self, strategy: Strategy) -> None:
        BuyerPersona.objects.create(
            strategy=strategy,
            name="Home-brew Hannah",
            summary="Brews pour-over every morning; wants beans as good as her favourite café's.",
            audience=AudienceGroup.CUSTOMERS,
            location="Berlin, Hamburg and Munich",
            age_min=28,
            age_max=40,
            income_min=45000,
            income_max=70000,
            job_title="UX designer, product manager, teacher",
            goals=[
                "Make café-quality coffee at home",
                "Learn to taste the difference between origins",
            ],
            challenges=[
                "Beans go stale before she finishes the bag",
                "Brew guides contradict each other",
            ],
            interests=["Specialty cafés", "Cycling", "Food photography on Instagram"],
            priorities=["Freshness (roast date on the bag)", "Ethical sourcing", "Price per cup"],
            sources=[EvidenceSource.ANALYTICS, EvidenceSource.SURVEY, EvidenceSource.INTERVIEW],
            evidence_note="Web analytics 2026; survey of 212 customers in March; 6 interviews.",
        )
        BuyerPersona.objects.create(
            strategy=strategy,
            name="Subscription Sam",
            summary="Wants great coffee to simply arrive, and hates running out.",
            audience=AudienceGroup.PROSPECTS,
            location="Germany and Austria, towns under 100,000",
            age_min=35,
            age_max=55,
            job_title="Works from home: accountant, engineer, consultant",
            goals=["Never run out of coffee", "Discover new origins without effort"],
            challenges=["Past subscriptions were hard to pause", "Shipping costs add up"],
            interests=["Home office set-up", "Hiking"],
            priorities=["Flexibility to skip a month", "Free shipping"],
            sources=[EvidenceSource.SALES_TEAM, EvidenceSource.INTERVIEW],
            evidence_note="Customer service tickets 2026 (cancellation reasons); 4 interviews.",
        )
        BuyerPersona.objects.create(
            strategy=strategy,
            name="Gift-buyer Gabriel",
            summary="Looks for a special present for a coffee-loving friend, twice a year.",
            audience=AudienceGroup.OUTSIDE,
            age_min=30,
            age_max=60,
            goals=["Find a gift that looks thoughtful"],
            challenges=["Does not know which coffee the friend likes"],
            priorities=["Nice packaging", "Delivery before the date"],
            sources=[EvidenceSource.ASSUMPTION],
            evidence_note="Guessed from December sales peaks; to be checked with a survey.",
        )

    def seed_brand_voice(self, strategy: Strategy) -> None:
        BrandVoice.objects.create(
            strategy=strategy,
            personality="A friendly expert barista who loves to share",
            sounds_like="Paddington Bear at a coffee bar: polite, curious, warm",
            guidelines=(
                "Upbeat, a little quirky, above all helpful. Explain a term the first time "
                "you use it. One idea per message."
            ),
            words_to_use=["freshly roasted", "brew", "origin", "your cup"],
            words_to_avoid=["cheap", "best coffee in the world", "caffeine fix", "hurry"],
            example_message=(
                "Your Ethiopia Guji was roasted on Monday — brew it this week for the juiciest "
                "cup. Need a hand with the grind? Reply and we'll help."
            ),
        )

    def seed_goals(self, strategy: Strategy) -> None:
        hannah, sam = strategy.personas.order_by("position")[:2]
        funnel_goal = Goal.from_funnel(strategy, DEMO_FUNNEL, plan_funnel(**DEMO_FUNNEL))
        funnel_goal.measured_with = MeasurementTool.ECOMMERCE
        funnel_goal.save()
        funnel_goal.personas.set([hannah, sam])
        subscriptions = Goal.objects.create(
            strategy=strategy,
            business_goal="Make a third of online revenue recurring",
            marketing_goal="Grow active coffee subscriptions",
            metric="Active subscriptions",
            baseline=850,
            target=1400,
            unit="subscriptions",
            deadline=datetime.date(2027, 12, 31),
            measured_with=MeasurementTool.ECOMMERCE,
        )
        subscriptions.personas.set([sam])
        newsletter = Goal.objects.create(
            strategy=strategy,
            business_goal="Lower the cost of winning a customer",
            marketing_goal="Grow the brew-guide newsletter",
            metric="Newsletter subscribers",
            baseline=6200,
            target=10000,
            unit="subscribers",
            deadline=datetime.date(2027, 9, 30),
            measured_with=MeasurementTool.EMAIL_PLATFORM,
        )
        newsletter.personas.set([hannah])

    def seed_assets(self, strategy: Strategy, users: dict) -> None:
        MediaAudit.objects.update_or_create(
            strategy=strategy,
            defaults={
                "period_start": datetime.date(2025, 11, 1),
                "period_end": datetime.date(2026, 10, 31),
                "target_cost_per_lead": Decimal("4.00"),
                "ranking_goal": strategy.goals.order_by("position").first(),
                "ranking_metric": "leads",
            },
        )
        lead_goal, subscription_goal, newsletter_goal = strategy.goals.order_by("position")
        rows = [
            # name, media, kind, platform, url, owner, visits, leads, conversions, revenue, spend
            (
                "Online shop",
                MediaType.OWNED,
                Kind.WEBSITE,
                "",
                "https://northwind.example/",
                "demo",
                210000,
                31000,
                6100,
                "195200",
                None,
            ),
            (
                "Brew guides blog",
                MediaType.OWNED,
                Kind.BLOG,
                "",
                "https://northwind.example/brew",
                "ioana",
                64000,
                7400,
                520,
                "16640",
                None,
            ),
            (
                "Newsletter",
                MediaType.OWNED,
                Kind.EMAIL_LIST,
                "",
                "",
                "ioana",
                18000,
                6200,
                980,
                "31360",
                None,
            ),
            (
                "Instagram profile",
                MediaType.OWNED,
                Kind.SOCIAL_PROFILE,
                Platform.INSTAGRAM,
                "https://instagram.com/northwind.example",
                "reza",
                9000,
                1500,
                140,
                "4480",
                None,
            ),
            (
                "Google reviews",
                MediaType.EARNED,
                Kind.REVIEWS,
                "",
                "",
                "demo",
                12000,
                2600,
                610,
                "19520",
                None,
            ),
            (
                "Coffee forum mentions",
                MediaType.EARNED,
                Kind.SHARES,
                "",
                "",
                "reza",
                6500,
                900,
                120,
                "3840",
                None,
            ),
            (
                "Food magazine feature",
                MediaType.EARNED,
                Kind.PRESS,
                "",
                "",
                "demo",
                4200,
                1400,
                95,
                "3040",
                None,
            ),
            (
                "Backlinks from brew-gear shops",
                MediaType.EARNED,
                Kind.BACKLINKS,
                "",
                "",
                "ioana",
                3100,
                380,
                60,
                "1920",
                None,
            ),
            (
                "Google Search ads",
                MediaType.PAID,
                Kind.SEARCH_ADS,
                Platform.GOOGLE_ADS,
                "",
                "reza",
                22000,
                3100,
                700,
                "22400",
                "9300",
            ),
            (
                "Instagram ads",
                MediaType.PAID,
                Kind.PAID_SOCIAL,
                Platform.INSTAGRAM,
                "",
                "reza",
                15000,
                1200,
                210,
                "6720",
                "7800",
            ),
            (
                "Facebook ads",
                MediaType.PAID,
                Kind.PAID_SOCIAL,
                Platform.FACEBOOK,
                "",
                "reza",
                8000,
                450,
                60,
                "1920",
                "3600",
            ),
            (
                "LinkedIn sponsored posts",
                MediaType.PAID,
                Kind.SPONSORED,
                Platform.LINKEDIN,
                "",
                "demo",
                900,
                40,
                4,
                "128",
                "1100",
            ),
        ]
        for name, media, kind, platform, url, owner, visits, leads, conv, revenue, spend in rows:
            Asset.objects.create(
                strategy=strategy,
                name=name,
                media_type=media,
                kind=kind,
                platform=platform,
                url=url,
                owner=users[owner],
                visits=visits,
                leads=leads,
                conversions=conv,
                revenue=Decimal(revenue),
                spend=Decimal(spend) if spend else None,
            )
        assets = {asset.name: asset for asset in strategy.assets.all()}
        for name in ("Online shop", "Google reviews", "Google Search ads", "Instagram ads"):
            assets[name].goals.add(lead_goal)
        assets["Newsletter"].goals.add(newsletter_goal, subscription_goal)
        assets["Brew guides blog"].goals.add(newsletter_goal)
        notes = {
            "Google reviews": "4.8 stars from 1,900 reviews; shoppers compare roasters here.",
            "Food magazine feature": "One feature in March sent a month of new subscribers.",
            "Coffee forum mentions": "Enthusiasts recommend our single origins to beginners.",
        }
        for name, note in notes.items():
            assets[name].why_it_works = note
            assets[name].save(update_fields=["why_it_works"])
        decisions = {
            "Google Search ads": (
                Decision.KEEP,
                "€3.00 per lead and 2.4× ROAS; brand terms convert best.",
            ),
            "Instagram ads": (
                Decision.CHANGE,
                "€6.50 per lead, above target: move budget to "
                "retargeting visitors of the brew guides.",
            ),
            "Facebook ads": (Decision.DROP, "€8.00 per lead and falling reach among under-40s."),
            "LinkedIn sponsored posts": (
                Decision.TRY,
                "Test once for office-coffee subscriptions before judging.",
            ),
        }
        for name, (decision, reason) in decisions.items():
            assets[name].decision = decision
            assets[name].decision_reason = reason
            assets[name].save(update_fields=["decision", "decision_reason"])
        rank_by_metric(strategy.assets.earned(), "leads")

    def seed_content(self, strategy: Strategy, users: dict) -> None:
        hannah, sam, gabriel = strategy.personas.order_by("position")
        lead_goal, subscription_goal, newsletter_goal = strategy.goals.order_by("position")
        audited = [
            (
                "Pour-over brew guide",
                ContentFormat.BLOG_POST,
                hannah,
                newsletter_goal,
                FunnelStage.AWARENESS,
                41000,
                2900,
                210,
                Verdict.KEEP,
            ),
            (
                "Which grind for which brewer?",
                ContentFormat.BLOG_POST,
                hannah,
                newsletter_goal,
                FunnelStage.CONSIDERATION,
                23000,
                1700,
                160,
                Verdict.UPDATE,
            ),
            (
                "Origin stories: Ethiopia",
                ContentFormat.VIDEO,
                hannah,
                lead_goal,
                FunnelStage.AWARENESS,
                9800,
                300,
                40,
                Verdict.KEEP,
            ),
            (
                "Subscription FAQ",
                ContentFormat.LANDING_PAGE,
                sam,
                subscription_goal,
                FunnelStage.DECISION,
                6100,
                900,
                420,
                Verdict.UPDATE,
            ),
            (
                "Welcome e-mail series",
                ContentFormat.EMAIL,
                sam,
                subscription_goal,
                FunnelStage.CONSIDERATION,
                5200,
                0,
                380,
                Verdict.KEEP,
            ),
            (
                "2019 holiday gift guide",
                ContentFormat.BLOG_POST,
                gabriel,
                lead_goal,
                FunnelStage.CONSIDERATION,
                1200,
                20,
                3,
                Verdict.RETIRE,
            ),
        ]
        for title, fmt, persona, goal, stage, views, leads, conversions, verdict in audited:
            AuditedPiece.objects.create(
                strategy=strategy,
                title=title,
                format=fmt,
                persona=persona,
                goal=goal,
                stage=stage,
                views=views,
                leads=leads,
                conversions=conversions,
                verdict=verdict,
                url=f"https://northwind.example/{title.lower().replace(' ', '-')[:40]}",
            )
        gaps = [
            (
                sam,
                FunnelStage.CONSIDERATION,
                "How much do I save with a subscription?",
                "Subscription savings calculator",
            ),
            (
                sam,
                FunnelStage.DECISION,
                "Can I pause or skip a month easily?",
                "Video: pause your subscription in 20 seconds",
            ),
            (
                gabriel,
                FunnelStage.AWARENESS,
                "What do I give a friend who loves coffee?",
                "Gift guide 2027 by taste profile",
            ),
            (
                hannah,
                FunnelStage.DECISION,
                "Is the roast date really on every bag?",
                "Photo story: from roaster to your door in 48 hours",
            ),
        ]
        gap_objects = [
            ContentGap.objects.create(
                strategy=strategy, persona=persona, stage=stage, question=question, idea=idea
            )
            for persona, stage, question, idea in gaps
        ]
        assets = {asset.name: asset for asset in strategy.assets.all()}
        plan = [
            # title, format, persona, goal, gap, priority, production, hours, budget,
            # owner, due, publish, status, channels
            (
                "Subscription savings calculator",
                ContentFormat.LANDING_PAGE,
                sam,
                subscription_goal,
                0,
                Priority.HIGH,
                Production.OUTSOURCED,
                None,
                "2400",
                "demo",
                (2027, 1, 25),
                (2027, 2, 3),
                Status.IN_PRODUCTION,
                ["Newsletter", "Google Search ads"],
            ),
            (
                "Pause your subscription in 20 seconds",
                ContentFormat.VIDEO,
                sam,
                subscription_goal,
                1,
                Priority.MEDIUM,
                Production.IN_HOUSE,
                "12",
                None,
                "reza",
                (2027, 2, 10),
                (2027, 2, 17),
                Status.PLANNED,
                ["Instagram profile"],
            ),
            (
                "Gift guide 2027 by taste profile",
                ContentFormat.EBOOK,
                gabriel,
                lead_goal,
                2,
                Priority.HIGH,
                Production.OUTSOURCED,
                None,
                "3800",
                "ioana",
                (2027, 11, 1),
                (2027, 11, 15),
                Status.IDEA,
                ["Instagram ads", "Newsletter"],
            ),
            (
                "From roaster to your door in 48 hours",
                ContentFormat.SOCIAL_POST,
                hannah,
                lead_goal,
                3,
                Priority.MEDIUM,
                Production.IN_HOUSE,
                "6",
                None,
                "reza",
                (2027, 3, 1),
                (2027, 3, 4),
                Status.PLANNED,
                ["Instagram profile"],
            ),
            (
                "Grind guide, updated",
                ContentFormat.BLOG_POST,
                hannah,
                newsletter_goal,
                None,
                Priority.HIGH,
                Production.IN_HOUSE,
                "10",
                None,
                "ioana",
                (2027, 1, 12),
                (2027, 1, 14),
                Status.PUBLISHED,
                ["Brew guides blog", "Newsletter"],
            ),
            (
                "Spring origins webinar",
                ContentFormat.WEBINAR,
                hannah,
                lead_goal,
                None,
                Priority.MEDIUM,
                Production.IN_HOUSE,
                "24",
                None,
                "demo",
                (2027, 3, 20),
                (2027, 4, 8),
                Status.PLANNED,
                ["Newsletter", "Instagram ads"],
            ),
            (
                "Abandoned-cart message sequence",
                ContentFormat.MESSAGE_SEQUENCE,
                sam,
                lead_goal,
                None,
                Priority.HIGH,
                Production.IN_HOUSE,
                "16",
                None,
                "reza",
                (2027, 1, 29),
                (2027, 2, 1),
                Status.IN_PRODUCTION,
                [],
            ),
            (
                "Cold brew season infographic",
                ContentFormat.INFOGRAPHIC,
                hannah,
                newsletter_goal,
                None,
                Priority.LOW,
                Production.OUTSOURCED,
                None,
                "650",
                "ioana",
                (2027, 5, 20),
                (2027, 6, 1),
                Status.IDEA,
                ["Instagram profile"],
            ),
            (
                "Roaster's podcast: episode 1",
                ContentFormat.PODCAST_EPISODE,
                hannah,
                lead_goal,
                None,
                Priority.LOW,
                Production.IN_HOUSE,
                "20",
                None,
                "demo",
                (2027, 4, 25),
                (2027, 5, 6),
                Status.IDEA,
                [],
            ),
            (
                "Office coffee for small teams",
                ContentFormat.LANDING_PAGE,
                sam,
                subscription_goal,
                None,
                Priority.MEDIUM,
                Production.OUTSOURCED,
                None,
                "1200",
                "demo",
                (2027, 8, 20),
                (2027, 9, 1),
                Status.IDEA,
                ["LinkedIn sponsored posts"],
            ),
        ]
        for (
            title,
            fmt,
            persona,
            goal,
            gap,
            priority,
            production,
            hours,
            budget,
            owner,
            due,
            publish,
            status,
            channels,
        ) in plan:
            piece = ContentPiece.objects.create(
                strategy=strategy,
                title=title,
                format=fmt,
                persona=persona,
                goal=goal,
                stage=gap_objects[gap].stage if gap is not None else "",
                gap=gap_objects[gap] if gap is not None else None,
                reason=(
                    f"Answers “{gap_objects[gap].question}”"
                    if gap is not None
                    else "Keeps the brew-guide audience coming back."
                ),
                priority=priority,
                production=production,
                hours=Decimal(hours) if hours else None,
                budget=Decimal(budget) if budget else None,
                owner=users[owner],
                due_date=datetime.date(*due),
                publish_date=datetime.date(*publish),
                status=status,
            )
            piece.promotion_channels.set([assets[name] for name in channels])
        CalendarFeed.objects.get_or_create(strategy=strategy, user=users["demo"])

    def seed_sequences(self, strategy: Strategy) -> None:
        hannah, sam, _gabriel = strategy.personas.order_by("position")
        lead_goal, subscription_goal, _newsletter = strategy.goals.order_by("position")
        cart = sequence_from_template(
            strategy,
            "abandoned_cart",
            "Abandoned cart on Messenger",
            goal=lead_goal,
            persona=hannah,
        )
        cart.greeting = "Hi {{user_first_name}}! Ask us anything about beans, grinds and brewing."
        cart.save()
        # An e-mail a few minutes after the Messenger reminder: the checker flags the stagger.
        cart.steps.create(
            channel="email",
            delay_minutes=65,
            subject="You left something freshly roasted in your cart — it's waiting for you",
            preheader="Your beans were roasted on Monday.",
            text="Hi {{first_name}}, your {{product_name}} is still in your cart.",
        )
        sequence_from_template(
            strategy, "fulfillment", "Shipping updates", goal=subscription_goal, persona=sam
        )
        sequence_from_template(strategy, "welcome", "Welcome to the brew club", persona=hannah)

    def seed_kernel(self, strategy: Strategy, users: dict) -> None:
        strategy.diagnosis = (
            "Most visitors arrive from search and reviews, like what they read, and leave: "
            "an online roaster they do not know has not yet earned their trust, and the cart "
            "is abandoned at the shipping step. Paid social brings clicks that do not buy."
        )
        strategy.guiding_policy = (
            "Win trust through expertise before asking for a sale: brew guides, reviews and "
            "freshness proof do the selling; paid money goes only where a lead costs under "
            "€4, and subscriptions are made effortless to start and to pause."
        )
        strategy.save(update_fields=["diagnosis", "guiding_policy", "updated_at"])
        lead_goal, subscription_goal, newsletter_goal = strategy.goals.order_by("position")
        pieces = {piece.title: piece for piece in strategy.content_pieces.all()}
        sequences = {sequence.name: sequence for sequence in strategy.message_sequences.all()}
        assets = {asset.name: asset for asset in strategy.assets.all()}
        rescue = CoherentAction.objects.create(
            strategy=strategy,
            title="Rescue abandoned carts on Messenger",
            description="Reminder, social proof, then a last-day discount inside 24 hours.",
        )
        rescue.goals.set([lead_goal])
        rescue.sequences.set([sequences["Abandoned cart on Messenger"]])
        rescue.content_pieces.set([pieces["Abandoned-cart message sequence"]])
        expertise = CoherentAction.objects.create(
            strategy=strategy,
            title="Make expertise the reason to subscribe",
            description="Updated brew guides and a webinar feed the newsletter, which sells.",
        )
        expertise.goals.set([newsletter_goal, subscription_goal])
        expertise.content_pieces.set(
            [pieces["Grind guide, updated"], pieces["Spring origins webinar"]]
        )
        expertise.channels.set([assets["Google Search ads"]])
        budget = CoherentAction.objects.create(
            strategy=strategy,
            title="Move paid budget to what earns leads under €4",
            description="Keep search, fix Instagram with retargeting, drop Facebook.",
        )
        budget.goals.set([lead_goal])
        budget.channels.set(
            [assets["Google Search ads"], assets["Instagram ads"], assets["Facebook ads"]]
        )
        ShareLink.objects.get_or_create(
            strategy=strategy, label="Board meeting", defaults={"created_by": users["demo"]}
        )
