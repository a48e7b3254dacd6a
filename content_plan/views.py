import calendar
import datetime

import regex
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from content_plan.forms import (
    AuditedPieceForm,
    ContentGapForm,
    ContentPieceForm,
    PlanFilterForm,
    SequenceForm,
    StepForm,
)
from content_plan.ical import plan_calendar
from content_plan.models import (
    AuditMetric,
    CalendarFeed,
    Channel,
    ContentPiece,
    FunnelStage,
    MessageSequence,
    Priority,
    SequenceStep,
    Status,
    Verdict,
    metric_for_goal,
    problem_as_dict,
)
from content_plan.rules import (
    LIMITS,
    Message,
    check_message,
    check_timeline,
    first_graphemes,
    graphemes,
    sms_length,
)
from content_plan.sequence_templates import sequence_from_template
from personas.models import BrandVoice
from strategy_planner.access import StrategyAccess, get_feed_access, strategy_view
from strategy_planner.models import Role
from strategy_planner.wizard import Progress

STEP = "content"
PAGE_SIZE = 25


def _context(access: StrategyAccess, tab: str, **extra) -> dict:
    return {
        "access": access,
        "strategy": access.strategy,
        "progress": Progress(access.strategy, STEP),
        "tab": tab,
        "wide_step": tab in ("plan", "calendar", "sequences"),
        **extra,
    }


def _url(name: str, strategy, *args) -> str:
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def confirm_delete(request, access, obj, tab, done_url, *, question, done, cancel=None):
    """Ask first (GET), then delete (POST) and go back to where the object was listed."""
    if request.method == "POST":
        obj.delete()
        messages.success(request, done)
        return redirect(done_url)
    return render(
        request,
        "content_plan/confirm_delete.html",
        _context(access, tab, question=question, cancel=cancel or done_url),
    )


# The content audit


def rank_audit(pieces: list, metric: str) -> list:
    """Best first by the metric; pieces without that figure go last."""
    present = [piece for piece in pieces if getattr(piece, metric) is not None]
    missing = [piece for piece in pieces if getattr(piece, metric) is None]
    return sorted(present, key=lambda piece: getattr(piece, metric), reverse=True) + missing


@strategy_view()
def audit(request, access: StrategyAccess):
    """Existing content ranked against a goal; a POST adds a piece to the audit."""
    strategy = access.strategy
    form = AuditedPieceForm(request.POST or None, strategy=strategy, prefix="audit")
    if request.method == "POST" and form.is_valid():
        piece = form.save()
        messages.success(request, _("Added “%(title)s” to the audit.") % {"title": piece.title})
        if not request.htmx:
            return redirect(_url("audit", strategy))
        form = AuditedPieceForm(strategy=strategy, prefix="audit")
    goals = list(strategy.goals.all())
    goal = next(
        (g for g in goals if str(g.pk) == request.GET.get("goal")), goals[0] if goals else None
    )
    metric = request.GET.get("metric")
    if metric not in AuditMetric.values:
        metric = metric_for_goal(goal)
    pieces = rank_audit(list(strategy.audited_pieces.select_related("persona", "goal")), metric)
    ranked = [piece for piece in pieces if getattr(piece, metric) is not None]
    standouts = min(3, len(ranked) // 3)
    best = {piece.pk for piece in ranked[:standouts]}
    worst = {piece.pk for piece in ranked[len(ranked) - standouts :]} if standouts else set()
    # Ranked as a whole, shown a page at a time: rank numbers run on across pages.
    page = Paginator(pieces, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(
        access,
        "audit",
        form=form,
        pieces=page.object_list,
        page=page,
        query=query.urlencode(),
        rank_offset=page.start_index() - 1 if pieces else 0,
        goals=goals,
        goal=goal,
        metric=metric,
        metric_label=AuditMetric(metric).label,
        metrics=AuditMetric.choices,
        best=best,
        worst=worst,
    )
    template = "_audit_section.html" if request.htmx else "audit.html"
    return render(request, f"content_plan/{template}", context)


@strategy_view(read=Role.EDITOR)
def audit_edit(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.audited_pieces, pk=piece_id)
    form = AuditedPieceForm(request.POST or None, instance=piece, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved “%(title)s”.") % {"title": piece.title})
        return redirect(_url("audit", access.strategy))
    return render(
        request,
        "content_plan/form_page.html",
        _context(
            access,
            "audit",
            form=form,
            heading=_("Edit audited content"),
            cancel=_url("audit", access.strategy),
        ),
    )


@strategy_view(read=Role.EDITOR)
def audit_delete(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.audited_pieces, pk=piece_id)
    names = {"title": piece.title}
    return confirm_delete(
        request,
        access,
        piece,
        "audit",
        _url("audit", access.strategy),
        question=_("Remove “%(title)s” from the audit?") % names,
        done=_("Removed “%(title)s” from the audit.") % names,
    )


# Content gaps


def coverage(strategy) -> list[dict]:
    """Per persona and funnel stage: does content exist, is it planned, or is it missing?"""
    existing = {
        (row["persona"], row["stage"]): row["n"]
        for row in strategy.audited_pieces.exclude(verdict=Verdict.RETIRE)
        .exclude(persona=None)
        .values("persona", "stage")
        .annotate(n=Count("id"))
    }
    planned, published = {}, {}
    for row in (
        strategy.content_pieces.exclude(persona=None)
        .values("persona", "stage", "status")
        .annotate(n=Count("id"))
    ):
        key = (row["persona"], row["stage"])
        target = published if row["status"] == Status.PUBLISHED else planned
        target[key] = target.get(key, 0) + row["n"]
    gaps = {
        (row["persona"], row["stage"]): row["n"]
        for row in strategy.content_gaps.values("persona", "stage").annotate(n=Count("id"))
    }
    rows = []
    for persona in strategy.personas.all():
        cells = []
        for stage in FunnelStage:
            key = (persona.pk, stage.value)
            exists = existing.get(key, 0) + published.get(key, 0)
            state = "exists" if exists else "planned" if planned.get(key) else "missing"
            cells.append(
                {
                    "stage": stage,
                    "state": state,
                    "existing": exists,
                    "planned": planned.get(key, 0),
                    "gaps": gaps.get(key, 0),
                }
            )
        rows.append({"persona": persona, "cells": cells})
    return rows


@strategy_view()
def gaps(request, access: StrategyAccess):
    strategy = access.strategy
    form = ContentGapForm(request.POST or None, strategy=strategy, prefix="gap")
    if request.method == "POST" and form.is_valid():
        gap = form.save()
        messages.success(request, _("Gap recorded for %(persona)s.") % {"persona": gap.persona})
        return redirect(_url("gaps", strategy) + f"#gap-{gap.pk}")
    gap_list = strategy.content_gaps.select_related("persona").annotate(planned=Count("pieces"))
    return render(
        request,
        "content_plan/gaps.html",
        _context(
            access,
            "gaps",
            form=form,
            gaps=gap_list,
            coverage=coverage(strategy),
            stages=FunnelStage.choices,
        ),
    )


@strategy_view()
@require_POST
def gap_plan(request, access: StrategyAccess, gap_id: int):
    gap = get_object_or_404(access.strategy.content_gaps.select_related("persona"), pk=gap_id)
    piece = ContentPiece.from_gap(gap)
    messages.success(
        request,
        _("“%(title)s” is in the plan as an idea: give it a format, dates and an owner.")
        % {"title": piece.title},
    )
    return redirect(_url("piece_edit", access.strategy, piece.pk))


@strategy_view(read=Role.EDITOR)
def gap_delete(request, access: StrategyAccess, gap_id: int):
    gap = get_object_or_404(access.strategy.content_gaps, pk=gap_id)
    return confirm_delete(
        request,
        access,
        gap,
        "gaps",
        _url("gaps", access.strategy),
        question=_("Delete the gap “%(question)s”?") % {"question": gap.question},
        done=_("Gap deleted."),
    )


# The content plan


def plan_totals(pieces) -> dict:
    """Budget and hours by publish month and by priority."""
    by_month = list(
        pieces.order_by()
        .annotate(month=TruncMonth("publish_date"))
        .values("month")
        .annotate(budget=Sum("budget"), hours=Sum("hours"), count=Count("id"))
        .order_by("month")
    )
    by_month.sort(key=lambda row: (row["month"] is None, row["month"] or datetime.date.min))
    priorities = {
        row["priority"]: row
        for row in pieces.order_by()
        .values("priority")
        .annotate(budget=Sum("budget"), hours=Sum("hours"), count=Count("id"))
    }
    by_priority = [
        {
            **priorities.get(priority.value, {"count": 0, "hours": None, "budget": None}),
            "priority": priority,
        }
        for priority in Priority
    ]
    overall = pieces.order_by().aggregate(
        budget=Sum("budget"), hours=Sum("hours"), count=Count("id")
    )
    return {"by_month": by_month, "by_priority": by_priority, "overall": overall}


@strategy_view()
def plan(request, access: StrategyAccess):
    strategy = access.strategy
    filters = PlanFilterForm(request.GET or None, strategy=strategy)
    pieces = filters.apply(
        strategy.content_pieces.select_related("persona", "goal", "owner", "gap").prefetch_related(
            "promotion_channels"
        )
    )
    page = Paginator(pieces.order_by("publish_date", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "content_plan/plan.html",
        _context(
            access,
            "plan",
            filters=filters,
            page=page,
            query=query.urlencode(),
            totals=plan_totals(pieces),
            filtered=bool(filters.is_bound and filters.has_changed()),
        ),
    )


@strategy_view(read=Role.EDITOR)
def piece_create(request, access: StrategyAccess):
    form = ContentPieceForm(request.POST or None, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        piece = form.save()
        messages.success(request, _("“%(title)s” added to the plan.") % {"title": piece.title})
        return redirect(_url("plan", access.strategy))
    return render(request, "content_plan/piece_form.html", _context(access, "plan", form=form))


@strategy_view(read=Role.EDITOR)
def piece_edit(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.content_pieces, pk=piece_id)
    form = ContentPieceForm(request.POST or None, instance=piece, strategy=access.strategy)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Saved “%(title)s”.") % {"title": piece.title})
        return redirect(_url("plan", access.strategy))
    return render(
        request,
        "content_plan/piece_form.html",
        _context(access, "plan", form=form, piece=piece),
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def piece_delete(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.content_pieces, pk=piece_id)
    names = {"title": piece.title}
    return confirm_delete(
        request,
        access,
        piece,
        "plan",
        _url("plan", access.strategy),
        question=_("Remove “%(title)s” from the plan?") % names,
        done=_("“%(title)s” removed from the plan.") % names,
    )


# The calendar and its feed


def _month(request, strategy) -> datetime.date:
    try:
        return datetime.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        today = timezone.localdate()
        if strategy.start_date <= today <= strategy.end_date:
            return today.replace(day=1)
        return strategy.start_date.replace(day=1)


@strategy_view()
def calendar_month(request, access: StrategyAccess):
    strategy = access.strategy
    month = _month(request, strategy)
    pieces = strategy.content_pieces.filter(
        publish_date__year=month.year, publish_date__month=month.month
    ).order_by("publish_date", "pk")
    by_day = {}
    for piece in pieces:
        by_day.setdefault(piece.publish_date, []).append(piece)
    weeks = [
        [
            {"date": day, "in_month": day.month == month.month, "pieces": by_day.get(day, [])}
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    feed = CalendarFeed.objects.filter(strategy=strategy, user=request.user).first()
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
    return render(
        request,
        "content_plan/calendar.html",
        _context(
            access,
            "calendar",
            month=month,
            weeks=weeks,
            previous=previous,
            following=following,
            weekdays=[calendar.day_abbr[(i) % 7] for i in range(7)],
            feed_url=feed_url,
            count=len(pieces),
        ),
    )


@strategy_view(write=Role.VIEWER)
@require_POST
def feed_create(request, access: StrategyAccess):
    """Every member, viewers too, may have a private link to the publish dates."""
    CalendarFeed.objects.get_or_create(strategy=access.strategy, user=request.user)
    messages.success(request, _("Your private calendar link is ready. Keep it to yourself."))
    return redirect(_url("calendar", access.strategy) + "#subscribe")


@strategy_view(write=Role.VIEWER)
@require_POST
def feed_revoke(request, access: StrategyAccess):
    CalendarFeed.objects.filter(strategy=access.strategy, user=request.user).delete()
    messages.success(request, _("Your calendar link no longer works. Make a new one any time."))
    return redirect(_url("calendar", access.strategy) + "#subscribe")


def feed(request, strategy_uuid, token: str):
    """The publish dates as iCalendar, for calendar apps that cannot log in."""
    access = get_feed_access(strategy_uuid, token)
    pieces = access.strategy.content_pieces.dated().select_related("persona", "owner")
    response = HttpResponse(plan_calendar(access.strategy, pieces), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="content-plan.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# Message sequences


def _sequence(access: StrategyAccess, sequence_id: int) -> MessageSequence:
    return get_object_or_404(
        access.strategy.message_sequences.select_related("goal", "persona"), pk=sequence_id
    )


def preview(message: Message) -> dict:
    """How a message would look: its bubbles, and what a lock screen shows of it."""
    parts = regex.findall(r"\X", message.text)
    size = LIMITS["messenger_text_bubble"].value if message.channel == Channel.MESSENGER else 0
    bubbles = (
        ["".join(parts[start : start + size]) for start in range(0, len(parts), size)]
        if size
        else [message.text]
    )
    headline = message.subject if message.channel == Channel.EMAIL else message.text
    lock = LIMITS["lock_screen_preview"].value
    return {
        "message": message,
        "bubbles": [bubble for bubble in bubbles if bubble] or [""],
        "lock_screen": first_graphemes(headline, lock),
        "lock_screen_cut": graphemes(headline) > lock,
        "lock_limit": lock,
        "sms": sms_length(message.text) if message.channel == Channel.SMS else None,
        "length": graphemes(message.text),
    }


@strategy_view()
def sequences(request, access: StrategyAccess):
    """The strategy's sequences; a POST starts a new one from its trigger's template."""
    strategy = access.strategy
    form = SequenceForm(request.POST or None, strategy=strategy, prefix="new")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sequence = sequence_from_template(
            strategy, data["trigger"], data["name"], goal=data["goal"], persona=data["persona"]
        )
        messages.success(
            request,
            _("Sequence “%(name)s” created from the template: make it yours.")
            % {"name": sequence.name},
        )
        return redirect(sequence)
    rows = strategy.message_sequences.select_related("goal", "persona").annotate(
        step_count=Count("steps", distinct=True),
        errors=Sum("steps__error_count"),
        warnings=Sum("steps__warning_count"),
    )
    return render(
        request,
        "content_plan/sequences.html",
        _context(
            access,
            "sequences",
            form=form,
            rows=rows,
        ),
    )


@strategy_view()
def sequence(request, access: StrategyAccess, sequence_id: int):
    """One sequence: its steps as they would look, with their problems."""
    item = _sequence(access, sequence_id)
    form = SequenceForm(request.POST or None, instance=item, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        form.save()
        item.recheck()
        messages.success(request, _("Sequence saved."))
        return redirect(item)
    steps = list(item.steps.all())
    rows = [(step, preview(step.as_message())) for step in steps]
    return render(
        request,
        "content_plan/sequence.html",
        _context(
            access,
            "sequences",
            sequence=item,
            form=form,
            rows=rows,
            errors=sum(step.error_count for step in steps),
            warnings=sum(step.warning_count for step in steps),
        ),
    )


@strategy_view(read=Role.EDITOR)
def sequence_delete(request, access: StrategyAccess, sequence_id: int):
    item = _sequence(access, sequence_id)
    return confirm_delete(
        request,
        access,
        item,
        "sequences",
        _url("sequences", access.strategy),
        question=_("Delete the sequence “%(name)s” and all its steps?") % {"name": item.name},
        done=_("Sequence “%(name)s” deleted.") % {"name": item.name},
        cancel=item.get_absolute_url(),
    )


def _step_page(request, access, item, step=None):
    form = StepForm(request.POST or None, instance=step or SequenceStep(sequence=item))
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        item.recheck()
        saved.refresh_from_db()
        if saved.error_count:
            messages.warning(
                request, _("Saved as a draft with problems to fix: the sequence marks it.")
            )
        else:
            messages.success(request, _("Message saved."))
        return redirect(item.get_absolute_url() + f"#step-{saved.pk}")
    checked = (
        check_live(item, form.message(), step) if form.is_bound else (step.problems if step else [])
    )
    return render(
        request,
        "content_plan/step_form.html",
        _context(
            access,
            "sequences",
            sequence=item,
            form=form,
            step=step,
            problems=checked,
            **preview(
                form.message()
                if form.is_bound
                else (step.as_message() if step else Message("messenger"))
            ),
        ),
    )


def check_live(item: MessageSequence, message: Message, step=None) -> list[dict]:
    """The typed message checked on its own and against the sequence's other steps."""
    voice = BrandVoice.objects.filter(strategy_id=item.strategy_id).first()
    others = [other.as_message() for other in item.steps.exclude(pk=step.pk if step else None)]
    timeline = check_timeline([*others, message])
    problems = check_message(message, voice.words_to_avoid if voice else []) + timeline[-1]
    return [problem_as_dict(problem) for problem in problems]


@strategy_view(read=Role.EDITOR)
def step_create(request, access: StrategyAccess, sequence_id: int):
    return _step_page(request, access, _sequence(access, sequence_id))


@strategy_view(read=Role.EDITOR)
def step_edit(request, access: StrategyAccess, sequence_id: int, step_id: int):
    item = _sequence(access, sequence_id)
    return _step_page(request, access, item, get_object_or_404(item.steps, pk=step_id))


@strategy_view()
@require_POST
def step_check(request, access: StrategyAccess, sequence_id: int):
    """The live check as the user types: problems and preview of the typed message."""
    item = _sequence(access, sequence_id)
    step = (
        item.steps.filter(pk=request.POST.get("step")).first()
        if request.POST.get("step", "").isdigit()
        else None
    )
    form = StepForm(request.POST, instance=step or SequenceStep(sequence=item))
    message = form.message()
    return render(
        request,
        "content_plan/_step_check.html",
        {
            "problems": check_live(item, message, step),
            **preview(message),
        },
    )


@strategy_view(read=Role.EDITOR)
def step_delete(request, access: StrategyAccess, sequence_id: int, step_id: int):
    item = _sequence(access, sequence_id)
    step = get_object_or_404(item.steps, pk=step_id)
    response = confirm_delete(
        request,
        access,
        step,
        "sequences",
        item.get_absolute_url(),
        question=_("Delete this %(channel)s message (+%(delay)s)?")
        % {"channel": step.get_channel_display(), "delay": step.delay_label},
        done=_("Message deleted."),
    )
    if request.method == "POST":
        item.recheck()  # the other steps' stagger and window checks depend on this one
    return response
