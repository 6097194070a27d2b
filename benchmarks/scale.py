"""Time and peak memory of the route engine on large problems.

    python benchmarks/scale.py [--time-limit 60] [--case NAME ...]

Cases (each runs in its own process, so peak memory is its own):

- ``matrix5000``: the great-circle matrix between 5,000 points.
- ``r1_10_1``: the 1,000-customer Gehring & Homberger instance R1_10_1
  (needs ``../shared/benchmarks``).
- ``hcmc2000``: 2,000 outlets around Ho Chi Minh City with a great-circle
  matrix, 60 trucks of 600 cases, receiving windows on half the outlets,
  optional outlets with drop penalties, costs in dong.

Prints one line per case: seconds (matrix, solve, total) and peak resident
memory in MiB.
"""

import argparse
import json
import resource
import subprocess
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

BENCHMARKS = ROOT / ".." / "shared" / "benchmarks"


def _hcmc_problem(stops: int = 2000, seed: int = 1) -> Problem:
    rng = np.random.default_rng(seed)
    depot = Location(106.70, 10.78, "depot")
    lon = rng.uniform(106.55, 106.85, stops)
    lat = rng.uniform(10.68, 10.90, stops)
    locations = (depot,) + tuple(
        Location(float(x), float(y)) for x, y in zip(lon, lat, strict=True)
    )
    outlets = []
    for i in range(stops):
        opens = int(rng.integers(6, 15)) * 3600
        windows = (TimeWindow(opens, opens + 3 * 3600),) if i % 2 else ()
        optional = i % 4 == 0
        outlets.append(
            Stop(
                id=f"O{i}",
                location=i + 1,
                windows=windows,
                service_s=300,
                demand=(int(rng.integers(1, 25)),),
                drop_penalty_minor=int(rng.integers(2, 20)) * 100_000
                if optional
                else None,
            )
        )

    trucks = tuple(
        Vehicle(
            id=f"T{k}",
            start=0,
            end=0,
            shift=TimeWindow(6 * 3600, 19 * 3600),
            capacity=(600,),
            fixed_cost_minor=500_000,
            cost_per_km_minor=8_000,
            cost_per_hour_minor=100_000,
        )
        for k in range(60)
    )

    return Problem(
        locations=locations,
        vehicles=trucks,
        stops=tuple(outlets),
        dimensions=(Dimension("cases", service_s_per_unit=10),),
    )


def _run_case(name: str, time_limit: float) -> dict:
    started = time.monotonic()
    if name == "matrix5000":
        rng = np.random.default_rng(0)
        points = tuple(
            Location(float(x), float(y))
            for x, y in zip(
                rng.uniform(106.4, 107.0, 5000),
                rng.uniform(10.5, 11.1, 5000),
                strict=True,
            )
        )
        GreatCircleMatrix().travel_matrix(points)
        matrix_s = time.monotonic() - started
        figures = {"matrix_s": matrix_s, "solve_s": 0.0}
    elif name == "r1_10_1":
        from routing.instances import read_instance

        instance = read_instance(BENCHMARKS / "homberger" / "R1_10_1.vrp")
        matrix_s = time.monotonic() - started
        solution = solve(
            instance.problem, Params(time_limit_s=time_limit), matrix=instance.matrix
        )
        distance = solution.totals.distance_m * instance.unit
        figures = {
            "matrix_s": matrix_s,
            "solve_s": solution.seconds,
            "routes": solution.totals.routes,
            "distance": round(distance, 1),
            "gap_pct": round(100 * (distance - instance.bks) / instance.bks, 2),
            "dropped": solution.totals.stops_dropped,
        }
    else:
        problem = _hcmc_problem()
        matrix = GreatCircleMatrix(circuity=1.3, speed_kmh=25).travel_matrix(
            problem.locations
        )
        matrix_s = time.monotonic() - started
        solution = solve(problem, Params(time_limit_s=time_limit), matrix=matrix)
        figures = {
            "matrix_s": matrix_s,
            "solve_s": solution.seconds,
            "routes": solution.totals.routes,
            "served": solution.totals.stops_served,
            "dropped": solution.totals.stops_dropped,
            "must_visit_dropped": solution.totals.must_visit_dropped,
            "km": round(solution.totals.distance_m / 1000, 1),
            "cost_dong": solution.totals.route_cost_minor,
            "warm_start": solution.warm_start,
        }

    figures["total_s"] = time.monotonic() - started
    figures["peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    return figures


def main() -> int:
    """Run each case in a child process and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument(
        "--case", action="append", choices=["matrix5000", "r1_10_1", "hcmc2000"]
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_run_case(args.child, args.time_limit)))
        return 0

    for name in args.case or ["matrix5000", "r1_10_1", "hcmc2000"]:
        if name == "r1_10_1" and not BENCHMARKS.is_dir():
            print(f"{name}: shared benchmark instances not present")
            continue

        output = subprocess.run(
            [
                sys.executable,
                __file__,
                "--child",
                name,
                "--time-limit",
                str(args.time_limit),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        figures = json.loads(output.strip().splitlines()[-1])
        shown = ", ".join(
            f"{key} {value:.2f}" if isinstance(value, float) else f"{key} {value}"
            for key, value in figures.items()
        )
        print(f"{name}: {shown}", flush=True)

    return 0


if __name__ == "__main__":
    sys.exit(main())
