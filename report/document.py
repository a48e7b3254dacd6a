"""The strategy read once into a plain, in-memory document.

The HTML preview, the PDF and the workbook are all rendered from this one
object, so they never disagree. Building it takes the same number of queries
for a small strategy and a large one. Every label is resolved in the
strategy's own language, so the document reads the same whoever renders it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from assets.models import Asset, MediaAudit, MediaType, mix_summary
from budget.models import budget_of, recorded_results
from budget.rules import Budget, actual_cost_rule_in_words, month_label
from content_plan.models import (
    ContentPiece,
    MessageSequence,
    SequenceStep,
    Verdict,
    rank_audit,
)
from content_plan.rules import ERROR, WARNING, count
from personas.models import BrandVoice, EvidenceSource
from report.brand import logo_url
from report.models import DocumentBrand
from results.charts import plan_vs_actual
from results.models import results_of
from results.rules import GoalResults, rule_in_words
from results.rules import Status as GoalStatus
from strategy_planner.models import Strategy
from strategy_planner.numbers import (
    NATIVE,
    format_delay,
    format_measure,
    format_range,
    use_digits,
)
from strategy_planner.people import display_name
from strategy_planner.wizard import Progress


@dataclass
class Persona:
    name: str
    summary: str
    audience: str
    facts: list[tuple[str, str]]
    psychographics: list[tuple[str, list[str]]]
    sources: list[str]
    evidence_note: str
    assumption_only: bool


@dataclass
class GoalRow:
    business_goal: str
    marketing_goal: str
    metric: str
    baseline: Decimal
    target: Decimal
    unit: str
    deadline: datetime.date
    tool: str
    change: Decimal | None
    personas: list[str]


@dataclass
class Action:
    title: str
    description: str
    goals: list[str]
    carried_out_by: list[str]


@dataclass
class AssetRow:
    id: int
    name: str
    media_type: str
    media_label: str
    kind: str
    platform: str
    url: str
    owner: str
    visits: int | None
    leads: int | None
    conversions: int | None
    revenue: Decimal | None
    spend: Decimal | None
    conversion_rate: Decimal | None
    cost_per_lead: Decimal | None
    cost_per_acquisition: Decimal | None
    return_on_ad_spend: Decimal | None
    why_it_works: str
    decision: str
    decision_reason: str
    over_target: bool
    edit_version: int = 1  # the row's saves, written in the workbook for the import to compare


@dataclass
class PlanRow:
    id: int
    title: str
    format: str
    persona: str
    goal: str
    priority: str
    production: str
    hours: Decimal | None
    budget: Decimal | None
    owner: str
    due_date: datetime.date | None
    publish_date: datetime.date | None
    status: str
    channels: list[str]
    reason: str = ""
    stage: str = ""
    edit_version: int = 1  # the row's saves, written in the workbook for the import to compare


@dataclass
class StepRow:
    channel: str
    delay: str
    promotional: bool
    subject: str
    text: str
    buttons: list[str]
    problems: list[str]


@dataclass
class SequenceRow:
    name: str
    trigger: str
    persona: str
    goal: str
    steps: list[StepRow]
    errors: int
    warnings: int


@dataclass
class Document:
    strategy: dict
    kernel: dict
    actions: list[Action]
    goals: list[GoalRow]
    personas: list[Persona]
    brand_voice: dict | None
    mix: list[dict]
    inventory: list[dict]  # one group per media type
    earned: list[AssetRow]
    paid: list[AssetRow]
    audit_period: dict
    content_audit: list[dict]  # best first, by audit_metric
    audit_metric: str
    gaps: list[dict]
    plan: list[PlanRow]
    totals: dict
    sequences: list[SequenceRow]
    checklist: list[dict]
    generated: datetime.date = field(default_factory=timezone.localdate)
    budget: Budget | None = None  # planned and actual spend by line and month
    results: list[GoalResults] = field(default_factory=list)  # the goals' check-ins
    # What a lead and a conversion cost so far on the paid platforms (budget.rules.
    # cost_so_far), from the budget's actual spend and what the check-ins record.
    costs_so_far: dict = field(default_factory=dict)
    # Each check-in's edit version by month: the workbook's Results sheet carries it
    # for its import to find edits made in the app since the export.
    check_in_versions: dict = field(default_factory=dict)
    # The document's look: "colour" ("#rrggbb" or "") and "logo" (a data URL or "").
    brand: dict = field(default_factory=lambda: {"colour": "", "logo": ""})

    @property
    def actual_cost_rule(self) -> str:
        """How the actual cost per result is worked out, in words (as the budget page
        says it)."""
        return actual_cost_rule_in_words()

    @property
    def results_rule(self) -> str:
        """How a goal's status is decided, in words (as the results page says it)."""
        return rule_in_words()

    @property
    def results_so_far(self) -> list[dict]:
        """Each measurable goal with a check-in: its latest month, milestone, actual
        and status (on track, at risk, off track), in the document's language."""
        labels = dict(GoalStatus.choices)
        return [
            {
                "name": result.name,
                "unit": result.unit,
                "month": result.latest.month,
                # Gregorian, as the Results page and the charts name it, whatever the
                # calendar of the dates: a check-in's month is a Gregorian month.
                "month_label": month_label(result.latest.month),
                "milestone": result.latest.milestone.value,
                "actual": result.latest.actual,
                "target": result.target,
                "status": result.status,
                "status_label": labels[result.status],
            }
            for result in self.results
            if result.latest is not None
        ]

    @property
    def results_charts(self) -> list[dict]:
        """The plan-vs-actual chart of each goal with a check-in, drawn by the Results
        page's own code in the active language, with what its caption says: the
        goal, its status and the latest actual against its milestone.

        A goal without a check-in has no chart: under "Results so far" a manager
        looks for how each goal is doing, and a plan alone would pass for a result
        at a glance; such goals are named instead (``results_waiting``)."""
        labels = dict(GoalStatus.choices)
        return [
            {
                "goal_id": result.goal_id,
                "name": result.name,
                "status": result.status,
                "status_label": labels[result.status],
                "month": month_label(result.latest.month),
                "actual": format_measure(result.latest.actual, result.unit),
                "milestone": format_measure(result.latest.milestone.value, result.unit),
                "drawing": plan_vs_actual(result, html_labels=True),
            }
            for result in self.results
            if result.latest is not None
        ]

    @property
    def results_waiting(self) -> list[str]:
        """The measurable goals without a check-in yet."""
        return [result.name for result in self.results if result.latest is None]

    # A longer plan is listed by month rather than as a table: the document stays
    # readable (and quick to print); the workbook keeps every field.
    PLAN_TABLE_ROWS = 40

    def plan_months(self, lines_per_month: int | None = None) -> list[dict]:
        """The months of the plan's totals, each with its pieces in publish order:
        all of them, or the first ``lines_per_month`` and how many ``more``."""
        pieces: dict = {}
        for row in self.plan:
            month = row.publish_date.replace(day=1) if row.publish_date else None
            pieces.setdefault(month, []).append(row)
        months = []
        for month in self.totals["by_month"]:
            rows = pieces.get(month["month"], [])
            shown = rows if lines_per_month is None else rows[:lines_per_month]
            months.append({**month, "pieces": shown, "more": len(rows) - len(shown)})
        return months


# Figures inside text are written when the text is shown, in the language and digits
# of the page, the PDF or the workbook that shows them (strategy_planner/numbers.py).
lazy_range = lazy(format_range, str)
lazy_delay = lazy(format_delay, str)


def _facts(persona, strategy) -> list[tuple[str, str]]:
    facts = []
    if persona.location:
        facts.append((_("Location"), persona.location))
    if persona.age_min is not None or persona.age_max is not None:
        facts.append((_("Age"), lazy_range(persona.age_min, persona.age_max)))
    if persona.income_min is not None or persona.income_max is not None:
        facts.append(
            (
                _("Yearly income"),
                lazy_range(persona.income_min, persona.income_max, strategy.currency),
            )
        )
    if persona.job_title:
        facts.append((_("Job title"), persona.job_title))
    if strategy.is_b2b and persona.company_size:
        facts.append((_("Company size"), str(persona.get_company_size_display())))
    if strategy.is_b2b and persona.company_industry:
        facts.append((_("Company industry"), persona.company_industry))
    return facts


class Labels:
    """Choice labels, each field's resolved once per document.

    ``get_FOO_display()`` rebuilds the field's choices and translates them on
    every call, which dominates the build of a strategy with many rows.
    """

    def __init__(self):
        self._labels: dict = {}

    def __call__(self, obj, field_name: str) -> str:
        value = getattr(obj, field_name)
        if value is None or value == "":
            return ""
        key = (type(obj), field_name)
        labels = self._labels.get(key)
        if labels is None:
            choices = obj._meta.get_field(field_name).flatchoices
            labels = self._labels[key] = {choice: str(label) for choice, label in choices}
        return labels.get(value, str(value))


def _asset_row(asset: Asset, target, label: Labels, users: dict) -> AssetRow:
    return AssetRow(
        id=asset.pk,
        name=asset.name,
        media_type=asset.media_type,
        media_label=label(asset, "media_type"),
        kind=label(asset, "kind"),
        platform=label(asset, "platform"),
        url=asset.url,
        owner=users.get(asset.owner_id, ""),
        visits=asset.visits,
        leads=asset.leads,
        conversions=asset.conversions,
        revenue=asset.revenue,
        spend=asset.spend,
        conversion_rate=asset.conversion_rate,
        cost_per_lead=asset.cost_per_lead,
        cost_per_acquisition=asset.cost_per_acquisition,
        return_on_ad_spend=asset.return_on_ad_spend,
        why_it_works=asset.why_it_works,
        decision=label(asset, "decision"),
        decision_reason=asset.decision_reason,
        over_target=asset.is_over_target_cost(target),
        edit_version=asset.edit_version,
    )


def method_checklist(strategy: Strategy) -> list[dict]:
    """What the method still asks for: each step of the wizard, done when the wizard
    marks it complete (the same rule, read from the same place), with the page
    that fixes it. Labels are lazy: they come out in the language the page or
    document is drawn in."""
    return [
        {"label": state.step.asks_for, "done": state.complete, "url": state.url}
        for state in Progress(strategy).steps
    ]


def build_document(strategy: Strategy) -> Document:
    # What the document words as it is built (the channel rules' messages) is in the
    # strategy's language and that language's own digits, whoever builds it: the PDF
    # and the workbook may be built for a reader who chose Latin digits on screen.
    with translation.override(strategy.language), use_digits(NATIVE):
        return _build(strategy)


def _build(strategy: Strategy) -> Document:
    personas = list(strategy.personas.all())
    voice = BrandVoice.objects.of(strategy)
    goals = list(strategy.goals.prefetch_related("personas"))
    actions = list(
        strategy.actions.prefetch_related(
            "goals",
            Prefetch("content_pieces", queryset=ContentPiece.objects.only("pk", "title")),
            Prefetch("sequences", queryset=MessageSequence.objects.only("pk", "name")),
            "channels",
        )
    )
    assets = list(strategy.assets.order_by("media_type", "position", "pk"))
    audit = MediaAudit.objects.filter(strategy=strategy).first()
    target = audit.target_cost_per_lead if audit else None
    audited = list(strategy.audited_pieces.all())
    gaps = list(strategy.content_gaps.all())
    pieces = list(strategy.content_pieces.order_by("publish_date", "pk"))
    # Promotion channels as pairs of ids, named from the assets loaded above: a
    # thousand pieces would otherwise make a model instance per channel they use.
    by_position = {asset.pk: (asset.position, asset.pk) for asset in assets}
    promoted_by = {}
    for piece_id, asset_id in sorted(
        ContentPiece.promotion_channels.through.objects.filter(
            contentpiece__strategy=strategy
        ).values_list("contentpiece_id", "asset_id"),
        key=lambda pair: by_position.get(pair[1], (0, pair[1])),
    ):
        promoted_by.setdefault(piece_id, []).append(asset_id)
    asset_names = {asset.pk: asset.name for asset in assets}
    sequences = list(
        strategy.message_sequences.prefetch_related(
            Prefetch("steps", queryset=SequenceStep.objects.all())
        )
    )
    # Names by id from what is loaded already (joining them per row would
    # decode every persona's facts once per content piece).
    label = Labels()
    persona_names = {persona.pk: str(persona) for persona in personas}
    goal_names = {goal.pk: str(goal) for goal in goals}
    users = {
        user.pk: display_name(user)
        for user in get_user_model()
        .objects.filter(pk__in={row.owner_id for row in [*assets, *pieces] if row.owner_id})
        .select_related("profile")
    }

    rows = [_asset_row(asset, target, label, users) for asset in assets]
    mix = [{**group, "label": str(group["label"])} for group in mix_summary(assets)]
    inventory = [
        {
            "label": str(media_type.label),
            "media_type": media_type.value,
            "assets": [row for row in rows if row.media_type == media_type],
        }
        for media_type in MediaType
    ]
    totals = strategy.content_pieces.totals()
    for row in totals["by_priority"]:
        row["label"] = str(row["label"])
    # Ranked as the step's page ranks it at first: by the metric of the first goal.
    audit_ranking = rank_audit(audited, goals[0] if goals else None)
    avoid = voice.words_to_avoid if voice else []
    earned_assets = sorted(
        (a for a in assets if a.media_type == MediaType.EARNED), key=lambda a: (a.position, a.pk)
    )

    checklist = [
        {"label": str(item["label"]), "done": item["done"]} for item in method_checklist(strategy)
    ]

    budget = budget_of(strategy, plan_totals=totals, goals=goals, assets=assets)
    recorded = recorded_results(budget)  # no query without a paid platform's line
    look = DocumentBrand.objects.filter(strategy=strategy).first()
    return Document(
        brand={
            "colour": look.colour if look else "",
            "logo": logo_url(look.logo) if look else "",
        },
        strategy={
            "name": strategy.name,
            "organisation": strategy.organisation,
            "industry": strategy.industry,
            "business_model": str(strategy.get_business_model_display()),
            "price_point": str(strategy.get_price_point_display()),
            "start_date": strategy.start_date,
            "end_date": strategy.end_date,
            "language": strategy.language,
            "calendar": strategy.calendar,
            "currency": strategy.currency,
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
            "last_changed": strategy.updated_at.date(),
            "version": strategy.content_version,
        },
        kernel={"diagnosis": strategy.diagnosis, "guiding_policy": strategy.guiding_policy},
        actions=[
            Action(
                title=action.title,
                description=action.description,
                goals=[goal.marketing_goal for goal in action.goals.all()],
                carried_out_by=action.carried_out_by(),
            )
            for action in actions
        ],
        goals=[
            GoalRow(
                business_goal=goal.business_goal,
                marketing_goal=goal.marketing_goal,
                metric=goal.metric,
                baseline=goal.baseline,
                target=goal.target,
                unit=goal.unit,
                deadline=goal.deadline,
                tool=str(goal.get_measured_with_display()),
                change=goal.change_percent,
                personas=[persona.name for persona in goal.personas.all()],
            )
            for goal in goals
        ],
        personas=[
            Persona(
                name=persona.name,
                summary=persona.summary,
                audience=str(persona.get_audience_display()),
                facts=_facts(persona, strategy),
                psychographics=[
                    (str(label).capitalize(), items)
                    for label, items in persona.psychographics()
                    if items
                ],
                sources=[
                    str(dict(EvidenceSource.choices)[source])
                    for source in persona.sources
                    if source in EvidenceSource.values
                ],
                evidence_note=persona.evidence_note,
                assumption_only=persona.is_assumption_only,
            )
            for persona in personas
        ],
        brand_voice=None
        if voice is None
        else {
            "personality": voice.personality,
            "sounds_like": voice.sounds_like,
            "guidelines": voice.guidelines,
            "words_to_use": voice.words_to_use,
            "words_to_avoid": voice.words_to_avoid,
            "example_message": voice.example_message,
        },
        mix=mix,
        inventory=inventory,
        earned=[_asset_row(asset, target, label, users) for asset in earned_assets],
        paid=inventory[2]["assets"],
        audit_period={
            "start": audit.period_start if audit else None,
            "end": audit.period_end if audit else None,
            "target_cost_per_lead": target,
            "ranking_metric": str(audit.get_ranking_metric_display())
            if audit and audit.ranking_metric
            else "",
        },
        content_audit=[
            {
                "title": piece.title,
                "format": label(piece, "format"),
                "persona": persona_names.get(piece.persona_id, ""),
                "views": piece.views,
                "leads": piece.leads,
                "conversions": piece.conversions,
                "verdict": label(piece, "verdict"),
                "retire": piece.verdict == Verdict.RETIRE,
            }
            for piece in audit_ranking.pieces
        ],
        audit_metric=str(audit_ranking.metric_label),
        gaps=[
            {
                "persona": persona_names.get(gap.persona_id, ""),
                "stage": label(gap, "stage"),
                "question": gap.question,
                "idea": gap.idea,
            }
            for gap in gaps
        ],
        plan=[
            PlanRow(
                id=piece.pk,
                title=piece.title,
                format=label(piece, "format"),
                persona=persona_names.get(piece.persona_id, ""),
                goal=goal_names.get(piece.goal_id, ""),
                priority=label(piece, "priority"),
                production=label(piece, "production"),
                hours=piece.hours,
                budget=piece.budget,
                owner=users.get(piece.owner_id, ""),
                due_date=piece.due_date,
                publish_date=piece.publish_date,
                status=label(piece, "status"),
                channels=[
                    asset_names[pk] for pk in promoted_by.get(piece.pk, ()) if pk in asset_names
                ],
                reason=piece.reason,
                stage=label(piece, "stage"),
                edit_version=piece.edit_version,
            )
            for piece in pieces
        ],
        totals=totals,
        sequences=[
            SequenceRow(
                name=sequence.name,
                trigger=label(sequence, "trigger"),
                persona=persona_names.get(sequence.persona_id, ""),
                goal=goal_names.get(sequence.goal_id, ""),
                steps=[
                    StepRow(
                        channel=label(step, "channel"),
                        delay=lazy_delay(step.delay_minutes),
                        promotional=step.promotional,
                        subject=step.subject,
                        text=step.text,
                        buttons=[button.get("title", "") for button in step.buttons],
                        problems=[problem.message for problem in problems],
                    )
                    for step, problems in checked
                ],
                errors=sum(count(problems, ERROR) for _step, problems in checked),
                warnings=sum(count(problems, WARNING) for _step, problems in checked),
            )
            for sequence, checked in (
                (sequence, sequence.checked_steps(avoid)) for sequence in sequences
            )
        ],
        checklist=checklist,
        budget=budget,
        costs_so_far={
            figure: budget.actual_cost_per(figure, recorded) for figure in ("leads", "conversions")
        },
        results=results_of(strategy),
        check_in_versions=dict(strategy.check_ins.values_list("month", "edit_version")),
    )
