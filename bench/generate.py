"""Realistic strategies of three sizes: the demo, a typical one and a large one.

The demo is the one `seed_demo` makes. The others are written with bulk
inserts, deterministically, and their free text rotates through English,
Persian and Romanian from row to row, so every document mixes the three
scripts (right-to-left shaping included) whatever its own language.
"""

import datetime
import io
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from assets.models import KINDS_BY_MEDIA_TYPE, Asset, Decision, Kind, MediaAudit, MediaType
from budget.models import BudgetLine
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
from content_plan.sequence_templates import TEMPLATES, sequence_from_template
from personas.models import AudienceGroup, BrandVoice, BuyerPersona, EvidenceSource
from report.models import CoherentAction, ShareLink
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Goal, MeasurementTool, Membership, Role, Strategy


@dataclass(frozen=True)
class Size:
    personas: int
    goals: int
    assets: int
    pieces: int
    sequences: int
    members: int
    audited: int
    gaps: int
    actions: int


SIZES = {
    "typical": Size(
        personas=6,
        goals=10,
        assets=40,
        pieces=200,
        sequences=5,
        members=3,
        audited=30,
        gaps=12,
        actions=6,
    ),
    "large": Size(
        personas=10,
        goals=20,
        assets=150,
        pieces=1000,
        sequences=20,
        members=5,
        audited=120,
        gaps=40,
        actions=12,
    ),
}
LANGUAGES = ("en", "fa", "ro")
START = datetime.date(2027, 1, 1)
END = datetime.date(2027, 12, 31)

TEXT = {
    "en": {
        "title": [
            "French press brew guide",
            "Why the roast date is on every bag",
            "Subscription savings calculator",
            "Gift guide for coffee lovers",
            "From the farm to your cup in 48 hours",
            "Which grind for which brewer?",
            "Spring origins webinar",
            "Cold brew season infographic",
        ],
        "reason": [
            "Answers the questions shoppers ask before they buy, and builds trust.",
            "Turns blog readers into newsletter subscribers.",
            "Shows that pausing a subscription is easy, so saying yes feels safe.",
            "Catches the gift searches of November and December.",
        ],
        "persona": [
            "Home-brew Hannah",
            "Gift-buyer Gabriel",
            "Subscription Sam",
            "Office-manager Olivia",
        ],
        "summary": "Brews every morning and wants beans as good as her favourite café's.",
        "location": ["Berlin and Hamburg", "Vienna", "Munich and Zurich"],
        "job": ["UX designer", "Teacher", "Software engineer"],
        "goals": ["Make café-quality coffee at home", "Learn how origins taste"],
        "challenges": ["Beans go stale before the bag is finished", "Brew guides disagree"],
        "interests": ["Specialty cafés", "Hiking", "Food photography"],
        "priorities": ["Freshness", "Fair trade", "Price per cup"],
        "business_goal": [
            "Grow online revenue 20%",
            "Make a third of online revenue recurring",
            "Lower the cost of winning a customer",
        ],
        "marketing_goal": [
            "More leads from the website",
            "More active subscriptions",
            "A bigger brew-guide newsletter",
        ],
        "metric": ["Leads", "Active subscriptions", "Newsletter subscribers"],
        "unit": "a month",
        "asset": [
            "Online shop",
            "Brew guides blog",
            "Newsletter",
            "Instagram profile",
            "Google reviews",
            "Google Search ads",
        ],
        "why": "Enthusiasts recommend our single origins to beginners.",
        "decision": "Leads cost less than the target; keep the brand terms.",
        "question": [
            "Which coffee should I give a friend who loves coffee?",
            "Can I pause my subscription for a month?",
            "What does shipping cost?",
        ],
        "idea": ["Gift guide by taste profile", "Pause your subscription in 20 seconds"],
        "sequence": ["Abandoned cart on Messenger", "Welcome to the brew club", "Shipping updates"],
        "action": "Rescue abandoned carts",
        "action_how": "A reminder, reviews, then a last-day discount, all within 24 hours.",
        "diagnosis": (
            "Most visitors come from search and reviews, read, and leave: they do not yet trust "
            "a roaster they do not know, and carts are abandoned at the shipping step."
        ),
        "policy": (
            "Win trust through expertise before asking for a sale: brew guides, reviews and "
            "proof of freshness do the selling."
        ),
        "voice": "A friendly expert barista who loves to share",
        "avoid": ["cheap", "caffeine fix"],
    },
    "fa": {
        "title": [
            "راهنمای دم‌آوری قهوه با فرنچ‌پرس",
            "چرا تاریخ برشته‌کاری روی هر بسته است؟",
            "ماشین‌حساب صرفه‌جویی اشتراک",
            "راهنمای هدیه برای دوستداران قهوه",
            "از مزرعه تا فنجان شما در ۴۸ ساعت",
            "کدام آسیاب برای کدام روش دم‌آوری؟",
            "وبینار قهوه‌های فصل بهار",
            "اینفوگرافیک قهوه سرددم",
        ],
        "reason": [
            "به پرسش‌های رایج مشتریان پیش از خرید پاسخ می‌دهد و اعتماد می‌سازد.",
            "خوانندگان وبلاگ را به مشترکان خبرنامه تبدیل می‌کند.",
            "نشان می‌دهد که توقف اشتراک ساده است، پس خرید کم‌خطرتر می‌شود.",
            "جست‌وجوهای فصل هدیه در آذر و دی را جذب می‌کند.",
        ],
        "persona": [
            "مریم، عاشق قهوه دمی",
            "رضا، خریدار هدیه",
            "سارا، مشترک همیشگی",
            "علی، باریستای خانگی",
        ],
        "summary": "هر روز صبح قهوه دم می‌کند و دانه‌ای به خوبی کافه محبوبش می‌خواهد.",
        "location": ["تهران و اصفهان", "شیراز", "مشهد و تبریز"],
        "job": ["طراح رابط کاربری", "معلم", "مهندس نرم‌افزار"],
        "goals": ["قهوه‌ای در حد کافه در خانه درست کند", "طعم خاستگاه‌های مختلف را بشناسد"],
        "challenges": ["دانه‌ها پیش از تمام شدن بسته کهنه می‌شوند", "راهنماها با هم تناقض دارند"],
        "interests": ["کافه‌های تخصصی", "کوهنوردی", "عکاسی از غذا"],
        "priorities": ["تازگی دانه", "تجارت منصفانه", "قیمت هر فنجان"],
        "business_goal": [
            "افزایش ۲۰ درصدی فروش آنلاین",
            "یک‌سوم درآمد آنلاین از اشتراک‌ها",
            "کاهش هزینه جذب هر مشتری",
        ],
        "marketing_goal": [
            "سرنخ‌های بیشتر از وب‌سایت",
            "اشتراک‌های فعال بیشتر",
            "خبرنامه بزرگ‌تر راهنمای دم‌آوری",
        ],
        "metric": ["سرنخ‌ها", "اشتراک‌های فعال", "مشترکان خبرنامه"],
        "unit": "در ماه",
        "asset": [
            "فروشگاه آنلاین",
            "وبلاگ راهنمای دم‌آوری",
            "خبرنامه",
            "صفحه اینستاگرام",
            "نظرات گوگل",
            "تبلیغات جست‌وجوی گوگل",
        ],
        "why": "علاقه‌مندان قهوه‌های تک‌خاستگاه ما را به تازه‌کارها پیشنهاد می‌کنند.",
        "decision": "هزینه هر سرنخ کمتر از هدف است؛ کلیدواژه‌های برند را نگه داریم.",
        "question": [
            "برای دوستی که قهوه دوست دارد چه قهوه‌ای بخرم؟",
            "آیا می‌توانم اشتراک را یک ماه متوقف کنم؟",
            "هزینه ارسال چقدر است؟",
        ],
        "idea": ["راهنمای هدیه بر اساس طعم", "توقف اشتراک در ۲۰ ثانیه"],
        "sequence": [
            "سبد خرید رهاشده در مسنجر",
            "خوش‌آمدگویی به باشگاه قهوه",
            "به‌روزرسانی‌های ارسال",
        ],
        "action": "نجات سبدهای خرید رهاشده",
        "action_how": "یادآوری، نظر مشتریان و سپس تخفیف روز آخر، همه در ۲۴ ساعت.",
        "diagnosis": (
            "بیشتر بازدیدکنندگان از جست‌وجو و نظرات می‌آیند، می‌خوانند و می‌روند: هنوز به "
            "برشته‌کاری که نمی‌شناسند اعتماد ندارند و سبد خرید در مرحله ارسال رها می‌شود."
        ),
        "policy": (
            "پیش از درخواست خرید، با تخصص اعتماد بسازیم: راهنماهای دم‌آوری، نظرات و اثبات "
            "تازگی، فروش را انجام می‌دهند."
        ),
        "voice": "باریستای کاربلد و مهربانی که دوست دارد دانسته‌هایش را بگوید",
        "avoid": ["ارزان", "فوری"],
    },
    "ro": {
        "title": [
            "Ghid de preparare la French press",
            "De ce apare data prăjirii pe fiecare pungă",
            "Calculator de economii pentru abonament",
            "Ghid de cadouri pentru iubitorii de cafea",
            "De la fermă la ceașca ta în 48 de ore",
            "Ce râșniță pentru ce metodă de preparare?",
            "Webinar: originile de primăvară",
            "Infografic despre sezonul cold brew",
        ],
        "reason": [
            "Răspunde la întrebările dinainte de cumpărare și construiește încredere.",
            "Transformă cititorii blogului în abonați la newsletter.",
            "Arată că abonamentul se suspendă ușor, deci decizia pare sigură.",
            "Atrage căutările de cadouri din noiembrie și decembrie.",
        ],
        "persona": [
            "Ioana, pasionată de filtru",
            "Mihai, cumpărător de cadouri",
            "Andreea, abonată fidelă",
            "Ștefan, barista acasă",
        ],
        "summary": "Prepară cafea în fiecare dimineață și vrea boabe ca la cafeneaua preferată.",
        "location": ["București și Cluj-Napoca", "Iași", "Timișoara și Brașov"],
        "job": ["Designer UX", "Profesoară", "Inginer software"],
        "goals": ["Să prepare acasă o cafea ca la cafenea", "Să învețe gustul originilor"],
        "challenges": ["Boabele se învechesc înainte de a termina punga", "Ghidurile se contrazic"],
        "interests": ["Cafenele de specialitate", "Drumeții", "Fotografie culinară"],
        "priorities": ["Prospețimea", "Comerț echitabil", "Prețul pe ceașcă"],
        "business_goal": [
            "Creșterea vânzărilor online cu 20%",
            "O treime din venitul online din abonamente",
            "Cost mai mic pentru fiecare client nou",
        ],
        "marketing_goal": [
            "Mai multe lead-uri de pe site",
            "Mai multe abonamente active",
            "Un newsletter cu ghiduri mai mare",
        ],
        "metric": ["Lead-uri", "Abonamente active", "Abonați la newsletter"],
        "unit": "pe lună",
        "asset": [
            "Magazin online",
            "Blogul cu ghiduri",
            "Newsletter",
            "Profil de Instagram",
            "Recenzii Google",
            "Reclame în căutarea Google",
        ],
        "why": "Pasionații recomandă începătorilor cafelele noastre de origine unică.",
        "decision": "Un lead costă sub țintă; păstrăm termenii de brand.",
        "question": [
            "Ce cafea să dăruiesc unui prieten pasionat?",
            "Pot suspenda abonamentul pentru o lună?",
            "Cât costă livrarea?",
        ],
        "idea": ["Ghid de cadouri după profilul de gust", "Suspendă abonamentul în 20 de secunde"],
        "sequence": ["Coș abandonat pe Messenger", "Bun venit în clubul cafelei", "Despre livrare"],
        "action": "Recuperarea coșurilor abandonate",
        "action_how": "Un memento, recenzii, apoi o reducere în ultima zi, totul în 24 de ore.",
        "diagnosis": (
            "Majoritatea vizitatorilor vin din căutări și recenzii, citesc și pleacă: nu au încă "
            "încredere într-un prăjitor pe care nu îl cunosc, iar coșul e abandonat la livrare."
        ),
        "policy": (
            "Câștigăm încrederea prin expertiză înainte de a cere o vânzare: ghidurile, "
            "recenziile și dovada prospețimii vând în locul nostru."
        ),
        "voice": "Un barista prietenos și priceput căruia îi place să explice",
        "avoid": ["ieftin", "grăbește-te"],
    },
}


def text(key: str, i: int):
    """Row i's text for `key`: the language rotates with i, the wording with i // 3."""
    value = TEXT[LANGUAGES[i % len(LANGUAGES)]][key]
    return value[(i // len(LANGUAGES)) % len(value)] if isinstance(value, list) else value


def _day(i: int, count: int) -> datetime.date:
    return START + datetime.timedelta(days=(i * 350) // max(count, 1))


def ensure_demo() -> Strategy:
    call_command("seed_demo", stdout=io.StringIO())
    return Strategy.objects.get(name=DEMO_STRATEGY_NAME)


def ensure(size: str, pieces: int | None = None, language: str = "en") -> Strategy:
    """The strategy of that size (made once per database), e.g. ensure("large")."""
    if size == "demo":
        return ensure_demo()
    shape = SIZES[size]
    if pieces is not None:
        shape = Size(**{**shape.__dict__, "pieces": pieces})
    name = f"Bench {size} · {shape.pieces} pieces"
    strategy = Strategy.objects.filter(name=name).first() or _generate(name, shape, language)
    if not strategy.budget_lines.exists():
        BudgetLine.objects.start(strategy)  # from its paid decisions and its content plan
    return strategy


@transaction.atomic
def _generate(name: str, size: Size, language: str) -> Strategy:
    rng = random.Random(name)
    strategy = Strategy.objects.create(
        name=name,
        organisation="Northwind Coffee Roasters",
        industry="Specialty coffee — online shop and subscriptions",
        start_date=START,
        end_date=END,
        language=language,
        diagnosis="\n\n".join(text("diagnosis", i) for i in range(3)),
        guiding_policy="\n\n".join(text("policy", i) for i in range(3)),
    )
    users = _members(strategy, size.members)
    BrandVoice.objects.create(
        strategy=strategy,
        personality=text("voice", 0),
        sounds_like="Paddington Bear at a coffee bar",
        guidelines=" ".join(text("voice", i) for i in range(3)),
        words_to_use=["freshly roasted", "origin", "تازه برشته", "proaspăt prăjită"],
        words_to_avoid=[word for lang in LANGUAGES for word in TEXT[lang]["avoid"]],
        example_message=" ".join(text("action_how", i) for i in range(3)),
    )
    personas = _personas(strategy, size.personas)
    goals = _goals(strategy, size.goals, personas)
    assets = _assets(strategy, size.assets, goals, users, rng)
    _audit(strategy, size.audited, personas, goals, rng)
    gaps = ContentGap.objects.bulk_create(
        ContentGap(
            strategy=strategy,
            persona=personas[i % len(personas)],
            stage=FunnelStage.values[i % 3],
            question=f"{text('question', i)} ({i + 1})",
            idea=text("idea", i),
        )
        for i in range(size.gaps)
    )
    pieces = _pieces(strategy, size.pieces, personas, goals, gaps, assets, users, rng)
    sequences = _sequences(strategy, size.sequences, personas, goals)
    _actions(strategy, size.actions, goals, pieces, sequences, assets)
    CalendarFeed.objects.create(strategy=strategy, user=users[0])
    ShareLink.objects.create(strategy=strategy, label="Board meeting", created_by=users[0])
    return strategy


def _members(strategy: Strategy, count: int) -> list:
    prefix = strategy.name.split(" · ")[0].lower().replace(" ", "-")
    users = []
    for i in range(count):
        user, _ = get_user_model().objects.get_or_create(
            username=f"{prefix}-{i + 1}", defaults={"email": f"{prefix}-{i + 1}@example.com"}
        )
        # The first member owns the strategy; in a team of three or more the last only reads.
        role = Role.OWNER if i == 0 else Role.EDITOR
        if i == count - 1 and count >= 3:
            role = Role.VIEWER
        Membership.objects.create(strategy=strategy, user=user, role=role)
        users.append(user)
    return users


def _personas(strategy: Strategy, count: int) -> list[BuyerPersona]:
    return BuyerPersona.objects.bulk_create(
        BuyerPersona(
            strategy=strategy,
            position=i + 1,
            name=text("persona", i) + (f" {i // 12 + 1}" if i >= 12 else ""),
            summary=text("summary", i),
            audience=AudienceGroup.values[i % 3],
            location=text("location", i),
            age_min=25 + i % 10,
            age_max=40 + i % 15,
            income_min=30000 + 1000 * i,
            income_max=60000 + 1000 * i,
            job_title=text("job", i),
            goals=TEXT[LANGUAGES[i % 3]]["goals"],
            challenges=TEXT[LANGUAGES[i % 3]]["challenges"],
            interests=TEXT[LANGUAGES[i % 3]]["interests"],
            priorities=TEXT[LANGUAGES[i % 3]]["priorities"],
            sources=[EvidenceSource.SURVEY, EvidenceSource.INTERVIEW]
            if i % 4
            else [EvidenceSource.ASSUMPTION],
            evidence_note=text("reason", i),
        )
        for i in range(count)
    )


def _goals(strategy: Strategy, count: int, personas: list) -> list[Goal]:
    goals = Goal.objects.bulk_create(
        Goal(
            strategy=strategy,
            position=i + 1,
            business_goal=text("business_goal", i),
            marketing_goal=f"{text('marketing_goal', i)} · Q{i % 4 + 1}/{i // 4 + 1}",
            metric=text("metric", i),
            baseline=Decimal(500 + 100 * i),
            target=Decimal(800 + 150 * i),
            unit=text("unit", i),
            deadline=_day(i, count) + datetime.timedelta(days=14),
            measured_with=MeasurementTool.values[i % len(MeasurementTool.values)],
        )
        for i in range(count)
    )
    Goal.personas.through.objects.bulk_create(
        Goal.personas.through(goal=goal, buyerpersona=personas[(i + k) % len(personas)])
        for i, goal in enumerate(goals)
        for k in range(2)
    )
    return goals


def _assets(strategy, count, goals, users, rng) -> list[Asset]:
    media = [MediaType.OWNED] * 4 + [MediaType.EARNED] * 3 + [MediaType.PAID] * 3
    rows = []
    for i in range(count):
        media_type = media[i % len(media)]
        kinds = [k for k in KINDS_BY_MEDIA_TYPE[media_type] if k != Kind.OTHER]
        kind = kinds[i % len(kinds)]
        paid = media_type == MediaType.PAID
        visits = rng.randint(500, 200_000)
        leads = rng.randint(10, visits // 5)
        rows.append(
            Asset(
                strategy=strategy,
                position=i + 1,
                name=f"{text('asset', i)} {i + 1}",
                media_type=media_type,
                kind=kind,
                platform=["google_ads", "facebook", "instagram", "linkedin"][i % 4]
                if paid or kind == Kind.SOCIAL_PROFILE
                else "",
                url=f"https://northwind.example/{i + 1}" if media_type == MediaType.OWNED else "",
                owner=users[i % len(users)],
                notes=text("reason", i),
                visits=visits,
                leads=leads,
                conversions=rng.randint(1, leads),
                revenue=Decimal(rng.randint(1_000, 200_000)),
                spend=Decimal(rng.randint(500, 20_000)) if paid else None,
                why_it_works=text("why", i) if media_type == MediaType.EARNED else "",
                decision=Decision.values[i % 4] if paid else "",
                decision_reason=text("decision", i) if paid else "",
            )
        )
    assets = Asset.objects.bulk_create(rows)
    Asset.goals.through.objects.bulk_create(
        Asset.goals.through(asset=asset, goal=goals[i % len(goals)])
        for i, asset in enumerate(assets)
    )
    MediaAudit.objects.create(
        strategy=strategy,
        period_start=datetime.date(2025, 11, 1),
        period_end=datetime.date(2026, 10, 31),
        target_cost_per_lead=Decimal("4.00"),
        ranking_goal=goals[0],
        ranking_metric="leads",
    )
    return assets


def _audit(strategy, count, personas, goals, rng) -> None:
    AuditedPiece.objects.bulk_create(
        AuditedPiece(
            strategy=strategy,
            title=f"{text('title', i + 1)} ({2024 + i % 3})",
            url=f"https://northwind.example/blog/{i + 1}",
            format=ContentFormat.values[i % 6],
            persona=personas[i % len(personas)],
            goal=goals[i % len(goals)],
            stage=FunnelStage.values[i % 3],
            views=rng.randint(100, 50_000),
            leads=rng.randint(0, 3_000),
            conversions=rng.randint(0, 200),
            verdict=Verdict.values[i % 3],
        )
        for i in range(count)
    )


def _pieces(strategy, count, personas, goals, gaps, assets, users, rng) -> list[ContentPiece]:
    rows = []
    for i in range(count):
        in_house = i % 3 != 0
        due = _day(i, count)
        rows.append(
            ContentPiece(
                strategy=strategy,
                title=f"{text('title', i)} {i + 1}",
                format=ContentFormat.values[i % len(ContentFormat.values)],
                goal=goals[i % len(goals)],
                persona=personas[i % len(personas)],
                stage=FunnelStage.values[i % 3],
                gap=gaps[i] if i < len(gaps) else None,
                reason=text("reason", i),
                priority=Priority.values[i % 3],
                production=Production.IN_HOUSE if in_house else Production.OUTSOURCED,
                hours=Decimal(rng.randint(2, 40)) if in_house else None,
                budget=None if in_house else Decimal(rng.randint(200, 5_000)),
                owner=users[i % len(users)],
                due_date=due,
                publish_date=due + datetime.timedelta(days=3),
                status=Status.values[i % 4],
            )
        )
    pieces = ContentPiece.objects.bulk_create(rows, batch_size=500)
    ContentPiece.promotion_channels.through.objects.bulk_create(
        (
            ContentPiece.promotion_channels.through(
                contentpiece=piece, asset=assets[(i * 7 + k) % len(assets)]
            )
            for i, piece in enumerate(pieces)
            for k in range(i % 3 + 1)
        ),
        batch_size=500,
    )
    return pieces


def _sequences(strategy, count, personas, goals) -> list:
    triggers = [trigger for trigger, steps in TEMPLATES.items() if steps]
    sequences = []
    for i in range(count):
        with translation.override(LANGUAGES[i % 3]):
            sequence = sequence_from_template(
                strategy,
                triggers[i % len(triggers)],
                f"{text('sequence', i)} {i + 1}",
                goal=goals[i % len(goals)],
                persona=personas[i % len(personas)],
            )
        sequences.append(sequence)
    return sequences


def _actions(strategy, count, goals, pieces, sequences, assets) -> None:
    for i in range(count):
        action = CoherentAction.objects.create(
            strategy=strategy,
            position=i + 1,
            title=f"{text('action', i)} {i + 1}",
            description=text("action_how", i),
        )
        action.goals.set(goals[i % len(goals) :][:2])
        action.content_pieces.set(pieces[i * 3 :][:3])
        action.sequences.set(sequences[i % len(sequences) :][:1])
        action.channels.set([a for a in assets if a.media_type == MediaType.PAID][i:][:2])
