"""How long field submissions and a technician day's plan take.

Usage::

    python benchmarks/field_day.py [--stops 40] [--requests 30] [--technicians 3]
        [--time-limit 5] [--database-url URL]

Without ``--database-url`` a fresh SQLite file in a temporary folder is used.
With a PostgreSQL URL the database's tables are dropped and rebuilt first, so
point it at a scratch database only. A driver records an arrival and a drop at
each stop of a published route through the API (each write once, then resent
once with the same submission id); then the technicians' day is planned with
the route engine. Prints the median and spread of each kind of write, the plan's
time and outcome, and the peak memory of the planning step.
"""

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ZONE = "Europe/Brussels"
DEPOT = (4.3517, 50.8503)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stops", type=int, default=40)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--technicians", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=5.0)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = _app(url)
        with app.app_context():
            _prepare(url)
            world = _world(args.stops, args.requests, args.technicians)
            writes = _drive(app, world)
            tracemalloc.start()
            started = time.perf_counter()
            plan = _plan(world, args.time_limit)
            plan_s = time.perf_counter() - started
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    print(f"database          {url.split(':', 1)[0]}")
    print(f"stops             {args.stops} (an arrival and a drop each)")
    for name, seconds in writes.items():
        print(f"{name:<17} {_spread(seconds)}")
    print(
        f"technician plan   {plan_s:.2f} s for {args.requests} requests and "
        f"{args.technicians} technicians (limit {args.time_limit:g} s): "
        f"{plan['visits']} on routes, {plan['left_out']} left out, "
        f"{plan['distance_km']} km"
    )
    print(f"peak memory       {peak / 2**20:.1f} MiB (Python allocations, planning)")


def _app(url: str):
    from dsd import create_app
    from dsd.config import Config

    class Settings(Config):
        SQLALCHEMY_DATABASE_URI = url
        LOG_LEVEL = "WARNING"

    return create_app(Settings)


def _prepare(url: str) -> None:
    from flask_migrate import upgrade

    from dsd.extensions import db

    if url.startswith("postgresql"):
        db.drop_all()
        db.session.execute(db.text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
    upgrade()


def _world(stops: int, requests: int, technicians: int) -> dict:
    from datetime import time as clock

    from dsd.auth.passwords import hash_password
    from dsd.extensions import db
    from dsd.localtime import local_day
    from dsd.models import (
        Distributor,
        Outlet,
        Plan,
        PlanCandidate,
        PlanRoute,
        ServiceRequest,
        User,
        Vehicle,
    )

    rng = random.Random(7)
    day = datetime.now(ZoneInfo(ZONE)).date()
    start, _ = local_day(day, ZONE)
    distributor = Distributor(
        code="BEN",
        name="Bench",
        depot_lon=DEPOT[0],
        depot_lat=DEPOT[1],
        timezone=ZONE,
        currency="EUR",
    )
    db.session.add(distributor)
    db.session.flush()
    password = hash_password("bench-pass-1")
    driver = User(
        email="driver@bench.test",
        role="driver",
        password_hash=password,
        distributor_id=distributor.id,
    )
    staff = [
        User(
            email=f"tech{n}@bench.test",
            role="technician",
            password_hash=password,
            distributor_id=distributor.id,
        )
        for n in range(technicians)
    ]
    db.session.add_all([driver, *staff])
    outlets = []
    for n in range(max(stops, requests)):
        angle, radius = rng.uniform(0, 2 * math.pi), rng.uniform(0.005, 0.08)
        outlets.append(
            Outlet(
                distributor_id=distributor.id,
                external_code=f"B{n}",
                name=f"Bench outlet {n}",
                lon=DEPOT[0] + radius * math.cos(angle),
                lat=DEPOT[1] + radius * math.sin(angle),
                channel="grocery",
                size_band="M",
            )
        )
    db.session.add_all(outlets)
    db.session.flush()
    truck = Vehicle(
        distributor_id=distributor.id,
        code="B1",
        capacity_cases=2000,
        shift_start=clock(0, 1),
        shift_end=clock(23, 59),
        fixed_cost_minor=0,
        cost_per_km=1,
        cost_per_hour=20,
        driver_id=driver.id,
    )
    plan = Plan(distributor_id=distributor.id, service_date=day, status="published")
    db.session.add_all([truck, plan])
    db.session.flush()
    route = PlanRoute(plan_id=plan.id, vehicle_id=truck.id)
    db.session.add(route)
    db.session.flush()
    candidates = [
        PlanCandidate(
            plan_id=plan.id,
            outlet_id=outlet.id,
            route_id=route.id,
            sequence=n,
            must_visit=True,
            drop_cases=10,
            projected_stock=0,
        )
        for n, outlet in enumerate(outlets[:stops])
    ]
    db.session.add_all(candidates)
    priorities = ("high", "normal", "normal", "low")
    db.session.add_all(
        ServiceRequest(
            distributor_id=distributor.id,
            outlet_id=outlet.id,
            kind="preventive",
            window_start=start + timedelta(hours=8),
            window_end=start + timedelta(hours=rng.choice((12, 17))),
            expected_minutes=rng.choice((20, 30, 45, 60)),
            priority=priorities[n % len(priorities)],
        )
        for n, outlet in enumerate(outlets[:requests])
    )
    db.session.commit()
    return {
        "distributor": distributor,
        "driver": driver,
        "technicians": staff,
        "stops": [c.id for c in candidates],
        "day": day,
    }


def _drive(app, world: dict) -> dict[str, list[float]]:
    from dsd.auth.tokens import issue_token

    client = app.test_client()
    headers = {"Authorization": f"Bearer {issue_token(world['driver'])}"}
    base = "/api/v1/distributors/BEN/field/stops"
    now = datetime.now(UTC).replace(microsecond=0)
    first = max(now - timedelta(hours=1), _day_start(world["day"]))
    times = {"arrival": [], "drop": [], "resend": []}
    for n, stop in enumerate(world["stops"]):
        writes = (
            ("arrival", "arrival", {"arrived_at": first + timedelta(seconds=60 * n)}),
            (
                "drop",
                "drop",
                {
                    "departed_at": first + timedelta(seconds=60 * n + 30),
                    "status": "delivered",
                    "cases": 10,
                },
            ),
        )
        for kind, path, values in writes:
            body = {k: _plain(v) for k, v in values.items()}
            body["submission_id"] = f"bench-{kind}-{stop}"
            for label in (kind, "resend"):
                started = time.perf_counter()
                answer = client.post(
                    f"{base}/{stop}/{path}", json=body, headers=headers
                )
                times[label].append(time.perf_counter() - started)
                if answer.status_code != 200:
                    raise SystemExit(f"{kind} refused: {answer.get_json()}")

    return times


def _day_start(day) -> datetime:
    from dsd.localtime import local_day

    return local_day(day, ZONE)[0]


def _plain(value):
    return value.isoformat() if isinstance(value, datetime) else value


def _plan(world: dict, time_limit: float):
    from dsd.extensions import db
    from dsd.field.technician_plans import WorkingHours, create_technician_plan

    hours = [WorkingHours(t.id, *_shift()) for t in world["technicians"]]
    plan = create_technician_plan(
        world["distributor"],
        world["day"],
        hours,
        {"time_limit_s": time_limit},
        world["technicians"][0],
    )
    db.session.commit()
    return dict(plan.totals)


def _shift():
    from datetime import time as clock

    return clock(8), clock(17)


def _spread(seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"median {statistics.median(ms):.1f} ms  "
        f"(min {min(ms):.1f}, max {max(ms):.1f}, n {len(ms)})"
    )


if __name__ == "__main__":
    main()
