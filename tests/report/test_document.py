import datetime
import subprocess
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from report import pdf as pdf_module
from report.document import Document, build_document, method_checklist
from report.models import ShareLink
from report.pdf import (
    TEAM,
    RefusedFetch,
    refuse_everything,
    render_html,
    render_pdf,
    request_pdf,
)
from starters.management.commands.seed_demo import DEMO_STRATEGY_NAME
from strategy_planner.models import Strategy
from tests.conftest import needs_commands
from tests.factories import (
    AssetFactory,
    AuditedPieceFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
    SequenceStepFactory,
)

needs_pdftotext = needs_commands("pdftotext")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def fill(strategy, size):
    for n in range(size):
        persona = BuyerPersonaFactory(strategy=strategy)
        GoalFactory(strategy=strategy).personas.add(persona)
        AssetFactory(strategy=strategy).goals.add(*strategy.goals.all()[:1])
        AssetFactory(
            strategy=strategy, media_type="paid", kind="display", spend=100, decision="keep"
        )
        AuditedPieceFactory(strategy=strategy, persona=persona)
        ContentGapFactory(strategy=strategy, persona=persona)
        ContentPieceFactory(strategy=strategy, persona=persona).promotion_channels.add(
            *strategy.assets.all()[:2]
        )
        SequenceStepFactory(sequence__strategy=strategy, text=f"Message {n}")


def test_the_document_takes_the_same_queries_for_small_and_large(team, django_assert_num_queries):
    fill(team.strategy, 1)
    # 3 of them: the results of the goals; 1 the check-ins' versions, for the workbook;
    # 1 the document's look
    with django_assert_num_queries(24) as small:
        build_document(team.strategy)
    fill(team.strategy, 12)
    with django_assert_num_queries(len(small.captured_queries)):
        document = build_document(team.strategy)
    assert len(document.plan) == 13 and len(document.sequences) == 13


@needs_pdftotext
def test_every_section_of_the_demo_is_in_the_pdf(db, tmp_path):
    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    text = pdf_text(render_pdf(build_document(strategy), edition=TEAM), tmp_path)
    for heading in (
        "Contents",
        "Executive summary",
        "Diagnosis",
        "Guiding policy",
        "Coherent actions",
        "Buyer personas",
        "Brand voice",
        "Goals and measurement",
        "Channels: owned, earned and paid media",
        "Earned media, most effective first",
        "Paid media decisions",
        "Content audit",
        "Content gaps",
        "Content plan",
        "Message sequences",
        "What the method still asks for",
    ):
        assert heading in text, heading
    for fact in (
        "Home-brew Hannah",
        "Based on assumptions only",
        "Google Search ads",
        "Abandoned cart on Messenger",
        "Rescue abandoned carts on Messenger",
        "Subscription savings calculator",
    ):
        assert fact in text, fact
    assert "1 / " in text  # page numbers in the margins
    assert strategy.name in text


@needs_pdftotext
def test_the_managers_pdf_leaves_out_what_the_team_still_has_to_do(db, tmp_path, client):
    """By default the PDF is the one a manager is sent: no checklist of what the
    method still asks for, no channel-rule problems beside the messages. The
    team's copy keeps both; a share link's reader cannot ask for it."""
    call_command("seed_demo")
    strategy = Strategy.objects.get(name=DEMO_STRATEGY_NAME)
    document = build_document(strategy)
    assert "<th>Problems</th>" not in render_html(document)
    assert "<th>Problems</th>" in render_html(document, edition=TEAM)

    client.force_login(strategy.memberships.get(user__username="manager").user)
    url = reverse("report:document_pdf", args=[strategy.uuid])
    managers = pdf_text(client.get(url).content, tmp_path)
    team = client.get(url, {"copy": "team"})
    assert "-team.pdf" in team["Content-Disposition"]
    team = pdf_text(team.content, tmp_path)
    assert "What the method still asks for" not in managers
    assert "What the method still asks for" in team
    for text in (managers, team):
        assert "Message sequences" in text and "Abandoned cart on Messenger" in text

    link = ShareLink.objects.get(strategy=strategy)
    shared = Client().get(reverse("share_pdf", args=[link.token]), {"copy": "team"})
    assert "What the method still asks for" not in pdf_text(shared.content, tmp_path)


@needs_pdftotext
def test_a_persian_strategy_prints_its_persian_text(team, tmp_path):
    team.strategy.language = "fa"
    team.strategy.diagnosis = "مشتریان جدید به ما اعتماد نمی‌کنند"
    team.strategy.save()
    BuyerPersonaFactory(strategy=team.strategy, name="سارا، باریستای خانگی")
    text = pdf_text(render_pdf(build_document(team.strategy)), tmp_path)
    assert "سارا" in text and "اعتماد" in text
    assert "پرسونا" in text  # the document's own headings are in Persian too


@needs_pdftotext
def test_a_persian_pdf_draws_its_charts_with_shaped_text(team, tmp_path):
    team.strategy.language = "fa"
    team.strategy.save()
    AssetFactory(strategy=team.strategy, name="فروشگاه قهوه", leads=120)
    text = pdf_text(render_pdf(build_document(team.strategy)), tmp_path)
    text = "".join(char for char in text if not "\u202a" <= char <= "\u202e")
    # chart titles and channel names read in order, letters joined (HTML, not SVG text)
    assert "سهم از سرنخ" in text
    assert "فروشگاه قهوه" in text
    html = pdf_module.render_html(build_document(team.strategy))
    assert "<svg" not in html and 'class="bar-chart"' in html


@needs_pdftotext
def test_an_english_pdf_shapes_a_persian_channel_name_in_its_charts(team, tmp_path):
    AssetFactory(strategy=team.strategy, name="فروشگاه قهوه", leads=120)
    AssetFactory(strategy=team.strategy, name="Brew guides blog", leads=80)
    text = pdf_text(render_pdf(build_document(team.strategy)), tmp_path)
    text = "".join(char for char in text if not "\u202a" <= char <= "\u202e")
    assert "Leads by channel" in text
    assert "فروشگاه قهوه" in text and "Brew guides blog" in text
    # The renderer draws SVG text a glyph at a time, unshaped: the PDF's charts
    # are HTML, whose text it shapes, in every language.
    html = pdf_module.render_html(build_document(team.strategy))
    assert "<svg" not in html and 'class="bar-chart"' in html


def test_the_renderer_fetches_nothing_a_user_typed(team):
    AssetFactory(strategy=team.strategy, url="file:///etc/passwd")
    SequenceStepFactory(
        sequence__strategy=team.strategy,
        media_url="http://127.0.0.1/",
        text='<img src="file:///etc/passwd"> <img src="http://127.0.0.1/x">',
    )
    BuyerPersonaFactory(strategy=team.strategy, name='<img src="http://127.0.0.1/">')
    asked = []
    with mock.patch.object(
        pdf_module,
        "refuse_everything",
        side_effect=lambda url, *a, **k: asked.append(url) or refuse_everything(url),
    ):
        html = pdf_module.render_html(build_document(team.strategy))
        data = render_pdf(build_document(team.strategy))
    assert data.startswith(b"%PDF")
    assert asked == []
    assert '<img src="file' not in html and "&lt;img src=" in html
    with pytest.raises(RefusedFetch):
        refuse_everything("file:///etc/passwd")
    with pytest.raises(RefusedFetch):
        refuse_everything("http://127.0.0.1/")


def test_the_pdf_is_cached_until_the_strategy_changes(team):
    cache.clear()
    # Background work runs at once in the tests: a render is a job, a cached PDF is not.
    first = request_pdf(team.strategy, "a4")
    assert first.job is not None and first.pdf.startswith(b"%PDF")
    again = request_pdf(team.strategy, "a4")
    assert again.job is None and again.pdf == first.pdf
    team.strategy.diagnosis = "Visitors do not trust us yet."
    team.strategy.save()
    assert request_pdf(team.strategy, "a4").job is not None
    GoalFactory(strategy=team.strategy)
    assert request_pdf(team.strategy, "a4").job is not None
    assert request_pdf(team.strategy, "letter").job is not None


def test_viewer_previews_and_downloads(client_for, team):
    client = client_for(team.viewer)
    preview = client.get(reverse("report:document", args=[team.strategy.uuid]))
    assert preview.status_code == 200 and "Executive summary" in preview.text
    response = client.get(reverse("report:document_pdf", args=[team.strategy.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_export_command(team, tmp_path):
    out = tmp_path / "out.pdf"
    call_command("export_strategy", str(team.strategy.uuid), "--pdf", str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_consolidate_saves_the_kernel_and_actions(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    client = client_for(team.editor)
    client.post(
        reverse("report:consolidate", args=[team.strategy.uuid]),
        {
            "kernel-diagnosis": "No trust",
            "kernel-guiding_policy": "Earn it",
            "kernel-edit_version": team.strategy.edit_version,
        },
    )
    client.post(
        reverse("report:action_create", args=[team.strategy.uuid]),
        {"action-title": "Publish reviews", "action-goals": [goal.pk]},
    )
    team.strategy.refresh_from_db()
    assert (team.strategy.diagnosis, team.strategy.guiding_policy) == ("No trust", "Earn it")
    assert team.strategy.actions.get().goals.get() == goal
    from strategy_planner.wizard import Progress

    assert Progress(team.strategy).steps[-1].complete


def test_each_checklist_item_is_done_exactly_when_the_wizard_marks_its_step_complete(team):
    from assets.models import MediaAudit
    from report.models import CoherentAction
    from strategy_planner.wizard import Progress

    strategy = team.strategy

    def undone():
        return {str(item["label"]) for item in method_checklist(strategy) if not item["done"]}

    def agrees_with_the_wizard():
        incomplete = {str(state.step.asks_for) for state in Progress(strategy).steps}
        incomplete -= {
            str(state.step.asks_for) for state in Progress(strategy).steps if state.complete
        }
        assert undone() == incomplete
        assert [item["done"] for item in build_document(strategy).checklist] == [
            state.complete for state in Progress(strategy).steps
        ]

    personas = "A persona with demographic and psychographic facts"
    goals = "Goals with a metric, baseline, target, deadline and tool"
    inventory = "An inventory with figures for the audit period"
    assert undone() >= {personas, goals, inventory}
    agrees_with_the_wizard()
    BuyerPersonaFactory(strategy=strategy, goals=[], challenges=[])
    assert personas in undone()  # demographics only
    BuyerPersonaFactory(strategy=strategy, sources=["assumption"])
    assert personas not in undone()
    # A goal without a metric is not a measurable goal: the wizard says so, and so
    # does the checklist (which once took any goal).
    GoalFactory(strategy=strategy, metric="")
    assert goals in undone()
    GoalFactory(strategy=strategy)
    assert goals not in undone()
    # One channel of each kind is not yet an inventory: it needs its audit period
    # (the checklist once took one asset per media type).
    for media_type, kind in (("owned", "website"), ("earned", "reviews"), ("paid", "display")):
        AssetFactory(strategy=strategy, media_type=media_type, kind=kind)
    assert inventory in undone()
    agrees_with_the_wizard()
    MediaAudit.objects.create(
        strategy=strategy,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        ranking_metric="leads",
    )
    assert inventory not in undone()
    assert "Earned media ranked" not in undone()
    assert "A decision on every paid platform" in undone()
    strategy.assets.filter(media_type="paid").update(decision="keep", decision_reason="Cheap")
    strategy.save()
    assert "A decision on every paid platform" not in undone()
    strategy.diagnosis, strategy.guiding_policy = "Nobody trusts us yet.", "Earn trust first."
    strategy.save()
    action = CoherentAction.objects.create(strategy=strategy, title="Publish brew guides")
    assert "Diagnosis, guiding policy and coherent actions" in undone()  # serves no goal yet
    action.goals.set([strategy.goals.last()])
    assert "Diagnosis, guiding policy and coherent actions" not in undone()
    agrees_with_the_wizard()


def test_the_checklist_links_to_what_is_missing(client_for, team):
    response = client_for(team.viewer).get(reverse("report:consolidate", args=[team.strategy.uuid]))
    assert "A persona with demographic and psychographic facts" in response.text
    assert reverse("personas:step", args=[team.strategy.uuid]) in response.text


def share_link(team, **fields):
    from report.models import ShareLink

    return ShareLink.objects.create(strategy=team.strategy, created_by=team.owner, **fields)


def test_a_share_link_shows_the_preview_and_the_pdf_without_an_account(client, team):
    link = share_link(team)
    preview = client.get(link.get_absolute_url())
    assert preview.status_code == 200 and "Executive summary" in preview.text
    assert reverse("strategy_planner:members", args=[team.strategy.uuid]) not in preview.text
    pdf = client.get(reverse("share_pdf", args=[link.token]))
    assert pdf.content.startswith(b"%PDF")
    # nothing else: the token opens no other page, and writes are refused
    assert client.get(team.strategy.get_absolute_url()).status_code == 302
    assert client.post(link.get_absolute_url()).status_code == 403


def test_revoked_expired_and_unknown_links_are_404(client, client_for, team):
    revoked = share_link(team)
    client_for(team.owner).post(
        reverse("report:share_revoke", args=[team.strategy.uuid, revoked.pk])
    )
    client.logout()
    expired = share_link(team, expires_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    for token in (revoked.token, expired.token, "not-a-token"):
        assert client.get(reverse("share_preview", args=[token])).status_code == 404
        assert client.get(reverse("share_pdf", args=[token])).status_code == 404


def test_the_owner_creates_a_link_with_an_expiry(client_for, team):
    client = client_for(team.owner)
    url = reverse("report:share_links", args=[team.strategy.uuid])
    past = client.post(url, {"label": "Board", "expires_on": "2020-01-01"})
    assert "Choose a day after today." in past.text
    client.post(url, {"label": "Board", "expires_on": "2099-03-01"})
    link = team.strategy.share_links.get()
    assert link.is_usable and link.expires_at.date() == datetime.date(2099, 3, 1)
    assert link.token in client.get(url).text


def test_a_long_plan_is_listed_by_month_with_every_piece(team):
    first = datetime.date(2027, 1, 4)
    for i in range(Document.PLAN_TABLE_ROWS + 1):
        ContentPieceFactory(
            strategy=team.strategy,
            title=f"Piece number {i}",
            publish_date=first + datetime.timedelta(days=3 * i),
        )
    document = build_document(team.strategy)
    html = render_html(document)
    assert f"{Document.PLAN_TABLE_ROWS + 1} pieces planned" in html
    assert "January 2027" in html and "April 2027" in html
    assert "Hours / budget" not in html  # no table: every field is in the workbook
    for i in range(Document.PLAN_TABLE_ROWS + 1):
        assert f"Piece number {i}" in html
    months = document.plan_months()
    assert sum(month["count"] for month in months) == Document.PLAN_TABLE_ROWS + 1
    assert all(len(month["pieces"]) == month["count"] for month in months)


def test_the_preview_lists_each_months_first_pieces_and_the_pdf_all(client_for, team):
    for i in range(Document.PLAN_TABLE_ROWS + 1):
        ContentPieceFactory(
            strategy=team.strategy,
            title=f"Piece number {i:02}",
            publish_date=datetime.date(2027, 1, 1 + i % 28),
        )
    preview = client_for(team.viewer).get(reverse("report:document", args=[team.strategy.uuid]))
    listed = [
        i for i in range(Document.PLAN_TABLE_ROWS + 1) if f"Piece number {i:02}" in preview.text
    ]
    assert len(listed) == 10
    assert "and 31 more pieces this month, in the PDF and the workbook" in preview.text
    html = render_html(build_document(team.strategy))
    assert all(f"Piece number {i:02}" in html for i in range(Document.PLAN_TABLE_ROWS + 1))
    assert "more pieces this month" not in html


def test_the_preview_charts_follow_the_figures(client_for, team):
    client = client_for(team.viewer)
    url = reverse("report:document", args=[team.strategy.uuid])
    asset = AssetFactory(strategy=team.strategy, name="Brew guides blog", leads=4321)
    assert "4,321" in client.get(url).text
    asset.leads = 8765
    asset.save()
    text = client.get(url).text
    assert "8,765" in text and "4,321" not in text


def test_the_preview_charts_follow_the_strategys_calendar(team):
    from report.pdf import drawn_charts

    team.strategy.language = "fa"
    team.strategy.save()
    ContentPieceFactory(strategy=team.strategy, publish_date=datetime.date(2027, 1, 10))
    gregorian = drawn_charts(build_document(team.strategy))["months"]
    team.strategy.calendar = "jalali"
    team.strategy.save()
    jalali = drawn_charts(build_document(team.strategy))["months"]
    assert "۲۰۲۷" in gregorian or "2027" in gregorian
    assert "۱۴۰۵" in jalali or "1405" in jalali  # 10 January 2027 is in Dey 1405


def test_a_short_plan_is_a_table(team):
    ContentPieceFactory(strategy=team.strategy, title="Grind guide")
    html = render_html(build_document(team.strategy))
    assert "Hours / budget" in html and "Grind guide" in html
    assert "pieces planned" not in html


def test_user_text_is_set_apart_from_the_text_around_it(team):
    ContentPieceFactory(strategy=team.strategy, title="Grind guide\u202e evil")
    html = render_html(build_document(team.strategy))
    # First strong isolate ... pop directional isolate: the override ends with the title.
    assert "\u2068Grind guide\u202e evil\u2069" in html


@needs_pdftotext
@pytest.mark.parametrize(
    ("reader", "written"), [("en-gb", "31/12/2027"), ("en-us", "12/31/2027"), ("ro", "12/31/2027")]
)
def test_the_pdf_writes_dates_as_its_reader_does(team, client_for, tmp_path, reader, written):
    """A British reader of an English strategy gets day/month dates, an American one
    month/day; a reader of another language gets the document's own."""
    team.strategy.end_date = datetime.date(2027, 12, 31)
    team.strategy.save()
    client = client_for(team.viewer)
    headers = {"accept-language": reader}
    for name in ("report:document_pdf", "report:summary_pdf"):
        response = client.get(reverse(name, args=[team.strategy.uuid]), headers=headers)
        assert response["Content-Type"] == "application/pdf", name
        assert written in pdf_text(response.content, tmp_path), name
