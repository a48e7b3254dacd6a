from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.forms import MemberAddForm, MemberRoleForm, SignupForm, StrategyForm
from strategy_planner.models import Membership, Role
from strategy_planner.wizard import Progress


def signup(request):
    if request.user.is_authenticated:
        return redirect("strategy_planner:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s! Start by creating a strategy.") % {"name": user.get_username()},
        )
        return redirect("strategy_planner:dashboard")
    return render(request, "registration/signup.html", {"form": form})


@login_required
def dashboard(request):
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("strategy")
        .order_by("-strategy__updated_at", "strategy__name")
    )
    rows = [(membership, Progress(membership.strategy)) for membership in memberships]
    return render(request, "strategy_planner/dashboard.html", {"rows": rows})


@login_required
def strategy_create(request):
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            strategy = form.save()
            Membership.objects.create(strategy=strategy, user=request.user, role=Role.OWNER)
        messages.success(request, _("Strategy created. Work through the steps in any order."))
        return redirect(strategy)
    return render(request, "strategy_planner/strategy_create.html", {"form": form})


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
    if request.method == "POST" and form.is_valid():
        form.save()
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
    )


@strategy_view(read=Role.OWNER, write=Role.OWNER)
def strategy_delete(request, access: StrategyAccess):
    strategy = access.strategy
    if request.method == "POST":
        name = strategy.name
        strategy.delete()
        messages.success(request, _("“%(name)s” was deleted.") % {"name": name})
        return redirect("strategy_planner:dashboard")
    return render(
        request, "strategy_planner/strategy_delete.html", {"access": access, "strategy": strategy}
    )


@strategy_view(write=Role.OWNER)
def members(request, access: StrategyAccess):
    strategy = access.strategy
    form = MemberAddForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        membership = form.save()
        messages.success(
            request,
            _("%(user)s can now work on this strategy as %(role)s.")
            % {"user": membership.user.get_username(), "role": membership.get_role_display()},
        )
        return redirect("strategy_planner:members", strategy.uuid)
    memberships = strategy.memberships.select_related("user").order_by("user__username")
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
    membership = get_object_or_404(strategy.memberships.select_related("user"), pk=member_id)
    form = MemberRoleForm(request.POST, instance=membership, prefix=f"m{membership.pk}")
    if form.is_valid():
        form.save()
        messages.success(
            request,
            _("%(user)s is now %(role)s.")
            % {"user": membership.user.get_username(), "role": membership.get_role_display()},
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
    membership = get_object_or_404(strategy.memberships.select_related("user"), pk=member_id)
    last_owner = membership.is_last_owner()
    if request.method == "POST" and not last_owner:
        membership.delete()
        messages.success(
            request,
            _("%(user)s no longer has access to this strategy.")
            % {"user": membership.user.get_username()},
        )
        if membership.user_id == request.user.pk:
            return redirect("strategy_planner:dashboard")
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
