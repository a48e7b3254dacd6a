"""Renaming and deleting a budget line."""

import pytest
from django.urls import reverse

from budget.models import BudgetLine, BudgetMonth
from tests.factories import AssetFactory, BudgetLineFactory, BudgetMonthFactory


@pytest.fixture
def line(team):
    line = BudgetLineFactory(strategy=team.strategy, name="Newsletter tool")
    BudgetMonthFactory(line=line, planned=49)
    return line


def edit_url(line):
    return reverse("budget:line_edit", args=[line.strategy.uuid, line.pk])


def delete_url(line):
    return reverse("budget:line_delete", args=[line.strategy.uuid, line.pk])


def test_it_asks_anonymous_callers_to_log_in(client, line):
    assert client.get(edit_url(line)).url.startswith(reverse("login"))


def test_a_viewer_may_not_edit(client_for, team, line):
    assert client_for(team.viewer).get(edit_url(line)).status_code == 403
    assert client_for(team.viewer).post(edit_url(line), {"line-name": "x"}).status_code == 403


def test_an_editor_renames_a_line(client_for, team, line):
    client = client_for(team.editor)
    assert client.get(edit_url(line)).status_code == 200
    response = client.post(
        edit_url(line),
        {
            "line-name": "E-mail platform",
            "line-kind": "tool",
            "line-media_type": "owned",
            "line-edit_version": "1",
        },
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.name == "E-mail platform" and line.edit_version == 2


def test_a_line_budgets_a_paid_platform_as_paid_media(client_for, team, line):
    platform = AssetFactory(strategy=team.strategy, media_type="paid", kind="display")
    response = client_for(team.editor).post(
        edit_url(line),
        {
            "line-name": "Display ads",
            "line-kind": "paid_platform",
            "line-media_type": "owned",
            "line-asset": platform.pk,
            "line-edit_version": "1",
        },
    )
    assert response.status_code == 200
    assert "A paid platform is paid media." in response.text
    assert 'value="Display ads"' in response.text


def test_a_platform_budgeted_elsewhere_is_not_offered_again(client_for, team, line):
    platform = AssetFactory(strategy=team.strategy, media_type="paid", kind="display", name="Ads")
    BudgetLineFactory(strategy=team.strategy, asset=platform, kind="paid_platform", name="Ads")
    page = client_for(team.editor).get(edit_url(line)).text
    assert f'<option value="{platform.pk}"' not in page


def test_the_content_plans_line_keeps_its_kind(client_for, team):
    BudgetLine.objects.start(team.strategy)
    plan_line = team.strategy.budget_lines.get()
    page = client_for(team.editor).get(edit_url(plan_line)).text
    assert 'name="line-kind"' not in page
    assert "Its planned figures are the content plan" in page


def test_deleting_asks_first_then_deletes_the_line_and_its_months(client_for, team, line):
    client = client_for(team.editor)
    page = client.get(delete_url(line))
    assert page.status_code == 200
    assert "Delete the budget line “Newsletter tool”?" in page.text
    assert "Step" not in page.text.split("<h2")[1].split("</h2>")[0]  # not a wizard step
    response = client.post(delete_url(line), follow=True)
    assert "Deleted the budget line “Newsletter tool”." in response.text
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    assert not BudgetMonth.objects.filter(line_id=line.pk).exists()


def test_deleting_a_paid_platform_s_line_says_its_recorded_results_go_too(client_for, team):
    platform = AssetFactory(strategy=team.strategy, media_type="paid", name="Google Ads")
    line = BudgetLineFactory(
        strategy=team.strategy, name="Google Ads", kind="paid_platform", asset=platform
    )
    page = client_for(team.editor).get(delete_url(line))
    assert "the leads and conversions the check-ins record for it" in page.text
    other = BudgetLineFactory(strategy=team.strategy, name="Newsletter tool")
    page = client_for(team.editor).get(delete_url(other))
    assert "check-ins" not in page.text


def test_a_viewer_may_not_delete(client_for, team, line):
    assert client_for(team.viewer).post(delete_url(line)).status_code == 403
    assert BudgetLine.objects.filter(pk=line.pk).exists()
