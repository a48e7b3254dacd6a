import datetime
from decimal import Decimal

from django.urls import reverse
from icalendar import Calendar

from content_plan.models import CalendarFeed, ContentPiece, metric_for_goal
from report.document import build_document
from strategy_planner.wizard import Progress
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    MembershipFactory,
)


def url(name, strategy, *args):
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def test_the_goal_decides_the_audit_metric(team):
    """By what it says it counts, whatever its words and their language."""
    lead_goal = GoalFactory.build(metric="Website leads", counts="leads")
    awareness = GoalFactory.build(metric="Reach", counts="views")
    sales = GoalFactory.build(metric="Online orders", counts="conversions")
    persian = GoalFactory.build(metric="سرنخ‌ها", marketing_goal="جذب سرنخ", counts="leads")
    romanian = GoalFactory.build(metric="Comenzi online", counts="conversions")
    misleading = GoalFactory.build(metric="Leads seen", counts="views")
    assert metric_for_goal(lead_goal) == "leads"
    assert metric_for_goal(awareness) == "views"
    assert metric_for_goal(sales) == "conversions"
    assert metric_for_goal(persian) == "leads"
    assert metric_for_goal(romanian) == "conversions"
    assert metric_for_goal(misleading) == "views"
    assert metric_for_goal(None) == "leads"


def test_the_audit_ranks_by_the_metric_of_the_chosen_goal(client_for, team):
    awareness = GoalFactory(strategy=team.strategy, metric="Reach", counts="views")
    leads = GoalFactory(strategy=team.strategy, metric="Leads", counts="leads")
    AuditedPieceFactory(strategy=team.strategy, title="Viral", views=90000, leads=5)
    AuditedPieceFactory(strategy=team.strategy, title="Converter", views=800, leads=400)
    AuditedPieceFactory(strategy=team.strategy, title="Unmeasured", views=None, leads=None)
    client = client_for(team.viewer)
    by_views = client.get(url("audit", team.strategy), {"goal": awareness.pk})
    assert [p.title for p in by_views.context["pieces"]] == ["Viral", "Converter", "Unmeasured"]
    by_leads = client.get(url("audit", team.strategy), {"goal": leads.pk})
    assert by_leads.context["metric"] == "leads"
    assert [p.title for p in by_leads.context["pieces"]] == ["Converter", "Viral", "Unmeasured"]


def test_best_and_worst_stand_out(client_for, team):
    for n in range(6):
        AuditedPieceFactory(strategy=team.strategy, title=f"Piece {n}", leads=n * 10)
    response = client_for(team.viewer).get(url("audit", team.strategy), {"metric": "leads"})
    assert response.text.count(">best<") == 2 and response.text.count(">worst<") == 2


def test_a_long_audit_is_shown_a_page_at_a_time_in_one_ranking(client_for, team):
    for n in range(30):
        AuditedPieceFactory(strategy=team.strategy, title=f"Piece {n:02}", leads=1000 - n * 10)
    client = client_for(team.viewer)
    first = client.get(url("audit", team.strategy), {"metric": "leads"})
    assert [p.title for p in first.context["pieces"]] == [f"Piece {n:02}" for n in range(25)]
    assert first.text.count(">best<") == 3 and ">worst<" not in first.text
    assert "Page 1 of 2" in first.text and "?metric=leads&amp;page=2" in first.text
    second = client.get(url("audit", team.strategy), {"metric": "leads", "page": 2})
    assert [p.title for p in second.context["pieces"]] == [f"Piece {n:02}" for n in range(25, 30)]
    assert second.text.count(">worst<") == 3 and ">best<" not in second.text
    assert '<td class="text-start" data-label="#">26</td>' in second.text  # ranks run on


def test_editor_adds_to_the_audit_inline(client_for, team):
    persona = BuyerPersonaFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("audit", team.strategy),
        {
            "audit-title": "Brew guide",
            "audit-format": "blog_post",
            "audit-persona": persona.pk,
            "audit-views": "4100",
            "audit-leads": "290",
            "audit-verdict": "keep",
        },
        HTTP_HX_REQUEST="true",
    )
    assert 'id="audit-section"' in response.text and "Brew guide" in response.text
    assert team.strategy.audited_pieces.get().verdict == "keep"


def test_a_negative_figure_is_refused(client_for, team):
    response = client_for(team.editor).post(
        url("audit", team.strategy),
        {"audit-title": "Brew guide", "audit-format": "blog_post", "audit-views": "-5"},
    )
    assert "views" in response.context["form"].errors
    assert 'value="Brew guide"' in response.text


def test_a_gap_becomes_a_planned_piece_in_one_click(client_for, team):
    gap = ContentGapFactory(
        strategy=team.strategy,
        question="How much do I save?",
        idea="Savings calculator",
        stage="decision",
    )
    response = client_for(team.editor).post(url("gap_plan", team.strategy, gap.pk))
    piece = ContentPiece.objects.get()
    assert response.url == url("piece_edit", team.strategy, piece.pk)
    assert (piece.title, piece.persona, piece.stage, piece.gap) == (
        "Savings calculator",
        gap.persona,
        "decision",
        gap,
    )


def test_the_coverage_view(client_for, team):
    hannah = BuyerPersonaFactory(strategy=team.strategy, name="Hannah")
    AuditedPieceFactory(strategy=team.strategy, persona=hannah, stage="awareness")
    AuditedPieceFactory(
        strategy=team.strategy, persona=hannah, stage="decision", verdict="retire"
    )  # retired content does not count
    ContentPieceFactory(strategy=team.strategy, persona=hannah, stage="consideration")
    ContentGapFactory(strategy=team.strategy, persona=hannah, stage="decision")
    response = client_for(team.viewer).get(url("gaps", team.strategy))
    states = {
        cell["stage"].value: cell["state"] for cell in response.context["coverage"][0]["cells"]
    }
    assert states == {"awareness": "exists", "consideration": "planned", "decision": "missing"}
    assert f'data-cell="{hannah.pk}-decision"' in response.text


def test_recording_a_gap_needs_a_persona_of_this_strategy(client_for, team):
    foreign = BuyerPersonaFactory()
    BuyerPersonaFactory(strategy=team.strategy)
    response = client_for(team.editor).post(
        url("gaps", team.strategy),
        {"gap-persona": foreign.pk, "gap-question": "Why?", "gap-stage": "awareness"},
    )
    assert "persona" in response.context["form"].errors


def piece_data(**changes):
    data = {
        "title": "Savings calculator",
        "format": "landing_page",
        "priority": "high",
        "production": "outsourced",
        "budget": "2400",
        "status": "planned",
        "due_date": "2027-01-25",
        "publish_date": "2027-02-03",
    }
    return {**data, **changes}


def test_editor_plans_a_piece_promoted_on_inventory_channels(client_for, team):
    newsletter = AssetFactory(
        strategy=team.strategy, name="Newsletter", media_type="owned", kind="email_list"
    )
    client_for(team.editor).post(
        url("piece_create", team.strategy), piece_data(promotion_channels=[newsletter.pk])
    )
    piece = ContentPiece.objects.get()
    assert piece.budget == Decimal("2400")
    assert list(piece.promotion_channels.all()) == [newsletter]


def test_production_and_dates_are_checked(client_for, team):
    response = client_for(team.editor).post(
        url("piece_create", team.strategy),
        piece_data(production="in_house", hours="", publish_date="2027-01-01"),
    )
    errors = response.context["form"].errors
    assert errors["budget"] == ["In-house work has an hours estimate, not a budget."]
    assert "published before it is due" in errors["publish_date"][0]
    assert 'value="Savings calculator"' in response.text
    assert not ContentPiece.objects.exists()


def test_totals_by_month_and_priority(client_for, team):
    ContentPieceFactory(
        strategy=team.strategy,
        priority="high",
        production="outsourced",
        hours=None,
        budget=1000,
        publish_date=datetime.date(2027, 2, 3),
    )
    ContentPieceFactory(
        strategy=team.strategy, priority="high", hours=10, publish_date=datetime.date(2027, 2, 20)
    )
    ContentPieceFactory(
        strategy=team.strategy, priority="low", hours=5, publish_date=datetime.date(2027, 3, 1)
    )
    ContentPieceFactory(strategy=team.strategy, priority="low", hours=2, publish_date=None)
    totals = client_for(team.viewer).get(url("plan", team.strategy)).context["totals"]
    months = [
        (row["month"], row["count"], row["hours"], row["budget"]) for row in totals["by_month"]
    ]
    # A month or priority whose pieces have no budget (or no hours) totals zero.
    assert months == [
        (datetime.date(2027, 2, 1), 2, Decimal(10), Decimal(1000)),
        (datetime.date(2027, 3, 1), 1, Decimal(5), Decimal(0)),
        (None, 1, Decimal(2), Decimal(0)),
    ]
    priorities = {
        row["priority"]: (row["count"], row["hours"], row["budget"])
        for row in totals["by_priority"]
    }
    assert priorities == {
        "high": (2, Decimal(10), Decimal(1000)),
        "medium": (0, Decimal(0), Decimal(0)),
        "low": (2, Decimal(7), Decimal(0)),
    }
    assert (totals["count"], totals["hours"], totals["budget"]) == (4, 17, 1000)
    # The document reads the same totals.
    document_totals = build_document(team.strategy).totals
    assert [(r["month"], r["hours"], r["budget"]) for r in document_totals["by_month"]] == [
        (month, hours, budget) for month, _count, hours, budget in months
    ]
    assert document_totals["hours"] == totals["hours"]


def test_filters_and_pagination(client_for, team):
    hannah = BuyerPersonaFactory(strategy=team.strategy)
    ContentPieceFactory(
        strategy=team.strategy,
        title="Match",
        status="idea",
        priority="high",
        format="video",
        persona=hannah,
        owner=team.editor,
        publish_date=datetime.date(2027, 4, 2),
    )
    ContentPieceFactory(
        strategy=team.strategy,
        title="Other month",
        status="idea",
        priority="high",
        format="video",
        persona=hannah,
        owner=team.editor,
        publish_date=datetime.date(2027, 5, 2),
    )
    ContentPieceFactory.create_batch(30, strategy=team.strategy, status="published")
    client = client_for(team.viewer)
    filtered = client.get(
        url("plan", team.strategy),
        {
            "status": "idea",
            "priority": "high",
            "format": "video",
            "persona": hannah.pk,
            "owner": team.editor.pk,
            "month": "2027-04",
        },
    )
    assert [p.title for p in filtered.context["page"].object_list] == ["Match"]
    everything = client.get(url("plan", team.strategy))
    assert everything.context["page"].paginator.num_pages == 2
    second = client.get(url("plan", team.strategy), {"page": 2, "status": "published"})
    assert len(second.context["page"].object_list) == 5
    assert client.get(url("plan", team.strategy), {"month": "nonsense"}).status_code == 200


def test_the_calendar_shows_the_month(client_for, team):
    ContentPieceFactory(
        strategy=team.strategy, title="In March", publish_date=datetime.date(2027, 3, 4)
    )
    ContentPieceFactory(
        strategy=team.strategy, title="In April", publish_date=datetime.date(2027, 4, 4)
    )
    response = client_for(team.viewer).get(url("calendar", team.strategy), {"month": "2027-03"})
    assert "In March" in response.text and "In April" not in response.text
    assert "March 2027" in response.text


def test_every_member_gets_a_private_revocable_feed(client, client_for, team):
    viewer = client_for(team.viewer)
    viewer.post(url("feed_create", team.strategy))
    feed = CalendarFeed.objects.get(user=team.viewer)
    feed_url = feed.get_absolute_url()
    ContentPieceFactory(
        strategy=team.strategy, title="Dated", publish_date=datetime.date(2027, 3, 4)
    )
    ContentPieceFactory(strategy=team.strategy, title="Undated", publish_date=None)
    client.logout()
    response = client.get(feed_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Dated"]
    assert events[0].decoded("DTSTART") == datetime.date(2027, 3, 4)

    client_for(team.viewer).post(url("feed_revoke", team.strategy))
    client.logout()
    assert client.get(feed_url).status_code == 404


def test_a_feed_token_of_another_strategy_or_a_former_member_is_404(client, team):
    other = MembershipFactory(user=team.viewer).strategy
    foreign = CalendarFeed.objects.create(strategy=other, user=team.viewer)
    wrong = reverse("content_plan:feed", args=[team.strategy.uuid, foreign.token])
    assert client.get(wrong).status_code == 404
    assert (
        client.get(reverse("content_plan:feed", args=[team.strategy.uuid, "nope"])).status_code
        == 404
    )
    own = CalendarFeed.objects.create(strategy=team.strategy, user=team.editor)
    team.strategy.memberships.filter(user=team.editor).delete()
    assert client.get(own.get_absolute_url()).status_code == 404


def test_step_completeness(team):
    def done():
        return next(s.complete for s in Progress(team.strategy).steps if s.step.slug == "content")

    AuditedPieceFactory(strategy=team.strategy, verdict="")
    ContentPieceFactory(strategy=team.strategy)
    assert not done()
    AuditedPieceFactory(strategy=team.strategy, verdict="keep")
    assert done()


def test_pages_do_not_query_more_with_more_pieces(client_for, team, django_assert_max_num_queries):
    client = client_for(team.editor)
    channel = AssetFactory(strategy=team.strategy)
    persona = BuyerPersonaFactory(strategy=team.strategy)
    for name in ("audit", "gaps", "plan", "calendar"):
        ContentPieceFactory(
            strategy=team.strategy,
            persona=persona,
            owner=team.editor,
        ).promotion_channels.add(channel)
        AuditedPieceFactory(strategy=team.strategy, persona=persona)
        ContentGapFactory(strategy=team.strategy, persona=persona)
        with django_assert_max_num_queries(25) as few:
            client.get(url(name, team.strategy), {"month": "2027-03"})
        for _ in range(8):
            ContentPieceFactory(
                strategy=team.strategy,
                persona=persona,
                owner=team.editor,
            ).promotion_channels.add(channel)
            AuditedPieceFactory(strategy=team.strategy, persona=persona)
            ContentGapFactory(strategy=team.strategy, persona=persona)
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(url(name, team.strategy), {"month": "2027-03"})
