"""Every operation of the OpenAPI document refuses the wrong callers.

The document itself is the list of operations, so an endpoint added later is
checked without touching this test: each must declare its roles (``x-roles``)
and refuse an anonymous caller, every other role, and callers of another
distributor.
"""

import re

import pytest

ROLES = ("admin", "dispatcher", "driver", "technician", "finance")
PUBLIC = {("post", "/api/v1/auth/token")}
# Bodies that aim an operation outside a distributor's URL at distributor A.
AIMED_AT_A = {
    ("post", "/api/v1/users"): {
        "email": "new.driver@example.test",
        "role": "driver",
        "distributor": "AAA",
        "password": "long-enough-1",
    }
}


@pytest.fixture
def world(app, make_distributor, make_user, db_session):
    """Distributor A with one record of each kind, distributor B with its staff."""
    from datetime import time

    from dsd.models import Territory, Vehicle

    a = make_distributor("AAA")
    b = make_distributor("BBB")
    a_users = {role: make_user(role, a) for role in ROLES}
    b_users = {role: make_user(role, b) for role in ROLES}
    vehicle = Vehicle(
        distributor_id=a.id,
        code="A-T1",
        capacity_cases=300,
        shift_start=time(6),
        shift_end=time(15),
        fixed_cost_minor=5000,
        cost_per_km=1,
        cost_per_hour=20,
    )
    territory = Territory(
        distributor_id=a.id,
        name="A-Centre",
        polygon={
            "type": "Polygon",
            "coordinates": [[[4.3, 50.8], [4.4, 50.8], [4.4, 50.9], [4.3, 50.8]]],
        },
    )
    db_session.add_all([vehicle, territory])
    db_session.commit()
    ids = {
        "distributor_code": a.code,
        "vehicle_id": vehicle.id,
        "territory_id": territory.id,
        "user_id": a_users["driver"].id,
    }
    ids.update(_more_records(a, db_session))
    return {"a": a, "a_users": a_users, "b_users": b_users, "ids": ids}


def _more_records(distributor, db_session) -> dict:
    """Records of kinds added after the first release; found by their tables."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from dsd.models import (
        Outlet,
        Plan,
        PlanCandidate,
        RateCard,
        ServiceRequest,
        ServiceVisit,
        TechnicianPlan,
        TechnicianStop,
        Vehicle,
        VehicleRate,
        VisitPhoto,
    )

    plan = Plan(distributor_id=distributor.id, service_date=date(2026, 3, 2))
    outlet = Outlet(
        distributor_id=distributor.id,
        external_code="A-O1",
        name="Kiosk A",
        lon=4.35,
        lat=50.85,
        channel="kiosk",
        size_band="S",
    )
    rate_card = RateCard(
        distributor_id=distributor.id,
        effective_from=date(2001, 1, 1),
        cost_per_stop_minor=100,
        picking_per_case=Decimal("0.1"),
        handling_per_case=Decimal("0.1"),
        technician_rate_per_hour=Decimal("30"),
        visit_callout_minor=1000,
        annual_cost_of_capital=Decimal("0.1"),
        standard_stop_minutes=Decimal("10"),
        minutes_per_case=Decimal("1"),
        standard_route_cost_per_stop_minor=1500,
    )
    db_session.add_all([outlet, plan, rate_card])
    db_session.flush()
    vehicle = db_session.query(Vehicle).filter_by(distributor_id=distributor.id).one()
    vehicle_rate = VehicleRate(
        vehicle_id=vehicle.id,
        effective_from=date(2026, 1, 1),
        fixed_per_day_minor=5000,
        cost_per_km=Decimal("1"),
        cost_per_hour=Decimal("20"),
    )
    db_session.add(vehicle_rate)
    db_session.commit()
    candidate = PlanCandidate(
        plan_id=plan.id, outlet_id=outlet.id, drop_cases=5, projected_stock=0
    )
    request = ServiceRequest(
        distributor_id=distributor.id,
        outlet_id=outlet.id,
        kind="repair",
        window_start=datetime(2026, 3, 2, 8, tzinfo=UTC),
        window_end=datetime(2026, 3, 2, 16, tzinfo=UTC),
        expected_minutes=30,
        priority="normal",
    )
    technician_plan = TechnicianPlan(
        distributor_id=distributor.id, service_date=date(2026, 3, 2)
    )
    visit = ServiceVisit(
        distributor_id=distributor.id,
        outlet_id=outlet.id,
        kind="repair",
        external_ref="A-V1",
    )
    db_session.add_all([candidate, request, technician_plan, visit])
    db_session.flush()
    stop = TechnicianStop(plan_id=technician_plan.id, request_id=request.id)
    photo = VisitPhoto(
        distributor_id=distributor.id,
        service_visit_id=visit.id,
        content_type="image/png",
        size_bytes=8,
        data=b"\x89PNG\r\n\x1a\n",
    )
    db_session.add_all([stop, photo])
    db_session.commit()
    return {
        "outlet_id": outlet.id,
        "plan_id": plan.id,
        "rate_card_id": rate_card.id,
        "vehicle_rate_id": vehicle_rate.id,
        "stop_id": candidate.id,
        "visit_id": stop.id,
        "technician_plan_id": technician_plan.id,
        "photo_id": photo.id,
    }


def _operations(client):
    document = client.get("/api/openapi.json").get_json()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                yield method, path, operation


def _url(path: str, ids: dict) -> str:
    def fill(match):
        name = match.group(1)
        assert name in ids, f"the access test needs a record for {{{name}}}"
        return str(ids[name])

    return re.sub(r"\{(\w+)\}", fill, path)


def _call(client, method, url, headers=None, body=None):
    return client.open(
        url, method=method.upper(), json=body or {}, headers=headers or {}
    )


def test_every_operation_declares_its_roles(client):
    missing = [
        f"{method.upper()} {path}"
        for method, path, operation in _operations(client)
        if (method, path) not in PUBLIC and not operation.get("x-roles")
    ]

    assert missing == []


def test_every_operation_refuses_anonymous_callers(client, world):
    for method, path, _ in _operations(client):
        if (method, path) in PUBLIC:
            continue
        response = _call(client, method, _url(path, world["ids"]))
        assert response.status_code == 401, f"{method.upper()} {path}"


def test_every_operation_refuses_the_wrong_roles(client, world, auth):
    for method, path, operation in _operations(client):
        if (method, path) in PUBLIC:
            continue
        for role in set(ROLES) - set(operation["x-roles"]):
            headers = auth.headers(world["a_users"][role])
            response = _call(client, method, _url(path, world["ids"]), headers)
            assert response.status_code == 403, f"{role}: {method.upper()} {path}"


def test_every_operation_refuses_callers_of_another_distributor(client, world, auth):
    a = world["a"]
    for method, path, operation in _operations(client):
        if (method, path) in PUBLIC:
            continue
        for role in operation["x-roles"]:
            headers = auth.headers(world["b_users"][role])
            body = AIMED_AT_A.get((method, path))
            response = _call(client, method, _url(path, world["ids"]), headers, body)
            where = f"{role} of BBB: {method.upper()} {path}"
            if response.status_code == 200 and method == "get" and "{" not in path:
                # A list outside a distributor's URL: A's records must not show.
                text = response.get_data(as_text=True)
                assert a.code not in text, where
                assert ".aaa@" not in text, where
            else:
                assert response.status_code in (403, 404), where
