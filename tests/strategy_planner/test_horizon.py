import datetime

import pytest
from django.core.exceptions import ValidationError

from tests.factories import StrategyFactory


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 7, 1)),  # exactly 6 months
        (datetime.date(2027, 1, 1), datetime.date(2028, 1, 1)),  # exactly 12 months
        (datetime.date(2027, 3, 15), datetime.date(2027, 12, 31)),
        (datetime.date(2027, 8, 31), datetime.date(2028, 2, 29)),  # month-end, leap year
    ],
)
def test_it_accepts_six_to_twelve_months(db, start, end):
    StrategyFactory.build(start_date=start, end_date=end).full_clean()


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),  # one day short
        (datetime.date(2027, 1, 1), datetime.date(2028, 1, 2)),  # one day over
        (datetime.date(2027, 1, 1), datetime.date(2026, 12, 1)),  # ends before it starts
        (datetime.date(2027, 1, 1), datetime.date(2027, 1, 1)),
    ],
)
def test_it_refuses_other_horizons(db, start, end):
    strategy = StrategyFactory.build(start_date=start, end_date=end)
    with pytest.raises(ValidationError) as error:
        strategy.full_clean()
    assert error.value.error_dict["end_date"][0].code == "horizon"


def test_the_message_names_the_allowed_end_dates(db):
    strategy = StrategyFactory.build(
        start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 3, 1)
    )
    with pytest.raises(ValidationError) as error:
        strategy.full_clean()
    message = error.value.message_dict["end_date"][0]
    assert "6 to 12 months" in message
    assert "07/01/2027" in message and "01/01/2028" in message


def test_horizon_months(db):
    strategy = StrategyFactory.build(
        start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 12, 31)
    )
    assert strategy.horizon_months == 12
