"""Check-ins from another tool's CSV file: its columns mapped once, the mapping kept for
the strategy, and the next file with the same columns read at once."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from results.imports import read_date
from results.models import CheckInImportMapping
from strategy_planner.calendars import format_date
from strategy_planner.models import Role
from tests.factories import CheckInFactory, CheckInValueFactory, GoalFactory, MembershipFactory
from tests.results.test_import import import_url

D = Decimal

# An analytics tool's export: a row for each date and metric, its own names for all.
EXPORT = (
    "Day,Event name,Event count\n"
    '2027-01-31,Form submissions,"54,600"\n'
    "2027-01-31,Sessions,9120\n"
    "2027-02-28,Form submissions,61200\n"
    "2027-02-14,Form submissions,58000\n"  # earlier in February than the row above
    "2027-02-28,Cost of a lead,41.5\n"
)


def upload(client, strategy, text: str, name="export.csv", encoding="utf-8"):
    data = text.encode(encoding) if isinstance(text, str) else text
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(import_url(strategy), {"file": file})


def token_of(response) -> str:
    return re.search(r'name="map-file" value="([^"]+)"', response.text).group(1)


def map_columns(client, strategy, token, goals, names=None, columns=None, **choices):
    """Post the mapping step: ``names`` (long) or ``columns`` (wide) by goal."""
    long = names is not None
    data = {
        "map-file": token,
        "map-shape": "long" if long else "wide",
        "map-date": "Day",
        "map-metric": "Event name" if long else "",
        "map-listed": "Event name" if long else "",
        "map-value": "Event count" if long else "",
        "map-note": "",
    }
    data |= {f"map-{name}": value for name, value in choices.items()}
    for goal in goals:
        data[f"map-name-{goal.pk}"] = (names or {}).get(goal.metric, "")
        data[f"map-column-{goal.pk}"] = (columns or {}).get(goal.metric, "")
    return client.post(import_url(strategy), data)


def selected(page: str, name: str) -> str:
    """The option chosen in a select of the page."""
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else ""


def shape_chosen(page: str) -> str:
    return re.search(r'name="map-shape" value="(\w+)"[^>]*checked', page).group(1)


def actuals(strategy) -> dict:
    return {c.month.month: c.actuals() for c in strategy.check_ins.all()}


LEADS = {"Website leads": "Form submissions", "Cost per lead": "Cost of a lead"}


def test_a_long_export_is_mapped_once_and_read_at_once_the_next_time(client_for, team, goals):
    client = client_for(team.editor)
    response = upload(client, team.strategy, EXPORT)
    assert response.status_code == 200
    page = response.text
    assert "Say once which column of" in page and "export.csv" in page
    # What the columns most likely hold, chosen already.
    assert shape_chosen(page) == "long"
    assert selected(page, "map-date") == "Day"
    assert selected(page, "map-metric") == "Event name"
    assert selected(page, "map-value") == "Event count"
    assert "Found in the column" in page and "Form submissions" in page and "Sessions" in page
    assert not team.strategy.check_ins.exists()

    response = map_columns(client, team.strategy, token_of(response), goals, names=LEADS)
    assert response.status_code == 302
    leads, cost = goals
    assert actuals(team.strategy) == {
        1: {leads.pk: D(54600)},
        # February: the 28th's figure, not the 14th's, though the 14th comes later in the file.
        2: {leads.pk: D(61200), cost.pk: D("41.5")},
    }
    message = client.get(response.url).text
    assert "Imported: 2 check-ins added, 0 replaced." in message
    assert "Left out, as no goal is mapped to them: Sessions." in message
    assert "The columns you mapped are kept" in message
    (mapping,) = team.strategy.check_in_mappings.all()
    assert mapping.columns == ["Day", "Event name", "Event count"]
    assert mapping.choices == {
        "shape": "long",
        "date": "Day",
        "note": "",
        "metric": "Event name",
        "value": "Event count",
        "goals": {str(leads.pk): "Form submissions", str(cost.pk): "Cost of a lead"},
    }

    # Next month's export, its columns in another order and case: straight through.
    march = 'EVENT NAME,day,Event count\nForm submissions,31/03/2027,"63,050"\n'
    response = upload(client, team.strategy, march)
    assert response.status_code == 302
    assert actuals(team.strategy)[3] == {leads.pk: D(63050)}
    page = client.get(response.url).text
    mapped_on = format_date(timezone.localdate(team.strategy.check_in_mappings.get().updated_at))
    assert "Imported: 1 check-in added, 0 replaced." in page
    assert f"Read with the columns you mapped on {mapped_on}." in page
    change = re.search(r'<a href="([^"]+)" class="alert-link">Change the mapping</a>', page)
    assert change is not None

    # The link draws the mapping step again for that file, from the mapping kept.
    page = client.get(change.group(1).replace("&amp;", "&")).text
    assert "You mapped these columns on" in page
    assert selected(page, f"map-name-{leads.pk}") == "Form submissions"
    assert selected(page, "map-date") == "day"


def test_the_mapping_is_kept_for_its_strategy_only(client_for, team, goals):
    client = client_for(team.editor)
    response = upload(client, team.strategy, EXPORT)
    map_columns(client, team.strategy, token_of(response), goals, names=LEADS)

    other = MembershipFactory(user=team.editor, role=Role.EDITOR).strategy
    GoalFactory(strategy=other, marketing_goal="More leads", metric="Website leads")
    response = upload(client, other, EXPORT)
    assert response.status_code == 200
    assert "Say once which column of" in response.text
    assert not other.check_ins.exists() and not other.check_in_mappings.exists()
    # Nor can its kept file be read through the other strategy.
    response = client.get(
        import_url(other) + "?file=" + token_of(upload(client, team.strategy, "a,b\n1,2\n"))
    )
    assert "no longer kept" in response.text


def test_a_wide_file_with_its_own_names_is_mapped_column_by_column(client_for, team, goals):
    text = 'Period;Leads (all);CPL;Comments;Followers\n03/2027;۱۲۰;"1.234,5";=HYPERLINK("x");9\n'
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    response = upload(client, team.strategy, text)
    page = response.text
    assert shape_chosen(page) == "wide"
    assert selected(page, "map-date") == "Period"
    token = token_of(response)
    response = map_columns(
        client,
        team.strategy,
        token,
        goals,
        columns={"Website leads": "Leads (all)", "Cost per lead": "CPL"},
        date="Period",
        note="Comments",
    )
    assert response.status_code == 302
    leads, cost = goals
    (check_in,) = team.strategy.check_ins.all()
    assert check_in.month == datetime.date(2027, 3, 1)
    assert check_in.actuals() == {leads.pk: D(120), cost.pk: D("1234.5")}
    assert check_in.note == '=HYPERLINK("x")'  # plain text, made safe wherever it goes out
    assert "Followers" in client.get(response.url).text  # left out, and said so


def test_a_bad_number_is_named_by_its_line_and_nothing_is_saved(client_for, team, goals):
    client = client_for(team.editor)
    text = EXPORT + "2027-03-31,Form submissions,lots\n"
    response = map_columns(
        client, team.strategy, token_of(upload(client, team.strategy, text)), goals, names=LEADS
    )
    assert response.status_code == 400
    page = response.text
    assert "Nothing was imported" in page
    assert "Row 7: More leads (Website leads): Enter a number, such as 1250 or 2.5." in page
    assert not team.strategy.check_ins.exists()
    # The mapping is kept: the corrected file goes straight through.
    assert "Read with the columns you mapped on" in page and "Change the mapping" in page
    assert upload(client, team.strategy, EXPORT).status_code == 302
    assert team.strategy.check_ins.count() == 2


def test_a_month_with_a_check_in_is_replaced_and_keeps_what_the_file_does_not_name(
    client_for, team, goals
):
    leads, cost = goals
    january = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1), note="Sale")
    CheckInValueFactory(check_in=january, goal=leads, actual=100)
    CheckInValueFactory(check_in=january, goal=cost, actual=48)
    client = client_for(team.editor)
    token = token_of(upload(client, team.strategy, EXPORT))
    assert map_columns(client, team.strategy, token, goals, names=LEADS).status_code == 302
    january.refresh_from_db()
    assert january.actuals() == {leads.pk: D(54600), cost.pk: D(48)}
    assert january.note == "Sale"  # the file has no note column


def test_two_values_of_one_metric_on_one_date_are_refused(client_for, team, goals):
    client = client_for(team.editor)
    text = EXPORT + "2027-01-31,Form submissions,1\n"
    token = token_of(upload(client, team.strategy, text))
    page = map_columns(client, team.strategy, token, goals, names=LEADS).text
    assert "Row 7: “Form submissions” has a value for this date in row 2 too." in page


def test_the_mapping_step_says_what_is_wrong_and_keeps_the_choices(client_for, team, goals):
    client = client_for(team.editor)
    token = token_of(upload(client, team.strategy, EXPORT))
    cost = goals[1]
    response = map_columns(
        client,
        team.strategy,
        token,
        goals,
        names={"Website leads": "Form submissions", "Cost per lead": "Form submissions"},
        value="Day",
    )
    assert response.status_code == 200
    page = response.text
    assert "This column holds the dates." in page
    assert "It is chosen for “More leads” already." in page
    assert selected(page, f"map-name-{cost.pk}") == "Form submissions"
    assert selected(page, "map-value") == "Day"
    response = map_columns(client, team.strategy, token, goals, names={})
    assert "Choose the metric name of at least one goal." in response.text
    response = map_columns(client, team.strategy, token, goals, columns={}, date="")
    assert "Choose the column that holds the dates." in response.text
    assert "Choose the column of at least one goal." not in response.text  # one thing at a time
    assert not team.strategy.check_ins.exists() and not team.strategy.check_in_mappings.exists()


def test_another_metric_column_lists_its_names_first(client_for, team, goals):
    text = (
        "Day,Source,Event name,Event count\n"
        "2027-01-31,google,Website leads,50\n"
        "2027-01-31,google,Sessions,70\n"
    )
    client = client_for(team.editor)
    response = upload(client, team.strategy, text)
    token = token_of(response)
    leads = goals[0]
    # The column naming a goal, rather than the first with a name on several rows.
    assert selected(response.text, "map-metric") == "Event name"
    response = map_columns(
        client, team.strategy, token, goals, names=LEADS, metric="Source", listed="Event name"
    )
    assert response.status_code == 200
    page = response.text
    assert "Below are the metric names of the column" in page
    assert re.search(r'<option value="google">google</option>', page)
    assert selected(page, f"map-name-{leads.pk}") == ""
    assert 'name="map-listed" value="Source"' in page
    # The button lists the names of the column chosen, whatever was listed before.
    response = map_columns(
        client,
        team.strategy,
        token,
        goals,
        names={},
        metric="Event name",
        listed="Event name",
        list="1",
    )
    assert selected(response.text, f"map-name-{leads.pk}") == "Website leads"
    assert not team.strategy.check_ins.exists()
    assert not team.strategy.check_in_mappings.exists()


def test_a_saved_mapping_whose_goals_are_gone_is_asked_again(client_for, team, goals):
    client = client_for(team.editor)
    map_columns(
        client,
        team.strategy,
        token_of(upload(client, team.strategy, EXPORT)),
        goals[:1],
        names=LEADS,
    )
    goals[0].delete()
    response = upload(client, team.strategy, EXPORT)
    assert response.status_code == 200 and "Say once which column of" in response.text


def test_a_viewer_may_not_map_columns(client_for, team, goals):
    token = token_of(upload(client_for(team.editor), team.strategy, EXPORT))
    viewer = client_for(team.viewer)
    assert viewer.get(import_url(team.strategy) + f"?file={token}").status_code == 403
    assert map_columns(viewer, team.strategy, token, goals, names=LEADS).status_code == 403
    outsider = client_for(team.outsider)
    assert map_columns(outsider, team.strategy, token, goals, names=LEADS).status_code == 404
    assert not CheckInImportMapping.objects.exists()


def test_a_file_kept_too_long_is_asked_for_again(client_for, team, goals):
    client = client_for(team.editor)
    token = token_of(upload(client, team.strategy, EXPORT))
    cache.clear()
    response = map_columns(client, team.strategy, token, goals, names=LEADS)
    assert "The file you uploaded is no longer kept" in response.text
    assert not team.strategy.check_ins.exists()


# Hostile files: the limits of the app's own layout hold for every file.


def test_a_huge_file_is_refused(client_for, team, goals):
    text = "Day,Event name,Event count\n" + "2027-01-31,Sessions,1\n" * 20_000
    response = upload(client_for(team.editor), team.strategy, text)
    assert "The file is larger than 256 KB" in response.text
    assert not team.strategy.check_ins.exists()


def test_a_file_that_is_not_utf8_is_refused(client_for, team, goals):
    text = "Día,Métrica,Valor\n2027-01-31,Sesiónes,1\n".encode("latin-1")
    response = upload(client_for(team.editor), team.strategy, text)
    assert "save it as “CSV UTF-8”" in response.text


@pytest.mark.parametrize(
    "text, message",
    [
        (",".join(f"c{n}" for n in range(101)) + "\n", "more than 100 columns"),
        ("Day,Day,Value\n2027-01-31,a,1\n", "Two columns are named “Day”"),
        ('Day,Note\n2027-01-31,"' + "x" * 140_000 + '"\n', "cannot be read as CSV"),
        ("\n\n", "The file is empty."),
    ],
)
def test_a_file_that_is_no_table_is_refused(client_for, team, goals, text, message):
    response = upload(client_for(team.editor), team.strategy, text)
    assert message in response.text
    assert 'name="map-file"' not in response.text


def test_formula_like_and_markup_names_are_shown_as_text(client_for, team, goals):
    text = (
        "Day,Event name,Event count\n2027-01-31,\"=cmd|' /C calc'!A0\",1\n2027-01-31,<b>x</b>,2\n"
    )
    client = client_for(team.editor)
    response = upload(client, team.strategy, text)
    page = response.text
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
    response = map_columns(
        client, team.strategy, token_of(response), goals, names={"Website leads": "<b>x</b>"}
    )
    assert response.status_code == 302
    page = client.get(response.url).text
    assert "=cmd|&#x27; /C calc&#x27;!A0" in page and "<b>x</b>" not in page


def test_a_column_of_anything_is_no_metric_column(client_for, team, goals):
    rows = "".join(f"2027-01-31,name {n},{n}\n" for n in range(250))
    client = client_for(team.editor)
    token = token_of(upload(client, team.strategy, "Day,Event name,Event count\n" + rows))
    response = map_columns(client, team.strategy, token, goals, names={"Website leads": "name 1"})
    assert "This column holds more than 200 different names" in response.text


def test_dates_are_read_in_the_formats_the_page_names():
    march = datetime.date(2027, 3, 1)
    assert read_date("2027-03-31") == datetime.date(2027, 3, 31)
    assert read_date("31/03/2027") == datetime.date(2027, 3, 31)
    assert read_date("۲۰۲۷-۰۳-۳۱") == datetime.date(2027, 3, 31)
    assert read_date("20270331") == datetime.date(2027, 3, 31)
    assert read_date("2027-03-31T23:59:00") == datetime.date(2027, 3, 31)
    assert read_date("2027-03") == read_date("03/2027") == read_date("2027/03") == march
    assert read_date("31.03.2027") is None and read_date("") is None
    assert read_date("03/31/2027") is None  # day first, as the page says
