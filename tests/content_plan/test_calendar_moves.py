"""The calendar moves a piece to another day (dragged, or with its Move menu)
through the piece's edit form, from the edit version it was shown with; it
duplicates a piece; its colours have a legend. A gap is planned once, with its
goal and reason filled in."""

import datetime

import pytest
from django.urls import reverse

from content_plan.models import ContentPiece
from tests.factories import (
    AssetFactory,
    BuyerPersonaFactory,
    ContentGapFactory,
    ContentPieceFactory,
    GoalFactory,
)

JSON = {"HTTP_ACCEPT": "application/json"}


def url(name, strategy, *args):
    return reverse(f"content_plan:{name}", args=[strategy.uuid, *args])


def move(client, piece, day, version=None, shown=None, **headers):
    """What the calendar sends for a piece shown on ``shown`` with ``version``."""
    return client.post(
        url("piece_move", piece.strategy, piece.pk),
        {
            "publish_date": day,
            "edit_version": piece.edit_version if version is None else version,
            "initial-publish_date": (shown or piece.publish_date).isoformat(),
        },
        **headers,
    )


@pytest.fixture
def piece(team):
    return ContentPieceFactory(
        strategy=team.strategy, title="Grind guide", publish_date=datetime.date(2027, 3, 15)
    )


def test_a_dragged_piece_gets_the_day_it_is_dropped_on(client_for, team, piece):
    response = move(client_for(team.editor), piece, "2027-03-18", **JSON)
    assert response.status_code == 200
    answer = response.json()
    assert answer["moved"] is True
    assert answer["publish_date"] == "2027-03-18"
    assert answer["message"] == "Moved “Grind guide” to March 18, 2027."
    piece.refresh_from_db()
    assert (piece.publish_date, piece.edit_version) == (datetime.date(2027, 3, 18), 2)
    assert answer["edit_version"] == 2


def test_a_move_without_the_script_comes_back_to_the_calendar_month(client_for, team, piece):
    client = client_for(team.editor)
    response = move(client, piece, "2027-04-02")
    assert response.status_code == 302
    assert response.url == url("calendar", team.strategy) + f"?month=2027-04#piece-{piece.pk}"
    page = client.get(response.url)
    assert "Moved “Grind guide” to April 2, 2027." in page.text


def test_a_move_over_someone_elses_move_is_a_conflict(client_for, team, piece):
    shown = piece.edit_version
    ContentPiece.objects.get(pk=piece.pk).save()  # an edit of another field: merged
    theirs = ContentPiece.objects.get(pk=piece.pk)
    theirs.publish_date = datetime.date(2027, 3, 20)
    theirs.save()  # someone else moved it meanwhile
    response = move(
        client_for(team.editor),
        piece,
        "2027-03-18",
        version=shown,
        shown=piece.publish_date,
        **JSON,
    )
    assert response.status_code == 409
    answer = response.json()
    assert answer["moved"] is False
    assert answer["publish_date"] == "2027-03-20"
    assert answer["edit_version"] == 3
    assert "Someone else changed the publish date of “Grind guide” meanwhile" in answer["message"]
    assert "March 20, 2027" in answer["message"]
    piece.refresh_from_db()
    assert piece.publish_date == datetime.date(2027, 3, 20)


def test_a_move_after_someone_changed_another_field_is_merged(client_for, team, piece):
    shown = piece.edit_version
    theirs = ContentPiece.objects.get(pk=piece.pk)
    theirs.title = "Grind guide, updated"
    theirs.save()
    response = move(client_for(team.editor), piece, "2027-03-18", version=shown, **JSON)
    assert response.status_code == 200
    piece.refresh_from_db()
    assert (piece.title, piece.publish_date) == ("Grind guide, updated", datetime.date(2027, 3, 18))


def test_a_move_outside_the_horizon_is_refused_with_the_reason(client_for, team, piece):
    client = client_for(team.editor)
    response = move(client, piece, "2028-01-03", **JSON)
    assert response.status_code == 400
    answer = response.json()
    assert answer["moved"] is False
    assert answer["publish_date"] == "2027-03-15"
    assert answer["message"] == (
        "“Grind guide” stays where it was: Choose a publish date inside the strategy's "
        "horizon (01/01/2027 – 12/31/2027)."
    )
    response = move(client, piece, "2026-12-31")
    assert response.url == url("calendar", team.strategy) + f"?month=2027-03#piece-{piece.pk}"
    assert "inside the strategy&#x27;s horizon" in client.get(response.url).text
    piece.refresh_from_db()
    assert (piece.publish_date, piece.edit_version) == (datetime.date(2027, 3, 15), 1)


def test_a_move_before_the_due_date_is_refused(client_for, team, piece):
    ContentPiece.objects.filter(pk=piece.pk).update(due_date=datetime.date(2027, 3, 10))
    answer = move(client_for(team.editor), piece, "2027-03-08", **JSON).json()
    assert "published before it is due" in answer["message"]
    assert ContentPiece.objects.get(pk=piece.pk).publish_date == datetime.date(2027, 3, 15)


def test_a_jalali_reader_is_told_the_new_day_in_jalali(client_for, team, piece):
    client = client_for(team.editor)
    client.cookies["django_language"] = "fa"
    client.cookies["calendar"] = "jalali"
    answer = move(client, piece, "2027-03-21", **JSON).json()
    assert answer["publish_date"] == "2027-03-21"
    assert "۱ فروردین ۱۴۰۶" in answer["message"]


def test_a_move_of_a_piece_its_edit_page_would_refuse_says_why(client_for, team, piece):
    ContentPiece.objects.filter(pk=piece.pk).update(budget=100)  # in-house work with a budget
    response = move(client_for(team.editor), piece, "2027-03-16", **JSON)
    assert response.status_code == 400
    assert "In-house work has an hours estimate, not a budget." in response.json()["message"]
    assert ContentPiece.objects.get(pk=piece.pk).publish_date == datetime.date(2027, 3, 15)


def test_a_move_writes_the_date_alone(client_for, team, piece):
    ContentPiece.objects.filter(pk=piece.pk).update(
        status="published", published_url="https://example.com/grind"
    )
    move(client_for(team.editor), piece, "2027-03-16", **JSON)
    piece.refresh_from_db()
    assert (piece.status, piece.published_url) == ("published", "https://example.com/grind")


def test_a_viewer_can_neither_move_nor_duplicate(client_for, team, piece):
    client = client_for(team.viewer)
    assert move(client, piece, "2027-03-18", **JSON).status_code == 403
    assert client.post(url("piece_duplicate", team.strategy, piece.pk)).status_code == 403
    page = client.get(url("calendar", team.strategy), {"month": "2027-03"})
    assert "data-movable" not in page.text and "Sortable" not in page.text
    assert url("piece_move", team.strategy, piece.pk) not in page.text
    piece.refresh_from_db()
    assert piece.publish_date == datetime.date(2027, 3, 15)
    assert ContentPiece.objects.count() == 1


def test_the_calendar_offers_each_piece_its_moves_and_a_legend(client_for, team, piece):
    page = client_for(team.editor).get(url("calendar", team.strategy), {"month": "2027-03"})
    assert 'data-movable="true"' in page.text
    assert f'action="{url("piece_move", team.strategy, piece.pk)}"' in page.text
    for label, day in (
        ("A day earlier", "2027-03-14"),
        ("A day later", "2027-03-16"),
        ("A week earlier", "2027-03-08"),
        ("A week later", "2027-03-22"),
    ):
        assert f'value="{day}" data-days' in page.text and label in page.text
    assert 'name="edit_version" value="1"' in page.text
    assert 'name="initial-publish_date" value="2027-03-15"' in page.text
    legend = page.text[page.text.index('id="calendar-legend"') :].split("</div>")[0]
    for status in ("Idea", "Planned", "In production", "Published"):
        assert status in legend
    assert "text-bg-primary" in legend and "Outside the strategy's horizon" in legend


def test_days_outside_the_horizon_are_marked(client_for, team):
    page = client_for(team.viewer).get(url("calendar", team.strategy), {"month": "2027-12"})
    cells = page.text.split('<td class="')[1:]
    outside = [cell for cell in cells if "outside-horizon" in cell.split('"')[0]]
    assert outside and all('datetime="2028-' in cell for cell in outside)


def test_a_duplicate_is_an_idea_on_the_same_dates(client_for, team, piece):
    newsletter = AssetFactory(strategy=team.strategy, name="Newsletter")
    goal = GoalFactory(strategy=team.strategy)
    piece.promotion_channels.add(newsletter)
    ContentPiece.objects.filter(pk=piece.pk).update(
        status="published",
        published_url="https://example.com/grind",
        goal=goal,
        reason="Ranks for grind size",
    )
    client = client_for(team.editor)
    response = client.post(url("piece_duplicate", team.strategy, piece.pk))
    copy = ContentPiece.objects.exclude(pk=piece.pk).get()
    assert response.url == url("plan", team.strategy) + f"#piece-{copy.pk}"
    assert copy.title == "Grind guide (copy)"
    assert (copy.status, copy.published_url, copy.edit_version) == ("idea", "", 1)
    assert (copy.publish_date, copy.goal, copy.reason, copy.hours) == (
        piece.publish_date,
        goal,
        "Ranks for grind size",
        piece.hours,
    )
    assert list(copy.promotion_channels.all()) == [newsletter]
    assert "Duplicated “Grind guide” as “Grind guide (copy)”" in client.get(response.url).text
    back = client.post(url("piece_duplicate", team.strategy, piece.pk), {"back": "calendar"})
    assert back.url.startswith(url("calendar", team.strategy) + "?month=2027-03#piece-")


def test_a_gap_is_planned_with_its_goal_and_reason_and_only_once(client_for, team):
    hannah = BuyerPersonaFactory(strategy=team.strategy, name="Hannah")
    GoalFactory(strategy=team.strategy, marketing_goal="Be known")
    leads = GoalFactory(strategy=team.strategy, marketing_goal="More leads")
    leads.personas.add(hannah)
    gap = ContentGapFactory(strategy=team.strategy, persona=hannah, question="How much?")
    client = client_for(team.editor)
    gaps = client.get(url("gaps", team.strategy))
    assert url("gap_plan", team.strategy, gap.pk) in gaps.text
    response = client.post(url("gap_plan", team.strategy, gap.pk))
    piece = ContentPiece.objects.get()
    assert (piece.goal, piece.gap) == (leads, gap)
    assert piece.reason == "Answers “How much?” for Hannah."
    edit = client.get(response.url)
    assert edit.context["form"]["goal"].value() == leads.pk
    gaps = client.get(url("gaps", team.strategy))
    assert url("gap_plan", team.strategy, gap.pk) not in gaps.text
    assert url("piece_edit", team.strategy, piece.pk) in gaps.text
    again = client.post(url("gap_plan", team.strategy, gap.pk))
    assert again.url == url("piece_edit", team.strategy, piece.pk)
    assert ContentPiece.objects.count() == 1
    assert "is already planned for this gap" in client.get(again.url).text


def test_a_gap_takes_the_only_goal_when_no_goal_names_its_persona(team):
    goal = GoalFactory(strategy=team.strategy)
    piece = ContentPiece.from_gap(ContentGapFactory(strategy=team.strategy))
    assert piece.goal == goal
    GoalFactory(strategy=team.strategy)
    piece = ContentPiece.from_gap(ContentGapFactory(strategy=team.strategy))
    assert piece.goal is None
