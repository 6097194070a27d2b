"""How long loading the demo data set takes, and how much memory it needs.

Usage::

    python benchmarks/demo_seed.py [--runs 5] [--database-url URL]

Without ``--database-url`` each run uses a fresh SQLite file in a temporary
folder. With a PostgreSQL URL the database's tables are dropped and rebuilt
first, so point it at a scratch database only. Prints the median and spread of
the build (in memory) and store (database) times, and the peak memory of a run.
"""

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

END_DATE = date(2026, 6, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite"
        app = _app(url)
        with app.app_context():
            _prepare(url)
            builds, stores, rows = [], [], 0
            for _ in range(args.runs):
                build_s, store_s, rows = _one_run()
                builds.append(build_s)
                stores.append(store_s)
            # Tracing allocations slows a run down, so memory gets a run of its own.
            tracemalloc.start()
            _one_run()
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()

    print(f"database        {url.split(':', 1)[0]}")
    print(f"runs            {args.runs}")
    print(f"rows per load   {rows}")
    print(f"build (memory)  {_spread(builds)}")
    print(f"store (db)      {_spread(stores)}")
    print(f"peak memory     {peak / 2**20:.1f} MiB (Python allocations, one load)")


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


def _one_run() -> tuple[float, float, int]:
    from dsd.demo import remove_demo
    from dsd.demo.dataset import build_demo
    from dsd.demo.writer import write_demo
    from dsd.extensions import db

    remove_demo()
    db.session.commit()

    started = time.perf_counter()
    data = build_demo(END_DATE)
    built = time.perf_counter()
    counts = write_demo(data, lambda rows, table: None)
    db.session.commit()
    stored = time.perf_counter()
    return built - started, stored - built, sum(counts.values())


def _spread(seconds: list[float]) -> str:
    median = statistics.median(seconds)
    return f"median {median:.2f} s  (min {min(seconds):.2f}, max {max(seconds):.2f})"


if __name__ == "__main__":
    main()
