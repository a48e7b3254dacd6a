"""Check-ins from a CSV file: through the page's own form, all or nothing."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CheckInFactory, CheckInValueFactory

D = Decimal


def import_url(strategy):
    return reverse("results:check_ins_import", args=[strategy.uuid])


def upload(client, strategy, text: str, encoding="utf-8"):
    file = SimpleUploadedFile("check-ins.csv", text.encode(encoding), content_type="text/csv")
    return client.post(import_url(strategy), {"file": file})


def test_a_viewer_may_not_import(client_for, team, goals):
    assert client_for(team.viewer).get(import_url(team.strategy)).status_code == 403
    response = upload(client_for(team.viewer), team.strategy, "month\n2027-01\n")
    assert response.status_code == 403


def test_the_page_names_the_columns(client_for, team, goals):
    page = client_for(team.editor).get(import_url(team.strategy)).text
    assert ">Website leads<" in page and ">Cost per lead<" in page and ">2027-01<" in page


def test_an_editor_imports_new_months_and_replaces_one(client_for, team, goals):
    january = CheckInFactory(strategy=team.strategy, month=datetime.date(2027, 1, 1))
    CheckInValueFactory(check_in=january, goal=goals[0], actual=100)
    CheckInValueFactory(check_in=january, goal=goals[1], actual=48)
    text = (
        "Month;Website leads;note\n"
        "2027-01;104;Corrected\n"
        "2027-02-01;۱۱۲;Webinar\n"
        '2027/03;"1.130,5";\n'
    )
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    response = upload(client, team.strategy, "\ufeff" + text)
    assert response.status_code == 302
    found = {
        check_in.month.month: (check_in.actuals(), check_in.note)
        for check_in in team.strategy.check_ins.all()
    }
    assert found == {
        # The cost per lead has no column: January keeps its value.
        1: ({goals[0].pk: D(104), goals[1].pk: D(48)}, "Corrected"),
        2: ({goals[0].pk: D(112)}, "Webinar"),
        3: ({goals[0].pk: D("1130.5")}, ""),
    }


def test_a_bad_row_saves_nothing_and_is_named(client_for, team, goals):
    text = (
        "month,Cost per lead,Website leads\n"
        "2027-01,45,101\n"
        "2027-02,abc,\n"
        "\n"  # an empty line counts in the file's lines
        "2027-01,44,\n"
        "2029-01,1,\n"
        "31.01.2027,1,\n"
    )
    response = upload(client_for(team.editor), team.strategy, text)
    assert response.status_code == 400
    page = response.text
    assert "Nothing was imported" in page
    assert "Row 3: Cheaper leads (Cost per lead): Enter a number, such as 1250 or 2.5." in page
    assert "Row 5: This date is in row 2 too." in page
    assert "Row 6: Month: Select a valid choice." in page
    assert "Row 7: “31.01.2027” is no date: write it as 2027-03-31" in page
    assert not team.strategy.check_ins.exists()


def test_a_file_that_is_not_csv_text_is_refused(client_for, team, goals):
    response = upload(client_for(team.editor), team.strategy, "month\n2027-01\n", "utf-16")
    assert response.status_code == 200
    assert "save it as “CSV UTF-8”" in response.text
    assert not team.strategy.check_ins.exists()
