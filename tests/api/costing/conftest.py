"""A small distributor whose cost-to-serve is worked out by hand.

Brussels, EUR, rate card from 2026-01-01: stop 2.00, picking 0.10 and handling
0.05 per case, technician 30.00 an hour, call-out 15.00, no cost of capital,
time equation 10 min + 1 min per case, 20.00 per unrouted stop. Truck T1 from
2026-01-01: 60.00 a day, 0.50 per km, 24.00 an hour.

On 2026-03-02 route R1 leaves at 07:00 and is back at 11:00 (+01:00), 40 km:

- stop 1 at O1, 20 min, 5 km from the depot, delivery D1: 10 cases, 300.00
  revenue, 200.00 cost of goods;
- stop 2 at O2, 40 min, 15 km from the depot, delivery D2: 20 cases, 500.00
  and 300.00.

O3 takes delivery D3 without a route (5 cases, 150.00 and 90.00) and has a
technician visit at 14:00 (+01:00): 30 min labour, 7.50 parts.

Route pool: fixed 60.00 + km 40 x 0.50 = 20.00 + time 240 min x 24/60 = 96.00,
P = 176.00. Stop time S = (60 + 96) x 60 / 240 = 39.00, split 20:40 = 13.00 and
26.00; travel V = 137.00, split 5:15 = 34.25 and 102.75.

O1: delivery cost 34.25 + 13.00 + 2.00 + 1.00 + 0.50 = 50.75; margin 100.00;
    contribution 49.25; CTS per case 5.075 -> 5.08; CTS 16.916..% -> 16.92.
O2: 102.75 + 26.00 + 2.00 + 2.00 + 1.00 = 133.75; margin 200.00; 66.25.
O3: estimated 20.00 + admin 2.00 + 0.50 + 0.25 = 22.75; service 15.00 labour
    + 15.00 call-out + 7.50 parts = 37.50; margin 60.00; contribution -0.25.
"""

from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from tests.ingest_support import (  # noqa: F401  (fixtures)
    auth_headers,
    brussels,
    make_outlet,
    make_territory,
)

DAY = date(2026, 3, 2)
PLUS_ONE = timezone(timedelta(hours=1))


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), PLUS_ONE)


@pytest.fixture
def make_rate_card(db_session):
    from dsd.models import RateCard

    def make(distributor, effective_from=date(2026, 1, 1), **changes):
        values = {
            "cost_per_stop_minor": 200,
            "picking_per_case": Decimal("0.10"),
            "handling_per_case": Decimal("0.05"),
            "technician_rate_per_hour": Decimal("30"),
            "visit_callout_minor": 1500,
            "annual_cost_of_capital": Decimal("0"),
            "standard_stop_minutes": Decimal("10"),
            "minutes_per_case": Decimal("1"),
            "standard_route_cost_per_stop_minor": 2000,
        }
        values.update(changes)
        card = RateCard(
            distributor_id=distributor.id, effective_from=effective_from, **values
        )
        db_session.add(card)
        db_session.commit()
        return card

    return make


@pytest.fixture
def make_truck(db_session):
    from dsd.models import Vehicle, VehicleRate

    def make(distributor, code="T1", fixed=6000, per_km="0.50", per_hour="24"):
        vehicle = Vehicle(
            distributor_id=distributor.id,
            code=code,
            capacity_cases=300,
            shift_start=time(6),
            shift_end=time(18),
            fixed_cost_minor=fixed,
            cost_per_km=Decimal(per_km),
            cost_per_hour=Decimal(per_hour),
        )
        db_session.add(vehicle)
        db_session.flush()
        db_session.add(
            VehicleRate(
                vehicle_id=vehicle.id,
                effective_from=date(2026, 1, 1),
                fixed_per_day_minor=fixed,
                cost_per_km=Decimal(per_km),
                cost_per_hour=Decimal(per_hour),
            )
        )
        db_session.commit()
        return vehicle

    return make


@pytest.fixture
def make_delivery(db_session):
    from dsd.models import Delivery

    def make(distributor, outlet, ref, cases, revenue, cogs, day=DAY):
        delivery = Delivery(
            distributor_id=distributor.id,
            outlet_id=outlet.id,
            delivered_on=day,
            status="delivered",
            cases=cases,
            net_revenue_minor=revenue,
            cost_of_goods_minor=cogs,
            external_ref=ref,
        )
        db_session.add(delivery)
        db_session.commit()
        return delivery

    return make


def route_row(ref="R1", stops=None, **changes) -> dict:
    row = {
        "external_ref": ref,
        "vehicle_code": "T1",
        "service_date": DAY.isoformat(),
        "left_depot_at": at(7).isoformat(),
        "back_at_depot_at": at(11).isoformat(),
        "km": "40",
        "stops": stops
        if stops is not None
        else [
            {
                "sequence": 1,
                "outlet_code": "O1",
                "arrived_at": at(7, 30).isoformat(),
                "departed_at": at(7, 50).isoformat(),
                "depot_distance_km": "5",
                "delivery_refs": ["D1"],
            },
            {
                "sequence": 2,
                "outlet_code": "O2",
                "dwell_minutes": "40",
                "depot_distance_km": "15",
                "delivery_refs": ["D2"],
            },
        ],
    }
    row.update(changes)
    return row


@pytest.fixture
def small_world(
    brussels,  # noqa: F811  (the fixture imported above)
    make_outlet,  # noqa: F811
    make_rate_card,
    make_truck,
    make_delivery,
    db_session,
):
    """The hand-worked distributor of this folder, its route not yet recorded."""
    from dsd.models import ServiceVisit

    outlets = {
        "O1": make_outlet(brussels, "O1", lon=4.36, lat=50.85, channel="kiosk"),
        "O2": make_outlet(brussels, "O2", lon=4.40, lat=50.86, channel="grocery"),
        "O3": make_outlet(brussels, "O3", lon=4.30, lat=50.84, channel="kiosk"),
    }
    make_rate_card(brussels)
    make_truck(brussels)
    make_delivery(brussels, outlets["O1"], "D1", 10, 30000, 20000)
    make_delivery(brussels, outlets["O2"], "D2", 20, 50000, 30000)
    make_delivery(brussels, outlets["O3"], "D3", 5, 15000, 9000)
    db_session.add(
        ServiceVisit(
            distributor_id=brussels.id,
            outlet_id=outlets["O3"].id,
            kind="repair",
            started_at=at(14),
            finished_at=at(14, 30),
            labour_minutes=30,
            parts_cost_minor=750,
            outcome="fixed",
            external_ref="V1",
        )
    )
    db_session.commit()
    return {"distributor": brussels, "outlets": outlets}


@pytest.fixture
def costed_world(small_world, db_session):
    """The hand-worked distributor with route R1 recorded."""
    from dsd.costing_service.routes import ingest_routes, records_from_batch

    ingest_routes(small_world["distributor"], records_from_batch([route_row()]))
    db_session.commit()
    return small_world
