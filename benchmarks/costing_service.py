"""Time a full-year cost-to-serve run through the service, database read included.

Builds a synthetic distributor in a scratch database (10,000 outlets, 100
trucks driving every day, about 950,000 stops, 1,000,000 deliveries of which
2 % without a route, 100,000 service visits and 5,000 trade payments over
2025), then times `cost_period` for the whole year: median of several runs,
the database read on its own, and the peak resident memory of the timing
process (the data is built in a child process, so it does not count).

    python benchmarks/costing_service.py [--database-url URL] [--repeat 3]
        [--outlets N] [--deliveries N] [--visits N] [--keep]

Without --database-url a SQLite file in a temporary folder is used. A
PostgreSQL URL must name a database of your own: its public schema is dropped
and built again by the Alembic revisions. Bulk rows go in with executemany on
SQLite and COPY on PostgreSQL.
"""

from __future__ import annotations

import argparse
import logging
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

logger = logging.getLogger(__name__)

YEAR_START = date(2025, 1, 1)
DAYS = 365
VEHICLES = 100
UNROUTED_SHARE = 0.02
SECOND_DELIVERY_SHARE = 0.03
FAILED_SHARE = 0.02
PAYMENTS = 5_000
CHANNELS = ("kiosk", "grocery", "convenience", "cafe", "bar", "supermarket")
SIZE_BANDS = ("S", "M", "L", "XL")
TERMS = (0, 0, 7, 14, 30)
DISTRIBUTOR_ID = 1


def _settings(url: str):
    from dsd.config import Config

    class Settings(Config):
        SQLALCHEMY_DATABASE_URI = url

    return Settings


def _reset_schema(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _instant_text(us: np.ndarray, postgres: bool) -> list[str]:
    """UTC instants (microseconds since the epoch) as the database stores them."""
    epoch = datetime(1970, 1, 1)
    suffix = "+00" if postgres else ""
    return [
        (epoch + timedelta(microseconds=int(value))).strftime("%Y-%m-%d %H:%M:%S.%f")
        + suffix
        for value in us.tolist()
    ]


def _day_text(ordinals: np.ndarray) -> list[str]:
    cache: dict[int, str] = {}
    out = []
    for value in ordinals.tolist():
        text = cache.get(value)
        if text is None:
            text = cache[value] = date.fromordinal(value).isoformat()
        out.append(text)
    return out


def synthetic_year(outlets: int, deliveries: int, visits: int, seed: int) -> dict:
    """Rows of every bulk table as lists of tuples (ids from 1), by table name."""
    rng = np.random.default_rng(seed)
    first = YEAR_START.toordinal()
    tables: dict[str, tuple[tuple[str, ...], list]] = {}

    codes = [f"O{i:05d}" for i in range(1, outlets + 1)]
    tables["outlets"] = (
        (
            "id",
            "distributor_id",
            "external_code",
            "name",
            "lon",
            "lat",
            "channel",
            "size_band",
            "payment_terms_days",
        ),
        [
            (
                i + 1,
                DISTRIBUTOR_ID,
                codes[i],
                f"Outlet {codes[i]}",
                float(lon),
                float(lat),
                CHANNELS[c],
                SIZE_BANDS[s],
                TERMS[t],
            )
            for i, (lon, lat, c, s, t) in enumerate(
                zip(
                    rng.uniform(4.2, 4.5, outlets),
                    rng.uniform(50.75, 50.95, outlets),
                    rng.integers(0, len(CHANNELS), outlets),
                    rng.integers(0, len(SIZE_BANDS), outlets),
                    rng.integers(0, len(TERMS), outlets),
                    strict=True,
                )
            )
        ],
    )

    # Every truck drives one route a day; stops are spread over the routes.
    routes = VEHICLES * DAYS
    unrouted = int(deliveries * UNROUTED_SHARE)
    seconds = int(deliveries * SECOND_DELIVERY_SHARE)
    stops = deliveries - unrouted - seconds
    stop_route = np.sort(rng.integers(0, routes, stops))
    starts = np.searchsorted(stop_route, np.arange(routes))
    sequence = np.arange(stops) - starts[stop_route] + 1
    stop_outlet = rng.integers(0, outlets, stops)
    dwell_us = rng.integers(3 * 60, 15 * 60, stops) * 1_000_000
    depot_m = rng.integers(500, 30_000, stops)

    route_day = first + np.arange(routes) // VEHICLES
    route_vehicle = np.arange(routes) % VEHICLES
    dwell_total = np.bincount(stop_route, weights=dwell_us, minlength=routes)
    duration_us = np.maximum(9 * 3600 * 10**6, dwell_total.astype(np.int64) + 7.2e9)
    duration_us = duration_us.astype(np.int64)
    # Leaving between 05:00 and 06:00 UTC (06:00-08:00 local in Brussels).
    left_us = (route_day - date(1970, 1, 1).toordinal()) * 86_400 * 10**6 + (
        rng.integers(5 * 3600, 6 * 3600, routes) * 10**6
    )
    km_m = rng.integers(30_000, 120_000, routes)
    tables["_routes"] = (route_day, route_vehicle, left_us, duration_us, km_m)
    tables["_stops"] = (stop_route, sequence, stop_outlet, dwell_us, depot_m)

    # Deliveries: one per stop, a second on some stops, some without a route.
    extra_stop = rng.integers(0, stops, seconds)
    delivery_stop = np.concatenate(
        [np.arange(stops), extra_stop, np.full(unrouted, -1)]
    )
    delivery_outlet = np.where(
        delivery_stop >= 0,
        stop_outlet[np.maximum(delivery_stop, 0)],
        rng.integers(0, outlets, deliveries),
    )
    delivery_day = np.where(
        delivery_stop >= 0,
        route_day[stop_route[np.maximum(delivery_stop, 0)]],
        first + rng.integers(0, DAYS, deliveries),
    )
    failed = rng.random(deliveries) < FAILED_SHARE
    cases = np.where(failed, 0, rng.integers(1, 60, deliveries))
    revenue = cases * rng.integers(1200, 2400, deliveries)
    cogs = revenue * 7 // 10
    trade = np.where(rng.random(deliveries) < 0.1, revenue // 20, 0)
    tables["_deliveries"] = (
        delivery_outlet,
        delivery_day,
        failed,
        cases,
        revenue,
        cogs,
        trade,
        delivery_stop,
    )

    visit_day = first + rng.integers(0, DAYS, visits)
    visit_start = (visit_day - date(1970, 1, 1).toordinal()) * 86_400 * 10**6 + (
        rng.integers(7 * 3600, 15 * 3600, visits) * 10**6
    )
    labour = rng.integers(15, 150, visits)
    tables["_visits"] = (
        rng.integers(0, outlets, visits),
        visit_start,
        labour,
        np.where(rng.random(visits) < 0.3, rng.integers(500, 20_000, visits), 0),
    )
    tables["_payments"] = (
        rng.integers(0, outlets, PAYMENTS),
        first + rng.integers(0, DAYS, PAYMENTS),
        rng.integers(5_000, 200_000, PAYMENTS),
    )
    return tables


def _bulk_rows(tables: dict, postgres: bool) -> dict[str, tuple[tuple, list]]:
    """Rows of the big tables, ready for executemany or COPY."""
    d = DISTRIBUTOR_ID
    route_day, route_vehicle, left_us, duration_us, km_m = tables["_routes"]
    routes = len(route_day)
    days = _day_text(route_day)
    lefts = _instant_text(left_us, postgres)
    backs = _instant_text(left_us + duration_us, postgres)
    rows = {"outlets": tables["outlets"]}
    rows["driven_routes"] = (
        (
            "id",
            "distributor_id",
            "vehicle_id",
            "service_date",
            "left_depot_at",
            "back_at_depot_at",
            "distance_m",
            "external_ref",
        ),
        [
            (i + 1, d, int(route_vehicle[i]) + 1, days[i], lefts[i], backs[i])
            + (int(km_m[i]), f"R{i + 1}")
            for i in range(routes)
        ],
    )
    stop_route, sequence, stop_outlet, dwell_us, depot_m = tables["_stops"]
    rows["driven_stops"] = (
        ("id", "route_id", "sequence", "outlet_id", "dwell_us", "depot_distance_m"),
        list(
            zip(
                range(1, len(stop_route) + 1),
                (stop_route + 1).tolist(),
                sequence.tolist(),
                (stop_outlet + 1).tolist(),
                dwell_us.tolist(),
                depot_m.tolist(),
                strict=True,
            )
        ),
    )
    outlet, day, failed, cases, revenue, cogs, trade, stop = tables["_deliveries"]
    status = np.where(failed, "failed", "delivered").tolist()
    reason = np.where(failed, "closed", None).tolist()
    stop_ids = [None if s < 0 else s + 1 for s in stop.tolist()]
    rows["deliveries"] = (
        (
            "id",
            "distributor_id",
            "outlet_id",
            "delivered_on",
            "status",
            "failure_reason",
            "cases",
            "net_revenue_minor",
            "cost_of_goods_minor",
            "trade_spend_minor",
            "external_ref",
            "driven_stop_id",
        ),
        [
            (i + 1, d, o + 1, t, s, r, c, rev, cg, tr, f"D{i + 1}", st)
            for i, (o, t, s, r, c, rev, cg, tr, st) in enumerate(
                zip(
                    outlet.tolist(),
                    _day_text(day),
                    status,
                    reason,
                    cases.tolist(),
                    revenue.tolist(),
                    cogs.tolist(),
                    trade.tolist(),
                    stop_ids,
                    strict=True,
                )
            )
        ],
    )
    v_outlet, v_start, labour, parts = tables["_visits"]
    starts = _instant_text(v_start, postgres)
    ends = _instant_text(v_start + labour * 60 * 10**6, postgres)
    rows["service_visits"] = (
        (
            "id",
            "distributor_id",
            "outlet_id",
            "kind",
            "started_at",
            "finished_at",
            "labour_minutes",
            "parts_cost_minor",
            "outcome",
            "external_ref",
        ),
        [
            (i + 1, d, o + 1, "repair", s, e, m, p, "fixed", f"V{i + 1}")
            for i, (o, s, e, m, p) in enumerate(
                zip(
                    v_outlet.tolist(),
                    starts,
                    ends,
                    labour.tolist(),
                    parts.tolist(),
                    strict=True,
                )
            )
        ],
    )
    p_outlet, p_day, amount = tables["_payments"]
    rows["trade_payments"] = (
        (
            "id",
            "distributor_id",
            "outlet_id",
            "paid_on",
            "amount_minor",
            "external_ref",
        ),
        [
            (i + 1, d, o + 1, t, a, f"P{i + 1}")
            for i, (o, t, a) in enumerate(
                zip(p_outlet.tolist(), _day_text(p_day), amount.tolist(), strict=True)
            )
        ],
    )
    return rows


def _small_records(db) -> None:
    """The distributor, its trucks, one rate card, truck rates and a promotion."""
    from datetime import time as wall
    from decimal import Decimal

    from dsd.models import Distributor, Promotion, RateCard, Vehicle, VehicleRate

    db.session.add(
        Distributor(
            id=DISTRIBUTOR_ID,
            code="BENCH",
            name="Synthetic Beverages",
            depot_lon=4.35,
            depot_lat=50.85,
            timezone="Europe/Brussels",
            currency="EUR",
        )
    )
    db.session.flush()
    db.session.add(
        RateCard(
            distributor_id=DISTRIBUTOR_ID,
            effective_from=date(2024, 1, 1),
            cost_per_stop_minor=150,
            picking_per_case=Decimal("0.12"),
            handling_per_case=Decimal("0.08"),
            technician_rate_per_hour=Decimal("32"),
            visit_callout_minor=2500,
            annual_cost_of_capital=Decimal("0.08"),
            standard_stop_minutes=Decimal("8"),
            minutes_per_case=Decimal("0.4"),
            standard_route_cost_per_stop_minor=1800,
        )
    )
    for number in range(1, VEHICLES + 1):
        db.session.add(
            Vehicle(
                id=number,
                distributor_id=DISTRIBUTOR_ID,
                code=f"T{number:03d}",
                capacity_cases=600,
                shift_start=wall(6),
                shift_end=wall(18),
                fixed_cost_minor=9000,
                cost_per_km=Decimal("0.45"),
                cost_per_hour=Decimal("28"),
            )
        )
    db.session.flush()
    for number in range(1, VEHICLES + 1):
        for start, fixed in ((date(2024, 1, 1), 9000), (date(2025, 7, 1), 9500)):
            db.session.add(
                VehicleRate(
                    vehicle_id=number,
                    effective_from=start,
                    fixed_per_day_minor=fixed,
                    cost_per_km=Decimal("0.45"),
                    cost_per_hour=Decimal("28"),
                )
            )
    db.session.add(
        Promotion(
            distributor_id=DISTRIBUTOR_ID,
            code="SUMMER",
            first_date=date(2025, 6, 1),
            last_date=date(2025, 8, 31),
            rebate_per_case=Decimal("0.25"),
            channel="kiosk",
        )
    )
    db.session.commit()


def _insert(db, rows: dict, postgres: bool) -> None:
    connection = db.engine.raw_connection()
    try:
        cursor = connection.cursor()
        for table, (columns, values) in rows.items():
            names = ", ".join(columns)
            if postgres:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", values
                )
        connection.commit()
        if postgres:
            connection.autocommit = True
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
            connection.commit()
    finally:
        connection.close()


def build(url: str, outlets: int, deliveries: int, visits: int, seed: int) -> None:
    """Build the scratch database: schema by Alembic, then the synthetic year."""
    from flask_migrate import upgrade

    from dsd import create_app
    from dsd.extensions import db

    started = time.perf_counter()
    _reset_schema(url)
    app = create_app(_settings(url))
    with app.app_context():
        upgrade()
        postgres = db.engine.dialect.name == "postgresql"
        _small_records(db)
        tables = synthetic_year(outlets, deliveries, visits, seed)
        rows = _bulk_rows(tables, postgres)
        _insert(db, rows, postgres)
        counts = {table: len(values) for table, (_c, values) in rows.items()}
    print(
        f"built in {time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{count:,} {table}" for table, count in counts.items())
    )


def time_runs(url: str, repeat: int) -> None:
    """Time full-year runs and the database read; print median and peak memory."""
    from sqlalchemy import select

    from dsd import create_app
    from dsd.costing_service.reading import read_inputs
    from dsd.costing_service.run import cost_period, costing_params
    from dsd.extensions import db
    from dsd.models import Distributor

    app = create_app(_settings(url))
    end = YEAR_START + timedelta(days=DAYS - 1)
    with app.app_context():
        distributor = db.session.scalar(select(Distributor).filter_by(code="BENCH"))
        params = costing_params(distributor)
        totals, reads = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            read_inputs(distributor, YEAR_START, end, params)
            reads.append(time.perf_counter() - started)
            db.session.rollback()

            started = time.perf_counter()
            result = cost_period(distributor, YEAR_START, end)
            totals.append(time.perf_counter() - started)
            db.session.rollback()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        dialect = db.engine.dialect.name

    print(f"database: {dialect}")
    print(
        f"full-year run (read + cost): median {statistics.median(totals):.2f} s "
        f"(min {min(totals):.2f}, max {max(totals):.2f}, {repeat} runs)"
    )
    print(
        f"database read alone: median {statistics.median(reads):.2f} s "
        f"(min {min(reads):.2f}, max {max(reads):.2f})"
    )
    print(f"peak resident memory of the timing process: {peak_mb:.0f} MB")
    print(
        f"outlets {len(result.outlets):,}, routes {result.routes.route.size:,}, "
        f"net contribution {result.total.net_contribution / 100:,.2f} "
        f"{result.currency}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--outlets", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--time-only", action="store_true", help="reuse the data")
    args = parser.parse_args()

    scratch = None
    url = args.database_url
    if url is None:
        scratch = tempfile.mkdtemp(prefix="costing-bench-")
        url = f"sqlite:///{Path(scratch) / 'bench.sqlite'}"

    if args.build_only:
        build(url, args.outlets, args.deliveries, args.visits, args.seed)
        return

    if not args.time_only:
        # Built in a child process so that its memory is not counted below.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--build-only",
                "--database-url",
                url,
                "--outlets",
                str(args.outlets),
                "--deliveries",
                str(args.deliveries),
                "--visits",
                str(args.visits),
                "--seed",
                str(args.seed),
            ],
            check=True,
        )
    time_runs(url, args.repeat)


if __name__ == "__main__":
    main()
