"""Every strategy URL: anonymous → login, outsider → 404, and the role rules."""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from strategy_planner.models import CoherentAction, ShareLink
from strategy_planner.report.pdf import render_strategy_pdf
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
)

# (url name, the object it needs, role needed to read (None: POST only), role to write)
ROUTES = [
    ("strategy_planner:overview", None, "viewer", "editor"),
    ("strategy_planner:basics", None, "viewer", "editor"),
    ("strategy_planner:members", None, "viewer", "owner"),
    ("strategy_planner:delete", None, "owner", "owner"),
    ("strategy_planner:member_update", "member", None, "owner"),
    ("strategy_planner:member_remove", "member", "owner", "owner"),
    ("strategy_planner:goals", None, "viewer", "editor"),
    ("strategy_planner:funnel", None, "viewer", "editor"),
    ("strategy_planner:funnel_save", None, None, "editor"),
    ("strategy_planner:goal_edit", "goal", "editor", "editor"),
    ("strategy_planner:goal_delete", "goal", "editor", "editor"),
    ("strategy_planner:goal_move", "goal", None, "editor"),
    ("personas:step", None, "viewer", "editor"),
    ("personas:create", None, "editor", "editor"),
    ("personas:copy", None, "editor", "editor"),
    ("personas:brand_voice", None, "viewer", "editor"),
    ("personas:edit", "persona", "editor", "editor"),
    ("personas:duplicate", "persona", None, "editor"),
    ("personas:delete", "persona", "editor", "editor"),
    ("personas:move", "persona", None, "editor"),
    ("assets:inventory", None, "viewer", "editor"),
    ("assets:period", None, None, "editor"),
    ("assets:edit", "asset", "editor", "editor"),
    ("assets:row", "asset", "viewer", "editor"),
    ("assets:delete", "asset", "editor", "editor"),
    ("assets:earned", None, "viewer", "editor"),
    ("assets:move", "asset", None, "editor"),
    ("assets:why", "asset", None, "editor"),
    ("assets:paid", None, "viewer", "editor"),
    ("assets:decide", "asset", None, "editor"),
    ("content_plan:audit", None, "viewer", "editor"),
    ("content_plan:audit_edit", "audited", "editor", "editor"),
    ("content_plan:audit_delete", "audited", "editor", "editor"),
    ("content_plan:gaps", None, "viewer", "editor"),
    ("content_plan:gap_plan", "gap", None, "editor"),
    ("content_plan:gap_delete", "gap", "editor", "editor"),
    ("content_plan:plan", None, "viewer", "editor"),
    ("content_plan:piece_create", None, "editor", "editor"),
    ("content_plan:piece_edit", "piece", "editor", "editor"),
    ("content_plan:piece_delete", "piece", "editor", "editor"),
    ("content_plan:calendar", None, "viewer", "editor"),
    ("content_plan:feed_create", None, None, "viewer"),
    ("content_plan:feed_revoke", None, None, "viewer"),
    ("content_plan:sequences", None, "viewer", "editor"),
    ("content_plan:sequence", "sequence", "viewer", "editor"),
    ("content_plan:sequence_delete", "sequence", "editor", "editor"),
    ("content_plan:step_check", "sequence", None, "editor"),
    ("content_plan:step_create", "sequence", "editor", "editor"),
    ("content_plan:step_edit", "step", "editor", "editor"),
    ("content_plan:step_delete", "step", "editor", "editor"),
    ("strategy_planner:consolidate", None, "viewer", "editor"),
    ("strategy_planner:action_create", None, "editor", "editor"),
    ("strategy_planner:action_edit", "action", "editor", "editor"),
    ("strategy_planner:action_delete", "action", "editor", "editor"),
    ("strategy_planner:document", None, "viewer", "editor"),
    ("strategy_planner:document_pdf", None, "viewer", "editor"),
    ("strategy_planner:document_pdf_progress", "pdf_job", "viewer", "editor"),
    ("strategy_planner:share_links", None, "owner", "owner"),
    ("strategy_planner:export_xlsx", None, "viewer", "editor"),
    ("strategy_planner:export_plan_xlsx", None, "viewer", "editor"),
    ("strategy_planner:import", None, "editor", "editor"),
    ("strategy_planner:import_apply", None, None, "editor"),
    ("strategy_planner:share_revoke", "share", None, "owner"),
]
# Reached with a private token instead of a login: tested in tests/content_plan.
TOKEN_ROUTES = {"content_plan:feed"}
# Reached with a share link instead of a login: tested in test_document.py.
SHARE_ROUTES = {"share_preview", "share_pdf", "share_pdf_progress"}
RANK = {"viewer": 1, "editor": 2, "owner": 3}
# A member's successful GET answers 200, except here: the PDF download starts a
# render in the background and sends the member to the page that waits for it.
OK_STATUS = {"strategy_planner:document_pdf": 302}


@pytest.fixture(autouse=True)
def worker_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def url_for(team, name, needs):
    args = [team.strategy.uuid]
    if needs == "member":
        args.append(team.strategy.memberships.get(user=team.viewer).pk)
    elif needs == "goal":
        args.append(GoalFactory(strategy=team.strategy).pk)
    elif needs == "asset":
        args.append(AssetFactory(strategy=team.strategy).pk)
    elif needs == "audited":
        args.append(AuditedPieceFactory(strategy=team.strategy).pk)
    elif needs == "gap":
        args.append(ContentGapFactory(strategy=team.strategy).pk)
    elif needs == "piece":
        args.append(ContentPieceFactory(strategy=team.strategy).pk)
    elif needs == "action":
        args.append(CoherentAction.objects.create(strategy=team.strategy, title="Act").pk)
    elif needs == "share":
        args.append(ShareLink.objects.create(strategy=team.strategy).pk)
    elif needs == "sequence":
        args.append(MessageSequenceFactory(strategy=team.strategy).pk)
    elif needs == "step":
        step = SequenceStepFactory(sequence__strategy=team.strategy)
        args += [step.sequence_id, step.pk]
    elif needs == "persona":
        args.append(BuyerPersonaFactory(strategy=team.strategy).pk)
    elif needs == "pdf_job":
        args.append(render_strategy_pdf.enqueue(team.strategy.pk, "a4").id)
    return reverse(name, args=args)


def named_routes(patterns, prefix="", namespace=""):
    """Every named URL pattern as (namespaced name, full route)."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, route, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", route


def test_every_strategy_url_is_in_the_matrix():
    strategy_urls = {
        name
        for name, route in named_routes(get_resolver().url_patterns)
        if "strategy_uuid" in route
    }
    covered = {name for name, *_ in ROUTES} | TOKEN_ROUTES
    assert strategy_urls - covered == set(), "add these URLs to the access matrix"
    assert covered - strategy_urls == set()


@pytest.mark.parametrize(("name", "needs", "read", "write"), ROUTES)
def test_anonymous_is_sent_to_login(client, team, name, needs, read, write):
    url = url_for(team, name, needs)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(("name", "needs", "read", "write"), ROUTES)
def test_outsider_gets_404(client_for, team, name, needs, read, write):
    client = client_for(team.outsider)
    url = url_for(team, name, needs)
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404


@pytest.mark.parametrize("role", ["viewer", "editor", "owner"])
@pytest.mark.parametrize(("name", "needs", "read", "write"), ROUTES)
def test_members_get_what_their_role_allows(client_for, team, role, name, needs, read, write):
    client = client_for(getattr(team, role))
    url = url_for(team, name, needs)
    response = client.get(url)
    # A POST-only URL (read is None) answers a member's GET with 405.
    ok = OK_STATUS.get(name, 200)
    expected = 405 if read is None else ok if RANK[role] >= RANK[read] else 403
    assert response.status_code == expected
    if RANK[role] < RANK[write]:
        assert client.post(url).status_code == 403


def test_an_unknown_uuid_is_404(client_for, team):
    client = client_for(team.owner)
    url = reverse("strategy_planner:overview", args=["00000000-0000-0000-0000-000000000000"])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "factory"),
    [
        ("strategy_planner:goal_edit", GoalFactory),
        ("strategy_planner:goal_delete", GoalFactory),
        ("personas:edit", BuyerPersonaFactory),
        ("personas:delete", BuyerPersonaFactory),
        ("personas:move", BuyerPersonaFactory),
        ("assets:edit", AssetFactory),
        ("assets:delete", AssetFactory),
        ("assets:move", AssetFactory),
        ("assets:why", AssetFactory),
        ("assets:decide", AssetFactory),
        ("content_plan:audit_edit", AuditedPieceFactory),
        ("content_plan:gap_plan", ContentGapFactory),
        ("content_plan:piece_edit", ContentPieceFactory),
        ("content_plan:piece_delete", ContentPieceFactory),
        ("content_plan:sequence", MessageSequenceFactory),
        ("content_plan:step_check", MessageSequenceFactory),
    ],
)
def test_an_object_of_another_strategy_is_404(client_for, team, name, factory):
    elsewhere = factory()
    client = client_for(team.owner)
    url = reverse(name, args=[team.strategy.uuid, elsewhere.pk])
    assert client.get(url).status_code in (404, 405)
    assert client.post(url).status_code == 404
    assert type(elsewhere).objects.filter(pk=elsewhere.pk).exists()


def test_a_member_id_from_another_strategy_is_404(client_for, team):
    from tests.factories import MembershipFactory

    elsewhere = MembershipFactory()
    client = client_for(team.owner)
    url = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, elsewhere.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
