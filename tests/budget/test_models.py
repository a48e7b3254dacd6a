"""Starting a budget from the strategy's decisions, reading it back with the content
plan beside it, the results the goals ask for, and the limits of a line and a month."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assets.models import MediaAudit
from budget.models import BudgetLine, BudgetMonth, LineKind, budget_of, planned_results
from starters.backup import backup, restore
from strategy_planner.models import Strategy
from tests.factories import (
    AssetFactory,
    BudgetLineFactory,
    BudgetMonthFactory,
    ContentPieceFactory,
    GoalFactory,
    StrategyFactory,
    UserFactory,
)

D = Decimal
pytestmark = pytest.mark.django_db


def paid(strategy, name, decision, spend, **kwargs):
    return AssetFactory(
        strategy=strategy,
        name=name,
        media_type="paid",
        kind="search_ads",
        spend=spend,
        decision=decision,
        **kwargs,
    )


def audited(strategy, start=datetime.date(2025, 11, 1), end=datetime.date(2026, 10, 31)):
    return MediaAudit.objects.create(strategy=strategy, period_start=start, period_end=end)


def planned(line) -> dict:
    return dict(line.months.values_list("month", "planned"))


def test_starting_budgets_every_platform_kept_changed_or_tried_and_none_dropped():
    strategy = StrategyFactory()
    audited(strategy)
    search = paid(strategy, "Google Ads", "keep", D("9300.00"))
    instagram = paid(strategy, "Instagram ads", "change", D("7800.00"))
    linkedin = paid(strategy, "LinkedIn", "try", D("1100.00"))
    paid(strategy, "Facebook ads", "drop", D("3600.00"))
    paid(strategy, "X ads", "", D("900.00"))  # not decided yet

    added = BudgetLine.objects.start(strategy)

    assert [(line.name, line.kind, line.asset) for line in added] == [
        ("Google Ads", LineKind.PAID_PLATFORM, search),
        ("Instagram ads", LineKind.PAID_PLATFORM, instagram),
        ("LinkedIn", LineKind.PAID_PLATFORM, linkedin),
        ("Outsourced content", LineKind.OUTSOURCED_CONTENT, None),
    ]
    lines = {line.name: line for line in strategy.budget_lines.all()}
    assert "Facebook ads" not in lines and "X ads" not in lines
    # Their spend over the 12 months audited, a month at a time, every month of 2027.
    assert planned(lines["Google Ads"]) == {
        datetime.date(2027, month, 1): D("775.00") for month in range(1, 13)
    }
    assert set(planned(lines["Instagram ads"]).values()) == {D("650.00")}
    assert set(planned(lines["LinkedIn"]).values()) == {D("91.67")}  # 1100 / 12
    assert not lines["Outsourced content"].months.exists()  # read from the plan
    assert lines["Outsourced content"].from_content_plan
    assert all(line.media_type == "paid" for line in added[:3])
    assert added[3].media_type == "owned"


def test_the_monthly_spend_comes_from_the_audit_periods_months():
    strategy = StrategyFactory()
    audited(strategy, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))  # three months
    paid(strategy, "Google Ads", "keep", D("100.00"))
    BudgetLine.objects.start(strategy)
    assert set(planned(strategy.budget_lines.get(name="Google Ads")).values()) == {D("33.33")}


def test_a_third_in_a_currency_without_minor_units_is_whole():
    strategy = StrategyFactory(currency="IRR")
    audited(strategy, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    paid(strategy, "Google Ads", "keep", D("100000000"))
    BudgetLine.objects.start(strategy)
    assert set(planned(strategy.budget_lines.get(name="Google Ads")).values()) == {D(33333333)}


def test_without_an_audit_period_the_spend_is_over_twelve_months():
    strategy = StrategyFactory()
    paid(strategy, "Google Ads", "keep", D("1200.00"))
    BudgetLine.objects.start(strategy)
    assert set(planned(strategy.budget_lines.get(name="Google Ads")).values()) == {D("100.00")}


def test_a_platform_tried_without_spend_gets_an_empty_line():
    strategy = StrategyFactory()
    paid(strategy, "TikTok", "try", None)
    BudgetLine.objects.start(strategy)
    assert not strategy.budget_lines.get(name="TikTok").months.exists()


def test_starting_again_adds_only_what_is_missing_at_the_end():
    strategy = StrategyFactory()
    paid(strategy, "Google Ads", "keep", D("1200.00"))
    first = BudgetLine.objects.start(strategy)
    assert BudgetLine.objects.start(strategy) == []
    later = paid(strategy, "LinkedIn", "try", D("600.00"))
    added = BudgetLine.objects.start(strategy)
    assert [line.asset for line in added] == [later]
    assert added[0].position > max(line.position for line in first)
    assert strategy.budget_lines.filter(from_content_plan=True).count() == 1


def test_starting_is_in_the_strategys_language():
    strategy = StrategyFactory(language="ro")
    BudgetLine.objects.start(strategy)
    assert strategy.budget_lines.get().name == "Conținut externalizat"


def test_starting_moves_the_content_version():
    strategy = StrategyFactory()
    before = strategy.current_content_version()
    BudgetLine.objects.start(strategy)
    assert strategy.current_content_version() > before


def test_the_outsourced_content_line_reads_the_plan_by_publish_month():
    strategy = StrategyFactory()
    for day, budget in (
        (datetime.date(2027, 2, 3), "2400.00"),
        (datetime.date(2027, 2, 20), "100.00"),
    ):
        ContentPieceFactory(
            strategy=strategy,
            production="outsourced",
            hours=None,
            budget=D(budget),
            publish_date=day,
        )
    ContentPieceFactory(strategy=strategy, hours=D("12.5"), publish_date=datetime.date(2027, 3, 4))
    ContentPieceFactory(  # no publish date: in no month
        strategy=strategy, production="outsourced", hours=None, budget=D(650), publish_date=None
    )
    ContentPieceFactory(  # after the horizon
        strategy=strategy, hours=D(3), publish_date=datetime.date(2028, 2, 1)
    )
    BudgetLine.objects.start(strategy)

    budget = budget_of(strategy)

    (line,) = budget.rows
    assert line.from_content_plan
    assert line.planned[1] == D("2500.00")  # February
    assert sum(value for value in line.planned if value) == D("2500.00")
    assert budget.hours[2] == D("12.5")  # March, in-house, beside the budget
    assert budget.hours_total == D("12.5")
    assert budget.unscheduled_budget == D("650.00")
    assert budget.unscheduled_hours == D("3.0")


def test_a_changed_plan_changes_the_line():
    strategy = StrategyFactory()
    BudgetLine.objects.start(strategy)
    piece = ContentPieceFactory(
        strategy=strategy, production="outsourced", hours=None, budget=D(300)
    )
    assert budget_of(strategy).total.planned == D(300)
    piece.budget = D(450)
    piece.save()
    assert budget_of(strategy).total.planned == D(450)


def test_months_outside_the_horizon_are_left_out():
    strategy = StrategyFactory()
    line = BudgetLineFactory(strategy=strategy)
    BudgetMonthFactory(line=line, month=datetime.date(2027, 3, 1), planned=D(10))
    BudgetMonthFactory(line=line, month=datetime.date(2028, 1, 1), planned=D(99))  # horizon moved
    budget = budget_of(strategy)
    assert budget.total.planned == D(10)
    assert len(budget.months) == 12


def test_budget_of_takes_the_same_queries_for_few_and_many(django_assert_num_queries):
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, metric="Leads", target=100)
    line = BudgetLineFactory(strategy=strategy)
    BudgetMonthFactory(line=line, planned=D(10))
    with django_assert_num_queries(6) as few:
        budget_of(strategy)
    for n in range(20):
        line = BudgetLineFactory(strategy=strategy)
        BudgetMonth.objects.bulk_create(
            BudgetMonth(line=line, month=datetime.date(2027, month, 1), planned=D(n))
            for month in range(1, 13)
        )
    with django_assert_num_queries(len(few.captured_queries)):
        budget_of(strategy)


# The results the goals ask for


def test_the_leads_are_the_largest_lead_target_not_a_sum():
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, metric="Leads", marketing_goal="More leads", target=75000)
    GoalFactory(
        strategy=strategy, metric="Newsletter subscribers", marketing_goal="More", target=10000
    )
    assert planned_results(strategy).leads == 75000


def test_customers_come_from_a_goal_of_sales():
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, metric="Leads", marketing_goal="Leads", target=1000)
    GoalFactory(strategy=strategy, metric="Orders", target=150, counts="conversions")
    assert planned_results(strategy) == planned_results(strategy).__class__(1000, 150)


def test_without_a_goal_of_sales_customers_follow_the_inventorys_rate():
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, metric="Leads", marketing_goal="Leads", target=1001)
    AssetFactory(strategy=strategy, leads=300, conversions=36)  # 12% of leads buy
    AssetFactory(strategy=strategy, leads=100, conversions=12)
    assert planned_results(strategy).customers == 121  # 120.12, rounded up like the funnel


def test_without_a_lead_goal_there_is_no_cost_per_lead():
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, metric="Page views", target=5000, counts="views")
    results = planned_results(strategy)
    assert results.leads is None and results.customers is None


# The limits of a line and a month


def test_a_month_is_the_first_of_a_month_inside_the_horizon():
    line = BudgetLineFactory()
    with pytest.raises(ValidationError) as error:
        BudgetMonth(line=line, month=datetime.date(2027, 3, 15), planned=D(1)).full_clean()
    assert error.value.error_dict["month"][0].code == "not_first_day"
    with pytest.raises(ValidationError) as error:
        BudgetMonth(line=line, month=datetime.date(2028, 3, 1), planned=D(1)).full_clean()
    assert error.value.error_dict["month"][0].code == "outside_horizon"
    BudgetMonth(line=line, month=datetime.date(2027, 3, 1), planned=D(1)).full_clean()


def test_an_amount_keeps_to_the_currencys_minor_units():
    line = BudgetLineFactory(strategy=StrategyFactory(currency="IRR"))
    month = BudgetMonth(line=line, month=datetime.date(2027, 1, 1), planned=D("10.50"))
    with pytest.raises(ValidationError) as error:
        month.full_clean()
    assert error.value.error_dict["planned"][0].code == "minor_units"


def test_an_amount_is_never_negative():
    month = BudgetMonth(line=BudgetLineFactory(), month=datetime.date(2027, 1, 1), actual=D(-1))
    with pytest.raises(ValidationError) as error:
        month.full_clean()
    assert "actual" in error.value.error_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        month.save()


def test_a_month_once_per_line():
    cell = BudgetMonthFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetMonth.objects.create(line=cell.line, month=cell.month)


def test_a_line_budgets_a_paid_platform_of_its_own_strategy():
    line = BudgetLineFactory(kind="paid_platform", media_type="paid")
    line.asset = AssetFactory(media_type="paid", kind="display")  # another strategy's
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert error.value.error_dict["asset"][0].code == "not_paid"
    line.asset = AssetFactory(strategy=line.strategy, media_type="paid", kind="display")
    line.full_clean()
    line.kind = "tool"
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert error.value.error_dict["kind"][0].code == "platform_kind"


def test_a_platform_is_budgeted_once():
    platform = AssetFactory(media_type="paid", kind="display")
    BudgetLineFactory(strategy=platform.strategy, asset=platform, kind="paid_platform")
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLineFactory(strategy=platform.strategy, asset=platform, kind="paid_platform")


def test_deleting_a_platform_keeps_its_line():
    platform = AssetFactory(media_type="paid", kind="display", decision="keep", spend=D(120))
    BudgetLine.objects.start(platform.strategy)
    platform.delete()
    line = platform.strategy.budget_lines.get(kind="paid_platform")
    assert line.asset is None and line.months.count() == 12


def test_a_saved_month_moves_the_content_version():
    line = BudgetLineFactory()
    before = line.strategy.current_content_version()
    BudgetMonthFactory(line=line, planned=D(5))
    assert line.strategy.current_content_version() > before


def test_a_backup_keeps_the_budget():
    owner = UserFactory(username="budget-owner")
    strategy = StrategyFactory()
    strategy.memberships.create(user=owner, role="owner")
    platform = paid(strategy, "Google Ads", "keep", D("1200.00"))
    BudgetLine.objects.start(strategy)
    line = strategy.budget_lines.get(asset=platform)
    line.months.filter(month=datetime.date(2027, 1, 1)).update(actual=D("98.50"))

    copy = restore(backup(strategy), new_uuid=True).strategy

    assert copy != strategy
    restored = copy.budget_lines.get(kind="paid_platform")
    assert restored.asset.name == "Google Ads" and restored.asset.strategy == copy
    assert copy.budget_lines.get(kind="outsourced_content").from_content_plan
    assert budget_of(copy).total.planned == budget_of(strategy).total.planned == D("1200.00")
    assert budget_of(copy).total.actual == D("98.50")
    assert Strategy.objects.count() == 2
