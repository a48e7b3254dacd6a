from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.rules import actual_cost_rule_in_words, month_label
from results import imports, rules
from results.charts import STATUS_COLOURS, plan_vs_actual
from results.forms import CheckInForm, CheckInMappingForm, ImportForm, MilestonesForm
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
    join_list,
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
    """Check-ins from a CSV file, all saved or none and every bad row named: a file in
    the app's own layout, or one whose columns were mapped before for a file with
    the same columns, is read at once; any other is kept while the editor says
    which column holds what (``?file=<token>``: that step, for a kept file)."""
    goals = _goals(access)
    token = request.POST.get("map-file") if request.method == "POST" else request.GET.get("file")
    if token is not None:
        return _map_columns(request, access, goals, token)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = imports.file_text(upload.read())
            table = imports.table_of(text)
        except imports.UnreadableFile as error:
            form.add_error("file", str(error))
        else:
            saved = imports.saved_mapping(access.strategy, table, goals)
            if saved is not None:
                # Kept, so that the mapping can be changed and the file read again.
                token = imports.keep_file(access.strategy, upload.name, text)
                return _import(request, access, goals, table, saved[1], saved[0], token)
            mapping = imports.app_layout(table, goals)
            if mapping is not None:
                return _import(request, access, goals, table, mapping)
            token = imports.keep_file(access.strategy, upload.name, text)
            return _mapping_step(request, access, goals, table, upload.name, token)
    return _import_page(request, access, goals, form=form)


def _import_page(request, access: StrategyAccess, goals, status=200, **context) -> HttpResponse:
    months = strategy_months(access.strategy)
    context.setdefault("form", ImportForm())
    return render(
        request,
        "results/import.html",
        {
            "access": access,
            "strategy": access.strategy,
            "goals": goals,
            "example_month": months[0].strftime("%Y-%m"),
            **context,
        },
        status=status,
    )


def _mapped_on(saved) -> str:
    return format_date(timezone.localdate(saved.updated_at))


def _import(request, access, goals, table, mapping, saved=None, token=None, mapped_now=False):
    """Import the table with this mapping: back to the Results page when all went in,
    else the page again with what is wrong. ``saved``: the kept mapping it is, with
    ``token`` the kept file's, to change it."""
    result = imports.import_check_ins(access.strategy, table, goals, mapping)
    change_url = None
    if saved is not None and token is not None:
        change_url = (
            f"{reverse('results:check_ins_import', args=[access.strategy.uuid])}?file={token}"
        )
    if not result.ok:
        return _import_page(
            request,
            access,
            goals,
            status=400,
            result=result,
            mapped_on=_mapped_on(saved) if saved is not None else "",
            change_url=change_url,
        )
    text = _imported_message(result)
    if result.ignored:
        text = f"{text} {_left_out_message(result.ignored)}"
    if mapped_now:
        text = f"{text} " + _(
            "The columns you mapped are kept: the next file with the same columns is read "
            "the same way."
        )
        messages.success(request, text)
    elif change_url is not None:
        read_with = _("Read with the columns you mapped on %(date)s.") % {"date": _mapped_on(saved)}
        messages.success(
            request,
            format_html(
                '{} {} <a href="{}" class="alert-link">{}</a>',
                text,
                read_with,
                change_url,
                _("Change the mapping"),
            ),
        )
    else:
        messages.success(request, text)
    return redirect(page_url(access.strategy, "#check-ins"))


def _mapping_form(table, goals, data=None, choices=None, token="") -> CheckInMappingForm:
    """The mapping step's form, listing the metric names of the metric column posted
    (or chosen to start from)."""
    metric = data.get("map-metric", "") if data is not None else choices["metric"]
    names = imports.metric_names(table, metric)
    if choices is not None:
        choices = {**choices, "file": token}
    return CheckInMappingForm(
        data,
        columns=table.columns,
        names=names[: imports.MAX_NAMES],
        more_names=len(names) > imports.MAX_NAMES,
        goals=goals,
        choices=choices,
    )


def _map_columns(request, access: StrategyAccess, goals, token: str) -> HttpResponse:
    """The mapping step for a kept file: drawn (GET), or posted: its metric names listed
    again for another metric column, or the mapping kept and the file imported."""
    kept = imports.kept_file(access.strategy, token)
    if kept is None:
        return _import_page(request, access, goals, expired=True)
    table = imports.table_of(kept["text"])
    saved = imports.saved_mapping(access.strategy, table, goals)
    if request.method != "POST":
        chosen = saved[1] if saved is not None else None
        choices = imports.mapping_choices(table, goals, chosen)
        form = _mapping_form(table, goals, choices=choices, token=token)
        return _mapping_step(request, access, goals, table, kept["name"], token, form, saved)
    form = _mapping_form(table, goals, request.POST)
    if form.needs_listing:
        choices = form.posted_choices()
        choices["names"] = imports.guessed_names(table, choices["metric"], goals)
        form = _mapping_form(table, goals, choices=choices, token=token)
        return _mapping_step(
            request, access, goals, table, kept["name"], token, form, saved, listed=True
        )
    if not form.is_valid():
        return _mapping_step(request, access, goals, table, kept["name"], token, form, saved)
    mapping = imports.ColumnMapping.from_data(form.choices())
    saved_now = imports.save_mapping(access.strategy, table, mapping)
    return _import(request, access, goals, table, mapping, saved_now, token, mapped_now=True)


def _mapping_step(
    request, access, goals, table, name, token, form=None, saved=None, listed=False
) -> HttpResponse:
    if form is None:
        choices = imports.mapping_choices(table, goals)
        form = _mapping_form(table, goals, choices=choices, token=token)
    return _import_page(
        request,
        access,
        goals,
        mapping_form=form,
        file_name=name,
        preview_header=table.header,
        preview_rows=[cells for _line, cells in table.rows[:3]],
        listed_column=form["metric"].value() or "",
        listed=listed,
        mapped_on=_mapped_on(saved[0]) if saved is not None else "",
    )


def _left_out_message(names: list[str]) -> str:
    """The metric names (or columns) an import left out, the first few by name."""
    shown = join_list(names[:10])
    if len(names) > 10:
        more = len(names) - 10
        shown = ngettext("%(names)s and %(count)s more", "%(names)s and %(count)s more", more) % {
            "names": shown,
            "count": format_count(more),
        }
    return _("Left out, as no goal is mapped to them: %(names)s.") % {"names": shown}


def _imported_message(result) -> str:
    added = ngettext("%(count)s check-in added", "%(count)s check-ins added", result.added) % {
        "count": format_count(result.added)
    }
    replaced = ngettext("%(count)s replaced", "%(count)s replaced", result.replaced) % {
        "count": format_count(result.replaced)
    }
    return _("Imported: %(added)s, %(replaced)s.") % {"added": added, "replaced": replaced}
