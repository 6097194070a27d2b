"""One realistic distributor day: the engine against each library alone.

    python benchmarks/demo_day.py [--time-limit 10 --time-limit 30] [--seeds 3]

The day: 250 outlets around Ho Chi Minh City on a great-circle matrix
(circuity 1.3, 25 km/h), 12 trucks of 400 cases from one depot, shifts
06:00-18:00. A third of the outlets (cafes) have two receiving windows,
07:00-10:00 and 14:00-16:00; a third have one three-hour window; the rest
none. A quarter are optional, each with the value lost if left out (200,000
to 2,000,000 dong). Costs in dong: 500,000 per truck used, 8,000 per km,
100,000 per hour of route.

Solvers: ``engine`` (``routing.solve``: PyVRP first plan, then OR-Tools),
``ortools`` (OR-Tools alone: parallel cheapest insertion and guided local
search) and ``pyvrp`` (PyVRP alone on the same integer data, with client
groups for the two-window outlets; its routes are re-checked and scored by
``routing.schedule.check_route``). Each runs with solver seeds 0, 1, 2 and
prints the median of: route cost, value left out, km, stops served and
must-visit stops left out.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from routing import (  # noqa: E402 - the repository root is put on the path first
    Dimension,
    GreatCircleMatrix,
    Location,
    Params,
    Problem,
    Stop,
    TimeWindow,
    Vehicle,
    solve,
)
from routing.compiled import compile_problem  # noqa: E402
from routing.feasibility import unservable_stops  # noqa: E402
from routing.schedule import check_route  # noqa: E402
from routing.warmstart import pyvrp_routes  # noqa: E402

HOUR = 3600


def demo_day(stops: int = 250, trucks: int = 12, seed: int = 7) -> Problem:
    """Build the day described in the module docstring."""
    rng = np.random.default_rng(seed)
    depot = Location(106.66, 10.80, "depot")
    lon = rng.normal(106.68, 0.05, stops)
    lat = rng.normal(10.78, 0.04, stops)
    locations = (depot,) + tuple(
        Location(float(x), float(y)) for x, y in zip(lon, lat, strict=True)
    )
    outlets = []
    for i in range(stops):
        if i % 3 == 0:
            windows = (
                TimeWindow(7 * HOUR, 10 * HOUR),
                TimeWindow(14 * HOUR, 16 * HOUR),
            )
        elif i % 3 == 1:
            opens = int(rng.integers(7, 14)) * HOUR
            windows = (TimeWindow(opens, opens + 3 * HOUR),)
        else:
            windows = ()

        optional = rng.random() < 0.25
        outlets.append(
            Stop(
                id=f"O{i}",
                location=i + 1,
                windows=windows,
                service_s=300,
                demand=(int(rng.integers(5, 30)),),
                drop_penalty_minor=int(rng.integers(2, 21)) * 100_000
                if optional
                else None,
            )
        )

    vehicles = tuple(
        Vehicle(
            id=f"T{k}",
            start=0,
            end=0,
            shift=TimeWindow(6 * HOUR, 18 * HOUR),
            capacity=(400,),
            fixed_cost_minor=500_000,
            cost_per_km_minor=8_000,
            cost_per_hour_minor=100_000,
        )
        for k in range(trucks)
    )

    return Problem(
        locations=locations,
        vehicles=vehicles,
        stops=tuple(outlets),
        dimensions=(Dimension("cases", service_s_per_unit=10),),
    )


def _engine(problem, matrix, seconds, seed, warm_start="auto") -> dict:
    params = Params(time_limit_s=seconds, seed=seed, warm_start=warm_start)
    solution = solve(problem, params, matrix=matrix)
    totals = solution.totals

    return {
        "cost": totals.route_cost_minor,
        "left_out_value": totals.value_dropped_minor,
        "km": totals.distance_m / 1000,
        "served": totals.stops_served,
        "must_visit_out": totals.must_visit_dropped,
    }


def _ortools(problem, matrix, seconds, seed) -> dict:
    return _engine(problem, matrix, seconds, seed, warm_start="none")


def _pyvrp(problem, matrix, seconds, seed) -> dict:
    cp = compile_problem(problem, matrix)
    index = {stop.id: i for i, stop in enumerate(problem.stops)}
    out = {index[u.stop_id] for u in unservable_stops(cp)}
    stops = [s for s in range(len(problem.stops)) if s not in out]
    routes, _ = pyvrp_routes(cp, stops, seconds, seed, lambda cost: True)
    checks = [check_route(cp, v, r) for v, r in routes.items() if r]
    served = {s for r in routes.values() for s in r}
    value = sum(
        int(cp.penalty[s])
        for s in range(len(problem.stops))
        if not cp.must_visit[s] and s not in served
    )

    return {
        "cost": round(sum(c.cost for c in checks) / cp.cost_scale),
        "left_out_value": round(value / cp.cost_scale),
        "km": sum(c.distance_m for c in checks) / 1000,
        "served": len(served),
        "must_visit_out": sum(
            1 for s in range(len(problem.stops)) if cp.must_visit[s] and s not in served
        ),
    }


SOLVERS = {"engine": _engine, "ortools": _ortools, "pyvrp": _pyvrp}


def main() -> int:
    """Run every solver at every time limit and seed; print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=float, action="append")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--solver", action="append", choices=sorted(SOLVERS))
    args = parser.parse_args()

    problem = demo_day()
    matrix = GreatCircleMatrix(circuity=1.3, speed_kmh=25).travel_matrix(
        problem.locations
    )
    print(
        "| solver | limit | route cost (dong) | value left out (dong) | km "
        "| stops served | must-visit left out | wall s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for seconds in args.time_limit or [10.0, 30.0]:
        for name in args.solver or ["engine", "ortools", "pyvrp"]:
            runs = []
            for seed in range(args.seeds):
                started = time.monotonic()
                figures = SOLVERS[name](problem, matrix, seconds, seed)
                figures["wall"] = time.monotonic() - started
                runs.append(figures)

            median = {
                key: statistics.median(run[key] for run in runs) for key in runs[0]
            }
            costs = ", ".join(f"{run['cost']:,.0f}" for run in runs)
            print(
                f"| {name} | {seconds:.0f} s | {median['cost']:,.0f} ({costs}) "
                f"| {median['left_out_value']:,.0f} | {median['km']:.1f} "
                f"| {median['served']:.0f} | {median['must_visit_out']:.0f} "
                f"| {median['wall']:.1f} |",
                flush=True,
            )

    return 0


if __name__ == "__main__":
    sys.exit(main())
