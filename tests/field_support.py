"""Field fixtures: two drivers' published routes and two technicians' days.

The plans are written straight into the tables (no solve), for today's local
date, so the phone's instants can be real ones: a few minutes before now.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dsd.localtime import local_day
from dsd.models import (
    Asset,
    Delivery,
    Outlet,
    Plan,
    PlanCandidate,
    PlanRoute,
    ReceivingWindow,
    ServiceRequest,
    TechnicianPlan,
    TechnicianRoute,
    TechnicianStop,
    Vehicle,
)

DEPOT = (4.3517, 50.8503)
ZONE = "Europe/Brussels"


def local_today():
    return datetime.now(ZoneInfo(ZONE)).date()


def _base() -> datetime:
    now = datetime.now(UTC).replace(microsecond=0)
    day_start, _ = local_day(local_today(), ZONE)
    return max(day_start, now - timedelta(hours=1))


# Fixed once, so that a resent entry carries exactly the instants it first had.
BASE_INSTANT = _base()


def field_instant(minutes: int) -> datetime:
    """An instant ``minutes`` after a base within the last hour of today (local)."""
    return BASE_INSTANT + timedelta(minutes=minutes)


def iso(instant: datetime) -> str:
    return instant.astimezone(ZoneInfo(ZONE)).isoformat()


@dataclass
class FieldWorld:
    distributor: object
    drivers: list
    technicians: list
    dispatcher: object
    stops: dict  # driver index -> plan candidates in order
    visits: dict  # technician index -> technician stops in order
    outlets: list


def _outlet(distributor, code, north_deg):
    """An outlet due north of the depot, so path lengths are meridian arcs."""
    return Outlet(
        distributor_id=distributor.id,
        external_code=code,
        name=f"Outlet {code}",
        address=f"{code} Street 1",
        lon=DEPOT[0],
        lat=DEPOT[1] + north_deg,
        channel="grocery",
        size_band="M",
        receiving_windows=[ReceivingWindow(opens_at=time(7), closes_at=time(12))],
    )


@pytest.fixture
def field_world(make_distributor, make_user, db_session) -> FieldWorld:
    distributor = make_distributor("BRU", depot_lon=DEPOT[0], depot_lat=DEPOT[1])
    drivers = [
        make_user("driver", distributor, email=f"driver{n}@bru.test") for n in (1, 2)
    ]
    technicians = [
        make_user("technician", distributor, email=f"tech{n}@bru.test") for n in (1, 2)
    ]
    dispatcher = make_user("dispatcher", distributor)
    outlets = [_outlet(distributor, f"O{n}", 0.01 * n) for n in (1, 2, 3, 4)]
    db_session.add_all(outlets)
    db_session.flush()

    day = local_today()
    # Ten deliveries of 10 cases at 15.00 a case net, 11.00 cost of goods.
    for outlet in outlets:
        for week in range(10):
            db_session.add(
                Delivery(
                    distributor_id=distributor.id,
                    outlet_id=outlet.id,
                    delivered_on=day - timedelta(days=7 * week + 2),
                    status="delivered",
                    cases=10,
                    net_revenue_minor=15000,
                    cost_of_goods_minor=11000,
                    external_ref=f"hist-{outlet.external_code}-{week}",
                )
            )

    trucks = [
        Vehicle(
            distributor_id=distributor.id,
            code=f"T{n}",
            capacity_cases=200,
            shift_start=time(0, 1),
            shift_end=time(23, 59),
            fixed_cost_minor=5000,
            cost_per_km=1,
            cost_per_hour=20,
            driver_id=driver.id,
        )
        for n, driver in enumerate(drivers, start=1)
    ]
    db_session.add_all(trucks)
    plan = Plan(
        distributor_id=distributor.id,
        service_date=day,
        status="published",
        settings={"circuity": 1.35, "speed_kmh": 30.0},
    )
    db_session.add(plan)
    db_session.flush()
    stops = {}
    day_start, _ = local_day(day, ZONE)
    for index, (truck, pair) in enumerate(
        zip(trucks, (outlets[:2], outlets[2:]), strict=True)
    ):
        route = PlanRoute(plan_id=plan.id, vehicle_id=truck.id)
        db_session.add(route)
        db_session.flush()
        stops[index] = []
        for sequence, outlet in enumerate(pair):
            candidate = PlanCandidate(
                plan_id=plan.id,
                outlet_id=outlet.id,
                route_id=route.id,
                sequence=sequence,
                must_visit=True,
                drop_cases=12,
                projected_stock=1.0,
                value_minor=0,
                arrival_at=day_start + timedelta(hours=8, minutes=30 * sequence),
            )
            db_session.add(candidate)
            stops[index].append(candidate)

    asset = Asset(
        distributor_id=distributor.id,
        outlet_id=outlets[0].id,
        kind="cooler",
        serial_number="C-1",
    )
    db_session.add(asset)
    db_session.flush()
    tplan = TechnicianPlan(
        distributor_id=distributor.id, service_date=day, status="published"
    )
    db_session.add(tplan)
    db_session.flush()
    visits = {}
    for index, technician in enumerate(technicians):
        route = TechnicianRoute(
            plan_id=tplan.id,
            technician_id=technician.id,
            shift_start=time(8),
            shift_end=time(17),
            distance_m=0,
        )
        db_session.add(route)
        db_session.flush()
        request = ServiceRequest(
            distributor_id=distributor.id,
            outlet_id=outlets[index].id,
            asset_id=asset.id if index == 0 else None,
            kind="repair",
            window_start=day_start + timedelta(hours=8),
            window_end=day_start + timedelta(hours=17),
            expected_minutes=45,
            priority="high",
            status="planned",
        )
        db_session.add(request)
        db_session.flush()
        stop = TechnicianStop(
            plan_id=tplan.id,
            request_id=request.id,
            route_id=route.id,
            sequence=0,
            arrival_at=day_start + timedelta(hours=9),
        )
        db_session.add(stop)
        visits[index] = [stop]
    db_session.commit()
    return FieldWorld(
        distributor, drivers, technicians, dispatcher, stops, visits, outlets
    )


BASE = "/api/v1/distributors/BRU/field"


class FieldClient:
    """Sends field writes as a user, each with a fresh or a given submission id."""

    def __init__(self, client, headers):
        self.client = client
        self.headers = headers
        self.count = 0

    def key(self) -> str:
        self.count += 1
        return f"test-{id(self)}-{self.count}"

    def post(self, path: str, body: dict, key: str | None = None):
        body = {"submission_id": key or self.key(), **body}
        return self.client.post(BASE + path, json=body, headers=self.headers)

    def get(self, path: str):
        return self.client.get(BASE + path, headers=self.headers)

    def arrive(self, stop, minutes, key=None):
        return self.post(
            f"/stops/{stop.id}/arrival",
            {"arrived_at": iso(field_instant(minutes))},
            key,
        )

    def drop(self, stop, minutes, key=None, **outcome):
        return self.post(
            f"/stops/{stop.id}/drop",
            {"departed_at": iso(field_instant(minutes)), **outcome},
            key,
        )


@pytest.fixture
def field_as(client, auth):
    def make(user) -> FieldClient:
        return FieldClient(client, auth.headers(user))

    return make
