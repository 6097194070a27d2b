"""``flask seed-demo``: loading, refusing a second load, replacing, and determinism."""

from datetime import date

import pytest
from sqlalchemy import func, select

END_DATE = "2026-06-01"
# The natural key of each table that others refer to, for comparing two loads
# whose database ids differ.
NATURAL_KEYS = {
    "distributors": "code",
    "users": "email",
    "territories": "name",
    "outlets": "external_code",
    "vehicles": "code",
    "assets": "serial_number",
    "deliveries": "external_ref",
    "service_visits": "external_ref",
    "promotions": "code",
    "driven_routes": "external_ref",
}


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, ids replaced by the natural keys they point at."""
    from dsd.extensions import db

    keys = {}
    for name, column in NATURAL_KEYS.items():
        table = db.metadata.tables[name]
        rows = db.session.execute(select(table.c.id, table.c[column])).all()
        keys[name] = dict(rows)
    # A stop is known by its route and its place in it.
    stops = db.metadata.tables["driven_stops"]
    routes = db.metadata.tables["driven_routes"]
    keys["driven_stops"] = {
        stop_id: (ref, sequence)
        for stop_id, ref, sequence in db.session.execute(
            select(stops.c.id, routes.c.external_ref, stops.c.sequence).join(
                routes, stops.c.route_id == routes.c.id
            )
        )
    }

    snapshot = {}
    for table in db.metadata.sorted_tables:
        references = {k.parent.name: k.column.table.name for k in table.foreign_keys}
        rows = []
        for row in db.session.execute(select(table)).mappings():
            values = []
            for column, value in row.items():
                if column == "id":
                    continue
                if column in references and value is not None:
                    value = keys[references[column]][value]
                values.append((column, value))
            rows.append(tuple(values))
        snapshot[table.name] = sorted(rows, key=repr)
    return snapshot


def _row_count() -> int:
    from dsd.extensions import db

    return sum(
        db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    )


def test_seed_demo_loads_and_prints_a_summary(runner):
    result = runner.invoke(args=["seed-demo", "--end-date", END_DATE])

    assert result.exit_code == 0, result.output
    assert "history 2026-03-03 to 2026-05-31" in result.output
    assert "outlets" in result.output
    assert "demo-pass-2026" in result.output


def test_seed_demo_refuses_politely_when_the_demo_is_loaded(runner):
    runner.invoke(args=["seed-demo", "--end-date", END_DATE])
    before = _row_count()

    result = runner.invoke(args=["seed-demo", "--end-date", "2026-07-01"])

    assert result.exit_code == 1
    assert "already loaded" in result.output
    assert "--reset" in result.output
    assert "Traceback" not in result.output
    assert _row_count() == before


def test_seed_demo_refuses_when_a_demo_user_exists_alone(runner, db_session):
    from dsd.services.users import create_user

    create_user(email="finance@demo.example", role="admin", password="something-else")
    db_session.commit()

    result = runner.invoke(args=["seed-demo", "--end-date", END_DATE])

    assert result.exit_code == 1
    assert "finance@demo.example" in result.output
    assert "nothing was changed" in result.output


def test_two_loads_of_the_same_end_date_are_identical(runner):
    runner.invoke(args=["seed-demo", "--end-date", END_DATE])
    first = _snapshot()

    result = runner.invoke(args=["seed-demo", "--reset", "--end-date", END_DATE])
    second = _snapshot()

    assert result.exit_code == 0, result.output
    assert "Removed the previous demo data" in result.output
    assert first.keys() == second.keys()
    for table in first:
        assert first[table] == second[table], table
    assert len(first["outlets"]) > 500


def test_a_later_end_date_moves_the_history_but_keeps_the_outlets(app):
    from dsd.demo import remove_demo, seed_demo
    from dsd.extensions import db
    from dsd.models import Delivery, Outlet

    seed_demo(end_date=date(2026, 6, 1))
    outlets = db.session.execute(select(Outlet.external_code, Outlet.lon)).all()
    remove_demo()
    seed_demo(end_date=date(2026, 6, 8))

    days = db.session.scalars(select(Delivery.delivered_on).distinct()).all()
    assert min(days) == date(2026, 3, 10)
    assert max(days) == date(2026, 6, 7)
    assert db.session.execute(select(Outlet.external_code, Outlet.lon)).all() == outlets


def test_reset_removes_every_demo_row_and_nothing_else(app, db_session):
    from dsd.demo import remove_demo, seed_demo
    from dsd.models import Distributor, User

    other = Distributor(
        code="HAN",
        name="Hà Nội Drinks",
        depot_lon=105.85,
        depot_lat=21.03,
        timezone="Asia/Ho_Chi_Minh",
        currency="VND",
    )
    db_session.add(other)
    seed_demo(end_date=date(2026, 6, 1))
    db_session.commit()

    removed = remove_demo()

    assert removed > 10_000
    assert db_session.scalars(select(Distributor.code)).all() == ["HAN"]
    assert db_session.scalars(select(User)).all() == []


@pytest.mark.parametrize("end_date", ["yesterday", "2026-13-01"])
def test_seed_demo_refuses_a_malformed_end_date(runner, end_date):
    result = runner.invoke(args=["seed-demo", "--end-date", end_date])

    assert result.exit_code == 2
    assert "--end-date" in result.output
