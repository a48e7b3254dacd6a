from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from report import grid_import
from report.brand import logo_url
from report.document import build_document, method_checklist
from report.forms import ActionForm, BrandForm, ImportForm, KernelForm, ShareLinkForm
from report.models import DocumentBrand, ShareLink
from report.pdf import (
    TEAM,
    find_job,
    normal_edition,
    normal_page_size,
    preview_html,
    request_pdf,
    summary_pdf,
)
from report.xlsx import content_plan_workbook, strategy_workbook
from report.xlsx_import import (
    ImportRefused,
    apply_import,
    forget_plan,
    imported,
    keep_plan,
    kept_plan,
    plan_as_data,
    plan_import,
    preview_page,
)
from strategy_planner.access import StrategyAccess, link_view, strategy_view
from strategy_planner.models import Role, Strategy
from strategy_planner.numbers import format_count
from strategy_planner.views import confirm_delete
from strategy_planner.wizard import Progress

CONSOLIDATE_STEP = "consolidate"


def _consolidate_context(access: StrategyAccess, **extra) -> dict:
    strategy = access.strategy
    return {
        "access": access,
        "strategy": strategy,
        "progress": Progress(strategy, CONSOLIDATE_STEP),
        "actions": strategy.actions.select_related("owner__profile").prefetch_related(
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
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Saved."))
        return redirect("report:consolidate", strategy.uuid)
    return render(
        request,
        "report/consolidate.html",
        _consolidate_context(
            access, form=form, action_form=ActionForm(strategy=strategy, prefix="action")
        ),
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def action_create(request, access: StrategyAccess):
    strategy = access.strategy
    form = ActionForm(request.POST or None, strategy=strategy, prefix="action")
    if request.method == "POST" and form.is_valid():
        action = form.save()
        messages.success(request, _("Action added: %(title)s") % {"title": action.title})
        return redirect(reverse("report:consolidate", args=[strategy.uuid]) + "#actions")
    return render(
        request,
        "report/action_form.html",
        _consolidate_context(access, action_form=form),
    )


@strategy_view(read=Role.EDITOR)
def action_edit(request, access: StrategyAccess, action_id: int):
    strategy = access.strategy
    action = get_object_or_404(strategy.actions, pk=action_id)
    form = ActionForm(request.POST or None, instance=action, strategy=strategy, prefix="action")
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Action saved."))
        return redirect(reverse("report:consolidate", args=[strategy.uuid]) + "#actions")
    return render(
        request,
        "report/action_form.html",
        _consolidate_context(access, action_form=form, action=action),
        status=409 if form.conflict else 200,
    )


@strategy_view(read=Role.EDITOR)
def action_delete(request, access: StrategyAccess, action_id: int):
    action = get_object_or_404(access.strategy.actions, pk=action_id)
    return confirm_delete(
        request,
        access,
        action,
        step=CONSOLIDATE_STEP,
        question=_("Delete the action “%(title)s”?") % {"title": action.title},
        done=_("Action deleted."),
        back=reverse("report:consolidate", args=[access.strategy.uuid]) + "#actions",
    )


def _preview(request, access: StrategyAccess, pdf_url: str, template: str):
    """The document on screen, in the reader's language and calendar."""
    drawn = preview_html(access.strategy, getattr(request, "calendar", ""))
    return render(
        request,
        template,
        {
            "access": access,
            "strategy": access.strategy,
            "doc": {"strategy": drawn["strategy"]},
            "document_html": mark_safe(drawn["html"]),  # our own template's output
            "pdf_url": pdf_url,
        },
    )


def download_name(strategy: Strategy, suffix: str, extension: str) -> str:
    """A download's file name, from the strategy's name in whatever script it is
    written (the header carries it as RFC 5987 ``filename*``)."""
    return f"{slugify(strategy.name, allow_unicode=True) or _('strategy')}{suffix}.{extension}"


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache"
    return response


def _pdf_file(strategy: Strategy, pdf: bytes, suffix: str = "") -> HttpResponse:
    return _download(pdf, "application/pdf", download_name(strategy, suffix, "pdf"))


def _pdf_response(request, strategy: Strategy, progress_url, team=True) -> HttpResponse:
    """The PDF when this version is rendered already; otherwise start a render and
    send the browser to a page that waits for it. ``team``: whether the team's copy
    may be asked for (``?copy=team``); a share link's readers get the managers'."""
    page_size = normal_page_size(request.GET.get("size"))
    edition = normal_edition(request.GET.get("copy") if team else None)
    answer = request_pdf(strategy, page_size, edition)
    if answer.pdf is not None:
        return _pdf_file(strategy, answer.pdf, suffix="-team" if edition == TEAM else "")
    query = {"size": page_size, **({"copy": edition} if edition == TEAM else {})}
    return redirect(progress_url(answer.job.id) + "?" + urlencode(query))


def _pdf_progress(request, access: StrategyAccess, job_id, download_url: str, template: str):
    job = find_job(job_id, access.strategy)
    if job is None:
        raise Http404
    page_size = normal_page_size(request.GET.get("size"))
    edition = normal_edition(request.GET.get("copy"))
    query = {"size": page_size, **({"copy": edition} if edition == TEAM else {})}
    download_url += "?" + urlencode(query)
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
    url = reverse("report:document_pdf", args=[access.strategy.uuid])
    return _preview(request, access, url, "report/preview.html")


@strategy_view(read=Role.EDITOR)
def document_look(request, access: StrategyAccess):
    """The document's colour and logo. Saved over a look someone else saved since
    this form was drawn, it is refused, with what they saved shown and what was
    typed kept (an upload has to be chosen again: browsers do not keep files)."""
    strategy = access.strategy
    brand = DocumentBrand.objects.filter(strategy=strategy).first() or DocumentBrand(
        strategy=strategy
    )
    drawn_from = brand.edit_version if brand.pk else 0
    form = BrandForm(
        request.POST or None,
        request.FILES or None,
        initial={"colour": brand.colour, "edit_version": drawn_from},
    )
    if request.method == "POST" and form.is_valid():
        if _save_look(brand, form.cleaned_data):
            messages.success(request, _("The document’s look is saved."))
            return redirect("report:document_look", strategy.uuid)
        brand = DocumentBrand.objects.get(strategy=strategy)
        form.add_error(
            None,
            _(
                "Someone else changed the document’s look since you opened this page: "
                "it shows theirs now. Save again to replace it with yours."
            ),
        )
        form.data = form.data.copy()
        form.data["edit_version"] = str(brand.edit_version)
    return render(
        request,
        "report/document_look.html",
        {
            "access": access,
            "strategy": strategy,
            "form": form,
            "brand": brand,
            "logo_url": logo_url(brand.logo),
        },
    )


def _save_look(brand: DocumentBrand, data: dict) -> bool:
    """Write the look only while it is as the form was drawn; whether it wrote."""
    changed = []
    if data["colour"] != brand.colour:
        changed.append("colour")
        brand.colour = data["colour"]
    if data["remove_logo"] or data["logo"]:
        changed.append("logo")
        brand.logo = b"" if data["remove_logo"] else data["logo"]
    if brand.pk is None:
        if data["edit_version"] not in (None, 0):
            return False  # drawn from a look deleted since; nothing to write over
        try:
            with transaction.atomic():
                brand.save()
        except IntegrityError:  # someone else made the strategy's look meanwhile
            return False
        return True
    if data["edit_version"] is None:
        return False
    fields = [DocumentBrand._meta.get_field(name) for name in ("colour", "logo", "updated_at")]
    return brand.save_if_unchanged(data["edit_version"], fields, changed)


@strategy_view()
def document_pdf(request, access: StrategyAccess):
    uuid = access.strategy.uuid
    return _pdf_response(
        request,
        access.strategy,
        lambda job: reverse("report:document_pdf_progress", args=[uuid, job]),
    )


@strategy_view()
def document_pdf_progress(request, access: StrategyAccess, job):
    url = reverse("report:document_pdf", args=[access.strategy.uuid])
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


def _shared_version(token: str):
    """The published version a share link shows, or None: the live draft."""
    link = ShareLink.objects.select_related("version").defer("version__pdf", "version__pdf_html")
    return link.get(token=token).version


@link_view(lambda: ShareLink.objects.usable())
def share_preview(request, access: StrategyAccess, token: str):
    url = reverse("share_pdf", args=[token])
    version = _shared_version(token)
    if version is None:
        response = _preview(request, access, url, "report/shared.html")
    else:
        response = render(
            request,
            "report/shared.html",
            {
                "doc": {
                    "strategy": {
                        "name": version.snapshot["strategy"]["name"],
                        "language": version.language,
                        "direction": version.direction,
                    }
                },
                "version": version,
                "document_html": mark_safe(version.document_html()),  # our own template's
                "pdf_url": url,
            },
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@link_view(lambda: ShareLink.objects.usable())
def share_pdf(request, access: StrategyAccess, token: str):
    version = _shared_version(token)
    if version is not None:
        return _version_pdf(request, access, version)
    return _pdf_response(
        request,
        access.strategy,
        lambda job: reverse("share_pdf_progress", args=[token, job]),
        team=False,
    )


def _version_pdf(request, access: StrategyAccess, version) -> HttpResponse:
    """A published version's PDF, rendered when it was published (in the few
    seconds before, a page that says so and reloads until it is ready)."""
    if version.pdf_rendered_at is None:
        response = render(
            request,
            "report/version_pdf_waiting_shared.html",
            {"strategy": access.strategy, "version": version},
            status=503,
        )
        response["Retry-After"] = "5"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response
    pdf = version.share_links.values_list("version__pdf", flat=True).first()
    return _pdf_file(access.strategy, bytes(pdf), suffix=f"-v{version.number}")


@link_view(lambda: ShareLink.objects.usable())
def share_pdf_progress(request, access: StrategyAccess, token: str, job):
    url = reverse("share_pdf", args=[token])
    response = _pdf_progress(request, access, job, url, "report/pdf_progress_shared.html")
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@strategy_view(read=Role.OWNER, write=Role.OWNER)
def share_links(request, access: StrategyAccess):
    strategy = access.strategy
    form = ShareLinkForm(request.POST or None, strategy=strategy)
    if request.method == "POST" and form.is_valid():
        form.instance.strategy = strategy
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Share link created. Anyone who has it can read the document."))
        return redirect("report:share_links", strategy.uuid)
    links = [
        (link, request.build_absolute_uri(link.get_absolute_url()))
        for link in strategy.share_links.select_related("created_by", "version").defer(
            "version__snapshot", "version__pdf", "version__pdf_html", "version__screen_html"
        )
    ]
    return render(
        request,
        "report/share_links.html",
        {"access": access, "strategy": strategy, "form": form, "links": links},
    )


@strategy_view(write=Role.OWNER)
@require_POST
def share_revoke(request, access: StrategyAccess, link_id: int):
    link = get_object_or_404(access.strategy.share_links, pk=link_id)
    link.revoke()
    messages.success(request, _("The link no longer works."))
    return redirect("report:share_links", access.strategy.uuid)


# Excel: export, and the round trip back


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@strategy_view()
def export_xlsx(request, access: StrategyAccess):
    strategy = access.strategy
    workbook = strategy_workbook(build_document(strategy))
    return _download(workbook, XLSX, download_name(strategy, "", "xlsx"))


@strategy_view()
def export_plan_xlsx(request, access: StrategyAccess):
    strategy = access.strategy
    workbook = content_plan_workbook(build_document(strategy))
    return _download(workbook, XLSX, download_name(strategy, "-content-plan", "xlsx"))


@strategy_view(read=Role.EDITOR)
def import_xlsx(request, access: StrategyAccess):
    """Upload, then see what the import would do, a page at a time; nothing is written yet.

    The first page comes with the upload; the others are asked for with the kept
    preview's token (and the conflicts chosen so far, so that no choice is lost
    between pages).
    """
    strategy = access.strategy
    if request.method == "POST" and "token" in request.POST:
        token = request.POST["token"]
        kept = kept_plan(strategy, token)
        if kept is None:
            messages.error(request, _("That preview has expired; upload the file again."))
            return redirect("report:import", strategy.uuid)
        form = ImportForm()
        chosen = request.POST.getlist("use")
        preview = preview_page(
            strategy, kept, request.POST.get("page"), chosen, _describer(strategy, kept["kind"])
        )
        return _import_page(request, access, form, preview, token)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = token = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        try:
            if kind in grid_import.KINDS:
                plan = grid_import.plan_grid_import(strategy, form.cleaned_data["file"], kind)
            else:
                plan = plan_import(
                    strategy, form.cleaned_data["file"], kind, form.cleaned_data["delete_missing"]
                )
        except ImportRefused as error:
            form.add_error("file", str(error))
            return _import_page(request, access, form, None, None, status=400)
        if plan.errors or plan.can_apply:
            token = keep_plan(strategy, plan)  # for the other pages, and for applying
        preview = preview_page(strategy, plan_as_data(plan), 1, (), _describer(strategy, kind))
    return _import_page(request, access, form, preview, token)


def _describer(strategy: Strategy, kind: str):
    """What describes a preview's rows: the budget's and the results' own, or the
    edit form's (None)."""
    return grid_import.GridDescriber(kind, strategy) if kind in grid_import.KINDS else None


def _import_page(request, access, form, preview, token, status=200):
    return render(
        request,
        "report/import.html",
        {
            "access": access,
            "strategy": access.strategy,
            "form": form,
            "preview": preview,
            "token": token,
        },
        status=status,
    )


def _imported(done: dict) -> str:
    """What applying did, each count in its plural form."""
    return imported(
        [
            ngettext("%(count)s new", "%(count)s new", done["created"])
            % {"count": format_count(done["created"])},
            ngettext("%(count)s changed", "%(count)s changed", done["updated"])
            % {"count": format_count(done["updated"])},
            ngettext("%(count)s deleted", "%(count)s deleted", done["deleted"])
            % {"count": format_count(done["deleted"])},
        ],
        done["kept"],
    )


@strategy_view()
@require_POST
def import_apply(request, access: StrategyAccess):
    strategy = access.strategy
    token = request.POST.get("token", "")
    plan_data = kept_plan(strategy, token)
    if plan_data is None:
        messages.error(request, _("That preview has expired; upload the file again."))
        return redirect("report:import", strategy.uuid)
    kind = plan_data.get("kind")
    grid = kind in grid_import.KINDS
    apply = grid_import.apply_grid_import if grid else apply_import
    try:
        done = apply(strategy, plan_data, chosen=request.POST.getlist("use"))
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("report:import", strategy.uuid)
    forget_plan(strategy, token)
    messages.success(request, grid_import.imported_message(kind, done) if grid else _imported(done))
    targets = {
        "content_plan": "content_plan:plan",
        "inventory": "assets:inventory",
        "budget": "budget:grid",
        "results": "results:page",
    }
    return redirect(targets[kind], strategy.uuid)
