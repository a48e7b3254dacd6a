"""Figures written as each language writes them, and read back as each keyboard types them
(strategy_planner/numbers.py, the filters of templatetags/planner.py, the number fields
of every form)."""

import inspect
from decimal import Decimal

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from assets.models import Asset
from strategy_planner import numbers
from strategy_planner.forms import FunnelForm, GoalForm, NumbersAsTyped
from strategy_planner.models import Goal
from tests.factories import AssetFactory, BuyerPersonaFactory, ContentPieceFactory, GoalFactory

LRI, PDI = "\u2066", "\u2069"


def shown(language: str, digits: str, function, *args):
    with translation.override(language), numbers.use_digits(digits):
        return function(*args)


# Each row: what is formatted, then how English, Romanian, Persian and Persian with
# Latin digits write it.
FIGURES = [
    ("count", numbers.format_count, (12500,), "12,500", "12.500", "۱۲٬۵۰۰", "12,500"),
    (
        "count of a decimal",
        numbers.format_count,
        (Decimal("2180.00"),),
        "2,180",
        "2.180",
        "۲٬۱۸۰",
        "2,180",
    ),
    (
        "money in euros",
        numbers.format_money,
        (Decimal("1234.5"), "EUR"),
        "€1,234.50",
        "1.234,50\xa0EUR",
        "\u200e€\xa0۱٬۲۳۴٫۵۰",
        "\u200e€\xa01,234.50",
    ),
    (
        "money in rials, which have no minor unit",
        numbers.format_money,
        (Decimal("10800000000"), "IRR"),
        "IRR\xa010,800,000,000",
        "10.800.000.000\xa0IRR",
        "\u200eریال\xa0۱۰٬۸۰۰٬۰۰۰٬۰۰۰",
        "\u200eریال\xa010,800,000,000",
    ),
    (
        "no rials",
        numbers.format_money,
        (Decimal("0.00"), "IRR"),
        "IRR\xa00",
        "0\xa0IRR",
        "\u200eریال\xa0۰",
        "\u200eریال\xa00",
    ),
    (
        "money in yen, which have no minor unit",
        numbers.format_money,
        (Decimal("1234"), "JPY"),
        "¥1,234",
        "1.234\xa0JPY",
        "\u200e¥\xa0۱٬۲۳۴",
        "\u200e¥\xa01,234",
    ),
    (
        "money in lei",
        numbers.format_money,
        (Decimal("99.5"), "RON"),
        "RON\xa099.50",
        "99,50\xa0RON",
        "\u200eRON\xa0۹۹٫۵۰",
        "\u200eRON\xa099.50",
    ),
    (
        "an amount under a heading that names the currency",
        numbers.format_amount,
        (Decimal("2400"), "EUR"),
        "2,400.00",
        "2.400,00",
        "۲٬۴۰۰٫۰۰",
        "2,400.00",
    ),
    ("percentage", numbers.format_percent, (20,), "20%", "20\xa0%", "٪۲۰", "20%"),
    (
        "percentage with a decimal",
        numbers.format_percent,
        (Decimal("12.34"),),
        "12.3%",
        "12,3\xa0%",
        "٪۱۲٫۳",
        "12.3%",
    ),
    ("hours", numbers.format_hours, (12,), "12 hours", "12 ore", "۱۲ ساعت", "12 ساعت"),
    (
        "twenty-four hours",
        numbers.format_hours,
        (24,),
        "24 hours",
        "24 de ore",
        "۲۴ ساعت",
        "24 ساعت",
    ),
    (
        "an hour and a half",
        numbers.format_hours,
        (Decimal("1.5"),),
        "1.5 hours",
        "1,5 ore",
        "۱٫۵ ساعت",
        "1.5 ساعت",
    ),
    (
        "a wait of days, hours and minutes",
        numbers.format_duration,
        (1565,),
        "1 day, 2 hours, 5 minutes",
        "1 zi, 2 ore și 5 minute",
        "۱ روز،\u200f ۲ ساعت و ۵ دقیقه",
        "1 روز،\u200f 2 ساعت و 5 دقیقه",
    ),
    (
        "an income range",
        numbers.format_range,
        (30000, 60000, "EUR"),
        "€30,000–60,000",
        "30.000–60.000\xa0EUR",
        "\u200e€\xa0۳۰٬۰۰۰–۶۰٬۰۰۰",
        "\u200e€\xa030,000–60,000",
    ),
    (
        "an income range open at the top",
        numbers.format_range,
        (30000, None, "IRR"),
        "from IRR\xa030,000",
        "de la 30.000\xa0IRR",
        "از \u200eریال\xa0۳۰٬۰۰۰",
        "از \u200eریال\xa030,000",
    ),
    ("an age range", numbers.format_range, (25, 40), "25–40", "25–40", "۲۵–۴۰", "25–40"),
    ("a missing figure", numbers.format_count, (None,), "—", "—", "—", "—"),
]


@pytest.mark.parametrize(
    ("function", "args", "en", "ro", "fa", "fa_latin"),
    [row[1:] for row in FIGURES],
    ids=[row[0] for row in FIGURES],
)
def test_figures_are_written_as_each_language_writes_them(function, args, en, ro, fa, fa_latin):
    assert shown("en", numbers.NATIVE, function, *args) == en
    assert shown("ro", numbers.NATIVE, function, *args) == ro
    assert shown("fa", numbers.NATIVE, function, *args) == fa
    assert shown("fa", numbers.LATIN, function, *args) == fa_latin


@pytest.mark.parametrize(("language", "locale"), [("en-gb", "en_GB"), ("en-us", "en_US")])
def test_the_english_variants_have_their_own_locale(language, locale):
    assert str(numbers.babel_locale(language)) == locale
    with translation.override(language):
        assert numbers.format_money(Decimal("1234.5"), "GBP") == "£1,234.50"


def test_persian_is_written_as_in_iran():
    assert str(numbers.babel_locale("fa")) == "fa_IR"


def test_signed_figures_and_symbols_after_figures_keep_their_order_right_to_left():
    assert shown("en", numbers.NATIVE, numbers.format_change, 20) == "+20%"
    assert shown("en", numbers.NATIVE, numbers.format_times, Decimal("0.75")) == "0.75×"
    assert shown("fa", numbers.NATIVE, numbers.format_change, 20) == f"{LRI}+٪۲۰{PDI}"
    assert shown("fa", numbers.NATIVE, numbers.format_change, -20) == f"{LRI}−٪۲۰{PDI}"
    assert shown("fa", numbers.LATIN, numbers.format_change, 20) == f"{LRI}+20%{PDI}"
    assert shown("fa", numbers.NATIVE, numbers.format_times, Decimal("0.75")) == f"{LRI}۰٫۷۵×{PDI}"
    assert shown("fa", numbers.NATIVE, numbers.format_delay, 90) == f"{LRI}+۱{PDI} ساعت و ۳۰ دقیقه"
    assert shown("en", numbers.NATIVE, numbers.format_delay, 1560) == "+1 day, 2 hours"


def test_lists_are_joined_with_the_languages_comma():
    assert shown("en", numbers.NATIVE, numbers.join_list, ["Ads", "SEO"]) == "Ads, SEO"
    assert shown("fa", numbers.NATIVE, numbers.join_list, ["تبلیغات", "سئو"]) == "تبلیغات، سئو"
    assert shown("fa", numbers.NATIVE, numbers.join_semicolons, ["الف", "ب"]) == "الف؛ ب"
    assert shown("ro", numbers.NATIVE, numbers.join_semicolons, ["a", "b"]) == "a; b"


@pytest.mark.parametrize(
    ("unit", "en", "fa"),
    [
        ("enquiries", "2,180 → 2,619 \u2068enquiries\u2069", "۲٬۱۸۰ ← ۲٬۶۱۹ \u2068enquiries\u2069"),
        ("EUR", "€2,180.00 → €2,619.00", "\u200e€\xa0۲٬۱۸۰٫۰۰ ← \u200e€\xa0۲٬۶۱۹٫۰۰"),
        ("%", "2,180% → 2,619%", "٪۲٬۱۸۰ ← ٪۲٬۶۱۹"),
    ],
)
def test_a_goals_figures_are_counts_money_or_percentages_by_its_unit(unit, en, fa):
    figures = (Decimal("2180.00"), Decimal("2619.00"), unit)
    assert shown("en", numbers.NATIVE, numbers.format_goal_figures, *figures) == en
    assert shown("fa", numbers.NATIVE, numbers.format_goal_figures, *figures) == fa


def test_a_goal_figure_keeps_the_decimals_it_has():
    assert shown("en", numbers.NATIVE, numbers.format_measure, Decimal("2.50"), "leads") == "2.5"
    assert shown("ro", numbers.NATIVE, numbers.format_measure, Decimal("2.50"), "lead-uri") == "2,5"


# Reading numbers back ---------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "typed", "read"),
    [
        ("fa", "۱۲۳", "123"),
        ("fa", "١٢٣", "123"),
        ("en", "۱۲۳", "123"),
        ("fa", "۱۲٬۵۰۰٫۵", "12500.5"),
        ("fa", "۲/۵", "2.5"),
        ("fa", "\u200e۱۲", "12"),
        ("ro", "1.234,5", "1234.5"),
        ("ro", "1,5", "1.5"),
        ("ro", "1.234", "1234"),
        ("ro", "1.234.567", "1234567"),
        ("ro", "1234.50", "1234.50"),  # a value as a form's hidden field carries it
        ("ro", "12 500", "12500"),
        ("en", "1,234.5", "1234.5"),
        ("en", "−5", "-5"),
        ("en", "twelve", "twelve"),
    ],
)
def test_numbers_are_read_as_a_keyboard_types_them(language, typed, read):
    assert numbers.parse_number(typed, language) == read


def test_figures_from_a_workbooks_cells_are_left_as_they_are():
    assert numbers.parse_number(12.5, "ro") == 12.5
    assert numbers.parse_number(None, "ro") is None


@pytest.mark.parametrize(
    ("language", "digits", "value", "written"),
    [
        ("ro", numbers.NATIVE, Decimal("1234.50"), "1234,50"),
        ("fa", numbers.NATIVE, Decimal("1234.50"), "۱۲۳۴٫۵۰"),
        ("fa", numbers.LATIN, Decimal("1234.50"), "1234.50"),
        ("en", numbers.NATIVE, Decimal("1200.00"), "1200"),
        ("ro", numbers.NATIVE, "1.500", "1,500"),  # what a field read back: 1.5
    ],
)
def test_a_number_in_a_form_field_reads_back_the_same(language, digits, value, written):
    with translation.override(language), numbers.use_digits(digits):
        assert numbers.number_for_input(value) == written
        assert Decimal(numbers.parse_number(written)) == Decimal(value)


def project_forms():
    for config in apps.get_app_configs():
        if config.name not in {"assets", "content_plan", "personas", "report", "starters"} | {
            "strategy_planner"
        }:
            continue
        module = getattr(config.module, "forms", None)
        if module is None:
            try:
                module = __import__(f"{config.name}.forms", fromlist=["forms"])
            except ModuleNotFoundError:
                continue
        for _name, form in inspect.getmembers(module, inspect.isclass):
            if issubclass(form, forms.BaseForm) and form.__module__ == module.__name__:
                yield form


def test_every_form_with_a_number_field_takes_numbers_as_typed():
    numeric = (forms.IntegerField, forms.DecimalField, forms.FloatField)
    with_numbers = [
        form
        for form in project_forms()
        if any(
            isinstance(field, numeric) and not isinstance(field.widget, forms.HiddenInput)
            for field in form.base_fields.values()
        )
    ]
    assert {form.__name__ for form in with_numbers} >= {"AssetForm", "GoalForm", "FunnelForm"}
    assert [form for form in with_numbers if not issubclass(form, NumbersAsTyped)] == []


def test_number_fields_are_text_inputs_that_name_their_keyboard(team):
    form = GoalForm(instance=Goal(strategy=team.strategy))
    html = str(form["baseline"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "step=" not in html
    funnel = FunnelForm(strategy=team.strategy)
    assert 'inputmode="numeric"' in str(funnel["current_leads"])


# The pages --------------------------------------------------------------------


def in_language(client, language: str, digits: str = numbers.NATIVE):
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.post(reverse("strategy_planner:set_digits"), {"digits": digits, "next": "/"})
    return client


def posted(form, **changes) -> dict:
    """What the edit page sends back when nothing is changed but ``changes`` (by field name)."""
    data = {}
    for name in form.fields:
        value = changes.get(name, form[name].value())
        if value is not None:
            data[form[name].html_name] = value
            data[form[name].html_initial_name] = form[name].value() or ""
    return data


def goal_data(goal, **changes) -> dict:
    return posted(GoalForm(instance=goal), personas=[], **changes)


@pytest.mark.parametrize(
    ("language", "baseline", "target", "saved"),
    [
        ("fa", "۱۲۳", "۱٬۲۳۴٫۵", (Decimal(123), Decimal("1234.5"))),
        ("fa", "١٢٣", "١٢٣٤", (Decimal(123), Decimal(1234))),
        ("ro", "1.234,5", "2.000", (Decimal("1234.5"), Decimal(2000))),
        ("en", "1,234.5", "2,000", (Decimal("1234.5"), Decimal(2000))),
    ],
)
def test_the_goal_page_takes_numbers_as_typed(client_for, team, language, baseline, target, saved):
    goal = GoalFactory(strategy=team.strategy, baseline=100, target=150)
    client = in_language(client_for(team.editor), language)
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    response = client.post(url, goal_data(goal, baseline=baseline, target=target))
    assert response.status_code == 302, response.text
    goal.refresh_from_db()
    assert (goal.baseline, goal.target) == saved


@pytest.mark.parametrize(
    ("language", "digits", "value"),
    [("ro", "native", "1234,50"), ("fa", "native", "۱۲۳۴٫۵۰"), ("fa", "latin", "1234.50")],
)
def test_the_goal_page_shows_figures_that_read_back_unchanged(
    client_for, team, language, digits, value
):
    goal = GoalFactory(strategy=team.strategy, baseline=Decimal("1234.5"), target=2000)
    client = in_language(client_for(team.editor), language, digits)
    url = reverse("strategy_planner:goal_edit", args=[team.strategy.uuid, goal.pk])
    page = client.get(url)
    assert f'value="{value}"' in page.text
    version = Goal.objects.get(pk=goal.pk).edit_version
    data = goal_data(goal, baseline=value)
    assert client.post(url, data).status_code == 302
    goal.refresh_from_db()
    assert goal.baseline == Decimal("1234.5") and goal.edit_version == version + 1


def test_the_inventory_takes_persian_digits(client_for, team):
    asset = AssetFactory(
        strategy=team.strategy, name="Ads", media_type="paid", kind="paid_social", visits=1
    )
    client = in_language(client_for(team.editor), "fa")
    url = reverse("assets:edit", args=[team.strategy.uuid, asset.pk])
    form = client.get(url).context["form"]
    response = client.post(url, posted(form, visits="۱۲٬۳۴۵", spend="۱۲۰٫۵", goals=[]))
    assert response.status_code == 302
    asset = Asset.objects.get(pk=asset.pk)
    assert (asset.visits, asset.spend) == (12345, Decimal("120.5"))


def test_the_funnel_calculator_takes_a_romanian_decimal_comma(client_for, team):
    client = in_language(client_for(team.viewer), "ro")
    figures = {
        "current_revenue": "240.000",
        "target_revenue": "288.000",
        "average_order_value": "32",
        "lead_to_customer_rate": "12,5",
        "visitor_to_lead_rate": "20",
        "current_leads": "50.000",
    }
    page = client.get(reverse("strategy_planner:goals", args=[team.strategy.uuid]), figures)
    result = page.context["funnel_result"]
    assert result.customers_needed == 9000 and result.leads_needed == 72000
    assert 'data-funnel="leads">72.000<' in page.text
    assert 'data-funnel="leads-change">+44\xa0%<' in page.text


def test_a_persian_page_writes_persian_digits_and_a_readers_choice_of_latin(client_for, team):
    ContentPieceFactory(strategy=team.strategy, production="outsourced", hours=None, budget=2400)
    team.strategy.currency = "IRR"
    team.strategy.save()
    url = reverse("content_plan:plan", args=[team.strategy.uuid])
    page = in_language(client_for(team.viewer), "fa").get(url).text
    assert "ریال\xa0۲٬۴۰۰" in page and "۲٬۴۰۰٫۰۰" not in page
    page = in_language(client_for(team.viewer), "fa", "latin").get(url).text
    assert "ریال\xa02,400" in page and "2,400.00" not in page


def test_a_goals_personas_are_listed_as_the_language_lists(client_for, team):
    goal = GoalFactory(strategy=team.strategy)
    for name in ("مریم", "Hannah"):
        goal.personas.add(BuyerPersonaFactory(strategy=team.strategy, name=name))
    url = reverse("strategy_planner:goals", args=[team.strategy.uuid])
    page = in_language(client_for(team.viewer), "fa").get(url).text
    assert (
        "\u2068مریم\u2069، \u2068Hannah\u2069" in page
        or "\u2068Hannah\u2069، \u2068مریم\u2069" in page
    )
    assert "QuerySet" not in page
