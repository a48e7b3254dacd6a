"""Server time and query count of every wizard step, the preview and the dashboard.

Time is the median of several requests through Django's test client for the
large strategy, logged in as its owner. Queries are counted for the demo, the
typical and the large strategy: a page whose count differs between the
typical and the large one reads per object (GROWS). The dashboard's "size"
is the number of strategies: one for the demo and typical owners, three for
the large one.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import generate
from bench.measure import Figure, median_time, profiled, report, seconds
from personas.models import BuyerPersona
from strategy_planner.models import Membership, Role, Strategy
from strategy_planner.wizard import STEPS
from versions.models import Version

RUNS = 5
BUDGET = 0.150
SIZES = ("demo", "typical", "large")
# Pages inside a step besides the step's own (url name, takes a sequence id).
SUBPAGES = {
    "personas": [("brand voice", "personas:brand_voice")],
    "content": [
        ("gaps", "content_plan:gaps"),
        ("plan", "content_plan:plan"),
        ("calendar", "content_plan:calendar"),
        ("sequences", "content_plan:sequences"),
        ("a sequence", "content_plan:sequence"),
    ],
}


def pages(strategy: Strategy) -> list[tuple[str, str]]:
    uuid = strategy.uuid
    urls = [("dashboard", reverse("starters:dashboard"))]
    urls.append(("overview", reverse("strategy_planner:overview", args=[uuid])))
    for number, step in enumerate(STEPS, start=1):
        urls.append((f"{number} {step.slug}", step.url(strategy)))
        for label, name in SUBPAGES.get(step.slug, []):
            args = [uuid]
            if name == "content_plan:sequence":
                args.append(strategy.message_sequences.order_by("pk").first().pk)
            urls.append((f"{number} {step.slug}: {label}", reverse(name, args=args)))
    urls.append(("budget", reverse("budget:grid", args=[uuid])))
    urls.append(("results", reverse("results:page", args=[uuid])))
    urls.append(("preview", reverse("report:document", args=[uuid])))
    return urls


def owner_client(strategy: Strategy) -> Client:
    client = Client()
    client.force_login(strategy.memberships.get(role=Role.OWNER).user)
    return client


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a process fills caches of its own
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(queries)


def run(figures: list) -> None:
    strategies = {size: generate.ensure(size) for size in SIZES}
    large_owner = strategies["large"].memberships.get(role=Role.OWNER).user
    for size in ("demo", "typical"):
        Membership.objects.get_or_create(
            strategy=strategies[size], user=large_owner, defaults={"role": Role.VIEWER}
        )
    counts = {}
    for size, strategy in strategies.items():
        client = owner_client(strategy)
        counts[size] = {label: count_queries(client, url) for label, url in pages(strategy)}

    client = owner_client(strategies["large"])
    for label, url in pages(strategies["large"]):
        ours = median_time(lambda url=url: client.get(url), RUNS)
        if ours > BUDGET:
            with profiled(f"page-{label.replace(' ', '-').replace(':', '')}"):
                client.get(url)
        per_size = [counts[size][label] for size in SIZES]
        grows = counts["large"][label] != counts["typical"][label]
        verdicts = [word for word, bad in (("OVER", ours > BUDGET), ("GROWS", grows)) if bad]
        report(
            Figure(
                "pages",
                f"large: {label}",
                seconds(ours),
                budget="<150 ms",
                verdict=" ".join(verdicts) or "OK",
                detail="queries " + " / ".join(f"{n:>2}" for n in per_size),
                numbers={"ours_s": ours, "queries": dict(zip(SIZES, per_size, strict=True))},
            ),
            figures,
        )
    print("           queries: demo / typical / large strategy (dashboard: 1 / 1 / 3 strategies)")
    just_changed(strategies["large"], client, figures)
    versions_diff(strategies, figures)


# Pages that keep what they draw per version of the strategy, the first time
# they are seen after a change (the figures above are the pages seen again).
KEPT = ("4 inventory", "8 consolidate", "preview")


def just_changed(strategy: Strategy, client: Client, figures: list) -> None:
    urls = dict(pages(strategy))
    for label in KEPT:
        url = urls[label]

        def changed_then_get(url=url):
            strategy.save()  # moves the strategy's version, as any edit does
            client.get(url)

        saving = median_time(strategy.save, RUNS)
        ours = max(median_time(changed_then_get, RUNS) - saving, 0)
        report(
            Figure(
                "pages",
                f"large: {label}, just changed",
                seconds(ours),
                budget="<150 ms",
                verdict="OVER" if ours > BUDGET else "OK",
            ),
            figures,
        )


def two_versions(strategy: Strategy) -> str:
    """The compare page of two published versions of the strategy, a few edits
    apart (a persona added, goal targets raised, content pieces reordered):
    published once per database."""
    url = reverse("versions:compare", args=[strategy.uuid]) + "?old=1&new=2"
    if strategy.versions.count() >= 2:
        return url
    owner = strategy.memberships.get(role=Role.OWNER).user
    Version.publish(strategy, owner, "bench: before")
    BuyerPersona.objects.create(strategy=strategy, name="Added for the diff")
    for goal in strategy.goals.all()[:5]:
        goal.target = (goal.target or 0) + 10
        goal.save()
    for piece in strategy.content_pieces.order_by("pk")[:20]:
        piece.title = f"{piece.title} (revised)"
        piece.save()
    Version.publish(strategy, owner, "bench: after")
    return url


def versions_diff(strategies: dict, figures: list) -> None:
    """The diff of two versions of the large strategy, against the pages' budget."""
    urls = {size: two_versions(strategies[size]) for size in ("typical", "large")}
    counts = {
        size: count_queries(owner_client(strategies[size]), url) for size, url in urls.items()
    }
    client = owner_client(strategies["large"])
    ours = median_time(lambda: client.get(urls["large"]), RUNS)
    if ours > BUDGET:
        with profiled("page-versions-compare"):
            client.get(urls["large"])
    grows = counts["large"] != counts["typical"]
    verdicts = [word for word, bad in (("OVER", ours > BUDGET), ("GROWS", grows)) if bad]
    report(
        Figure(
            "pages",
            "large: compare two versions",
            seconds(ours),
            budget="<150 ms",
            verdict=" ".join(verdicts) or "OK",
            detail=f"queries  - / {counts['typical']:>2} / {counts['large']:>2}",
            numbers={"ours_s": ours, "queries": counts},
        ),
        figures,
    )
