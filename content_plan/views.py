import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse, JsonResponse
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
    PublishDateForm,
    SequenceForm,
    StepForm,
)
from content_plan.ical import plan_calendar
from content_plan.models import (
    FUTURE_EVENTS,
    AuditMetric,
    CalendarFeed,
    ContentPiece,
    FunnelStage,
    MessageSequence,
    SequenceStep,
    Status,
    coverage,
    rank_audit,
)
from content_plan.rules import ERROR, WARNING, Message, count, preview
from content_plan.sequence_templates import sequence_from_template
from personas.models import BrandVoice
from strategy_planner.access import StrategyAccess, link_view, strategy_view
from strategy_planner.calendars import (
    Month,
    first_weekday,
    format_date,
    shown_calendar,
    weekday_names,
)
from strategy_planner.models import Role
from strategy_planner.views import confirm_delete, inline_add
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


# The content audit


@strategy_view()
def audit(request, access: StrategyAccess):
    """Existing content ranked against a goal; a POST adds a piece to the audit."""
    strategy = access.strategy
    added = inline_add(
        request,
        lambda data: AuditedPieceForm(data, strategy=strategy, prefix="audit"),
        done=lambda piece: _("Added “%(title)s” to the audit.") % {"title": piece.title},
        back=lambda piece: _url("audit", strategy),
    )
    if added.redirect:
        return added.redirect
    goals = list(strategy.goals.all())
    goal = next(
        (g for g in goals if str(g.pk) == request.GET.get("goal")), goals[0] if goals else None
    )
    ranking = rank_audit(
        list(strategy.audited_pieces.select_related("persona", "goal")),
        goal,
        request.GET.get("metric"),
    )
    # Ranked as a whole, shown a page at a time: rank numbers run on across pages.
    page = Paginator(ranking.pieces, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = _context(
        access,
        "audit",
        form=added.form,
        pieces=page.object_list,
        page=page,
        query=query.urlencode(),
        rank_offset=page.start_index() - 1 if ranking.pieces else 0,
        goals=goals,
        goal=goal,
        metric=ranking.metric,
        metric_label=ranking.metric_label,
        metrics=AuditMetric.choices,
        best=ranking.best,
        worst=ranking.worst,
    )
    template = "_audit_section.html" if request.htmx else "audit.html"
    return render(request, f"content_plan/{template}", context)


@strategy_view(read=Role.EDITOR)
def audit_edit(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.audited_pieces, pk=piece_id)
    form = AuditedPieceForm(request.POST or None, instance=piece, strategy=access.strategy)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
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
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def audit_delete(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.audited_pieces, pk=piece_id)
    names = {"title": piece.title}
    return confirm_delete(
        request,
        access,
        piece,
        step=STEP,
        back=_url("audit", access.strategy),
        question=_("Remove “%(title)s” from the audit?") % names,
        done=_("Removed “%(title)s” from the audit.") % names,
    )


# Content gaps


@strategy_view()
def gaps(request, access: StrategyAccess):
    strategy = access.strategy
    form = ContentGapForm(request.POST or None, strategy=strategy, prefix="gap")
    if request.method == "POST" and form.is_valid():
        gap = form.save()
        messages.success(request, _("Gap recorded for %(persona)s.") % {"persona": gap.persona})
        return redirect(_url("gaps", strategy) + f"#gap-{gap.pk}")
    gap_list = (
        strategy.content_gaps.select_related("persona")
        .annotate(planned=Count("pieces"))
        .prefetch_related("pieces")
    )
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
    """Plan a piece for a gap, once: a gap with a piece sends to that piece."""
    gap = get_object_or_404(access.strategy.content_gaps.select_related("persona"), pk=gap_id)
    planned = gap.pieces.order_by("pk").first()
    if planned is not None:
        messages.info(
            request, _("“%(title)s” is already planned for this gap.") % {"title": planned.title}
        )
        return redirect(_url("piece_edit", access.strategy, planned.pk))
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
        step=STEP,
        back=_url("gaps", access.strategy),
        question=_("Delete the gap “%(question)s”?") % {"question": gap.question},
        done=_("Gap deleted."),
    )


# The content plan


@strategy_view()
def plan(request, access: StrategyAccess):
    strategy = access.strategy
    filters = PlanFilterForm(request.GET or None, strategy=strategy)
    pieces = filters.apply(
        strategy.content_pieces.select_related(
            "persona", "goal", "owner__profile", "gap"
        ).prefetch_related("promotion_channels")
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
            totals=pieces.totals(),
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


@strategy_view()
@require_POST
def piece_duplicate(request, access: StrategyAccess, piece_id: int):
    """A copy of a piece, as an idea on the same dates, beside it on the plan and the
    calendar; back to the page it was duplicated on."""
    piece = get_object_or_404(access.strategy.content_pieces, pk=piece_id)
    copy = piece.duplicate()
    messages.success(
        request,
        _("Duplicated “%(title)s” as “%(copy)s”, an idea on the same dates.")
        % {"title": piece.title, "copy": copy.title},
    )
    if request.POST.get("back") == "calendar" and copy.publish_date:
        return redirect(_calendar_url(access.strategy, copy.publish_date, copy))
    return redirect(_url("plan", access.strategy) + f"#piece-{copy.pk}")


def _wants_json(request) -> bool:
    """The calendar's script moves a piece and asks for the answer as JSON; a plain
    form post gets the calendar again."""
    return request.headers.get("Accept", "").startswith("application/json")


def _calendar_url(strategy, day, piece=None) -> str:
    """The calendar's month that holds ``day`` (in the reader's calendar)."""
    month = Month.containing(day, shown_calendar()) if day else None
    query = f"?{month.query}" if month else ""
    return _url("calendar", strategy) + query + (f"#piece-{piece.pk}" if piece else "")


@strategy_view()
@require_POST
def piece_move(request, access: StrategyAccess, piece_id: int):
    """Give a piece another publish date from the calendar (dragged to a day, or with
    its Move menu), checked and saved by its edit form from the edit version it was
    shown with; a refusal says why and leaves the piece where it is."""
    strategy = access.strategy
    piece = get_object_or_404(strategy.content_pieces, pk=piece_id)
    form = PublishDateForm(request.POST, instance=piece, strategy=strategy)
    moved = form.is_valid() and form.save_if_unchanged()
    saved = strategy.content_pieces.get(pk=piece.pk)
    names = {"title": saved.title}
    if moved:
        message = _("Moved “%(title)s” to %(date)s.") % {
            **names,
            "date": format_date(saved.publish_date) if saved.publish_date else "—",
        }
    elif form.conflict:
        message = _(
            "Someone else changed the publish date of “%(title)s” meanwhile: it is %(date)s "
            "now, and stays there. Move it again to replace their date."
        ) % {**names, "date": format_date(saved.publish_date) if saved.publish_date else "—"}
    else:
        reasons = [*form.errors.get("publish_date", []), *form.non_field_errors()]
        message = _("“%(title)s” stays where it was: %(reason)s") % {
            **names,
            "reason": " ".join(reasons),
        }
    if _wants_json(request):
        return JsonResponse(
            {
                "moved": bool(moved),
                "message": message,
                "edit_version": saved.edit_version,
                "publish_date": saved.publish_date.isoformat() if saved.publish_date else "",
            },
            status=200 if moved else 409 if form.conflict else 400,
        )
    (messages.success if moved else messages.error)(request, message)
    return redirect(_calendar_url(strategy, saved.publish_date, saved))


@strategy_view(read=Role.EDITOR)
def piece_delete(request, access: StrategyAccess, piece_id: int):
    piece = get_object_or_404(access.strategy.content_pieces, pk=piece_id)
    names = {"title": piece.title}
    return confirm_delete(
        request,
        access,
        piece,
        step=STEP,
        back=_url("plan", access.strategy),
        question=_("Remove “%(title)s” from the plan?") % names,
        done=_("“%(title)s” removed from the plan.") % names,
    )


# The calendar and its feed


# The calendar goes this many years before and after the planning horizon; a
# month asked for beyond that shows the nearest one it has.
CALENDAR_YEARS_AROUND = 5


@dataclass(frozen=True)
class CalendarMonth:
    """The month the calendar shows, in the reader's calendar (Jalali for a
    Persian reader who chose it), and its neighbours; a neighbour beyond the
    calendar's range is None, and so is this month's link when it is shown."""

    month: Month
    previous: Month | None
    following: Month | None
    current: Month | None  # the month of today, to go back to


def _month(request, strategy) -> CalendarMonth:
    """The month asked for within the calendar's range; this month, or the
    horizon's first, when none or an unreadable one is asked for.

    A link names a month in its own calendar: ``?month=1406-01&calendar=jalali``
    is Farvardin 1406, ``?month=2027-03`` March 2027. A month of the other
    calendar than the reader's shows the reader's month that holds its first day.
    """
    shown = shown_calendar()
    lowest, highest = Month.drawable(shown)
    start = Month.containing(strategy.start_date, shown)
    end = Month.containing(strategy.end_date, shown)
    first = Month(shown, start.year - CALENDAR_YEARS_AROUND, 1).clamp(lowest, highest)
    last = Month(shown, end.year + CALENDAR_YEARS_AROUND, 12).clamp(lowest, highest)
    today = timezone.localdate()
    asked = Month.parse(request.GET.get("month", ""), request.GET.get("calendar", ""))
    if asked is None:
        inside = strategy.start_date <= today <= strategy.end_date
        month = Month.containing(today if inside else strategy.start_date, shown)
    else:
        month = asked.in_calendar(shown)
    month = month.clamp(first, last)
    current = Month.containing(today, shown)
    return CalendarMonth(
        month=month,
        previous=month.previous if month > first else None,
        following=month.following if month < last else None,
        current=current if current != month and first <= current <= last else None,
    )


# The colour of a piece on the calendar says its status (Bootstrap's text-bg-*), as
# the calendar's legend tells.
STATUS_COLOURS = {
    Status.IDEA: "secondary",
    Status.PLANNED: "primary",
    Status.IN_PRODUCTION: "warning",
    Status.PUBLISHED: "success",
}


def _moves() -> list[tuple[str, int]]:
    """The Move menu of a piece on the calendar, the keyboard's way to drag it: by how
    many days each choice moves it."""
    return [
        (_("A day earlier"), -1),
        (_("A day later"), 1),
        (_("A week earlier"), -7),
        (_("A week later"), 7),
    ]


@strategy_view()
def calendar_month(request, access: StrategyAccess):
    """The publish dates of a month, a week to a row, in the reader's calendar."""
    strategy = access.strategy
    shown = _month(request, strategy)
    month = shown.month
    start = first_weekday()
    pieces = strategy.content_pieces.filter(publish_date__range=(month.first, month.last)).order_by(
        "publish_date", "pk"
    )
    by_day = {}
    for piece in pieces:
        piece.colour = STATUS_COLOURS[piece.status]
        piece.moves = [
            (label, piece.publish_date + datetime.timedelta(days=shift), shift)
            for label, shift in _moves()
        ]
        by_day.setdefault(piece.publish_date, []).append(piece)
    today = timezone.localdate()
    weeks = [
        [
            {
                "date": day,
                "in_month": month.first <= day <= month.last,
                "today": day == today,
                "in_horizon": strategy.in_horizon(day),
                "pieces": by_day.get(day, []),
            }
            for day in week
        ]
        for week in month.weeks(start)
    ]
    feed = CalendarFeed.objects.filter(strategy=strategy, user=request.user).first()
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else None
    return render(
        request,
        "content_plan/calendar.html",
        _context(
            access,
            "calendar",
            month=month.first,
            weeks=weeks,
            previous=shown.previous,
            following=shown.following,
            current=shown.current,
            weekdays=weekday_names(start),
            feed_url=feed_url,
            count=len(pieces),
            legend=[(status.label, STATUS_COLOURS[status]) for status in Status],
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


@link_view(lambda: CalendarFeed.objects.all())
def feed(request, access: StrategyAccess, token: str):
    """The publish dates as iCalendar, for calendar apps that cannot log in."""
    pieces = access.strategy.content_pieces.dated().select_related("persona", "owner__profile")
    response = HttpResponse(plan_calendar(access.strategy, pieces), content_type="text/calendar")
    response["Content-Disposition"] = 'inline; filename="content-plan.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response


# Message sequences


def _sequence(access: StrategyAccess, sequence_id: int) -> MessageSequence:
    return get_object_or_404(
        access.strategy.message_sequences.select_related("goal", "persona"), pk=sequence_id
    )


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
    avoid = BrandVoice.objects.words_to_avoid(strategy)
    rows = []
    for row in strategy.message_sequences.select_related("goal", "persona").prefetch_related(
        "steps"
    ):
        found = [problems for _step, problems in row.checked_steps(avoid)]
        row.step_count = len(found)
        row.errors = sum(count(problems, ERROR) for problems in found)
        row.warnings = sum(count(problems, WARNING) for problems in found)
        rows.append(row)
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
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Sequence saved."))
        return redirect(item)
    checked = item.checked_steps()
    rows = [
        {
            "step": step,
            "problems": problems,
            "errors": count(problems, ERROR),
            "preview": preview(step.as_message()),
        }
        for step, problems in checked
    ]
    return render(
        request,
        "content_plan/sequence.html",
        _context(
            access,
            "sequences",
            sequence=item,
            timed_from_event=FUTURE_EVENTS.get(item.trigger),
            form=form,
            rows=rows,
            errors=sum(count(problems, ERROR) for _step, problems in checked),
            warnings=sum(count(problems, WARNING) for _step, problems in checked),
        ),
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def sequence_delete(request, access: StrategyAccess, sequence_id: int):
    item = _sequence(access, sequence_id)
    return confirm_delete(
        request,
        access,
        item,
        step=STEP,
        back=_url("sequences", access.strategy),
        question=_("Delete the sequence “%(name)s” and all its steps?") % {"name": item.name},
        done=_("Sequence “%(name)s” deleted.") % {"name": item.name},
        cancel=item.get_absolute_url(),
    )


def _step_page(request, access, item, step=None):
    form = StepForm(request.POST or None, instance=step or SequenceStep(sequence=item))
    saved = request.method == "POST" and form.is_valid() and form.save_if_unchanged()
    if saved:
        if count(dict(item.checked_steps())[saved], ERROR):
            messages.warning(
                request, _("Saved as a draft with problems to fix: the sequence marks it.")
            )
        else:
            messages.success(request, _("Message saved."))
        return redirect(item.get_absolute_url() + f"#step-{saved.pk}")
    if form.is_bound:
        message = form.message()
        problems = item.check_draft(message, replacing=step)
    elif step:
        message = step.as_message()
        problems = dict(item.checked_steps())[step]
    else:
        message, problems = Message("messenger"), []
    return render(
        request,
        "content_plan/step_form.html",
        _context(
            access,
            "sequences",
            sequence=item,
            form=form,
            step=step,
            problems=problems,
            **preview(message),
        ),
        status=409 if form.conflict else 200,
    )


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
            "problems": item.check_draft(message, replacing=step),
            **preview(message),
        },
    )


@strategy_view(read=Role.EDITOR)
def step_delete(request, access: StrategyAccess, sequence_id: int, step_id: int):
    item = _sequence(access, sequence_id)
    step = get_object_or_404(item.steps, pk=step_id)
    return confirm_delete(
        request,
        access,
        step,
        step=STEP,
        back=item.get_absolute_url(),
        question=_("Delete this %(channel)s message (%(delay)s)?")
        % {"channel": step.get_channel_display(), "delay": step.delay_label},
        done=_("Message deleted."),
    )
