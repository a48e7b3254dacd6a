import secrets

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategy_planner import starters
from strategy_planner.access import (
    StrategyAccess,
    deleted_strategy_view,
    get_strategy_access,
    share_view,
    strategy_view,
)
from strategy_planner.calendars import COOKIE as CALENDAR_COOKIE
from strategy_planner.calendars import GREGORIAN, JALALI
from strategy_planner.forms import (
    ActionForm,
    FunnelForm,
    GoalForm,
    ImportForm,
    KernelForm,
    MemberAddForm,
    MemberRoleForm,
    ShareLinkForm,
    SignupForm,
    StrategyForm,
)
from strategy_planner.funnel import EXAMPLE
from strategy_planner.glossary import TERMS
from strategy_planner.models import KEEP_DELETED_DAYS, Goal, Membership, Role, Strategy
from strategy_planner.report.document import build_document, method_checklist
from strategy_planner.report.pdf import (
    drawn_charts,
    find_job,
    layout_version,
    normal_page_size,
    request_pdf,
    summary_pdf,
)
from strategy_planner.report.xlsx import content_plan_workbook, strategy_workbook
from strategy_planner.report.xlsx_import import (
    ImportRefused,
    apply_import,
    plan_as_data,
    plan_import,
)
from strategy_planner.versioning import content_version
from strategy_planner.wizard import Progress, with_completeness


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
    strategies = with_completeness(
        Strategy.objects.for_user(request.user).annotate(role=F("memberships__role"))
    )
    roles = dict(Role.choices)
    rows = [(strategy, roles[strategy.role], Progress(strategy)) for strategy in strategies]
    deleted = Strategy.objects.deleted_for_owner(request.user).count()
    return render(
        request,
        "strategy_planner/dashboard.html",
        {"rows": rows, "deleted": deleted, "start_templates": starters.TEMPLATES},
    )


@login_required
def strategy_create(request):
    form = StrategyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            strategy = form.save()
            Membership.objects.create(strategy=strategy, user=request.user, role=Role.OWNER)
        messages.success(request, _("Strategy created. Work through the steps in any order."))
        return redirect(strategy)
    return render(
        request,
        "strategy_planner/strategy_create.html",
        {
            "form": form,
            "start_templates": starters.TEMPLATES,
            "copyable": Strategy.objects.for_user(request.user).order_by("name"),
        },
    )


CURRENCY_FOR_LANGUAGE = {"fa": "IRR", "ro": "RON"}


@login_required
@require_POST
def strategy_start(request):
    """A new strategy from the demo, a template, or a copy of one the user belongs to."""
    source = request.POST.get("source")
    if source == "demo":
        strategy = starters.from_demo(request.user)
    elif source == "template" and request.POST.get("template") in starters.TEMPLATES_BY_KEY:
        language = translation.get_language() or "en"
        strategy = starters.from_template(
            starters.TEMPLATES_BY_KEY[request.POST["template"]],
            request.user,
            language=language if language in ("en", "fa", "ro") else "en",
            currency=CURRENCY_FOR_LANGUAGE.get(language, "EUR"),
        )
    elif source == "copy":
        access = get_strategy_access(request.user, request.POST.get("strategy", ""))
        strategy = starters.copy_strategy(access.strategy, request.user)
    else:
        messages.error(request, _("Choose where to start from."))
        return redirect("strategy_planner:create")
    messages.success(
        request,
        _("“%(name)s” is ready. Rename it in Basics and make it yours.") % {"name": strategy.name},
    )
    return redirect(strategy)


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
        Strategy.objects.filter(pk=strategy.pk).update(
            deleted_at=timezone.now(), deleted_by=request.user
        )
        messages.success(
            request,
            _(
                "“%(name)s” was moved to Recently deleted. Its owners can restore it there "
                "for %(days)s days."
            )
            % {"name": strategy.name, "days": KEEP_DELETED_DAYS},
        )
        return redirect("strategy_planner:dashboard")
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


def glossary(request):
    return render(request, "strategy_planner/glossary.html", {"terms": TERMS})


@login_required
def recently_deleted(request):
    strategies = (
        Strategy.objects.deleted_for_owner(request.user)
        .select_related("deleted_by")
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
    Strategy.objects.filter(pk=strategy.pk).update(deleted_at=None, deleted_by=None)
    messages.success(request, _("“%(name)s” is back.") % {"name": strategy.name})
    return redirect(strategy)


@deleted_strategy_view
def strategy_purge(request, strategy: Strategy):
    if request.method == "POST":
        strategy.delete()
        messages.success(request, _("“%(name)s” was deleted for good.") % {"name": strategy.name})
        return redirect("strategy_planner:recently_deleted")
    return render(request, "strategy_planner/strategy_purge.html", {"strategy": strategy})


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
    form = _new_goal_form(access, request.POST or None)
    if request.method == "POST" and form.is_valid():
        goal = form.save()
        messages.success(request, _("Goal added: %(goal)s") % {"goal": goal.marketing_goal})
        if not request.htmx:
            return redirect(goals_url(access.strategy))
        form = _new_goal_form(access)
    template = "_goals_section.html" if request.htmx else "goals.html"
    context = _goals_context(access, form=form, **_funnel_context(request))
    return render(request, f"strategy_planner/{template}", context)


def _funnel_context(request) -> dict:
    funnel = FunnelForm(request.GET or None)
    result = funnel.result() if funnel.is_bound and funnel.is_valid() else None
    return {"funnel": funnel, "funnel_result": result, "funnel_example": urlencode(EXAMPLE)}


@strategy_view()
def funnel(request, access: StrategyAccess):
    """The funnel calculator's result, for the page script; the step page shows it too."""
    funnel = FunnelForm(request.GET or None)
    result = funnel.result() if funnel.is_bound and funnel.is_valid() else None
    return render(
        request,
        "strategy_planner/_funnel.html",
        {"access": access, "strategy": access.strategy, "funnel": funnel, "funnel_result": result},
    )


@strategy_view()
@require_POST
def funnel_save(request, access: StrategyAccess):
    strategy = access.strategy
    funnel = FunnelForm(request.POST)
    if not funnel.is_valid():
        messages.error(request, _("Check the calculator's figures first."))
        return redirect(goals_url(strategy))
    goal = Goal.from_funnel(strategy, funnel.cleaned_data, funnel.result())
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
    if request.method == "POST":
        goal.delete()
        messages.success(request, _("Goal deleted."))
        return redirect(goals_url(access.strategy))
    return render(request, "strategy_planner/goal_delete.html", _goals_context(access, goal=goal))


@strategy_view()
@require_POST
def goal_move(request, access: StrategyAccess, goal_id: int):
    goal = get_object_or_404(access.strategy.goals, pk=goal_id)
    goal.move(request.POST.get("direction", "down"))
    if request.htmx:
        return render(request, "strategy_planner/_goal_list.html", _goals_context(access))
    return redirect(goals_url(access.strategy) + f"#goal-{goal.pk}")


# Step 7 — consolidate, and the document

CONSOLIDATE_STEP = "consolidate"


def _consolidate_context(access: StrategyAccess, **extra) -> dict:
    strategy = access.strategy
    return {
        "access": access,
        "strategy": strategy,
        "progress": Progress(strategy, CONSOLIDATE_STEP),
        "actions": strategy.actions.prefetch_related(
            "goals", "content_pieces", "sequences", "channels"
        ),
        # What the method still asks for: two small queries, not the whole strategy.
        "checklist": method_checklist(strategy),
        **extra,
    }


@strategy_view()
def consolidate(request, access: StrategyAccess):
    """The kernel: diagnosis, guiding policy and coherent actions; a POST saves the first two."""
    strategy = access.strategy
    form = KernelForm(request.POST or None, instance=strategy, prefix="kernel")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("strategy_planner:consolidate", strategy.uuid)
    return render(
        request,
        "strategy_planner/consolidate.html",
        _consolidate_context(
            access, form=form, action_form=ActionForm(strategy=strategy, prefix="action")
        ),
    )


@strategy_view(read=Role.EDITOR)
def action_create(request, access: StrategyAccess):
    strategy = access.strategy
    form = ActionForm(request.POST or None, strategy=strategy, prefix="action")
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("Action added: %(title)s") % {"title": action.title})
        return redirect(reverse("strategy_planner:consolidate", args=[strategy.uuid]) + "#actions")
    return render(
        request,
        "strategy_planner/action_form.html",
        _consolidate_context(access, action_form=form),
    )


@strategy_view(read=Role.EDITOR)
def action_edit(request, access: StrategyAccess, action_id: int):
    strategy = access.strategy
    action = get_object_or_404(strategy.actions, pk=action_id)
    form = ActionForm(request.POST or None, instance=action, strategy=strategy, prefix="action")
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Action saved."))
        return redirect(reverse("strategy_planner:consolidate", args=[strategy.uuid]) + "#actions")
    return render(
        request,
        "strategy_planner/action_form.html",
        _consolidate_context(access, action_form=form, action=action),
    )


@strategy_view(read=Role.EDITOR)
def action_delete(request, access: StrategyAccess, action_id: int):
    strategy = access.strategy
    action = get_object_or_404(strategy.actions, pk=action_id)
    if request.method == "POST":
        action.delete()
        messages.success(request, _("Action deleted."))
        return redirect("strategy_planner:consolidate", strategy.uuid)
    return render(
        request,
        "strategy_planner/action_delete.html",
        {
            "access": access,
            "strategy": strategy,
            "action": action,
            "progress": Progress(strategy, CONSOLIDATE_STEP),
        },
    )


PREVIEW_SECONDS = 60 * 60
PREVIEW_MONTH_LINES = 10


def _preview(request, access: StrategyAccess, pdf_url: str, template: str):
    """The document on screen, drawn once per version of the strategy, reader's
    language and calendar, and day (the cover says when it was made)."""
    strategy = access.strategy
    key = ":".join(
        str(part)
        for part in (
            "document-html",
            strategy.pk,
            content_version(strategy),
            translation.get_language(),
            getattr(request, "calendar", ""),
            timezone.localdate().isoformat(),
            layout_version(),
        )
    )
    drawn = cache.get(key)
    if drawn is None:
        document = build_document(strategy)
        html = render_to_string(
            "report/_document.html",
            {
                "doc": document,
                "charts": drawn_charts(document),
                # On screen a long plan lists each month's first pieces; the PDF,
                # the workbook and the plan step have them all.
                "preview_months": document.plan_months(PREVIEW_MONTH_LINES),
            },
        )
        drawn = {"html": html, "strategy": document.strategy}
        cache.set(key, drawn, PREVIEW_SECONDS)
    return render(
        request,
        template,
        {
            "access": access,
            "strategy": strategy,
            "doc": {"strategy": drawn["strategy"]},
            "document_html": mark_safe(drawn["html"]),  # our own template's output
            "pdf_url": pdf_url,
        },
    )


def _pdf_file(strategy: Strategy, pdf: bytes, suffix: str = "") -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{slugify(strategy.name) or 'strategy'}{suffix}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _pdf_response(request, strategy: Strategy, progress_url) -> HttpResponse:
    """The PDF when this version is rendered already; otherwise start a render and
    send the browser to a page that waits for it."""
    page_size = normal_page_size(request.GET.get("size"))
    answer = request_pdf(strategy, page_size)
    if answer.pdf is not None:
        return _pdf_file(strategy, answer.pdf)
    return redirect(progress_url(answer.job.id) + "?" + urlencode({"size": page_size}))


def _pdf_progress(request, access: StrategyAccess, job_id, download_url: str, template: str):
    job = find_job(job_id, access.strategy)
    if job is None:
        raise Http404
    page_size = normal_page_size(request.GET.get("size"))
    download_url += "?" + urlencode({"size": page_size})
    started = job.started_at or job.enqueued_at
    context = {
        "access": access,
        "strategy": access.strategy,
        "job": job,
        "status": job.status.value if hasattr(job.status, "value") else job.status,
        "download_url": download_url,
        "seconds": int((timezone.now() - started).total_seconds()) if started else 0,
        "page_size": page_size,
    }
    response = render(request, template, context)
    response["Cache-Control"] = "no-store"
    return response


@strategy_view()
def document_preview(request, access: StrategyAccess):
    url = reverse("strategy_planner:document_pdf", args=[access.strategy.uuid])
    return _preview(request, access, url, "report/preview.html")


@strategy_view()
def document_pdf(request, access: StrategyAccess):
    uuid = access.strategy.uuid
    return _pdf_response(
        request,
        access.strategy,
        lambda job: reverse("strategy_planner:document_pdf_progress", args=[uuid, job]),
    )


@strategy_view()
def document_pdf_progress(request, access: StrategyAccess, job):
    url = reverse("strategy_planner:document_pdf", args=[access.strategy.uuid])
    return _pdf_progress(request, access, job, url, "report/pdf_progress.html")


@strategy_view()
def summary(request, access: StrategyAccess):
    return render(
        request,
        "report/summary.html",
        {"access": access, "strategy": access.strategy, "doc": build_document(access.strategy)},
    )


@strategy_view()
def summary_pdf_view(request, access: StrategyAccess):
    pdf = summary_pdf(access.strategy, request.GET.get("size", "a4"))
    return _pdf_file(access.strategy, pdf, suffix="-summary")


@share_view
def share_preview(request, access: StrategyAccess, token: str):
    url = reverse("share_pdf", args=[token])
    response = _preview(request, access, url, "report/shared.html")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@share_view
def share_pdf(request, access: StrategyAccess, token: str):
    return _pdf_response(
        request, access.strategy, lambda job: reverse("share_pdf_progress", args=[token, job])
    )


@share_view
def share_pdf_progress(request, access: StrategyAccess, token: str, job):
    url = reverse("share_pdf", args=[token])
    response = _pdf_progress(request, access, job, url, "report/pdf_progress_shared.html")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@strategy_view(read=Role.OWNER, write=Role.OWNER)
def share_links(request, access: StrategyAccess):
    strategy = access.strategy
    form = ShareLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.strategy = strategy
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Share link created. Anyone who has it can read the document."))
        return redirect("strategy_planner:share_links", strategy.uuid)
    links = [
        (link, request.build_absolute_uri(link.get_absolute_url()))
        for link in strategy.share_links.select_related("created_by")
    ]
    return render(
        request,
        "strategy_planner/share_links.html",
        {"access": access, "strategy": strategy, "form": form, "links": links},
    )


@strategy_view(write=Role.OWNER)
@require_POST
def share_revoke(request, access: StrategyAccess, link_id: int):
    link = get_object_or_404(access.strategy.share_links, pk=link_id)
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    messages.success(request, _("The link no longer works."))
    return redirect("strategy_planner:share_links", access.strategy.uuid)


# Excel: export, and the round trip back

IMPORT_SECONDS = 60 * 60


def _xlsx_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@strategy_view()
def export_xlsx(request, access: StrategyAccess):
    strategy = access.strategy
    return _xlsx_response(
        strategy_workbook(build_document(strategy)), slugify(strategy.name) or "strategy"
    )


@strategy_view()
def export_plan_xlsx(request, access: StrategyAccess):
    strategy = access.strategy
    return _xlsx_response(
        content_plan_workbook(build_document(strategy)),
        f"{slugify(strategy.name) or 'strategy'}-content-plan",
    )


@strategy_view(read=Role.EDITOR)
def import_xlsx(request, access: StrategyAccess):
    """Upload, then see what the import would do; nothing is written yet."""
    strategy = access.strategy
    form = ImportForm(request.POST or None, request.FILES or None)
    plan = token = refused = None
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_import(
                strategy,
                form.cleaned_data["file"],
                form.cleaned_data["kind"],
                form.cleaned_data["delete_missing"],
            )
        except ImportRefused as error:
            refused = str(error)
            form.add_error("file", refused)
        else:
            if plan.can_apply:
                token = secrets.token_urlsafe(16)
                cache.set(f"import:{strategy.pk}:{token}", plan_as_data(plan), IMPORT_SECONDS)
    return render(
        request,
        "strategy_planner/import.html",
        {
            "access": access,
            "strategy": strategy,
            "form": form,
            "plan": plan,
            "token": token,
        },
        status=400 if refused else 200,
    )


@strategy_view()
@require_POST
def import_apply(request, access: StrategyAccess):
    strategy = access.strategy
    key = f"import:{strategy.pk}:{request.POST.get('token', '')}"
    plan_data = cache.get(key)
    if plan_data is None:
        messages.error(request, _("That preview has expired; upload the file again."))
        return redirect("strategy_planner:import", strategy.uuid)
    try:
        done = apply_import(strategy, plan_data)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("strategy_planner:import", strategy.uuid)
    cache.delete(key)
    messages.success(
        request, _("Imported: %(created)s new, %(updated)s changed, %(deleted)s deleted.") % done
    )
    target = "content_plan:plan" if plan_data["kind"] == "content_plan" else "assets:inventory"
    return redirect(target, strategy.uuid)
