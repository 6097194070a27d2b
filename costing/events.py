"""Per-event charges: rate x driver, rounded once per event (section 4).

Stop admin per stop or unrouted occasion; picking, handling, financing and
promotion rebates per delivery; labour, call-out and parts per service visit;
the estimated route cost per unrouted occasion.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from costing.columns import NO_STOP, ColumnarInputs
from costing.errors import UnknownReference
from costing.money import RATE_SCALE, mul_div_round, parse_rate, rate_cost
from costing.rates import DAY_SPAN, RateCardTable
from costing.routes import MICROSECONDS_PER_HOUR, RouteCosts

logger = logging.getLogger(__name__)

DAYS_PER_YEAR = 365


@dataclass(frozen=True)
class DeliveryCharges:
    """Charges of the period's deliveries, aligned with `delivery` (row indexes)."""

    delivery: np.ndarray
    picking: np.ndarray
    handling: np.ndarray
    financing: np.ndarray
    rebate: np.ndarray


@dataclass(frozen=True)
class OccasionCharges:
    """Unrouted occasions of the period: one per (outlet, local date).

    `estimated_route` is standard_route_cost_per_stop, `stop_admin` is
    cost_per_stop, both in minor units.
    """

    outlet: np.ndarray
    day: np.ndarray
    estimated_route: np.ndarray
    stop_admin: np.ndarray


@dataclass(frozen=True)
class VisitCharges:
    """Charges of the period's service visits, aligned with `visit`."""

    visit: np.ndarray
    labour: np.ndarray
    callout: np.ndarray
    parts: np.ndarray


def delivery_charges(
    inputs: ColumnarInputs,
    delivery: np.ndarray,
    rate_cards: RateCardTable,
    exponent: int,
) -> DeliveryCharges:
    """Charge picking, handling, financing and promotion rebates per delivery.

    Args:
        inputs: the columnar inputs.
        delivery: row indexes of the deliveries dated inside the period.
        rate_cards: the distributor's rate cards.
        exponent: the currency's minor-unit exponent.

    Returns:
        The DeliveryCharges, in minor units.

    Raises:
        MissingRate: no rate card in force on a delivery's date.
        UnknownReference: a promotion lists an unknown outlet.
        InvalidValue: a promotion's rebate breaks the rate rule.
    """
    deliveries = inputs.deliveries
    day = deliveries.day[delivery]
    cases = deliveries.cases[delivery]
    card = rate_cards.in_force(day)

    picking = rate_cost(cases, rate_cards.picking_per_case[card], exponent)
    handling = rate_cost(cases, rate_cards.handling_per_case[card], exponent)

    terms = np.array(
        [outlet.payment_terms_days for outlet in inputs.outlets], dtype=np.int64
    )
    credit_rate = (
        rate_cards.annual_cost_of_capital[card] * terms[deliveries.outlet[delivery]]
    )
    financing = mul_div_round(
        deliveries.net_revenue[delivery], credit_rate, DAYS_PER_YEAR * RATE_SCALE
    )

    rebate = promotion_rebates(inputs, delivery, exponent)
    return DeliveryCharges(delivery, picking, handling, financing, rebate)


def promotion_rebates(
    inputs: ColumnarInputs, delivery: np.ndarray, exponent: int
) -> np.ndarray:
    """Rebate of every promotion on each eligible delivery, summed per delivery.

    A delivery is eligible when its outlet is eligible, it has cases > 0 and it
    is dated inside the promotion; the rebate is round(cases x rebate_per_case).

    Returns:
        Per delivery (aligned with `delivery`), the rebates in minor units.
    """
    deliveries = inputs.deliveries
    position = {outlet.code: i for i, outlet in enumerate(inputs.outlets)}
    channel = np.array(
        [outlet.channel or "" for outlet in inputs.outlets], dtype=object
    )
    outlet = deliveries.outlet[delivery]
    day = deliveries.day[delivery]
    cases = deliveries.cases[delivery]

    rebate = np.zeros(delivery.size, dtype=np.int64)
    for promotion in inputs.promotions:
        row = f"promotion {promotion.code}"
        rate = parse_rate(promotion.rebate_per_case, field="rebate_per_case", row=row)
        eligible = np.zeros(len(inputs.outlets), dtype=bool)
        for code in promotion.outlets:
            if code not in position:
                raise UnknownReference(
                    f"unknown outlet {code!r}", field="outlets", row=row
                )
            eligible[position[code]] = True
        if promotion.channel is not None:
            eligible |= channel == promotion.channel

        applies = (
            eligible[outlet]
            & (cases > 0)
            & (day >= promotion.first_date.toordinal())
            & (day <= promotion.last_date.toordinal())
        )
        rebate[applies] += rate_cost(cases[applies], rate, exponent)

    return rebate


def stop_admin(
    inputs: ColumnarInputs, routes: RouteCosts, rate_cards: RateCardTable
) -> np.ndarray:
    """Stop admin (cost_per_stop) of each stop of the period, in minor units.

    Returns:
        Per stop (aligned with `routes.stop`), the charge.

    Raises:
        MissingRate: no rate card in force on a route's date.
    """
    day = inputs.routes.day[inputs.stops.route[routes.stop]]
    return rate_cards.cost_per_stop[rate_cards.in_force(day)]


def unrouted_occasions(
    inputs: ColumnarInputs, delivery: np.ndarray, rate_cards: RateCardTable
) -> OccasionCharges:
    """Charge each unrouted occasion its estimated route cost and stop admin.

    Args:
        inputs: the columnar inputs.
        delivery: row indexes of the deliveries dated inside the period.
        rate_cards: the distributor's rate cards.

    Returns:
        The OccasionCharges, one row per (outlet, local date) with at least one
        delivery recorded without a route.

    Raises:
        MissingRate: no rate card in force on an occasion's date.
    """
    deliveries = inputs.deliveries
    unrouted = delivery[deliveries.stop[delivery] == NO_STOP]
    key = np.unique(deliveries.outlet[unrouted] * DAY_SPAN + deliveries.day[unrouted])
    outlet, day = key // DAY_SPAN, key % DAY_SPAN
    card = rate_cards.in_force(day)
    return OccasionCharges(
        outlet=outlet,
        day=day,
        estimated_route=rate_cards.standard_route_cost_per_stop[card],
        stop_admin=rate_cards.cost_per_stop[card],
    )


def visit_charges(
    inputs: ColumnarInputs,
    visit: np.ndarray,
    rate_cards: RateCardTable,
    exponent: int,
) -> VisitCharges:
    """Charge technician labour, call-out and parts per service visit.

    Args:
        inputs: the columnar inputs.
        visit: row indexes of the visits dated inside the period.
        rate_cards: the distributor's rate cards.
        exponent: the currency's minor-unit exponent.

    Returns:
        The VisitCharges, in minor units.

    Raises:
        MissingRate: no rate card in force on a visit's date.
    """
    visits = inputs.visits
    card = rate_cards.in_force(visits.day[visit])
    labour = rate_cost(
        visits.labour_us[visit],
        rate_cards.technician_rate_per_hour[card],
        exponent,
        MICROSECONDS_PER_HOUR,
    )
    return VisitCharges(
        visit=visit,
        labour=labour,
        callout=rate_cards.visit_callout[card],
        parts=visits.parts_cost[visit],
    )
