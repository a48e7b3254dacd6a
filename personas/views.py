from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from personas.forms import BrandVoiceForm, PersonaCopyForm, PersonaForm
from personas.models import BrandVoice
from strategy_planner.access import StrategyAccess, strategy_view
from strategy_planner.models import Role
from strategy_planner.views import confirm_delete
from strategy_planner.wizard import Progress

STEP = "personas"


def _step_context(access: StrategyAccess, **extra) -> dict:
    return {
        "access": access,
        "strategy": access.strategy,
        "progress": Progress(access.strategy, STEP),
        **extra,
    }


def _persona(access: StrategyAccess, persona_id: int):
    return get_object_or_404(access.strategy.personas, pk=persona_id)


def _to_step(access: StrategyAccess, anchor: str = ""):
    return redirect(reverse("personas:step", args=[access.strategy.uuid]) + anchor)


def _render_list(request, access: StrategyAccess):
    return render(
        request,
        "personas/_persona_list.html",
        _step_context(access, personas=list(access.strategy.personas.all())),
    )


@strategy_view()
def step(request, access: StrategyAccess):
    strategy = access.strategy
    personas = list(strategy.personas.all())
    brand_voice = BrandVoice.objects.of(strategy)
    return render(
        request,
        "personas/step.html",
        _step_context(access, personas=personas, brand_voice=brand_voice),
    )


@strategy_view(read=Role.EDITOR)
def persona_create(request, access: StrategyAccess):
    form = PersonaForm(request.POST or None, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        persona = form.save()
        messages.success(request, _("Persona “%(name)s” added.") % {"name": persona.name})
        return _to_step(access, f"#persona-{persona.pk}")
    return render(request, "personas/persona_form.html", _step_context(access, form=form))


@strategy_view(read=Role.EDITOR)
def persona_edit(request, access: StrategyAccess, persona_id: int):
    persona = _persona(access, persona_id)
    form = PersonaForm(request.POST or None, instance=persona, strategy=access.strategy)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Persona “%(name)s” saved.") % {"name": persona.name})
        return _to_step(access, f"#persona-{persona.pk}")
    return render(
        request,
        "personas/persona_form.html",
        _step_context(access, form=form, persona=persona),
        status=409 if form.conflict else 200,
    )


@strategy_view()
@require_POST
def persona_duplicate(request, access: StrategyAccess, persona_id: int):
    persona = _persona(access, persona_id)
    copy = persona.copy_to(access.strategy, name=_("%(name)s (copy)") % {"name": persona.name})
    messages.success(request, _("Duplicated “%(name)s”.") % {"name": persona.name})
    return _to_step(access, f"#persona-{copy.pk}")


@strategy_view(read=Role.EDITOR)
def persona_copy(request, access: StrategyAccess):
    form = PersonaCopyForm(request.POST or None, user=request.user, strategy=access.strategy)
    if request.method == "POST" and form.is_valid():
        copy = form.cleaned_data["persona"].copy_to(access.strategy)
        messages.success(request, _("Copied “%(name)s” into this strategy.") % {"name": copy.name})
        return _to_step(access, f"#persona-{copy.pk}")
    return render(request, "personas/persona_copy.html", _step_context(access, form=form))


@strategy_view(read=Role.EDITOR)
def persona_delete(request, access: StrategyAccess, persona_id: int):
    persona = _persona(access, persona_id)
    names = {"name": persona.name}
    return confirm_delete(
        request,
        access,
        persona,
        step=STEP,
        question=_("Delete the persona “%(name)s”?") % names,
        consequence=_(
            "Goals and content that mention this persona will no longer be linked to it."
        ),
        done=_("Persona “%(name)s” deleted.") % names,
        back=reverse("personas:step", args=[access.strategy.uuid]),
    )


@strategy_view()
@require_POST
def persona_move(request, access: StrategyAccess, persona_id: int):
    persona = _persona(access, persona_id)
    persona.move(request.POST.get("direction", "down"))
    if request.htmx:
        return _render_list(request, access)
    return _to_step(access, f"#persona-{persona.pk}")


@strategy_view()
def brand_voice(request, access: StrategyAccess):
    strategy = access.strategy
    voice = BrandVoice.objects.of(strategy) or BrandVoice(strategy=strategy)
    form = BrandVoiceForm(request.POST or None, instance=voice)
    if request.method == "POST" and form.is_valid() and form.save_if_unchanged():
        messages.success(request, _("Brand voice saved."))
        return _to_step(access, "#brand-voice")
    return render(
        request,
        "personas/brand_voice.html",
        _step_context(access, form=form, voice=voice),
        status=409 if form.conflict else 200,
    )
