"""Deliveries and service visits from CSV files, and the import command."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from dsd.errors import InvalidValue
from dsd.extensions import db
from dsd.imports.history import import_deliveries, import_visits
from dsd.models import Delivery, Outlet, ServiceVisit

DELIVERIES = (
    b"external_ref;outlet_code;delivered_on;status;failure_reason;cases;"
    b"net_revenue;cost_of_goods;trade_spend\n"
    b"D-1;BRU-100;2025-06-02;delivered;;12;152,40;98,10;3,05\n"
    b"D-2;BRU-100;2025-06-03;failed;closed;0;;;\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_deliveries_with_decimal_commas_become_exact_cents(app, brussels, make_outlet):
    make_outlet(brussels, "BRU-100")

    report = import_deliveries(brussels, DELIVERIES, filename="deliveries.csv")

    first = db.session.scalar(select(Delivery).filter_by(external_ref="D-1"))
    failed = db.session.scalar(select(Delivery).filter_by(external_ref="D-2"))
    assert report.created == 2
    assert (first.net_revenue_minor, first.cost_of_goods_minor) == (15240, 9810)
    assert first.trade_spend_minor == 305
    assert (failed.status, failed.failure_reason, failed.cases) == (
        "failed",
        "closed",
        0,
    )


def test_same_delivery_file_twice_is_recorded_once(app, brussels, make_outlet):
    make_outlet(brussels, "BRU-100")
    import_deliveries(brussels, DELIVERIES, filename="deliveries.csv")

    again = import_deliveries(brussels, DELIVERIES, filename="deliveries.csv")

    assert (again.created, again.unchanged) == (0, 2)
    assert count(Delivery) == 2


def test_unknown_outlet_and_negative_cases_name_row_and_column(app, brussels):
    data = (
        b"external_ref,outlet_code,delivered_on,status,cases,"
        b"net_revenue,cost_of_goods\n"
        b"D-1,NOPE,2025-06-02,delivered,-4,10.00,5.00\n"
    )

    with pytest.raises(InvalidValue) as refusal:
        import_deliveries(brussels, data, filename="deliveries.csv")

    assert refusal.value.errors == {
        "row 2": {
            "outlet_code": ["no outlet with code 'NOPE'"],
            "cases": ["must be at least 0"],
        }
    }


def test_delivery_file_missing_a_column_is_refused(app, brussels):
    data = b"external_ref,outlet_code,status\nD-1,BRU-100,delivered\n"

    with pytest.raises(InvalidValue) as refusal:
        import_deliveries(brussels, data, filename="deliveries.csv")

    assert list(refusal.value.errors) == ["delivered_on"]


def test_visits_from_csv_are_stored_in_utc(app, brussels, make_outlet):
    make_outlet(brussels, "BRU-100")
    data = (
        b"external_ref,outlet_code,kind,started_at,finished_at,parts_cost,outcome\n"
        b"V-1,BRU-100,repair,2025-06-02T09:15:00+02:00,2025-06-02T10:05:00+02:00,"
        b"12.50,fixed\n"
    )

    import_visits(brussels, data, filename="visits.csv")

    visit = db.session.scalar(select(ServiceVisit))
    assert visit.started_at == datetime(2025, 6, 2, 7, 15, tzinfo=UTC)
    assert visit.labour_minutes == 50
    assert visit.parts_cost_minor == 1250


def test_visit_without_offset_names_row_and_field(app, brussels, make_outlet):
    make_outlet(brussels, "BRU-100")
    data = (
        b"external_ref,outlet_code,kind,started_at\n"
        b"V-1,BRU-100,audit,2025-06-02T09:15\n"
    )

    with pytest.raises(InvalidValue) as refusal:
        import_visits(brussels, data, filename="visits.csv")

    assert "UTC offset" in refusal.value.errors["row 2"]["started_at"][0]


C13 = (
    "outlet_code,name,lat,lon\n"
    "BRU-001,Kiosk Nord,50.8503,4.3517\n"
    "BRU-002,Café Sud,4.3600,50.8450\n"
).encode()


def test_command_refuses_a_bad_file_prints_the_row_and_stores_nothing(
    app, runner, brussels, tmp_path
):
    path = tmp_path / "c13.csv"
    path.write_bytes(C13)

    result = runner.invoke(
        args=["import", "outlets", str(path), "--distributor", "BRU"]
    )

    assert result.exit_code == 1
    assert "row 3, lat:" in result.output
    assert "swapped" in result.output
    assert count(Outlet) == 0


def test_command_skipping_bad_rows_stores_the_rest_and_lists_them(
    app, runner, brussels, tmp_path
):
    path = tmp_path / "c13.csv"
    path.write_bytes(C13)

    result = runner.invoke(
        args=["import", "outlets", str(path), "--distributor", "BRU", "--skip-bad-rows"]
    )

    assert result.exit_code == 0, result.output
    assert "1 created" in result.output
    assert "skipped row 3, lat:" in result.output
    assert count(Outlet) == 1


def test_command_takes_declared_delimiter_and_decimal(
    app, runner, brussels, make_outlet, tmp_path
):
    make_outlet(brussels, "BRU-100")
    path = tmp_path / "deliveries.csv"
    path.write_bytes(DELIVERIES)

    result = runner.invoke(
        args=[
            "import",
            "deliveries",
            str(path),
            "--distributor",
            "BRU",
            "--delimiter",
            ";",
            "--decimal",
            ",",
        ]
    )

    assert result.exit_code == 0, result.output
    assert count(Delivery) == 2


def test_command_for_an_unknown_distributor_fails(app, runner, tmp_path):
    path = tmp_path / "visits.csv"
    path.write_bytes(b"external_ref,outlet_code,kind\n")

    result = runner.invoke(args=["import", "visits", str(path), "--distributor", "X"])

    assert result.exit_code != 0
    assert "no distributor with code 'X'" in result.output
