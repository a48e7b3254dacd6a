from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.rules import actual_cost_rule_in_words, month_label
from results import rules
from results.charts import STATUS_COLOURS, plan_vs_actual
from results.forms import CheckInForm, ImportForm, MilestonesForm
from results.imports import UnreadableFile, import_check_ins
from results.models import paid_platforms, platforms_of, results_of, strategy_months
from results.rules import rule_in_words
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.calendars import format_date
from strategy_planner.models import Role
from strategy_planner.numbers import (
    MISSING,
    format_count,
    format_goal_figures,
    format_measure,
    format_money,
)
from strategy_planner.views import confirm_delete

FRAME = "results/base.html"
STATUS_LABELS = dict(rules.Status.choices)


def page_url(strategy, anchor: str = "") -> str:
    return reverse("results:page", args=[strategy.uuid]) + anchor


@dataclass
class Cell:
    milestone: str
    edited: bool
    actual: str
    status: str
    status_label: str


@dataclass
class GoalCard:
    """A goal's results as the page shows them: every figure written already."""

    results: rules.GoalResults
    figures: str
    deadline: str
    status: str
    status_label: str
    latest_month: str
    latest_actual: str
    latest_milestone: str
    cells: list[Cell]
    chart: str


def goal_cards(goals: list[rules.GoalResults]) -> list[GoalCard]:
    cards = []
    for goal in goals:
        latest = goal.latest
        cards.append(
            GoalCard(
                results=goal,
                figures=format_goal_figures(goal.baseline, goal.target, goal.unit),
                deadline=format_date(goal.deadline, "SHORT_DATE_FORMAT"),
                status=goal.status or "",
                status_label=str(STATUS_LABELS.get(goal.status, "")),
                latest_month=month_label(latest.month) if latest else "",
                latest_actual=format_measure(latest.actual, goal.unit) if latest else "",
                latest_milestone=format_measure(latest.milestone.value, goal.unit)
                if latest
                else "",
                cells=[
                    Cell(
                        milestone=format_measure(month.milestone.value, goal.unit),
                        edited=month.milestone.edited,
                        actual=""
                        if month.actual is None
                        else format_measure(month.actual, goal.unit),
                        status=month.status or "",
                        status_label=str(STATUS_LABELS.get(month.status, "")),
                    )
                    for month in goal.months
                ],
                chart=plan_vs_actual(goal),
            )
        )
    return cards


@dataclass
class PlatformRow:
    """A paid platform on the Results page, its figures so far written already: the
    spend of the months whose check-in records its results, those results and what
    each cost (``budget.rules.cost_so_far``)."""

    results: rules.PlatformResults
    months: str  # how many months count, in words
    spend: str
    leads: str
    per_lead: str
    conversions: str
    per_conversion: str


def platform_rows(platforms: list[rules.PlatformResults]) -> list[PlatformRow]:
    rows = []
    for platform in platforms:
        currency = platform.currency
        counted = [month for month in platform.months if month.recorded and month.spend is not None]
        per_lead, per_conversion = platform.per_lead, platform.per_conversion
        rows.append(
            PlatformRow(
                results=platform,
                months=ngettext(
                    "over %(count)s month with a check-in",
                    "over %(count)s months with a check-in",
                    len(counted),
                )
                % {"count": format_count(len(counted))}
                if counted
                else _("No check-in records it yet."),
                spend=format_money(
                    sum(month.spend for month in counted) if counted else None, currency
                ),
                leads=format_count(per_lead.results) if per_lead.months else MISSING,
                per_lead=format_money(per_lead.cost, currency),
                conversions=format_count(per_conversion.results)
                if per_conversion.months
                else MISSING,
                per_conversion=format_money(per_conversion.cost, currency),
            )
        )
    return rows


def _result_text(count: int, cost, currency: str, lead: bool) -> str:
    """A platform's leads or conversions of a month, with what each cost when known."""
    names = {"count": format_count(count), "cost": format_money(cost, currency)}
    if cost is None:
        text = (
            ngettext("%(count)s lead", "%(count)s leads", count)
            if lead
            else ngettext("%(count)s conversion", "%(count)s conversions", count)
        )
    elif lead:
        text = ngettext("%(count)s lead at %(cost)s", "%(count)s leads at %(cost)s each", count)
    else:
        text = ngettext(
            "%(count)s conversion at %(cost)s", "%(count)s conversions at %(cost)s each", count
        )
    return text % names


def month_figures(platforms: list[rules.PlatformResults], month) -> list[str]:
    """Each paid platform's month in one check-in, in words: its spend, its leads and
    conversions and what each cost that month (what is not recorded left out, and
    platforms with nothing that month)."""
    found = []
    for platform in platforms:
        figures = platform.of_month(month)
        if figures is None or (figures.spend is None and not figures.recorded):
            continue
        parts = []
        if figures.spend is not None:
            parts.append(
                _("%(amount)s spent") % {"amount": format_money(figures.spend, platform.currency)}
            )
        for figure, lead in (("leads", True), ("conversions", False)):
            count = getattr(figures, figure)
            if count is not None:
                cost = platform.cost_per(figure, [figures]).cost
                parts.append(_result_text(count, cost, platform.currency, lead))
        found.append(
            _("%(platform)s: %(figures)s")
            % {"platform": platform.name, "figures": " · ".join(parts)}
        )
    return found


def _check_in_form(
    access: StrategyAccess, goals, platforms, data=None, instance=None
) -> CheckInForm:
    return CheckInForm(
        data,
        instance=instance,
        strategy=access.strategy,
        goals=goals,
        platforms=platforms,
        prefix="check_in",
    )


def _goals(access: StrategyAccess) -> list:
    return list(access.strategy.goals.measurable().order_by("position", "pk"))


@strategy_view()
def page(request, access: StrategyAccess):
    """Each measurable goal's milestones and actuals month by month, its status and a
    chart of plan against actual; each paid platform's spend and results and what a
    lead and a conversion cost on it; the check-ins; a POST adds a check-in (editors).

    It adds like every step's page (``inline_add``), but saves with
    ``save_if_unchanged``: a platform's spend typed in the check-in is the budget's,
    and may meet a figure someone saved in the budget meanwhile."""
    strategy = access.strategy
    goals = _goals(access)
    lines = paid_platforms(strategy)
    add_form = None
    if access.can_edit and goals:
        add_form = _check_in_form(access, goals, lines, request.POST or None)
        if request.method == "POST" and add_form.is_valid():
            check_in = add_form.save_if_unchanged()
            if check_in is not None:
                messages.success(
                    request,
                    _("Added the check-in for %(month)s.") % {"month": month_label(check_in.month)},
                )
                if not request.htmx:
                    return redirect(page_url(strategy, "#check-ins"))
                add_form = _check_in_form(access, goals, lines)
    months = strategy_months(strategy)
    platforms = platforms_of(strategy, lines)
    check_ins = list(strategy.check_ins.order_by("-month"))
    context = {
        "access": access,
        "strategy": strategy,
        "months": [month_label(month, short=True) for month in months],
        "cards": goal_cards(results_of(strategy, goals)),
        "platforms": platform_rows(platforms),
        "check_ins": [
            (check_in, month_figures(platforms, check_in.month)) for check_in in check_ins
        ],
        "add_form": add_form,
        "rule": rule_in_words(),
        "cost_rule": actual_cost_rule_in_words(),
        "statuses": [
            {"value": value, "label": label, "colour": STATUS_COLOURS[value]}
            for value, label in rules.Status.choices
        ],
    }
    template = "_results_section.html" if request.htmx else "page.html"
    # htmx swaps in only a success, so a conflict it asked about comes back as one.
    conflict = add_form is not None and add_form.conflict and not request.htmx
    status = 409 if conflict else 200
    return render(request, f"results/{template}", context, status=status)


@strategy_view(read=Role.EDITOR)
def check_in_edit(request, access: StrategyAccess, check_in_id: int):
    check_in = get_object_or_404(access.strategy.check_ins, pk=check_in_id)
    form = _check_in_form(
        access,
        _goals(access),
        paid_platforms(access.strategy),
        request.POST or None,
        instance=check_in,
    )
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(
            request, _("Saved the check-in for %(month)s.") % {"month": month_label(check_in.month)}
        )
        return redirect(page_url(access.strategy, "#check-ins"))
    return render(
        request,
        "results/check_in_form.html",
        {
            "access": access,
            "strategy": access.strategy,
            "form": form,
            "check_in": check_in,
            "month": month_label(check_in.month),
        },
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def check_in_delete(request, access: StrategyAccess, check_in_id: int) -> HttpResponse:
    check_in = get_object_or_404(access.strategy.check_ins, pk=check_in_id)
    names = {"month": month_label(check_in.month)}
    return confirm_delete(
        request,
        access,
        check_in,
        step="",
        frame=FRAME,
        question=_("Delete the check-in for %(month)s?") % names,
        consequence=_("Its actual values and its note go with it."),
        done=_("Deleted the check-in for %(month)s.") % names,
        back=page_url(access.strategy, "#check-ins"),
    )


@strategy_view(read=Role.EDITOR)
def milestones(request, access: StrategyAccess, goal_id: int):
    """One goal's milestones month by month: typed ones stay, empty ones keep the
    even spread from baseline to target."""
    goal = get_object_or_404(access.strategy.goals.measurable(), pk=goal_id)
    form = MilestonesForm(request.POST or None, goal=goal, months=strategy_months(access.strategy))
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(
            request, _("Saved the milestones of “%(goal)s”.") % {"goal": goal.marketing_goal}
        )
        return redirect(page_url(access.strategy, f"#goal-{goal.pk}"))
    return render(
        request,
        "results/milestones.html",
        {"access": access, "strategy": access.strategy, "form": form, "goal": goal},
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def check_ins_import(request, access: StrategyAccess):
    """Check-ins from a CSV file, a month a row and a goal a column: all saved, or
    none and every bad row named."""
    goals = _goals(access)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_check_ins(access.strategy, form.cleaned_data["file"].read())
        except UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            if result.ok:
                messages.success(request, _imported_message(result))
                return redirect(page_url(access.strategy, "#check-ins"))
    return render(
        request,
        "results/import.html",
        {
            "access": access,
            "strategy": access.strategy,
            "form": form,
            "result": result,
            "goals": goals,
            "example_month": strategy_months(access.strategy)[0].strftime("%Y-%m"),
        },
        status=400 if result is not None else 200,
    )


def _imported_message(result) -> str:
    added = ngettext("%(count)s check-in added", "%(count)s check-ins added", result.added) % {
        "count": format_count(result.added)
    }
    replaced = ngettext("%(count)s replaced", "%(count)s replaced", result.replaced) % {
        "count": format_count(result.replaced)
    }
    return _("Imported: %(added)s, %(replaced)s.") % {"added": added, "replaced": replaced}
