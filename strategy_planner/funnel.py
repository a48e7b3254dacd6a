"""The funnel calculator: from a revenue target, or straight from the number of
customers wanted (patients, enrolments, accounts), to the leads and visits it needs.

revenue = customers × average order value (skipped when the customers are given)
customers = leads × lead-to-customer rate
leads = visits × visitor-to-lead rate

Counts are rounded up: half a customer still has to be won whole.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

HUNDRED = Decimal(100)


def _whole(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_CEILING))


def _change(new: Decimal | int, old: Decimal | int | None) -> Decimal | None:
    if not old:
        return None
    return (Decimal(new) - Decimal(old)) / Decimal(old) * HUNDRED


@dataclass(frozen=True)
class FunnelResult:
    customers_needed: int
    leads_needed: int
    visits_needed: int
    current_customers: int | None
    revenue_change: Decimal | None
    customers_change: Decimal | None
    leads_change: Decimal | None
    visits_change: Decimal | None


def plan_funnel(
    *,
    lead_to_customer_rate: Decimal,
    visitor_to_lead_rate: Decimal,
    target_revenue: Decimal | None = None,
    average_order_value: Decimal | None = None,
    current_revenue: Decimal | None = None,
    target_customers: int | None = None,
    current_customers: int | None = None,
    current_leads: int | None = None,
    current_visits: int | None = None,
) -> FunnelResult:
    """Rates are percentages (12.5 means 12.5%); all amounts must be positive.

    Starts from ``target_customers`` when it is given (a practice counts patients,
    a school enrolments: no revenue or order value needed), else from
    ``target_revenue`` and ``average_order_value``."""
    if target_customers:
        customers = int(target_customers)
        current_customers = int(current_customers) if current_customers else None
        revenue_change = None
    else:
        customers = _whole(target_revenue / average_order_value)
        current_customers = (
            _whole(current_revenue / average_order_value) if current_revenue else None
        )
        revenue_change = _change(target_revenue, current_revenue)
    leads = _whole(customers * HUNDRED / lead_to_customer_rate)
    visits = _whole(leads * HUNDRED / visitor_to_lead_rate)
    return FunnelResult(
        customers_needed=customers,
        leads_needed=leads,
        visits_needed=visits,
        current_customers=current_customers,
        revenue_change=revenue_change,
        customers_change=_change(customers, current_customers),
        leads_change=_change(leads, current_leads),
        visits_change=_change(visits, current_visits),
    )


# A worked example the calculator offers (and the demo strategy uses): +20% revenue
# needs +50% leads, because the extra leads are colder and fewer of them buy
# (15% of leads buy today, 12% are planned for).
EXAMPLE = {
    "current_revenue": Decimal("240000"),
    "target_revenue": Decimal("288000"),
    "average_order_value": Decimal("32"),
    "lead_to_customer_rate": Decimal("12"),
    "visitor_to_lead_rate": Decimal("20"),
    "current_leads": 50000,
    "current_visits": 260000,
}
