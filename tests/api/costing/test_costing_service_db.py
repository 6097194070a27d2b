"""The costing run through the database path: residue, instants, bad records."""

from datetime import UTC, date

import pytest

from .conftest import DAY, at, route_row


def _three_equal_stops(world, make_truck, make_delivery, db_session):
    """A 100.00-a-day truck (no km or time cost) with three equal stops."""
    from dsd.costing_service.routes import ingest_routes, records_from_batch

    distributor = world["distributor"]
    make_truck(distributor, code="T2", fixed=10000, per_km="0", per_hour="0")
    stops = []
    for sequence, code in enumerate(("O1", "O2", "O3"), start=1):
        make_delivery(distributor, world["outlets"][code], f"E{sequence}", 10, 0, 0)
        stops.append(
            {
                "sequence": sequence,
                "outlet_code": code,
                "dwell_minutes": "0",
                "depot_distance_km": "4",
                "delivery_refs": [f"E{sequence}"],
            }
        )
    row = route_row("R2", stops=stops, vehicle_code="T2")
    ingest_routes(distributor, records_from_batch([row]))
    db_session.commit()


def test_pool_of_100_over_three_equal_stops_splits_34_33_33(
    small_world, make_truck, make_delivery, db_session
):
    from dsd.costing_service.run import cost_period

    _three_equal_stops(small_world, make_truck, make_delivery, db_session)
    result = cost_period(small_world["distributor"], DAY, DAY)
    parts = [
        result.outlet(code).pnl.route_travel + result.outlet(code).pnl.route_stop_time
        for code in ("O1", "O2", "O3")
    ]

    assert sorted(parts, reverse=True) == [3334, 3333, 3333]
    assert result.reconciliation.route_pools == 10000


def test_costing_input_sees_aware_utc_instants(costed_world, db_session):
    from dsd.costing_service.reading import read_inputs
    from dsd.costing_service.run import costing_params

    distributor = costed_world["distributor"]
    inputs = read_inputs(distributor, DAY, DAY, costing_params(distributor))

    # Left at 07:00 +01:00 = 06:00 UTC, back 4 hours later.
    assert inputs.routes.departure_us[0] == int(at(7).astimezone(UTC).timestamp()) * (
        10**6
    )
    assert inputs.routes.duration_us[0] == 4 * 3600 * 10**6
    # The visit started at 14:00 +01:00: local date 2026-03-02.
    assert inputs.visits.day.tolist() == [DAY.toordinal()]


def test_stored_instants_come_back_aware_in_utc(costed_world, db_session):
    from dsd.models import DrivenRoute

    db_session.expire_all()
    route = db_session.query(DrivenRoute).one()

    assert route.left_depot_at.utcoffset().total_seconds() == 0
    assert route.left_depot_at == at(7)


def test_stop_without_recorded_depot_distance_gets_one_at_ingest(
    small_world, db_session
):
    from dsd.costing_service.routes import ingest_routes, records_from_batch
    from dsd.models import DrivenStop

    row = route_row()
    del row["stops"][0]["depot_distance_km"]
    ingest_routes(small_world["distributor"], records_from_batch([row]))
    stop = db_session.query(DrivenStop).filter_by(sequence=1).one()

    # Depot (4.3517, 50.8503) to O1 (4.36, 50.85): about 0.58 km x 1.35.
    assert stop.depot_distance_m == pytest.approx(790, abs=10)


def test_missing_vehicle_rate_is_refused_naming_the_vehicle_and_date(
    costed_world, db_session
):
    from dsd.costing_service.run import cost_period
    from dsd.errors import InvalidValue
    from dsd.models import VehicleRate

    rate = db_session.query(VehicleRate).one()
    rate.effective_from = date(2026, 3, 5)
    db_session.commit()

    with pytest.raises(InvalidValue) as refused:
        cost_period(costed_world["distributor"], DAY, DAY)

    assert "2026-03-02" in refused.value.message
    assert "T1" in str(refused.value.errors)


@pytest.mark.parametrize(
    ("instant", "local_date"),
    [
        # Brussels leaves +01:00 for +02:00 at 01:00 UTC on 2026-03-29.
        ("2026-03-28T22:59:59+00:00", date(2026, 3, 28)),
        ("2026-03-28T23:00:00+00:00", date(2026, 3, 29)),
        ("2026-03-29T00:59:59+00:00", date(2026, 3, 29)),
        # And goes back at 01:00 UTC on 2026-10-25: 22:30 UTC is 00:30 local.
        ("2026-10-24T21:59:59+00:00", date(2026, 10, 24)),
        ("2026-10-24T22:30:00+00:00", date(2026, 10, 25)),
        ("2026-10-25T22:59:59+00:00", date(2026, 10, 25)),
    ],
)
def test_visit_dates_are_local_dates_across_clock_changes(instant, local_date):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    import numpy as np

    from dsd.costing_service.reading import local_ordinals

    seconds = int(datetime.fromisoformat(instant).timestamp())
    days = local_ordinals(np.array([seconds]), ZoneInfo("Europe/Brussels"))

    assert days.tolist() == [local_date.toordinal()]
