"""What the phone records changes the next cost-to-serve run's outlet figures.

Rates (worked by hand below): stop 2.00, picking 0.10 and handling 0.05 per
case, technician 30.00 an hour, call-out 15.00, no cost of capital; truck T1
60.00 a day, 0.50 per km, 24.00 an hour.

Driver 1: O1 (0.01 deg north of the depot) arrived at t, partial drop of 4
cases at t+10 min; O2 (0.02 deg north) arrived at t+15, failed (closed) at
t+20; back at the depot at t+30 with 6 km on the odometer. The truck left the
depot 1.50113 km / 30 km/h = 3.0023 min before t, so M = 33.0023 min.

Route pool: fixed 60.00 + 6 km x 0.50 = 3.00 + 33.0023 min x 24/60 = 13.20,
P = 76.20. Stop time S = (60.00 + 13.20) x 15 / 33.0023 = 33.27, split 10:5 =
22.18 and 11.09; travel V = P - S = 42.93.

Technician 1 at O1: 50 min (25.00 labour), call-out 15.00, parts 42.50.
"""

from datetime import timedelta
from decimal import Decimal

import pytest

from dsd.models import RateCard, VehicleRate
from tests.field_support import field_instant, iso, local_today


@pytest.fixture
def rates(field_world, db_session):
    distributor = field_world.distributor
    since = local_today() - timedelta(days=30)
    truck = field_world.stops[0][0].route.vehicle
    db_session.add_all(
        [
            RateCard(
                distributor_id=distributor.id,
                effective_from=since,
                cost_per_stop_minor=200,
                picking_per_case=Decimal("0.10"),
                handling_per_case=Decimal("0.05"),
                technician_rate_per_hour=Decimal("30"),
                visit_callout_minor=1500,
                annual_cost_of_capital=Decimal("0"),
                standard_stop_minutes=Decimal("10"),
                minutes_per_case=Decimal("1"),
                standard_route_cost_per_stop_minor=2000,
            ),
            VehicleRate(
                vehicle_id=truck.id,
                effective_from=since,
                fixed_per_day_minor=6000,
                cost_per_km=Decimal("0.50"),
                cost_per_hour=Decimal("24"),
            ),
        ]
    )
    db_session.commit()


def _cost_today(world):
    from dsd.costing_service.run import cost_period

    day = local_today()
    return cost_period(world.distributor, day, day)


def _record_the_day(world, field_as):
    driver = field_as(world.drivers[0])
    first, second = world.stops[0]
    driver.arrive(first, 0)
    driver.drop(first, 10, status="partial", cases=4, failure_reason="refused")
    driver.arrive(second, 15)
    driver.drop(second, 20, status="failed", failure_reason="closed")
    back = driver.post(
        "/route/return",
        {
            "service_date": str(local_today()),
            "returned_at": iso(field_instant(30)),
            "driven_km": "6",
        },
    )
    assert back.status_code == 200, back.get_json()

    technician = field_as(world.technicians[0])
    visit = world.visits[0][0]
    technician.post(f"/visits/{visit.id}/start", {"started_at": iso(field_instant(0))})
    finish = technician.post(
        f"/visits/{visit.id}/finish",
        {
            "finished_at": iso(field_instant(50)),
            "outcome": "fixed",
            "parts": [{"name": "compressor relay", "cost": "42.50"}],
        },
    )
    assert finish.status_code == 200, finish.get_json()


def test_outlet_figures_change_with_what_the_phone_records(
    field_world, field_as, rates
):
    before = _cost_today(field_world)
    assert before.outlet("O1").pnl.net_revenue == 0
    assert before.outlet("O2").pnl.stop_admin == 0

    _record_the_day(field_world, field_as)
    after = _cost_today(field_world)

    o1, o2 = after.outlet("O1").pnl, after.outlet("O2").pnl
    # The partial drop: 4 cases at the outlet's 15.00 and 11.00 a case.
    assert (o1.cases, o1.net_revenue, o1.cost_of_goods) == (4, 6000, 4400)
    assert (o1.picking, o1.handling, o1.stop_admin) == (40, 20, 200)
    assert (o1.technician_labour, o1.callout, o1.parts) == (2500, 1500, 4250)
    # The failed drop: no cases, no money, but the truck went there.
    assert (o2.cases, o2.net_revenue, o2.picking) == (0, 0, 0)
    assert o2.stop_admin == 200
    # The route pool, split by dwell (stop time) and depot distance (travel).
    assert (o1.route_stop_time, o2.route_stop_time) == (2218, 1109)
    assert o1.route_travel + o2.route_travel == 4293
    assert o2.route_travel > o1.route_travel
    assert after.reconciliation.route_pools == 7620
    # Both dwells were recorded, so neither outlet's cost is an estimate.
    assert not after.outlet("O1").estimated
    assert not after.outlet("O2").estimated
