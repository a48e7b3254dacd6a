"""With Jalali dates chosen, a date field shows and takes Jalali dates; the
database keeps Gregorian ones."""

import datetime
from html.parser import HTMLParser

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from assets import forms as asset_forms
from content_plan import forms as content_forms
from report import forms as report_forms
from strategy_planner import forms as strategy_forms
from strategy_planner.calendars import JALALI, parse_jalali, use_calendar
from strategy_planner.forms import DateInput
from strategy_planner.models import Strategy

NOWRUZ_2027 = datetime.date(2027, 3, 21)  # 1 Farvardin 1406


class FormFields(HTMLParser):
    """What a browser would send for the page's post form, by field name."""

    def __init__(self):
        super().__init__()
        self.data, self.inputs, self._select, self._in_form = {}, {}, None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "action" not in attrs:
            self._in_form = True
        if not self._in_form or ("name" not in attrs and tag != "option"):
            return
        if tag == "input":
            self.inputs[attrs["name"]] = attrs
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data[attrs["name"]] = attrs.get("value", "")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._in_form = False


def page_form(response) -> FormFields:
    fields = FormFields()
    fields.feed(response.text)
    return fields


@pytest.fixture
def jalali_editor(client_for, team):
    Strategy.objects.filter(pk=team.strategy.pk).update(
        start_date=NOWRUZ_2027, end_date=datetime.date(2027, 12, 31)
    )
    client = client_for(team.editor)
    client.cookies["django_language"] = "fa"
    client.cookies["calendar"] = "jalali"
    return client


def basics(team):
    return reverse("strategy_planner:basics", args=[team.strategy.uuid])


def test_a_jalali_reader_sees_and_sends_back_jalali_dates(jalali_editor, team):
    form = page_form(jalali_editor.get(basics(team)))
    start = form.inputs["start_date"]
    assert (start["type"], start["value"]) == ("text", "1406/01/01")
    assert "data-jdp" in start and start["inputmode"] == "numeric"
    assert form.data["start_date__calendar"] == JALALI

    # Sent back unchanged, nothing changes.
    response = jalali_editor.post(basics(team), form.data)
    assert response.status_code == 302
    team.strategy.refresh_from_db()
    assert team.strategy.start_date == NOWRUZ_2027

    # A date typed in Persian digits is the Jalali day it names.
    form = page_form(jalali_editor.get(basics(team)))
    response = jalali_editor.post(basics(team), {**form.data, "start_date": "۱۴۰۶/۰۱/۱۵"})
    assert response.status_code == 302
    team.strategy.refresh_from_db()
    assert team.strategy.start_date == datetime.date(2027, 4, 4)
    assert page_form(jalali_editor.get(basics(team))).inputs["start_date"]["value"] == "1406/01/15"


def test_the_gregorian_date_is_shown_beside(jalali_editor, team):
    response = jalali_editor.get(basics(team))
    assert 'data-gregorian-of="id_start_date"' in response.text
    assert '<span dir="auto" data-date="2027-03-21">21 مارس 2027</span>' in response.text


def test_a_day_the_jalali_calendar_does_not_have_is_refused_and_kept(jalali_editor, team):
    form = page_form(jalali_editor.get(basics(team)))
    response = jalali_editor.post(
        basics(team), {**form.data, "name": "Renamed", "start_date": "1405/12/30"}
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
    again = page_form(response)
    assert again.inputs["start_date"]["value"] == "1405/12/30"  # as typed
    assert again.inputs["end_date"]["value"] == "1406/10/10"  # still Jalali
    assert again.data["name"] == "Renamed"
    team.strategy.refresh_from_db()
    assert team.strategy.start_date == NOWRUZ_2027


def test_a_horizon_error_names_its_dates_in_the_readers_calendar(jalali_editor, team):
    form = page_form(jalali_editor.get(basics(team)))
    response = jalali_editor.post(basics(team), {**form.data, "end_date": "1406/02/01"})
    errors = " ".join(response.context["form"].errors["end_date"])
    # 6 and 12 months after 21 March 2027
    assert "۱۴۰۶/۶/۳۰" in errors and "۱۴۰۷/۱/۲" in errors  # in Persian digits, as figures are


def test_data_without_the_jalali_marker_is_read_as_always():
    # An import, or any data not sent by a Jalali input, gives Gregorian dates.
    with translation.override("fa"), use_calendar(JALALI):
        widget = DateInput()
        assert widget.value_from_datadict({"day": "2027-03-21"}, {}, "day") == "2027-03-21"
        marked = {"day": "1406/01/01", "day__calendar": JALALI}
        assert widget.value_from_datadict(marked, {}, "day") == "2027-03-21"


def test_a_gregorian_reader_keeps_the_browsers_date_input(client_for, team):
    client = client_for(team.editor)
    client.cookies["django_language"] = "fa"
    form = page_form(client.get(basics(team)))
    assert form.inputs["start_date"]["type"] == "date"
    assert "start_date__calendar" not in form.inputs
    assert "data-gregorian-of" not in client.get(basics(team)).text


def every_form_class():
    for module in (strategy_forms, asset_forms, content_forms, report_forms):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                yield value


def test_every_date_field_has_the_input_that_knows_jalali_dates():
    dated = {
        f"{form_class.__name__}.{name}": type(field.widget)
        for form_class in every_form_class()
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.DateField)
        # the plan's filter by month is a month, not a day
        and field.widget.input_type != "month"
    }
    assert {
        "StrategyForm.start_date",
        "GoalForm.deadline",
        "ContentPieceForm.publish_date",
        "AuditPeriodForm.period_end",
        "ShareLinkForm.expires_on",
    } <= set(dated)
    assert set(dated.values()) == {DateInput}


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("1406/01/01", NOWRUZ_2027),
        ("1406/1/1", NOWRUZ_2027),
        ("1406-01-01", NOWRUZ_2027),
        (" ۱۴۰۶/۰۱/۰۱ ", NOWRUZ_2027),
        ("١٤٠٦/٠١/٠١", NOWRUZ_2027),
        ("\u200f۱۴۰۶/۰۱/۰۱", NOWRUZ_2027),
        ("1403/12/30", datetime.date(2025, 3, 20)),  # a leap year's Esfand 30
        ("1405/12/30", None),
        ("1406/13/01", None),
        ("0/1/1", None),
        ("99999/1/1", None),
        ("1406/01", None),
        ("", None),
    ],
)
def test_jalali_dates_are_read_as_people_type_them(typed, day):
    assert parse_jalali(typed) == day
