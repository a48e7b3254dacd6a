"""Each paid platform's month in a check-in: its spend, which is the budget's actual
figure for the month (one home, typed in either place), and the leads and
conversions it reports; what a lead and a conversion cost on it; two people at
once; in the reader's digits; with queries that do not grow with the platforms."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from budget.forms import encode_values
from budget.models import BudgetMonth
from results.models import CheckIn, PlatformResult
from tests.factories import (
    AssetFactory,
    BudgetLineFactory,
    BudgetMonthFactory,
    CheckInFactory,
    CheckInValueFactory,
    GoalFactory,
)

D = Decimal
JAN, FEB, MAR = (datetime.date(2027, month, 1) for month in (1, 2, 3))


def platform(strategy, name, actuals: dict | None = None):
    """A paid platform of the inventory, its budget line, and its actual spend by month."""
    asset = AssetFactory(
        strategy=strategy, name=name, media_type="paid", kind="search_ads", spend=D(9000)
    )
    line = BudgetLineFactory(
        strategy=strategy, name=name, kind="paid_platform", media_type="paid", asset=asset
    )
    for month, actual in (actuals or {}).items():
        BudgetMonthFactory(line=line, month=month, planned=D(775), actual=D(actual))
    return line


@pytest.fixture
def leads(team):
    return GoalFactory(
        strategy=team.strategy,
        marketing_goal="More website leads",
        metric="Website leads",
        baseline=100,
        target=160,
    )


@pytest.fixture
def google(team):
    return platform(team.strategy, "Google Ads", {JAN: "768.40", FEB: "781.60"})


@pytest.fixture
def instagram(team):
    return platform(team.strategy, "Instagram ads", {JAN: "702.35"})


def page_url(strategy):
    return reverse("results:page", args=[strategy.uuid])


def edit_url(check_in):
    return reverse("results:check_in_edit", args=[check_in.strategy.uuid, check_in.pk])


def spent(line, month):
    return (
        BudgetMonth.objects.filter(line=line, month=month).values_list("actual", flat=True).first()
    )


def drawn(form) -> dict:
    """What a form sends back as it was drawn: every field and its starting value."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        data[form.add_prefix(name)] = "" if value is None else str(value)
        if field.show_hidden_initial:
            data[form.add_initial_prefix(name)] = "" if value is None else str(value)
    return data


def add_form(client, strategy) -> dict:
    return drawn(client.get(page_url(strategy)).context["add_form"])


def edit_form(client, check_in) -> dict:
    return drawn(client.get(edit_url(check_in)).context["form"])


@pytest.fixture
def check_in(team, leads, google, instagram):
    check_in = CheckInFactory(strategy=team.strategy, month=JAN)
    CheckInValueFactory(check_in=check_in, goal=leads, actual=110)
    PlatformResult.objects.create(check_in=check_in, line=google, leads=251, conversions=56)
    return check_in


# The form


def test_the_add_form_shows_each_platforms_spend_of_its_month(client_for, team, leads, google):
    CheckInFactory(strategy=team.strategy, month=JAN)
    page = client_for(team.editor).get(page_url(team.strategy)).text
    assert "Paid platforms" in page
    assert "changing it here changes it in the budget" in page
    # The first month without a check-in is February: Google spent 781.60 then.
    assert f'name="check_in-spend-{google.pk}" value="781.60"' in page
    assert f'name="check_in-leads-{google.pk}"' in page
    assert f'name="check_in-conversions-{google.pk}"' in page
    assert 'name="check_in-spend_month" value="2027-02-01"' in page
    assert '<legend class="col-12 small fw-semibold mb-0">Google Ads</legend>' in page


def test_without_paid_platforms_the_form_has_none(client_for, team, leads):
    BudgetLineFactory(strategy=team.strategy, kind="tool", name="Newsletter tool")
    page = client_for(team.editor).get(page_url(team.strategy)).text
    assert "check_in-spend-" not in page and "Paid platforms" not in page


def test_an_editor_adds_a_check_in_with_each_platforms_month(
    client_for, team, leads, google, instagram
):
    client = client_for(team.editor)
    data = add_form(client, team.strategy)
    assert data[f"check_in-spend-{google.pk}"] == "768.40"  # January's, as the budget has it
    data |= {
        f"check_in-goal-{leads.pk}": "112",
        f"check_in-spend-{google.pk}": "770",  # the invoice came in a little higher
        f"check_in-leads-{google.pk}": "۲۵۰",
        f"check_in-conversions-{google.pk}": "55",
        f"check_in-leads-{instagram.pk}": "98",
    }
    response = client.post(page_url(team.strategy), data)
    assert response.status_code == 302
    check_in = team.strategy.check_ins.get()
    # The spend is the budget's: one figure, changed where the grid reads it.
    assert spent(google, JAN) == D(770)
    assert spent(instagram, JAN) == D("702.35")  # left as it was
    assert sorted(check_in.platform_results.values_list("line__name", "leads", "conversions")) == [
        ("Google Ads", 250, 55),
        ("Instagram ads", 98, None),
    ]
    grid = client.get(reverse("budget:grid", args=[team.strategy.uuid]) + "?figure=actual").text
    assert f'name="2027-01" value="770" form="line-{google.pk}-form"' in grid


def test_a_spend_typed_in_the_grid_shows_in_the_check_in(client_for, team, check_in, google):
    client = client_for(team.editor)
    line_months = reverse("budget:line_months", args=[team.strategy.uuid, google.pk])
    started = {"2027-01": D("768.40")}
    client.post(
        line_months,
        {
            "figure": "actual",
            "2027-01": "799.99",
            "edit_version": str(google.edit_version),
            "started_from": encode_values(started),
        },
    )
    page = client.get(edit_url(check_in)).text
    assert f'name="check_in-spend-{google.pk}" value="799.99"' in page


def test_a_spend_is_checked_by_the_budgets_own_rule(client_for, team, leads, google):
    client = client_for(team.editor)
    data = add_form(client, team.strategy) | {f"check_in-goal-{leads.pk}": "112"}
    response = client.post(page_url(team.strategy), data | {f"check_in-spend-{google.pk}": "-5"})
    assert response.status_code == 200
    assert "Enter zero or more: spend is never negative." in response.text
    response = client.post(page_url(team.strategy), data | {f"check_in-spend-{google.pk}": "12 €"})
    assert "Enter an amount, such as 1250." in response.text
    response = client.post(page_url(team.strategy), data | {f"check_in-spend-{google.pk}": "7.125"})
    assert "Ensure that there are no more than 2 decimal places." in response.text
    assert 'value="7.125"' in response.text  # kept as typed
    response = client.post(page_url(team.strategy), data | {f"check_in-leads-{google.pk}": "2.5"})
    assert "Enter a whole number, such as 120." in response.text
    assert not CheckIn.objects.exists()
    assert spent(google, JAN) == D("768.40")


def test_a_currency_without_minor_units_takes_whole_amounts(client_for, team, leads):
    team.strategy.currency = "IRR"
    team.strategy.save()
    line = platform(team.strategy, "Google Ads")
    client = client_for(team.editor)
    data = add_form(client, team.strategy) | {f"check_in-goal-{leads.pk}": "112"}
    response = client.post(
        page_url(team.strategy), data | {f"check_in-spend-{line.pk}": "1500000.5"}
    )
    assert "Amounts in IRR have no decimals" in response.text
    response = client.post(page_url(team.strategy), data | {f"check_in-spend-{line.pk}": "1500000"})
    assert response.status_code == 302
    assert spent(line, JAN) == D(1500000)


def test_persian_digits_and_a_romanian_comma_are_read_as_typed(client_for, team, leads, google):
    client = client_for(team.editor)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(page_url(team.strategy)).text
    assert f'name="check_in-spend-{google.pk}" value="۷۶۸٫۴۰"' in page
    data = add_form(client, team.strategy) | {
        f"check_in-goal-{leads.pk}": "۱۱۲",
        f"check_in-spend-{google.pk}": "۷۷۰٫۵",
    }
    assert client.post(page_url(team.strategy), data).status_code == 302
    assert spent(google, JAN) == D("770.50")
    client.post(reverse("set_language"), {"language": "ro", "next": "/"})
    check_in = team.strategy.check_ins.get()
    data = edit_form(client, check_in) | {f"check_in-spend-{google.pk}": "1.070,25"}
    assert client.post(edit_url(check_in), data).status_code == 302
    assert spent(google, JAN) == D("1070.25")


def test_an_editor_changes_and_empties_a_platforms_results(client_for, team, check_in, google):
    client = client_for(team.editor)
    data = edit_form(client, check_in)
    data |= {f"check_in-leads-{google.pk}": "260", f"check_in-conversions-{google.pk}": ""}
    assert client.post(edit_url(check_in), data).status_code == 302
    assert list(check_in.platform_results.values_list("leads", "conversions")) == [(260, None)]
    check_in.refresh_from_db()
    assert check_in.edit_version == 2  # a save of the check-in
    data = edit_form(client, check_in) | {f"check_in-leads-{google.pk}": ""}
    assert client.post(edit_url(check_in), data).status_code == 302
    assert not check_in.platform_results.exists()  # neither figure left: no row
    assert spent(google, JAN) == D("768.40")  # the spend, untouched all along


def test_a_spend_not_sent_is_left_alone(client_for, team, check_in, google):
    client = client_for(team.editor)
    data = edit_form(client, check_in)
    del data[f"check_in-spend-{google.pk}"]
    data["check_in-note"] = "Quiet month"
    assert client.post(edit_url(check_in), data).status_code == 302
    assert spent(google, JAN) == D("768.40")


def test_emptying_a_spend_clears_the_budgets_figure(client_for, team, check_in, google):
    client = client_for(team.editor)
    data = edit_form(client, check_in) | {f"check_in-spend-{google.pk}": ""}
    assert client.post(edit_url(check_in), data).status_code == 302
    assert spent(google, JAN) is None


def test_a_viewer_reads_the_platforms_without_a_form(client_for, team, check_in, google):
    page = client_for(team.viewer).get(page_url(team.strategy)).text
    assert 'id="platforms"' in page
    assert "check_in-spend-" not in page


# Cost per result


def test_the_page_shows_what_a_lead_and_a_conversion_cost_on_each_platform(
    client_for, team, check_in, google, instagram
):
    february = CheckInFactory(strategy=team.strategy, month=FEB)
    PlatformResult.objects.create(check_in=february, line=google, leads=262, conversions=59)
    # March: results and no spend yet, not counted.
    march = CheckInFactory(strategy=team.strategy, month=MAR)
    PlatformResult.objects.create(check_in=march, line=google, leads=300, conversions=60)
    page = client_for(team.viewer).get(page_url(team.strategy)).text
    row = page.split(f'id="platform-{google.pk}"')[1].split("</tr>")[0]
    # January and February: 1,550.00 for 513 leads (3.0214…) and 115 conversions (13.478…).
    assert "over 2 months with a check-in" in row
    assert "€1,550.00" in row and ">513<" in row and ">115<" in row
    assert 'data-platform-cost="leads">€3.02<' in row
    assert 'data-platform-cost="conversions">€13.48<' in row
    instagram_row = page.split(f'id="platform-{instagram.pk}"')[1].split("</tr>")[0]
    assert "No check-in records it yet." in instagram_row
    # Each check-in says what its month cost: 768.40 for 251 leads is 3.06 each.
    assert "Google Ads: €768.40 spent · 251 leads at €3.06 each · 56 conversions at €13.72" in page
    assert "what the paid platforms spent, divided by the leads or conversions" in page


def test_the_platforms_figures_in_persian_digits(client_for, team, check_in, google):
    client = client_for(team.viewer)
    client.post(reverse("set_language"), {"language": "fa", "next": "/"})
    page = client.get(page_url(team.strategy)).text
    row = page.split(f'id="platform-{google.pk}"')[1].split("</tr>")[0]
    assert "۲۵۱" in row and "۳٫۰۶" in row
    assert not any(digit in row.split("</th>")[1] for digit in "0123456789")


# Two people at once


def test_a_spend_changed_in_the_grid_meanwhile_and_here_too_is_a_conflict(
    client_for, team, check_in, google, leads
):
    client = client_for(team.editor)
    mine = edit_form(client, check_in) | {
        f"check_in-spend-{google.pk}": "800",
        f"check_in-goal-{leads.pk}": "115",
    }
    # Someone types January's invoice into the grid first.
    BudgetMonth.objects.filter(line=google, month=JAN).update(actual=D("812.40"))
    response = client.post(edit_url(check_in), mine)
    assert response.status_code == 409
    page = response.text
    assert "Someone else changed “Check-in for January 2027” while you were editing." in page
    assert "Google Ads · Spend (EUR)" in page
    assert "812.40" in page and "800.00" in page
    assert f'name="check_in-spend-{google.pk}" value="800"' in page  # still yours
    # Nothing of the check-in was saved either: all or nothing.
    assert spent(google, JAN) == D("812.40")
    assert check_in.actuals()[leads.pk] == D(110)
    check_in.refresh_from_db()
    assert check_in.edit_version == 1
    # Saving again is a deliberate choice: it replaces theirs.
    form = response.context["form"]
    again = {**mine, **{key: str(value) for key, value in form.data.items() if "initial" in key}}
    again["check_in-edit_version"] = str(form.data["check_in-edit_version"])
    again["check_in-spend_month"] = form.data["check_in-spend_month"]
    assert client.post(edit_url(check_in), again).status_code == 302
    assert spent(google, JAN) == D(800)
    assert check_in.actuals()[leads.pk] == D(115)


def test_a_spend_changed_in_the_grid_is_kept_when_the_check_in_leaves_it(
    client_for, team, check_in, google, leads
):
    client = client_for(team.editor)
    mine = edit_form(client, check_in) | {f"check_in-goal-{leads.pk}": "116"}
    BudgetMonth.objects.filter(line=google, month=JAN).update(actual=D("812.40"))
    assert client.post(edit_url(check_in), mine).status_code == 302
    assert spent(google, JAN) == D("812.40")  # theirs, not the figure drawn
    assert check_in.actuals()[leads.pk] == D(116)


def test_two_editors_changing_the_same_platforms_leads_is_a_conflict(
    client_for, team, check_in, google
):
    client = client_for(team.editor)
    first, second = edit_form(client, check_in), edit_form(client, check_in)
    first[f"check_in-leads-{google.pk}"] = "255"
    assert client.post(edit_url(check_in), first).status_code == 302
    second[f"check_in-leads-{google.pk}"] = "249"
    second[f"check_in-conversions-{google.pk}"] = "57"
    response = client.post(edit_url(check_in), second)
    assert response.status_code == 409
    assert "Google Ads · Leads" in response.text
    assert "\u2068255\u2069" in response.text and "\u2068249\u2069" in response.text
    assert list(check_in.platform_results.values_list("leads", "conversions")) == [(255, 56)]


def test_two_editors_changing_different_figures_of_a_platform_are_merged(
    client_for, team, check_in, google
):
    client = client_for(team.editor)
    first, second = edit_form(client, check_in), edit_form(client, check_in)
    first[f"check_in-leads-{google.pk}"] = "255"
    assert client.post(edit_url(check_in), first).status_code == 302
    second[f"check_in-conversions-{google.pk}"] = "58"
    assert client.post(edit_url(check_in), second).status_code == 302
    assert list(check_in.platform_results.values_list("leads", "conversions")) == [(255, 58)]


def test_a_month_changed_in_the_add_form_does_not_carry_another_months_spend(
    client_for, team, leads, google
):
    client = client_for(team.editor)
    data = add_form(client, team.strategy)  # drawn for January: 768.40
    data |= {"check_in-month": "2027-02-01", f"check_in-goal-{leads.pk}": "120"}
    response = client.post(page_url(team.strategy), data)
    # February has 781.60 in the budget: the form's 768.40 is not written over it.
    assert response.status_code == 409
    assert "781.60" in response.text and "768.40" in response.text
    assert spent(google, FEB) == D("781.60")
    assert not CheckIn.objects.exists()
    # Nor written into a month without spend on a guess: the editor sees it first...
    data["check_in-month"] = "2027-03-01"
    data[f"check_in-spend-{google.pk}"] = "640"
    response = client.post(page_url(team.strategy), data)
    assert response.status_code == 409
    assert spent(google, MAR) is None
    # ...and saving the form as it came back writes it.
    again = dict(response.context["add_form"].data.items())
    assert again["check_in-spend_month"] == "2027-03-01"
    assert client.post(page_url(team.strategy), again).status_code == 302
    assert spent(google, MAR) == D(640)
    assert team.strategy.check_ins.get().month == MAR


# Rules of the row


def test_a_platforms_results_belong_to_a_platform_of_the_same_strategy(team, check_in):
    tool = BudgetLineFactory(strategy=team.strategy, kind="tool")
    elsewhere = platform(GoalFactory().strategy, "Elsewhere")
    for line in (tool, elsewhere):
        with pytest.raises(ValidationError) as caught:
            PlatformResult(check_in=check_in, line=line, leads=1).full_clean()
        assert "Choose a paid platform of this strategy's budget." in str(caught.value)


def test_deleting_a_check_in_takes_its_platforms_results_not_the_spend(
    client_for, team, check_in, google
):
    client_for(team.editor).post(
        reverse("results:check_in_delete", args=[team.strategy.uuid, check_in.pk])
    )
    assert not PlatformResult.objects.exists()
    assert spent(google, JAN) == D("768.40")


def test_the_queries_do_not_grow_with_platforms(
    client_for, team, leads, django_assert_max_num_queries
):
    client = client_for(team.editor)
    client.get(page_url(team.strategy))  # the session, the first time
    check_in = CheckInFactory(strategy=team.strategy, month=JAN)
    CheckInValueFactory(check_in=check_in, goal=leads, actual=110)

    def add_platforms(count):
        for n in range(count):
            line = platform(team.strategy, f"Platform {n}", {JAN: "100", FEB: "120"})
            PlatformResult.objects.create(check_in=check_in, line=line, leads=10, conversions=2)

    add_platforms(1)
    # The session, the user, their profile, the membership, the goals, the paid
    # platforms, the months taken, the drawn month's spend, the edited milestones, the
    # actual values, the platforms' spend and results, the check-ins, and the request's
    # savepoint.
    with django_assert_max_num_queries(15) as few:
        client.get(page_url(team.strategy))
    add_platforms(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page_url(team.strategy))
    assert response.text.count('data-platform-cost="leads"') == 7
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(edit_url(check_in))
