from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assets.forms import (
    AssetForm,
    AuditPeriodForm,
    DecisionForm,
    RankingForm,
    TargetCostForm,
    WhyItWorksForm,
)
from assets.models import (
    COLUMNS,
    MediaAudit,
    MediaType,
    RankingMetric,
    mix_summary,
    rank_by_metric,
    sort_assets,
)
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.calendars import format_date
from strategy_planner.models import Role
from strategy_planner.views import confirm_delete, inline_add
from strategy_planner.wizard import Progress


def _assets(strategy):
    return strategy.assets.select_related("owner__profile").prefetch_related("goals")


class PageRows:
    """A page's assets, given their owners and goals only when the rows are drawn
    (not when the rows come from the cache)."""

    def __init__(self, rows: list):
        self.rows = rows
        self.ready = False

    def __bool__(self) -> bool:
        return bool(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self._drawn())

    def __getitem__(self, index):
        return self._drawn()[index]

    def _drawn(self) -> list:
        if not self.ready:
            prefetch_related_objects(self.rows, "owner__profile", "goals")
            self.ready = True
        return self.rows


def _context(access: StrategyAccess, step: str, **extra) -> dict:
    return {
        "access": access,
        "strategy": access.strategy,
        "progress": Progress(access.strategy, step),
        "wide_step": step in ("inventory", "paid"),
        **extra,
    }


def _step_url(name: str, strategy, anchor: str = "") -> str:
    return reverse(f"assets:{name}", args=[strategy.uuid]) + anchor


# Step 3 — the inventory

INVENTORY_PAGE_SIZE = 50


@strategy_view()
def inventory(request, access: StrategyAccess):
    """The inventory table; a POST adds an asset (inline, without leaving the page)."""
    strategy = access.strategy
    added = inline_add(
        request,
        lambda data: AssetForm(data, strategy=strategy, prefix="new"),
        done=lambda asset: _("Added “%(name)s”.") % {"name": asset.name},
        back=lambda asset: _step_url("inventory", strategy, f"#asset-{asset.pk}"),
    )
    if added.redirect:
        return added.redirect
    every_asset = list(strategy.assets.all())  # for the mix and the sort; the page's rows
    # get their owners and goals below
    media_filter = request.GET.get("media", "")
    shown = [a for a in every_asset if not media_filter or a.media_type == media_filter]
    sort = request.GET.get("sort", "")
    audit = MediaAudit.objects.of(strategy)
    page = Paginator(sort_assets(shown, sort), INVENTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(
        access,
        "inventory",
        assets=PageRows(page.object_list),
        page=page,
        query=query.urlencode(),
        summary=mix_summary(every_asset),
        columns=[(key, label, numeric) for key, label, _value, numeric in COLUMNS],
        sort=sort,
        media_filter=media_filter,
        media_types=MediaType.choices,
        form=added.form,
        audit=audit,
        period_form=AuditPeriodForm(instance=audit, prefix="period"),
        # Rows and the empty add form are kept per version of the strategy.
        version=strategy.current_content_version(),
    )
    template = "_inventory_section.html" if request.htmx else "inventory.html"
    return render(request, f"assets/{template}", context)


@strategy_view()
@require_POST
def audit_period(request, access: StrategyAccess):
    audit = MediaAudit.objects.of(access.strategy)
    form = AuditPeriodForm(request.POST, instance=audit, prefix="period")
    if form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Audit period saved."))
    elif form.conflict:
        messages.warning(
            request,
            _(
                "Someone else changed the audit period while you were editing; it is shown "
                "as they saved it. Yours was %(start)s – %(end)s: enter it again to replace theirs."
            )
            % {
                "start": format_date(form.cleaned_data["period_start"], "SHORT_DATE_FORMAT")
                if form.cleaned_data.get("period_start")
                else "—",
                "end": format_date(form.cleaned_data["period_end"], "SHORT_DATE_FORMAT")
                if form.cleaned_data.get("period_end")
                else "—",
            },
        )
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(_step_url("inventory", access.strategy))


@strategy_view(read=Role.EDITOR)
def asset_edit(request, access: StrategyAccess, asset_id: int):
    strategy = access.strategy
    asset = get_object_or_404(_assets(strategy), pk=asset_id)
    form = AssetForm(
        request.POST or None, instance=asset, strategy=strategy, prefix=f"asset{asset.pk}"
    )
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        if request.htmx:
            asset = _assets(strategy).get(pk=asset.pk)
            return render(
                request,
                "assets/_asset_row.html",
                _context(access, "inventory", asset=asset, audit=MediaAudit.objects.of(strategy)),
            )
        messages.success(request, _("Saved “%(name)s”.") % {"name": asset.name})
        return redirect(_step_url("inventory", strategy, f"#asset-{asset.pk}"))
    template = "_asset_row_form.html" if request.htmx else "asset_form.html"
    return render(
        request,
        f"assets/{template}",
        _context(access, "inventory", form=form, asset=asset),
        # htmx swaps in only successful answers: the inline form shows the conflict with 200.
        status=409 if form.conflict and not request.htmx else 200,
    )


@strategy_view()
def asset_row(request, access: StrategyAccess, asset_id: int):
    """One row of the inventory, to put back when an inline edit is cancelled."""
    asset = get_object_or_404(_assets(access.strategy), pk=asset_id)
    return render(
        request,
        "assets/_asset_row.html",
        _context(access, "inventory", asset=asset, audit=MediaAudit.objects.of(access.strategy)),
    )


@strategy_view(read=Role.EDITOR)
def asset_delete(request, access: StrategyAccess, asset_id: int):
    asset = get_object_or_404(access.strategy.assets, pk=asset_id)
    names = {"name": asset.name}
    return confirm_delete(
        request,
        access,
        asset,
        step="inventory",
        question=_("Delete “%(name)s” from the inventory?") % names,
        consequence=_("Its figures, notes and decision go with it."),
        done=_("Deleted “%(name)s”.") % names,
        back=_step_url("inventory", access.strategy),
    )


# Step — earned media


def _earned_context(access: StrategyAccess, audit: MediaAudit, **extra) -> dict:
    sources = list(_assets(access.strategy).earned().order_by("position", "pk"))
    goal_assets = set()
    if audit.ranking_goal_id:
        goal_assets = {a.pk for a in sources if audit.ranking_goal in a.goals.all()}
    return _context(
        access,
        "earned",
        sources=sources,
        audit=audit,
        goal_assets=goal_assets,
        ranking_form=extra.pop("ranking_form", None) or RankingForm(instance=audit),
        **extra,
    )


@strategy_view()
def earned(request, access: StrategyAccess):
    """The earned sources in their ranking; a POST ranks them by the chosen metric."""
    audit = MediaAudit.objects.of(access.strategy)
    form = RankingForm(request.POST or None, instance=audit)
    ranked = request.method == "POST" and form.is_valid() and form.save_if_unchanged()
    if ranked:
        rank_by_metric(access.strategy.assets.earned(), ranked.ranking_metric)
        audit = ranked
        messages.success(
            request,
            _("Ranked by %(metric)s, most first. Move sources by hand where you judge otherwise.")
            % {"metric": RankingMetric(audit.ranking_metric).label.lower()},
        )
        return redirect(_step_url("earned", access.strategy))
    return render(
        request,
        "assets/earned.html",
        _earned_context(access, audit, ranking_form=form),
        status=409 if form.conflict else 200,
    )


@strategy_view()
@require_POST
def asset_move(request, access: StrategyAccess, asset_id: int):
    asset = get_object_or_404(access.strategy.assets, pk=asset_id)
    asset.move(request.POST.get("direction", "down"))
    if request.htmx:
        context = _earned_context(access, MediaAudit.objects.of(access.strategy))
        return render(request, "assets/_earned_list.html", context)
    return redirect(_step_url("earned", access.strategy, f"#asset-{asset.pk}"))


@strategy_view()
@require_POST
def why_it_works(request, access: StrategyAccess, asset_id: int):
    asset = get_object_or_404(access.strategy.assets.earned(), pk=asset_id)
    form = WhyItWorksForm(request.POST, instance=asset, prefix=f"why{asset.pk}")
    if form.is_valid() and form.save_if_unchanged():
        if request.htmx:
            return render(request, "assets/_saved.html", {"message": _("Saved."), "form": form})
        messages.success(request, _("Saved the note on “%(name)s”.") % {"name": asset.name})
    elif form.conflict:
        if request.htmx:
            return render(request, "assets/_saved.html", {"form": form})
        context = _earned_context(access, MediaAudit.objects.of(access.strategy), why_form=form)
        return render(request, "assets/earned.html", context, status=409)
    return redirect(_step_url("earned", access.strategy, f"#asset-{asset.pk}"))


# Step — paid media


def _paid_context(access: StrategyAccess, audit: MediaAudit, **extra) -> dict:
    platforms = list(_assets(access.strategy).paid().order_by("name", "pk"))
    rows = [
        (
            asset,
            extra.pop(f"form{asset.pk}", None)
            or DecisionForm(instance=asset, prefix=f"decide{asset.pk}"),
        )
        for asset in platforms
    ]
    return _context(
        access,
        "paid",
        rows=rows,
        audit=audit,
        target_form=extra.pop("target_form", None) or TargetCostForm(instance=audit),
        **extra,
    )


@strategy_view()
def paid(request, access: StrategyAccess):
    """Paid platforms side by side; a POST sets the target cost per lead."""
    audit = MediaAudit.objects.of(access.strategy)
    form = TargetCostForm(request.POST or None, instance=audit)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Target cost per lead saved."))
        return redirect(_step_url("paid", access.strategy))
    return render(
        request,
        "assets/paid.html",
        _paid_context(access, audit, target_form=form),
        status=409 if form.conflict else 200,
    )


@strategy_view()
@require_POST
def decide(request, access: StrategyAccess, asset_id: int):
    strategy = access.strategy
    asset = get_object_or_404(_assets(strategy).paid(), pk=asset_id)
    form = DecisionForm(request.POST, instance=asset, prefix=f"decide{asset.pk}")
    saved = form.is_valid() and form.save_if_unchanged() is not None
    if saved:
        if not request.htmx:
            messages.success(request, _("Decision on “%(name)s” saved.") % {"name": asset.name})
            return redirect(_step_url("paid", strategy, f"#asset-{asset.pk}"))
    elif not request.htmx:
        audit = MediaAudit.objects.of(strategy)
        context = _paid_context(access, audit, **{f"form{asset.pk}": form})
        return render(request, "assets/paid.html", context, status=409 if form.conflict else 400)
    context = _context(
        access, "paid", asset=asset, form=form, audit=MediaAudit.objects.of(strategy), saved=saved
    )
    return render(request, "assets/_decision.html", context)
