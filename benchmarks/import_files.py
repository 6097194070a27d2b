"""Time outlet and delivery file imports on a scratch SQLite database.

Usage: python benchmarks/import_files.py [--outlets 5000] [--deliveries 50000]

Prints, for each file, the rows, the wall time (median of the runs), rows per
second and the process's peak resident memory. Each run imports into a fresh
database built by the migrations.
"""

import argparse
import logging
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

DEPOT = (106.70, 10.78)  # Ho Chi Minh City


def outlet_file(count: int, rng: random.Random) -> bytes:
    lines = ["outlet_code;name;lat;lon;channel;size_band;receiving_windows"]
    for number in range(count):
        lon = DEPOT[0] + rng.uniform(-0.08, 0.08)
        lat = DEPOT[1] + rng.uniform(-0.08, 0.08)
        lines.append(
            f"O-{number:05d};Outlet {number};{lat:.6f}".replace(".", ",")
            + f";{lon:.6f}".replace(".", ",")
            + f";{rng.choice(['kiosk', 'grocery', 'cafe'])};S;07:00-11:00 14:00-17:00"
        )
    return ("\n".join(lines) + "\n").encode()


def delivery_file(count: int, outlets: int, rng: random.Random) -> bytes:
    lines = [
        "external_ref,outlet_code,delivered_on,status,cases,net_revenue,cost_of_goods"
    ]
    for number in range(count):
        outlet = rng.randrange(outlets)
        day = 1 + number % 28
        cases = rng.randint(1, 40)
        lines.append(
            f"D-{number:06d},O-{outlet:05d},2025-06-{day:02d},delivered,{cases},"
            f"{cases * 95000},{cases * 61000}"
        )
    return ("\n".join(lines) + "\n").encode()


def fresh_app(folder: Path):
    from flask_migrate import upgrade

    from dsd import create_app

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite'}"}
    )
    with app.app_context():
        upgrade()
    logging.getLogger("dsd").setLevel(logging.WARNING)
    return app


def seed(app):
    from dsd.extensions import db
    from dsd.models import Distributor, Territory

    distributor = Distributor(
        code="SGN",
        name="Saigon",
        depot_lon=DEPOT[0],
        depot_lat=DEPOT[1],
        timezone="Asia/Ho_Chi_Minh",
        currency="VND",
    )
    db.session.add(distributor)
    db.session.flush()
    for index, west in enumerate((106.62, 106.68, 106.74)):
        ring = [
            [west, 10.70],
            [west + 0.06, 10.70],
            [west + 0.06, 10.86],
            [west, 10.86],
        ]
        db.session.add(
            Territory(
                distributor_id=distributor.id,
                name=f"District {index + 1}",
                polygon={"type": "Polygon", "coordinates": [ring + [ring[0]]]},
            )
        )
    db.session.commit()
    return distributor


def run_once(outlets: bytes, deliveries: bytes) -> tuple[float, float]:
    from dsd.extensions import db
    from dsd.imports.history import import_deliveries
    from dsd.imports.outlets import import_outlets

    with tempfile.TemporaryDirectory() as folder:
        app = fresh_app(Path(folder))
        with app.app_context():
            distributor = seed(app)
            started = time.perf_counter()
            import_outlets(distributor, outlets, filename="outlets.csv")
            db.session.commit()
            outlet_s = time.perf_counter() - started

            started = time.perf_counter()
            import_deliveries(distributor, deliveries, filename="deliveries.csv")
            db.session.commit()
            delivery_s = time.perf_counter() - started
            db.engine.dispose()
    return outlet_s, delivery_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outlets", type=int, default=5000)
    parser.add_argument("--deliveries", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    rng = random.Random(7)
    outlets = outlet_file(args.outlets, rng)
    deliveries = delivery_file(args.deliveries, args.outlets, rng)
    times = [run_once(outlets, deliveries) for _ in range(args.runs)]

    for label, rows, samples in (
        ("outlets", args.outlets, [t[0] for t in times]),
        ("deliveries", args.deliveries, [t[1] for t in times]),
    ):
        median = statistics.median(samples)
        print(
            f"{label:<11} {rows:>7} rows  median {median:6.2f} s  "
            f"(min {min(samples):.2f}, max {max(samples):.2f})  "
            f"{rows / median:8.0f} rows/s"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory {peak_mib:.0f} MiB over {args.runs} runs")


if __name__ == "__main__":
    main()
