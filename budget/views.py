from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from budget.forms import LineForm, LineMonthsForm, encode_values
from budget.grid import Grid, Summary
from budget.models import BudgetLine, Figure, budget_of, strategy_months
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.models import Role
from strategy_planner.numbers import format_count, number_for_input
from strategy_planner.views import confirm_delete, inline_add

FRAME = "budget/base.html"


def grid_url(strategy, figure: str = Figure.PLANNED, anchor: str = "") -> str:
    url = reverse("budget:grid", args=[strategy.uuid])
    if figure == Figure.ACTUAL:
        url += f"?figure={Figure.ACTUAL}"
    return url + anchor


def _shown_figure(value) -> str:
    return Figure.ACTUAL if value == Figure.ACTUAL else Figure.PLANNED


def _context(access: StrategyAccess, figure: str, form=None, add_form=None) -> dict:
    strategy = access.strategy
    budget = budget_of(strategy)
    return {
        "access": access,
        "strategy": strategy,
        "budget": budget,
        "grid": Grid(budget, figure, editable=access.can_edit, form=form),
        "summary": Summary(budget),
        "figure": figure,
        "figures": Figure.choices,
        "form": form,
        "add_form": add_form or _line_form(access),
    }


def _line_form(access: StrategyAccess, data=None, instance=None) -> LineForm:
    return LineForm(data, instance=instance, strategy=access.strategy, prefix="line")


@strategy_view()
def grid(request, access: StrategyAccess):
    """The budget: months across, lines down, planned or actual figures; a POST adds
    a line (inline, without leaving the page)."""
    figure = _shown_figure(request.GET.get("figure"))
    added = inline_add(
        request,
        lambda data: _line_form(access, data),
        done=lambda line: _("Added the line “%(name)s”.") % {"name": line.name},
        back=lambda line: grid_url(access.strategy, figure, f"#line-{line.pk}"),
    )
    if added.redirect:
        return added.redirect
    template = "_grid_section.html" if request.htmx else "grid.html"
    context = _context(access, figure, add_form=added.form)
    return render(request, f"budget/{template}", context)


@strategy_view()
@require_POST
def start(request, access: StrategyAccess):
    """Add the lines the strategy has decided on and has no line for yet."""
    added = BudgetLine.objects.start(access.strategy)
    if added:
        messages.success(
            request,
            ngettext(
                "Added %(count)s line from the paid media decisions and the content plan.",
                "Added %(count)s lines from the paid media decisions and the content plan.",
                len(added),
            )
            % {"count": format_count(len(added))},
        )
    else:
        messages.info(
            request,
            _(
                "Every paid platform you keep, change or try has a line already, and so has "
                "the content plan."
            ),
        )
    return redirect(grid_url(access.strategy))


def _wants_json(request) -> bool:
    """The grid's script saves a row and asks for the new totals as JSON; a plain
    form post gets a page."""
    return request.headers.get("Accept", "").startswith("application/json")


@strategy_view()
@require_POST
def line_months(request, access: StrategyAccess, line_id: int):
    """Save one row of the grid: a line's planned or actual figures by month."""
    strategy = access.strategy
    line = get_object_or_404(strategy.budget_lines, pk=line_id)
    form = LineMonthsForm(
        request.POST, line=line, months=strategy_months(strategy), currency=strategy.currency
    )
    saved = form.is_valid() and form.save_if_unchanged()
    figure = _shown_figure(request.POST.get("figure"))
    if _wants_json(request):
        return _saved_row(access, form, figure, saved)
    if saved:
        messages.success(request, _("Saved “%(name)s”.") % {"name": line.name})
        return redirect(grid_url(strategy, figure, f"#line-{line.pk}"))
    return render(
        request,
        "budget/grid.html",
        _context(access, figure, form=form),
        status=409 if form.conflict else 400,
    )


def _saved_row(access: StrategyAccess, form: LineMonthsForm, figure: str, saved: bool):
    """What the grid's script needs after saving a row: the row's figures and edit
    version as saved now, and every total of the grid; or what is wrong."""
    if not saved and not form.conflict:
        errors = {key: " ".join(messages) for key, messages in form.errors.items()}
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    budget = budget_of(access.strategy)
    grid = Grid(budget, figure, editable=access.can_edit)
    summary = Summary(budget)
    answer = {
        "saved": saved,
        "edit_version": form.line.edit_version if saved else form.conflict.version,
        # After a conflict, the figures saved now: what a save that replaces them starts from.
        "started_from": encode_values(form.values) if saved else form.data["started_from"],
        "values": {key: number_for_input(value) for key, value in form.values.items()},
        "totals": {**grid.totals(), **summary.totals()},
        "tones": {**grid.tones(), **summary.tones()},
    }
    if form.conflict:
        answer["conflict"] = _conflict_message(form)
    return JsonResponse(answer, status=200 if saved else 409)


def _conflict_message(form: LineMonthsForm) -> str:
    return _(
        "Someone else changed “%(name)s” while you were editing: %(changes)s. Your figures "
        "are still in the grid; save again to replace theirs."
    ) % {
        "name": form.conflict.name,
        "changes": "; ".join(
            _("%(month)s is %(saved)s now, yours is %(yours)s")
            % {
                "month": difference.label,
                "saved": ", ".join(difference.saved) or "—",
                "yours": ", ".join(difference.yours) or "—",
            }
            for difference in form.conflict.differences
        ),
    }


@strategy_view(read=Role.EDITOR)
def line_edit(request, access: StrategyAccess, line_id: int):
    line = get_object_or_404(access.strategy.budget_lines, pk=line_id)
    form = _line_form(access, request.POST or None, instance=line)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Saved “%(name)s”.") % {"name": line.name})
        return redirect(grid_url(access.strategy, anchor=f"#line-{line.pk}"))
    return render(
        request,
        "budget/line_form.html",
        {"access": access, "strategy": access.strategy, "form": form, "line": line},
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def line_delete(request, access: StrategyAccess, line_id: int) -> HttpResponse:
    line = get_object_or_404(access.strategy.budget_lines, pk=line_id)
    names = {"name": line.name}
    return confirm_delete(
        request,
        access,
        line,
        step="",
        frame=FRAME,
        question=_("Delete the budget line “%(name)s”?") % names,
        consequence=(
            _(
                "Its planned and actual figures for every month go with it, and so do the "
                "leads and conversions the check-ins record for it."
            )
            if line.asset_id
            else _("Its planned and actual figures for every month go with it.")
        ),
        done=_("Deleted the budget line “%(name)s”.") % names,
        back=grid_url(access.strategy),
    )
