"""How fast the finance outlet table's first page renders on a full-size distributor.

Uses the synthetic year of `benchmarks/costing_service.py` (10,000 outlets,
1,000,000 deliveries, about 950,000 stops, 100,000 service visits), signs in
as finance and times GET /finance/BENCH/outlets for 2025 through the Flask test
client, the whole request (access check, data key, costing, rows, template):

- cold: the process keeps no costing result (the cache is emptied first);
- warm: the same first page again;
- warm, new order / new filter: the cached result, rows not yet built for
  that order or filter;
- the outlet detail page, cold (one costing run per month) and warm.

Prints the median and spread (min, max) of each, and the peak memory.

    python benchmarks/finance_table.py [--database-url URL] [--cold 3]
        [--warm 20] [--outlets N] [--deliveries N] [--visits N]

Without --database-url the data is built in a SQLite file in a temporary
folder. With a URL whose database already holds the BENCH distributor, that
data is reused; otherwise it is built there (a PostgreSQL URL must name a
scratch database of your own: its public schema is dropped and rebuilt).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

PERIOD = {"from": "2025-01-01", "to": "2025-12-31"}
PASSWORD = "finance-bench-password"


def _year_builder():
    spec = importlib.util.spec_from_file_location(
        "costing_service_bench", HERE / "costing_service.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _has_data(url: str) -> bool:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "distributors" not in inspect(connection).get_table_names():
                return False
            found = connection.execute(
                text("SELECT count(*) FROM distributors WHERE code = 'BENCH'")
            ).scalar()
            return bool(found)
    finally:
        engine.dispose()


def _signed_in_client(app):
    from sqlalchemy import select

    from dsd.extensions import db
    from dsd.models import User
    from dsd.services.users import create_user

    email = "finance.bench@example.test"
    if db.session.scalar(select(User).filter_by(email=email)) is None:
        create_user(
            email=email, role="finance", password=PASSWORD, distributor_code="BENCH"
        )
        db.session.commit()

    client = app.test_client()
    client.get("/login")
    with client.session_transaction() as session:
        token = session["csrf_token"]
    response = client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302, "could not sign in"
    return client


def _timed(client, path: str, query: dict) -> float:
    started = time.perf_counter()
    response = client.get(path, query_string=query)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return elapsed


def _line(name: str, times: list[float]) -> str:
    return (
        f"{name:<34} median {statistics.median(times) * 1000:8.0f} ms  "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, "
        f"{len(times)} runs)"
    )


def time_pages(url: str, cold_runs: int, warm_runs: int) -> None:
    """Time the first page of the outlet table and the outlet detail page."""
    from dsd import create_app
    from dsd.web.finance_cache import costing_cache

    class Settings(_year_builder()._settings(url)):
        LOG_LEVEL = "WARNING"

    app = create_app(Settings)
    table = "/finance/BENCH/outlets"
    with app.app_context():
        client = _signed_in_client(app)
        cold = []
        for _ in range(cold_runs):
            costing_cache().clear()
            cold.append(_timed(client, table, PERIOD))
        warm = [_timed(client, table, PERIOD) for _ in range(warm_runs)]
        orders = ["-net_contribution", "cost_to_serve", "-cost_to_serve_percent"]
        new_order = [
            _timed(client, table, {**PERIOD, "sort": order}) for order in orders
        ]
        channels = ["kiosk", "grocery", "bar"]
        new_filter = [
            _timed(client, table, {**PERIOD, "channel": channel})
            for channel in channels
        ]
        paging = [
            _timed(client, table, {**PERIOD, "page": page}) for page in range(2, 12)
        ]
        detail = "/finance/BENCH/outlets/O00001"
        detail_cold = [_timed(client, detail, PERIOD)]
        detail_warm = [_timed(client, detail, PERIOD) for _ in range(5)]
        dialect = app.extensions["sqlalchemy"].engines[None].dialect.name

    print(f"database: {dialect}; period {PERIOD['from']}..{PERIOD['to']}")
    print(_line("outlet table, first page, cold", cold))
    print(_line("outlet table, first page, warm", warm))
    print(_line("warm, a new sort order", new_order))
    print(_line("warm, a new channel filter", new_filter))
    print(_line("warm, pages 2-11", paging))
    print(_line("outlet detail, cold (12 months)", detail_cold))
    print(_line("outlet detail, warm", detail_warm))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the process: {peak_mb:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--cold", type=int, default=3)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--outlets", type=int, default=10_000)
    parser.add_argument("--deliveries", type=int, default=1_000_000)
    parser.add_argument("--visits", type=int, default=100_000)
    args = parser.parse_args()

    url = args.database_url
    if url is None:
        url = f"sqlite:///{Path(tempfile.mkdtemp(prefix='finance-bench-'))}/b.sqlite"
    if not _has_data(url):
        _year_builder().build(url, args.outlets, args.deliveries, args.visits, 7)
    time_pages(url, args.cold, args.warm)


if __name__ == "__main__":
    main()
