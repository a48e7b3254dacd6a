from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from strategy_planner.access import StrategyAccess, deleted_strategy_view, strategy_view
from strategy_planner.calendars import COOKIE as CALENDAR_COOKIE
from strategy_planner.calendars import GREGORIAN, JALALI
from strategy_planner.forms import (
    FunnelForm,
    GoalForm,
    MemberAddForm,
    MemberRoleForm,
    ProfileForm,
    SignupForm,
    StrategyForm,
)
from strategy_planner.funnel import EXAMPLE
from strategy_planner.glossary import TERMS
from strategy_planner.models import KEEP_DELETED_DAYS, Goal, Role, Strategy
from strategy_planner.numbers import COOKIE as DIGITS_COOKIE
from strategy_planner.numbers import LATIN, NATIVE, format_count
from strategy_planner.people import display_name
from strategy_planner.wizard import Progress


def confirm_delete(
    request,
    access: StrategyAccess,
    obj,
    *,
    step: str,
    question: str,
    done: str,
    back: str,
    consequence: str = "",
    cancel: str = "",
    frame: str = "strategy_planner/step_base.html",
) -> HttpResponse:
    """Delete something of a step: ask first (GET), then delete (POST) and go back to
    ``back``, where it was listed, saying ``done``. Every step's delete pages are this
    one view with their own words. ``frame``: the page the question is asked in, for
    a page of the strategy outside the wizard's steps (the budget); it fills the
    block ``step_content``, as a step's page does."""
    if request.method == "POST":
        obj.delete()
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "confirm_delete.html",
        {
            "access": access,
            "strategy": access.strategy,
            "progress": Progress(access.strategy, step),
            "frame": frame,
            "question": question,
            "consequence": consequence,
            "cancel": cancel or back,
        },
    )


@dataclass
class InlineAdd:
    """What :func:`inline_add` leaves to draw: the form (empty again after an add
    made with htmx) or the redirect after an add made without it."""

    form: object
    redirect: HttpResponse | None = None


def inline_add(
    request, make_form: Callable, *, done: Callable[..., str], back: Callable[..., str]
) -> InlineAdd:
    """The one way a step's page adds a row in place: the page's own URL takes the
    POST of its "Add" form. Saved, it says ``done(row)``; a plain POST is then
    redirected to ``back(row)``, and an htmx one gets the page's section again with
    an empty form (the template's part is ``_inline_add.html``). A form with
    errors comes back as it was typed. ``make_form(data)`` makes the form.

    The same form sent twice (a double click, sent again from the history) adds
    its row once: the form carries a one-time token (``{% once_token %}``), spent
    as the row is saved; sent again, it saves nothing and leads back to the page,
    where the row is. A form without a token (a page older than the token) saves
    as before."""
    form = make_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not spend_once(request.POST.get(ONCE_FIELD)):
            messages.info(request, _("This was added already."))
            if not request.htmx:
                return InlineAdd(form, redirect(request.get_full_path()))
            return InlineAdd(make_form(None))
        row = form.save()
        messages.success(request, done(row))
        if not request.htmx:
            return InlineAdd(form, redirect(back(row)))
        form = make_form(None)
    return InlineAdd(form)


ONCE_FIELD = "once"
ONCE_KEPT_SECONDS = 7 * 24 * 3600


def spend_once(token: str | None) -> bool:
    """Spend a form's one-time token: True the first time (or without a token),
    False when it was spent already. Kept in the cache, which all processes share;
    its ``add`` sets a key only if it is not there."""
    if not token:
        return True
    return cache.add(f"once:{token[:64]}", True, ONCE_KEPT_SECONDS)


def signup(request):
    if request.user.is_authenticated:
        return redirect("starters:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s! Start by creating a strategy.") % {"name": display_name(user)},
        )
        return redirect("starters:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("profile")
    return render(request, "strategy_planner/profile.html", {"form": form})


@strategy_view()
def overview(request, access: StrategyAccess):
    progress = Progress(access.strategy)
    return render(
        request,
        "strategy_planner/overview.html",
        {"access": access, "strategy": access.strategy, "progress": progress},
    )


@strategy_view()
def basics(request, access: StrategyAccess):
    strategy = access.strategy
    form = StrategyForm(request.POST or None, instance=strategy)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Saved."))
        return redirect("strategy_planner:basics", strategy.uuid)
    return render(
        request,
        "strategy_planner/basics.html",
        {
            "access": access,
            "strategy": strategy,
            "form": form,
            "progress": Progress(strategy, "basics"),
        },
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.OWNER, write=Role.OWNER)
def strategy_delete(request, access: StrategyAccess):
    strategy = access.strategy
    if request.method == "POST":
        strategy.soft_delete(by=request.user)
        messages.success(
            request,
            ngettext(
                "“%(name)s” was moved to Recently deleted. Its owners can restore it there "
                "for %(days)s day.",
                "“%(name)s” was moved to Recently deleted. Its owners can restore it there "
                "for %(days)s days.",
                KEEP_DELETED_DAYS,
            )
            % {"name": strategy.name, "days": format_count(KEEP_DELETED_DAYS)},
        )
        return redirect("starters:dashboard")
    return render(
        request,
        "strategy_planner/strategy_delete.html",
        {"access": access, "strategy": strategy, "days": KEEP_DELETED_DAYS},
    )


@require_POST
def set_calendar(request):
    """The reader's calendar for dates on screen (used with the Persian interface)."""
    choice = request.POST.get("calendar")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if choice in (GREGORIAN, JALALI):
        response.set_cookie(
            CALENDAR_COOKIE, choice, max_age=60 * 60 * 24 * 365, samesite="Lax", httponly=True
        )
    return response


@require_POST
def set_digits(request):
    """The reader's digits for figures on screen: the language's own (Persian ۱۲۳) or
    Latin. Documents keep their language's own digits."""
    choice = request.POST.get("digits")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    if choice in (LATIN, NATIVE):
        response.set_cookie(
            DIGITS_COOKIE, choice, max_age=60 * 60 * 24 * 365, samesite="Lax", httponly=True
        )
    return response


def glossary(request):
    return render(request, "strategy_planner/glossary.html", {"terms": TERMS})


@login_required
def recently_deleted(request):
    strategies = (
        Strategy.objects.deleted_for_owner(request.user)
        .select_related("deleted_by__profile")
        .order_by("-deleted_at")
    )
    return render(
        request,
        "strategy_planner/recently_deleted.html",
        {"strategies": strategies, "days": KEEP_DELETED_DAYS},
    )


@deleted_strategy_view
@require_POST
def strategy_restore(request, strategy: Strategy):
    strategy.restore()
    messages.success(request, _("“%(name)s” is back.") % {"name": strategy.name})
    return redirect(strategy)


@deleted_strategy_view
def strategy_purge(request, strategy: Strategy):
    if request.method == "POST":
        strategy.delete()
        messages.success(request, _("“%(name)s” was deleted for good.") % {"name": strategy.name})
        return redirect("strategy_planner:recently_deleted")
    return render(request, "strategy_planner/strategy_purge.html", {"strategy": strategy})


# Members in the order of the names they are shown by (their username when they have none).
SHOWN_AS = Lower(Coalesce(NullIf("user__profile__display_name", Value("")), "user__username"))


@strategy_view(write=Role.OWNER)
def members(request, access: StrategyAccess):
    strategy = access.strategy
    form = MemberAddForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(user)s can now work on this strategy as %(role)s.")
            % {"user": display_name(membership.user), "role": membership.get_role_display()},
        )
        return redirect("strategy_planner:members", strategy.uuid)
    memberships = (
        strategy.memberships.select_related("user__profile")
        .annotate(shown_as=SHOWN_AS)
        .order_by("shown_as", "user__username")
    )
    rows = [
        (membership, MemberRoleForm(instance=membership, prefix=f"m{membership.pk}"))
        for membership in memberships
    ]
    return render(
        request,
        "strategy_planner/members.html",
        {"access": access, "strategy": strategy, "form": form, "rows": rows},
    )


@strategy_view(write=Role.OWNER)
@require_POST
def member_update(request, access: StrategyAccess, member_id: int):
    strategy = access.strategy
    membership = get_object_or_404(
        strategy.memberships.select_related("user__profile"), pk=member_id
    )
    form = MemberRoleForm(request.POST, instance=membership, prefix=f"m{membership.pk}")
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": display_name(membership.user), "role": membership.get_role_display()},
        )
    else:
        for error in form.errors.get("role", []):
            messages.error(request, error)
    if membership.user_id == request.user.pk and not membership.is_owner:
        return redirect(strategy)
    return redirect("strategy_planner:members", strategy.uuid)


@strategy_view(read=Role.OWNER, write=Role.OWNER)
def member_remove(request, access: StrategyAccess, member_id: int):
    strategy = access.strategy
    membership = get_object_or_404(
        strategy.memberships.select_related("user__profile"), pk=member_id
    )
    last_owner = membership.is_last_owner()
    if request.method == "POST" and not last_owner:
        membership.delete()
        messages.success(
            request,
            _("%(user)s no longer has access to this strategy.")
            % {"user": display_name(membership.user)},
        )
        if membership.user_id == request.user.pk:
            return redirect("starters:dashboard")
        return redirect("strategy_planner:members", strategy.uuid)
    return render(
        request,
        "strategy_planner/member_remove.html",
        {
            "access": access,
            "strategy": strategy,
            "membership": membership,
            "last_owner": last_owner,
        },
        status=400 if request.method == "POST" else 200,
    )


# Step 2 — goals and measurement

GOALS_STEP = "goals"


def goals_url(strategy: Strategy) -> str:
    return reverse("strategy_planner:goals", args=[strategy.uuid])


def _goals_context(access: StrategyAccess, **extra) -> dict:
    strategy = access.strategy
    return {
        "access": access,
        "strategy": strategy,
        "progress": Progress(strategy, GOALS_STEP),
        "goals": strategy.goals.prefetch_related("personas"),
        **extra,
    }


def _new_goal_form(access: StrategyAccess, data=None) -> GoalForm:
    return GoalForm(data, instance=Goal(strategy=access.strategy), prefix="goal")


@strategy_view()
def goals(request, access: StrategyAccess):
    """The goals step; a POST here adds a goal (inline, without leaving the page)."""
    added = inline_add(
        request,
        lambda data: _new_goal_form(access, data),
        done=lambda goal: _("Goal added: %(goal)s") % {"goal": goal.marketing_goal},
        back=lambda goal: goals_url(access.strategy),
    )
    if added.redirect:
        return added.redirect
    template = "_goals_section.html" if request.htmx else "goals.html"
    context = _goals_context(access, form=added.form, **_funnel_context(request, access.strategy))
    return render(request, f"strategy_planner/{template}", context)


def _funnel_context(request, strategy) -> dict:
    funnel = FunnelForm(request.GET or None, strategy=strategy)
    result = funnel.result() if funnel.is_bound and funnel.is_valid() else None
    return {"funnel": funnel, "funnel_result": result, "funnel_example": urlencode(EXAMPLE)}


@strategy_view()
def funnel(request, access: StrategyAccess):
    """The funnel calculator's result, for the page script; the step page shows it too."""
    funnel = FunnelForm(request.GET or None, strategy=access.strategy)
    result = funnel.result() if funnel.is_bound and funnel.is_valid() else None
    return render(
        request,
        "strategy_planner/_funnel.html",
        {"access": access, "strategy": access.strategy, "funnel": funnel, "funnel_result": result},
    )


@strategy_view()
@require_POST
def funnel_save(request, access: StrategyAccess):
    """Save the funnel calculator's answer as a goal, once.

    Idempotent by refusing an identical goal: when the strategy already has the
    goal this answer makes (every field the funnel fills, ``Goal.FUNNEL_FIELDS``,
    the same), the same answer posted again (a double click, the form sent again
    from the history) adds nothing and leads to that goal. The form carries no
    token, so nothing has to be kept between the calculator's page and its save.
    The strategy's row is locked first, so that two posts of one answer at once
    are answered one after the other (on SQLite, every request's transaction
    already takes the write lock as it begins).
    """
    strategy = access.strategy
    funnel = FunnelForm(request.POST, strategy=strategy)
    if not funnel.is_valid():
        # Back to the calculator with its figures, which says what is wrong with them.
        messages.error(request, _("Check the calculator's figures first."))
        figures = urlencode({name: funnel.data.get(name, "") for name in funnel.fields})
        return redirect(f"{goals_url(strategy)}?{figures}#funnel")
    list(Strategy.objects.select_for_update().filter(pk=strategy.pk).values_list("pk"))
    goal = Goal.for_funnel(strategy, funnel.inputs(), funnel.result())
    same = strategy.goals.filter(
        **{name: getattr(goal, name) for name in Goal.FUNNEL_FIELDS}
    ).first()
    if same:
        messages.info(
            request,
            _("This funnel is already saved as a goal: %(goal)s") % {"goal": same.marketing_goal},
        )
        return redirect(goals_url(strategy) + f"#goal-{same.pk}")
    goal.save()
    messages.success(
        request, _("Saved the funnel as a goal: %(goal)s") % {"goal": goal.marketing_goal}
    )
    return redirect(goals_url(strategy) + f"#goal-{goal.pk}")


@strategy_view(read=Role.EDITOR)
def goal_edit(request, access: StrategyAccess, goal_id: int):
    goal = get_object_or_404(access.strategy.goals, pk=goal_id)
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Goal saved."))
        return redirect(goals_url(access.strategy))
    return render(
        request,
        "strategy_planner/goal_form.html",
        _goals_context(access, form=form, goal=goal),
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def goal_delete(request, access: StrategyAccess, goal_id: int):
    goal = get_object_or_404(access.strategy.goals, pk=goal_id)
    return confirm_delete(
        request,
        access,
        goal,
        step=GOALS_STEP,
        question=_("Delete the goal “%(goal)s”?") % {"goal": goal.marketing_goal},
        consequence=_(
            "Channels, content and actions that serve it will no longer be linked to it."
        ),
        done=_("Goal deleted."),
        back=goals_url(access.strategy),
    )


@strategy_view()
@require_POST
def goal_move(request, access: StrategyAccess, goal_id: int):
    goal = get_object_or_404(access.strategy.goals, pk=goal_id)
    goal.move(request.POST.get("direction", "down"))
    if request.htmx:
        return render(request, "strategy_planner/_goal_list.html", _goals_context(access))
    return redirect(goals_url(access.strategy) + f"#goal-{goal.pk}")
