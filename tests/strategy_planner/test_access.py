"""Every URL of the project, called with GET and POST by everybody who might call it.

EXPECTED holds, for every named URL pattern, what each of six callers gets:

    anonymous  nobody logged in
    share      nobody logged in, holding a valid share link of the strategy (opened once)
    outsider   logged in, not a member of the strategy
    viewer, editor, owner
               logged in, members of the strategy in that role

The patterns are read from the URL configuration, so a new view without a row
fails ``test_every_url_pattern_has_a_row`` (and a row whose pattern is gone
fails too). Every call starts from the same data: it runs in a savepoint that
is rolled back afterwards, so an owner's POST to "delete" removes nothing the
next call needs.

The codes: a number is that status exactly; LOGIN is a redirect to the login
page, ADMIN_LOGIN one to the admin's login page; OK is any answer below 400
(a form re-rendered with its errors, or the redirect after the change). A 500
never passes: the test client raises the view's exception.
"""

import re
from dataclasses import dataclass, replace

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from comments.models import Comment, Thread
from content_plan.models import CalendarFeed
from report.models import CoherentAction, ShareLink
from report.pdf import render_strategy_pdf
from strategy_planner.models import Membership, Strategy
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BudgetLineFactory,
    BuyerPersonaFactory,
    CheckInFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    MembershipFactory,
    MessageSequenceFactory,
    SequenceStepFactory,
    StrategyFactory,
    UserFactory,
)
from versions.models import Version

# Every test, so that the test database is set up before the module's shared data.
pytestmark = pytest.mark.django_db

CALLERS = ("anonymous", "share", "outsider", "viewer", "editor", "owner")
MEMBERS = ("viewer", "editor", "owner")
LOGIN = "login"
ADMIN_LOGIN = "admin login"
OK = "ok"


def strategy_url(viewer, editor, owner):
    """A URL inside a strategy: whoever is not logged in logs in first (a share
    link opens the document, nothing else), outsiders must not learn it exists."""
    return (LOGIN, LOGIN, 404, viewer, editor, owner)


def logged_in(answer):
    """A page for any logged-in user."""
    return (LOGIN, LOGIN, answer, answer, answer, answer)


def everybody(answer):
    return (answer,) * len(CALLERS)


READ = strategy_url(200, 200, 200)
READ_EDITOR = strategy_url(403, 200, 200)
READ_OWNER = strategy_url(403, 403, 200)
POST_ONLY = strategy_url(405, 405, 405)  # the role to read is checked before the method
WRITE = strategy_url(403, OK, OK)
WRITE_OWNER = strategy_url(403, 403, OK)
WRITE_MEMBER = strategy_url(OK, OK, OK)
# The PDF download starts a render in the background and sends the reader to a
# page that waits for it.
PDF = strategy_url(302, 302, 302)
# Only the share link holder brings a valid token; everybody else brings the
# token of a revoked link. A share link never changes anything: POST is 403
# before the token is looked at.
SHARED = (404, 200, 404, 404, 404, 404)
SHARED_PDF = (404, 302, 404, 404, 404, 404)
SHARE_POST = everybody(403)
# The private calendar link is its own credential (calendar apps cannot log
# in): everybody holding it gets the calendar, whoever is or is not logged in.
# The share link holder puts the share token in its place and gets 404. Like a
# share link, it changes nothing: POST is 403 before the token is looked at.
FEED = (200, 404, 200, 200, 200, 200)
# "Recently deleted": only the strategy's owners, and only while it is deleted;
# restoring is POST only.
RESTORE_GET = (LOGIN, LOGIN, 404, 404, 404, 405)
PURGE_GET = (LOGIN, LOGIN, 404, 404, 404, 200)
DELETED_POST = (LOGIN, LOGIN, 404, 404, 404, OK)
# Nobody here is staff: every admin page sends them to the admin's login.
ADMIN = everybody(ADMIN_LOGIN)

# name: (GET, POST)
EXPECTED = {
    # strategy_planner: outside any strategy
    "starters:dashboard": (logged_in(200), logged_in(OK)),
    "starters:create": (logged_in(200), logged_in(OK)),
    # an empty POST is refused with a message (a redirect back to "New strategy")
    "starters:start": (logged_in(405), logged_in(302)),
    "strategy_planner:recently_deleted": (logged_in(200), logged_in(OK)),
    "strategy_planner:glossary": (everybody(200), everybody(OK)),  # public, like a help page
    "strategy_planner:set_calendar": (everybody(405), everybody(302)),  # a cookie
    "strategy_planner:set_digits": (everybody(405), everybody(302)),  # a cookie
    "strategy_planner:restore": (RESTORE_GET, DELETED_POST),
    "strategy_planner:purge": (PURGE_GET, DELETED_POST),
    # strategy_planner: one strategy
    "strategy_planner:overview": (READ, WRITE),
    "strategy_planner:basics": (READ, WRITE),
    "strategy_planner:delete": (READ_OWNER, WRITE_OWNER),
    "strategy_planner:members": (READ, WRITE_OWNER),
    "strategy_planner:member_update": (POST_ONLY, WRITE_OWNER),
    "strategy_planner:member_remove": (READ_OWNER, WRITE_OWNER),
    "strategy_planner:goals": (READ, WRITE),
    "strategy_planner:funnel": (READ, WRITE),
    "strategy_planner:funnel_save": (POST_ONLY, WRITE),
    "strategy_planner:goal_edit": (READ_EDITOR, WRITE),
    "strategy_planner:goal_delete": (READ_EDITOR, WRITE),
    "strategy_planner:goal_move": (POST_ONLY, WRITE),
    "report:consolidate": (READ, WRITE),
    "report:action_create": (READ_EDITOR, WRITE),
    "report:action_edit": (READ_EDITOR, WRITE),
    "report:action_delete": (READ_EDITOR, WRITE),
    "report:document": (READ, WRITE),
    "report:document_look": (READ_EDITOR, WRITE),
    "report:document_pdf": (PDF, WRITE),
    "report:document_pdf_progress": (READ, WRITE),
    "report:summary": (READ, WRITE),
    "report:summary_pdf": (READ, WRITE),
    "report:export_xlsx": (READ, WRITE),
    "report:export_plan_xlsx": (READ, WRITE),
    "report:import": (READ_EDITOR, WRITE),
    "report:import_apply": (POST_ONLY, WRITE),
    "report:share_links": (READ_OWNER, WRITE_OWNER),
    "report:share_revoke": (POST_ONLY, WRITE_OWNER),
    # versions: viewers read them (and answer when asked), owners publish and ask
    "versions:list": (READ, WRITE_OWNER),
    "versions:publish": (POST_ONLY, WRITE_OWNER),
    "versions:compare": (READ, strategy_url(403, 405, 405)),
    "versions:activity": (READ, strategy_url(403, 405, 405)),
    "versions:detail": (READ, WRITE_OWNER),
    "versions:document": (READ, strategy_url(403, 405, 405)),
    "versions:pdf": (READ, strategy_url(403, 405, 405)),
    "versions:ask": (POST_ONLY, WRITE_OWNER),
    "versions:answer": (POST_ONLY, strategy_url(OK, 403, 403)),  # only the viewer was asked
    # personas
    "personas:step": (READ, WRITE),
    "personas:create": (READ_EDITOR, WRITE),
    "personas:copy": (READ_EDITOR, WRITE),
    "personas:brand_voice": (READ, WRITE),
    "personas:edit": (READ_EDITOR, WRITE),
    "personas:duplicate": (POST_ONLY, WRITE),
    "personas:delete": (READ_EDITOR, WRITE),
    "personas:move": (POST_ONLY, WRITE),
    # assets
    "assets:inventory": (READ, WRITE),
    "assets:period": (POST_ONLY, WRITE),
    "assets:edit": (READ_EDITOR, WRITE),
    "assets:row": (READ, WRITE),
    "assets:delete": (READ_EDITOR, WRITE),
    "assets:earned": (READ, WRITE),
    "assets:move": (POST_ONLY, WRITE),
    "assets:why": (POST_ONLY, WRITE),
    "assets:paid": (READ, WRITE),
    "assets:decide": (POST_ONLY, strategy_url(403, 400, 400)),  # 400: the decision is missing
    # content_plan
    "content_plan:audit": (READ, WRITE),
    "content_plan:audit_edit": (READ_EDITOR, WRITE),
    "content_plan:audit_delete": (READ_EDITOR, WRITE),
    "content_plan:gaps": (READ, WRITE),
    "content_plan:gap_plan": (POST_ONLY, WRITE),
    "content_plan:gap_delete": (READ_EDITOR, WRITE),
    "content_plan:plan": (READ, WRITE),
    "content_plan:piece_create": (READ_EDITOR, WRITE),
    "content_plan:piece_edit": (READ_EDITOR, WRITE),
    "content_plan:piece_duplicate": (POST_ONLY, WRITE),
    # a refused move (this empty one) comes back to the calendar, which says why
    "content_plan:piece_move": (POST_ONLY, WRITE),
    "content_plan:piece_delete": (READ_EDITOR, WRITE),
    "content_plan:calendar": (READ, WRITE),
    "content_plan:feed_create": (POST_ONLY, WRITE_MEMBER),
    "content_plan:feed_revoke": (POST_ONLY, WRITE_MEMBER),
    "content_plan:feed": (FEED, everybody(403)),
    "content_plan:sequences": (READ, WRITE),
    "content_plan:sequence": (READ, WRITE),
    "content_plan:sequence_delete": (READ_EDITOR, WRITE),
    "content_plan:step_check": (POST_ONLY, WRITE),
    "content_plan:step_create": (READ_EDITOR, WRITE),
    "content_plan:step_edit": (READ_EDITOR, WRITE),
    "content_plan:step_delete": (READ_EDITOR, WRITE),
    # comments: every member writes; a comment (the owner's) is edited by its author
    # alone and deleted by its author or an owner
    "comments:list": (READ, WRITE_MEMBER),
    "comments:target": (READ, WRITE_MEMBER),
    "comments:reply": (POST_ONLY, WRITE_MEMBER),
    "comments:resolve": (POST_ONLY, WRITE_MEMBER),
    "comments:reopen": (POST_ONLY, WRITE_MEMBER),
    "comments:edit": (READ_OWNER, WRITE_OWNER),
    "comments:delete": (READ_OWNER, WRITE_OWNER),
    # budget
    "budget:grid": (READ, WRITE),
    "budget:start": (POST_ONLY, WRITE),
    "budget:line_months": (POST_ONLY, strategy_url(403, 400, 400)),  # 400: no figure named
    "budget:line_edit": (READ_EDITOR, WRITE),
    "budget:line_delete": (READ_EDITOR, WRITE),
    # results
    "results:page": (READ, WRITE),
    "results:check_in_edit": (READ_EDITOR, WRITE),
    "results:check_in_delete": (READ_EDITOR, WRITE),
    "results:check_ins_import": (READ_EDITOR, WRITE),
    "results:milestones": (READ_EDITOR, WRITE),
    # share links
    "share_preview": (SHARED, SHARE_POST),
    "share_pdf": (SHARED_PDF, SHARE_POST),
    "share_pdf_progress": (SHARED, SHARE_POST),
    # accounts: a logged-in user has no use for signing up
    "signup": ((200, 200, 302, 302, 302, 302), everybody(OK)),
    "login": (everybody(200), everybody(OK)),
    "logout": (everybody(405), everybody(OK)),
    "password_change": (logged_in(200), logged_in(OK)),
    "profile": (logged_in(200), logged_in(OK)),
    "password_change_done": (logged_in(200), logged_in(405)),
    "password_reset": (everybody(200), everybody(OK)),
    "password_reset_done": (everybody(200), everybody(405)),
    # with a link that is not (or no longer) valid: the page says so
    "password_reset_confirm": (everybody(200), everybody(OK)),
    "password_reset_complete": (everybody(200), everybody(405)),
    "set_language": (everybody(302), everybody(302)),
    # the admin site
    "admin:index": (ADMIN, ADMIN),
    "admin:login": (everybody(200), everybody(OK)),
    "admin:logout": (everybody(302), everybody(302)),  # to the admin index, then its login
    "admin:password_change": (ADMIN, ADMIN),
    "admin:password_change_done": (ADMIN, ADMIN),
    "admin:autocomplete": (ADMIN, ADMIN),
    "admin:jsi18n": (ADMIN, ADMIN),
    "admin:view_on_site": (ADMIN, ADMIN),
    "admin:app_list": (ADMIN, ADMIN),
    "admin:auth_user_password_change": (ADMIN, ADMIN),
}
# Each registered model's pages sit behind the admin site's own login check.
EXPECTED |= {
    f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}": (ADMIN, ADMIN)
    for model in admin.site._registry
    for page in ("changelist", "add", "history", "delete", "change")
}

SHARE_ROUTES = {"share_preview", "share_pdf", "share_pdf_progress"}
DELETED_ROUTES = {"strategy_planner:restore", "strategy_planner:purge"}
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def named_routes(patterns, prefix="", namespace=""):
    """Every named URL pattern as (namespaced name, full route)."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern.url_patterns, route, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}", route


ROUTES = dict(named_routes(get_resolver().url_patterns))
STRATEGY_ROUTES = sorted(
    name
    for name, route in ROUTES.items()
    if "strategy_uuid" in route and name not in DELETED_ROUTES
)


def parameters(name: str) -> list[str]:
    return [a or b for a, b in PARAMETER.findall(ROUTES[name])]


@pytest.fixture(autouse=True)
def worker_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@dataclass(frozen=True)
class World:
    """One strategy with one of everything, its team, an outsider, a deleted
    strategy of the same team, and the callers' cookies."""

    strategy: Strategy
    users: dict
    args: dict
    deleted: Strategy
    share: ShareLink
    revoked: ShareLink
    feed: CalendarFeed
    cookies: dict

    def url(self, name: str, caller: str) -> str:
        values = dict(self.args)
        if name in SHARE_ROUTES:
            values["token"] = (self.share if caller == "share" else self.revoked).token
        elif name == "content_plan:feed":
            values["token"] = self.share.token if caller == "share" else self.feed.token
        elif name in DELETED_ROUTES:
            values["strategy_uuid"] = self.deleted.uuid
        elif name in ("content_plan:audit_edit", "content_plan:audit_delete"):
            values["piece_id"] = self.args["audited_id"]
        elif name == "assets:decide":
            values["asset_id"] = self.args["paid_asset_id"]
        elif name == "password_reset_confirm":
            values["token"] = "bad-token"
        return reverse(name, kwargs={key: values[key] for key in parameters(name)})

    def client(self, caller: str) -> Client:
        client = Client()
        for key, value in self.cookies.get(caller, {}).items():
            client.cookies[key] = value
        return client


def build_world() -> World:
    users = {role: UserFactory(username=f"matrix-{role}") for role in ("outsider", *MEMBERS)}
    strategy, deleted = StrategyFactory(), StrategyFactory()
    for role in MEMBERS:
        for each in (strategy, deleted):
            MembershipFactory(strategy=each, user=users[role], role=role)
    Strategy.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
    sequence = MessageSequenceFactory(strategy=strategy)
    thread = Thread.objects.create(strategy=strategy, kind="kernel")
    comment = Comment.objects.create(thread=thread, author=users["owner"], text="Why?")
    share = ShareLink.objects.create(strategy=strategy, created_by=users["owner"])
    job = render_strategy_pdf.enqueue(strategy.pk, "a4").id
    version = Version.publish(strategy, users["owner"], "v1")
    Version.objects.filter(pk=version.pk).update(pdf=b"%PDF-1.7")
    version.ask([users["viewer"]], users["owner"])
    args = {
        "strategy_uuid": strategy.uuid,
        "member_id": Membership.objects.get(strategy=strategy, user=users["viewer"]).pk,
        "goal_id": GoalFactory(strategy=strategy).pk,
        "action_id": CoherentAction.objects.create(strategy=strategy, title="Act").pk,
        "persona_id": BuyerPersonaFactory(strategy=strategy).pk,
        "asset_id": AssetFactory(strategy=strategy).pk,
        "paid_asset_id": AssetFactory(strategy=strategy, media_type="paid", kind="display").pk,
        "piece_id": ContentPieceFactory(strategy=strategy).pk,
        "audited_id": AuditedPieceFactory(strategy=strategy).pk,
        "gap_id": ContentGapFactory(strategy=strategy).pk,
        "sequence_id": sequence.pk,
        "step_id": SequenceStepFactory(sequence=sequence).pk,
        "line_id": BudgetLineFactory(strategy=strategy).pk,
        "check_in_id": CheckInFactory(strategy=strategy).pk,
        "link_id": share.pk,
        "target": "step-personas",
        "thread_id": thread.pk,
        "comment_id": comment.pk,
        "number": version.number,
        "job": job,
        "uidb64": urlsafe_base64_encode(force_bytes(users["outsider"].pk)),
        "id": users["outsider"].pk,
        "object_id": users["outsider"].pk,
        "content_type_id": ContentType.objects.get_for_model(Strategy).pk,
        "app_label": "strategy_planner",
    }
    cookies = {}
    for role, user in users.items():
        client = Client()
        client.force_login(user)
        cookies[role] = {settings.SESSION_COOKIE_NAME: client.session.session_key}
    holder = Client()
    assert holder.get(share.get_absolute_url()).status_code == 200
    cookies["share"] = {key: morsel.value for key, morsel in holder.cookies.items()}
    return World(
        strategy=strategy,
        users=users,
        args=args,
        deleted=deleted,
        share=share,
        revoked=ShareLink.objects.create(strategy=strategy, revoked_at=timezone.now()),
        feed=CalendarFeed.objects.create(strategy=strategy, user=users["viewer"]),
        cookies=cookies,
    )


# While the module's data is built (before any test's own settings apply).
ISOLATED = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
}


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Built once for the module, in a transaction rolled back at its end; each
    test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(**ISOLATED):
            world = build_world()
        yield world
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db) -> World:
    return shared_world


def call(client: Client, method: str, url: str):
    """The answer, with whatever the call changed in the database undone."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def mismatch(response, expected) -> str | None:
    status = response.status_code
    location = response.get("Location", "")
    if expected == LOGIN:
        good = status == 302 and location.startswith(reverse("login") + "?next=")
    elif expected == ADMIN_LOGIN:
        good = status == 302 and location.startswith(reverse("admin:login") + "?next=")
    elif expected == OK:
        good = status < 400
    else:
        good = status == expected
    return None if good else f"expected {expected}, got {status} {location}".rstrip()


def check(world: World, name: str, get, post) -> list[str]:
    failures = []
    for method, row in (("get", get), ("post", post)):
        for caller, expected in zip(CALLERS, row, strict=True):
            response = call(world.client(caller), method, world.url(name, caller))
            problem = mismatch(response, expected)
            if problem:
                failures.append(f"{method.upper()} {name} as {caller}: {problem}")
    return failures


def test_every_url_pattern_has_a_row():
    assert set(ROUTES) - set(EXPECTED) == set(), "add these URL patterns to EXPECTED"
    assert set(EXPECTED) - set(ROUTES) == set(), "these URL patterns are gone"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access_matrix(world, name):
    get, post = EXPECTED[name]
    failures = check(world, name, get, post)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", [*STRATEGY_ROUTES, *sorted(SHARE_ROUTES)])
def test_a_deleted_strategy_is_404_for_everybody(world, name):
    Strategy.objects.filter(pk=world.strategy.pk).update(deleted_at=timezone.now())
    if name in SHARE_ROUTES:
        get, post = everybody(404), SHARE_POST
    elif name == "content_plan:feed":
        get, post = everybody(404), everybody(403)
    else:
        get = post = strategy_url(404, 404, 404)
    failures = check(world, name, get, post)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("name", sorted(DELETED_ROUTES))
def test_restore_and_purge_are_404_for_a_live_strategy(world, name):
    live = replace(world, deleted=world.strategy)
    failures = check(live, name, strategy_url(404, 404, 404), strategy_url(404, 404, 404))
    assert not failures, "\n".join(failures)


def test_a_valid_password_reset_link_goes_on_to_the_new_password_form(world):
    user = world.users["outsider"]
    url = reverse(
        "password_reset_confirm",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    response = Client().get(url)
    assert response.status_code == 302 and response.url.endswith("/set-password/")


def test_staff_get_past_the_admin_login(db, client):
    client.force_login(UserFactory(username="staff", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200


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
        ("content_plan:piece_duplicate", ContentPieceFactory),
        ("content_plan:piece_move", ContentPieceFactory),
        ("content_plan:piece_delete", ContentPieceFactory),
        ("content_plan:sequence", MessageSequenceFactory),
        ("content_plan:step_check", MessageSequenceFactory),
        ("budget:line_months", BudgetLineFactory),
        ("budget:line_edit", BudgetLineFactory),
        ("budget:line_delete", BudgetLineFactory),
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
    elsewhere = MembershipFactory()
    client = client_for(team.owner)
    url = reverse("strategy_planner:member_remove", args=[team.strategy.uuid, elsewhere.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
