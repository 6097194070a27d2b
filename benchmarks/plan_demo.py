"""End-to-end replenishment plan for the demo distributor: time and totals.

Usage::

    python benchmarks/plan_demo.py [--runs 3] [--time-limit 30] [--date YYYY-MM-DD]

Loads the demo data set (about 600 outlets, 12 trucks) into a fresh SQLite file,
then plans the day after the history ends, as a dispatcher would: pick the
outlets that need a drop, solve, store the routes. Prints the median and spread
of the preparation (candidates) and solve phases, peak memory, and the plan's
totals for each run.
"""

import argparse
import logging
import resource
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HISTORY_END = date(2026, 6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--date", type=date.fromisoformat, default=HISTORY_END)
    args = parser.parse_args()
    logging.disable(logging.INFO)

    with tempfile.TemporaryDirectory() as folder:
        app = _app(f"sqlite:///{folder}/bench.sqlite")
        with app.app_context():
            _load_demo(args.date)
            prepare, solve = [], []
            for run in range(args.runs):
                prepare_s, solve_s, totals = _one_plan(args.date, args.time_limit, run)
                prepare.append(prepare_s)
                solve.append(solve_s)
                print(f"run {run + 1}: {_describe(totals)}")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"candidates: median {statistics.median(prepare):.2f} s "
        f"(min {min(prepare):.2f}, max {max(prepare):.2f})"
    )
    print(
        f"solve+store: median {statistics.median(solve):.2f} s "
        f"(min {min(solve):.2f}, max {max(solve):.2f}), "
        f"time limit {args.time_limit:.0f} s"
    )
    print(f"peak memory: {peak_mb:.0f} MB")


def _app(url: str):
    from dsd import create_app
    from dsd.config import Config

    class Settings(Config):
        SQLALCHEMY_DATABASE_URI = url
        LOG_LEVEL = "WARNING"

    return create_app(Settings)


def _load_demo(service_date: date) -> None:
    from flask_migrate import upgrade

    from dsd.demo import seed_demo

    upgrade()
    seed_demo(end_date=service_date - timedelta(days=0))


def _one_plan(service_date: date, time_limit: float, seed: int):
    from sqlalchemy import select

    from dsd.extensions import db
    from dsd.models import Distributor, User
    from dsd.planning import service
    from dsd.planning.solving import run_solve

    distributor = db.session.scalar(select(Distributor))
    author = db.session.scalar(select(User).filter_by(role="dispatcher"))
    started = time.perf_counter()
    plan = service.create_plan(
        distributor,
        service_date,
        {"time_limit_s": time_limit, "seed": seed},
        author,
    )
    service.request_solve(plan, plan.version)
    db.session.commit()
    prepared = time.perf_counter()
    run_solve(plan.id)
    finished = time.perf_counter()
    db.session.refresh(plan)
    return prepared - started, finished - prepared, plan.totals


def _describe(totals: dict) -> str:
    return (
        f"{totals['routes']} routes, {totals['stops_served']} stops, "
        f"{totals['stops_left_out']} left out ({totals['must_visit_left_out']} "
        f"must-visit), {totals['distance_km']} km, {totals['hours']} h, "
        f"{totals['cases']} cases, route cost {totals['route_cost_minor']:,}, "
        f"value served {totals['value_served_minor']:,}, "
        f"left out {totals['value_left_out_minor']:,}"
    )


if __name__ == "__main__":
    main()
