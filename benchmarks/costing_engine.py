"""Time a full-year costing run on a synthetic distributor, in memory.

Builds columnar inputs for 10,000 outlets, 1,000,000 deliveries and 100,000
service visits over a year (about 47,500 driven routes with 20 stops each),
then prints the engine time (median and spread of several runs), the time to
format the result as strings, and the peak memory.

    python benchmarks/costing_engine.py [--outlets N] [--deliveries N]
        [--visits N] [--repeat N] [--seed N]
"""

from __future__ import annotations

import argparse
import logging
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from costing.columns import (  # noqa: E402
    DELIVERED,
    FAILED,
    NO_DWELL,
    NO_STOP,
    PARTIAL,
    ColumnarInputs,
    DeliveryColumns,
    RouteColumns,
    StopColumns,
    TradePaymentColumns,
    VisitColumns,
)
from costing.engine import compute  # noqa: E402
from costing.inputs import (  # noqa: E402
    Outlet,
    Period,
    Promotion,
    RateCard,
    VehicleRate,
)
from costing.records import result_records  # noqa: E402

logger = logging.getLogger(__name__)

YEAR_START = date(2025, 1, 1)
DAYS = 365
US_PER_S = 1_000_000
STOPS_PER_ROUTE = (10, 30)
ROUTED_SHARE = 0.98
SECOND_DELIVERY_SHARE = 0.03


def build_inputs(
    outlets: int, deliveries: int, visits: int, seed: int
) -> ColumnarInputs:
    """Build a synthetic distributor's year as columnar inputs."""
    rng = np.random.default_rng(seed)
    first_day = YEAR_START.toordinal()

    outlet_rows = [
        Outlet(
            f"O{i:05d}",
            channel=("Kiosk", "Grocery", "HoReCa", "Supermarket")[i % 4],
            territory=f"T{i % 12}",
            size_band=("S", "M", "L")[i % 3],
            payment_terms_days=(0, 7, 14, 30)[i % 4],
        )
        for i in range(outlets)
    ]
    vehicles = [f"V{i:02d}" for i in range(60)]
    vehicle_rates = [
        VehicleRate(code, day, Decimal(fixed), Decimal("0.41"), Decimal("23.50"))
        for code in vehicles
        for day, fixed in ((YEAR_START, "80.00"), (date(2025, 7, 1), "84.50"))
    ]
    card = RateCard(
        YEAR_START,
        Decimal("1.50"),
        Decimal("0.20"),
        Decimal("0.10"),
        Decimal("30.00"),
        Decimal("12.00"),
        Decimal("0.10"),
        Decimal("10"),
        Decimal("0.05"),
        Decimal("15.00"),
    )
    rate_cards = [card, RateCard(date(2025, 7, 1), *list(vars(card).values())[1:])]

    # Routes, each with 10-30 stops, sized so that the stops use the deliveries.
    routed = int(deliveries * ROUTED_SHARE)
    n_stops = int(routed / (1 + SECOND_DELIVERY_SHARE))
    low, high = STOPS_PER_ROUTE
    counts = rng.integers(low, high, n_stops // low + 1, endpoint=True)
    counts = counts[: np.searchsorted(np.cumsum(counts), n_stops) + 1]
    counts[-1] -= counts.sum() - n_stops
    n_routes = counts.size
    route_day = first_day + rng.integers(0, DAYS, n_routes)
    departure_s = (route_day - date(1970, 1, 1).toordinal()) * 86400 + rng.integers(
        5 * 3600, 9 * 3600, n_routes
    )
    duration_s = rng.integers(7 * 3600, 11 * 3600, n_routes)
    routes = RouteColumns(
        vehicle=rng.integers(0, len(vehicles), n_routes),
        day=route_day,
        departure_us=departure_s * US_PER_S,
        duration_us=duration_s * US_PER_S,
        distance_m=rng.integers(20_000, 250_000, n_routes),
        ids=np.char.add("R", np.arange(n_routes).astype(str)),
    )

    stop_route = np.repeat(np.arange(n_routes), counts)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sequence = np.arange(n_stops) - np.repeat(starts, counts) + 1
    # 5% of stops lack a dwell (the time equation gives at most 20 minutes);
    # recorded dwells are drawn so that a route's stops fit in its minutes.
    missing = rng.random(n_stops) < 0.05
    estimate_room_s = 20 * 60 * np.bincount(stop_route[missing], minlength=n_routes)
    dwell_cap_s = np.maximum((duration_s - estimate_room_s) // (counts + 1), 120)
    dwell_s = 60 + (rng.random(n_stops) * (dwell_cap_s[stop_route] - 60)).astype(int)
    dwell_us = np.where(missing, NO_DWELL, dwell_s * US_PER_S)
    stops = StopColumns(
        route=stop_route,
        sequence=sequence,
        outlet=rng.integers(0, outlets, n_stops),
        dwell_us=dwell_us,
        depot_distance_m=rng.integers(500, 40_000, n_stops),
    )

    # Deliveries: one per stop, a second on some stops, the rest unrouted.
    extra = routed - n_stops
    delivery_stop = np.concatenate(
        (np.arange(n_stops), rng.integers(0, n_stops, extra))
    )
    unrouted = deliveries - delivery_stop.size
    outlet = np.concatenate(
        (stops.outlet[delivery_stop], rng.integers(0, outlets, unrouted))
    )
    day = np.concatenate(
        (
            route_day[stop_route[delivery_stop]],
            first_day + rng.integers(0, DAYS, unrouted),
        )
    )
    stop = np.concatenate((delivery_stop, np.full(unrouted, NO_STOP)))
    draw = rng.random(deliveries)
    status = np.where(draw < 0.02, FAILED, np.where(draw < 0.05, PARTIAL, DELIVERED))
    # A stop whose only delivery failed is a failed drop; extra deliveries on a
    # failed stop stay delivered, so every stop still holds a delivery.
    failed = status == FAILED
    cases = np.where(failed, 0, rng.integers(1, 200, deliveries))
    revenue = cases * rng.integers(1000, 2000, deliveries)
    cogs = revenue * rng.integers(70, 80, deliveries) // 100
    trade = np.where(rng.random(deliveries) < 0.1, revenue // 50, 0)
    delivery_cols = DeliveryColumns(
        outlet=outlet,
        day=day,
        status=status,
        cases=cases,
        net_revenue=revenue,
        cost_of_goods=cogs,
        trade_spend=trade,
        stop=stop,
    )

    visit_cols = VisitColumns(
        outlet=rng.integers(0, outlets, visits),
        day=first_day + rng.integers(0, DAYS, visits),
        labour_us=rng.integers(10 * 60, 180 * 60, visits) * US_PER_S,
        parts_cost=np.where(rng.random(visits) < 0.4, rng.integers(0, 5000, visits), 0),
    )
    payments = 5000
    payment_cols = TradePaymentColumns(
        outlet=rng.integers(0, outlets, payments),
        day=first_day + rng.integers(0, DAYS, payments),
        amount=rng.integers(1000, 50_000, payments),
    )
    promotions = [
        Promotion(
            f"P{month:02d}",
            date(2025, month, 1),
            date(2025, month, 20),
            Decimal("0.35"),
            channel=("Grocery", "Kiosk")[month % 2],
        )
        for month in range(1, 13, 2)
    ]

    return ColumnarInputs(
        currency="USD",
        outlets=outlet_rows,
        rate_cards=rate_cards,
        vehicles=vehicles,
        vehicle_rates=vehicle_rates,
        promotions=promotions,
        routes=routes,
        stops=stops,
        deliveries=delivery_cols,
        visits=visit_cols,
        trade_payments=payment_cols,
        distributor="synthetic distributor",
    )


def main() -> None:
    """Build the inputs, time the engine and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    started = time.perf_counter()
    inputs = build_inputs(args.outlets, args.deliveries, args.visits, args.seed)
    build_s = time.perf_counter() - started
    period = Period(YEAR_START, date.fromordinal(YEAR_START.toordinal() + DAYS - 1))

    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = compute(inputs, period)
        timings.append(time.perf_counter() - started)

    started = time.perf_counter()
    result_records(result)
    format_s = time.perf_counter() - started

    tracemalloc.start()
    compute(inputs, period)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print(
        f"when: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, python {sys.version.split()[0]}"
    )
    print(
        f"inputs: {len(inputs.outlets)} outlets, {len(inputs.deliveries)} deliveries, "
        f"{len(inputs.stops)} stops on {len(inputs.routes)} routes, "
        f"{len(inputs.visits)} service visits, {len(inputs.trade_payments)} trade "
        f"payments over {DAYS} days (built in {build_s:.1f} s)"
    )
    print(
        f"engine, full year: median {statistics.median(timings):.2f} s "
        f"(min {min(timings):.2f}, max {max(timings):.2f}, {len(timings)} runs)"
    )
    print(f"formatting the result as strings: {format_s:.2f} s")
    print(f"peak memory traced during one run: {traced_peak / 2**20:.0f} MiB")
    print(f"peak resident set of the process: {max_rss_kib / 1024:.0f} MiB")
    print(
        f"check: total net contribution {result.total.net_contribution} minor units, "
        f"route pools {result.reconciliation.route_pools}, "
        f"unallocated {result.reconciliation.unallocated_route_cost}"
    )


if __name__ == "__main__":
    main()
