import datetime
from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assets.models import Asset, Decision, MediaAudit, MediaType
from budget import rules
from content_plan.models import AuditMetric, ContentPiece, metric_for_goal
from strategy_planner.calendars import format_date
from strategy_planner.models import (
    EditVersioned,
    Goal,
    Positioned,
    PositionedQuerySet,
    Strategy,
)


class LineKind(models.TextChoices):
    PAID_PLATFORM = "paid_platform", _("Paid platform")
    OUTSOURCED_CONTENT = "outsourced_content", _("Outsourced content")
    TOOL = "tool", _("Tool")
    PEOPLE = "people", _("Agency or people")
    OTHER = "other", _("Other")


class Figure(models.TextChoices):
    """The two figures of a month of the budget."""

    PLANNED = "planned", _("Planned")
    ACTUAL = "actual", _("Actual")


# Paid platforms with one of these decisions go on; a dropped one carries no budget.
FORWARD_DECISIONS = (Decision.KEEP, Decision.CHANGE, Decision.TRY)


class BudgetLineQuerySet(PositionedQuerySet):
    def start(self, strategy: Strategy) -> list["BudgetLine"]:
        """Start (or complete) the budget from what the strategy has decided: a line
        for every paid platform decided keep, change or try that has none yet, each
        month planned at its current monthly spend (its spend over the audit
        period's months; a dropped platform carries no budget), and the
        "Outsourced content" line, whose planned months are the content plan's
        outsourced budget by publish month. Returns the lines added, at the end."""
        audit = MediaAudit.objects.of(strategy)
        months_audited = rules.period_months(audit.period_start, audit.period_end)
        budgeted = strategy.budget_lines.exclude(asset=None).values("asset_id")
        platforms = list(
            strategy.assets.paid()
            .filter(decision__in=FORWARD_DECISIONS)
            .exclude(pk__in=budgeted)
            .order_by("position", "pk")
        )
        lines = [
            BudgetLine(
                strategy=strategy,
                kind=LineKind.PAID_PLATFORM,
                asset=platform,
                name=platform.name,
                media_type=MediaType.PAID,
            )
            for platform in platforms
        ]
        monthly = {
            platform.pk: rules.monthly_spend(platform.spend, months_audited, strategy.currency)
            for platform in platforms
        }
        if not strategy.budget_lines.filter(from_content_plan=True).exists():
            with translation.override(strategy.language):
                name = gettext("Outsourced content")
            lines.append(
                BudgetLine(
                    strategy=strategy,
                    kind=LineKind.OUTSOURCED_CONTENT,
                    name=name,
                    media_type=MediaType.OWNED,
                    from_content_plan=True,
                )
            )
        if not lines:
            return []
        months = rules.horizon_months(strategy.start_date, strategy.end_date)
        with transaction.atomic():
            created = self.bulk_create_at_end(lines)
            BudgetMonth.objects.bulk_create(
                BudgetMonth(line=line, month=month, planned=monthly[line.asset_id])
                for line in created
                if line.asset_id and monthly[line.asset_id] is not None
                for month in months
            )
            Strategy.objects.filter(pk=strategy.pk).bump_content_version()
        return created


class BudgetLine(Positioned, EditVersioned):
    """A line of the budget: what the money goes to (a paid platform, outsourced
    content, a tool, an agency or people), with its planned and actual spend by
    month (:class:`BudgetMonth`). Saving any of its months counts as a save of the
    line (its edit version), so that two people editing the same line are told."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("strategy")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    asset = models.ForeignKey(
        Asset,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("paid platform"),
        help_text=_("The paid platform of the inventory this line budgets, if any."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_("e.g. “Google Ads”, “E-mail platform”, “PR agency retainer”."),
    )
    media_type = models.CharField(
        _("media type"),
        max_length=6,
        choices=MediaType.choices,
        help_text=_("Which media the money is for: a PR agency earns, a newsletter tool owns."),
    )
    # The line whose planned months are the content plan's outsourced budget; read
    # from the plan, never typed here. Set by BudgetLineQuerySet.start().
    from_content_plan = models.BooleanField(
        _("planned from the content plan"), default=False, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = BudgetLineQuerySet.as_manager()

    class Meta:
        ordering = ["strategy", "position", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["asset"], name="one_budget_line_per_platform"),
            models.UniqueConstraint(
                fields=["strategy"],
                condition=Q(from_content_plan=True),
                name="one_budget_line_from_the_content_plan",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("budget:line_edit", args=[self.strategy.uuid, self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.asset_id:
            if (
                self.asset.strategy_id != self.strategy_id
                or self.asset.media_type != MediaType.PAID
            ):
                errors["asset"] = ValidationError(
                    _("Choose a paid platform of this strategy's inventory."), code="not_paid"
                )
            elif self.kind and self.kind != LineKind.PAID_PLATFORM:
                errors["kind"] = ValidationError(
                    _("A line that budgets a paid platform is of the kind “Paid platform”."),
                    code="platform_kind",
                )
            elif self.media_type and self.media_type != MediaType.PAID:
                errors["media_type"] = ValidationError(
                    _("A paid platform is paid media."), code="platform_media"
                )
        if self.from_content_plan and self.kind and self.kind != LineKind.OUTSOURCED_CONTENT:
            errors["kind"] = ValidationError(
                _("This line reads the content plan: it stays “Outsourced content”."),
                code="plan_kind",
            )
        if errors:
            raise ValidationError(errors)


class BudgetMonth(models.Model):
    """One month of a budget line: what is planned and what was spent. Amounts are
    in the strategy's currency, in its minor units (none for IRR)."""

    line = models.ForeignKey(
        BudgetLine, on_delete=models.CASCADE, related_name="months", verbose_name=_("line")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    planned = models.DecimalField(
        _("planned"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    actual = models.DecimalField(
        _("actual"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("What was spent, once the month's invoices are in."),
    )

    class Meta:
        ordering = ["line", "month"]
        verbose_name = _("budget month")
        verbose_name_plural = _("budget months")
        constraints = [
            models.UniqueConstraint(fields=["line", "month"], name="one_budget_month_per_line"),
            models.CheckConstraint(condition=Q(month__day=1), name="budget_month_first_day"),
            models.CheckConstraint(
                condition=Q(planned__gte=0) | Q(planned__isnull=True),
                name="budget_planned_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(actual__gte=0) | Q(actual__isnull=True),
                name="budget_actual_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} · {format_date(self.month, 'YEAR_MONTH_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("budget:grid", args=[self.line.strategy.uuid]) + f"#line-{self.line_id}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        strategy = self.line.strategy if self.line_id else None
        if self.month and self.month.day != 1:
            errors["month"] = ValidationError(
                _("A budget month starts on the first day of the month."), code="not_first_day"
            )
        elif self.month and strategy and self.month not in strategy_months(strategy):
            errors["month"] = ValidationError(
                _("Choose a month inside the strategy's horizon."), code="outside_horizon"
            )
        for name in ("planned", "actual"):
            try:
                if strategy:
                    rules.check_minor_units(getattr(self, name), strategy.currency)
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)


def strategy_months(strategy: Strategy) -> list:
    """The months of the strategy's horizon, as the budget counts them."""
    return rules.horizon_months(strategy.start_date, strategy.end_date)


def planned_results(strategy: Strategy, goals=None, assets=None) -> rules.Results:
    """The leads and customers the strategy's goals ask for over the horizon.

    Leads: the largest target of the goals that count leads (the funnel
    calculator saves its answer as one) — goals that count leads in different
    ways (website leads, newsletter sign-ups) count the same people, so they are
    not added up. Customers: the largest target of the goals that count
    customers or sales; without one, the leads times the lead-to-customer rate
    the inventory shows (its conversions per lead), as the funnel relates them.
    ``goals`` and ``assets``: the strategy's, when the caller has them loaded.
    """
    if goals is None:
        goals = [
            Goal(counts=counts, target=target)
            for counts, target in strategy.goals.values_list("counts", "target")
        ]
    targets: dict[str, int] = {}
    for goal in goals:
        if goal.target is None or goal.target <= 0:
            continue
        counts = metric_for_goal(goal)
        targets[counts] = max(targets.get(counts, 0), int(goal.target))
    leads = targets.get(AuditMetric.LEADS)
    customers = targets.get(AuditMetric.CONVERSIONS)
    if customers is None and leads:
        if assets is None:
            seen = strategy.assets.aggregate(leads=Sum("leads"), conversions=Sum("conversions"))
        else:
            seen = {
                "leads": sum(asset.leads or 0 for asset in assets),
                "conversions": sum(asset.conversions or 0 for asset in assets),
            }
        if seen["leads"] and seen["conversions"]:
            rate = Decimal(seen["conversions"]) / Decimal(seen["leads"])
            customers = int((leads * rate).to_integral_value(rounding=ROUND_CEILING)) or None
    return rules.Results(leads=leads, customers=customers)


def budget_of(strategy: Strategy, plan_totals=None, goals=None, assets=None) -> rules.Budget:
    """The strategy's budget over its horizon, read with a fixed number of queries:
    the lines and their months, the content plan's totals (the "Outsourced
    content" line's planned months and the in-house hours beside them), and the
    results the goals ask for. The grid page, the document and the workbook read
    it; the document passes what it has loaded already (``ContentPieceQuerySet.
    totals()``, the goals and the assets)."""
    currency = strategy.currency
    months = strategy_months(strategy)
    position = {month: index for index, month in enumerate(months)}
    lines = list(strategy.budget_lines.order_by("position", "pk"))
    planned = {line.pk: [None] * len(months) for line in lines}
    actual = {line.pk: [None] * len(months) for line in lines}
    for line_id, month, planned_amount, actual_amount in BudgetMonth.objects.filter(
        line__strategy=strategy, month__gte=months[0], month__lte=months[-1]
    ).values_list("line_id", "month", "planned", "actual"):
        index = position.get(month)
        if index is not None:
            planned[line_id][index] = planned_amount
            actual[line_id][index] = actual_amount

    plan = plan_totals if plan_totals is not None else strategy.content_pieces.totals()
    plan_budget = _plan_budget(plan["by_month"], position, currency)
    hours = [rules.ZERO] * len(months)
    for row in plan["by_month"]:
        index = position.get(row["month"])
        if index is not None:
            hours[index] = row["hours"]

    kinds = dict(LineKind.choices)
    media = dict(MediaType.choices)
    rows = [
        rules.BudgetRow(
            id=line.pk,
            name=line.name,
            kind=line.kind,
            kind_label=str(kinds.get(line.kind, line.kind)),
            media_type=line.media_type,
            media_label=str(media.get(line.media_type, line.media_type)),
            planned=list(plan_budget) if line.from_content_plan else planned[line.pk],
            actual=actual[line.pk],
            from_content_plan=line.from_content_plan,
            asset_id=line.asset_id,
            edit_version=line.edit_version,
        )
        for line in lines
    ]
    return rules.Budget(
        currency=currency,
        months=months,
        rows=rows,
        media_types=[(value, str(label)) for value, label in MediaType.choices],
        hours=hours,
        unscheduled_budget=rules.to_minor_units(plan["budget"], currency) - sum(plan_budget),
        unscheduled_hours=plan["hours"] - sum(hours),
        results=planned_results(strategy, goals, assets),
    )


def _plan_budget(by_month: Iterable[dict], position: dict, currency: str) -> list[Decimal]:
    """The "Outsourced content" line's planned months: the content plan's outsourced
    budget by publish month (rows of ``ContentPieceQuerySet.totals()["by_month"]``),
    in the currency's minor units; months of the horizon by ``position``."""
    budget = [rules.ZERO] * len(position)
    for row in by_month:
        index = position.get(row["month"])
        if index is not None:
            budget[index] = rules.to_minor_units(row["budget"], currency)
    return budget


def spend_of_many(strategies: Iterable[Strategy]) -> dict[int, rules.Amounts]:
    """What ``budget_of(strategy).total`` says — planned over the horizon, spent, and
    planned for the months with an actual figure — for several strategies at once, by
    strategy id, in two queries however many there are (the dashboard's list): the
    lines with their months, and the content plan's outsourced budget by publish
    month for the strategies with an "Outsourced content" line."""
    strategies = list(strategies)
    positions = {
        strategy.pk: {month: index for index, month in enumerate(strategy_months(strategy))}
        for strategy in strategies
    }
    # strategy id -> line id -> (planned, actual) by month of the horizon
    cells: dict[int, dict[int, tuple[list, list]]] = {strategy.pk: {} for strategy in strategies}
    from_plan: dict[int, int] = {}  # strategy id -> its "Outsourced content" line
    rows = (
        BudgetLine.objects.filter(strategy__in=strategies)
        .order_by()
        .values_list(
            "strategy_id",
            "pk",
            "from_content_plan",
            "months__month",
            "months__planned",
            "months__actual",
        )
    )
    for strategy_id, line_id, from_content_plan, month, planned, actual in rows:
        position = positions[strategy_id]
        planned_by_month, actual_by_month = cells[strategy_id].setdefault(
            line_id, ([None] * len(position), [None] * len(position))
        )
        if from_content_plan:
            from_plan[strategy_id] = line_id
        index = position.get(month)
        if index is not None:
            planned_by_month[index] = planned
            actual_by_month[index] = actual
    if from_plan:
        by_month = _plan_budget_by_month(from_plan)
        currencies = {strategy.pk: strategy.currency for strategy in strategies}
        for strategy_id, line_id in from_plan.items():
            cells[strategy_id][line_id][0][:] = _plan_budget(
                by_month.get(strategy_id, []), positions[strategy_id], currencies[strategy_id]
            )
    return {
        strategy.pk: rules.total(
            rules.Amounts.of_cell(planned, actual)
            for planned_by_month, actual_by_month in cells[strategy.pk].values()
            for planned, actual in zip(planned_by_month, actual_by_month, strict=True)
        )
        for strategy in strategies
    }


def _plan_budget_by_month(strategy_ids: Iterable[int]) -> dict[int, list[dict]]:
    """The content plan's totals by publish month of each strategy, as
    ``ContentPieceQuerySet.totals()["by_month"]`` gives them for one, in one
    grouped query."""
    found: dict[int, list[dict]] = {}
    pieces = ContentPiece.objects.filter(strategy__in=list(strategy_ids))
    for row in pieces.by_month(per_strategy=True):
        found.setdefault(row["strategy_id"], []).append(row)
    return found


def recorded_results(
    budget: rules.Budget,
) -> dict[tuple[int, datetime.date], rules.Recorded]:
    """The leads and conversions the monthly check-ins record for the budget's paid
    platforms, by (line id, month), in one query (none without a paid platform).

    The results app keeps them (``results.PlatformResult``, tied to the budget line
    it counts for); the budget reads them through that tie, as the one figure of
    the results it shows, without importing the app above it."""
    lines = [row.id for row in budget.rows if row.asset_id]
    if not lines:
        return {}
    found = BudgetLine.objects.filter(pk__in=lines).values_list(
        "pk",
        "platform_results__check_in__month",
        "platform_results__leads",
        "platform_results__conversions",
    )
    return {
        (line_id, month): rules.Recorded(leads, conversions)
        for line_id, month, leads, conversions in found
        if month is not None
    }
