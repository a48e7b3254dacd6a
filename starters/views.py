"""Where a strategy starts: the list of one's strategies, and a new one from a
blank page, a template, the demo, or a copy of one the user belongs to."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from report.agenda import due_counts_of_many, health_of_many
from starters import templates as starters
from strategy_planner.access import get_strategy_access
from strategy_planner.forms import StrategyForm
from strategy_planner.models import Calendar, Currency, Language, Membership, Role, Strategy
from strategy_planner.wizard import Progress, with_completeness


@login_required
def dashboard(request):
    strategies = list(
        with_completeness(
            Strategy.objects.for_user(request.user).annotate(role=F("memberships__role"))
        )
    )
    roles = dict(Role.choices)
    health = health_of_many(strategies)
    due = due_counts_of_many(strategies)
    rows = [
        (strategy, roles[strategy.role], Progress(strategy), health[strategy.pk], due[strategy.pk])
        for strategy in strategies
    ]
    deleted = Strategy.objects.deleted_for_owner(request.user).count()
    return render(
        request,
        "starters/dashboard.html",
        {"rows": rows, "deleted": deleted, "start_templates": starters.TEMPLATES},
    )


def _reader_defaults(request) -> dict:
    """What a new strategy starts with for this reader: their language as the
    document's, their locale's usual currency, and their calendar where the
    document can use it."""
    locale = translation.get_language()
    language = Language.of_locale(locale)
    calendar = getattr(request, "calendar", Calendar.GREGORIAN)
    return {
        "language": language,
        "currency": Currency.of_locale(locale),
        "calendar": calendar if language == Language.PERSIAN else Calendar.GREGORIAN,
    }


@login_required
def strategy_create(request):
    form = StrategyForm(request.POST or None, initial=_reader_defaults(request))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            strategy = form.save()
            Membership.objects.create(strategy=strategy, user=request.user, role=Role.OWNER)
        messages.success(request, _("Strategy created. Work through the steps in any order."))
        return redirect(strategy)
    return render(
        request,
        "starters/strategy_create.html",
        {
            "form": form,
            "start_templates": starters.TEMPLATES,
            "copyable": Strategy.objects.for_user(request.user).order_by("name"),
        },
    )


@login_required
@require_POST
def strategy_start(request):
    """A new strategy from the demo, a template, or a copy of one the user belongs to."""
    source = request.POST.get("source")
    defaults = _reader_defaults(request)
    if source == "demo":
        strategy = starters.from_demo(request.user, defaults["language"])
    elif source == "template" and request.POST.get("template") in starters.TEMPLATES_BY_KEY:
        strategy = starters.from_template(
            starters.TEMPLATES_BY_KEY[request.POST["template"]],
            request.user,
            language=defaults["language"],
            currency=defaults["currency"],
        )
    elif source == "copy":
        access = get_strategy_access(request.user, request.POST.get("strategy", ""))
        strategy = starters.copy_strategy(access.strategy, request.user)
    else:
        messages.error(request, _("Choose where to start from."))
        return redirect("starters:create")
    messages.success(
        request,
        _("“%(name)s” is ready. Rename it in Basics and make it yours.") % {"name": strategy.name},
    )
    return redirect(strategy)
