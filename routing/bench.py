"""Benchmark the route engine on Solomon and VRPLIB instances.

    python -m routing.bench FILE... --time-limit SECONDS [--json]
        [--solver engine|pyvrp|vroom] [--warm-start auto|none] [--seed N]

Prints, per instance: vehicles used, distance, best-known distance, gap in %,
seconds, and whether the plan is feasible (every customer served, every route
re-checked against capacity, windows and shift outside the solver). The
``engine`` solver is ``routing.solve``; ``pyvrp`` and ``vroom`` run those
libraries alone on the same integer matrix, for comparison (``vroom`` needs
the ``pyvroom`` package from ``requirements-bench.txt``).
"""

import argparse
import json
import sys
import time

from routing.compiled import compile_problem
from routing.instances import Instance, read_instance
from routing.model import Params
from routing.schedule import check_route
from routing.solver import solve
from routing.warmstart import pyvrp_routes


def _engine(instance: Instance, args) -> dict[int, list[int]]:
    params = Params(
        time_limit_s=args.time_limit,
        seed=args.seed,
        warm_start=args.warm_start,
        warm_start_share=args.warm_start_share,
        first_solution=args.first_solution,
    )
    solution = solve(instance.problem, params, matrix=instance.matrix)
    stop_index = {s.id: i for i, s in enumerate(instance.problem.stops)}
    vehicle_index = {v.id: i for i, v in enumerate(instance.problem.vehicles)}

    return {
        vehicle_index[r.vehicle_id]: [stop_index[v.stop_id] for v in r.visits]
        for r in solution.routes
    }


def _pyvrp(instance: Instance, args) -> dict[int, list[int]]:
    cp = compile_problem(instance.problem, instance.matrix.matrix)
    stops = list(range(len(instance.problem.stops)))
    routes, _ = pyvrp_routes(cp, stops, args.time_limit, args.seed, lambda cost: True)

    return routes or {}


def _vroom(instance: Instance, args) -> dict[int, list[int]]:
    import datetime

    import vroom

    problem = instance.problem
    cp = compile_problem(problem, instance.matrix.matrix)
    solver = vroom.Input()
    solver.set_durations_matrix("car", cp.duration_s)
    solver.set_costs_matrix("car", cp.distance_m)
    for k, vehicle in enumerate(problem.vehicles):
        solver.add_vehicle(
            vroom.Vehicle(
                id=k,
                start=int(vehicle.start),
                end=int(vehicle.end),
                capacity=[int(c) for c in cp.capacity[k]],
                time_window=vroom.TimeWindow(*(int(x) for x in cp.shift[k])),
            )
        )

    for index, stop in enumerate(problem.stops):
        solver.add_job(
            vroom.Job(
                id=index,
                location=int(stop.location),
                default_service=int(cp.service_s[index]),
                delivery=[int(x) for x in cp.demand[index]],
                time_windows=[vroom.TimeWindow(a, b) for a, b in cp.windows[index]],
            )
        )

    result = solver.solve(
        exploration_level=5,
        nb_threads=1,
        timeout=datetime.timedelta(seconds=args.time_limit),
    )
    frame = result.routes
    routes: dict[int, list[int]] = {}
    for row in frame.itertuples():
        if row.type == "job":
            routes.setdefault(int(row.vehicle_id), []).append(int(row.id))

    return routes


SOLVERS = {"engine": _engine, "pyvrp": _pyvrp, "vroom": _vroom}


def run(path: str, args) -> dict:
    """Solve one instance and return its figures."""
    instance = read_instance(path)
    started = time.monotonic()
    routes = SOLVERS[args.solver](instance, args)
    seconds = time.monotonic() - started

    # Re-check every route outside the solver and add up the distance.
    cp = compile_problem(instance.problem, instance.matrix.matrix)
    checks = [check_route(cp, vehicle, stops) for vehicle, stops in routes.items()]
    served = sorted(s for stops in routes.values() for s in stops)
    feasible = all(c.feasible for c in checks) and served == list(
        range(len(instance.problem.stops))
    )
    distance = round(sum(c.distance_m for c in checks) * instance.unit, 1)
    gap = None
    if instance.bks:
        gap = round(100 * (distance - instance.bks) / instance.bks, 2)

    return {
        "instance": instance.name,
        "vehicles": sum(1 for stops in routes.values() if stops),
        "distance": distance,
        "bks": instance.bks,
        "gap_pct": gap,
        "seconds": round(seconds, 2),
        "feasible": feasible,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m routing.bench", description=__doc__
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--time-limit", type=float, required=True, metavar="SECONDS")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument("--solver", choices=sorted(SOLVERS), default="engine")
    parser.add_argument("--warm-start", choices=["auto", "none"], default="auto")
    parser.add_argument("--warm-start-share", type=float, default=0.85)
    parser.add_argument("--first-solution", default="PARALLEL_CHEAPEST_INSERTION")
    parser.add_argument("--seed", type=int, default=0)

    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print one line (or one JSON object) per instance."""
    args = _parser().parse_args(argv)
    rows = []
    if not args.json:
        print(
            f"{'instance':<12} {'veh':>4} {'distance':>10} {'bks':>10} {'gap %':>7} "
            f"{'s':>6}  feasible"
        )

    for path in args.files:
        row = run(path, args)
        rows.append(row)
        if not args.json:
            gap = "" if row["gap_pct"] is None else f"{row['gap_pct']:.2f}"
            bks = "" if row["bks"] is None else f"{row['bks']:.1f}"
            print(
                f"{row['instance']:<12} {row['vehicles']:>4} {row['distance']:>10.1f} "
                f"{bks:>10} {gap:>7} {row['seconds']:>6.1f}  {row['feasible']}",
                flush=True,
            )

    gaps = [row["gap_pct"] for row in rows if row["gap_pct"] is not None]
    if args.json:
        print(json.dumps(rows, indent=1))
    elif len(gaps) > 1:
        infeasible = sum(1 for row in rows if not row["feasible"])
        print(
            f"mean gap {sum(gaps) / len(gaps):.2f} %, worst {max(gaps):.2f} %, "
            f"{infeasible} infeasible"
        )

    return 0


if __name__ == "__main__":
    sys.exit(main())
