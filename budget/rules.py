"""The budget's arithmetic: amounts in the currency's minor units, the months and
quarters of the horizon, totals, variance and cost per result.

Everything here works on plain values (dates, Decimals, lists), so that the
grid page, the document and the workbook read one and the same
:class:`Budget`; ``budget.models.budget_of()`` fills it from the database.

- **Money** is a Decimal in the currency's minor units (``numbers.currency_digits``:
  2 for EUR, none for IRR and JPY), rounded half up where a computation leaves
  more digits (a monthly spend of 100 / 3 is 33.33 EUR, 33 IRR). Sums of such
  amounts need no rounding.
- A **month** is the first day of a Gregorian calendar month (ad platforms and
  invoices count by them); the horizon's months are those its dates touch.
- A **quarter** is a calendar quarter; the first and last quarter of a horizon
  that does not start in January hold only its months inside the horizon.
- **Variance** compares what was spent with what was planned for the same
  months: only the months of a line with an actual figure count, so that a
  budget half way through its year, or a month whose invoices are not all in,
  is not "under" by what is still to come. A month nothing was spent in is
  entered as 0.
- The **actual cost per result** (:func:`cost_so_far`) divides what the paid
  platforms spent by the leads (or conversions) their monthly check-ins record,
  over the platform months that have both; :func:`actual_cost_rule_in_words`
  says it on the pages.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from strategy_planner.calendars import GREGORIAN, format_date, use_calendar
from strategy_planner.numbers import currency_digits, with_digits

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# The length of an average Gregorian month in days, for a period that does not
# end on a month's boundary.
AVERAGE_MONTH_DAYS = Decimal("30.436875")
# The audit period the method asks for when none is set: the last 12 months.
DEFAULT_AUDIT_MONTHS = Decimal(12)


# Money -----------------------------------------------------------------------


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: 0.01 for EUR, 1 for IRR."""
    return Decimal(1).scaleb(-currency_digits(currency))


def to_minor_units(value: Decimal, currency: str) -> Decimal:
    """The amount rounded half up to the currency's minor units: 33.333… EUR is 33.33."""
    return Decimal(value).quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def check_minor_units(value: Decimal | None, currency: str) -> None:
    """Refuse an amount finer than the currency's minor units (12.5 IRR, 3.333 EUR)."""
    if value is None or not value.is_finite():
        return
    if value != value.quantize(minor_unit(currency), rounding=ROUND_HALF_UP):
        digits = currency_digits(currency)
        if digits == 0:
            raise ValidationError(
                _("Amounts in %(currency)s have no decimals: enter a whole amount."),
                code="minor_units",
                params={"currency": currency},
            )
        raise ValidationError(
            ngettext_lazy(
                "Amounts in %(currency)s have at most %(digits)s decimal.",
                "Amounts in %(currency)s have at most %(digits)s decimals.",
                "digits",
            ),
            code="minor_units",
            params={"currency": currency, "digits": digits},
        )


def period_months(start: datetime.date | None, end: datetime.date | None) -> Decimal:
    """How many months a period from ``start`` to ``end`` (both included) lasts: whole
    months, and the days left over as a share of an average month (1 Nov 2025 –
    31 Oct 2026 is 12). Without both dates, the 12 months the audit looks back on."""
    if start is None or end is None or end < start:
        return DEFAULT_AUDIT_MONTHS
    length = relativedelta(end + datetime.timedelta(days=1), start)
    whole = length.years * 12 + length.months
    return Decimal(whole) + Decimal(length.days) / AVERAGE_MONTH_DAYS


def monthly_spend(spend: Decimal | None, months: Decimal, currency: str) -> Decimal | None:
    """What a platform costs a month: its spend over a period of ``months`` months,
    in the currency's minor units; None when its spend is not known."""
    if spend is None or not months:
        return None
    return to_minor_units(Decimal(spend) / months, currency)


def cost_per(spend: Decimal | None, results: Decimal | int | None, currency: str):
    """The cost of one result (a lead, a customer): spend / results, in the
    currency's minor units; None without spend or without results."""
    if spend is None or not results:
        return None
    return to_minor_units(Decimal(spend) / Decimal(results), currency)


@dataclass(frozen=True)
class CostSoFar:
    """What one result (a lead, a conversion) cost so far: the spend counted, the
    results it brought, how many platform months were counted, and the cost per
    result (None while nothing counts, or nothing came of it)."""

    spend: Decimal = ZERO
    results: int = 0
    months: int = 0
    cost: Decimal | None = None


def cost_so_far(months: Iterable[tuple[Decimal | None, int | None]], currency: str) -> CostSoFar:
    """The one rule of the actual cost per result. ``months``: a paid platform's
    months (one platform's, or every platform's), each as (the spend, the leads or
    conversions its check-in records). A month counts when both are in: its spend
    is the budget's actual for the platform, and a result of 0 counts too (money
    spent for nothing). The cost is the counted spend divided by the counted
    results, in the currency's minor units; a month with spend and no result
    recorded yet, or results and no spend, is left out of both."""
    counted = [
        (spend, results) for spend, results in months if spend is not None and results is not None
    ]
    spend = sum((spend for spend, _results in counted), ZERO)
    results = sum(results for _spend, results in counted)
    return CostSoFar(spend, results, len(counted), cost_per(spend, results, currency))


def actual_cost_rule_in_words() -> str:
    """The rule of :func:`cost_so_far` in words, as the budget and the results pages
    state it, in the active language."""
    return gettext(
        "Actual cost per result: what the paid platforms spent, divided by the leads or "
        "conversions the monthly check-ins record for them, counting each platform's months "
        "that have both. Other budget lines and unpaid channels are left out: a goal's "
        "check-in says where its metric stands, not what the month brought."
    )


# Months and quarters ---------------------------------------------------------


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def horizon_months(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month the horizon from ``start`` to ``end`` touches."""
    months, month = [], first_of_month(start)
    while month <= end:
        months.append(month)
        month += relativedelta(months=1)
    return months


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int
    months: tuple[int, ...]  # positions in the horizon's list of months

    @property
    def key(self) -> str:
        return f"{self.year}-q{self.number}"


def quarters(months: Sequence[datetime.date]) -> list[Quarter]:
    """The calendar quarters of the months, each with the positions of its months."""
    found: dict[tuple[int, int], list[int]] = {}
    for index, month in enumerate(months):
        found.setdefault((month.year, (month.month - 1) // 3 + 1), []).append(index)
    return [Quarter(year, number, tuple(indices)) for (year, number), indices in found.items()]


# Totals and variance ---------------------------------------------------------


@dataclass(frozen=True)
class Amounts:
    """What was planned and what was spent, for one cell or a group of them (a
    line, a month, a quarter, a media type…). ``actual`` is None until some month
    of the group has an actual figure; ``planned_to_date`` is what was planned for
    the months that have one, which the variance compares with."""

    planned: Decimal = ZERO
    actual: Decimal | None = None
    planned_to_date: Decimal = ZERO

    @classmethod
    def of_cell(cls, planned: Decimal | None, actual: Decimal | None) -> "Amounts":
        planned = planned or ZERO
        return cls(planned, actual, planned if actual is not None else ZERO)

    def __add__(self, other: "Amounts") -> "Amounts":
        if self.actual is None:
            actual = other.actual
        elif other.actual is None:
            actual = self.actual
        else:
            actual = self.actual + other.actual
        return Amounts(
            self.planned + other.planned, actual, self.planned_to_date + other.planned_to_date
        )

    @property
    def variance(self) -> Decimal | None:
        """Spent minus planned, over the months with an actual figure: above zero
        is over budget."""
        if self.actual is None:
            return None
        return self.actual - self.planned_to_date

    @property
    def variance_percent(self) -> Decimal | None:
        """The variance as a percentage of what was planned for those months."""
        if self.variance is None or not self.planned_to_date:
            return None
        percent = self.variance / self.planned_to_date * HUNDRED
        return percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def total(amounts: Iterable[Amounts]) -> Amounts:
    return sum(amounts, Amounts())


@dataclass
class BudgetRow:
    """One line of the budget with its figures for every month of the horizon
    (lists in the order of ``Budget.months``; None where nothing is entered)."""

    id: int
    name: str
    kind: str
    kind_label: str
    media_type: str
    media_label: str
    planned: list[Decimal | None]
    actual: list[Decimal | None]
    from_content_plan: bool = False
    asset_id: int | None = None
    edit_version: int = 1

    @property
    def months(self) -> list[Amounts]:
        return [Amounts.of_cell(p, a) for p, a in zip(self.planned, self.actual, strict=True)]

    @property
    def total(self) -> Amounts:
        return total(self.months)


@dataclass(frozen=True)
class Results:
    """The leads and customers the goals and the funnel ask for over the horizon."""

    leads: int | None = None
    customers: int | None = None


@dataclass(frozen=True)
class Recorded:
    """The results a check-in records for one paid platform's month, as the platform
    reports them: leads and conversions (its customers), None where not recorded."""

    leads: int | None = None
    conversions: int | None = None


@dataclass
class Budget:
    """A strategy's budget for its horizon, with every total the grid, the document
    and the workbook show. Money is in ``currency``'s minor units."""

    currency: str
    months: list[datetime.date]
    rows: list[BudgetRow]
    media_types: list[tuple[str, str]]  # (value, label) of owned, earned, paid
    hours: list[Decimal] = field(default_factory=list)  # in-house hours by month
    # The content plan's outsourced budget and in-house hours that fall in no month
    # of the horizon (no publish date, or one outside it).
    unscheduled_budget: Decimal = ZERO
    unscheduled_hours: Decimal = ZERO
    results: Results = field(default_factory=Results)

    def __post_init__(self):
        self.quarters = quarters(self.months)

    # totals

    def month_totals(self, rows: Iterable[BudgetRow] | None = None) -> list[Amounts]:
        rows = self.rows if rows is None else list(rows)
        per_row = [row.months for row in rows]
        return [total(cells[index] for cells in per_row) for index in range(len(self.months))]

    def quarter_totals(self, by_month: Sequence[Amounts]) -> list[Amounts]:
        return [total(by_month[index] for index in quarter.months) for quarter in self.quarters]

    def quarter_sums(self, by_month: Sequence) -> list:
        """Plain figures (hours, or one row's amounts) added up by quarter."""
        return [
            sum((by_month[index] or 0 for index in quarter.months), ZERO)
            for quarter in self.quarters
        ]

    @property
    def by_month(self) -> list[Amounts]:
        return self.month_totals()

    @property
    def by_quarter(self) -> list[Amounts]:
        return self.quarter_totals(self.by_month)

    @property
    def total(self) -> Amounts:
        return total(row.total for row in self.rows)

    def by_media_type(self) -> list[dict]:
        """Per media type (owned, earned, paid): its label, its totals by month and
        quarter, and in all."""
        groups = []
        for value, label in self.media_types:
            by_month = self.month_totals(row for row in self.rows if row.media_type == value)
            groups.append(
                {
                    "media_type": value,
                    "label": label,
                    "by_month": by_month,
                    "by_quarter": self.quarter_totals(by_month),
                    "total": total(by_month),
                }
            )
        return groups

    @property
    def quarter_labels(self) -> list[str]:
        return [quarter_label(quarter) for quarter in self.quarters]

    def lines_by_quarter(self) -> list[dict]:
        """Each line with its amounts by quarter and in all (the document's table)."""
        return [
            {
                "name": row.name,
                "media_label": row.media_label,
                "by_quarter": self.quarter_totals(row.months),
                "total": row.total,
            }
            for row in self.rows
        ]

    @property
    def planned_per_month(self) -> Decimal | None:
        """What the horizon's months cost on average, in the currency's minor units."""
        if not self.months or not self.rows:
            return None
        return to_minor_units(self.total.planned / len(self.months), self.currency)

    @property
    def hours_total(self) -> Decimal:
        return sum(self.hours, ZERO)

    @property
    def months_with_actuals(self) -> int:
        return sum(1 for amounts in self.by_month if amounts.actual is not None)

    # cost per result

    @property
    def planned_cost_per_lead(self) -> Decimal | None:
        return cost_per(self.total.planned, self.results.leads, self.currency)

    @property
    def planned_cost_per_customer(self) -> Decimal | None:
        return cost_per(self.total.planned, self.results.customers, self.currency)

    def actual_cost_per(
        self, figure: str, recorded: dict[tuple[int, datetime.date], Recorded]
    ) -> CostSoFar:
        """What one result cost so far on the paid platforms (:func:`cost_so_far`):
        ``figure`` is "leads" or "conversions"; ``recorded``: what the check-ins
        record, by (line id, month). A paid platform's line is one tied to a
        platform of the inventory."""
        return cost_so_far(
            (
                (row.actual[index], getattr(recorded.get((row.id, month)), figure, None))
                for row in self.rows
                if row.asset_id
                for index, month in enumerate(self.months)
            ),
            self.currency,
        )


# Names -----------------------------------------------------------------------


def month_label(month: datetime.date, short: bool = False) -> str:
    """A budget month's name in the active language: "March 2027" (short: "Mar 2027").
    Always the Gregorian month, even for a reader of Jalali dates: a budget month is
    a Gregorian month, and the Jalali month of its first day would name another."""
    with use_calendar(GREGORIAN):
        return format_date(month, "M Y" if short else "YEAR_MONTH_FORMAT")


def quarter_label(quarter: Quarter) -> str:
    """A calendar quarter's name: "Q1 2027"."""
    return with_digits(_("Q%(number)s %(year)s") % {"number": quarter.number, "year": quarter.year})
