from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.rules import month_label
from results import rules
from results.charts import STATUS_COLOURS, plan_vs_actual
from results.forms import CheckInForm, ImportForm, MilestonesForm
from results.imports import UnreadableFile, import_check_ins
from results.models import results_of, strategy_months
from results.rules import rule_in_words
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.calendars import format_date
from strategy_planner.models import Role
from strategy_planner.numbers import (
    format_count,
    format_goal_figures,
    format_measure,
)
from strategy_planner.views import confirm_delete, inline_add

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


def _check_in_form(access: StrategyAccess, goals, data=None, instance=None) -> CheckInForm:
    return CheckInForm(
        data, instance=instance, strategy=access.strategy, goals=goals, prefix="check_in"
    )


def _goals(access: StrategyAccess) -> list:
    return list(access.strategy.goals.measurable().order_by("position", "pk"))


@strategy_view()
def page(request, access: StrategyAccess):
    """Each measurable goal's milestones and actuals month by month, its status and a
    chart of plan against actual; the check-ins; a POST adds a check-in (editors)."""
    strategy = access.strategy
    goals = _goals(access)
    add_form = None
    if access.can_edit and goals:
        added = inline_add(
            request,
            lambda data: _check_in_form(access, goals, data),
            done=lambda check_in: (
                _("Added the check-in for %(month)s.") % {"month": month_label(check_in.month)}
            ),
            back=lambda check_in: page_url(strategy, "#check-ins"),
        )
        if added.redirect:
            return added.redirect
        add_form = added.form
    months = strategy_months(strategy)
    context = {
        "access": access,
        "strategy": strategy,
        "months": [month_label(month, short=True) for month in months],
        "cards": goal_cards(results_of(strategy, goals)),
        "check_ins": list(strategy.check_ins.order_by("-month")),
        "add_form": add_form,
        "rule": rule_in_words(),
        "statuses": [
            {"value": value, "label": label, "colour": STATUS_COLOURS[value]}
            for value, label in rules.Status.choices
        ],
    }
    template = "_results_section.html" if request.htmx else "page.html"
    return render(request, f"results/{template}", context)


@strategy_view(read=Role.EDITOR)
def check_in_edit(request, access: StrategyAccess, check_in_id: int):
    check_in = get_object_or_404(access.strategy.check_ins, pk=check_in_id)
    form = _check_in_form(access, _goals(access), request.POST or None, instance=check_in)
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
