from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.models import Role
from strategy_planner.people import display_name
from versions.activity import ActivityFilter, activity_page
from versions.diff import DRAFT, compare_kept
from versions.forms import AnswerForm, AskForm, PublishForm
from versions.models import Approval, Version
from versions.pdf import render_version_pdf


def _versions(access: StrategyAccess):
    return access.strategy.versions.select_related("published_by").defer(
        "snapshot", "pdf_html", "screen_html", "pdf"
    )


def _version(access: StrategyAccess, number: int) -> Version:
    return get_object_or_404(_versions(access), number=number)


@strategy_view(write=Role.OWNER)
def version_list(request, access: StrategyAccess):
    strategy = access.strategy
    versions = list(
        _versions(access).annotate(
            approved=Count("approvals", filter=Q(approvals__verdict=Approval.Verdict.APPROVED)),
            changes=Count("approvals", filter=Q(approvals__verdict=Approval.Verdict.CHANGES)),
            asked=Count("approvals"),
            has_pdf=Q(pdf__isnull=False),
        )
    )
    return render(
        request,
        "versions/list.html",
        {
            "access": access,
            "strategy": strategy,
            "versions": versions,
            "rendering": any(not version.has_pdf for version in versions),
            "form": PublishForm(),
        },
    )


@strategy_view(write=Role.OWNER)
@require_POST
def publish(request, access: StrategyAccess):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The version could not be published: its label is too long."))
        return redirect("versions:list", access.strategy.uuid)
    version = Version.publish(access.strategy, request.user, form.cleaned_data["label"])
    render_version_pdf.enqueue(version.pk)
    messages.success(
        request,
        _("Published %(version)s. Its PDF is being prepared.") % {"version": version},
    )
    return redirect(version)


def _detail(request, access, version, ask_form=None, answer_form=None):
    approvals = version.approvals.select_related("approver", "asked_by")
    mine = next((a for a in approvals if a.approver_id == request.user.pk), None)
    if answer_form is None and mine is not None:
        answer_form = AnswerForm(
            instance=mine,
            initial={"verdict": mine.verdict if mine.verdict != Approval.Verdict.PENDING else None},
        )
    if ask_form is None and access.is_owner:
        ask_form = AskForm(version=version)
    return render(
        request,
        "versions/detail.html",
        {
            "access": access,
            "strategy": access.strategy,
            "version": version,
            "approvals": approvals,
            "mine": mine,
            "ask_form": ask_form,
            "answer_form": answer_form,
        },
    )


@strategy_view(write=Role.OWNER)
def version_detail(request, access: StrategyAccess, number: int):
    return _detail(request, access, _version(access, number))


@strategy_view()
@require_safe
def version_pdf(request, access: StrategyAccess, number: int):
    version = get_object_or_404(
        access.strategy.versions.only("strategy", "number", "label", "pdf"), number=number
    )
    if version.pdf is None:
        return _pdf_not_ready(request, access, version)
    return _pdf_download(access.strategy, version)


def _pdf_download(strategy, version: Version) -> HttpResponse:
    name = slugify(strategy.name, allow_unicode=True) or "strategy"
    response = HttpResponse(bytes(version.pdf), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{name}-v{version.number}.pdf"
    )
    response["Cache-Control"] = "private, no-cache"
    return response


def _pdf_not_ready(request, access, version) -> HttpResponse:
    response = render(
        request,
        "versions/pdf_waiting.html",
        {"access": access, "strategy": access.strategy, "version": version},
        status=503,
    )
    response["Retry-After"] = "5"
    return response


@strategy_view(write=Role.OWNER)
@require_POST
def ask(request, access: StrategyAccess, number: int):
    version = _version(access, number)
    form = AskForm(request.POST, version=version)
    if not form.is_valid():
        return _detail(request, access, version, ask_form=form)
    asked = version.ask(form.cleaned_data["approvers"], request.user)
    messages.success(
        request,
        _("Asked %(names)s to approve.")
        % {"names": ", ".join(display_name(a.approver) for a in asked) or "—"},
    )
    return redirect(version.get_absolute_url() + "#approvals")


@strategy_view(write=Role.VIEWER)
@require_POST
def answer(request, access: StrategyAccess, number: int):
    """The asked member approves or requests changes; they may change their answer."""
    version = _version(access, number)
    approval = version.approvals.filter(approver=request.user).first()
    if approval is None:
        raise PermissionDenied
    form = AnswerForm(request.POST, instance=approval)
    if not form.is_valid():
        return _detail(request, access, version, answer_form=form)
    approval = form.save(commit=False)
    approval.answered_at = timezone.now()
    approval.save()
    render_version_pdf.enqueue(version.pk)  # the cover lists the approvals
    messages.success(request, _("Your answer is recorded."))
    return redirect(version.get_absolute_url() + "#approvals")


@strategy_view()
@require_safe
def version_document(request, access: StrategyAccess, number: int):
    version = get_object_or_404(access.strategy.versions, number=number)
    return render(
        request,
        "versions/document.html",
        {
            "access": access,
            "strategy": access.strategy,
            "version": version,
            "document_html": mark_safe(version.document_html()),  # our own template's output
        },
    )


@strategy_view()
@require_safe
def compare_view(request, access: StrategyAccess):
    """Two sides, each a version number or the live draft; the older one first."""
    strategy = access.strategy
    choices = list(strategy.versions.only("strategy", "number", "label"))
    numbers = {str(v.number): v for v in choices}
    old = request.GET.get("old") or (str(choices[0].number) if choices else DRAFT)
    new = request.GET.get("new") or DRAFT
    known = {*numbers, DRAFT}
    if old not in known or new not in known:
        old, new = (str(choices[0].number) if choices else DRAFT), DRAFT

    def side(key):
        return None if key == DRAFT else numbers[key]

    diff = compare_kept(strategy, side(old), side(new)) if old != new else None
    return render(
        request,
        "versions/compare.html",
        {
            "access": access,
            "strategy": strategy,
            "versions": choices,
            "old": old,
            "new": new,
            "draft": DRAFT,
            "diff": diff,
        },
    )


@strategy_view()
@require_safe
def activity(request, access: StrategyAccess):
    """Who changed what and when, newest first; for one member or everyone."""
    strategy = access.strategy
    form = ActivityFilter(request.GET or None, strategy=strategy)
    person_id = form.person_id()
    page = activity_page(strategy, person_id, request.GET.get("page"))
    return render(
        request,
        "versions/activity.html",
        {
            "access": access,
            "strategy": strategy,
            "form": form,
            "page": page,
            "query": urlencode({"person": person_id}) if person_id else "",
            "filtered": person_id is not None,
        },
    )
