from decimal import Decimal

from django.urls import reverse

from assets.models import Asset, MediaAudit
from strategy_planner.wizard import Progress
from tests.factories import AssetFactory, GoalFactory


def url(name, strategy, *args):
    return reverse(f"assets:{name}", args=[strategy.uuid, *args])


def step_complete(strategy, slug):
    return next(s.complete for s in Progress(strategy).steps if s.step.slug == slug)


NEW = {
    "new-name": "Google Search ads",
    "new-media_type": "paid",
    "new-kind": "search_ads",
    "new-platform": "google_ads",
    "new-url": "",
    "new-visits": "22000",
    "new-leads": "3100",
    "new-conversions": "700",
    "new-revenue": "22400",
    "new-spend": "9300",
}


def test_viewer_reads_the_inventory_without_forms(client_for, team):
    AssetFactory(strategy=team.strategy, name="Google reviews")
    response = client_for(team.viewer).get(url("inventory", team.strategy))
    assert response.status_code == 200
    assert "Google reviews" in response.text
    assert "Add an asset or channel" not in response.text


def test_editor_adds_an_asset_linked_to_a_goal(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("inventory", team.strategy),
        {**NEW, "new-goals": [goal.pk], "new-owner": team.viewer.pk},
    )
    assert response.status_code == 302
    asset = team.strategy.assets.get()
    assert asset.cost_per_lead == 3
    assert list(asset.goals.all()) == [goal]
    assert asset.owner == team.viewer


def test_adding_with_htmx_returns_the_section(client_for, team):
    response = client_for(team.editor).post(
        url("inventory", team.strategy), NEW, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'id="inventory-section"' in response.text and "<html" not in response.text
    assert "Google Search ads" in response.text
    assert ">3.00<" in response.text  # cost per lead, derived


def test_a_wrong_kind_is_refused_next_to_the_field_and_nothing_is_lost(client_for, team):
    response = client_for(team.editor).post(
        url("inventory", team.strategy), {**NEW, "new-kind": "blog"}, HTTP_HX_REQUEST="true"
    )
    assert response.context["form"].errors["kind"] == ["“Blog” is not a kind of paid media."]
    assert 'value="Google Search ads"' in response.text
    assert not Asset.objects.exists()


def test_filter_and_sort(client_for, team):
    AssetFactory(strategy=team.strategy, name="Reviews", leads=10)
    AssetFactory(strategy=team.strategy, name="Press", leads=90)
    AssetFactory(
        strategy=team.strategy,
        name="Ads",
        media_type="paid",
        kind="display",
        leads=50,
        spend=Decimal(100),
    )
    client = client_for(team.viewer)
    earned = client.get(url("inventory", team.strategy), {"media": "earned", "sort": "-leads"})
    names = [a.name for a in earned.context["assets"]]
    assert names == ["Press", "Reviews"]
    by_cpl = client.get(url("inventory", team.strategy), {"sort": "cost_per_lead"})
    assert by_cpl.context["assets"][0].name == "Ads"
    assert 'aria-sort="ascending"' in by_cpl.text


def test_the_mix_shows_each_groups_share_of_leads(client_for, team):
    AssetFactory(strategy=team.strategy, media_type="owned", kind="website", leads=300)
    AssetFactory(strategy=team.strategy, media_type="earned", kind="reviews", leads=100)
    response = client_for(team.viewer).get(url("inventory", team.strategy))
    shares = {group["media_type"]: group["share"] for group in response.context["summary"]}
    assert shares == {"owned": 75, "earned": 25, "paid": 0}


def test_inline_edit_returns_a_form_row_then_the_saved_row(client_for, team):
    asset = AssetFactory(strategy=team.strategy, name="Reviews")
    client = client_for(team.editor)
    form_row = client.get(url("edit", team.strategy, asset.pk), HTTP_HX_REQUEST="true")
    assert form_row.text.lstrip().startswith("<tr") and "<form" in form_row.text
    data = {
        f"asset{asset.pk}-name": "Google reviews",
        f"asset{asset.pk}-media_type": "earned",
        f"asset{asset.pk}-kind": "reviews",
        f"asset{asset.pk}-leads": "120",
        f"asset{asset.pk}-edit_version": asset.edit_version,
    }
    saved = client.post(url("edit", team.strategy, asset.pk), data, HTTP_HX_REQUEST="true")
    assert saved.text.lstrip().startswith("<tr") and "Google reviews" in saved.text
    asset.refresh_from_db()
    assert (asset.name, asset.leads, asset.visits) == ("Google reviews", 120, None)


def test_delete_asks_first(client_for, team):
    asset = AssetFactory(strategy=team.strategy)
    client = client_for(team.editor)
    assert "Yes, delete it" in client.get(url("delete", team.strategy, asset.pk)).text
    client.post(url("delete", team.strategy, asset.pk))
    assert not Asset.objects.exists()


def test_audit_period_must_be_in_order(client_for, team):
    client = client_for(team.editor)
    response = client.post(
        url("period", team.strategy),
        {"period-period_start": "2026-10-31", "period-period_end": "2025-11-01"},
        follow=True,
    )
    assert "The period ends before it starts." in response.text
    assert not MediaAudit.objects.filter(period_start__isnull=False).exists()


def test_inventory_completeness(client_for, team):
    assert not step_complete(team.strategy, "inventory")
    asset = AssetFactory(strategy=team.strategy, visits=None, leads=None, conversions=None)
    client_for(team.editor).post(
        url("period", team.strategy),
        {"period-period_start": "2025-11-01", "period-period_end": "2026-10-31"},
    )
    assert not step_complete(team.strategy, "inventory")  # an asset without figures
    asset.leads = 5
    asset.save()
    assert step_complete(team.strategy, "inventory")


def test_ranking_earned_sources_by_the_numbers_then_by_hand(client_for, team):
    low = AssetFactory(strategy=team.strategy, name="Backlinks", leads=10, visits=900)
    high = AssetFactory(strategy=team.strategy, name="Reviews", leads=90, visits=100)
    goal = GoalFactory(strategy=team.strategy)
    high.goals.add(goal)
    client = client_for(team.editor)
    client.post(url("earned", team.strategy), {"ranking_goal": goal.pk, "ranking_metric": "leads"})
    order = list(team.strategy.assets.earned().order_by("position").values_list("name", flat=True))
    assert order == ["Reviews", "Backlinks"]
    assert step_complete(team.strategy, "earned")
    page = client.get(url("earned", team.strategy))
    assert page.text.count("serves the goal") == 1

    version = MediaAudit.objects.get(strategy=team.strategy).edit_version
    client.post(
        url("earned", team.strategy),
        {"ranking_goal": "", "ranking_metric": "visits", "edit_version": version},
    )
    order = list(team.strategy.assets.earned().order_by("position").values_list("name", flat=True))
    assert order == ["Backlinks", "Reviews"]

    moved = client.post(
        url("move", team.strategy, high.pk), {"direction": "up"}, HTTP_HX_REQUEST="true"
    )
    assert moved.text.index("Reviews") < moved.text.index("Backlinks")
    low.refresh_from_db()
    assert low.position == 2


def test_why_it_works_is_saved(client_for, team):
    source = AssetFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("why", team.strategy, source.pk),
        {
            f"why{source.pk}-why_it_works": "Shoppers compare roasters here",
            f"why{source.pk}-edit_version": source.edit_version,
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Saved." in response.text
    source.refresh_from_db()
    assert source.why_it_works == "Shoppers compare roasters here"


def paid_asset(team, **figures):
    return AssetFactory(strategy=team.strategy, media_type="paid", kind="paid_social", **figures)


def test_platforms_over_the_target_cost_per_lead_are_highlighted(client_for, team):
    paid_asset(team, name="Instagram ads", spend=Decimal(780), leads=120)  # 6.50 a lead
    paid_asset(team, name="Search ads", spend=Decimal(300), leads=100)  # 3.00 a lead
    client = client_for(team.editor)
    client.post(url("paid", team.strategy), {"target_cost_per_lead": "4"})
    page = client.get(url("paid", team.strategy))
    assert page.text.count("above target") == 1
    row = page.text[page.text.index("Instagram ads") - 300 : page.text.index("Instagram ads")]
    assert "table-warning" in row


def test_a_decision_needs_a_reason(client_for, team):
    platform = paid_asset(team)
    client = client_for(team.editor)
    response = client.post(
        url("decide", team.strategy, platform.pk),
        {f"decide{platform.pk}-decision": "drop", f"decide{platform.pk}-decision_reason": ""},
        HTTP_HX_REQUEST="true",
    )
    assert "Say why, so the team knows." in response.text
    assert 'value="drop" selected' in response.text
    platform.refresh_from_db()
    assert platform.decision == ""
    assert not step_complete(team.strategy, "paid")

    client.post(
        url("decide", team.strategy, platform.pk),
        {
            f"decide{platform.pk}-decision": "drop",
            f"decide{platform.pk}-decision_reason": "€8 a lead",
            f"decide{platform.pk}-edit_version": platform.edit_version,
        },
    )
    platform.refresh_from_db()
    assert (platform.decision, platform.decision_reason) == ("drop", "€8 a lead")
    assert step_complete(team.strategy, "paid")


def test_step_pages_do_not_query_more_with_more_assets(
    client_for, team, django_assert_max_num_queries
):
    client = client_for(team.editor)
    goal = GoalFactory(strategy=team.strategy)
    for name in ("inventory", "earned", "paid"):
        AssetFactory(strategy=team.strategy).goals.add(goal)
        paid_asset(team, spend=Decimal(10)).goals.add(goal)
        with django_assert_max_num_queries(20) as few:
            client.get(url(name, team.strategy))
        for _ in range(10):
            AssetFactory(strategy=team.strategy).goals.add(goal)
            paid_asset(team, spend=Decimal(10)).goals.add(goal)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url(name, team.strategy))


def test_a_long_inventory_is_paginated_and_keeps_its_sort(client_for, team):
    for number in range(60):
        AssetFactory(strategy=team.strategy, name=f"Channel {number:02d}", leads=number)
    client = client_for(team.viewer)
    url = reverse("assets:inventory", args=[team.strategy.uuid])
    first = client.get(url, {"sort": "-leads"})
    assert first.text.count('<tr id="asset-') == 50
    assert "Page 1 of 2" in first.text
    assert "Channel 59" in first.text and "Channel 05" not in first.text
    assert "?sort=-leads&amp;page=2" in first.text
    second = client.get(url, {"sort": "-leads", "page": 2})
    assert second.text.count('<tr id="asset-') == 10
    assert "Channel 05" in second.text and "Channel 59" not in second.text
    # the mix still counts every asset, not only the page
    assert "60 assets" in second.text


def test_deciding_the_last_paid_platform_marks_the_step_done_at_once(client_for, team):
    ads = AssetFactory(strategy=team.strategy, media_type="paid", kind="paid_social")
    client = client_for(team.editor)
    url = reverse("assets:decide", args=[team.strategy.uuid, ads.pk])
    answer = client.post(
        url,
        {
            f"decide{ads.pk}-decision": "keep",
            f"decide{ads.pk}-decision_reason": "Cheap leads",
            f"decide{ads.pk}-edit_version": ads.edit_version,
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    nav = answer.text[answer.text.index('<nav id="wizard-steps"') :]
    assert 'data-hx-swap-oob="true"' in nav[:200]  # the step list is swapped in too
    paid_url = reverse("assets:paid", args=[team.strategy.uuid])
    paid_step = nav[nav.index(f'href="{paid_url}"') :].split("</li>")[0]
    assert "(complete)" in paid_step and "(not complete yet)" not in paid_step
