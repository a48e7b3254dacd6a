import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budget.models import BudgetLine, BudgetMonth
from budget.rules import horizon_months, month_label
from results import rules
from strategy_planner.models import EditVersioned, Goal, Strategy


def strategy_months(strategy: Strategy) -> list[datetime.date]:
    """The months of the strategy's horizon, as check-ins and milestones count them."""
    return horizon_months(strategy.start_date, strategy.end_date)


class Milestone(models.Model):
    """A milestone someone typed for one month of a goal, in place of the even spread
    (``results.rules.even_spread``). Months without one keep the even spread."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("goal")
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    value = models.DecimalField(
        _("milestone"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Where the goal's metric should stand at the end of the month."),
    )

    class Meta:
        ordering = ["goal", "month"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["goal", "month"], name="one_milestone_per_goal_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="milestone_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} · {month_label(self.month)}"

    def get_absolute_url(self) -> str:
        return reverse("results:milestones", args=[self.goal.strategy.uuid, self.goal_id])


class CheckIn(EditVersioned):
    """A monthly check-in: the actual value of each measurable goal at the end of a
    month of the horizon (:class:`CheckInValue`), with a note. Saving any of its
    values counts as a save of the check-in (its edit version), so that two people
    editing the same check-in are told."""

    strategy = models.ForeignKey(
        Strategy, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("strategy")
    )
    month = models.DateField(
        _("month"), help_text=_("The month the values are for: where each goal stood at its end.")
    )
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("What explains the figures: a campaign, a change on the website, a holiday."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["strategy", "month"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.UniqueConstraint(fields=["strategy", "month"], name="one_check_in_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="check_in_month_first_day"),
        ]

    def __str__(self) -> str:
        return str(_("Check-in for %(month)s") % {"month": month_label(self.month)})

    def activity_name(self) -> str:
        return self.month.isoformat() if self.month else ""

    @classmethod
    def activity_shown(cls, name: str) -> str:
        try:
            return month_label(datetime.date.fromisoformat(name))
        except ValueError:
            return name

    def get_absolute_url(self) -> str:
        return reverse("results:check_in_edit", args=[self.strategy.uuid, self.pk])

    def clean(self) -> None:
        super().clean()
        if self.month and self.month.day != 1:
            raise ValidationError(
                {"month": _("A check-in's month starts on its first day.")}, code="not_first_day"
            )
        if self.month and self.strategy_id and self.month not in strategy_months(self.strategy):
            raise ValidationError(
                {"month": _("Choose a month inside the strategy's horizon.")},
                code="outside_horizon",
            )

    def actuals(self) -> dict[int, Decimal]:
        """The actual value of each goal, by goal id (goals without one left out)."""
        return dict(self.values.values_list("goal_id", "actual"))


class CheckInValue(models.Model):
    """The actual value of one goal in a check-in."""

    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="values", verbose_name=_("check-in")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="check_in_values", verbose_name=_("goal")
    )
    actual = models.DecimalField(_("actual"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["check_in", "goal"]
        verbose_name = _("check-in value")
        verbose_name_plural = _("check-in values")
        constraints = [
            models.UniqueConstraint(fields=["check_in", "goal"], name="one_value_per_goal"),
        ]

    def __str__(self) -> str:
        return f"{self.check_in} · {self.goal}"

    def get_absolute_url(self) -> str:
        return self.check_in.get_absolute_url()


class PlatformResult(models.Model):
    """What one paid platform of the budget brought in a check-in's month: its leads
    and conversions, as the platform reports them. Its spend that month is not kept
    here: it is the budget line's actual for the month (``budget.BudgetMonth``),
    which the check-in and the budget grid both show and write. Saving them counts
    as a save of the check-in (its edit version), like the goals' values."""

    check_in = models.ForeignKey(
        CheckIn,
        on_delete=models.CASCADE,
        related_name="platform_results",
        verbose_name=_("check-in"),
    )
    line = models.ForeignKey(
        BudgetLine,
        on_delete=models.CASCADE,
        related_name="platform_results",
        verbose_name=_("paid platform"),
        help_text=_("The budget line of the paid platform."),
    )
    leads = models.PositiveIntegerField(_("leads"), null=True, blank=True)
    conversions = models.PositiveIntegerField(
        _("conversions"),
        null=True,
        blank=True,
        help_text=_("The sales or new customers the platform reports for the month."),
    )

    class Meta:
        ordering = ["check_in", "line"]
        verbose_name = _("paid platform's results")
        verbose_name_plural = _("paid platforms' results")
        constraints = [
            models.UniqueConstraint(
                fields=["check_in", "line"], name="one_result_per_platform_and_check_in"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.check_in} · {self.line}"

    def get_absolute_url(self) -> str:
        return self.check_in.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if (
            self.line_id
            and self.check_in_id
            and (self.line.strategy_id != self.check_in.strategy_id or self.line.asset_id is None)
        ):
            raise ValidationError(
                {"line": _("Choose a paid platform of this strategy's budget.")},
                code="not_a_platform",
            )


def paid_platforms(strategy: Strategy) -> list[BudgetLine]:
    """The paid platforms the strategy budgets, in the budget's order: its lines tied
    to a paid platform of the inventory. A check-in records each one's month."""
    return list(strategy.budget_lines.exclude(asset=None).order_by("position", "pk"))


def platforms_of(
    strategy: Strategy, lines: list[BudgetLine] | None = None
) -> list[rules.PlatformResults]:
    """Each paid platform's spend (the budget's actuals) and recorded results month by
    month across the horizon, read with a fixed number of queries however many
    platforms there are (the lines, their months' actuals, the results).
    ``lines``: ``paid_platforms(strategy)``, when the caller has them loaded."""
    if lines is None:
        lines = paid_platforms(strategy)
    if not lines:
        return []
    months = strategy_months(strategy)
    spend: dict[int, dict] = {line.pk: {} for line in lines}
    for line_id, month, actual in BudgetMonth.objects.filter(
        line__in=lines, month__gte=months[0], month__lte=months[-1]
    ).values_list("line_id", "month", "actual"):
        spend[line_id][month] = actual
    recorded: dict[int, dict] = {line.pk: {} for line in lines}
    for line_id, month, leads, conversions in PlatformResult.objects.filter(
        line__in=lines, check_in__strategy=strategy
    ).values_list("line_id", "check_in__month", "leads", "conversions"):
        recorded[line_id][month] = (leads, conversions)
    return [
        rules.platform_results(
            line_id=line.pk,
            name=line.name,
            currency=strategy.currency,
            months=months,
            spend=spend[line.pk],
            recorded=recorded[line.pk],
        )
        for line in lines
    ]


def results_of(strategy: Strategy, goals: list[Goal] | None = None) -> list[rules.GoalResults]:
    """Every measurable goal's milestones, actuals and statuses across the horizon, read
    with a fixed number of queries (goals, edited milestones, check-in values).
    ``goals``: the strategy's measurable goals, when the caller has them loaded."""
    if goals is None:
        goals = list(strategy.goals.measurable().order_by("position", "pk"))
    return _results_of_goals([strategy], {strategy.pk: goals})[strategy.pk]


def results_of_many(strategies: Iterable[Strategy]) -> dict[int, list[rules.GoalResults]]:
    """``results_of`` for several strategies at once, by strategy id, in three queries
    however many strategies there are (the dashboard's list of them)."""
    strategies = list(strategies)
    goals: dict[int, list[Goal]] = {strategy.pk: [] for strategy in strategies}
    for goal in (
        Goal.objects.filter(strategy__in=strategies).measurable().order_by("position", "pk")
    ):
        goals[goal.strategy_id].append(goal)
    return _results_of_goals(strategies, goals)


def _results_of_goals(
    strategies: list[Strategy], goals: dict[int, list[Goal]]
) -> dict[int, list[rules.GoalResults]]:
    """Each strategy's goals' results (``rules.goal_results``), with the goals' edited
    milestones and check-in values read in one query each."""
    every_goal = [goal for each in goals.values() for goal in each]
    edited: dict[int, dict] = {goal.pk: {} for goal in every_goal}
    actuals: dict[int, dict] = {goal.pk: {} for goal in every_goal}
    if every_goal:
        for goal_id, month, value in Milestone.objects.filter(goal__in=every_goal).values_list(
            "goal_id", "month", "value"
        ):
            edited[goal_id][month] = value
        for goal_id, month, actual in CheckInValue.objects.filter(
            goal__in=every_goal, check_in__strategy_id=F("goal__strategy_id")
        ).values_list("goal_id", "check_in__month", "actual"):
            actuals[goal_id][month] = actual
    return {
        strategy.pk: [
            rules.goal_results(
                goal_id=goal.pk,
                name=goal.marketing_goal,
                metric=goal.metric,
                unit=goal.unit,
                baseline=goal.baseline,
                target=goal.target,
                deadline=goal.deadline,
                months=months,
                edited=edited[goal.pk],
                actuals=actuals[goal.pk],
            )
            for goal in goals[strategy.pk]
        ]
        for strategy in strategies
        for months in [strategy_months(strategy)]
    }


class CheckInImportMapping(models.Model):
    """Which column of a CSV file holds what, chosen once for the files of one tool:
    the next file whose first row names the same columns is read the same way
    (``results.imports``). ``signature`` names the set of column names, in any
    order and case; ``choices`` is the choice itself (``imports.ColumnMapping``),
    goals named by id."""

    strategy = models.ForeignKey(
        Strategy,
        on_delete=models.CASCADE,
        related_name="check_in_mappings",
        verbose_name=_("strategy"),
    )
    signature = models.CharField(_("column names' signature"), max_length=64)
    columns = models.JSONField(_("column names"), default=list)
    choices = models.JSONField(_("choices"), default=dict)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["strategy", "-updated_at"]
        verbose_name = _("check-in import's columns")
        verbose_name_plural = _("check-in imports' columns")
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "signature"], name="one_check_in_mapping_per_header"
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(self.columns)

    def get_absolute_url(self) -> str:
        return reverse("results:check_ins_import", args=[self.strategy.uuid])
