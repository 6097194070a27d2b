"""The one entry point of the costing engine: `compute(inputs, period, params)`."""

from __future__ import annotations

import logging
import time
from fractions import Fraction

import numpy as np

from costing.churn import churn_risks
from costing.columns import ColumnarInputs, to_columns
from costing.errors import InvalidPeriod
from costing.events import (
    DeliveryCharges,
    OccasionCharges,
    VisitCharges,
    delivery_charges,
    stop_admin,
    unrouted_occasions,
    visit_charges,
)
from costing.inputs import CostingInputs, Period
from costing.money import RATE_SCALE, currency_exponent
from costing.params import CostingParams
from costing.pnl import (
    LINE_FIELDS,
    line_matrix,
    lines_from_columns,
    net_contributions,
)
from costing.rates import rate_card_table, vehicle_rate_table
from costing.result import CostingResult, OutletRow, Reconciliation
from costing.rollup import DIMENSIONS, rollup
from costing.routes import RouteCosts, cost_routes
from costing.validation import validate_columns
from costing.value import OutletValuer
from costing.whale import whale_curve

logger = logging.getLogger(__name__)


def compute(
    inputs: CostingInputs | ColumnarInputs,
    period: Period,
    params: CostingParams | None = None,
) -> CostingResult:
    """Cost one distributor's period: outlet P&L, roll-ups, whale curve, value, churn.

    Args:
        inputs: the distributor's records (CostingInputs) or the same data in
            columnar form (ColumnarInputs). Events outside the period are not
            costed; earlier deliveries feed the churn windows.
        period: the closed range of local dates to cost.
        params: churn and CLV settings; the defaults of CostingParams if None.

    Returns:
        The CostingResult (money in minor units of the inputs' currency).

    Raises:
        InvalidPeriod: the period starts after it ends.
        InvalidParams: a parameter breaks its rule.
        MissingRate: no rate card or vehicle rate in force on a date that
            needs one (including the period's last day, for the CLV discount).
        UnknownReference, DuplicateKey, InvalidValue and its subclasses: an
            input row breaks a rule of the method (section 13).
    """
    started = time.perf_counter()
    if period.start > period.end:
        raise InvalidPeriod(period.start, period.end)
    params = params or CostingParams()
    params.validate()

    columns = to_columns(inputs) if isinstance(inputs, CostingInputs) else inputs
    validate_columns(columns)
    exponent = currency_exponent(columns.currency)
    rate_cards = rate_card_table(columns.rate_cards, exponent, columns.distributor)
    vehicle_rates = vehicle_rate_table(
        columns.vehicle_rates, columns.vehicles, exponent
    )
    discount_rate_micro = int(
        rate_cards.annual_cost_of_capital[
            rate_cards.in_force([period.end.toordinal()])[0]
        ]
    )

    # Events of the period: routes by their date, everything else by its own.
    start, end = period.start.toordinal(), period.end.toordinal()

    def inside(day: np.ndarray) -> np.ndarray:
        return (day >= start) & (day <= end)

    routes = cost_routes(
        columns, inside(columns.routes.day), rate_cards, vehicle_rates, exponent
    )
    admin = stop_admin(columns, routes, rate_cards)
    delivery = np.flatnonzero(inside(columns.deliveries.day))
    deliveries = delivery_charges(columns, delivery, rate_cards, exponent)
    occasions = unrouted_occasions(columns, delivery, rate_cards)
    visits = visit_charges(
        columns, np.flatnonzero(inside(columns.visits.day)), rate_cards, exponent
    )
    payment = np.flatnonzero(inside(columns.trade_payments.day))

    per_outlet, active, estimated = _outlet_sums(
        columns, routes, admin, deliveries, occasions, visits, payment
    )
    lines = lines_from_columns(per_outlet, len(columns.outlets))
    matrix = line_matrix(per_outlet)
    contribution = net_contributions(per_outlet)
    risks = churn_risks(columns, period.end, params)
    valuer = OutletValuer(
        period.days, Fraction(discount_rate_micro, RATE_SCALE), params
    )
    rows = tuple(
        OutletRow(
            outlet=outlet,
            active=bool(active[i]),
            estimated=bool(estimated[i]),
            pnl=lines[i],
            churn=risks[i],
            value=valuer.value(lines[i].net_contribution, risks[i].score),
        )
        for i, outlet in enumerate(columns.outlets)
    )

    segments = {
        dimension: rollup(
            dimension,
            [getattr(outlet, dimension) for outlet in columns.outlets],
            matrix,
            active,
            contribution,
        )
        for dimension in DIMENSIONS
    }
    total = segments[DIMENSIONS[0]][-1].pnl
    whale = whale_curve(
        [
            (outlet.code, amount)
            for outlet, amount, is_active in zip(
                columns.outlets, contribution.tolist(), active.tolist(), strict=True
            )
            if is_active
        ]
    )
    reconciliation = Reconciliation(
        pool_totals={name: getattr(total, name) for name in LINE_FIELDS},
        route_pools=int(routes.pool.sum()),
        allocated_route_cost=int(
            routes.stop_time_part.sum() + routes.travel_part.sum()
        ),
        unallocated_route_cost=routes.unallocated,
        estimated_route_cost=int(occasions.estimated_route.sum()),
    )

    logger.debug(
        "costed %s %s..%s: %d outlets, %d routes, %d deliveries in %.2f s",
        columns.distributor,
        period.start,
        period.end,
        len(rows),
        routes.route.size,
        delivery.size,
        time.perf_counter() - started,
    )
    return CostingResult(
        currency=columns.currency,
        exponent=exponent,
        period=period,
        outlets=rows,
        total=total,
        segments=segments,
        whale=whale,
        reconciliation=reconciliation,
        routes=routes,
        stop_admin=admin,
        deliveries=deliveries,
        occasions=occasions,
        visits=visits,
        discount_rate_micro=discount_rate_micro,
    )


def _outlet_sums(
    columns: ColumnarInputs,
    routes: RouteCosts,
    admin: np.ndarray,
    deliveries: DeliveryCharges,
    occasions: OccasionCharges,
    visits: VisitCharges,
    payment: np.ndarray,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Sum every event amount per outlet; also flag active and estimated outlets.

    Returns:
        Per P&L field an int64 array over outlets (minor units, or cases), and
        two boolean arrays: active (any event) and estimated (an unrouted
        occasion or an estimated dwell).
    """
    count = len(columns.outlets)

    def per_outlet(outlet: np.ndarray, values: np.ndarray) -> np.ndarray:
        total = np.zeros(count, dtype=np.int64)
        np.add.at(total, outlet, np.asarray(values, dtype=np.int64))
        return total

    stop_outlet = columns.stops.outlet[routes.stop]
    delivery_outlet = columns.deliveries.outlet[deliveries.delivery]
    visit_outlet = columns.visits.outlet[visits.visit]
    payment_outlet = columns.trade_payments.outlet[payment]
    d = columns.deliveries
    sums = {
        "cases": per_outlet(delivery_outlet, d.cases[deliveries.delivery]),
        "net_revenue": per_outlet(delivery_outlet, d.net_revenue[deliveries.delivery]),
        "cost_of_goods": per_outlet(
            delivery_outlet, d.cost_of_goods[deliveries.delivery]
        ),
        "trade_recorded": per_outlet(
            delivery_outlet, d.trade_spend[deliveries.delivery]
        ),
        "trade_rebates": per_outlet(delivery_outlet, deliveries.rebate),
        "trade_payments": per_outlet(
            payment_outlet, columns.trade_payments.amount[payment]
        ),
        "route_travel": per_outlet(stop_outlet, routes.travel_part),
        "route_stop_time": per_outlet(stop_outlet, routes.stop_time_part),
        "route_estimated": per_outlet(occasions.outlet, occasions.estimated_route),
        "stop_admin": per_outlet(stop_outlet, admin)
        + per_outlet(occasions.outlet, occasions.stop_admin),
        "picking": per_outlet(delivery_outlet, deliveries.picking),
        "handling": per_outlet(delivery_outlet, deliveries.handling),
        "technician_labour": per_outlet(visit_outlet, visits.labour),
        "callout": per_outlet(visit_outlet, visits.callout),
        "parts": per_outlet(visit_outlet, visits.parts),
        "financing": per_outlet(delivery_outlet, deliveries.financing),
    }

    events = np.zeros(count, dtype=np.int64)
    for outlet in (stop_outlet, delivery_outlet, visit_outlet, payment_outlet):
        np.add.at(events, outlet, 1)
    estimated = per_outlet(stop_outlet, routes.dwell_estimated) + per_outlet(
        occasions.outlet, np.ones(occasions.outlet.size)
    )
    return sums, events > 0, estimated > 0
