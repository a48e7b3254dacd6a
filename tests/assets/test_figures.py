from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assets.models import Asset, sort_assets


def asset(**figures):
    return Asset(name="x", media_type="paid", kind="search_ads", **figures)


def test_derived_figures_on_a_worked_example():
    ads = asset(
        visits=22000, leads=3100, conversions=700, revenue=Decimal("22400"), spend=Decimal("9300")
    )
    assert round(ads.conversion_rate, 2) == Decimal("3.18")
    assert ads.cost_per_lead == Decimal("3")
    assert round(ads.cost_per_acquisition, 2) == Decimal("13.29")
    assert round(ads.return_on_ad_spend, 2) == Decimal("2.41")


@pytest.mark.parametrize(
    "figures",
    [
        {},
        {"visits": 0, "leads": 0, "conversions": 0, "spend": Decimal(0), "revenue": Decimal(0)},
        {"visits": None, "leads": 0, "conversions": None, "spend": Decimal(100)},
    ],
)
def test_missing_or_zero_figures_give_no_derived_figure(figures):
    item = asset(**figures)
    assert item.cost_per_lead is None
    assert item.cost_per_acquisition is None
    assert item.return_on_ad_spend is None
    assert item.conversion_rate is None


def test_zero_results_for_real_spend_is_still_a_ratio_of_zero_revenue():
    item = asset(spend=Decimal(500), revenue=Decimal(0), leads=10)
    assert item.return_on_ad_spend == 0
    assert item.cost_per_lead == 50


def test_kind_must_match_the_media_type(db):
    from tests.factories import StrategyFactory

    item = Asset(strategy=StrategyFactory(), name="Blog", media_type="paid", kind="blog")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["kind"] == ["“Blog” is not a kind of paid media."]


def test_only_paid_media_has_spend(db):
    from tests.factories import StrategyFactory

    item = Asset(
        strategy=StrategyFactory(), name="Blog", media_type="owned", kind="blog", spend=Decimal(10)
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "spend" in error.value.message_dict


def test_sorting_puts_missing_figures_last_both_ways():
    a, b, c = asset(leads=5), asset(leads=None), asset(leads=50)
    assert sort_assets([a, b, c], "leads") == [a, c, b]
    assert sort_assets([a, b, c], "-leads") == [c, a, b]
    assert sort_assets([a, b, c], "nonsense") == [a, b, c]
