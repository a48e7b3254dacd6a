"""The activity page: who changed what and when, from the strategy's edit log
(:class:`strategy_planner.models.Edit`), newest first, a page at a time, for one
member or all of them."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Page, Paginator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategy_planner.models import Edit, Strategy
from strategy_planner.people import display_name

PER_PAGE = 50

# Where each kind of row is shown: its page's URL name and the row's id on it.
PAGES = {
    "strategy_planner.strategy": ("strategy_planner:basics", ""),
    "strategy_planner.goal": ("strategy_planner:goals", "goal-{pk}"),
    "personas.buyerpersona": ("personas:step", "persona-{pk}"),
    "personas.brandvoice": ("personas:brand_voice", ""),
    "assets.asset": ("assets:inventory", "asset-{pk}"),
    "assets.mediaaudit": ("assets:inventory", ""),
    "content_plan.auditedpiece": ("content_plan:audit", ""),
    "content_plan.contentpiece": ("content_plan:plan", "piece-{pk}"),
    "content_plan.messagesequence": ("content_plan:sequences", ""),
    "content_plan.sequencestep": ("content_plan:sequences", ""),
    "report.coherentaction": ("report:consolidate", "action-{pk}"),
    "budget.budgetline": ("budget:grid", ""),
    "results.checkin": ("results:page", ""),
}


@dataclass
class Entry:
    edit: Edit
    url: str  # where the row is shown; "" once deleted

    @property
    def person(self) -> str:
        return display_name(self.edit.user)


def page_of(strategy: Strategy, edit: Edit) -> str:
    if edit.verb == Edit.Verb.DELETED or edit.kind not in PAGES:
        return ""
    name, anchor = PAGES[edit.kind]
    if edit.kind == "content_plan.messagesequence":
        return reverse("content_plan:sequence", args=[strategy.uuid, edit.row_id])
    url = reverse(name, args=[strategy.uuid])
    return url + ("#" + anchor.format(pk=edit.row_id) if anchor and edit.row_id else "")


class ActivityFilter(forms.Form):
    person = forms.TypedChoiceField(label=_("Who"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, strategy: Strategy, **kwargs):
        super().__init__(*args, **kwargs)
        members = strategy.memberships.select_related("user__profile").order_by("user__username")
        people = sorted(
            ((m.user_id, display_name(m.user)) for m in members), key=lambda c: c[1].lower()
        )
        self.fields["person"].choices = [("", _("Everyone")), *people]

    def person_id(self) -> int | None:
        return self.cleaned_data.get("person") if self.is_valid() else None


def activity_page(strategy: Strategy, person_id: int | None, number) -> Page:
    edits = strategy.edits.select_related("user__profile")
    if person_id is not None:
        edits = edits.filter(user_id=person_id)
    page = Paginator(edits, PER_PAGE).get_page(number)
    page.object_list = [Entry(edit, page_of(strategy, edit)) for edit in page.object_list]
    return page
