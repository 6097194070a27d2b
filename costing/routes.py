"""The route pool of each driven route and its allocation to the route's stops.

Section 5 of the method: the pool P = F + D + T is split into a stop-time
bucket S (shared by dwell minutes) and a travel bucket V = P - S (shared by
depot distance), each divided with the largest-remainder allocator.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from costing.allocate import allocate_grouped
from costing.columns import NO_DWELL, NO_STOP, ColumnarInputs
from costing.errors import DwellExceedsRoute
from costing.money import mul_div_round, rate_cost
from costing.rates import DAY_SPAN, RateCardTable, VehicleRateTable
from costing.validation import row_name

logger = logging.getLogger(__name__)

MICROSECONDS_PER_HOUR = 3_600_000_000
METRES_PER_KM = 1000
MICROSECONDS_PER_MICRO_MINUTE = 60


@dataclass(frozen=True)
class RouteCosts:
    """Route pools of the period's routes and their parts per stop.

    Per route (arrays aligned with `route`, the route row indexes):
    `fixed` F, `distance` D, `time` T, `pool` P, `stop_time` S, `travel` V,
    `dwell_us` (sum of dwell used), all money in minor units.

    Per stop (arrays aligned with `stop`, the stop row indexes): `stop_time_part`,
    `travel_part` (minor units), `dwell_used_us` and `dwell_estimated`.

    `unallocated` is the sum of the pools of routes without stops.
    """

    route: np.ndarray
    fixed: np.ndarray
    distance: np.ndarray
    time: np.ndarray
    pool: np.ndarray
    stop_time: np.ndarray
    travel: np.ndarray
    dwell_us: np.ndarray
    stop_count: np.ndarray
    stop: np.ndarray
    stop_time_part: np.ndarray
    travel_part: np.ndarray
    dwell_used_us: np.ndarray
    dwell_estimated: np.ndarray
    unallocated: int


def _rank(values: np.ndarray) -> np.ndarray:
    """Rank of each value in ascending order (0 = smallest), ties by position."""
    order = np.argsort(values, kind="stable")
    rank = np.empty(values.size, dtype=np.int64)
    rank[order] = np.arange(values.size)
    return rank


def cost_routes(
    inputs: ColumnarInputs,
    in_period: np.ndarray,
    rate_cards: RateCardTable,
    vehicle_rates: VehicleRateTable,
    exponent: int,
) -> RouteCosts:
    """Compute each route's pool and allocate it to its stops.

    Args:
        inputs: the columnar inputs (already validated).
        in_period: per route, whether its date is inside the period.
        rate_cards: the distributor's rate cards (time equation for dwell).
        vehicle_rates: the vehicle rates (fixed per day, per km, per hour).
        exponent: the currency's minor-unit exponent.

    Returns:
        The RouteCosts of the routes inside the period.

    Raises:
        MissingRate: a route's vehicle has no rate in force on its date, or no
            rate card is in force for a stop whose dwell must be estimated.
        DwellExceedsRoute: a route's dwell minutes exceed its minutes on the road.
    """
    routes, stops = inputs.routes, inputs.stops
    route = np.flatnonzero(in_period)
    vehicle = routes.vehicle[route]
    day = routes.day[route]
    minutes_us = routes.duration_us[route]
    rate = vehicle_rates.in_force(vehicle, day)

    # F: a vehicle's fixed cost of a day is shared by that day's routes by minutes.
    vehicle_day, group = np.unique(vehicle * DAY_SPAN + day, return_inverse=True)
    day_rate = np.zeros(vehicle_day.size, dtype=np.int64)
    day_rate[group] = vehicle_rates.fixed_per_day[rate]
    id_rank = _rank(np.asarray(routes.ids)[route]) if route.size else route
    tie = _rank_pairs(routes.departure_us[route], id_rank)
    fixed = allocate_grouped(group, day_rate, minutes_us, tie)

    distance = rate_cost(
        routes.distance_m[route],
        vehicle_rates.cost_per_km[rate],
        exponent,
        METRES_PER_KM,
    )
    time = rate_cost(
        minutes_us, vehicle_rates.cost_per_hour[rate], exponent, MICROSECONDS_PER_HOUR
    )
    pool = fixed + distance + time

    # Stops of the period's routes, with their dwell (recorded or estimated).
    position = np.full(len(routes), -1, dtype=np.int64)
    position[route] = np.arange(route.size)
    stop = np.flatnonzero(in_period[stops.route]) if len(stops) else np.zeros(0, int)
    stop_route = position[stops.route[stop]]
    dwell, estimated = _dwell_used(inputs, stop, rate_cards)

    dwell_sum = np.zeros(route.size, dtype=np.int64)
    np.add.at(dwell_sum, stop_route, dwell)
    too_long = np.flatnonzero(dwell_sum > minutes_us)
    if too_long.size:
        first = int(route[too_long[0]])
        raise DwellExceedsRoute(
            "the stops' dwell minutes add up to more than the minutes on the road",
            field="dwell_minutes",
            row=row_name("route", routes.ids, first),
        )

    stop_time = mul_div_round(fixed + time, dwell_sum, minutes_us)
    travel = pool - stop_time
    stop_count = np.bincount(stop_route, minlength=route.size)
    unallocated = int(pool[stop_count == 0].sum())

    sequence = stops.sequence[stop]
    stop_time_part = allocate_grouped(stop_route, stop_time, dwell, sequence)
    travel_part = allocate_grouped(
        stop_route, travel, stops.depot_distance_m[stop], sequence
    )

    logger.debug(
        "costed %d routes with %d stops; unallocated route cost %d minor units",
        route.size,
        stop.size,
        unallocated,
    )
    return RouteCosts(
        route=route,
        fixed=fixed,
        distance=distance,
        time=time,
        pool=pool,
        stop_time=stop_time,
        travel=travel,
        dwell_us=dwell_sum,
        stop_count=stop_count,
        stop=stop,
        stop_time_part=stop_time_part,
        travel_part=travel_part,
        dwell_used_us=dwell,
        dwell_estimated=estimated,
        unallocated=unallocated,
    )


def _rank_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Rank rows by (first, second), ascending."""
    order = np.lexsort((second, first))
    rank = np.empty(first.size, dtype=np.int64)
    rank[order] = np.arange(first.size)
    return rank


def _dwell_used(
    inputs: ColumnarInputs, stop: np.ndarray, rate_cards: RateCardTable
) -> tuple[np.ndarray, np.ndarray]:
    """Dwell of each stop in microseconds, estimated where it was not recorded.

    The estimate is the rate card's time equation: standard_stop_minutes +
    minutes_per_case x cases delivered at the stop.
    """
    stops, deliveries = inputs.stops, inputs.deliveries
    dwell = stops.dwell_us[stop]
    estimated = dwell == NO_DWELL
    if not estimated.any():
        return dwell, estimated

    cases_at_stop = np.zeros(len(stops), dtype=np.int64)
    routed = deliveries.stop != NO_STOP
    np.add.at(cases_at_stop, deliveries.stop[routed], deliveries.cases[routed])

    missing = stop[estimated]
    card = rate_cards.in_force(inputs.routes.day[stops.route[missing]])
    micro_minutes = (
        rate_cards.standard_stop_minutes[card]
        + rate_cards.minutes_per_case[card] * cases_at_stop[missing]
    )
    dwell = dwell.copy()
    dwell[estimated] = micro_minutes * MICROSECONDS_PER_MICRO_MINUTE
    return dwell, estimated
